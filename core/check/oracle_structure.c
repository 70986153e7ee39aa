// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structure oracle: the tree itself is well formed.
 *
 *  - exactly one group without a parent (the root) per hierarchy (trees
 *    with per-capacity hierarchies have one per CPU capacity);
 *  - a parent is exactly one level above its child, in the same hierarchy,
 *    all levels in range;
 *  - every connected group and every prepared CPU has a one-bit mask, unique
 *    among its siblings and within the slots its parent accounted;
 *  - no group has more than eight children;
 *  - below the crossnode level a group and all CPUs under it share a NUMA
 *    node; from the crossnode level up groups are node-less;
 *  - every prepared CPU reaches the root of its hierarchy.
 */
#include <string.h>

#include "oracles.h"

#define file(snap, site, g, cpu, summary, ...)					\
	oracle_file(ORACLE_STRUCTURE, snap, site, g, cpu, "<-- here", summary, __VA_ARGS__)

static bool one_bit(unsigned int m)
{
	return m && !(m & (m - 1));
}

static unsigned int check_groups(const struct tmigr_snapshot *snap, const int *nkids)
{
	unsigned int n = 0;
	u8 *seen = tmigr_snapshot_scratch(snap, (size_t)snap->nr_groups + 1);
	char a[32], b[32];

	if (seen)
		memset(seen, 0, (size_t)snap->nr_groups + 1);

	for (int g = 0; g < snap->nr_groups; g++) {
		const struct tmigr_snap_group *sg = &snap->groups[g];

		if (sg->level < 0 || (unsigned int)sg->level >= snap->levels)
			n += file(snap, "level-out-of-range", g, -1, "group level out of range",
				  "%s is on level %d, but the hierarchy has %u levels",
				  tmigr_snap_group_name(snap, g, a, sizeof(a)), sg->level, snap->levels);

		if (sg->parent != TMIGR_SNAP_NONE) {
			const struct tmigr_snap_group *p = &snap->groups[sg->parent];

			if (p->hier != sg->hier)
				n += file(snap, "cross-hierarchy", g, -1, "parent in another hierarchy",
					  "%s (hierarchy %d) has parent %s of hierarchy %d",
					  tmigr_snap_group_name(snap, g, a, sizeof(a)), sg->hier,
					  tmigr_snap_group_name(snap, sg->parent, b, sizeof(b)), p->hier);
			if (p->level != sg->level + 1)
				n += file(snap, "parent-level", g, -1, "parent not one level up",
					  "%s (level %d) has parent %s (level %d)",
					  tmigr_snap_group_name(snap, g, a, sizeof(a)), sg->level,
					  tmigr_snap_group_name(snap, sg->parent, b, sizeof(b)), p->level);
			if (!one_bit(sg->groupmask) || sg->groupmask >= BIT(p->num_children))
				n += file(snap, "groupmask", g, -1, "bad groupmask",
					  "%s has groupmask 0x%02x in %s, which accounted %u children",
					  tmigr_snap_group_name(snap, g, a, sizeof(a)), sg->groupmask,
					  tmigr_snap_group_name(snap, sg->parent, b, sizeof(b)),
					  p->num_children);
			else if (seen && (seen[sg->parent] & sg->groupmask))
				n += file(snap, "duplicate-groupmask", g, -1,
					  "siblings share a groupmask",
					  "two children of %s share groupmask 0x%02x",
					  tmigr_snap_group_name(snap, sg->parent, b, sizeof(b)),
					  sg->groupmask);
			else if (seen)
				seen[sg->parent] |= sg->groupmask;
		}

		if (nkids[g] > 8 || (unsigned int)nkids[g] > sg->num_children)
			n += file(snap, "too-many-children", g, -1, "too many children",
				  "%s has %d children (accounted %u, at most 8)",
				  tmigr_snap_group_name(snap, g, a, sizeof(a)), nkids[g],
				  sg->num_children);

		if ((unsigned int)sg->level >= snap->crossnode_level && sg->numa_node != -1)
			n += file(snap, "node-above-crossnode", g, -1, "node set above crossnode level",
				  "%s is at or above the crossnode level %u but on node %d",
				  tmigr_snap_group_name(snap, g, a, sizeof(a)), snap->crossnode_level,
				  sg->numa_node);
	}
	return n;
}

static unsigned int check_cpus(const struct tmigr_snapshot *snap)
{
	unsigned int n = 0, nr_hiers = tmigr_snap_nr_hiers(snap);
	u8 *seen = tmigr_snapshot_scratch(snap, (size_t)snap->nr_groups + 1);
	int *root = tmigr_snapshot_scratch(snap, nr_hiers * sizeof(*root));
	char a[32];

	if (!root)
		return 0;
	if (seen)
		memset(seen, 0, (size_t)snap->nr_groups + 1);
	/* Every hierarchy is in range here (oracle_structure() checked). */
	for (unsigned int h = 0; h < nr_hiers; h++)
		root[h] = tmigr_snap_hier_root(snap, (int)h);

	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];
		bool node_reported = false;
		int g, steps = 0;

		if (!sc->prepared)
			continue;

		if (sc->group == TMIGR_SNAP_NONE || snap->groups[sc->group].level != 0) {
			n += file(snap, "cpu-group", TMIGR_SNAP_NONE, c, "CPU not in a level 0 group",
				  "CPU%d is attached to %s, not to a level 0 group", c,
				  tmigr_snap_group_name(snap, sc->group, a, sizeof(a)));
			continue;
		}

		if (!one_bit(sc->groupmask) ||
		    sc->groupmask >= BIT(snap->groups[sc->group].num_children))
			n += file(snap, "cpu-groupmask", sc->group, c, "bad CPU groupmask",
				  "CPU%d has groupmask 0x%02x in %s", c, sc->groupmask,
				  tmigr_snap_group_name(snap, sc->group, a, sizeof(a)));
		else if (seen && (seen[sc->group] & sc->groupmask))
			n += file(snap, "duplicate-cpu-groupmask", sc->group, c,
				  "CPUs share a groupmask",
				  "CPU%d shares groupmask 0x%02x in %s with another CPU", c,
				  sc->groupmask, tmigr_snap_group_name(snap, sc->group, a, sizeof(a)));
		else if (seen)
			seen[sc->group] |= sc->groupmask;

		/* Up to the root, staying on the CPU's node below crossnode. */
		for (g = sc->group; g != TMIGR_SNAP_NONE && steps <= (int)snap->levels; steps++) {
			const struct tmigr_snap_group *sg = &snap->groups[g];

			if ((unsigned int)sg->level < snap->crossnode_level && sg->numa_node != sc->node &&
			    !node_reported) {
				n += file(snap, "node-locality", g, c, "CPU in another node's group",
					  "CPU%d (node %d) is below %s, a node-local group of node %d",
					  c, sc->node, tmigr_snap_group_name(snap, g, a, sizeof(a)),
					  sg->numa_node);
				node_reported = true;
			}
			if (sg->parent == TMIGR_SNAP_NONE)
				break;
			g = sg->parent;
		}
		if (g != root[snap->groups[sc->group].hier])
			n += file(snap, "unreachable-root", sc->group, c, "CPU does not reach the root",
				  "walking up from CPU%d ends at %s, not at the root of its hierarchy",
				  c, tmigr_snap_group_name(snap, g, a, sizeof(a)));
	}
	return n;
}

unsigned int oracle_structure(const struct tmigr_snapshot *snap)
{
	unsigned int n = 0, nr_hiers = tmigr_snap_nr_hiers(snap);
	int *roots, *groups, *nkids;
	bool rooted = true;

	if (!snap->nr_groups)
		return 0;

	/*
	 * Children per group, counted once: child groups and CPUs; roots and
	 * groups per hierarchy.
	 */
	nkids = tmigr_snapshot_scratch(snap, ((size_t)snap->nr_groups + 2 * nr_hiers) * sizeof(*nkids));
	if (!nkids)
		return 0;
	memset(nkids, 0, ((size_t)snap->nr_groups + 2 * nr_hiers) * sizeof(*nkids));
	roots = nkids + snap->nr_groups;
	groups = roots + nr_hiers;
	for (int g = 0; g < snap->nr_groups; g++) {
		int h = snap->groups[g].hier;

		if (h < 0 || (unsigned int)h >= nr_hiers) {
			n += file(snap, "hierarchy-out-of-range", g, -1, "hierarchy out of range",
				  "group slot %d is in hierarchy %d of %u", g, h, nr_hiers);
			rooted = false;
			continue;
		}
		groups[h]++;
		if (snap->groups[g].parent == TMIGR_SNAP_NONE)
			roots[h]++;
		else
			nkids[snap->groups[g].parent]++;
	}
	for (int c = 0; c < snap->nr_cpus; c++)
		if (snap->cpus[c].group >= 0 && snap->cpus[c].group < snap->nr_groups)
			nkids[snap->cpus[c].group]++;

	/* A hierarchy without groups (its CPUs' setup failed) has nothing to root. */
	for (unsigned int h = 0; h < nr_hiers; h++) {
		if (!groups[h] || roots[h] == 1)
			continue;
		rooted = false;
		if (nr_hiers == 1)
			n += file(snap, "root-count", TMIGR_SNAP_NONE, -1, "not exactly one root",
				  "%d groups have no parent; there must be exactly one root", roots[h]);
		else
			n += file(snap, "root-count", TMIGR_SNAP_NONE, -1, "not exactly one root",
				  "%d groups of hierarchy %u (capacity %lu) have no parent; each "
				  "hierarchy must have exactly one root", roots[h], h,
				  h < TMIGR_SNAP_MAX_HIERS ? snap->hier_capacity[h] : 0UL);
	}
	n += check_groups(snap, nkids);
	if (rooted)
		n += check_cpus(snap);
	return n;
}
