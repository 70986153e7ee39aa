/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differential testing: one op program run on two backends (the model and
 * a real tree's file) the same way, compared after every operation.
 *
 * Both runs are sequential (all CPUs on one thread, operations round
 * robin), so "the same way" is exact whatever scheduling points each
 * backend has; after every operation and at every quiescent point the two
 * hierarchies (tmigr_snapshot_diff()), every value a tmigr entry point
 * returned, and the verdicts must agree.
 */
#ifndef TMIGR_DIFFERENTIAL_H
#define TMIGR_DIFFERENTIAL_H

#include "tmigr.h"
#include "../exec/input.h"

struct tmigr_diff_result {
	bool		differ;
	/* The first difference: where (after which op of which CPU) and what. */
	char		what[1536];
	unsigned int	snapshots;	/* compared */
	unsigned long	calls;		/* entry point calls compared */
};

/*
 * Run @p on @a and then on @b and compare. Returns 0 when both runs
 * completed (then @res says whether they differ), -ENOMEM otherwise.
 * Selects each backend for the run and restores the selection after.
 */
int tmigr_diff_run(const struct exec_program *p, const struct tmigr_backend *a,
		   const struct tmigr_backend *b, struct tmigr_diff_result *res);

#endif /* TMIGR_DIFFERENTIAL_H */
