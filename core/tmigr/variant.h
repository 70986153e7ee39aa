/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Variants of the model. TMIGR_FIXED is the algorithm of Linux 6.12. Every
 * other variant reintroduces one historical bug exactly as the kernel had
 * it; the harness must catch each with general oracles, never by looking at
 * the variant. A fix-* variant is 6.12 plus a candidate fix of a finding
 * (patches/), validated with the same oracles.
 */
#ifndef TMIGR_VARIANT_H
#define TMIGR_VARIANT_H

#include <stdbool.h>
#include <stdio.h>

enum tmigr_variant {
	TMIGR_FIXED,
	TMIGR_NO_SEQ,
	TMIGR_UNLOCKED_STATE_READ,
	TMIGR_NO_REMOTE_WALK,
	TMIGR_EARLY_RETURN_DEACTIVATE,
	TMIGR_PARENT_REREAD,
	TMIGR_QUICK_CHECK_TOP_ONLY,
	TMIGR_SETUP_IN_ONLINE,
	TMIGR_V4_AP_PREPARE,
	TMIGR_SETUP_OOB,
	/* Candidate fix, not upstream: docs/findings/deactivate-vs-last-idle.md */
	TMIGR_FIX_DEACTIVATE_WALK,
	/*
	 * Both candidate fixes (patches/0001, and the remote expiry's walk
	 * queueing a re-armed timer: docs/findings.md): the patched baseline.
	 */
	TMIGR_FIX_REMOTE_IGNORE,
	TMIGR_NR_VARIANTS
};

struct tmigr_variant_info {
	const char	*name;
	const char	*summary;
	/* Upstream commit whose change the variant undoes ("" for none). */
	const char	*upstream;
};

/*
 * True when the running backend instance (tmigr_ops, see tmigr.h) runs
 * variant @v. Model code looks at the variant only through this: the
 * variant is a property of the instance, not of the process.
 */
bool tmigr_variant_is(enum tmigr_variant v);

/* The variant of the running backend instance. */
enum tmigr_variant tmigr_variant_current(void);

const struct tmigr_variant_info *tmigr_variant_info(enum tmigr_variant v);
const char *tmigr_variant_name(enum tmigr_variant v);

/* Returns false when @name is not a known variant. */
bool tmigr_variant_parse(const char *name, enum tmigr_variant *out);

/*
 * Print every variant, one line each: name, summary and the upstream commit
 * it undoes (what --list-variants of every tool prints).
 */
void tmigr_variant_list(FILE *f);

#endif /* TMIGR_VARIANT_H */
