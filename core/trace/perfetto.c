// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfetto.h"
#include "../lib/strbuf.h"

#define STATE_TID_BASE	100000

struct perfetto {
	unsigned int	cpus;
	struct strbuf	events;
	bool		first;
	char		**state;	/* current state per CPU */
	u64		*state_since;
	bool		*state_seen;	/* the track has begun */
};

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"', 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addf(sb, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			strbuf_addf(sb, "\\u%04x", (unsigned char)*s);
		else
			strbuf_addch(sb, *s, 1);
	}
	strbuf_addch(sb, '"', 1);
}

/* Trace-event timestamps are microseconds; ours are ns: keep them exact. */
static void add_ts(struct strbuf *sb, const char *key, u64 ns)
{
	strbuf_addf(sb, ",\"%s\":%llu.%03llu", key, (unsigned long long)(ns / 1000),
		    (unsigned long long)(ns % 1000));
}

static void event_start(struct perfetto *pf)
{
	strbuf_addf(&pf->events, "%s\n", pf->first ? "" : ",");
	pf->first = false;
}

struct perfetto *perfetto_new(unsigned int cpus)
{
	struct perfetto *pf = calloc(1, sizeof(*pf));

	if (!pf)
		return NULL;
	pf->cpus = cpus;
	pf->first = true;
	pf->state = calloc(cpus, sizeof(*pf->state));
	pf->state_since = calloc(cpus, sizeof(*pf->state_since));
	pf->state_seen = calloc(cpus, sizeof(*pf->state_seen));
	if (!pf->state || !pf->state_since || !pf->state_seen) {
		perfetto_free(pf);
		return NULL;
	}
	for (unsigned int c = 0; c < cpus; c++) {
		event_start(pf);
		strbuf_addf(&pf->events,
			    "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":\"CPU%u\"}}",
			    c, c);
		event_start(pf);
		strbuf_addf(&pf->events,
			    "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":\"CPU%u state\"}}",
			    STATE_TID_BASE + c, c);
	}
	return pf;
}

void perfetto_free(struct perfetto *pf)
{
	if (!pf)
		return;
	for (unsigned int c = 0; pf->state && c < pf->cpus; c++)
		free(pf->state[c]);
	free(pf->state);
	free(pf->state_since);
	free(pf->state_seen);
	strbuf_release(&pf->events);
	free(pf);
}

void perfetto_span(struct perfetto *pf, unsigned int cpu, const char *name, bool begin, u64 ts)
{
	event_start(pf);
	strbuf_addf(&pf->events, "{\"ph\":\"%s\",\"pid\":1,\"tid\":%u", begin ? "B" : "E", cpu);
	add_ts(&pf->events, "ts", ts);
	strbuf_addf(&pf->events, ",\"name\":");
	json_str(&pf->events, name);
	strbuf_addf(&pf->events, "}");
}

void perfetto_complete(struct perfetto *pf, unsigned int cpu, const char *name, u64 ts, u64 dur)
{
	event_start(pf);
	strbuf_addf(&pf->events, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u", cpu);
	add_ts(&pf->events, "ts", ts);
	add_ts(&pf->events, "dur", dur ? dur : 1);
	strbuf_addf(&pf->events, ",\"cat\":\"lock\",\"name\":");
	json_str(&pf->events, name);
	strbuf_addf(&pf->events, "}");
}

/*
 * End the CPU's current state at @ts. Spans tile the track: each starts where
 * the previous ended; a state that lasted no time is dropped, not widened.
 */
static void close_state(struct perfetto *pf, unsigned int cpu, u64 ts)
{
	if (!pf->state[cpu])
		return;
	if (ts <= pf->state_since[cpu]) {
		free(pf->state[cpu]);
		pf->state[cpu] = NULL;
		return;
	}
	event_start(pf);
	strbuf_addf(&pf->events, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u", STATE_TID_BASE + cpu);
	add_ts(&pf->events, "ts", pf->state_since[cpu]);
	add_ts(&pf->events, "dur", ts - pf->state_since[cpu]);
	strbuf_addf(&pf->events, ",\"cat\":\"state\",\"name\":");
	json_str(&pf->events, pf->state[cpu]);
	strbuf_addf(&pf->events, "}");
	free(pf->state[cpu]);
	pf->state[cpu] = NULL;
}

void perfetto_state(struct perfetto *pf, unsigned int cpu, const char *state, u64 ts)
{
	bool first;

	if (cpu >= pf->cpus || (pf->state[cpu] && !strcmp(pf->state[cpu], state)))
		return;
	/* The first state covers the track from the start: no gap before it. */
	first = !pf->state[cpu] && !pf->state_seen[cpu];
	close_state(pf, cpu, ts);
	pf->state[cpu] = strdup(state);
	pf->state_since[cpu] = first ? 0 : ts;
	pf->state_seen[cpu] = true;
}

/* An instant event: @scope "t" on track @tid, "g" across every track. */
static void instant(struct perfetto *pf, const char *scope, unsigned int tid, const char *cat,
		    const char *name, const char *detail, u64 ts)
{
	event_start(pf);
	strbuf_addf(&pf->events, "{\"ph\":\"i\",\"s\":\"%s\",\"pid\":1,\"tid\":%u", scope, tid);
	add_ts(&pf->events, "ts", ts);
	if (cat)
		strbuf_addf(&pf->events, ",\"cat\":\"%s\"", cat);
	strbuf_addf(&pf->events, ",\"name\":");
	json_str(&pf->events, name);
	strbuf_addf(&pf->events, ",\"args\":{\"detail\":");
	json_str(&pf->events, detail ? detail : "");
	strbuf_addf(&pf->events, "}}");
}

void perfetto_instant(struct perfetto *pf, unsigned int cpu, const char *name, const char *detail,
		      u64 ts)
{
	instant(pf, "t", cpu, NULL, name, detail, ts);
}

void perfetto_marker(struct perfetto *pf, const char *name, const char *detail, u64 ts)
{
	instant(pf, "g", 0, "report", name, detail, ts);
}

void perfetto_counter(struct perfetto *pf, const char *name, u64 value, u64 ts)
{
	event_start(pf);
	strbuf_addf(&pf->events, "{\"ph\":\"C\",\"pid\":1");
	add_ts(&pf->events, "ts", ts);
	strbuf_addf(&pf->events, ",\"name\":");
	json_str(&pf->events, name);
	strbuf_addf(&pf->events, ",\"args\":{\"value\":%llu}}", (unsigned long long)value);
}

int perfetto_write(struct perfetto *pf, const char *path, u64 end_ts)
{
	FILE *f;
	int err = 0;

	for (unsigned int c = 0; c < pf->cpus; c++)
		close_state(pf, c, end_ts);

	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[%s\n]}\n", strbuf_str(&pf->events));
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}
