/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: arch_scale_cpu_capacity() is SCHED_CAPACITY_SCALE for every CPU (a homogeneous machine: one capacity, so one tmigr hierarchy). */
#ifndef KSHIM_LINUX_SCHED_TOPOLOGY_H
#define KSHIM_LINUX_SCHED_TOPOLOGY_H

#include <linux/topology.h>

#define SCHED_CAPACITY_SHIFT	10
#define SCHED_CAPACITY_SCALE	(1L << SCHED_CAPACITY_SHIFT)

static inline unsigned long arch_scale_cpu_capacity(int cpu)
{
	(void)cpu;
	return SCHED_CAPACITY_SCALE;
}

#endif
