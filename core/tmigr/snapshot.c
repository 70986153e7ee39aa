// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot helpers shared by every backend, and taking a snapshot of the
 * backend in use together with the environment's view of each CPU.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "tmigr.h"
#include "../env/kapi.h"
#include "../rt/sanitizer.h"

/*
 * A snapshot with the room of its arrays, which a reused one may have more
 * of than it uses. Private, so copying a struct tmigr_snapshot (the tests
 * do) cannot make a snapshot claim room it does not have.
 */
struct snap_box {
	struct tmigr_snapshot	snap;
	int			room_cpus;
	int			room_groups;
	/* tmigr_snapshot_scratch(): one block handed out front to back */
	char			*scratch;
	size_t			room_scratch;
	size_t			used_scratch;
	/* what did not fit, freed and added to the block at the next reuse */
	struct scratch_extra	*extra;
	size_t			extra_bytes;
};

struct scratch_extra {
	struct scratch_extra	*next;
	max_align_t		mem[];
};

/* Scratch pieces start aligned, with a poisoned gap after each under ASan. */
#define SCRATCH_ALIGN	16
#define SCRATCH_GAP	16

/*
 * The last snapshot freed, kept for the next one: every quiescent point
 * takes a snapshot and frees it, and under ASan every fresh allocation
 * faults in new pages (its quarantine keeps freed memory out of reuse).
 * Moved in and out by atomic exchange, so any thread may take or free
 * snapshots (the thread engine, free-mode stress) and each box has one
 * owner at a time.
 */
static struct snap_box *spare;
static pthread_once_t spare_exit_once = PTHREAD_ONCE_INIT;

/*
 * Under ASan the spare's arrays are poisoned while nobody owns them, so a
 * use of a freed snapshot still reports as one.
 */
static void snap_box_poison(struct snap_box *box, bool poison)
{
#ifdef RT_ASAN
	size_t cpus = (size_t)box->room_cpus * sizeof(*box->snap.cpus);
	size_t groups = (size_t)box->room_groups * sizeof(*box->snap.groups);

	if (poison) {
		__asan_poison_memory_region(box->snap.cpus, cpus);
		__asan_poison_memory_region(box->snap.groups, groups);
		/* Scratch is unpoisoned piece by piece as it is handed out. */
		if (box->scratch)
			__asan_poison_memory_region(box->scratch, box->room_scratch);
	} else {
		__asan_unpoison_memory_region(box->snap.cpus, cpus);
		__asan_unpoison_memory_region(box->snap.groups, groups);
	}
#else
	(void)box;
	(void)poison;
#endif
}

static void scratch_free_extra(struct snap_box *box)
{
	while (box->extra) {
		struct scratch_extra *e = box->extra;

		box->extra = e->next;
		free(e);
	}
}

/*
 * Hand the scratch out from the start again. What went to extra blocks
 * last time is added to the main block, so a snapshot of the same size
 * needs no allocation at all.
 */
static void scratch_reset(struct snap_box *box)
{
	size_t want = box->used_scratch + box->extra_bytes;

	if (box->extra) {
		scratch_free_extra(box);
		free(box->scratch);
		box->scratch = malloc(want);
		box->room_scratch = box->scratch ? want : 0;
	}
	box->used_scratch = 0;
	box->extra_bytes = 0;
#ifdef RT_ASAN
	if (box->scratch)
		__asan_poison_memory_region(box->scratch, box->room_scratch);
#endif
}

static void snap_box_destroy(struct snap_box *box)
{
	if (!box)
		return;
	free(box->snap.cpus);
	free(box->snap.groups);
	scratch_free_extra(box);
	free(box->scratch);
	free(box);
}

static void *snap_room(void *old, int *room, int need, size_t size)
{
	if (*room >= need)
		return old;
	free(old);
	old = malloc((size_t)need * size);
	*room = old ? need : 0;
	return old;
}

/* Give @box room for @nr_cpus and @cap_groups and clear it: as if calloc()ed. */
static bool snap_box_fit(struct snap_box *box, int nr_cpus, int cap_groups)
{
	int need_cpus = nr_cpus > 0 ? nr_cpus : 1, need_groups = cap_groups > 0 ? cap_groups : 1;
	struct tmigr_snap_cpu *cpus;
	struct tmigr_snap_group *groups;

	cpus = snap_room(box->snap.cpus, &box->room_cpus, need_cpus, sizeof(*cpus));
	groups = snap_room(box->snap.groups, &box->room_groups, need_groups, sizeof(*groups));
	box->snap = (struct tmigr_snapshot){
		.nr_cpus	= nr_cpus,
		.cap_groups	= cap_groups,
		.cpus		= cpus,
		.groups		= groups,
	};
	if (!cpus || !groups)
		return false;
	scratch_reset(box);
	memset(cpus, 0, (size_t)need_cpus * sizeof(*cpus));
	memset(groups, 0, (size_t)need_groups * sizeof(*groups));
	for (int g = 0; g < cap_groups; g++)
		groups[g].parent = TMIGR_SNAP_NONE;
	for (int c = 0; c < nr_cpus; c++)
		cpus[c].group = TMIGR_SNAP_NONE;
	return true;
}

struct tmigr_snapshot *tmigr_snapshot_alloc(int nr_cpus, int cap_groups)
{
	struct snap_box *box = __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQ_REL);

	if (box)
		snap_box_poison(box, false);
	else
		box = calloc(1, sizeof(*box));
	if (!box)
		return NULL;
	if (!snap_box_fit(box, nr_cpus, cap_groups)) {
		snap_box_destroy(box);
		return NULL;
	}
	return &box->snap;
}

void tmigr_snapshot_drop_spare(void)
{
	snap_box_destroy(__atomic_exchange_n(&spare, NULL, __ATOMIC_ACQ_REL));
}

/* Before LeakSanitizer's check, which registered its atexit() handler first. */
static void spare_exit_init(void)
{
	atexit(tmigr_snapshot_drop_spare);
}

void tmigr_snapshot_free(struct tmigr_snapshot *snap)
{
	struct snap_box *box;

	if (!snap)
		return;
	box = container_of(snap, struct snap_box, snap);
	pthread_once(&spare_exit_once, spare_exit_init);
	/* Keep the newest: it has the room the current program needs. */
	snap_box_poison(box, true);
	snap_box_destroy(__atomic_exchange_n(&spare, box, __ATOMIC_ACQ_REL));
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

unsigned int tmigr_snap_nr_hiers(const struct tmigr_snapshot *snap)
{
	return snap->nr_hiers ? snap->nr_hiers : 1;
}

int tmigr_snap_cpu_hier(const struct tmigr_snapshot *snap, int c)
{
	int g = snap->cpus[c].group;

	return g >= 0 && g < snap->nr_groups ? snap->groups[g].hier : TMIGR_SNAP_NONE;
}

int tmigr_snap_hier_root(const struct tmigr_snapshot *snap, int h)
{
	int root = TMIGR_SNAP_NONE;

	for (int g = 0; g < snap->nr_groups; g++) {
		if (snap->groups[g].parent != TMIGR_SNAP_NONE || snap->groups[g].hier != h)
			continue;
		if (root == TMIGR_SNAP_NONE || snap->groups[g].level > snap->groups[root].level)
			root = g;
	}
	return root;
}

void *tmigr_snapshot_scratch(const struct tmigr_snapshot *snap, size_t size)
{
	/* The scratch is not part of the snapshot's contents: const callers use it too. */
	struct snap_box *box = (struct snap_box *)container_of(snap, struct snap_box, snap);
	size_t need = (size + SCRATCH_GAP + SCRATCH_ALIGN - 1) & ~(size_t)(SCRATCH_ALIGN - 1);
	struct scratch_extra *e;
	void *p;

	if (box->scratch && box->room_scratch - box->used_scratch >= need) {
		p = box->scratch + box->used_scratch;
		box->used_scratch += need;
#ifdef RT_ASAN
		__asan_unpoison_memory_region(p, size);
#endif
		return p;
	}
	/* Rare: the first snapshots of a bigger program. */
	e = malloc(sizeof(*e) + size);
	if (!e)
		return NULL;
	e->next = box->extra;
	box->extra = e;
	box->extra_bytes += need;
	return e->mem;
}

/* ---- the same hierarchy again ------------------------------------------- */

struct tmigr_snapshot *tmigr_snapshot_keep(struct tmigr_snapshot *kept,
					   const struct tmigr_snapshot *src)
{
	struct snap_box *box = kept ? container_of(kept, struct snap_box, snap)
				    : calloc(1, sizeof(*box));
	struct tmigr_snap_group *groups;
	struct tmigr_snap_cpu *cpus;

	if (!box)
		return NULL;
	if (!snap_box_fit(box, src->nr_cpus, src->cap_groups)) {
		snap_box_destroy(box);
		return NULL;
	}
	groups = box->snap.groups;
	cpus = box->snap.cpus;
	box->snap = *src;
	box->snap.groups = groups;
	box->snap.cpus = cpus;
	/* Whole elements, padding included: tmigr_snapshot_same() compares bytes. */
	memcpy(groups, src->groups, (size_t)src->nr_groups * sizeof(*groups));
	memcpy(cpus, src->cpus, (size_t)src->nr_cpus * sizeof(*cpus));
	return &box->snap;
}

bool tmigr_snapshot_same(const struct tmigr_snapshot *a, const struct tmigr_snapshot *b)
{
	if (a->levels != b->levels || a->crossnode_level != b->crossnode_level ||
	    a->nr_hiers != b->nr_hiers || a->nr_groups != b->nr_groups ||
	    a->nr_cpus != b->nr_cpus ||
	    memcmp(a->hier_capacity, b->hier_capacity, sizeof(a->hier_capacity)) ||
	    strcmp(a->backend ? a->backend : "", b->backend ? b->backend : "") ||
	    strcmp(a->variant ? a->variant : "", b->variant ? b->variant : ""))
		return false;
	/*
	 * Taken snapshots start from cleared arrays and are filled field by
	 * field, so their padding is zero and equal bytes mean equal fields.
	 * The reverse need not hold (a hand-built snapshot's padding): then
	 * the answer is "not the same", which costs a check, never a report.
	 */
	return !memcmp(a->groups, b->groups, (size_t)a->nr_groups * sizeof(*a->groups)) &&
	       !memcmp(a->cpus, b->cpus, (size_t)a->nr_cpus * sizeof(*a->cpus));
}

/* ---- comparing two backends' snapshots ----------------------------------- */

static bool snap_event_eq(const struct tmigr_snap_event *a, const struct tmigr_snap_event *b)
{
	/* A dequeued event's fields are leftovers; only queued ones count. */
	if (a->queued != b->queued)
		return false;
	return !a->queued ||
	       (a->ignore == b->ignore && a->expires == b->expires && a->cpu == b->cpu);
}

#define DIFF(cond, ...) do {							\
	if (cond) {								\
		snprintf(buf, len, __VA_ARGS__);				\
		return 1;							\
	}									\
} while (0)

/* A difference in group @g: its name is formatted only when there is one. */
#define GDIFF(cond, fmt, ...)							\
	DIFF(cond, "%s: " fmt, tmigr_snap_group_name(a, g, name, sizeof(name)), ##__VA_ARGS__)

int tmigr_snapshot_diff(const struct tmigr_snapshot *a, const struct tmigr_snapshot *b,
			char *buf, size_t len)
{
	char name[32];

	DIFF(a->levels != b->levels, "levels %u vs %u", a->levels, b->levels);
	DIFF(a->crossnode_level != b->crossnode_level, "crossnode level %u vs %u",
	     a->crossnode_level, b->crossnode_level);
	DIFF(tmigr_snap_nr_hiers(a) != tmigr_snap_nr_hiers(b), "%u hierarchies vs %u",
	     tmigr_snap_nr_hiers(a), tmigr_snap_nr_hiers(b));
	DIFF(a->nr_groups != b->nr_groups, "%d groups vs %d", a->nr_groups, b->nr_groups);
	DIFF(a->nr_cpus != b->nr_cpus, "%d CPUs vs %d", a->nr_cpus, b->nr_cpus);

	for (int g = 0; g < a->nr_groups; g++) {
		const struct tmigr_snap_group *x = &a->groups[g], *y = &b->groups[g];

		DIFF(x->level != y->level || x->index != y->index, "group slot %d: %s vs GRP%d:%d",
		     g, tmigr_snap_group_name(a, g, name, sizeof(name)), y->level, y->index);
		GDIFF(x->hier != y->hier, "hierarchy %d vs %d", x->hier, y->hier);
		GDIFF(x->parent != y->parent, "parent slot %d vs %d", x->parent, y->parent);
		GDIFF(x->groupmask != y->groupmask, "groupmask 0x%02x vs 0x%02x", x->groupmask,
		      y->groupmask);
		GDIFF(x->active != y->active || x->migrator != y->migrator,
		      "active 0x%02x migrator 0x%02x vs active 0x%02x migrator 0x%02x",
		      x->active, x->migrator, y->active, y->migrator);
		GDIFF(x->seq != y->seq, "seq %u vs %u", x->seq, y->seq);
		GDIFF(x->next_expiry != y->next_expiry, "next_expiry %llu vs %llu",
		      (unsigned long long)x->next_expiry, (unsigned long long)y->next_expiry);
		GDIFF(x->numa_node != y->numa_node, "node %d vs %d", x->numa_node, y->numa_node);
		GDIFF(x->num_children != y->num_children, "num_children %u vs %u", x->num_children,
		      y->num_children);
		GDIFF(!snap_event_eq(&x->groupevt, &y->groupevt), "groupevt differs");
		GDIFF(x->nr_events != y->nr_events, "%d queued events vs %d", x->nr_events,
		      y->nr_events);
		for (int e = 0; e < x->nr_events; e++) {
			const struct tmigr_snap_qentry *p = &x->events[e], *q = &y->events[e];

			GDIFF(p->is_group != q->is_group || p->owner != q->owner ||
			      !snap_event_eq(&p->evt, &q->evt),
			      "queue entry %d: %s%d@%llu%s vs %s%d@%llu%s", e,
			      p->is_group ? "group" : "CPU", p->owner,
			      (unsigned long long)p->evt.expires, p->evt.ignore ? " (ignore)" : "",
			      q->is_group ? "group" : "CPU", q->owner,
			      (unsigned long long)q->evt.expires, q->evt.ignore ? " (ignore)" : "");
		}
	}

	for (int c = 0; c < a->nr_cpus; c++) {
		const struct tmigr_snap_cpu *x = &a->cpus[c], *y = &b->cpus[c];

		DIFF(x->prepared != y->prepared || x->online != y->online,
		     "CPU%d: prepared %d online %d vs prepared %d online %d", c, x->prepared,
		     x->online, y->prepared, y->online);
		DIFF(x->idle != y->idle || x->remote != y->remote,
		     "CPU%d: idle %d remote %d vs idle %d remote %d", c, x->idle, x->remote,
		     y->idle, y->remote);
		DIFF(x->group != y->group || x->groupmask != y->groupmask,
		     "CPU%d: group slot %d mask 0x%02x vs slot %d mask 0x%02x", c, x->group,
		     x->groupmask, y->group, y->groupmask);
		DIFF(x->wakeup != y->wakeup, "CPU%d: wakeup %llu vs %llu", c,
		     (unsigned long long)x->wakeup, (unsigned long long)y->wakeup);
		DIFF(!snap_event_eq(&x->cpuevt, &y->cpuevt), "CPU%d: cpuevt %d@%llu vs %d@%llu",
		     c, x->cpuevt.queued, (unsigned long long)x->cpuevt.expires,
		     y->cpuevt.queued, (unsigned long long)y->cpuevt.expires);
	}
	buf[0] = '\0';
	return 0;
}
