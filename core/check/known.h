/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Known issues: findings in the modelled kernel version that upstream has
 * since fixed. Oracles stay general and report them like anything else;
 * this table only labels the report with the upstream fix, so a campaign on
 * the 6.12 model is not drowned in a finding that is already understood.
 * Known reports are counted apart and do not fail a run unless asked to.
 */
#ifndef CHECK_KNOWN_H
#define CHECK_KNOWN_H

/* The upstream explanation for @signature ("oracle:site:variant"), or NULL. */
const char *known_issue(const char *signature);

/*
 * What --ignore-known looks past: a known issue, or an open finding
 * documented in docs/findings.md (these do fail a run unless ignored).
 * Returns a one-line note naming it, or NULL.
 */
const char *known_finding(const char *signature);

/* Every pattern known_finding() knows, with its note (tmigr-search --list-known). */
void known_list(void (*fn)(const char *pattern, const char *note, void *ctx), void *ctx);

#endif /* CHECK_KNOWN_H */
