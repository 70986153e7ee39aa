// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event-queue oracle: the timer event queues agree with the hierarchy at a
 * quiescent point (in the spirit of the maple tree's mt_validate()).
 *
 * What 6.12 guarantees there, and no more (it is lazy on purpose):
 *  - an event sits in at most one queue, once, and only in its owner's
 *    parent (a CPU's in its level 0 group);
 *  - a queue entry is marked queued, and a queued event is in its queue;
 *  - an event at KTIME_MAX is no event (6.12 requeues an emptied event
 *    that way after a remote expiry);
 *  - an active child's event is absent or marked ignore (activation only
 *    sets the flag; the stale entry is dropped when it reaches the head);
 *  - an idle CPU with an event (not ignored) has it queued;
 *  - an idle child group with a first event has its own event queued in the
 *    parent, not ignored, at exactly that expiry and for the CPU that owns
 *    it; without one, its event is absent or ignored;
 *  - a group's next_expiry is its first event that is not ignored, or
 *    earlier: ignored entries are dropped lazily, and next_expiry keeps an
 *    expiry that was removed until the queue's head is next looked at; with
 *    nothing queued at all it is KTIME_MAX;
 *  - with the whole hierarchy idle, some idle CPU has a wakeup at or before
 *    the root's first event (the last CPU to go idle owes it).
 */
#include <stdio.h>

#include "oracles.h"

#define Q_NONE	(-1)

#define file(snap, site, g, cpu, summary, ...)					\
	oracle_file(ORACLE_EVENT_QUEUE, snap, site, g, cpu, "<-- here", summary, __VA_ARGS__)

/*
 * First entry of @g's queue that is not ignored, or NULL. 6.12 requeues an
 * emptied event at KTIME_MAX after a remote expiry rather than dropping it:
 * it sorts last and never expires, so it is no event.
 */
static const struct tmigr_snap_qentry *first_event(const struct tmigr_snap_group *sg)
{
	const struct tmigr_snap_qentry *first = NULL;

	for (int i = 0; i < sg->nr_events; i++) {
		const struct tmigr_snap_qentry *q = &sg->events[i];

		if (!q->evt.ignore && q->evt.expires != KTIME_MAX &&
		    (!first || q->evt.expires < first->evt.expires))
			first = q;
	}
	return first;
}

/* The entry for child (@is_group, @owner) in @g's queue, or NULL. */
static const struct tmigr_snap_qentry *entry_of(const struct tmigr_snap_group *sg, bool is_group,
						int owner)
{
	for (int i = 0; i < sg->nr_events; i++)
		if (sg->events[i].is_group == is_group && sg->events[i].owner == owner)
			return &sg->events[i];
	return NULL;
}

/* Each event in one queue, once, its owner's parent's; queued flags agree. */
static unsigned int check_placement(const struct tmigr_snapshot *snap, int *cpu_q, int *grp_q)
{
	unsigned int n = 0;
	char name[32], other[32];

	for (int g = 0; g < snap->nr_groups; g++) {
		const struct tmigr_snap_group *sg = &snap->groups[g];

		for (int i = 0; i < sg->nr_events; i++) {
			const struct tmigr_snap_qentry *q = &sg->events[i];
			int *seen, parent;

			if (q->owner < 0 || q->owner >= (q->is_group ? snap->nr_groups : snap->nr_cpus))
				continue;	/* an event the snapshot cannot name */
			seen = q->is_group ? &grp_q[q->owner] : &cpu_q[q->owner];
			parent = q->is_group ? snap->groups[q->owner].parent : snap->cpus[q->owner].group;
			if (*seen != Q_NONE)
				n += file(snap, "event-queued-twice", g, q->is_group ? -1 : q->owner,
					  "an event is queued twice",
					  "the event of %s%d is queued twice (in %s and in %s)",
					  q->is_group ? "group #" : "CPU", q->owner,
					  tmigr_snap_group_name(snap, g, name, sizeof(name)),
					  tmigr_snap_group_name(snap, *seen, other, sizeof(other)));
			else if (parent != g)
				n += file(snap, "event-in-foreign-group", g, q->is_group ? -1 : q->owner,
					  "an event is queued in a group that is not its parent",
					  "%s queues the event of %s%d, which is not one of its children",
					  tmigr_snap_group_name(snap, g, name, sizeof(name)),
					  q->is_group ? "group #" : "CPU", q->owner);
			*seen = g;
			if (!q->evt.queued)
				n += file(snap, "queued-flag", g, q->is_group ? -1 : q->owner,
					  "a queue entry is not marked queued",
					  "%s's queue holds an event of %s%d that is not marked queued",
					  tmigr_snap_group_name(snap, g, name, sizeof(name)),
					  q->is_group ? "group #" : "CPU", q->owner);
		}
	}
	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];

		if (sc->cpuevt.queued && cpu_q[c] == Q_NONE && sc->group >= 0 &&
		    !snap->groups[sc->group].events_truncated)
			n += file(snap, "queued-flag", sc->group, c, "a queued event is in no queue",
				  "CPU%d's event is marked queued but is in no queue", c);
	}
	for (int k = 0; k < snap->nr_groups; k++) {
		const struct tmigr_snap_group *sk = &snap->groups[k];

		if (sk->groupevt.queued && grp_q[k] == Q_NONE && sk->parent >= 0 &&
		    !snap->groups[sk->parent].events_truncated)
			n += file(snap, "queued-flag", k, -1, "a queued event is in no queue",
				  "%s's event is marked queued but is in no queue",
				  tmigr_snap_group_name(snap, k, name, sizeof(name)));
	}
	return n;
}

/* A child's event in its parent @g: what its state allows. */
static unsigned int check_child(const struct tmigr_snapshot *snap, int g, bool is_group,
				int owner, bool active, const struct tmigr_snap_event *own,
				const struct tmigr_snap_qentry *first)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	const struct tmigr_snap_qentry *q = entry_of(sg, is_group, owner);
	bool live = q && !q->evt.ignore && q->evt.expires != KTIME_MAX;
	int cpu = is_group ? -1 : owner;
	char name[32], child[32];

	/*
	 * An active child's event may stay live in its parent: the kernel
	 * accepts that tmigr_update_events() of a child going idle rewrites
	 * the child's ignore flag after a concurrent tmigr_active_up() set it
	 * (its comment: "a useless remote expiration may be scheduled").
	 * Nothing is lost by it, so nothing is checked here.
	 */
	if (active)
		return 0;
	if (!is_group) {
		/* An idle CPU's event is its own: queued unless it has none. */
		if (own->ignore || own->expires == KTIME_MAX || live)
			return 0;
		return file(snap, "idle-child-not-queued", g, cpu,
			    "an idle child's event is not queued in its parent",
			    "CPU%d is idle with its first global event at %llu, but that event is "
			    "not queued in %s", owner, (unsigned long long)own->expires,
			    tmigr_snap_group_name(snap, g, name, sizeof(name)));
	}
	if (!first) {
		if (!live)
			return 0;
		return file(snap, "idle-child-stale", g, -1,
			    "an idle child without events has a live event in its parent",
			    "%s is idle with no event, but %s still queues an event for it at %llu, "
			    "not marked ignore", tmigr_snap_group_name(snap, owner, child, sizeof(child)),
			    tmigr_snap_group_name(snap, g, name, sizeof(name)),
			    (unsigned long long)q->evt.expires);
	}
	if (!live)
		return file(snap, "idle-child-not-queued", g, -1,
			    "an idle child's event is not queued in its parent",
			    "%s is idle with its first event at %llu, but %s has no event for it "
			    "queued (or only one marked ignore)",
			    tmigr_snap_group_name(snap, owner, child, sizeof(child)),
			    (unsigned long long)first->evt.expires,
			    tmigr_snap_group_name(snap, g, name, sizeof(name)));
	if (q->evt.expires != first->evt.expires || q->evt.cpu != first->evt.cpu)
		return file(snap, "idle-child-stale", g, -1,
			    "an idle child's event in its parent is stale",
			    "%s is idle with its first event at %llu for CPU%d, but %s queues its "
			    "event at %llu for CPU%d",
			    tmigr_snap_group_name(snap, owner, child, sizeof(child)),
			    (unsigned long long)first->evt.expires, first->evt.cpu,
			    tmigr_snap_group_name(snap, g, name, sizeof(name)),
			    (unsigned long long)q->evt.expires, q->evt.cpu);
	return 0;
}

/* next_expiry: the first event not ignored, or earlier; KTIME_MAX when empty. */
static unsigned int check_next_expiry(const struct tmigr_snapshot *snap, int g,
				      const struct tmigr_snap_qentry *first)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	char name[32];

	if (!sg->nr_events && !sg->events_truncated && sg->next_expiry != KTIME_MAX)
		return file(snap, "empty-queue-next-expiry", g, -1,
			    "an empty queue has a next_expiry",
			    "%s queues nothing, but its next_expiry is %llu",
			    tmigr_snap_group_name(snap, g, name, sizeof(name)),
			    (unsigned long long)sg->next_expiry);
	if (first && sg->next_expiry > first->evt.expires)
		return file(snap, "next-expiry", g, -1, "next_expiry is after the first event",
			    "%s's first event (not ignored) is at %llu, but its next_expiry is %llu: "
			    "the group looks later than it is",
			    tmigr_snap_group_name(snap, g, name, sizeof(name)),
			    (unsigned long long)first->evt.expires, (unsigned long long)sg->next_expiry);
	return 0;
}

/*
 * All idle: somebody must wake up for the root's first event - a CPU of the
 * root's hierarchy (one per CPU capacity in trees that have them).
 */
static unsigned int check_root_wakeup(const struct tmigr_snapshot *snap, int root)
{
	const struct tmigr_snap_qentry *first = first_event(&snap->groups[root]);
	u64 earliest = KTIME_MAX;

	if (snap->groups[root].active || !first)
		return 0;
	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];

		if (!sc->online || tmigr_snap_cpu_hier(snap, c) != snap->groups[root].hier)
			continue;
		if (!sc->idle)
			return 0;	/* not all idle: the hierarchy is torn, phantom's job */
		earliest = min_t(u64, earliest, sc->wakeup);
	}
	if (earliest <= first->evt.expires)
		return 0;
	return file(snap, "root-wakeup", root, -1, "nobody wakes up for the root's first event",
		    "every CPU is idle and the root's first event is at %llu, but the earliest "
		    "wakeup an idle CPU holds is %llu%s", (unsigned long long)first->evt.expires,
		    (unsigned long long)earliest, earliest == KTIME_MAX ? " (none)" : "");
}

unsigned int oracle_event_queue(const struct tmigr_snapshot *snap)
{
	int *cpu_q = tmigr_snapshot_scratch(snap, sizeof(int) * (size_t)(snap->nr_cpus + 1));
	int *grp_q = tmigr_snapshot_scratch(snap, sizeof(int) * (size_t)(snap->nr_groups + 1));
	unsigned int n = 0;

	if (!cpu_q || !grp_q)
		return 0;
	for (int c = 0; c < snap->nr_cpus; c++)
		cpu_q[c] = Q_NONE;
	for (int g = 0; g < snap->nr_groups; g++)
		grp_q[g] = Q_NONE;
	n += check_placement(snap, cpu_q, grp_q);

	for (int c = 0; c < snap->nr_cpus; c++) {
		const struct tmigr_snap_cpu *sc = &snap->cpus[c];

		if (!sc->prepared || !sc->online || sc->group < 0 || sc->group >= snap->nr_groups ||
		    snap->groups[sc->group].events_truncated)
			continue;
		n += check_child(snap, sc->group, false, c, !sc->idle, &sc->cpuevt, NULL);
	}
	for (int k = 0; k < snap->nr_groups; k++) {
		const struct tmigr_snap_group *sk = &snap->groups[k];

		if (sk->events_truncated)
			continue;
		n += check_next_expiry(snap, k, first_event(sk));
		if (sk->parent < 0 || sk->parent >= snap->nr_groups ||
		    snap->groups[sk->parent].events_truncated)
			continue;
		n += check_child(snap, sk->parent, true, k, sk->active != 0, &sk->groupevt,
				 first_event(sk));
	}
	for (unsigned int h = 0; h < tmigr_snap_nr_hiers(snap); h++) {
		int root = tmigr_snap_hier_root(snap, (int)h);

		if (root != TMIGR_SNAP_NONE)
			n += check_root_wakeup(snap, root);
	}
	return n;
}
