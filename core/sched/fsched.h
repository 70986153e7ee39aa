/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The free fiber scheduler: free-running CPUs as fibers, a few OS threads
 * ("workers", one per host core) carrying all of them.
 *
 * tmigr-stress runs a thread per CPU by default; 64 CPU threads on two host
 * cores spend most of their time in futex handoffs and the host's task
 * switch. Here CPU c is a fiber on worker c % nr_workers. The workers run
 * truly in parallel; within a worker a fiber runs until it sleeps on its
 * doorbell, yields, finds a lock held, or is preempted at a scheduling
 * point (a random countdown, so the interleavings inside lock-free code
 * change from run to run, as the host's preemption does for threads).
 *
 * What a kernel CPU cannot do is not done: a CPU holding a raw spinlock is
 * not preempted (raw spinlocks disable preemption); a mutex holder is, and
 * one that waits in a completion lets others run. A lock found held
 * is retried after the others had their turn, never blocked on: the holder
 * may be a fiber of the same worker.
 *
 * Sanitizers: each fiber is a thread for TSan (the switches are not
 * synchronisation; the scheduler's own bookkeeping is hidden) and ASan
 * knows every switch (see fiber.h).
 */
#ifndef SCHED_FSCHED_H
#define SCHED_FSCHED_H

#include <stdbool.h>
#include <stdio.h>

#include "../rt/types.h"

/**
 * struct fsched_config - what fsched_start() runs
 * @nr_cpus:	fibers, one per CPU
 * @nr_workers:	OS threads; CPU c runs on worker c % @nr_workers
 * @preempt:	mean number of scheduling points between two preemptions
 *		of a CPU that holds no spinlock; 0: never preempted
 * @seed:	of the preemption countdowns
 * @cpu_fn:	a CPU's life; when it returns, the CPU's fiber ends
 * @arg:	its argument
 */
struct fsched_config {
	unsigned int	nr_cpus;
	unsigned int	nr_workers;
	unsigned int	preempt;
	u64		seed;
	void		(*cpu_fn)(unsigned int cpu, void *arg);
	void		*arg;
};

/**
 * struct fsched_stats - what the workers did, summed
 * @switches:	a worker switched to a fiber
 * @preemptions: of those, because a countdown ran out
 * @contended:	a fiber found a lock held and let others run
 * @sleeps:	a fiber slept on its doorbell
 * @idle:	a worker had no fiber to run and blocked
 */
struct fsched_stats {
	u64	switches;
	u64	preemptions;
	u64	contended;
	u64	sleeps;
	u64	idle;
};

/*
 * Create the fibers and workers and start them; installs the scheduling
 * point hooks. Returns 0, or -ENOMEM / the pthread_create() error (with
 * nothing left running).
 */
int fsched_start(const struct fsched_config *cfg);
/* Wait until every CPU's @cpu_fn returned; removes the hooks. */
void fsched_join(void);
/* After fsched_join(). */
void fsched_get_stats(struct fsched_stats *st);

/* The caller is one of the scheduler's CPUs. */
bool fsched_running_cpu(void);
/* A CPU: let the other CPUs of this worker run first. */
void fsched_yield(void);
/*
 * A CPU: sleep while *@word == @val, @timeout_ns at most; returns early
 * only after fsched_wake() of this CPU (or spuriously).
 */
void fsched_wait(const u32 *word, u32 val, u64 timeout_ns);
/* Anybody: @cpu's wait condition may have changed. */
void fsched_wake(unsigned int cpu);
/*
 * While a run goes on: one line per worker on @f, saying whether it
 * switches, blocks with nothing to run or is stuck inside one CPU's fiber
 * (and whether that CPU holds locks). Takes 0.1 s.
 */
void fsched_dump(FILE *f);

#endif /* SCHED_FSCHED_H */
