/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tmigr-stress: N pthreads as CPUs, running free against one hierarchy.
 */
#ifndef STRESS_STRESS_H
#define STRESS_STRESS_H

#include <pthread.h>

#include "rt/types.h"
#include "env/env.h"
#include "sched/fsched.h"

/* How the CPU threads run: a pthread each, or fibers on a few worker threads. */
enum stress_engine {
	STRESS_ENGINE_THREADS,
	STRESS_ENGINE_FIBERS,
};

struct stress_opts {
	unsigned int		cpus;
	enum stress_engine	engine;
	unsigned int		workers;		/* fibers: OS threads carrying them */
	unsigned int		preempt;		/* fibers: mean points between preemptions */
	unsigned int		nodes;
	enum env_node_layout	layout;
	unsigned int		boot_online;
	bool			nohz_full;		/* nohz_full=1-N */
	/* isolcpus=domain,LIST: at least one of the cpus stays housekeeping */
	bool			isolated[NR_CPUS];
	unsigned int		nr_isolated;
	/* big.LITTLE: these CPUs have half the capacity */
	bool			little[NR_CPUS];
	unsigned int		nr_little;
	double			seconds;
	u64			seed;
	enum tmigr_variant	variant;
	unsigned int		epoch_ms;
	unsigned int		timers_per_cpu;
	unsigned int		tick_us;
	unsigned int		slack_ticks;
	unsigned int		hotplug_permille;	/* per op of a running CPU */
	unsigned int		nomem_permille;		/* per hotplug: an allocation fails */
	/* An idle CPU's longest sleep between two draws; 0: sched_yield() instead. */
	unsigned int		idle_wait_us;
	bool			stop_on_report;
	/* --ignore-known; the --ignore-signature patterns live in report.c */
	bool			ignore_known;
	const char		*record_dir;		/* --record */
	double			stall_timeout;		/* watchdog, seconds */
	int			inject_stall;		/* self-test: CPU that hangs, or -1 */
	bool			quiet;
	bool			verbose;
};

/* ---- quiescent epochs (epoch.c) ---------------------------------------------- */

void epoch_init(unsigned int nr_threads);
/* CPU threads, between operations: park if an epoch is requested. */
bool epoch_requested(void);
/* Returns false when the run is over and the thread must exit. */
bool epoch_park(unsigned int cpu);
/*
 * Coordinator: stop every CPU thread between operations, run @fn, resume
 * them (or let them exit when @last). Returns false if the threads did not
 * all reach a quiescent point within @timeout_s.
 */
bool epoch_run(void (*fn)(void *), void *arg, bool last, double timeout_s,
	       u64 (*progress)(void));
/*
 * A CPU thread asks for an early epoch (after bringing a CPU up: setup
 * races leave states that later activity may heal before the next epoch).
 */
void epoch_hint(void);
/* Coordinator: was a hint given since the last call? */
bool epoch_take_hint(void);
/* Who has not parked yet, for the "stuck" diagnosis. */
bool epoch_cpu_parked(unsigned int cpu);

/* ---- CPU threads (cpu_thread.c) ------------------------------------------------- */

struct stress_cpu_stats {
	u64	ops;		/* operations performed */
	int	last_op;	/* last op started, for diagnosis */
	bool	in_op;
};

/*
 * Start one thread per CPU. @cont (may be NULL) is asked every 64 threads
 * whether to go on (starting 4096 threads takes seconds); -EINTR if it said
 * no, and the threads already started are left running.
 */
int stress_threads_start(const struct stress_opts *o, bool (*cont)(unsigned int started));
/* CPU 0 has brought up the CPUs online at boot (smp_init()). */
bool stress_booted(void);
/* Host CPUs this process may run on. */
unsigned int stress_host_cpus(void);
void stress_threads_join(void);
/* The engine's own figures (fibers; zero for threads), after the join. */
void stress_engine_stats(struct fsched_stats *st);
/* A stall's diagnosis: what each fiber worker does (nothing for threads). */
void stress_engine_dump(FILE *f);
/* Sum of operations over all CPUs; racy, for progress. */
u64 stress_total_ops(void);
const char *stress_cpu_last_op(unsigned int cpu, bool *in_op);

/* ---- findings as programs (record.c) --------------------------------------------- */

int record_init(const struct stress_opts *o, const char *dir);
bool record_enabled(void);
struct exec_op;
/* CPU @cpu runs exec operation @op; only its own thread calls this. */
void record_op(unsigned int cpu, const struct exec_op *op);
/* At a quiescent point, after the checks: write the window if it brought a report. */
void record_epoch(void);
unsigned int record_written(void);
/* Findings that could not be written (printed to stderr instead). */
unsigned int record_lost(void);

#endif /* STRESS_STRESS_H */
