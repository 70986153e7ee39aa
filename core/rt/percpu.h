/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU variables as plain arrays indexed by CPU number, so that the
 * kernel's spelling works unchanged:
 *
 *   static DEFINE_PER_CPU(struct tmigr_cpu, tmigr_cpu);
 *   struct tmigr_cpu *tmc = per_cpu_ptr(&tmigr_cpu, cpu);
 *   struct tmigr_cpu *me  = this_cpu_ptr(&tmigr_cpu);
 */
#ifndef RT_PERCPU_H
#define RT_PERCPU_H

#include "cpu.h"

#define DEFINE_PER_CPU(type, name)	__typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name[NR_CPUS]

#define per_cpu_ptr(ptr, cpu)		(&(*(ptr))[(cpu)])
#define per_cpu(var, cpu)		((var)[(cpu)])
#define this_cpu_ptr(ptr)		per_cpu_ptr(ptr, rt_this_cpu())

#endif /* RT_PERCPU_H */
