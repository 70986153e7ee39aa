/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: struct cpumask and cpu_online_mask of the environment (core/env/kapi.h) with the kernel's cpumask operations, cpumask_var_t, cpu_possible_mask and nr_cpu_ids over the possible CPUs. */
#ifndef KSHIM_LINUX_CPUMASK_H
#define KSHIM_LINUX_CPUMASK_H

#include "../../../env/kapi.h"
#include "cleanup.h"

/*
 * Bits are read and written with relaxed atomics, not as scheduling
 * points: set_bit()/clear_bit() are atomic in the kernel, and the other
 * operations read a mask whose writers serialise elsewhere (tmigr's
 * available mask under its mutex, the online mask under hotplug).
 */
#define nr_cpu_ids		num_possible_cpus()
#define cpumask_size()		sizeof(struct cpumask)
#define cpumask_bits(m)		((m)->bits)

static inline unsigned long kshim_cpumask_word(const struct cpumask *m, unsigned int w)
{
	return __atomic_load_n(&m->bits[w], __ATOMIC_RELAXED);
}

static inline unsigned int kshim_cpumask_words(void)
{
	return (nr_cpu_ids + BITS_PER_LONG - 1) / BITS_PER_LONG;
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG], BIT(cpu % BITS_PER_LONG),
			  __ATOMIC_RELAXED);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG], ~BIT(cpu % BITS_PER_LONG),
			   __ATOMIC_RELAXED);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return kshim_cpumask_word(m, cpu / BITS_PER_LONG) & BIT(cpu % BITS_PER_LONG);
}

/* First CPU >= @start set in @a (and in @b when not NULL); nr_cpu_ids if none. */
static inline unsigned int kshim_cpumask_next_and(unsigned int start, const struct cpumask *a,
						  const struct cpumask *b)
{
	unsigned int nr = nr_cpu_ids;

	for (unsigned int cpu = start; cpu < nr; cpu++) {
		unsigned long w = kshim_cpumask_word(a, cpu / BITS_PER_LONG);

		if (b)
			w &= kshim_cpumask_word(b, cpu / BITS_PER_LONG);
		w >>= cpu % BITS_PER_LONG;
		if (!w) {
			cpu |= BITS_PER_LONG - 1;	/* next word */
			continue;
		}
		cpu += (unsigned int)__builtin_ctzl(w);
		return cpu < nr ? cpu : nr;
	}
	return nr;
}

#define cpumask_first(m)		kshim_cpumask_next_and(0, (m), NULL)
#define cpumask_first_and(a, b)		kshim_cpumask_next_and(0, (a), (b))
#define cpumask_next(n, m)		kshim_cpumask_next_and((unsigned int)((n) + 1), (m), NULL)
#define cpumask_any(m)			cpumask_first(m)
#define for_each_cpu(cpu, m)						\
	for ((cpu) = cpumask_first(m); (unsigned int)(cpu) < nr_cpu_ids;	\
	     (cpu) = cpumask_next((cpu), (m)))

#define __KSHIM_CPUMASK_OP(name, expr)						\
static inline bool name(struct cpumask *dst, const struct cpumask *a,		\
			const struct cpumask *b)				\
{										\
	unsigned long any = 0;							\
										\
	for (unsigned int w = 0; w < kshim_cpumask_words(); w++) {		\
		unsigned long x = kshim_cpumask_word(a, w);			\
		unsigned long y = kshim_cpumask_word(b, w);			\
										\
		__atomic_store_n(&dst->bits[w], (expr), __ATOMIC_RELAXED);	\
		any |= (expr);							\
	}									\
	return any != 0;							\
}
__KSHIM_CPUMASK_OP(cpumask_and, x & y)
__KSHIM_CPUMASK_OP(cpumask_andnot, x & ~y)
__KSHIM_CPUMASK_OP(cpumask_or, x | y)

static inline bool cpumask_empty(const struct cpumask *m)
{
	return cpumask_first(m) >= nr_cpu_ids;
}

/* All possible CPUs: 0 .. num_possible_cpus() - 1, as the environment has them. */
static inline const struct cpumask *kshim_cpu_possible_mask(void)
{
	static struct cpumask possible;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu < nr_cpu_ids)
			cpumask_set_cpu(cpu, &possible);
		else
			cpumask_clear_cpu(cpu, &possible);
	}
	return &possible;
}
#define cpu_possible_mask	kshim_cpu_possible_mask()
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)

/* As with CONFIG_CPUMASK_OFFSTACK: a pointer, allocated through the runtime (failure injection). */
typedef struct cpumask *cpumask_var_t;
#define CPUMASK_VAR_NULL	NULL

static inline bool alloc_cpumask_var(cpumask_var_t *mask, unsigned int flags)
{
	*mask = kzalloc(sizeof(struct cpumask), flags);
	return *mask != NULL;
}
#define zalloc_cpumask_var(mask, flags)	alloc_cpumask_var((mask), (flags))
#define free_cpumask_var(mask)		kfree(mask)

DEFINE_FREE(free_cpumask_var, struct cpumask *, if (_T) free_cpumask_var(_T))

#endif
