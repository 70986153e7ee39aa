/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "This CPU": every thread impersonates one CPU. The identity is a thread
 * local; the quiescent-point checker may impersonate CPUs one after the other
 * while all CPU threads are parked.
 *
 * A scheduler that runs several CPUs on one thread (the controlled fiber
 * engine) gives each its own struct rt_cpu_ctx and switches the thread's
 * pointer to it. Each CPU then writes only its own context, so TSan, which
 * sees every fiber as a thread, finds no race on a thread local the
 * fibers would otherwise share.
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

/**
 * struct rt_cpu_ctx - what "this CPU" means for one thread or fiber
 * @cpu:	the CPU impersonated, or RT_NO_CPU
 * @irq_depth:	local_irq_disable() nesting
 */
struct rt_cpu_ctx {
	int	cpu;
	int	irq_depth;
};

/* The context in use; NULL means the thread's own, @rt_cpu_ctx_own. */
extern __thread struct rt_cpu_ctx *rt_cpu_ctx_cur;
extern __thread struct rt_cpu_ctx rt_cpu_ctx_own;

/*
 * Without a branch on purpose: inlined at every smp_processor_id(), a
 * branch here was an edge at each use for the fuzzers' coverage to count
 * (a tenth of what an execution hit), and it means nothing.
 */
static inline struct rt_cpu_ctx *rt_cpu_ctx(void)
{
	uintptr_t c = (uintptr_t)rt_cpu_ctx_cur;
	uintptr_t own = (uintptr_t)&rt_cpu_ctx_own & -(uintptr_t)(c == 0);

	return (struct rt_cpu_ctx *)(c | own);
}

/* Use @c (NULL: the thread's own) from now on; returns the one in use before. */
static inline struct rt_cpu_ctx *rt_switch_cpu_ctx(struct rt_cpu_ctx *c)
{
	struct rt_cpu_ctx *old = rt_cpu_ctx_cur;

	rt_cpu_ctx_cur = c;
	return old;
}

static inline int rt_this_cpu(void)
{
	return rt_cpu_ctx()->cpu;
}

/* Bind the calling thread to @cpu (RT_NO_CPU to unbind). */
static inline void rt_set_this_cpu(int cpu)
{
	rt_cpu_ctx()->cpu = cpu;
}

#define smp_processor_id()	((unsigned int)rt_this_cpu())
#define raw_smp_processor_id()	((unsigned int)rt_this_cpu())

static inline void local_irq_disable(void)	{ rt_cpu_ctx()->irq_depth++; }
static inline void local_irq_enable(void)	{ rt_cpu_ctx()->irq_depth--; }
static inline bool irqs_disabled(void)		{ return rt_cpu_ctx()->irq_depth > 0; }

#endif /* RT_CPU_H */
