// SPDX-License-Identifier: GPL-2.0-only
/*
 * Free mode's clock event devices (core/env/clockevents.c): a CPU thread
 * asleep in its idle loop is woken when the virtual clock passes its
 * programmed wakeup, not before, and not only at its timeout.
 *
 * The sleeper is a real thread acting as CPU 1; the test's thread moves the
 * clock. Timeouts are 20 s, so "woken by the clock" is a join well before
 * that; "still asleep" is a check after 50 ms (it can only pass vacuously
 * on a host too slow to schedule the sleeper at all).
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define SLEEP_TIMEOUT_NS	(20 * NSEC_PER_SEC)

struct sleeper {
	pthread_t	thread;
	bool		asleep;		/* atomic: about to sleep */
	bool		done;		/* atomic */
	u64		wall_ns;	/* how long the sleep took */
};

static u64 wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

static void *sleeper_fn(void *arg)
{
	struct sleeper *s = arg;
	u64 start;
	u32 seen;

	rt_set_this_cpu(1);
	seen = env_doorbell();
	__atomic_store_n(&s->asleep, true, __ATOMIC_RELEASE);
	start = wall_now();
	env_idle_sleep_since(seen, SLEEP_TIMEOUT_NS);
	s->wall_ns = wall_now() - start;
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
	return NULL;
}

static void sleeper_start(struct sleeper *s)
{
	memset(s, 0, sizeof(*s));
	CHECK_EQ(pthread_create(&s->thread, NULL, sleeper_fn, s), 0);
	while (!__atomic_load_n(&s->asleep, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(50 * 1000);
}

static bool sleeper_done(struct sleeper *s)
{
	return __atomic_load_n(&s->done, __ATOMIC_ACQUIRE);
}

/* Join; true if the sleep ended well before its timeout. */
static bool sleeper_woken(struct sleeper *s)
{
	pthread_join(s->thread, NULL);
	return s->wall_ns < SLEEP_TIMEOUT_NS / 2;
}

/* Two CPUs; CPU 1 idle with only a pinned timer @ticks ahead: its wakeup. */
static u64 cpu1_idle_with_timer(unsigned long ticks)
{
	th_env(2, 1, 2);
	th_arm(1, 1, ticks);
	th_idle(1);
	th_as(0);
	CHECK_EQ(env_cpu_next_event(1), ticks * TICK_NSEC);
	return env_cpu_next_event(1);
}

static void test_clock_event_wakes_sleeper(void)
{
	u64 wakeup = cpu1_idle_with_timer(10);
	struct sleeper s;

	sleeper_start(&s);
	env_clock_advance(wakeup - 1);
	usleep(50 * 1000);
	CHECK(!sleeper_done(&s));
	env_clock_advance(1);
	CHECK(sleeper_woken(&s));
}

/* A wakeup more than a turn of the wheel ahead: passing its bucket early does not ring it. */
static void test_clock_event_far_wakeup(void)
{
	u64 wakeup = cpu1_idle_with_timer(1000);
	struct sleeper s;

	sleeper_start(&s);
	/* Each step crosses the bucket of the wakeup's jiffy (1000 % 256) a turn early. */
	env_clock_advance_to(300 * TICK_NSEC);
	env_clock_advance_to(700 * TICK_NSEC);
	env_clock_advance_to(999 * TICK_NSEC);
	usleep(50 * 1000);
	CHECK(!sleeper_done(&s));
	/* One jump over many turns ends at the wakeup exactly. */
	env_clock_advance_to(wakeup);
	CHECK(sleeper_woken(&s));
}

/* A wakeup already passed: no sleep at all. */
static void test_clock_event_already_due(void)
{
	struct sleeper s;

	cpu1_idle_with_timer(3);
	env_clock_advance(5 * TICK_NSEC);
	sleeper_start(&s);
	CHECK(sleeper_woken(&s));
}

/* Nothing programmed: only the doorbell (a post, an epoch) ends the sleep. */
static void test_no_wakeup_sleeps_until_doorbell(void)
{
	struct sleeper s;

	th_env(2, 1, 2);
	th_idle(1);
	th_as(0);
	CHECK_EQ(env_cpu_next_event(1), KTIME_MAX);
	sleeper_start(&s);
	env_clock_advance(100000 * TICK_NSEC);
	usleep(50 * 1000);
	CHECK(!sleeper_done(&s));
	env_ring_doorbell(1);
	CHECK(sleeper_woken(&s));
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_clock_event_wakes_sleeper),
		TH_CASE(test_clock_event_far_wakeup),
		TH_CASE(test_clock_event_already_due),
		TH_CASE(test_no_wakeup_sleeps_until_doorbell),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
