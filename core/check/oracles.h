/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The individual oracles. Each checks invariants of the hierarchy, never a
 * particular bug, and files reports with check/report.h. Each returns the
 * number of reports it filed.
 */
#ifndef CHECK_ORACLES_H
#define CHECK_ORACLES_H

#include "check.h"
#include "describe.h"
#include "../env/env.h"

/* One root, consistent levels, unique one-bit masks, <= 8 children, node locality. */
unsigned int oracle_structure(const struct tmigr_snapshot *snap);
/* Active bits and migrators that point at nothing active. */
unsigned int oracle_phantom_active(const struct tmigr_snapshot *snap);
/* Active CPUs whose path up is not marked active. */
unsigned int oracle_lost_active(const struct tmigr_snapshot *snap);
/* Timer event queues that disagree with the hierarchy (oracle_event_queue.c). */
unsigned int oracle_event_queue(const struct tmigr_snapshot *snap);

struct drain_config {
	u64		slack_ns;
};
/*
 * Drain (see check.h). @before is the snapshot at the quiescent point,
 * drawn in reports. Also files late-timer and livelock reports (the
 * wakeup budget is liveness.h's).
 */
unsigned int oracle_ignored_timer(const struct tmigr_snapshot *before,
				  const struct drain_config *cfg);
/* Timer-run observer hook for lateness while draining. */
void oracle_ignored_timer_ran(const struct env_timer_run *run);
void oracle_ignored_timer_reset(void);
void oracle_ignored_timer_stats(struct check_stats *out);

/* Route the runtime's WARN sites into reports. */
void oracle_warn_install(void);

/*
 * Quick-check forecast against the deactivation right after it
 * (oracle_quick_check.c): wraps tmigr_ops; call after env_setup().
 */
void oracle_quick_check_install(void);
/* Files a report when @forecast is later than @handed_back. */
void oracle_quick_check_compare(int cpu, u64 nextevt, u64 forecast, u64 handed_back);

/* Setup failure observer hook. */
void oracle_setup_failure(const struct env_setup_failure *f);


#endif /* CHECK_ORACLES_H */
