// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phantom-active oracle: nothing may look active that is not.
 *
 *  - a child marked active in a group must have an active child itself
 *    (a CPU: online and not idle; a group: a non-empty active mask);
 *  - every active bit belongs to an existing child;
 *  - the migrator is TMIGR_NONE exactly when nothing is active, and
 *    otherwise one active child (race B leaves migrator = 0x00);
 *  - the root is idle when every CPU is idle (race A leaves it active).
 */
#include <stdio.h>
#include <stdlib.h>

#include "oracles.h"
#include "../trace/render.h"

static unsigned int file(const struct tmigr_snapshot *snap, const char *site, int g, int cpu,
			 const char *summary, const char *why)
{
	char *d = oracle_describe(snap, g, cpu, "<-- phantom", "%s", why);

	report_file(ORACLE_PHANTOM_ACTIVE, site, cpu, d, "%s", summary);
	free(d);
	return 1;
}

/* Child of @g holding @bit: CPU (returns 1) or group (returns 2); 0: none. */
static int find_child(const struct tmigr_snapshot *snap, int g, unsigned int bit, int *out)
{
	if (snap->groups[g].level == 0) {
		for (int c = 0; c < snap->nr_cpus; c++) {
			if (snap->cpus[c].prepared && snap->cpus[c].group == g &&
			    snap->cpus[c].groupmask == BIT(bit)) {
				*out = c;
				return 1;
			}
		}
		return 0;
	}
	for (int k = 0; k < snap->nr_groups; k++) {
		if (snap->groups[k].parent == g && snap->groups[k].groupmask == BIT(bit)) {
			*out = k;
			return 2;
		}
	}
	return 0;
}

static unsigned int check_group(const struct tmigr_snapshot *snap, int g)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	char name[32], child[32], why[320];
	unsigned int n = 0;

	tmigr_snap_group_name(snap, g, name, sizeof(name));

	if (sg->migrator == 0xff && sg->active) {
		snprintf(why, sizeof(why), "%s has active children (0x%02x) but no migrator", name,
			 sg->active);
		n += file(snap, "active-without-migrator", g, -1, "active group without a migrator",
			  why);
	} else if (sg->migrator != 0xff &&
		   (__builtin_popcount(sg->migrator) != 1 || !(sg->migrator & sg->active))) {
		snprintf(why, sizeof(why),
			 "%s has migrator 0x%02x, which is not one of its active children (0x%02x): "
			 "the group looks active to every walker", name, sg->migrator, sg->active);
		n += file(snap, "migrator-not-active-child", g, -1, "migrator is not an active child",
			  why);
	}

	for (unsigned int bit = 0; bit < 8; bit++) {
		int who, kind;

		if (!(sg->active & BIT(bit)))
			continue;
		kind = find_child(snap, g, bit, &who);
		if (!kind) {
			snprintf(why, sizeof(why), "%s has active bit 0x%02x, but no child owns it", name,
				 (unsigned int)BIT(bit));
			n += file(snap, "active-bit-without-child", g, -1, "active bit without a child",
				  why);
		} else if (kind == 1) {
			const struct tmigr_snap_cpu *sc = &snap->cpus[who];

			if (!sc->online || sc->idle) {
				snprintf(why, sizeof(why), "CPU%d is %s but marked active in %s", who,
					 sc->online ? "idle" : "not online", name);
				n += file(snap, "inactive-cpu-marked-active", g, who,
					  "inactive CPU marked active", why);
			}
		} else if (!snap->groups[who].active) {
			snprintf(why, sizeof(why),
				 "%s is marked active in %s but has no active child itself",
				 tmigr_snap_group_name(snap, who, child, sizeof(child)), name);
			n += file(snap, "idle-group-marked-active", who, -1,
				  "idle group marked active in its parent", why);
		}
	}
	return n;
}

unsigned int oracle_phantom_active(const struct tmigr_snapshot *snap)
{
	int root = tmigr_snap_root(snap);
	bool any_active = false;
	unsigned int n = 0;
	char name[32], why[256];

	for (int g = 0; g < snap->nr_groups; g++)
		n += check_group(snap, g);

	for (int c = 0; c < snap->nr_cpus; c++)
		any_active |= snap->cpus[c].prepared && snap->cpus[c].online && !snap->cpus[c].idle;

	if (root != TMIGR_SNAP_NONE && !any_active && snap->groups[root].active) {
		snprintf(why, sizeof(why),
			 "every CPU is idle, yet the root %s has active = 0x%02x: no CPU will ever "
			 "be told to wake up for the hierarchy's timers",
			 tmigr_snap_group_name(snap, root, name, sizeof(name)), snap->groups[root].active);
		n += file(snap, "root-active-while-all-idle", root, -1,
			  "root looks active while every CPU is idle", why);
	}
	return n;
}
