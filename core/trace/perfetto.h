/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A Chrome/Perfetto trace-event timeline (JSON array format, loadable in
 * ui.perfetto.dev and chrome://tracing). One track per CPU for operations
 * and lock holds, one per CPU for its idle/active state (spans that tile the
 * track: no gaps, no overlaps), instant events for timer expiries and shared
 * accesses, global markers for reports, counters. Timestamps are in ns
 * (written as the format's microseconds with three decimals); the caller
 * picks the axis (the story: virtual time, see exec/story.c).
 */
#ifndef TRACE_PERFETTO_H
#define TRACE_PERFETTO_H

#include "../rt/types.h"

struct perfetto;

struct perfetto *perfetto_new(unsigned int cpus);
void perfetto_free(struct perfetto *pf);

void perfetto_span(struct perfetto *pf, unsigned int cpu, const char *name, bool begin, u64 ts);
void perfetto_complete(struct perfetto *pf, unsigned int cpu, const char *name, u64 ts, u64 dur);
/* The CPU's state track: "idle", "active", "offline"; a change closes the previous span. */
void perfetto_state(struct perfetto *pf, unsigned int cpu, const char *state, u64 ts);
void perfetto_instant(struct perfetto *pf, unsigned int cpu, const char *name, const char *detail,
		      u64 ts);

/* A global marker across every track: a report. */
void perfetto_marker(struct perfetto *pf, const char *name, const char *detail, u64 ts);
/* A counter track @name (e.g. the scheduling step). */
void perfetto_counter(struct perfetto *pf, const char *name, u64 value, u64 ts);

/* Write the JSON; returns 0 or -errno. */
int perfetto_write(struct perfetto *pf, const char *path, u64 end_ts);

#endif /* TRACE_PERFETTO_H */
