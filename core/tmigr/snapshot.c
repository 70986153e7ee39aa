// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot helpers shared by every backend, and taking a snapshot of the
 * backend in use together with the environment's view of each CPU.
 */
#include <stdio.h>
#include <stdlib.h>

#include "snapshot.h"
#include "tmigr.h"
#include "../env/kapi.h"

struct tmigr_snapshot *tmigr_snapshot_alloc(int nr_cpus, int cap_groups)
{
	struct tmigr_snapshot *snap = calloc(1, sizeof(*snap));

	if (!snap)
		return NULL;
	snap->nr_cpus = nr_cpus;
	snap->cap_groups = cap_groups;
	snap->cpus = calloc((size_t)(nr_cpus > 0 ? nr_cpus : 1), sizeof(*snap->cpus));
	snap->groups = calloc((size_t)(cap_groups > 0 ? cap_groups : 1), sizeof(*snap->groups));
	if (!snap->cpus || !snap->groups) {
		tmigr_snapshot_free(snap);
		return NULL;
	}
	for (int g = 0; g < cap_groups; g++)
		snap->groups[g].parent = TMIGR_SNAP_NONE;
	for (int c = 0; c < nr_cpus; c++)
		snap->cpus[c].group = TMIGR_SNAP_NONE;
	return snap;
}

void tmigr_snapshot_free(struct tmigr_snapshot *snap)
{
	if (!snap)
		return;
	free(snap->cpus);
	free(snap->groups);
	free(snap);
}

struct tmigr_snapshot *tmigr_snapshot_take(void)
{
	int nr_cpus = (int)num_possible_cpus();
	struct tmigr_snapshot *snap;

	snap = tmigr_snapshot_alloc(nr_cpus, tmigr_ops->nr_groups());
	if (!snap)
		return NULL;

	snap->backend = tmigr_ops->name;
	snap->variant = tmigr_variant_label();
	snap->now = ktime_get();
	tmigr_ops->snapshot(snap);
	for (int c = 0; c < nr_cpus; c++)
		snap->cpus[c].node = cpu_to_node((unsigned int)c);
	return snap;
}

const char *tmigr_snap_group_name(const struct tmigr_snapshot *snap, int g, char *buf, size_t len)
{
	if (g < 0 || g >= snap->nr_groups)
		snprintf(buf, len, "NONE");
	else
		snprintf(buf, len, "GRP%d:%d", snap->groups[g].level, snap->groups[g].index);
	return buf;
}

int tmigr_snap_child_groups(const struct tmigr_snapshot *snap, int g, int *out, int max)
{
	int n = 0;

	for (int c = 0; c < snap->nr_groups; c++) {
		if (snap->groups[c].parent != g)
			continue;
		if (n < max)
			out[n] = c;
		n++;
	}
	return n;
}

int tmigr_snap_child_cpus(const struct tmigr_snapshot *snap, int g, int *out, int max)
{
	int n = 0;

	for (int c = 0; c < snap->nr_cpus; c++) {
		if (snap->cpus[c].group != g)
			continue;
		if (n < max)
			out[n] = c;
		n++;
	}
	return n;
}

int tmigr_snap_root(const struct tmigr_snapshot *snap)
{
	int root = TMIGR_SNAP_NONE;

	for (int g = 0; g < snap->nr_groups; g++) {
		if (snap->groups[g].parent != TMIGR_SNAP_NONE)
			continue;
		if (root == TMIGR_SNAP_NONE || snap->groups[g].level > snap->groups[root].level)
			root = g;
	}
	return root;
}
