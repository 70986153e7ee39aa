/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reports: what every oracle files when an invariant breaks.
 *
 * A report has a stable signature, "<oracle>:<site>:<variant>", used to
 * deduplicate crashes across runs: the site names the invariant or the WARN
 * (function and condition), never a CPU number or a time. The first report
 * of each signature is kept whole; later ones only count.
 */
#ifndef CHECK_REPORT_H
#define CHECK_REPORT_H

#include <stdio.h>

#include "../rt/types.h"

enum oracle_id {
	ORACLE_WARN,		/* a kernel WARN_ON*() site fired */
	ORACLE_SETUP_FAILURE,	/* init or a hotplug callback failed */
	ORACLE_STRUCTURE,	/* the tree is malformed */
	ORACLE_PHANTOM_ACTIVE,	/* something looks active that is not */
	ORACLE_LOST_ACTIVE,	/* an active CPU is not active on its path */
	ORACLE_IGNORED_TIMER,	/* a global timer nobody will run */
	ORACLE_LATE_TIMER,	/* a timer ran later than the allowed slack */
	ORACLE_LIVELOCK,	/* no progress within the step budget */
	ORACLE_DEADLOCK,	/* no CPU can run */
	ORACLE_QUICK_CHECK,	/* idle forecast later than the deactivation's */
	ORACLE_EVENT_QUEUE,	/* the timer event queues disagree with the hierarchy */
	ORACLE_NR
};

struct report {
	enum oracle_id	oracle;
	char		site[160];
	char		signature[256];
	char		summary[320];	/* one line */
	char		*details;	/* explanation and drawing; may be "" */
	const char	*known;		/* upstream explanation (known.h), or NULL */
	const char	*ignored;	/* the pattern that ignores it (report_ignore()), or NULL */
	int		cpu;		/* CPU that hit it, or -1 */
	u64		now;		/* virtual time */
	unsigned long	count;		/* reports with this signature */
};

/* Called for every report filed; @first is true for a new signature. */
typedef void (*report_printer_t)(const struct report *r, bool first, void *ctx);

const char *oracle_name(enum oracle_id id);

void report_reset(void);
void report_set_printer(report_printer_t fn, void *ctx);

/*
 * File a report. @site identifies the invariant (stable across runs);
 * @details (may be NULL) is copied. Thread safe.
 */
void report_file(enum oracle_id oracle, const char *site, int cpu, const char *details,
		 const char *fmt, ...) __printf(5, 6);

/*
 * Has @oracle/@site been reported already? Then the oracle need not build
 * the details again: report_again() counts the repeat, and returns false
 * (counting nothing) when the signature is new.
 */
bool report_seen(enum oracle_id oracle, const char *site);
bool report_again(enum oracle_id oracle, const char *site);

/*
 * The journal: report_journal_start() begins it afresh; every report the
 * calling thread then files or repeats is noted, in order.
 * report_journal_stop() ends it: true if it holds them all (kept
 * signatures, at most 64, the table not reset since the start).
 * report_journal_replay() files them all again, as repeats, with the
 * printer called as for any repeat: what checking an unchanged state
 * again would file. False, filing nothing, if the journal cannot be
 * replayed (incomplete, still on, or the table was reset).
 */
void report_journal_start(void);
bool report_journal_stop(void);
bool report_journal_replay(void);

/*
 * Reports selected by @pattern (signature.h) no longer count as new: a
 * search or fuzzer looks past them. Kept across report_reset(). 0, or
 * -EINVAL (bad pattern, message in @err) or -ENOSPC (too many).
 */
int report_ignore(const char *pattern, char *err, size_t errlen);
/* Also ignore every known issue and documented finding (known.h). */
void report_ignore_known(void);
/* The patterns report_ignore() took, in order (a command line that repeats a run). */
unsigned int report_nr_ignore_patterns(void);
const char *report_ignore_pattern(unsigned int i);
void report_ignore_clear(void);

unsigned long report_total(void);
/* Reports that are neither known issues nor ignored: what decides a run's verdict. */
unsigned long report_total_new(void);
unsigned long report_count(enum oracle_id oracle);
unsigned int report_nr_signatures(void);
/* The first report of the @i-th signature, in order of appearance. */
const struct report *report_get(unsigned int i);

/*
 * The one way a report is printed: a "@rule REPORT signature" line, the
 * summary with where and when, the known-issue note, the details, and a
 * "@rule END REPORT" line.
 */
void report_write(FILE *f, const struct report *r, const char *rule);
/* The default printer: report_write() of a new signature to stderr. */
void report_print(const struct report *r, bool first, void *ctx);

#endif /* CHECK_REPORT_H */
