/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: tick_nohz_full_cpu() is the environment's nohz_full= knob (core/env/kapi.h); the tick CPU is CPU 0 for good, so only CPU 0 with nohz_full= is not tick_nohz_cpu_hotpluggable(). */
#ifndef KSHIM_LINUX_TICK_H
#define KSHIM_LINUX_TICK_H

#include "../../../rt/types.h"
#include "../../../env/kapi.h"

static inline bool tick_nohz_full_cpu(int cpu)
{
	return env_cpu_nohz_full((unsigned int)cpu);
}

/* tick_nohz_full_running: the knob makes every CPU but CPU 0 nohz_full; there are at least 2. */
static inline bool tick_nohz_full_enabled(void)
{
	return env_cpu_nohz_full(1);
}

/*
 * The timekeeping duty (tick_do_timer_cpu) never leaves CPU 0 here, and
 * with nohz_full= the kernel keeps it where it is too: that CPU must stay,
 * so tmigr_isolated_exclude_cpumask() never excludes it.
 */
static inline bool tick_nohz_cpu_hotpluggable(unsigned int cpu)
{
	return !(tick_nohz_full_enabled() && cpu == 0);
}

#endif
