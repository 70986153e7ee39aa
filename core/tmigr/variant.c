// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "variant.h"

static const struct tmigr_variant_info tmigr_variants[TMIGR_NR_VARIANTS] = {
	[TMIGR_FIXED] = {
		.name		= "fixed",
		.summary	= "timer_migration.c as of Linux 6.12 (with its stable fixes)",
		.upstream	= "",
	},
	[TMIGR_NO_SEQ] = {
		.name		= "no-seq",
		.summary	= "group state changes do not bump seq (documented race: "
				  "\"Protection of the tmigr group state information\")",
		.upstream	= "7ee988770326 (doc)",
	},
	[TMIGR_UNLOCKED_STATE_READ] = {
		.name		= "unlocked-state-read",
		.summary	= "tmigr_update_events() reads child and group state before "
				  "taking the locks (documented race: \"Prevent race between new "
				  "event and last CPU going inactive\")",
		.upstream	= "7ee988770326 (doc)",
	},
	[TMIGR_NO_REMOTE_WALK] = {
		.name		= "no-remote-walk",
		.summary	= "no walk after a remote expiry when the remote CPU has no new "
				  "global timer (documented race: \"Required event and timerqueue "
				  "update after a remote expiry\")",
		.upstream	= "7ee988770326 (doc)",
	},
	[TMIGR_EARLY_RETURN_DEACTIVATE] = {
		.name		= "early-return-deactivate",
		.summary	= "with nothing to queue tmigr_update_events() returns early even "
				  "at the top level (last idle CPU misses the first expiry)",
		.upstream	= "4b6f4c5a67c0",
	},
	[TMIGR_PARENT_REREAD] = {
		.name		= "parent-reread",
		.summary	= "group->parent re-read several times in one walk, with the WARN "
				  "on a top-level expiry once a parent exists",
		.upstream	= "facd40aa5c46",
	},
	[TMIGR_QUICK_CHECK_TOP_ONLY] = {
		.name		= "quick-check-top-only",
		.summary	= "tmigr_quick_check() looks only at the top level's next_expiry",
		.upstream	= "8ca1836769d7",
	},
	[TMIGR_SETUP_IN_ONLINE] = {
		.name		= "setup-in-online",
		.summary	= "6.10: group setup in the online callback on the incoming CPU; "
				  "old top activated only if its migrator is set; walk caches the "
				  "mask before following parent (seed races A and B)",
		.upstream	= "10a0e6f3d3db",
	},
	[TMIGR_V4_AP_PREPARE] = {
		.name		= "v4-ap-prepare",
		.summary	= "the seed's v4 patch as posted: prepare callback registered on "
				  "CPUHP_AP_TMIGR_ONLINE, online registration fails with -EBUSY",
		.upstream	= "10a0e6f3d3db (v4)",
	},
	[TMIGR_SETUP_OOB] = {
		.name		= "setup-oob",
		.summary	= "level-0 group allocation failure: the cleanup loop reads one "
				  "slot before the group stack",
		.upstream	= "d7ad05c86e21",
	},
	[TMIGR_FIX_DEACTIVATE_WALK] = {
		.name		= "fix-deactivate-walk",
		.summary	= "6.12 plus the candidate fix of the deactivation race: "
				  "tmigr_inactive_up() walks on when the group is idle after "
				  "its event update (patches/0001)",
		.upstream	= "",
	},
	[TMIGR_FIX_REMOTE_IGNORE] = {
		.name		= "fix-remote-ignore",
		.summary	= "fix-deactivate-walk plus the candidate fix of the remote "
				  "expiry race: tmigr_handle_remote_cpu() clears the CPU event's "
				  "ignore flag when it finds a global timer to queue",
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

void tmigr_variant_list(FILE *f)
{
	for (unsigned int v = 0; v < TMIGR_NR_VARIANTS; v++) {
		const struct tmigr_variant_info *info = &tmigr_variants[v];

		fprintf(f, "%-24s %-20s %s\n", info->name,
			info->upstream[0] ? info->upstream : "-", info->summary);
	}
}
