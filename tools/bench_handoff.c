// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-bench-handoff: what it costs to pass control from one thread to
 * another, measured side by side in one run:
 *
 *   futex      two threads, each sleeping on its own futex word (the
 *              plain per-thread futex handoff)
 *   semaphore  the same with POSIX semaphores
 *   fiber      two fibers switching to each other (the bare context switch
 *              of the fiber engine, sanitizer hooks included)
 *   ctl        the controlled scheduler switching at every scheduling point
 *              of 2 (or N) CPUs doing nothing but scheduling points, in the
 *              threads and in the fibers engine
 *
 * Prints ns per handoff and the ratios to futex and between the engines.
 */
#include <getopt.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "input_file.h"
#include "rt/rt.h"
#include "sched/ctl.h"
#include "sched/fiber.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * CPU time of the whole process: on a loaded machine a fiber run's wall
 * time is mostly waiting for a core, its CPU time is what it costs.
 */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_ns;	/* CPU ns per handoff of the last fiber measurement */

/* ---- futex ping-pong -------------------------------------------------------------- */

static u32 words[2];
static long rounds;

static void fwait(u32 *w)
{
	while (!__atomic_exchange_n(w, 0, __ATOMIC_ACQUIRE))
		syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
}

static void fwake(u32 *w)
{
	__atomic_store_n(w, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *futex_peer(void *arg)
{
	(void)arg;
	for (long i = 0; i < rounds; i++) {
		fwait(&words[1]);
		fwake(&words[0]);
	}
	return NULL;
}

static double bench_futex(long n)
{
	pthread_t t;
	double t0;

	rounds = n;
	words[0] = words[1] = 0;
	pthread_create(&t, NULL, futex_peer, NULL);
	t0 = now();
	for (long i = 0; i < n; i++) {
		fwake(&words[1]);
		fwait(&words[0]);
	}
	t0 = now() - t0;
	pthread_join(t, NULL);
	return t0 / (2.0 * (double)n) * 1e9;
}

/* ---- semaphore ping-pong -------------------------------------------------------------- */

static sem_t sems[2];

static void *sem_peer(void *arg)
{
	(void)arg;
	for (long i = 0; i < rounds; i++) {
		sem_wait(&sems[1]);
		sem_post(&sems[0]);
	}
	return NULL;
}

static double bench_sem(long n)
{
	pthread_t t;
	double t0;

	rounds = n;
	sem_init(&sems[0], 0, 0);
	sem_init(&sems[1], 0, 0);
	pthread_create(&t, NULL, sem_peer, NULL);
	t0 = now();
	for (long i = 0; i < n; i++) {
		sem_post(&sems[1]);
		sem_wait(&sems[0]);
	}
	t0 = now() - t0;
	pthread_join(t, NULL);
	sem_destroy(&sems[0]);
	sem_destroy(&sems[1]);
	return t0 / (2.0 * (double)n) * 1e9;
}

/* ---- bare fibers -------------------------------------------------------------------------- */

static struct fiber fib_main, fib_peer[2];
static long fib_rounds;

static void fib_body(void *arg)
{
	long me = (long)arg;

	for (;;) {
		for (long i = 0; i < fib_rounds; i++)
			fiber_switch(&fib_peer[me], &fib_peer[!me]);
		fiber_switch(&fib_peer[me], &fib_main);
	}
}

static double bench_fiber(long n)
{
	static bool made;
	double t0, c0;

	if (!made) {
		made = true;
		if (!fiber_create(&fib_peer[0], 64 << 10, fib_body, (void *)0L, "ping") ||
		    !fiber_create(&fib_peer[1], 64 << 10, fib_body, (void *)1L, "pong")) {
			fprintf(stderr, "tmigr-bench-handoff: cannot create fibers\n");
			exit(2);
		}
	}
	fiber_init_thread(&fib_main);
	/* ping switches n times, then goes to main; pong has switched n - 1 times. */
	fib_rounds = n;
	c0 = cpu_now();
	t0 = now();
	fiber_switch(&fib_main, &fib_peer[0]);
	t0 = now() - t0;
	cpu_ns = (cpu_now() - c0) / (double)n * 1e9;
	return t0 / (double)n * 1e9;
}

/* ---- the controlled scheduler ------------------------------------------------------------ */

static long points_per_thread;
static int shared_word;

static void ctl_body(unsigned int id, void *arg)
{
	(void)id;
	(void)arg;
	for (long i = 0; i < points_per_thread; i++)
		(void)READ_ONCE(shared_word);
}

static double bench_ctl(long n, unsigned int threads, enum ctl_engine engine, u64 *switches)
{
	struct ctl_strategy *s = ctl_strategy_random(1, 1000);
	struct ctl_config cfg = {
		.nr_threads = threads, .strategy = s, .thread_fn = ctl_body, .engine = engine,
	};
	struct ctl_stats st;
	double t0, c0;

	points_per_thread = n / threads;
	c0 = cpu_now();
	t0 = now();
	ctl_run(&cfg, &st, NULL, 0);
	t0 = now() - t0;
	cpu_ns = st.switches ? (cpu_now() - c0) / (double)st.switches * 1e9 : 0;
	s->ops->destroy(s);
	*switches = st.switches;
	return st.switches ? t0 / (double)st.switches * 1e9 : 0;
}

int main(int argc, char **argv)
{
	long n = 200000;
	u64 sw2, swn, fsw2, fswn;
	double f, s, b, c2, cn, f2, fn, bcpu, f2cpu, fncpu;
	unsigned int nthreads = 8;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: tmigr-bench-handoff [HANDOFFS] [THREADS]\n"
		       "Cost of one handoff: futex and semaphore ping-pong and a bare fiber\n"
		       "switch against the controlled scheduler in both engines (2 and\n"
		       "THREADS CPUs; defaults 200000, 8).\n");
		return 0;
	}
	if (argc > 1)
		n = (long)input_parse_u64(argv[1], "HANDOFFS", 1000, 100000000);
	if (argc > 2)
		nthreads = (unsigned int)input_parse_u64(argv[2], "THREADS", 2, 1024);

	/* Warm up, then measure back to back. */
	bench_futex(n / 10);
	f = bench_futex(n);
	s = bench_sem(n);
	bench_fiber(n / 10);
	b = bench_fiber(n);
	bcpu = cpu_ns;
	c2 = bench_ctl(n, 2, CTL_ENGINE_THREADS, &sw2);
	cn = bench_ctl(n, nthreads, CTL_ENGINE_THREADS, &swn);
	bench_ctl(n / 10, nthreads, CTL_ENGINE_FIBERS, &fswn);
	f2 = bench_ctl(n, 2, CTL_ENGINE_FIBERS, &fsw2);
	f2cpu = cpu_ns;
	fn = bench_ctl(n, nthreads, CTL_ENGINE_FIBERS, &fswn);
	fncpu = cpu_ns;

	printf("handoff cost, %ld handoffs each, %ld online CPUs\n", n, sysconf(_SC_NPROCESSORS_ONLN));
	printf("  futex ping-pong        %8.1f ns\n", f);
	printf("  semaphore ping-pong    %8.1f ns\n", s);
	printf("  bare fiber switch      %8.1f ns  (CPU time %.1f ns)\n", b, bcpu);
	printf("  ctl threads, 2 CPUs    %8.1f ns  (%llu switches)  ratio to futex %.2f\n", c2,
	       (unsigned long long)sw2, c2 / f);
	printf("  ctl threads, %u CPUs    %8.1f ns  (%llu switches)  ratio to futex %.2f\n", nthreads, cn,
	       (unsigned long long)swn, cn / f);
	printf("  ctl fibers, 2 CPUs     %8.1f ns  (%llu switches)  ratio to futex %.4f, to threads %.4f;"
	       " CPU time %.1f ns\n", f2, (unsigned long long)fsw2, f2 / f, f2 / c2, f2cpu);
	printf("  ctl fibers, %u CPUs     %8.1f ns  (%llu switches)  ratio to futex %.4f, to threads %.4f;"
	       " CPU time %.1f ns\n", nthreads, fn, (unsigned long long)fswn, fn / f, fn / cn, fncpu);
	return 0;
}
