// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phantom-active oracle: nothing may look active that is not.
 *
 *  - a child marked active in a group must have an active child itself
 *    (a CPU: online and not idle; a group: a non-empty active mask);
 *  - every active bit belongs to an existing child;
 *  - the migrator is TMIGR_NONE exactly when nothing is active, and
 *    otherwise one active child (race B leaves migrator = 0x00);
 *  - the root is idle when every CPU (of its hierarchy) is idle (race A
 *    leaves it active).
 */

#include "oracles.h"

#define file(snap, site, g, cpu, summary, ...)					\
	oracle_file(ORACLE_PHANTOM_ACTIVE, snap, site, g, cpu, "<-- phantom", summary, __VA_ARGS__)

/*
 * Who holds each bit of each group: CPU c (c >= 0) or group -(g + 2);
 * -1 for nobody. Built once per snapshot.
 */
static int *child_table(const struct tmigr_snapshot *snap)
{
	int *t = tmigr_snapshot_scratch(snap, sizeof(*t) * 8 * (size_t)snap->nr_groups);

	if (!t)
		return NULL;
	for (int i = 0; i < 8 * snap->nr_groups; i++)
		t[i] = -1;
	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];

		if (sc->prepared && sc->group >= 0 && sc->group < snap->nr_groups && sc->groupmask &&
		    snap->groups[sc->group].level == 0)
			t[sc->group * 8 + __builtin_ctz(sc->groupmask)] = c;
	}
	for (int k = 0; k < snap->nr_groups; k++) {
		const struct tmigr_snap_group *sg = &snap->groups[k];

		if (sg->parent >= 0 && sg->groupmask && snap->groups[sg->parent].level > 0)
			t[sg->parent * 8 + __builtin_ctz(sg->groupmask)] = -(k + 2);
	}
	return t;
}

static unsigned int check_group(const struct tmigr_snapshot *snap, int g, const int *children)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	char name[32], child[32];
	unsigned int n = 0;

	/* Cheap exit first: the common, consistent case formats nothing. */
	name[0] = '\0';
	if (sg->migrator == 0xff ? !sg->active :
	    (__builtin_popcount(sg->migrator) == 1 && (sg->migrator & sg->active))) {
		bool fine = true;

		for (unsigned int bit = 0; bit < 8 && fine; bit++) {
			int who = children[g * 8 + (int)bit];

			if (!(sg->active & BIT(bit)))
				continue;
			if (who == -1)
				fine = false;
			else if (who >= 0)
				fine = snap->cpus[who].online && !snap->cpus[who].idle;
			else
				fine = snap->groups[-who - 2].active != 0;
		}
		if (fine)
			return 0;
	}
	tmigr_snap_group_name(snap, g, name, sizeof(name));

	if (sg->migrator == 0xff && sg->active)
		n += file(snap, "active-without-migrator", g, -1, "active group without a migrator",
			  "%s has active children (0x%02x) but no migrator", name, sg->active);
	else if (sg->migrator != 0xff &&
		 (__builtin_popcount(sg->migrator) != 1 || !(sg->migrator & sg->active)))
		n += file(snap, "migrator-not-active-child", g, -1, "migrator is not an active child",
			  "%s has migrator 0x%02x, which is not one of its active children (0x%02x): "
			  "the group looks active to every walker", name, sg->migrator, sg->active);

	for (unsigned int bit = 0; bit < 8; bit++) {
		int who = children[g * 8 + (int)bit];
		int kind = who == -1 ? 0 : who >= 0 ? 1 : 2;

		if (!(sg->active & BIT(bit)))
			continue;
		if (kind == 2)
			who = -who - 2;
		if (!kind) {
			n += file(snap, "active-bit-without-child", g, -1, "active bit without a child",
				  "%s has active bit 0x%02x, but no child owns it", name,
				  (unsigned int)BIT(bit));
		} else if (kind == 1) {
			const struct tmigr_snap_cpu *sc = &snap->cpus[who];

			if (!sc->online || sc->idle)
				n += file(snap, "inactive-cpu-marked-active", g, who,
					  "inactive CPU marked active", "CPU%d is %s but marked active in %s",
					  who, sc->online ? "idle" : "not online", name);
		} else if (!snap->groups[who].active) {
			n += file(snap, "idle-group-marked-active", who, -1,
				  "idle group marked active in its parent",
				  "%s is marked active in %s but has no active child itself",
				  tmigr_snap_group_name(snap, who, child, sizeof(child)), name);
		}
	}
	return n;
}

/*
 * A hierarchy's root is idle when every CPU of that hierarchy is: a CPU of
 * another capacity's hierarchy never handles its timers.
 */
static unsigned int check_root(const struct tmigr_snapshot *snap, int h)
{
	int root = tmigr_snap_hier_root(snap, h);
	char name[32];

	if (root == TMIGR_SNAP_NONE || !snap->groups[root].active)
		return 0;
	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];

		if (sc->prepared && sc->online && !sc->idle && tmigr_snap_cpu_hier(snap, c) == h)
			return 0;
	}
	return file(snap, "root-active-while-all-idle", root, -1,
		    "root looks active while every CPU is idle",
		    "every CPU%s is idle, yet the root %s has active = 0x%02x: no CPU will ever "
		    "be told to wake up for the hierarchy's timers",
		    tmigr_snap_nr_hiers(snap) > 1 ? " of its hierarchy" : "",
		    tmigr_snap_group_name(snap, root, name, sizeof(name)), snap->groups[root].active);
}

unsigned int oracle_phantom_active(const struct tmigr_snapshot *snap)
{
	unsigned int n = 0;
	int *children = child_table(snap);

	if (!children)
		return 0;
	for (int g = 0; g < snap->nr_groups; g++)
		n += check_group(snap, g, children);

	for (unsigned int h = 0; h < tmigr_snap_nr_hiers(snap); h++)
		n += check_root(snap, (int)h);
	return n;
}
