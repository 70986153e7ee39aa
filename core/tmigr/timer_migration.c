// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tmigr model: hierarchical timer migration as in
 * kernel/time/timer_migration.c of Linux 6.12.
 *
 * Written for this project from a reading of the kernel source; function
 * and field names are the kernel's so that every step of a trace maps to a
 * line of the real file. The design in a nutshell:
 *
 * CPUs are the leaves of a tree of groups with up to eight children each.
 * A group is active while at least one child is; one active child, the
 * migrator, expires the timers of idle children on their behalf. A CPU going
 * idle clears its bit upwards as long as groups become inactive, and queues
 * its first global timer in its group; an idle group queues its own first
 * event in its parent. The last CPU to go idle receives the first expiry of
 * the whole tree and must wake up for it. An active CPU checks on every
 * tick the groups it is migrator of and pulls expired timers of idle CPUs.
 *
 * Groups are created when a CPU is prepared for the first time and never
 * freed. A CPU may need a new group on every level and a new root above the
 * old root; then the old root is connected below the new one and marked
 * active there - the only update that travels top down.
 *
 * Concurrency rules the model keeps (and the runtime makes visible):
 *  - group state changes only through cmpxchg loops with a sequence count;
 *  - locks nest bottom up (CPU, child group, parent group) and timer base
 *    locks come before any tmigr lock;
 *  - ->parent is published with smp_store_release() and read once per step;
 *  - event ->ignore flags are set without the queue lock on the way up.
 *
 * Built like a real tree's file: kernel headers only, resolved through the
 * shims (core/kshim/) by the wrapper unit core/tmigr/model_tmigr.c, which
 * also adds the harness glue (glue.h) shared with the kernel backend. The
 * one harness header here is tmigr_variant.h: tmigr_variant_is() tells
 * which historical bug (docs/ZOO.md) the running instance reintroduces.
 *
 * Differences from the kernel source, all deliberate: tracepoints are
 * replaced by the runtime's scheduling-point trace; plain accesses the
 * kernel performs racily on purpose (the ignore flags, lockless ->parent
 * tests) are spelled READ_ONCE()/WRITE_ONCE() so ThreadSanitizer reports
 * only races that are not by design; the entry points timer.c calls are
 * static, as the wrapper unit hands them to the harness and nothing else
 * links against them.
 */
#include <linux/cpuhotplug.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timerqueue.h>
#include <trace/events/ipi.h>

#include "timer_migration.h"
#include "tick-internal.h"
#include "tmigr_variant.h"

#define CREATE_TRACE_POINTS
#include <trace/events/timer_migration.h>

static DEFINE_MUTEX(tmigr_mutex);
static struct list_head *tmigr_level_list __read_mostly;

static unsigned int tmigr_hierarchy_levels __read_mostly;
static unsigned int tmigr_crossnode_level __read_mostly;

static DEFINE_PER_CPU(struct tmigr_cpu, tmigr_cpu);

static inline bool tmigr_is_not_available(struct tmigr_cpu *tmc)
{
	return !(tmc->tmgroup && tmc->online);
}

/*
 * True when @childmask may act for @group: it is the migrator, or the group
 * is idle and has none.
 */
static bool tmigr_check_migrator(struct tmigr_group *group, u8 childmask)
{
	union tmigr_state s;

	s.state = atomic_read(&group->migr_state);
	return s.migrator == childmask || s.migrator == TMIGR_NONE;
}

static bool tmigr_state_lonely(union tmigr_state s)
{
	unsigned long active = s.active;

	return bitmap_weight(&active, BIT_CNT) <= 1;
}

static bool tmigr_check_migrator_and_lonely(struct tmigr_group *group, u8 childmask)
{
	union tmigr_state s;
	bool migrator;

	s.state = atomic_read(&group->migr_state);
	migrator = s.migrator == childmask || s.migrator == TMIGR_NONE;
	return migrator && tmigr_state_lonely(s);
}

static bool tmigr_check_lonely(struct tmigr_group *group)
{
	union tmigr_state s;

	s.state = atomic_read(&group->migr_state);
	return tmigr_state_lonely(s);
}

/*
 * struct tmigr_walk - what a walk up the hierarchy carries along
 * @nextexp:	the walking CPU's next global expiry (from timer.c)
 * @firstexp:	first expiry of the top level, filled in only when the whole
 *		hierarchy is idle; the caller must wake up for it. May be set
 *		by a level that stops being the top while the walk runs, which
 *		only costs an early wakeup.
 * @evt:	event to queue at the first level (the CPU's)
 * @childmask:	bit of the level below in the group being visited
 * @remote:	the walk follows a remote expiry (tmigr_handle_remote_cpu)
 * @basej:	jiffies snapshot of the walk
 * @now:	monotonic time of @basej
 * @check:	result of tmigr_requires_handle_remote()
 * @tmc_active:	the walking CPU is active in the hierarchy
 */
struct tmigr_walk {
	u64			nextexp;
	u64			firstexp;
	struct tmigr_event	*evt;
	u8			childmask;
	bool			remote;
	unsigned long		basej;
	u64			now;
	bool			check;
	bool			tmc_active;
};

/* Per-level step of a walk; returns true when the walk is done. */
typedef bool (*up_f)(struct tmigr_group *, struct tmigr_group *, struct tmigr_walk *);

static void __walk_groups(up_f up, struct tmigr_walk *data, struct tmigr_cpu *tmc)
{
	struct tmigr_group *child = NULL, *group = tmc->tmgroup;

	do {
		WARN_ON_ONCE(group->level >= tmigr_hierarchy_levels);

		if (up(group, child, data))
			break;

		child = group;
		if (tmigr_variant_is(TMIGR_SETUP_IN_ONLINE)) {
			/*
			 * 6.10: the step caches the group's mask for the next
			 * level before the walk follows ->parent; setup may
			 * publish ->parent before the mask (race B).
			 */
			data->childmask = READ_ONCE(child->groupmask);
			group = READ_ONCE(child->parent);
			continue;
		}
		/* Pairs with smp_store_release() in tmigr_connect_child_parent(). */
		group = READ_ONCE(group->parent);
		data->childmask = child->groupmask;
		WARN_ON_ONCE(!data->childmask);
	} while (group);
}

static void walk_groups(up_f up, struct tmigr_walk *data, struct tmigr_cpu *tmc)
{
	lockdep_assert_held(&tmc->lock);
	__walk_groups(up, data, tmc);
}

/*
 * First event of @group that is not to be ignored. Stale (ignored) events
 * at the head are dropped on the way, and next_expiry is brought up to date.
 * The group event itself is only ever changed by tmigr_update_events().
 */
static struct tmigr_event *tmigr_next_groupevt(struct tmigr_group *group)
{
	struct timerqueue_node *node;
	struct tmigr_event *evt;

	lockdep_assert_held(&group->lock);

	WRITE_ONCE(group->next_expiry, KTIME_MAX);

	while ((node = timerqueue_getnext(&group->events))) {
		evt = container_of(node, struct tmigr_event, nextevt);

		if (!READ_ONCE(evt->ignore)) {
			WRITE_ONCE(group->next_expiry, evt->nextevt.expires);
			return evt;
		}

		/* We hold the lock anyway: drop the stale entry now. */
		if (!timerqueue_del(&group->events, node))
			break;
	}
	return NULL;
}

/* Dequeue and return the first event if it expired at @now. */
static struct tmigr_event *tmigr_next_expired_groupevt(struct tmigr_group *group, u64 now)
{
	struct tmigr_event *evt = tmigr_next_groupevt(group);

	if (!evt || now < evt->nextevt.expires)
		return NULL;

	timerqueue_del(&group->events, &evt->nextevt);
	/* Refresh next_expiry for what is left. */
	tmigr_next_groupevt(group);
	return evt;
}

static u64 tmigr_next_groupevt_expires(struct tmigr_group *group)
{
	struct tmigr_event *evt = tmigr_next_groupevt(group);

	return evt ? evt->nextevt.expires : KTIME_MAX;
}

static bool tmigr_active_up(struct tmigr_group *group, struct tmigr_group *child,
			    struct tmigr_walk *data)
{
	union tmigr_state curstate, newstate;
	u8 childmask = data->childmask;
	bool walk_done;

	(void)child;

	/*
	 * Setting a bit does not depend on the child's state, so unlike the
	 * inactive path no acquire is needed here.
	 */
	curstate.state = atomic_read(&group->migr_state);

	do {
		newstate = curstate;
		walk_done = true;

		if (newstate.migrator == TMIGR_NONE) {
			/* The group wakes up: the parent must learn about it. */
			newstate.migrator = childmask;
			walk_done = false;
		}
		newstate.active |= childmask;
		if (!tmigr_variant_is(TMIGR_NO_SEQ))
			newstate.seq++;
	} while (!atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state));

	/*
	 * The group's own event may still sit in the parent's queue; from now
	 * on the migrator of this group handles it, so mark it stale. Done
	 * without the lock: a parent migrator that misses the update merely
	 * expires this group's timers remotely once more.
	 */
	WRITE_ONCE(group->groupevt.ignore, true);

	return walk_done;
}

static void __tmigr_cpu_activate(struct tmigr_cpu *tmc)
{
	struct tmigr_walk data;

	data.childmask = tmc->groupmask;

	WRITE_ONCE(tmc->cpuevt.ignore, true);
	WRITE_ONCE(tmc->wakeup, KTIME_MAX);

	walk_groups(&tmigr_active_up, &data, tmc);
}

/* Mark this CPU active again (timer_clear_idle(), interrupts disabled). */
static void tmigr_cpu_activate(void)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);

	if (tmigr_is_not_available(tmc))
		return;

	if (WARN_ON_ONCE(!tmc->idle))
		return;

	raw_spin_lock(&tmc->lock);
	tmc->idle = false;
	__tmigr_cpu_activate(tmc);
	raw_spin_unlock(&tmc->lock);
}

/*
 * Queue the child's (or, at level 0, the CPU's) first event in @group and
 * keep @group's own event current. Returns true when nothing needs to be
 * propagated further up.
 *
 * Both states are read with the locks held: a concurrent last-CPU-idle walk
 * releases its state change with the group lock, and reading it outside
 * would let a new first timer be queued in a group that looks active but is
 * not, so nobody would be told to wake up for it ("Prevent race between new
 * event and last CPU going inactive" in the kernel file).
 *
 * The only place that sets a group event's expiry.
 */
static bool tmigr_update_events(struct tmigr_group *group, struct tmigr_group *child,
				struct tmigr_walk *data)
{
	struct tmigr_event *evt, *first_childevt;
	union tmigr_state childstate, groupstate;
	bool remote = data->remote;
	bool walk_done = false;
	u64 nextexp;

	if (child) {
		/* The documented race: states read before the locks. */
		if (tmigr_variant_is(TMIGR_UNLOCKED_STATE_READ)) {
			childstate.state = atomic_read(&child->migr_state);
			groupstate.state = atomic_read(&group->migr_state);
		}

		raw_spin_lock(&child->lock);
		raw_spin_lock_nested(&group->lock, SINGLE_DEPTH_NESTING);

		if (!tmigr_variant_is(TMIGR_UNLOCKED_STATE_READ)) {
			childstate.state = atomic_read(&child->migr_state);
			groupstate.state = atomic_read(&group->migr_state);
		}

		if (childstate.active) {
			/* An active child's migrator takes care of its timers. */
			walk_done = true;
			goto unlock;
		}

		first_childevt = tmigr_next_groupevt(child);
		nextexp = child->next_expiry;
		evt = &child->groupevt;

		WRITE_ONCE(evt->ignore, nextexp == KTIME_MAX);
	} else {
		nextexp = data->nextexp;
		first_childevt = evt = data->evt;

		/*
		 * An ignored CPU event needs no work at this level when there
		 * is a level above whose walk will clean up - unless a remote
		 * expiry just happened: then timers queued in idle groups must
		 * be propagated again. At the top level, always fall through
		 * so the group's first event is kept right.
		 */
		if (READ_ONCE(evt->ignore) && !remote &&
		    (tmigr_variant_is(TMIGR_EARLY_RETURN_DEACTIVATE) || READ_ONCE(group->parent)))
			return true;

		if (tmigr_variant_is(TMIGR_UNLOCKED_STATE_READ))
			groupstate.state = atomic_read(&group->migr_state);

		raw_spin_lock(&group->lock);

		childstate.state = 0;
		if (!tmigr_variant_is(TMIGR_UNLOCKED_STATE_READ))
			groupstate.state = atomic_read(&group->migr_state);
	}

	/* Requeue a queued event only if its expiry changed or it went stale. */
	if (timerqueue_node_queued(&evt->nextevt)) {
		if (evt->nextevt.expires == nextexp && !READ_ONCE(evt->ignore)) {
			/* Same expiry, but maybe another CPU's timer is first now. */
			evt->cpu = first_childevt->cpu;
			goto check_toplvl;
		}

		if (!timerqueue_del(&group->events, &evt->nextevt))
			WRITE_ONCE(group->next_expiry, KTIME_MAX);
	}

	if (READ_ONCE(evt->ignore)) {
		/*
		 * Nothing to queue. The walk may stop unless a remote expiry
		 * ran before and the group is idle: an event still queued in
		 * this idle group must reach the next level.
		 */
		if (!remote || groupstate.active)
			walk_done = true;
	} else {
		evt->nextevt.expires = nextexp;
		evt->cpu = first_childevt->cpu;

		if (timerqueue_add(&group->events, &evt->nextevt))
			WRITE_ONCE(group->next_expiry, nextexp);
	}

check_toplvl:
	if (!(tmigr_variant_is(TMIGR_PARENT_REREAD) ? READ_ONCE(group->parent) : group->parent) &&
	    groupstate.migrator == TMIGR_NONE) {
		walk_done = true;

		/*
		 * After a remote expiry, tmigr_handle_remote_up() computes the
		 * top level's first event itself.
		 */
		if (remote)
			goto unlock;

		/*
		 * The whole hierarchy is idle: hand the first event back so
		 * the caller wakes up for it.
		 */
		data->firstexp = tmigr_next_groupevt_expires(group);
	}

unlock:
	raw_spin_unlock(&group->lock);

	if (child)
		raw_spin_unlock(&child->lock);

	return walk_done;
}

static bool tmigr_new_timer_up(struct tmigr_group *group, struct tmigr_group *child,
			       struct tmigr_walk *data)
{
	return tmigr_update_events(group, child, data);
}

/*
 * Propagate a new first global timer of an idle CPU. Returns the expiry the
 * CPU must wake up for, or KTIME_MAX when an active CPU will handle it.
 */
static u64 tmigr_new_timer(struct tmigr_cpu *tmc, u64 nextexp)
{
	struct tmigr_walk data = {
		.nextexp	= nextexp,
		.firstexp	= KTIME_MAX,
		.evt		= &tmc->cpuevt,
	};

	lockdep_assert_held(&tmc->lock);

	/* A remote expiry is running; it walks the hierarchy when done. */
	if (tmc->remote)
		return KTIME_MAX;

	WRITE_ONCE(tmc->cpuevt.ignore, false);
	data.remote = false;

	walk_groups(&tmigr_new_timer_up, &data, tmc);

	return data.firstexp;
}

static void tmigr_handle_remote_cpu(unsigned int cpu, u64 now, unsigned long jif)
{
	struct tmigr_cpu *tmc = per_cpu_ptr(&tmigr_cpu, cpu);
	struct timer_events tevt;
	struct tmigr_walk data;

	raw_spin_lock_irq(&tmc->lock);

	/*
	 * Nothing to do if the CPU went offline (its timers moved), another
	 * CPU is already expiring them, the CPU is active again, or its event
	 * was updated to a later expiry in the meantime.
	 */
	if (!tmc->online || tmc->remote || READ_ONCE(tmc->cpuevt.ignore) ||
	    now < tmc->cpuevt.nextevt.expires) {
		raw_spin_unlock_irq(&tmc->lock);
		return;
	}

	tmc->remote = true;
	WRITE_ONCE(tmc->wakeup, KTIME_MAX);

	/* Let the remote CPU leave idle while its timers run here. */
	raw_spin_unlock_irq(&tmc->lock);

	/*
	 * May run the local CPU's own global timers too: jiffies can have
	 * moved on since run_timer_base(BASE_GLOBAL) in this softirq.
	 */
	timer_expire_remote(cpu);

	/* Timer base locks come before tmigr locks. */
	local_irq_disable();
	timer_lock_remote_bases(cpu);
	raw_spin_lock(&tmc->lock);

	/*
	 * Offline: the offline walk already cleaned up. Active again: the CPU
	 * takes care of its timers itself. Otherwise requeue its next event,
	 * even if it has none, so that events of other idle CPUs still queued
	 * in idle groups are propagated ("Required event and timerqueue
	 * update after a remote expiry" in the kernel file).
	 */
	if (!tmc->online || !tmc->idle) {
		timer_unlock_remote_bases(cpu);
		goto unlock;
	}

	fetch_next_timer_interrupt_remote(jif, now, &tevt, cpu);
	timer_unlock_remote_bases(cpu);

	/* The documented race: no new global timer, so no walk. */
	if (tmigr_variant_is(TMIGR_NO_REMOTE_WALK) && tevt.global == KTIME_MAX)
		goto unlock;

	/*
	 * Candidate fix: the CPU may have left idle and come back while its
	 * timers ran here. Activation marked its event ignore, and going idle
	 * again kept the mark when no global timer was pending then (one
	 * running here is not). A callback here may since have re-armed a
	 * timer on its base; tmigr_update_events() would drop it for the mark.
	 */
	if (tmigr_variant_is(TMIGR_FIX_REMOTE_IGNORE) && tevt.global != KTIME_MAX)
		WRITE_ONCE(tmc->cpuevt.ignore, false);

	data.nextexp = tevt.global;
	data.firstexp = KTIME_MAX;
	data.evt = &tmc->cpuevt;
	data.remote = true;

	walk_groups(&tmigr_new_timer_up, &data, tmc);

unlock:
	tmc->remote = false;
	raw_spin_unlock_irq(&tmc->lock);
}

static bool tmigr_handle_remote_up(struct tmigr_group *group, struct tmigr_group *child,
				   struct tmigr_walk *data)
{
	unsigned long jif = data->basej;
	u8 childmask = data->childmask;
	struct tmigr_event *evt;
	u64 now = data->now;

	(void)child;
again:
	/* An active group with another migrator is that migrator's job. */
	if (!tmigr_check_migrator(group, childmask))
		return true;

	raw_spin_lock_irq(&group->lock);

	evt = tmigr_next_expired_groupevt(group, now);
	if (evt) {
		unsigned int remote_cpu = evt->cpu;

		raw_spin_unlock_irq(&group->lock);

		tmigr_handle_remote_cpu(remote_cpu, now, jif);

		/* There may be more expired events. */
		goto again;
	}

	/* First event left to handle at this level (or KTIME_MAX). */
	data->firstexp = group->next_expiry;

	raw_spin_unlock_irq(&group->lock);

	return false;
}

/* Expire global timers of idle CPUs (timer softirq, interrupts enabled). */
static void tmigr_handle_remote(void)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	struct tmigr_walk data;

	if (tmigr_is_not_available(tmc))
		return;

	data.childmask = tmc->groupmask;
	data.firstexp = KTIME_MAX;

	/*
	 * Cheap early exit; tmigr_handle_remote_up() checks again. An idle
	 * CPU that was told to wake up for the hierarchy must still walk, or
	 * it would keep chasing an expiry that another CPU already handled
	 * (and its wakeup must be refreshed below).
	 */
	if (!tmigr_check_migrator(tmc->tmgroup, tmc->groupmask)) {
		if (READ_ONCE(tmc->wakeup) == KTIME_MAX)
			return;
	}

	data.now = get_jiffies_update(&data.basej);

	/*
	 * tmc->lock is not held during the walk; @wakeup is only consumed by
	 * the idle path after the last interrupt, so updating it at the end
	 * is enough.
	 */
	__walk_groups(&tmigr_handle_remote_up, &data, tmc);

	raw_spin_lock_irq(&tmc->lock);
	WRITE_ONCE(tmc->wakeup, data.firstexp);
	raw_spin_unlock_irq(&tmc->lock);
}

static bool tmigr_requires_handle_remote_up(struct tmigr_group *group,
					    struct tmigr_group *child,
					    struct tmigr_walk *data)
{
	u8 childmask = data->childmask;

	(void)child;

	if (!tmigr_check_migrator(group, childmask))
		return true;

	/*
	 * An idle walker only cares about the top level's first event; go on
	 * up before looking at next_expiry.
	 */
	if (READ_ONCE(group->parent) && !data->tmc_active)
		return false;

	/* 64-bit: next_expiry is read in one piece without the lock. */
	data->firstexp = READ_ONCE(group->next_expiry);
	if (data->now >= data->firstexp) {
		data->check = true;
		return true;
	}
	return false;
}

/* Does this CPU need to run tmigr_handle_remote()? (tick, irqs off) */
static bool tmigr_requires_handle_remote(void)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	struct tmigr_walk data;
	unsigned long jif;

	if (tmigr_is_not_available(tmc))
		return false;

	data.now = get_jiffies_update(&jif);
	data.childmask = tmc->groupmask;
	data.firstexp = KTIME_MAX;
	data.tmc_active = !tmc->idle;
	data.check = false;

	/* Only this CPU changes tmc->idle, so no lock is needed to read it. */
	if (!tmc->idle) {
		__walk_groups(&tmigr_requires_handle_remote_up, &data, tmc);
		return data.check;
	}

	/* Idle: the only question is whether the wakeup is due. */
	return data.now >= READ_ONCE(tmc->wakeup);
}

/*
 * An idle CPU re-evaluates its timers (tick_nohz_get_sleep_length() runs the
 * idle path once more). Queue a changed first global timer and return what
 * the CPU must wake up for, or KTIME_MAX.
 */
static u64 tmigr_cpu_new_timer(u64 nextexp)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	u64 ret;

	if (tmigr_is_not_available(tmc))
		return nextexp;

	raw_spin_lock(&tmc->lock);

	ret = READ_ONCE(tmc->wakeup);
	if (nextexp != KTIME_MAX) {
		if (nextexp != tmc->cpuevt.nextevt.expires ||
		    READ_ONCE(tmc->cpuevt.ignore)) {
			ret = tmigr_new_timer(tmc, nextexp);
			/* Keep the idle re-evaluation from missing it. */
			WRITE_ONCE(tmc->wakeup, ret);
		}
	}

	raw_spin_unlock(&tmc->lock);
	return ret;
}

static bool tmigr_inactive_up(struct tmigr_group *group, struct tmigr_group *child,
			      struct tmigr_walk *data)
{
	union tmigr_state curstate, newstate, childstate;
	u8 childmask = data->childmask;
	bool walk_done;

	childstate.state = 0;

	/*
	 * The new group state depends on the child's state: the acquire pairs
	 * with the cmpxchg in tmigr_active_up() so that a child which became
	 * active again is seen.
	 */
	curstate.state = atomic_read_acquire(&group->migr_state);

	for (;;) {
		if (child)
			childstate.state = atomic_read(&child->migr_state);

		newstate = curstate;
		walk_done = true;

		/* Only clear the bit if the child is really idle. */
		if (!childstate.active)
			newstate.active &= ~childmask;

		if (newstate.migrator == childmask && !childstate.active) {
			unsigned long active = newstate.active;
			unsigned long new_migr_bit = find_first_bit(&active, BIT_CNT);

			if (new_migr_bit != BIT_CNT) {
				/* Hand the role to another active child. */
				newstate.migrator = (u8)BIT(new_migr_bit);
			} else {
				/* Nobody left: the group goes idle, tell the parent. */
				newstate.migrator = TMIGR_NONE;
				walk_done = false;
			}
		}

		if (!tmigr_variant_is(TMIGR_NO_SEQ))
			newstate.seq++;

		WARN_ON_ONCE(newstate.migrator != TMIGR_NONE && !newstate.active);

		if (atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state))
			break;

		/*
		 * Pairs with the cmpxchg in tmigr_active_up(); only needed
		 * when the cmpxchg failed and the child is read again.
		 */
		smp_mb__after_atomic();
	}

	data->remote = false;

	/* Queue the events; the return value is not needed here. */
	tmigr_update_events(group, child, data);

	/*
	 * Before facd40aa5c46: a first expiry is handed back only at the top,
	 * so warn if this group has a parent - it may have got one since.
	 */
	if (tmigr_variant_is(TMIGR_PARENT_REREAD)) {
		bool firstexp_below_top = data->firstexp != KTIME_MAX && READ_ONCE(group->parent);

		WARN_ON_ONCE(firstexp_below_top);
	}

	/*
	 * Candidate fix (docs/findings/deactivate-vs-last-idle.md): the
	 * cmpxchg left another child in charge, but that child may have gone
	 * idle since and, as the group's last one, propagated the group's
	 * first event before the update above queued ours. The group lock
	 * orders the two: a state read after the update sees the group idle
	 * whenever that propagation could have missed our event.
	 */
	if ((tmigr_variant_is(TMIGR_FIX_DEACTIVATE_WALK) ||
	     tmigr_variant_is(TMIGR_FIX_REMOTE_IGNORE)) && walk_done) {
		curstate.state = atomic_read(&group->migr_state);
		if (!curstate.active)
			walk_done = false;
	}

	return walk_done;
}

static u64 __tmigr_cpu_deactivate(struct tmigr_cpu *tmc, u64 nextexp)
{
	struct tmigr_walk data = {
		.nextexp	= nextexp,
		.firstexp	= KTIME_MAX,
		.evt		= &tmc->cpuevt,
		.childmask	= tmc->groupmask,
	};

	/*
	 * KTIME_MAX: no global timer, a local timer comes first, or the CPU
	 * goes offline; then the event stays ignored.
	 */
	if (nextexp != KTIME_MAX)
		WRITE_ONCE(tmc->cpuevt.ignore, false);

	walk_groups(&tmigr_inactive_up, &data, tmc);
	return data.firstexp;
}

/*
 * Put this CPU to idle in the hierarchy (tick stop path, interrupts off).
 * Returns the expiry to wake up for: the CPU's own global timer or the
 * hierarchy's first event when this CPU was the last one active; KTIME_MAX
 * when an active CPU will take care.
 */
static u64 tmigr_cpu_deactivate(u64 nextexp)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	u64 ret;

	if (tmigr_is_not_available(tmc))
		return nextexp;

	raw_spin_lock(&tmc->lock);

	ret = __tmigr_cpu_deactivate(tmc, nextexp);
	tmc->idle = true;
	/* Keep the idle re-evaluation from missing the event. */
	WRITE_ONCE(tmc->wakeup, ret);

	raw_spin_unlock(&tmc->lock);
	return ret;
}

/*
 * Forecast, without changing anything, what a CPU about to go idle would
 * have to wake up for:
 *  - KTIME_MAX if another CPU is likely to stay in charge (this CPU is not
 *    alone in its group, or some group on the way up has other active
 *    children);
 *  - otherwise the earlier of @nextevt and the next_expiry values seen on
 *    the way to the top (this CPU's own event is not queued anywhere while
 *    it is active, so levels are not sorted and all must be looked at).
 */
static u64 tmigr_quick_check(u64 nextevt)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	struct tmigr_group *group = tmc->tmgroup;

	if (tmigr_is_not_available(tmc))
		return nextevt;

	if (WARN_ON_ONCE(tmc->idle))
		return nextevt;

	if (!tmigr_check_migrator_and_lonely(tmc->tmgroup, tmc->groupmask))
		return KTIME_MAX;

	do {
		if (!tmigr_check_lonely(group))
			return KTIME_MAX;

		/* Before 8ca1836769d7 only the top level was looked at. */
		if (!tmigr_variant_is(TMIGR_QUICK_CHECK_TOP_ONLY))
			nextevt = min_t(u64, nextevt, READ_ONCE(group->next_expiry));
		if (!READ_ONCE(group->parent)) {
			if (tmigr_variant_is(TMIGR_QUICK_CHECK_TOP_ONLY))
				return min_t(u64, nextevt, READ_ONCE(group->next_expiry));
			return nextevt;
		}

		group = READ_ONCE(group->parent);
	} while (group);

	return KTIME_MAX;
}

/*
 * Runs on an online CPU chosen by tmigr_cpu_offline() after work_on_cpu()
 * woke it: it must now be active and take over the migrator duty.
 */
static long tmigr_trigger_active(void *unused)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);

	(void)unused;
	WARN_ON_ONCE(!tmc->online || tmc->idle);
	return 0;
}

static int tmigr_cpu_offline(unsigned int cpu)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);
	u64 firstexp;
	int migrator;

	raw_spin_lock_irq(&tmc->lock);
	tmc->online = false;
	WRITE_ONCE(tmc->wakeup, KTIME_MAX);

	/* From here on the CPU handles its own timers: queue nothing. */
	firstexp = __tmigr_cpu_deactivate(tmc, KTIME_MAX);
	raw_spin_unlock_irq(&tmc->lock);

	/* Last active CPU with hierarchy events pending: wake a successor. */
	if (firstexp != KTIME_MAX) {
		migrator = (int)cpumask_any_but(cpu_online_mask, cpu);
		work_on_cpu(migrator, tmigr_trigger_active, NULL);
	}

	return 0;
}

static int tmigr_cpu_prepare(unsigned int cpu);

static int tmigr_cpu_online(unsigned int cpu)
{
	struct tmigr_cpu *tmc = this_cpu_ptr(&tmigr_cpu);

	/* 6.10: the incoming CPU sets up its own groups, first time only. */
	if (tmigr_variant_is(TMIGR_SETUP_IN_ONLINE) && !tmc->tmgroup) {
		int ret = tmigr_cpu_prepare(cpu);

		if (ret < 0)
			return ret;
	}

	/* The prepare callback must have set the CPU up. */
	if (WARN_ON_ONCE(!tmc->tmgroup))
		return -EINVAL;

	raw_spin_lock_irq(&tmc->lock);
	tmc->idle = timer_base_is_idle();
	if (!tmc->idle)
		__tmigr_cpu_activate(tmc);
	tmc->online = true;
	raw_spin_unlock_irq(&tmc->lock);
	return 0;
}

static void tmigr_init_group(struct tmigr_group *group, unsigned int lvl, int node)
{
	union tmigr_state s;

	raw_spin_lock_init(&group->lock);

	group->level = lvl;
	group->numa_node = lvl < tmigr_crossnode_level ? node : NUMA_NO_NODE;
	group->num_children = 0;

	s.migrator = TMIGR_NONE;
	s.active = 0;
	s.seq = 0;
	atomic_set(&group->migr_state, s.state);

	/*
	 * A group that opens a new level is the new top: give it its mask in
	 * advance, so that when yet another level appears later its mask is
	 * valid before anybody can walk through it. The old top it will sit
	 * above already occupies child slot 0.
	 */
	if (list_empty(&tmigr_level_list[lvl]) && !tmigr_variant_is(TMIGR_SETUP_IN_ONLINE)) {
		group->groupmask = (u8)BIT(0);
		if (lvl > 0)
			group->num_children = 1;
	}

	timerqueue_init_head(&group->events);
	timerqueue_init(&group->groupevt.nextevt);
	group->groupevt.nextevt.expires = KTIME_MAX;
	WRITE_ONCE(group->next_expiry, KTIME_MAX);
	WRITE_ONCE(group->groupevt.ignore, true);
}

static struct tmigr_group *tmigr_get_group(unsigned int cpu, int node, unsigned int lvl)
{
	struct tmigr_group *tmp, *group = NULL;

	(void)cpu;
	lockdep_assert_held(&tmigr_mutex);

	/* Join the newest group of this level (and node) that has room. */
	list_for_each_entry(tmp, &tmigr_level_list[lvl], list) {
		if (lvl < tmigr_crossnode_level && tmp->numa_node != node)
			continue;
		if (tmp->num_children >= TMIGR_CHILDREN_PER_GROUP)
			continue;
		group = tmp;
		break;
	}

	if (group)
		return group;

	group = kzalloc_node(sizeof(*group), GFP_KERNEL, node);
	if (!group)
		return ERR_PTR(-ENOMEM);

	tmigr_init_group(group, lvl, node);

	list_add(&group->list, &tmigr_level_list[lvl]);
	return group;
}

/*
 * setup-in-online (6.10): plain stores, ->parent before the mask, and the
 * old top is set active in the new top only if it has a migrator when
 * looked at - it may go idle right after (race A). The stores are marked so
 * that the scheduler can put a walker between them (race B); the kernel's
 * plain stores allow the same order.
 */
static void tmigr_connect_child_parent_610(struct tmigr_group *child, struct tmigr_group *parent,
					   bool activate)
{
	union tmigr_state childstate;
	struct tmigr_walk data;

	raw_spin_lock_irq(&child->lock);
	raw_spin_lock_nested(&parent->lock, SINGLE_DEPTH_NESTING);

	WRITE_ONCE(child->parent, parent);
	WRITE_ONCE(child->groupmask, (u8)BIT(parent->num_children++));

	raw_spin_unlock(&parent->lock);
	raw_spin_unlock_irq(&child->lock);

	if (!activate)
		return;

	childstate.state = atomic_read(&child->migr_state);
	if (childstate.migrator != TMIGR_NONE) {
		data.childmask = child->groupmask;
		WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent);
	}
}

static void tmigr_connect_child_parent(struct tmigr_group *child, struct tmigr_group *parent,
				       bool activate)
{
	struct tmigr_walk data;

	if (tmigr_variant_is(TMIGR_SETUP_IN_ONLINE)) {
		tmigr_connect_child_parent_610(child, parent, activate);
		return;
	}

	raw_spin_lock_irq(&child->lock);
	raw_spin_lock_nested(&parent->lock, SINGLE_DEPTH_NESTING);

	if (activate) {
		/* Old top below a new top: its mask was set at creation. */
		WARN_ON_ONCE(child->groupmask != BIT(0) || parent->num_children != 2);
	} else {
		child->groupmask = (u8)BIT(parent->num_children++);
	}

	/*
	 * Publish the parent only after it is fully initialised; a CPU
	 * walking up concurrently reads it with READ_ONCE().
	 */
	smp_store_release(&child->parent, parent);

	raw_spin_unlock(&parent->lock);
	raw_spin_unlock_irq(&child->lock);

	if (!activate)
		return;

	/*
	 * The old top is active (the CPU running this prepare callback is
	 * active below it), so it must be active in the new top as well.
	 * Freshly created lower groups stay idle until their CPU comes online.
	 * Running on an active CPU also keeps walkers below the old top from
	 * going past it before this CPU goes idle itself, which publishes the
	 * new ->parent and mask to them.
	 */
	data.childmask = child->groupmask;

	/*
	 * Only one level is added at a time (tmigr_mutex): if the parent was
	 * idle it must be the top.
	 */
	WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent);
}

static int tmigr_setup_groups(unsigned int cpu, unsigned int node)
{
	struct tmigr_group *group, *child, **stack;
	int top = 0, err = 0, i = 0;
	struct list_head *lvllist;

	stack = kcalloc(tmigr_hierarchy_levels, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;

	/* Find or create a group per level, bottom up. */
	do {
		group = tmigr_get_group(cpu, (int)node, (unsigned int)i);
		if (IS_ERR(group)) {
			err = (int)PTR_ERR(group);
			break;
		}

		top = i;
		stack[i++] = group;

		/*
		 * Stop at an existing group that is connected, at the last
		 * level, or when this level holds the only group and nothing
		 * exists above it (fewer CPUs than possible are up).
		 */
		if (group->parent || i == (int)tmigr_hierarchy_levels ||
		    (list_empty(&tmigr_level_list[i]) &&
		     list_is_singular(&tmigr_level_list[i - 1])))
			break;
	} while (i < (int)tmigr_hierarchy_levels);

	/* There must be exactly one root. */
	WARN_ON_ONCE(!err && !group->parent && !list_is_singular(&tmigr_level_list[top]));

	/*
	 * Connect top down, and undo everything on error. setup-oob: before
	 * d7ad05c86e21 this was a do-while loop, which reads stack[-1] when the
	 * level-0 allocation failed.
	 */
	while (i > 0 || (tmigr_variant_is(TMIGR_SETUP_OOB) && err < 0 && i == 0)) {
		group = stack[--i];

		if (err < 0) {
			list_del(&group->list);
			kfree(group);
			continue;
		}

		WARN_ON_ONCE(i != (int)group->level);

		if (i == 0) {
			struct tmigr_cpu *tmc = per_cpu_ptr(&tmigr_cpu, cpu);

			raw_spin_lock_irq(&group->lock);
			tmc->tmgroup = group;
			tmc->groupmask = (u8)BIT(group->num_children++);
			raw_spin_unlock_irq(&group->lock);
			continue;
		}

		child = stack[i - 1];
		/* Becomes active when its CPU comes online. */
		tmigr_connect_child_parent(child, group, false);

		if (top != i)
			continue;

		WARN_ON_ONCE(top == 0);

		lvllist = &tmigr_level_list[top];

		/*
		 * A new top accounts the incoming CPU's branch and the
		 * pre-accounted old top: connect the old top below it.
		 */
		if (group->num_children == (tmigr_variant_is(TMIGR_SETUP_IN_ONLINE) ? 1 : 2) &&
		    list_is_singular(lvllist)) {
			/*
			 * The incoming CPU itself must never do this (except the
			 * boot CPU at early boot): it would activate the old top
			 * whether or not it is active, and publish masks that
			 * walkers below may not be ready for. (6.10 did it.)
			 */
			if (!tmigr_variant_is(TMIGR_SETUP_IN_ONLINE))
				WARN_ON_ONCE(cpu == raw_smp_processor_id());

			lvllist = &tmigr_level_list[top - 1];
			list_for_each_entry(child, lvllist, list) {
				if (child->parent)
					continue;
				tmigr_connect_child_parent(child, group, true);
			}
		}
	}

	kfree(stack);
	return err;
}

static int tmigr_add_cpu(unsigned int cpu)
{
	int node = cpu_to_node(cpu);
	int ret;

	mutex_lock(&tmigr_mutex);
	ret = tmigr_setup_groups(cpu, (unsigned int)node);
	mutex_unlock(&tmigr_mutex);

	return ret;
}

/* CPUHP_TMIGR_PREPARE: set up the groups of @cpu, on a control CPU. */
static int tmigr_cpu_prepare(unsigned int cpu)
{
	struct tmigr_cpu *tmc = per_cpu_ptr(&tmigr_cpu, cpu);
	int ret;

	/* Groups are never torn down: a re-onlined CPU is already set up. */
	if (tmc->tmgroup)
		return 0;

	raw_spin_lock_init(&tmc->lock);
	timerqueue_init(&tmc->cpuevt.nextevt);
	tmc->cpuevt.nextevt.expires = KTIME_MAX;
	WRITE_ONCE(tmc->cpuevt.ignore, true);
	tmc->cpuevt.cpu = cpu;
	tmc->remote = false;
	WRITE_ONCE(tmc->wakeup, KTIME_MAX);

	ret = tmigr_add_cpu(cpu);
	if (ret < 0)
		return ret;

	if (tmc->groupmask == 0)
		return -EINVAL;

	return ret;
}

static int __init tmigr_init(void)
{
	unsigned int cpulvl, nodelvl, cpus_per_node, i;
	unsigned int nnodes = num_possible_nodes();
	unsigned int ncpus = num_possible_cpus();
	int ret = -ENOMEM;

	BUILD_BUG_ON_NOT_POWER_OF_2(TMIGR_CHILDREN_PER_GROUP);

	/* Uniprocessor: no hierarchy, every CPU handles its own timers. */
	if (ncpus == 1)
		return 0;

	/*
	 * Levels from the possible CPUs and nodes; assume CPUs spread evenly
	 * over nodes (which CPUs belong to a node is only known once they
	 * are online). Enough levels to hold one node's CPUs, plus enough to
	 * join all nodes; below the crossnode level groups stay node local.
	 */
	cpus_per_node = DIV_ROUND_UP(ncpus, nnodes);
	cpulvl = DIV_ROUND_UP(order_base_2(cpus_per_node), ilog2(TMIGR_CHILDREN_PER_GROUP));
	nodelvl = DIV_ROUND_UP(order_base_2(nnodes), ilog2(TMIGR_CHILDREN_PER_GROUP));

	tmigr_hierarchy_levels = cpulvl + nodelvl;
	tmigr_crossnode_level = cpulvl;

	tmigr_level_list = kcalloc(tmigr_hierarchy_levels, sizeof(struct list_head), GFP_KERNEL);
	if (!tmigr_level_list)
		goto err;

	for (i = 0; i < tmigr_hierarchy_levels; i++)
		INIT_LIST_HEAD(&tmigr_level_list[i]);

	pr_info("Timer migration: %d hierarchy levels; %d children per group; %d crossnode level\n",
		tmigr_hierarchy_levels, TMIGR_CHILDREN_PER_GROUP, tmigr_crossnode_level);

	/*
	 * setup-in-online: no prepare state, the online callback sets up.
	 * v4-ap-prepare: the prepare callback on the online state, which the
	 * online callback then cannot take (-EBUSY).
	 */
	ret = 0;
	if (tmigr_variant_is(TMIGR_V4_AP_PREPARE))
		ret = cpuhp_setup_state(CPUHP_AP_TMIGR_ONLINE, "tmigr:prepare",
					tmigr_cpu_prepare, NULL);
	else if (!tmigr_variant_is(TMIGR_SETUP_IN_ONLINE))
		ret = cpuhp_setup_state(CPUHP_TMIGR_PREPARE, "tmigr:prepare",
					tmigr_cpu_prepare, NULL);
	if (ret)
		goto err;

	ret = cpuhp_setup_state(CPUHP_AP_TMIGR_ONLINE, "tmigr:online",
				tmigr_cpu_online, tmigr_cpu_offline);
	if (ret)
		goto err;

	return 0;

err:
	pr_err("Timer migration setup failed\n");
	return ret;
}

early_initcall(tmigr_init);
