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

#endif /* CHECK_KNOWN_H */
