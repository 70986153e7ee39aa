/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running one program: the environment set up as the program says, one
 * pthread per CPU under the controlled scheduler (or all CPUs on one thread,
 * sequentially), hierarchy oracles at every quiescent point, a drain at the
 * end. Deterministic: same program, strategy and build give the same run.
 */
#ifndef EXEC_RUN_H
#define EXEC_RUN_H

#include "input.h"
#include "../check/report.h"
#include "../sched/ctl.h"
#include "../tmigr/snapshot.h"

enum exec_mode {
	EXEC_BYTES,		/* schedule from the program's schedule bytes */
	EXEC_RANDOM,		/* seeded random preemption */
	EXEC_PCT,		/* seeded PCT */
	EXEC_CHOICES,		/* a choice prefix, then the default policy (dfs) */
	EXEC_SEQUENTIAL,	/* one thread, operations round robin, no scheduler */
};

/* Things a driver wants to see of a run (stories, timelines, feedback). */
struct exec_listener {
	/* CPU @cpu starts (@begin) or finishes operation @index (-1: boot/service). */
	void	(*op)(unsigned int cpu, int index, const char *what, bool begin, u64 step,
		      void *ctx);
	void	(*timer_run)(const struct env_timer_run *run, u64 step, void *ctx);
	/* A quiescent point; @snap is the hierarchy, already checked. */
	void	(*quiescent)(const struct tmigr_snapshot *snap, u64 step, void *ctx);
	/* A report was filed. */
	void	(*report)(const struct report *r, void *ctx);
	struct ctl_observer	sched;	/* accesses and switches */
	void	*ctx;
};

struct exec_opts {
	enum exec_mode			mode;
	u64				seed;		/* random, pct */
	unsigned int			permille;	/* random: switch probability */
	unsigned int			pct_depth;
	u64				pct_steps;	/* 0: estimate from a default run */
	const u16			*choices;	/* choices mode */
	size_t				nr_choices;
	enum tmigr_variant		variant;
	bool				no_quiescent_checks;
	/* Check an unchanged hierarchy anew (check_config.no_memo). */
	bool				no_memo;
	bool				no_drain;
	u64				livelock_budget;
	const struct exec_listener	*listener;
	/* Log every decision into exec_result.decisions (any mode but sequential). */
	bool				record;
};

struct exec_result {
	enum ctl_outcome	outcome;
	struct ctl_stats	stats;
	unsigned long		reports;	/* every report */
	unsigned long		new_reports;	/* not known issues: the verdict */
	char			signature[256];	/* first new report, or "" */
	char			why[1024];	/* deadlock / livelock details */
	unsigned int		quiescent_points;
	size_t			schedule_bytes_used;
	/* choices mode: the decisions taken (caller frees) */
	struct ctl_choice	*choices;
	size_t			nr_choices;
	/* record: the index picked at every decision (caller frees) */
	u16			*decisions;
	size_t			nr_decisions;
};

/*
 * Schedule bytes that replay recorded @decisions with the bytes strategy:
 * a (0, index) pair per decision. Caller frees; *len gets the size. NULL
 * when out of memory or when an index does not fit a byte (more than 256
 * CPUs runnable at a decision).
 */
u8 *exec_decisions_to_schedule(const u16 *decisions, size_t n, size_t *len);

/*
 * Run @p. Deadlocks and livelocks are filed as reports; their threads
 * cannot be unwound, so every later run in this process returns at once
 * with the stuck run's outcome, signature and reports (exec_result.outcome
 * says so); a driver should end there.
 */
void exec_run(const struct exec_program *p, const struct exec_opts *o, struct exec_result *res);

/* Steps a default-policy run of @p takes (PCT's horizon). */
u64 exec_estimate_steps(const struct exec_program *p, enum tmigr_variant variant);

#endif /* EXEC_RUN_H */
