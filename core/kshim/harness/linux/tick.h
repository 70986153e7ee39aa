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

/* The environment's rule (core/env/topology.c): CPU 0 under nohz_full=. */
static inline bool tick_nohz_cpu_hotpluggable(unsigned int cpu)
{
	return env_tick_cpu_hotpluggable(cpu);
}

#endif
