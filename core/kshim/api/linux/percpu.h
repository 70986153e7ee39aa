/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: per-CPU variables as in the kernel: one copy per CPU at a fixed stride, per_cpu_ptr()/this_cpu_ptr()/__this_cpu_read() on any address inside one, alloc_percpu()/free_percpu(). */
#ifndef KSHIM_LINUX_PERCPU_H
#define KSHIM_LINUX_PERCPU_H

#include "../../../rt/percpu.h"
#include "../../../rt/kernel.h"
#include "../../../env/kapi.h"
#include "cleanup.h"

/*
 * The runtime's per-CPU variables are arrays (core/rt/percpu.h), which the
 * model indexes. Kernel code also takes per-CPU addresses of members
 * (__this_cpu_read(tmigr_cpu.available)) and of allocations
 * (alloc_percpu()), so here, as in the kernel, every per-CPU object is
 * CPU 0's copy and CPU n's copy lies n * KSHIM_PCPU_UNIT bytes further:
 * one stride for every per-CPU object, whatever its type.
 */
#define KSHIM_PCPU_UNIT		512

#undef DEFINE_PER_CPU
#undef DECLARE_PER_CPU
#undef per_cpu_ptr
#undef per_cpu
#undef this_cpu_ptr

#define __percpu

/*
 * The variable's name is an alias of the first unit of its storage; the
 * "static" of "static DEFINE_PER_CPU(...)" applies to the name, the
 * storage is static anyway.
 */
#define DEFINE_PER_CPU(type, name)						\
	__typeof__(type) name __attribute__((alias("__kshim_pcpu_" #name)));	\
	static union __kshim_pcpu_##name {					\
		__typeof__(type)	v;					\
		char			unit[KSHIM_PCPU_UNIT];			\
	} __kshim_pcpu_##name[NR_CPUS] __attribute__((used));			\
	_Static_assert(sizeof(type) <= KSHIM_PCPU_UNIT, "per-CPU " #name " exceeds KSHIM_PCPU_UNIT")

/* Hides the object @ptr was derived from, as the kernel's RELOC_HIDE(). */
#define __kshim_pcpu_hide(ptr)							\
	({ __typeof__(ptr) __p = (ptr); __asm__("" : "+r"(__p)); __p; })

#define per_cpu_ptr(ptr, cpu)							\
	((__typeof__(ptr))((char *)__kshim_pcpu_hide(ptr) +			\
			   (size_t)(cpu) * KSHIM_PCPU_UNIT))
#define per_cpu(var, cpu)	(*per_cpu_ptr(&(var), (cpu)))
#define this_cpu_ptr(ptr)	per_cpu_ptr((ptr), rt_this_cpu())
#define raw_cpu_ptr(ptr)	this_cpu_ptr(ptr)
#define __this_cpu_read(pcp)	(*this_cpu_ptr(&(pcp)))
#define __this_cpu_write(pcp, val)	(*this_cpu_ptr(&(pcp)) = (val))

/* A per-CPU allocation: a unit for each possible CPU, zeroed; NULL if @size exceeds one. */
static inline void *kshim_alloc_percpu(size_t size)
{
	if (size > KSHIM_PCPU_UNIT)
		return NULL;
	return kcalloc(num_possible_cpus(), KSHIM_PCPU_UNIT, GFP_KERNEL);
}

#define alloc_percpu(type)	((type *)kshim_alloc_percpu(sizeof(type)))
#define free_percpu(ptr)	kfree(ptr)

DEFINE_FREE(free_percpu, void __percpu *, free_percpu(_T))

#endif
