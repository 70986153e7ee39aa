// SPDX-License-Identifier: GPL-2.0-only
/*
 * Free mode's clock event devices. An idle CPU's programmed wakeup
 * (ts->hw_next, or the next jiffy while its tick runs) is a hardware timer
 * in the kernel: it interrupts the CPU when it expires. Here the CPU's
 * thread may sleep in its idle loop, so whoever moves the virtual clock past
 * a sleeper's wakeup must ring its doorbell.
 *
 * Sleepers are hashed by the jiffy of their wakeup into a wheel of buckets,
 * each with its own lock; an advance of the clock visits the buckets of the
 * jiffies it passed (all of them once if it passed more than a turn) and
 * rings the sleepers now due. Controlled and sequential runs never sleep
 * here, so for them an advance costs one extra load.
 *
 * Ordering: a sleeper links itself, counts itself in nr_sleepers and then
 * reads the clock; an advancer moves the clock and then reads nr_sleepers.
 * All four are sequentially consistent, so either the sleeper sees the new
 * time (and does not sleep) or the advancer sees the sleeper (and the
 * bucket lock makes its link visible).
 */
#include "env_internal.h"

#define CE_WHEEL_SIZE	256

struct ce_bucket {
	pthread_mutex_t		lock;
	struct list_head	sleepers;
};

static struct ce_bucket ce_wheel[CE_WHEEL_SIZE];
static unsigned int nr_sleepers;	/* atomic */

static unsigned int ce_bucket_of(u64 t)
{
	return (unsigned int)((t / TICK_NSEC) % CE_WHEEL_SIZE);
}

/* No CPU thread may run. */
void env_clockevents_reset(void)
{
	static bool initialized;

	for (unsigned int b = 0; b < CE_WHEEL_SIZE; b++) {
		if (!initialized)
			pthread_mutex_init(&ce_wheel[b].lock, NULL);
		INIT_LIST_HEAD(&ce_wheel[b].sleepers);
	}
	initialized = true;
	__atomic_store_n(&nr_sleepers, 0, __ATOMIC_RELAXED);
	for (unsigned int cpu = 0; cpu < env.cfg.nr_cpus; cpu++)
		INIT_LIST_HEAD(&env_cpu(cpu)->ce.node);
}

static void ce_link(struct env_clockevent *ce, u64 wakeup)
{
	struct ce_bucket *b = &ce_wheel[ce_bucket_of(wakeup)];

	pthread_mutex_lock(&b->lock);
	ce->wakeup = wakeup;
	list_add_tail(&ce->node, &b->sleepers);
	pthread_mutex_unlock(&b->lock);
	__atomic_add_fetch(&nr_sleepers, 1, __ATOMIC_SEQ_CST);
}

/* Unlink unless an advancer did; the wakeup is ours, so is the bucket. */
static void ce_unlink(struct env_clockevent *ce)
{
	struct ce_bucket *b = &ce_wheel[ce_bucket_of(ce->wakeup)];

	pthread_mutex_lock(&b->lock);
	if (!list_empty(&ce->node))
		list_del_init(&ce->node);
	pthread_mutex_unlock(&b->lock);
	__atomic_sub_fetch(&nr_sleepers, 1, __ATOMIC_SEQ_CST);
}

void env_idle_sleep_since(u32 seen, u64 timeout_ns)
{
	unsigned int cpu = smp_processor_id();
	struct env_clockevent *ce = &env_cpu(cpu)->ce;
	u64 wakeup = env_cpu_next_event(cpu);

	if (wakeup <= rt_clock_now())
		return;
	if (wakeup == KTIME_MAX) {
		env_count(&env.stats.idle_sleeps);
		env_wait_event_since(seen, timeout_ns);
		return;
	}
	ce_link(ce, wakeup);
	if (__atomic_load_n(&rt_clock_ns, __ATOMIC_SEQ_CST) < wakeup) {
		env_count(&env.stats.idle_sleeps);
		env_wait_event_since(seen, timeout_ns);
	}
	ce_unlink(ce);
}

/* The clock moved from @from to @now: ring every sleeper due by @now. */
static void ce_fire(u64 from, u64 now)
{
	u64 first = from / TICK_NSEC, last = now / TICK_NSEC;
	u64 n = last - first + 1;

	if (!__atomic_load_n(&nr_sleepers, __ATOMIC_SEQ_CST))
		return;
	if (n > CE_WHEEL_SIZE)
		n = CE_WHEEL_SIZE;
	for (u64 j = first; j < first + n; j++) {
		struct ce_bucket *b = &ce_wheel[j % CE_WHEEL_SIZE];
		struct env_clockevent *ce, *tmp;

		pthread_mutex_lock(&b->lock);
		list_for_each_entry_safe(ce, tmp, &b->sleepers, node) {
			if (ce->wakeup > now)
				continue;
			list_del_init(&ce->node);
			env_count(&env.stats.clockevent_wakeups);
			env_ring_doorbell((unsigned int)(container_of(ce, struct env_cpu, ce) -
							 env.cpus));
		}
		pthread_mutex_unlock(&b->lock);
	}
}

u64 env_clock_advance(u64 delta)
{
	u64 now = rt_clock_advance(delta);

	ce_fire(now - delta, now);
	return now;
}

u64 env_clock_advance_to(u64 t)
{
	u64 from = rt_clock_now();
	u64 now = rt_clock_advance_to(t);

	if (now > from)
		ce_fire(from, now);
	return now;
}
