/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: arch_scale_cpu_capacity() is the environment's capacity of the CPU (core/env/kapi.h): SCHED_CAPACITY_SCALE, or half of it for the CPUs of its 'little' knob (one tmigr hierarchy per capacity in trees that have them). */
#ifndef KSHIM_LINUX_SCHED_TOPOLOGY_H
#define KSHIM_LINUX_SCHED_TOPOLOGY_H

#include <linux/topology.h>
#include "../../../../env/kapi.h"

#define SCHED_CAPACITY_SHIFT	10
#define SCHED_CAPACITY_SCALE	(1L << SCHED_CAPACITY_SHIFT)

_Static_assert(SCHED_CAPACITY_SCALE == ENV_CAPACITY_SCALE, "one capacity scale");

static inline unsigned long arch_scale_cpu_capacity(int cpu)
{
	return env_cpu_capacity(cpu);
}

#endif
