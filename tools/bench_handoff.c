// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-bench-handoff: what it costs to pass control from one thread to
 * another, measured side by side in one run:
 *
 *   futex      two threads, each sleeping on its own futex word (the
 *              plain per-thread futex handoff)
 *   semaphore  the same with POSIX semaphores
 *   ctl        the controlled scheduler switching at every scheduling point
 *              of 2 (or N) threads doing nothing but scheduling points
 *
 * Prints ns per handoff and the ratio of ctl to futex.
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

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

static double bench_ctl(long n, unsigned int threads, u64 *switches)
{
	struct ctl_strategy *s = ctl_strategy_random(1, 1000);
	struct ctl_config cfg = {
		.nr_threads = threads, .strategy = s, .thread_fn = ctl_body,
	};
	struct ctl_stats st;
	double t0;

	points_per_thread = n / threads;
	t0 = now();
	ctl_run(&cfg, &st, NULL, 0);
	t0 = now() - t0;
	s->ops->destroy(s);
	*switches = st.switches;
	return st.switches ? t0 / (double)st.switches * 1e9 : 0;
}

int main(int argc, char **argv)
{
	long n = 200000;
	u64 sw2, swn;
	double f, s, c2, cn;
	unsigned int nthreads = 8;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: tmigr-bench-handoff [HANDOFFS] [THREADS]\n"
		       "Cost of one handoff: futex and semaphore ping-pong against the\n"
		       "controlled scheduler (2 and THREADS threads, default 200000, 8).\n");
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
	c2 = bench_ctl(n, 2, &sw2);
	cn = bench_ctl(n, nthreads, &swn);

	printf("handoff cost, %ld handoffs each, %ld online CPUs\n", n, sysconf(_SC_NPROCESSORS_ONLN));
	printf("  futex ping-pong       %8.0f ns\n", f);
	printf("  semaphore ping-pong   %8.0f ns\n", s);
	printf("  ctl, 2 threads        %8.0f ns  (%llu switches)  ratio to futex %.2f\n", c2,
	       (unsigned long long)sw2, c2 / f);
	printf("  ctl, %u threads       %8.0f ns  (%llu switches)  ratio to futex %.2f\n", nthreads, cn,
	       (unsigned long long)swn, cn / f);
	return 0;
}
