// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lost-active oracle: an active CPU (online, not idle) is marked active in
 * every group on its way to the root. Otherwise a walk that hands out the
 * migrator role, or hands the first expiry to the last idle CPU, decides on
 * a state that forgot this CPU.
 */
#include "oracles.h"

unsigned int oracle_lost_active(const struct tmigr_snapshot *snap)
{
	unsigned int n = 0;
	char name[32];

	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];
		int g = sc->group, steps = 0;
		u8 mask = sc->groupmask;

		if (!sc->prepared || !sc->online || sc->idle)
			continue;

		while (g != TMIGR_SNAP_NONE && steps++ <= (int)snap->levels) {
			const struct tmigr_snap_group *sg = &snap->groups[g];

			if (!(sg->active & mask)) {
				const char *site = sg->level == 0 ? "cpu-not-active-in-group" :
							"branch-not-active-in-parent";
				n += oracle_file(ORACLE_LOST_ACTIVE, snap, site, g, c, "<-- lost",
						 "active CPU not active on its path",
						 "CPU%d is active, but its branch (bit 0x%02x) is not "
						 "active in %s", c, mask,
						 tmigr_snap_group_name(snap, g, name, sizeof(name)));
				break;
			}
			mask = sg->groupmask;
			g = sg->parent;
		}
	}
	return n;
}
