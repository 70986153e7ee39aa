/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: no isolcpus= (HK_TYPE_DOMAIN keeps every CPU); HK_TYPE_KERNEL_NOISE follows the environment's nohz_full= knob (core/env/kapi.h). */
#ifndef KSHIM_LINUX_SCHED_ISOLATION_H
#define KSHIM_LINUX_SCHED_ISOLATION_H

/* What the kernel's <linux/sched/isolation.h> brings along for tmigr. */
#include <linux/cpumask.h>
#include <linux/jump_label.h>
#include <linux/tick.h>
#include <linux/sched/topology.h>
#include "../../../../env/kapi.h"

enum hk_type {
	HK_TYPE_DOMAIN,
	HK_TYPE_MANAGED_IRQ,
	HK_TYPE_KERNEL_NOISE,
	HK_TYPE_MAX,
	HK_TYPE_TICK = HK_TYPE_KERNEL_NOISE,
	HK_TYPE_TIMER = HK_TYPE_KERNEL_NOISE,
};

/*
 * Like a kernel booted without isolcpus= and with the environment's
 * nohz_full= (every CPU but CPU 0, or none): tmigr_is_isolated() of newer
 * trees is then false for every CPU (nohz_full CPUs stay in the hierarchy),
 * and tmigr_isolated_exclude_cpumask() never excludes a nohz_full CPU.
 */
static inline bool housekeeping_enabled(enum hk_type type)
{
	/* The knob makes every CPU but CPU 0 nohz_full; there are at least 2. */
	return type == HK_TYPE_KERNEL_NOISE && env_cpu_nohz_full(1);
}

static inline bool housekeeping_cpu(int cpu, enum hk_type type)
{
	return type != HK_TYPE_KERNEL_NOISE || !env_cpu_nohz_full((unsigned int)cpu);
}

static inline const struct cpumask *housekeeping_cpumask(enum hk_type type)
{
	static struct cpumask hk;

	if (type != HK_TYPE_KERNEL_NOISE)
		return cpu_possible_mask;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu < nr_cpu_ids && !env_cpu_nohz_full(cpu))
			cpumask_set_cpu(cpu, &hk);
		else
			cpumask_clear_cpu(cpu, &hk);
	}
	return &hk;
}

#endif
