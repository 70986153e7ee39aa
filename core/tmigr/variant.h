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

enum tmigr_variant {
	TMIGR_FIXED,
	/* Candidate fix, not upstream: docs/findings/deactivate-vs-last-idle.md */
	TMIGR_FIX_DEACTIVATE_WALK,
	TMIGR_NR_VARIANTS
};

struct tmigr_variant_info {
	const char	*name;
	const char	*summary;
	/* Upstream commit whose change the variant undoes ("" for none). */
	const char	*upstream;
};

/* The variant the model runs; set before init, read-only afterwards. */
extern enum tmigr_variant tmigr_variant;

/*
 * True when the model runs variant @v. Model code looks at the variant only
 * through this, so where the variant lives can change in one place.
 */
static inline bool tmigr_variant_is(enum tmigr_variant v)
{
	return tmigr_variant == v;
}

const struct tmigr_variant_info *tmigr_variant_info(enum tmigr_variant v);
const char *tmigr_variant_name(enum tmigr_variant v);

/* Returns false when @name is not a known variant. */
bool tmigr_variant_parse(const char *name, enum tmigr_variant *out);

#endif /* TMIGR_VARIANT_H */
