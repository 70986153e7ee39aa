/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Drawing the hierarchy the way tmigr diagrams on LKML and in
 * timer_migration.c do:
 *
 *   [GRP1:0]
 *   migrator = GRP0:0
 *   active = GRP0:0, GRP0:1
 *   nextevt = KTIME_MAX
 *
 * one column per group, the level below underneath, CPUs at the bottom.
 * Trees too wide for columns are drawn as an indented outline instead.
 */
#ifndef TRACE_RENDER_H
#define TRACE_RENDER_H

#include "../lib/strbuf.h"
#include "../tmigr/snapshot.h"

struct render_opts {
	bool		events;		/* list queued events per group */
	bool		setup;		/* show parent, groupmask, seq */
	int		mark_group;	/* group to flag, or TMIGR_SNAP_NONE */
	int		mark_cpu;	/* CPU to flag, or -1 */
	const char	*mark_note;	/* text of the flag, e.g. "<-- phantom" */
	unsigned int	max_columns;	/* groups per level drawn side by side; 0: 4 */
	bool		outline;	/* force the outline form */
};

/* Defaults: no marks, columns when they fit. */
void render_opts_init(struct render_opts *o);

void render_hierarchy(struct strbuf *sb, const struct tmigr_snapshot *snap,
		      const struct render_opts *opts);

/* "GRP0:0, GRP0:1" / "CPU0, CPU3" / "NONE" for @mask in group @g. */
void render_mask(struct strbuf *sb, const struct tmigr_snapshot *snap, int g, u8 mask);
/* "TMIGR_NONE", "GRP0:1", "CPU3", or the raw mask if no child has it. */
void render_migrator(struct strbuf *sb, const struct tmigr_snapshot *snap, int g, u8 migrator);
/* "KTIME_MAX" or the value in ns. */
void render_time(struct strbuf *sb, u64 t);

#endif /* TRACE_RENDER_H */
