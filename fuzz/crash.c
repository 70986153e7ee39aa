// SPDX-License-Identifier: GPL-2.0-only
/*
 * One crashing function per oracle. Each prints the report (summary,
 * explanation, hierarchy) and aborts; the function name in the stack is the
 * bucket. They are kept distinct (different text, noinline) so the
 * compiler cannot fold them into one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static enum exec_profile crash_profile;

/* The fuzz target's directory; tools/ is next to it in the build. */
static const char *exe_dir(void)
{
	static char dir[4096];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);

	if (n <= 0)
		return ".";
	dir[n] = '\0';
	*strrchr(dir, '/') = '\0';
	return dir;
}

static void print(const char *oracle, const struct report *r, const char *why)
{
	fprintf(stderr, "\n==== tmigr-torture: %s violation\n", oracle);
	if (r) {
		fprintf(stderr, "signature: %s\n%s\n", r->signature, r->summary);
		if (r->details)
			fputs(r->details, stderr);
	}
	if (why && why[0])
		fprintf(stderr, "%s\n", why);
	/* libFuzzer names the file after this: "Test unit written to ...". */
	fprintf(stderr, "==== replay: %s/../tools/tmigr-replay --profile %s --backend %s --variant %s <the file of 'Test unit written to' below>\n",
		exe_dir(), exec_profile_name(crash_profile), tmigr_ops->name,
		tmigr_variant_name(tmigr_variant_current()));
	fflush(stderr);
}

#define CRASHER(fn, oracle)							\
	static __attribute__((noinline, noreturn, used))		\
	void fn(const struct report *r, const char *why)			\
	{									\
		print(oracle, r, why);						\
		__asm__ __volatile__("" ::: "memory");				\
		abort();							\
	}

CRASHER(tmigr_crash_warn, "kernel WARN")
CRASHER(tmigr_crash_setup_failure, "setup failure")
CRASHER(tmigr_crash_structure, "structure")
CRASHER(tmigr_crash_phantom_active, "phantom-active")
CRASHER(tmigr_crash_lost_active, "lost-active")
CRASHER(tmigr_crash_ignored_timer, "ignored timer")
CRASHER(tmigr_crash_late_timer, "late timer")
CRASHER(tmigr_crash_livelock, "livelock")
CRASHER(tmigr_crash_deadlock, "deadlock")
CRASHER(tmigr_crash_quick_check, "quick-check forecast")
CRASHER(tmigr_crash_event_queue, "event-queue")

void fuzz_crash(const struct exec_result *r, enum exec_profile profile)
{
	static void (*const crashers[ORACLE_NR])(const struct report *, const char *) = {
		[ORACLE_WARN]		= tmigr_crash_warn,
		[ORACLE_SETUP_FAILURE]	= tmigr_crash_setup_failure,
		[ORACLE_STRUCTURE]	= tmigr_crash_structure,
		[ORACLE_PHANTOM_ACTIVE]	= tmigr_crash_phantom_active,
		[ORACLE_LOST_ACTIVE]	= tmigr_crash_lost_active,
		[ORACLE_IGNORED_TIMER]	= tmigr_crash_ignored_timer,
		[ORACLE_LATE_TIMER]	= tmigr_crash_late_timer,
		[ORACLE_LIVELOCK]	= tmigr_crash_livelock,
		[ORACLE_DEADLOCK]	= tmigr_crash_deadlock,
		[ORACLE_QUICK_CHECK]	= tmigr_crash_quick_check,
		[ORACLE_EVENT_QUEUE]	= tmigr_crash_event_queue,
	};
	const struct report *first = NULL;

	crash_profile = profile;
	fuzz_ignored_flush();	/* abort() runs no atexit handler */
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		const struct report *rep = report_get(i);

		if (!rep->known && !rep->ignored) {
			first = rep;
			break;
		}
	}
	if (first)
		crashers[first->oracle](first, r->why);
	if (r->outcome == CTL_DEADLOCK)
		tmigr_crash_deadlock(NULL, r->why);
	tmigr_crash_livelock(NULL, r->why);
}
