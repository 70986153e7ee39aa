// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structure oracle: the tree itself is well formed.
 *
 *  - exactly one group without a parent (the root);
 *  - a parent is exactly one level above its child, all levels in range;
 *  - every connected group and every prepared CPU has a one-bit mask, unique
 *    among its siblings and within the slots its parent accounted;
 *  - no group has more than eight children;
 *  - below the crossnode level a group and all CPUs under it share a NUMA
 *    node; from the crossnode level up groups are node-less;
 *  - every prepared CPU reaches the root.
 */
#include <stdio.h>
#include <stdlib.h>

#include "oracles.h"

static unsigned int file(const struct tmigr_snapshot *snap, const char *site, int g, int cpu,
			 const char *fmt, const char *what)
{
	char *d = oracle_describe(snap, g, cpu, "<-- here", "%s", what);

	report_file(ORACLE_STRUCTURE, site, cpu, d, "%s", fmt);
	free(d);
	return 1;
}

static bool one_bit(unsigned int m)
{
	return m && !(m & (m - 1));
}

static unsigned int check_groups(const struct tmigr_snapshot *snap)
{
	unsigned int n = 0;
	char a[32], b[32], why[256];

	for (int g = 0; g < snap->nr_groups; g++) {
		const struct tmigr_snap_group *sg = &snap->groups[g];
		int kids[64], cpus[64], nk, nc;

		tmigr_snap_group_name(snap, g, a, sizeof(a));

		if (sg->level < 0 || (unsigned int)sg->level >= snap->levels) {
			snprintf(why, sizeof(why), "%s is on level %d, but the hierarchy has %u levels",
				 a, sg->level, snap->levels);
			n += file(snap, "level-out-of-range", g, -1, "group level out of range", why);
		}

		if (sg->parent != TMIGR_SNAP_NONE) {
			const struct tmigr_snap_group *p = &snap->groups[sg->parent];

			tmigr_snap_group_name(snap, sg->parent, b, sizeof(b));
			if (p->level != sg->level + 1) {
				snprintf(why, sizeof(why), "%s (level %d) has parent %s (level %d)",
					 a, sg->level, b, p->level);
				n += file(snap, "parent-level", g, -1, "parent not one level up", why);
			}
			if (!one_bit(sg->groupmask) || sg->groupmask >= BIT(p->num_children)) {
				snprintf(why, sizeof(why),
					 "%s has groupmask 0x%02x in %s, which accounted %u children",
					 a, sg->groupmask, b, p->num_children);
				n += file(snap, "groupmask", g, -1, "bad groupmask", why);
			}
			for (int s = g + 1; s < snap->nr_groups; s++) {
				if (snap->groups[s].parent == sg->parent &&
				    snap->groups[s].groupmask == sg->groupmask) {
					snprintf(why, sizeof(why), "%s and %s share groupmask 0x%02x in %s",
						 a, tmigr_snap_group_name(snap, s, b, sizeof(b)),
						 sg->groupmask, tmigr_snap_group_name(snap, sg->parent,
										       b, sizeof(b)));
					n += file(snap, "duplicate-groupmask", g, -1,
						  "siblings share a groupmask", why);
				}
			}
		}

		nk = tmigr_snap_child_groups(snap, g, kids, (int)ARRAY_SIZE(kids));
		nc = tmigr_snap_child_cpus(snap, g, cpus, (int)ARRAY_SIZE(cpus));
		if (nk + nc > 8 || (unsigned int)(nk + nc) > sg->num_children) {
			snprintf(why, sizeof(why), "%s has %d children (accounted %u, at most 8)",
				 a, nk + nc, sg->num_children);
			n += file(snap, "too-many-children", g, -1, "too many children", why);
		}
		if (nk && sg->level == 0) {
			snprintf(why, sizeof(why), "level 0 group %s has child groups", a);
			n += file(snap, "parent-level", g, -1, "parent not one level up", why);
		}

		if ((unsigned int)sg->level >= snap->crossnode_level && sg->numa_node != -1) {
			snprintf(why, sizeof(why), "%s is at or above the crossnode level %u but on node %d",
				 a, snap->crossnode_level, sg->numa_node);
			n += file(snap, "node-above-crossnode", g, -1, "node set above crossnode level",
				  why);
		}
	}
	return n;
}

static unsigned int check_cpus(const struct tmigr_snapshot *snap, int root)
{
	unsigned int n = 0;
	char a[32], why[256];

	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];
		bool node_reported = false;
		int g, steps = 0;

		if (!sc->prepared)
			continue;

		if (sc->group == TMIGR_SNAP_NONE || snap->groups[sc->group].level != 0) {
			snprintf(why, sizeof(why), "CPU%d is attached to %s, not to a level 0 group", c,
				 tmigr_snap_group_name(snap, sc->group, a, sizeof(a)));
			n += file(snap, "cpu-group", TMIGR_SNAP_NONE, c, "CPU not in a level 0 group",
				  why);
			continue;
		}

		tmigr_snap_group_name(snap, sc->group, a, sizeof(a));
		if (!one_bit(sc->groupmask) ||
		    sc->groupmask >= BIT(snap->groups[sc->group].num_children)) {
			snprintf(why, sizeof(why), "CPU%d has groupmask 0x%02x in %s", c, sc->groupmask, a);
			n += file(snap, "cpu-groupmask", sc->group, c, "bad CPU groupmask", why);
		}
		for (int o = c + 1; o < snap->nr_cpus; o++) {
			if (snap->cpus[o].prepared && snap->cpus[o].group == sc->group &&
			    snap->cpus[o].groupmask == sc->groupmask) {
				snprintf(why, sizeof(why), "CPU%d and CPU%d share groupmask 0x%02x in %s",
					 c, o, sc->groupmask, a);
				n += file(snap, "duplicate-cpu-groupmask", sc->group, c,
					  "CPUs share a groupmask", why);
			}
		}

		/* Up to the root, staying on the CPU's node below crossnode. */
		for (g = sc->group; g != TMIGR_SNAP_NONE && steps <= (int)snap->levels; steps++) {
			const struct tmigr_snap_group *sg = &snap->groups[g];

			if ((unsigned int)sg->level < snap->crossnode_level && sg->numa_node != sc->node &&
			    !node_reported) {
				snprintf(why, sizeof(why),
					 "CPU%d (node %d) is below %s, a node-local group of node %d",
					 c, sc->node, tmigr_snap_group_name(snap, g, a, sizeof(a)),
					 sg->numa_node);
				n += file(snap, "node-locality", g, c, "CPU in another node's group", why);
				node_reported = true;
			}
			if (sg->parent == TMIGR_SNAP_NONE)
				break;
			g = sg->parent;
		}
		if (g != root) {
			snprintf(why, sizeof(why), "walking up from CPU%d ends at %s, not at the root", c,
				 tmigr_snap_group_name(snap, g, a, sizeof(a)));
			n += file(snap, "unreachable-root", sc->group, c, "CPU does not reach the root",
				  why);
		}
	}
	return n;
}

unsigned int oracle_structure(const struct tmigr_snapshot *snap)
{
	int roots = 0, root = tmigr_snap_root(snap);
	char why[128];

	if (!snap->nr_groups)
		return 0;

	for (int g = 0; g < snap->nr_groups; g++)
		if (snap->groups[g].parent == TMIGR_SNAP_NONE)
			roots++;
	if (roots != 1) {
		snprintf(why, sizeof(why), "%d groups have no parent; there must be exactly one root",
			 roots);
		return file(snap, "root-count", TMIGR_SNAP_NONE, -1, "not exactly one root", why) +
		       check_groups(snap);
	}
	return check_groups(snap) + check_cpus(snap, root);
}
