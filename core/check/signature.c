// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "signature.h"
#include "../tmigr/variant.h"

/*
 * The sites each oracle files (docs/oracles.md). WARN and setup-failure
 * sites are built from the code (function and condition, state and errno):
 * any site is theirs.
 */
static const char *const sites_structure[] = {
	"root-count", "level-out-of-range", "parent-level", "groupmask", "duplicate-groupmask",
	"too-many-children", "node-above-crossnode", "cpu-group", "cpu-groupmask",
	"duplicate-cpu-groupmask", "node-locality", "unreachable-root", "cross-hierarchy",
	"hierarchy-out-of-range", NULL,
};
static const char *const sites_phantom[] = {
	"idle-group-marked-active", "inactive-cpu-marked-active", "migrator-not-active-child",
	"active-without-migrator", "active-bit-without-child", "root-active-while-all-idle", NULL,
};
static const char *const sites_lost_active[] = {
	"cpu-not-active-in-group", "branch-not-active-in-parent", NULL,
};
static const char *const sites_ignored[] = {
	"global-timer-never-expired", "pinned-timer-never-expired", NULL,
};
static const char *const sites_late[] = {
	"global-timer-late", "pinned-timer-late", NULL,
};
static const char *const sites_livelock[] = {
	"drain-no-progress", "wakeups-without-timer", "no-progress", "softirq-iterations",
	"softirq-virtual-time", "remote-walk-iterations", "remote-walk-virtual-time", NULL,
};
static const char *const sites_deadlock[] = {
	"no-runnable-cpu", "no-quiescent-point", NULL,
};
static const char *const sites_event_queue[] = {
	"event-queued-twice", "event-in-foreign-group", "queued-flag", "idle-child-not-queued", "idle-child-stale",
	"next-expiry", "empty-queue-next-expiry", "root-wakeup",
	NULL,
};

static const char *const *const oracle_sites[ORACLE_NR] = {
	[ORACLE_STRUCTURE]	= sites_structure,
	[ORACLE_PHANTOM_ACTIVE]	= sites_phantom,
	[ORACLE_LOST_ACTIVE]	= sites_lost_active,
	[ORACLE_IGNORED_TIMER]	= sites_ignored,
	[ORACLE_LATE_TIMER]	= sites_late,
	[ORACLE_LIVELOCK]	= sites_livelock,
	[ORACLE_DEADLOCK]	= sites_deadlock,
	[ORACLE_EVENT_QUEUE]	= sites_event_queue,
};

/*
 * Where a pattern may end inside a signature: at a field, a mechanism, or
 * a WARN's condition, so "warn:tmigr_setup_groups" selects every WARN in
 * that function (the condition holds spaces, which a comma-separated list
 * like TMIGR_IGNORE_SIGNATURES cannot carry).
 */
static bool boundary(char c)
{
	return c == '\0' || c == ':' || c == '/' || c == '(';
}

bool signature_match(const char *pattern, const char *signature)
{
	size_t n = strlen(pattern);

	if (!n || strncmp(pattern, signature, n))
		return false;
	return boundary(signature[n]) || pattern[n - 1] == ':' || pattern[n - 1] == '/';
}

/* @site (up to @len characters) is @base or one of its mechanisms. */
static bool site_of(const char *site, size_t len, const char *base)
{
	size_t n = strlen(base);

	return len >= n && !strncmp(site, base, n) && (len == n || site[n] == '/');
}

static void list(char *err, size_t errlen, const char *head, const char *const *names,
		 unsigned int nr)
{
	size_t used = strlen(err);

	snprintf(err + used, errlen - used, "%s", head);
	for (unsigned int i = 0; i < nr && names[i]; i++) {
		used = strlen(err);
		snprintf(err + used, errlen - used, "%s%s", i ? ", " : "", names[i]);
	}
}

int signature_pattern_check(const char *pattern, char *err, size_t errlen)
{
	const char *colon = strchr(pattern, ':'), *site, *last;
	const char *names[ORACLE_NR];
	enum tmigr_variant v;
	size_t olen = colon ? (size_t)(colon - pattern) : strlen(pattern), slen;
	int oracle = -1;

	for (int i = 0; i < ORACLE_NR; i++) {
		names[i] = oracle_name((enum oracle_id)i);
		if (strlen(names[i]) == olen && !strncmp(pattern, names[i], olen))
			oracle = i;
	}
	if (oracle < 0) {
		snprintf(err, errlen, "'%s' names no oracle; the oracles are: ", pattern);
		list(err, errlen, "", names, ORACLE_NR);
		return -EINVAL;
	}
	if (!colon || !colon[1])
		return 0;

	/* A full signature ends in a variant; sites may hold ':' themselves (WARNs). */
	site = colon + 1;
	slen = strlen(site);
	last = strrchr(site, ':');
	if (last && tmigr_variant_parse(last + 1, &v))
		slen = (size_t)(last - site);
	if (!oracle_sites[oracle])
		return 0;
	for (const char *const *s = oracle_sites[oracle]; *s; s++)
		if (site_of(site, slen, *s))
			return 0;
	snprintf(err, errlen, "'%s' names no site of %s; its sites are: ", pattern,
		 names[oracle]);
	list(err, errlen, "", oracle_sites[oracle], 64);
	return -EINVAL;
}
