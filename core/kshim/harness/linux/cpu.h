/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: guard(cpus_read_lock) holds the environment's hotplug lock for reading; finding a hotplug operation running is a WARN, never a wait. */
#ifndef KSHIM_LINUX_CPU_H
#define KSHIM_LINUX_CPU_H

#include <linux/bug.h>
#include <linux/cleanup.h>

/* The environment's reader side of cpu_hotplug_lock (core/env/cpuhp.c). */
bool cpus_read_trylock(void);
void cpus_read_unlock(void);

/*
 * The environment's hotplug lock has readers that only try (timers added
 * on other CPUs, core/env/timer.c). tmigr reads it only where no hotplug
 * runs (tmigr_isolated_exclude_cpumask() at late initcall), so a reader
 * that would have to block is reported, and then runs without the lock.
 */
typedef void *kshim_guard_cpus_read_lock_t;

static inline kshim_guard_cpus_read_lock_t kshim_guard_cpus_read_lock_init(void)
{
	bool locked = cpus_read_trylock();

	WARN_ON_ONCE(!locked);
	return locked ? (void *)1 : NULL;
}

static inline void kshim_guard_cpus_read_lock_exit(kshim_guard_cpus_read_lock_t *g)
{
	if (*g)
		cpus_read_unlock();
}

#endif
