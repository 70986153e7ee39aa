// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "variant.h"

enum tmigr_variant tmigr_variant = TMIGR_FIXED;

static const struct tmigr_variant_info tmigr_variants[TMIGR_NR_VARIANTS] = {
	[TMIGR_FIXED] = {
		.name		= "fixed",
		.summary	= "timer_migration.c as of Linux 6.12 (with its stable fixes)",
		.upstream	= "",
	},
	[TMIGR_FIX_DEACTIVATE_WALK] = {
		.name		= "fix-deactivate-walk",
		.summary	= "6.12 plus the candidate fix of the deactivation race: tmigr_inactive_up() walks on when the group is idle after its event update (patches/0001)",
		.upstream	= "",
	},
};

const struct tmigr_variant_info *tmigr_variant_info(enum tmigr_variant v)
{
	return (unsigned int)v < TMIGR_NR_VARIANTS ? &tmigr_variants[v] : NULL;
}

const char *tmigr_variant_name(enum tmigr_variant v)
{
	const struct tmigr_variant_info *info = tmigr_variant_info(v);

	return info ? info->name : "?";
}

bool tmigr_variant_parse(const char *name, enum tmigr_variant *out)
{
	for (unsigned int v = 0; v < TMIGR_NR_VARIANTS; v++) {
		if (!strcmp(name, tmigr_variants[v].name)) {
			*out = (enum tmigr_variant)v;
			return true;
		}
	}
	return false;
}
