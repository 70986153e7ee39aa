// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "known.h"
#include "signature.h"

struct known_issue {
	const char	*signature;
	const char	*note;
};

/*
 * Matched by pattern (oracle:site), whatever the variant or backend: the
 * imbalance is a property of the 6.12 algorithm, which every 6.12-based
 * variant and the real 6.12 file share, and trees that fixed it never
 * report it.
 */
static const struct known_issue known_issues[] = {
	{
		"structure:node-locality",
		"Linux 6.12 connects the old root below a new root of another NUMA node "
		"when that node's first CPU comes up, leaving node-local groups with "
		"children of another node (an imbalanced tree, more remote memory "
		"accesses; timers are not lost). Fixed upstream by 5eb579dfd46b "
		"\"timers/migration: Fix imbalanced NUMA trees\" (Nov 2025); 6.12.117 "
		"and 6.12.118 do not have it.",
	},
};

const char *known_issue(const char *signature)
{
	for (unsigned int i = 0; i < sizeof(known_issues) / sizeof(known_issues[0]); i++)
		if (signature_match(known_issues[i].signature, signature))
			return known_issues[i].note;
	return NULL;
}

/*
 * Open findings of docs/findings.md, by signature pattern (the mechanism
 * the lost-timer analysis names), with the section that documents them.
 * corpus/verdicts.txt's findings/ lines replay them.
 */
static const struct known_issue documented_findings[] = {
	{
		"event-queue:idle-child-not-queued",
		"documented finding (docs/findings.md, \"Deactivation racing the group's last "
		"CPU\": lost, at the quiescent point)",
	},
	{
		"ignored-timer:global-timer-never-expired/group-event-not-queued",
		"documented finding (docs/findings.md, \"Deactivation racing the group's last "
		"CPU\": lost, in the drain)",
	},
	{
		"event-queue:idle-child-stale",
		"documented finding (docs/findings.md, \"Deactivation racing the group's last "
		"CPU\": late, at the quiescent point)",
	},
	{
		"late-timer:global-timer-late/group-event-stale",
		"documented finding (docs/findings.md, \"Deactivation racing the group's last "
		"CPU\": late, in the drain)",
	},
	{
		/*
		 * The lost state, rescued: a CPU of the group woke on its own
		 * in the drain and ran the timer late (10 min of stress -n 64
		 * on fixed, with idle-child-not-queued at the same group).
		 */
		"late-timer:global-timer-late/group-event-not-queued",
		"documented finding (docs/findings.md, \"Deactivation racing the group's last "
		"CPU\": lost, rescued late in the drain by a CPU of the group)",
	},
	{
		"ignored-timer:global-timer-never-expired/cpu-event-ignored",
		"documented finding (docs/findings.md, \"A timer re-armed during a remote "
		"expiry\": lost)",
	},
	{
		/* The CPU woke up for something else in the drain and ran it. */
		"late-timer:global-timer-late/cpu-event-ignored",
		"documented finding (docs/findings.md, \"A timer re-armed during a remote "
		"expiry\": lost, rescued late when its CPU woke up for another reason)",
	},
};

const char *known_finding(const char *signature)
{
	const char *note = known_issue(signature);

	if (note)
		return "known issue (upstream fix, check/known.c)";
	for (unsigned int i = 0; i < sizeof(documented_findings) / sizeof(documented_findings[0]); i++)
		if (signature_match(documented_findings[i].signature, signature))
			return documented_findings[i].note;
	return NULL;
}

void known_list(void (*fn)(const char *pattern, const char *note, void *ctx), void *ctx)
{
	for (unsigned int i = 0; i < sizeof(known_issues) / sizeof(known_issues[0]); i++)
		fn(known_issues[i].signature, "known issue (upstream fix)", ctx);
	for (unsigned int i = 0; i < sizeof(documented_findings) / sizeof(documented_findings[0]); i++)
		fn(documented_findings[i].signature, documented_findings[i].note, ctx);
}
