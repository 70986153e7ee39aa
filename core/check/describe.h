/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every hierarchy oracle does when an invariant breaks: explain it,
 * draw the hierarchy with the culprit marked, and file the report (once per
 * signature; repeats are only counted). Depends on reports and the
 * renderer, never on the oracles' driver (check.c).
 */
#ifndef CHECK_DESCRIBE_H
#define CHECK_DESCRIBE_H

#include "report.h"
#include "../tmigr/snapshot.h"

/*
 * Explanation plus drawing for a report; caller frees. @mark_group /
 * @mark_cpu (or TMIGR_SNAP_NONE / -1) get @note next to them.
 */
char *oracle_describe(const struct tmigr_snapshot *snap, int mark_group, int mark_cpu,
		      const char *note, const char *fmt, ...) __printf(5, 6);

/*
 * File @oracle/@site about @snap with @summary (one line) and the
 * explanation above the drawing, @fmt: formatted only for a new signature,
 * so an oracle passes its arguments and builds no text of its own. Returns
 * 1, the number of reports filed.
 */
unsigned int oracle_file(enum oracle_id oracle, const struct tmigr_snapshot *snap,
			 const char *site, int mark_group, int mark_cpu, const char *note,
			 const char *summary, const char *fmt, ...) __printf(8, 9);

#endif /* CHECK_DESCRIBE_H */
