/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "This CPU": every thread impersonates one CPU. The identity is a thread
 * local; the quiescent-point checker may impersonate CPUs one after the other
 * while all CPU threads are parked.
 *
 * Interrupt state is bookkeeping only: interrupts are delivered at well
 * defined points of a CPU thread's loop, never asynchronously, so disabling
 * them only has to be tracked for assertions.
 */
#ifndef RT_CPU_H
#define RT_CPU_H

#include "types.h"

/* Upper bound for possible CPUs; tmigr-stress accepts -n up to this. */
#define NR_CPUS			8192

#define RT_NO_CPU		(-1)

extern __thread int rt_cpu_id;
extern __thread int rt_irq_depth;

static inline int rt_this_cpu(void)
{
	return rt_cpu_id;
}

/* Bind the calling thread to @cpu (RT_NO_CPU to unbind). */
static inline void rt_set_this_cpu(int cpu)
{
	rt_cpu_id = cpu;
}

#define smp_processor_id()	((unsigned int)rt_this_cpu())
#define raw_smp_processor_id()	((unsigned int)rt_this_cpu())

static inline void local_irq_disable(void)	{ rt_irq_depth++; }
static inline void local_irq_enable(void)	{ rt_irq_depth--; }
static inline bool irqs_disabled(void)		{ return rt_irq_depth > 0; }

#endif /* RT_CPU_H */
