/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: no isolated CPUs: housekeeping_enabled() is false, housekeeping_cpu() true and housekeeping_cpumask() all possible CPUs, for every housekeeping type. */
#ifndef KSHIM_LINUX_SCHED_ISOLATION_H
#define KSHIM_LINUX_SCHED_ISOLATION_H

/* What the kernel's <linux/sched/isolation.h> brings along for tmigr. */
#include <linux/cpumask.h>
#include <linux/jump_label.h>
#include <linux/tick.h>
#include <linux/sched/topology.h>

enum hk_type {
	HK_TYPE_DOMAIN,
	HK_TYPE_MANAGED_IRQ,
	HK_TYPE_KERNEL_NOISE,
	HK_TYPE_MAX,
	HK_TYPE_TICK = HK_TYPE_KERNEL_NOISE,
	HK_TYPE_TIMER = HK_TYPE_KERNEL_NOISE,
};

/*
 * Like a kernel booted without isolcpus= or nohz_full=: the environment
 * has no isolated CPUs, so tmigr's isolation paths only run their
 * "nothing isolated" side.
 */
static inline bool housekeeping_enabled(enum hk_type type)
{
	(void)type;
	return false;
}

static inline bool housekeeping_cpu(int cpu, enum hk_type type)
{
	(void)cpu;
	(void)type;
	return true;
}

static inline const struct cpumask *housekeeping_cpumask(enum hk_type type)
{
	(void)type;
	return cpu_possible_mask;
}

#endif
