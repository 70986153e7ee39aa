/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A copy of the hierarchy taken at a quiescent point.
 *
 * Oracles and renderers work only on this, so they are independent of the
 * backend and can be tested on hand-built states. Groups are named the way
 * LKML diagrams name them: GRP<level>:<index>, index in creation order
 * within the level.
 */
#ifndef TMIGR_SNAPSHOT_H
#define TMIGR_SNAPSHOT_H

#include "../rt/types.h"

#define TMIGR_SNAP_NONE		(-1)
#define TMIGR_SNAP_MAX_CHILDREN	8
/* Queued events per group: one per child, plus room to see corruption. */
#define TMIGR_SNAP_MAX_EVENTS	16
/* Hierarchies: one per CPU capacity in trees that have them, else one. */
#define TMIGR_SNAP_MAX_HIERS	4

struct tmigr_snap_event {
	bool	queued;
	bool	ignore;
	u64	expires;
	int	cpu;		/* tmigr_event::cpu */
};

/* An entry of a group's queue: whose event it is, and its contents. */
struct tmigr_snap_qentry {
	bool			is_group;	/* a child group's groupevt */
	int			owner;		/* CPU or group index */
	struct tmigr_snap_event	evt;
};

struct tmigr_snap_group {
	int		level;
	int		index;		/* creation order within the level */
	int		hier;		/* hierarchy, 0..nr_hiers - 1 */
	int		parent;		/* group index in the snapshot, or NONE */
	u8		groupmask;
	u8		active;
	u8		migrator;
	u16		seq;
	u64		next_expiry;
	int		numa_node;
	unsigned int	num_children;
	struct tmigr_snap_event groupevt;
	int		nr_events;
	bool		events_truncated;
	struct tmigr_snap_qentry events[TMIGR_SNAP_MAX_EVENTS];
};

struct tmigr_snap_cpu {
	bool	prepared;	/* has a level 0 group */
	bool	online;
	bool	idle;
	bool	remote;
	int	group;		/* index of tmgroup, or NONE */
	u8	groupmask;
	u64	wakeup;
	int	node;		/* cpu_to_node() */
	struct tmigr_snap_event cpuevt;
};

struct tmigr_snapshot {
	const char		*backend;
	const char		*variant;
	u64			now;
	unsigned int		levels;
	unsigned int		crossnode_level;
	/*
	 * Trees with per-capacity hierarchies (2026) keep one tree of groups
	 * per CPU capacity, each with its own root and migrators; 0 or 1 means
	 * one hierarchy. hier_capacity[] is 0 where the tree has no capacity.
	 */
	unsigned int		nr_hiers;
	unsigned long		hier_capacity[TMIGR_SNAP_MAX_HIERS];
	int			nr_groups;
	int			cap_groups;
	struct tmigr_snap_group	*groups;
	int			nr_cpus;
	struct tmigr_snap_cpu	*cpus;
};

/*
 * Allocate room for @nr_cpus CPUs and @cap_groups groups; zeroed. The last
 * snapshot freed is kept and reused (its arrays grow as needed), so
 * quiescent points do not allocate; tmigr_snapshot_drop_spare() frees it
 * (at exit, before the leak check, and wherever a caller wants it gone).
 */
struct tmigr_snapshot *tmigr_snapshot_alloc(int nr_cpus, int cap_groups);
void tmigr_snapshot_free(struct tmigr_snapshot *snap);
/*
 * @size bytes of working memory that live as long as @snap (of
 * tmigr_snapshot_alloc() or tmigr_snapshot_keep()): for the backend that
 * fills it and the oracles that check it. Each call returns new memory,
 * not cleared; all of it is gone when @snap is freed or reused. The room
 * is kept with the snapshot, so checking a snapshot allocates nothing
 * once one of its size was checked (under ASan every malloc() is slow and
 * faults in fresh pages). Under ASan what a caller did not ask for stays
 * poisoned. NULL when out of memory.
 */
void *tmigr_snapshot_scratch(const struct tmigr_snapshot *snap, size_t size);
void tmigr_snapshot_drop_spare(void);

/* Take a snapshot of the current backend (tmigr_ops). */
struct tmigr_snapshot *tmigr_snapshot_take(void);

/* "GRP1:0" for a group index. */
const char *tmigr_snap_group_name(const struct tmigr_snapshot *snap, int g,
				  char *buf, size_t len);

/* Children of group @g: child groups (levels > 0) or CPUs (level 0). */
int tmigr_snap_child_groups(const struct tmigr_snapshot *snap, int g, int *out, int max);
int tmigr_snap_child_cpus(const struct tmigr_snapshot *snap, int g, int *out, int max);

/* How many hierarchies @snap holds: at least 1. */
unsigned int tmigr_snap_nr_hiers(const struct tmigr_snapshot *snap);

/* The group of hierarchy @h with no parent at the highest level, or NONE. */
int tmigr_snap_hier_root(const struct tmigr_snapshot *snap, int h);

/* The hierarchy CPU @c's group belongs to, or NONE when it has no group. */
int tmigr_snap_cpu_hier(const struct tmigr_snapshot *snap, int c);

/*
 * Copy @src into @kept (NULL, or what this returned before) for a later
 * tmigr_snapshot_same(); never the spare, but tmigr_snapshot_free() takes
 * it like any snapshot. NULL when out of memory (@kept is freed then).
 */
struct tmigr_snapshot *tmigr_snapshot_keep(struct tmigr_snapshot *kept,
					   const struct tmigr_snapshot *src);

/*
 * Is @a, field for field, the hierarchy of @b: everything but the clock
 * (now), which none of the hierarchy oracles reads? False may also mean
 * "cannot tell" (differing padding of hand-built snapshots).
 */
bool tmigr_snapshot_same(const struct tmigr_snapshot *a, const struct tmigr_snapshot *b);

/*
 * Compare the hierarchies of two snapshots (of two backends run the same
 * way): levels, every group's state, queue and next_expiry, every CPU's
 * state, wakeup and event. 0 when equal; 1 with the first difference
 * described in @buf ("GRP1:0: next_expiry 5000000 vs 20000000").
 */
int tmigr_snapshot_diff(const struct tmigr_snapshot *a, const struct tmigr_snapshot *b,
			char *buf, size_t len);

#endif /* TMIGR_SNAPSHOT_H */
