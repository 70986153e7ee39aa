/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracles, as drivers use them.
 *
 * check_init() wires the always-on oracles (kernel WARN sites, setup
 * failures, late timers during drains). At a quiescent point - no CPU thread
 * inside tmigr or environment code - check_quiescent() takes a snapshot,
 * runs the hierarchy oracles on it and, optionally, drains: it runs every
 * CPU's wakeups on virtual time until nothing is left to do, and whatever
 * global timer is still pending then was ignored.
 */
#ifndef CHECK_CHECK_H
#define CHECK_CHECK_H

#include "report.h"
#include "../env/env.h"
#include "../tmigr/snapshot.h"

struct check_config {
	unsigned int	slack_ticks;	/* lateness allowed in a drain; 0: default 2 */
	unsigned int	drain_budget;	/* wakeups without progress before livelock; 0: auto */
	unsigned int	irq_iterations;	/* work per interrupt before livelock; 0: auto */
	u64		irq_time_ns;	/* virtual time per interrupt; 0: liveness.h */
	/*
	 * CPU threads run unscheduled (tmigr-stress): no quick-check oracle.
	 * Its "immediate pair" window is exact only when a scheduler runs
	 * one CPU at a time; free mode gave false reports (docs/oracles.md).
	 */
	bool		free_mode;
	/*
	 * Free mode with a scheduler that switches CPUs out at will
	 * (tmigr-stress --engine fibers): the clock moves on by other CPUs'
	 * operations while a CPU is switched out inside an interrupt, so, as
	 * in controlled runs, the virtual time an interrupt spans says
	 * nothing about it (liveness.c's iteration bounds still hold).
	 */
	bool		preempted_cpus;
	/*
	 * Derive every quiescent check anew, even of a hierarchy the last
	 * check saw (check_hierarchy()); for testing that replaying its
	 * reports changes nothing.
	 */
	bool		no_memo;
};

struct check_stats {
	u64	quiescent_checks;
	u64	unchanged_checks;	/* hierarchy as last checked: reports replayed */
	u64	unwritten_checks;	/* of those, known unwritten: no snapshot taken */
	u64	drains;
	u64	drain_timers_run;
	u64	late;			/* beyond slack, in drains */
	u64	lost;			/* ignored timers */
	u64	max_lateness_ns;	/* in drains */
};

void check_init(const struct check_config *cfg);
/* Also tell @fn about every timer that runs (drivers' timelines); NULL to stop. */
void check_set_timer_listener(void (*fn)(const struct env_timer_run *run, void *ctx), void *ctx);
void check_stats_read(struct check_stats *out);

/*
 * Structure, phantom-active, lost-active and event-queue on @snap; returns
 * reports filed. A hierarchy the same as the last one checked (but for the
 * clock) files the same reports again without being checked again.
 */
unsigned int check_hierarchy(const struct tmigr_snapshot *snap);
/*
 * The same, for a hierarchy at write generation @gen (ctl_write_gen(); 0:
 * unknown), remembered with the check.
 */
unsigned int check_hierarchy_gen(const struct tmigr_snapshot *snap, u64 gen);
/*
 * The hierarchy is at write generation @gen (nonzero), the one of the last
 * check: nothing was written since, so its reports are filed again, with
 * no snapshot taken. Sets *@n as check_hierarchy() returns; false if the
 * last check was at another generation (then take a snapshot).
 */
bool check_hierarchy_unchanged(u64 gen, unsigned int *n);
/* @snap is the hierarchy the last check saw (self-checks of the shortcut). */
bool check_hierarchy_same_as_last(const struct tmigr_snapshot *snap);

/*
 * Everything, at a quiescent point, from any thread (CPUs are impersonated
 * one at a time while draining). Returns the number of reports filed.
 */
unsigned int check_quiescent(bool drain);

#endif /* CHECK_CHECK_H */
