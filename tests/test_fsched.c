// SPDX-License-Identifier: GPL-2.0-only
/*
 * The free fiber scheduler (tmigr-stress --engine fibers): every CPU runs
 * once with its own identity, a lock held by a switched-out fiber does not
 * stop its worker, preemption interleaves CPUs and stays away from spinlock
 * holders but not from mutex holders, sleepers wake on a wake or at their
 * deadline, a second run reuses the fibers, and the stall diagnosis names a
 * worker stuck in a CPU.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "sched/fsched.h"

#define MAXCPU	256

static int ran[MAXCPU];
static int identity_ok[MAXCPU];

static struct fsched_stats run(unsigned int cpus, unsigned int workers, unsigned int preempt,
			       void (*fn)(unsigned int, void *))
{
	struct fsched_config cfg = {
		.nr_cpus = cpus, .nr_workers = workers, .preempt = preempt, .seed = 7,
		.cpu_fn = fn,
	};
	struct fsched_stats st;

	CHECK_EQ(fsched_start(&cfg), 0);
	fsched_join();
	fsched_get_stats(&st);
	return st;
}

/* ---- identity ------------------------------------------------------------------------- */

static void cpu_identity(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	for (int i = 0; i < 20; i++) {
		fsched_yield();
		if (rt_this_cpu() != (int)cpu || !fsched_running_cpu())
			return;
	}
	__atomic_add_fetch(&ran[cpu], 1, __ATOMIC_RELAXED);
	__atomic_store_n(&identity_ok[cpu], 1, __ATOMIC_RELAXED);
}

static void test_every_cpu_once_with_its_identity(void)
{
	struct fsched_stats st;

	memset(ran, 0, sizeof(ran));
	memset(identity_ok, 0, sizeof(identity_ok));
	st = run(MAXCPU, 2, 0, cpu_identity);
	for (unsigned int c = 0; c < MAXCPU; c++) {
		CHECK_EQ(ran[c], 1);
		CHECK_EQ(identity_ok[c], 1);
	}
	/* 21 turns each at least: the first and one per yield. */
	CHECK(st.switches >= 21ull * MAXCPU);
	CHECK(!fsched_running_cpu());
}

/* A second run in the same process: the fibers start their function afresh. */
static void test_second_run_reuses_fibers(void)
{
	memset(ran, 0, sizeof(ran));
	run(64, 2, 3, cpu_identity);
	run(32, 1, 0, cpu_identity);
	for (unsigned int c = 0; c < 64; c++)
		CHECK_EQ(ran[c], c < 32 ? 2 : 1);
}

/* ---- locks ----------------------------------------------------------------------------- */

static DEFINE_MUTEX(held_mutex);
static DEFINE_RAW_SPINLOCK(count_lock);
static int inside, max_inside, total;

/*
 * CPU 0 takes the mutex and sleeps holding it (as a hotplug control CPU
 * waits for its AP); CPU 1, on the same worker, wants it. Blocking on the
 * mutex would stop the worker and CPU 0 with it.
 */
static void cpu_mutex_across_yield(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	if (cpu == 0) {
		mutex_lock(&held_mutex);
		for (int i = 0; i < 10; i++)
			fsched_yield();
		WRITE_ONCE(total, 1);
		mutex_unlock(&held_mutex);
	} else {
		mutex_lock(&held_mutex);
		WRITE_ONCE(total, READ_ONCE(total) * 10 + 2);
		mutex_unlock(&held_mutex);
	}
}

static void test_held_lock_does_not_stop_the_worker(void)
{
	struct fsched_stats st;

	total = 0;
	st = run(2, 1, 0, cpu_mutex_across_yield);
	/* CPU 1 entered after CPU 0 left: 1, then 12. */
	CHECK_EQ(total, 12);
	CHECK(st.contended > 0);
}

/* Many CPUs, preempted at every point they may be: the lock still excludes. */
static void cpu_count_under_lock(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	for (int i = 0; i < 200; i++) {
		raw_spin_lock(&count_lock);
		WRITE_ONCE(inside, READ_ONCE(inside) + 1);
		if (READ_ONCE(inside) > READ_ONCE(max_inside))
			WRITE_ONCE(max_inside, READ_ONCE(inside));
		WRITE_ONCE(total, READ_ONCE(total) + 1);
		WRITE_ONCE(inside, READ_ONCE(inside) - 1);
		raw_spin_unlock(&count_lock);
	}
}

static void test_lock_holders_not_preempted(void)
{
	struct fsched_stats st;

	total = inside = max_inside = 0;
	st = run(16, 1, 1, cpu_count_under_lock);
	CHECK_EQ(total, 16 * 200);
	CHECK_EQ(max_inside, 1);
	/* One worker, a preemption at every point outside the lock: never found held. */
	CHECK(st.preemptions > 0);
	CHECK_EQ(st.contended, 0);

	total = inside = max_inside = 0;
	run(16, 2, 1, cpu_count_under_lock);
	CHECK_EQ(total, 16 * 200);
	CHECK_EQ(max_inside, 1);
}

/* ---- preemption ------------------------------------------------------------------------ */

static int progress[2];
static int interleaved;

/* Two CPUs on one worker: does CPU 1 ever run while CPU 0 is half way? */
static void cpu_steps(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	for (int i = 1; i <= 100; i++) {
		WRITE_ONCE(progress[cpu], i);
		if (cpu == 1 && READ_ONCE(progress[0]) > 0 && READ_ONCE(progress[0]) < 100)
			WRITE_ONCE(interleaved, 1);
	}
}

static void test_preemption_interleaves(void)
{
	struct fsched_stats st;

	memset(progress, 0, sizeof(progress));
	interleaved = 0;
	st = run(2, 1, 4, cpu_steps);
	CHECK(st.preemptions > 10);
	CHECK_EQ(interleaved, 1);

	/* Never preempted: CPU 0 runs to its end before CPU 1 starts. */
	memset(progress, 0, sizeof(progress));
	interleaved = 0;
	st = run(2, 1, 0, cpu_steps);
	CHECK_EQ(st.preemptions, 0);
	CHECK_EQ(interleaved, 0);
}

/*
 * A mutex does not disable preemption: CPU 0 holds one (taken with
 * mutex_trylock(), as cpus_write_trylock() does) and spins until CPU 1, on
 * the same worker, sets a flag. The spin must be preempted for CPU 1 to
 * run (a hotplug control CPU spins so in the timer softirq).
 */
static int flag, saw_flag;

static void cpu_spin_holding_mutex(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	if (cpu == 0) {
		CHECK(mutex_trylock(&held_mutex));
		for (int i = 0; i < 100000 && !READ_ONCE(flag); i++)
			;
		WRITE_ONCE(saw_flag, READ_ONCE(flag));
		mutex_unlock(&held_mutex);
	} else {
		WRITE_ONCE(flag, 1);
	}
}

static void test_mutex_holder_is_preempted(void)
{
	struct fsched_stats st;

	flag = saw_flag = 0;
	st = run(2, 1, 2, cpu_spin_holding_mutex);
	CHECK_EQ(saw_flag, 1);
	CHECK(st.preemptions > 0);
}

/* ---- sleeping and waking ---------------------------------------------------------------- */

static u32 bell;
static int woke_after_post;
static u64 slept_ns;

static u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/*
 * CPU 0 sleeps on the bell for up to 10 s; CPU 1 (the other worker) rings
 * it. CPU 2 sleeps on a bell nobody rings, 3 ms.
 */
static void cpu_bell(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	if (cpu == 0) {
		while (!__atomic_load_n(&bell, __ATOMIC_ACQUIRE))
			fsched_wait(&bell, 0, 10 * NSEC_PER_SEC);
		woke_after_post = 1;
	} else if (cpu == 1) {
		__atomic_store_n(&bell, 1, __ATOMIC_RELEASE);
		fsched_wake(0);
	} else {
		static const u32 never;
		u64 t0 = mono_ns();

		fsched_wait(&never, 0, 3 * NSEC_PER_MSEC);
		slept_ns = mono_ns() - t0;
	}
}

static void test_sleep_wake_and_deadline(void)
{
	struct fsched_stats st;
	u64 t0 = mono_ns();

	bell = 0;
	woke_after_post = 0;
	slept_ns = 0;
	st = run(3, 2, 0, cpu_bell);
	CHECK_EQ(woke_after_post, 1);
	/* Woken by the ring, not by its 10 s deadline. */
	CHECK(mono_ns() - t0 < 5 * NSEC_PER_SEC);
	CHECK(slept_ns >= 3 * NSEC_PER_MSEC);
	CHECK(st.sleeps >= 1);
}

/* ---- the stall diagnosis ------------------------------------------------------------------ */

static int spinning, release_spin;

/* CPU 0 spins without a scheduling point, holding its worker; CPU 1 yields on. */
static void cpu_spin(unsigned int cpu, void *arg)
{
	(void)arg;
	rt_set_this_cpu((int)cpu);
	if (cpu == 0) {
		__atomic_store_n(&spinning, 1, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&release_spin, __ATOMIC_ACQUIRE))
			;
		return;
	}
	while (!__atomic_load_n(&release_spin, __ATOMIC_ACQUIRE))
		fsched_yield();
}

static void test_dump_names_the_fiber_a_worker_is_stuck_in(void)
{
	struct fsched_config cfg = { .nr_cpus = 3, .nr_workers = 2, .cpu_fn = cpu_spin };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK(f != NULL);
	spinning = release_spin = 0;
	CHECK_EQ(fsched_start(&cfg), 0);
	while (!__atomic_load_n(&spinning, __ATOMIC_ACQUIRE))
		sched_yield();
	fsched_dump(f);
	__atomic_store_n(&release_spin, 1, __ATOMIC_RELEASE);
	fsched_join();
	fclose(f);
	/*
	 * Worker 0 carries CPUs 0 and 2 and never leaves CPU 0. Worker 1
	 * switches, unless the host stalls its thread for 0.1 s: only its
	 * line is required.
	 */
	CHECK(strstr(text, "worker 0: inside CPU0 for 0.1 s and more (it holds 0 spinlocks)") != NULL);
	CHECK(strstr(text, "worker 1: ") != NULL);
	free(text);
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_every_cpu_once_with_its_identity),
		TH_CASE(test_second_run_reuses_fibers),
		TH_CASE(test_held_lock_does_not_stop_the_worker),
		TH_CASE(test_lock_holders_not_preempted),
		TH_CASE(test_mutex_holder_is_preempted),
		TH_CASE(test_preemption_interleaves),
		TH_CASE(test_sleep_wake_and_deadline),
		TH_CASE(test_dump_names_the_fiber_a_worker_is_stuck_in),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
