/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Systematic schedule search: every schedule of a (small, deterministic)
 * program with at most @bound preemptions, depth first.
 */
#ifndef SCHED_DFS_H
#define SCHED_DFS_H

#include "ctl.h"

struct ctl_dfs_config {
	unsigned int	bound;		/* preemptions allowed per schedule */
	u64		max_runs;	/* 0: no limit */
	/*
	 * Run once with the choice prefix @prefix[0..len) and the default
	 * policy after it; hand back the run's decision log (valid until the
	 * next call). Return 0 clean, 1 a violation (the search stops), -1 error.
	 */
	int		(*run)(const u16 *prefix, size_t len, const struct ctl_choice **log,
			       size_t *log_len, void *ctx);
	void		*ctx;
};

struct ctl_dfs_stats {
	u64	runs;			/* schedules explored */
	size_t	max_depth;		/* most decisions in one run */
	bool	found;			/* a run reported a violation */
	bool	truncated;		/* max_runs reached before the end */
	bool	nondeterministic;	/* a prefix did not replay */
};

/* 0 all schedules within the bound explored, 1 a violation found, -1 error. */
int ctl_dfs(const struct ctl_dfs_config *cfg, struct ctl_dfs_stats *st);

#endif /* SCHED_DFS_H */
