/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: HK_TYPE_DOMAIN follows the environment's isolcpus= knob, HK_TYPE_KERNEL_NOISE its nohz_full= knob (core/env/kapi.h); every other type keeps every CPU. */
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
 * Like a kernel booted with the environment's isolcpus=domain,LIST and
 * nohz_full= (every CPU but CPU 0, or none). Newer trees then exclude from
 * the hierarchy the isolated CPUs that are not nohz_full: at boot in
 * tmigr_init_isolation(), and again whenever one comes online.
 */
static inline bool housekeeping_cpu(int cpu, enum hk_type type)
{
	switch (type) {
	case HK_TYPE_DOMAIN:
		return !env_cpu_isolated((unsigned int)cpu);
	case HK_TYPE_KERNEL_NOISE:
		return !tick_nohz_full_cpu(cpu);
	default:
		return true;
	}
}

/* A type is enabled when its boot option took a CPU away; asked at init only. */
static inline bool housekeeping_enabled(enum hk_type type)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (!housekeeping_cpu((int)cpu, type))
			return true;
	return false;
}

static inline const struct cpumask *housekeeping_cpumask(enum hk_type type)
{
	static struct cpumask hk[HK_TYPE_MAX];
	struct cpumask *mask = &hk[type];

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu < nr_cpu_ids && housekeeping_cpu((int)cpu, type))
			cpumask_set_cpu(cpu, mask);
		else
			cpumask_clear_cpu(cpu, mask);
	}
	return mask;
}

#endif
