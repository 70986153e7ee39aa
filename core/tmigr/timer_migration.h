/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Data structures of the tmigr model (kernel/time/timer_migration.h,
 * Linux 6.12). Names and layout follow the kernel so a reader can map them
 * one to one; the comments are ours. Kernel types only, from the shims
 * (core/kshim/), as the model's timer_migration.c is built on them; the
 * harness never includes this header.
 */
#ifndef TMIGR_TIMER_MIGRATION_H
#define TMIGR_TIMER_MIGRATION_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timerqueue.h>

/* Fan-out of every group; a power of two so masks fit in a u8. */
#define TMIGR_CHILDREN_PER_GROUP	8

/*
 * struct tmigr_event - an entry a CPU or an idle group queues in its parent
 * @nextevt:	queue node; its expiry is the first global event below
 * @cpu:	CPU whose timers the event stands for (the first one below)
 * @ignore:	set while the owner is active and handles its own timers; a
 *		queued event with @ignore set is stale and dropped lazily.
 *		Written without the queue lock on the activation path, so it is
 *		only accessed with READ_ONCE()/WRITE_ONCE() here.
 */
struct tmigr_event {
	struct timerqueue_node	nextevt;
	unsigned int		cpu;
	bool			ignore;
};

/*
 * struct tmigr_group - one node of the hierarchy
 * @lock:	protects @events, @groupevt and, during setup, @parent
 * @parent:	published with smp_store_release() when the group is connected
 *		and never changed again; lockless readers use READ_ONCE() and
 *		must not read it twice in one walk
 * @groupevt:	this group's first event, queued in the parent while idle
 * @next_expiry: expiry of the first queued event; read locklessly
 * @events:	events of idle children
 * @migr_state:	union tmigr_state, changed only by cmpxchg loops
 * @level:	0 for groups of CPUs
 * @numa_node:	node of all CPUs below, or NUMA_NO_NODE from the crossnode
 *		level up
 * @num_children: children accounted so far (setup only)
 * @groupmask:	this group's bit in the parent; fixed before publication
 * @list:	entry in tmigr_level_list[@level]
 */
struct tmigr_group {
	raw_spinlock_t		lock;
	struct tmigr_group	*parent;
	struct tmigr_event	groupevt;
	u64			next_expiry;
	struct timerqueue_head	events;
	atomic_t		migr_state;
	unsigned int		level;
	int			numa_node;
	unsigned int		num_children;
	u8			groupmask;
	struct list_head	list;
};

/*
 * struct tmigr_cpu - per-CPU leaf of the hierarchy
 * @lock:	serialises the CPU's own walks and remote expiry of its timers
 * @online:	the CPU takes part in the hierarchy (between the online and
 *		offline callbacks); before that it handles its timers alone
 * @idle:	the CPU is idle as far as the hierarchy knows
 * @remote:	another CPU is expiring this CPU's timers right now
 * @tmgroup:	the level 0 group, set once by the prepare callback
 * @groupmask:	this CPU's bit in @tmgroup
 * @wakeup:	first expiry this CPU must wake up for when the whole
 *		hierarchy is idle; consumed by the idle path
 * @cpuevt:	the CPU's event, queued in @tmgroup while the CPU is idle
 */
struct tmigr_cpu {
	raw_spinlock_t		lock;
	bool			online;
	bool			idle;
	bool			remote;
	struct tmigr_group	*tmgroup;
	u8			groupmask;
	u64			wakeup;
	struct tmigr_event	cpuevt;
};

/*
 * union tmigr_state - the 32-bit group state
 * @active:	mask of active children
 * @migrator:	mask of the child that expires timers for the group, or
 *		TMIGR_NONE when no child is active
 * @seq:	bumped by every update, so a cmpxchg computed from a stale view
 *		fails (see the sequence-counter race in timer_migration.c)
 */
union tmigr_state {
	u32 state;
	struct {
		u8	active;
		u8	migrator;
		u16	seq;
	} __packed;
};

#define TMIGR_NONE	0xFF
#define BIT_CNT		8

#endif /* TMIGR_TIMER_MIGRATION_H */
