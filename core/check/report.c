// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "known.h"
#include "report.h"
#include "signature.h"
#include "../rt/clock.h"
#include "../tmigr/tmigr.h"

#define REPORT_MAX_SIGNATURES	256

static const char *const oracle_names[ORACLE_NR] = {
	[ORACLE_WARN]		= "warn",
	[ORACLE_SETUP_FAILURE]	= "setup-failure",
	[ORACLE_STRUCTURE]	= "structure",
	[ORACLE_PHANTOM_ACTIVE]	= "phantom-active",
	[ORACLE_LOST_ACTIVE]	= "lost-active",
	[ORACLE_IGNORED_TIMER]	= "ignored-timer",
	[ORACLE_LATE_TIMER]	= "late-timer",
	[ORACLE_LIVELOCK]	= "livelock",
	[ORACLE_DEADLOCK]	= "deadlock",
	[ORACLE_QUICK_CHECK]	= "quick-check",
	[ORACLE_EVENT_QUEUE]	= "event-queue",
};

#define REPORT_MAX_IGNORED	64

/* What a search or fuzzer looks past; survives report_reset(). */
static struct {
	const char	*patterns[REPORT_MAX_IGNORED];
	unsigned int	n;
	bool		known;
} ignore;

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static struct report reports[REPORT_MAX_SIGNATURES];
static unsigned int nr_reports;
static unsigned long total, total_old, per_oracle[ORACLE_NR];
static report_printer_t printer = report_print;
static void *printer_ctx;
/* Bumped by report_reset(): a journal of an older table cannot be replayed. */
static unsigned long generation;

/*
 * The journal (report_journal_start()): the kept reports the thread that
 * started it filed, in order; reports other threads file meanwhile
 * (free-mode CPUs hitting a WARN) are not in it. Any thread may replay it:
 * the thread engine checks on whichever CPU thread reached the point.
 */
#define REPORT_JOURNAL_MAX	64
static struct {
	bool		on, complete;
	pthread_t	owner;
	unsigned long	generation;
	unsigned int	n;
	unsigned short	idx[REPORT_JOURNAL_MAX];
} journal;

/* @r is a kept report, or NULL for one the full table could not keep. */
static void journal_add_locked(const struct report *r)
{
	if (!journal.on || !pthread_equal(journal.owner, pthread_self()))
		return;
	if (!r || journal.n == REPORT_JOURNAL_MAX)
		journal.complete = false;	/* not kept, or too many: no replay */
	else
		journal.idx[journal.n++] = (unsigned short)(r - reports);
}

static struct report *find_locked(const char *signature)
{
	for (unsigned int i = 0; i < nr_reports; i++)
		if (!strcmp(reports[i].signature, signature))
			return &reports[i];
	return NULL;
}

static void make_signature(char *buf, size_t len, enum oracle_id oracle, const char *site)
{
	snprintf(buf, len, "%s:%s:%s", oracle_name(oracle), site, tmigr_variant_label());
}

const char *oracle_name(enum oracle_id id)
{
	return (unsigned int)id < ORACLE_NR ? oracle_names[id] : "?";
}

/*
 * find_locked() of the signature make_signature() builds for @oracle/@site,
 * without building it: a report an oracle repeats at every quiescent point
 * is looked up there every time.
 */
static struct report *find_site_locked(enum oracle_id oracle, const char *site)
{
	const char *name = oracle_name(oracle), *variant = tmigr_variant_label();
	size_t at = strlen(name) + 1, n = strlen(site);
	char signature[sizeof(reports[0].signature)];

	if (at + n + 1 + strlen(variant) >= sizeof(signature)) {
		/* make_signature() cuts it short: compare what it builds. */
		make_signature(signature, sizeof(signature), oracle, site);
		return find_locked(signature);
	}
	for (unsigned int i = 0; i < nr_reports; i++) {
		const char *sig = reports[i].signature;

		if (reports[i].oracle == oracle && !strncmp(sig + at, site, n) &&
		    sig[at + n] == ':' && !strcmp(sig + at + n + 1, variant))
			return &reports[i];
	}
	return NULL;
}

void report_reset(void)
{
	pthread_mutex_lock(&report_lock);
	for (unsigned int i = 0; i < nr_reports; i++)
		free(reports[i].details);
	/* Only what was used: the table is 200 KB and every run resets it. */
	memset(reports, 0, nr_reports * sizeof(reports[0]));
	nr_reports = 0;
	generation++;
	total = 0;
	total_old = 0;
	memset(per_oracle, 0, sizeof(per_oracle));
	pthread_mutex_unlock(&report_lock);
}

void report_set_printer(report_printer_t fn, void *ctx)
{
	pthread_mutex_lock(&report_lock);
	printer = fn;
	printer_ctx = ctx;
	pthread_mutex_unlock(&report_lock);
}

int report_ignore(const char *pattern, char *err, size_t errlen)
{
	int e = signature_pattern_check(pattern, err, errlen);

	if (e)
		return e;
	if (ignore.n == REPORT_MAX_IGNORED) {
		snprintf(err, errlen, "more than %d signatures to ignore", REPORT_MAX_IGNORED);
		return -ENOSPC;
	}
	ignore.patterns[ignore.n++] = pattern;
	return 0;
}

unsigned int report_nr_ignore_patterns(void)
{
	return ignore.n;
}

const char *report_ignore_pattern(unsigned int i)
{
	return i < ignore.n ? ignore.patterns[i] : NULL;
}

void report_ignore_known(void)
{
	ignore.known = true;
}

void report_ignore_clear(void)
{
	ignore.n = 0;
	ignore.known = false;
}

/* The pattern (or known-issue/finding note) that makes @signature ignored, or NULL. */
static const char *ignored_by(const char *signature)
{
	const char *doc;

	for (unsigned int i = 0; i < ignore.n; i++)
		if (signature_match(ignore.patterns[i], signature))
			return ignore.patterns[i];
	if (ignore.known && (doc = known_finding(signature)))
		return doc;
	return NULL;
}

void report_file(enum oracle_id oracle, const char *site, int cpu, const char *details,
		 const char *fmt, ...)
{
	struct report local, *r = NULL;
	char signature[sizeof(local.signature)];
	bool first = false;
	va_list ap;

	make_signature(signature, sizeof(signature), oracle, site);

	pthread_mutex_lock(&report_lock);
	total++;
	per_oracle[oracle]++;
	if (known_issue(signature) || ignored_by(signature))
		total_old++;
	r = find_locked(signature);
	if (!r && nr_reports < REPORT_MAX_SIGNATURES) {
		r = &reports[nr_reports++];
		first = true;
	}
	if (!r)
		r = &local;	/* table full: still print, keep nothing */

	if (first || r == &local) {
		memset(r, 0, sizeof(*r));
		r->oracle = oracle;
		snprintf(r->site, sizeof(r->site), "%s", site);
		memcpy(r->signature, signature, sizeof(signature));
		va_start(ap, fmt);
		vsnprintf(r->summary, sizeof(r->summary), fmt, ap);
		va_end(ap);
		r->details = strdup(details ? details : "");
		r->known = known_issue(signature);
		r->ignored = ignored_by(signature);
		r->cpu = cpu;
		r->now = rt_clock_now();
	}
	r->count++;
	journal_add_locked(r == &local ? NULL : r);

	if (printer)
		printer(r, first, printer_ctx);
	if (r == &local)
		free(local.details);
	pthread_mutex_unlock(&report_lock);
}

bool report_seen(enum oracle_id oracle, const char *site)
{
	bool seen;

	pthread_mutex_lock(&report_lock);
	seen = find_site_locked(oracle, site) != NULL;
	pthread_mutex_unlock(&report_lock);
	return seen;
}

/* Count a repeat of kept report @r, as report_file() would. */
static void again_locked(struct report *r)
{
	total++;
	per_oracle[r->oracle]++;
	if (r->known || r->ignored)
		total_old++;
	r->count++;
	journal_add_locked(r);
	if (printer)
		printer(r, false, printer_ctx);
}

bool report_again(enum oracle_id oracle, const char *site)
{
	struct report *r;

	pthread_mutex_lock(&report_lock);
	r = find_site_locked(oracle, site);
	if (r)
		again_locked(r);
	pthread_mutex_unlock(&report_lock);
	return r != NULL;
}

void report_journal_start(void)
{
	pthread_mutex_lock(&report_lock);
	journal.on = true;
	journal.complete = true;
	journal.owner = pthread_self();
	journal.generation = generation;
	journal.n = 0;
	pthread_mutex_unlock(&report_lock);
}

bool report_journal_stop(void)
{
	bool complete;

	pthread_mutex_lock(&report_lock);
	journal.on = false;
	complete = journal.complete = journal.complete && journal.generation == generation;
	pthread_mutex_unlock(&report_lock);
	return complete;
}

bool report_journal_replay(void)
{
	bool ok;

	pthread_mutex_lock(&report_lock);
	ok = !journal.on && journal.complete && journal.generation == generation;
	for (unsigned int i = 0; ok && i < journal.n; i++)
		again_locked(&reports[journal.idx[i]]);
	pthread_mutex_unlock(&report_lock);
	return ok;
}

unsigned long report_total(void)
{
	unsigned long n;

	pthread_mutex_lock(&report_lock);
	n = total;
	pthread_mutex_unlock(&report_lock);
	return n;
}

unsigned long report_total_new(void)
{
	unsigned long n;

	pthread_mutex_lock(&report_lock);
	n = total - total_old;
	pthread_mutex_unlock(&report_lock);
	return n;
}

unsigned long report_count(enum oracle_id oracle)
{
	unsigned long n;

	pthread_mutex_lock(&report_lock);
	n = (unsigned int)oracle < ORACLE_NR ? per_oracle[oracle] : 0;
	pthread_mutex_unlock(&report_lock);
	return n;
}

unsigned int report_nr_signatures(void)
{
	unsigned int n;

	pthread_mutex_lock(&report_lock);
	n = nr_reports;
	pthread_mutex_unlock(&report_lock);
	return n;
}

const struct report *report_get(unsigned int i)
{
	const struct report *r;

	pthread_mutex_lock(&report_lock);
	r = i < nr_reports ? &reports[i] : NULL;
	pthread_mutex_unlock(&report_lock);
	return r;
}

void report_write(FILE *f, const struct report *r, const char *rule)
{
	fprintf(f, "\n%s REPORT %s\n%s", rule, r->signature, r->summary);
	/* Quiescent checks run on no CPU, and before the clock moved: say so. */
	if (r->cpu >= 0)
		fprintf(f, " (CPU%d, ", r->cpu);
	else
		fprintf(f, " (found by a check between operations, ");
	if (r->now)
		fprintf(f, "%llu ns into the run)\n", (unsigned long long)r->now);
	else
		fprintf(f, "before the clock moved)\n");
	if (r->known)
		fprintf(f, "KNOWN ISSUE: %s\n", r->known);
	if (r->ignored)
		fprintf(f, "IGNORED (%s): does not count\n", r->ignored);
	if (r->details && r->details[0])
		fprintf(f, "%s", r->details);
	fprintf(f, "%s END REPORT\n", rule);
}

void report_print(const struct report *r, bool first, void *ctx)
{
	(void)ctx;
	if (first)
		report_write(stderr, r, "====");
}
