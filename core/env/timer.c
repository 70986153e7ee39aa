// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer side of kernel/time/timer.c, as far as tmigr sees it.
 *
 * Each CPU has a BASE_LOCAL (pinned timers) and a BASE_GLOBAL (timers the
 * hierarchy may expire remotely). Instead of the timer wheel, a base keeps
 * its timers in a list sorted by expiry: the wheel's granularity only
 * delays expiry, and tmigr sees a base through next_expiry and
 * fetch_next_timer_interrupt() alone. Everything tmigr calls, and the idle
 * path that calls tmigr (__get_next_timer_interrupt(), timer_use_tmigr(),
 * timer_clear_idle()), follows the 6.12 logic step by step, locks included:
 * base locks come before tmigr locks.
 *
 * High resolution mode is assumed (hrtimers do not round the next event).
 * Deferrable timers are not modelled. BASE_GLOBAL is marked idle only on a
 * nohz_full CPU, as in the kernel.
 */
#include <stdio.h>

#include "env_internal.h"

static DEFINE_PER_CPU(struct timer_base[NR_BASES], timer_bases);

static struct timer_base *cpu_base(unsigned int cpu, unsigned int index)
{
	return &per_cpu(timer_bases, cpu)[index];
}

static struct timer_base *this_cpu_base(unsigned int index)
{
	return cpu_base(smp_processor_id(), index);
}

static struct env_timer *to_env_timer(struct timer_list *t)
{
	return container_of(t, struct env_timer, t);
}

/* ---- base bookkeeping (base lock held) ------------------------------------- */

static void base_update_next_expiry(struct timer_base *base)
{
	base->timers_pending = !list_empty(&base->timers);
	if (base->timers_pending)
		WRITE_ONCE(base->next_expiry,
			   list_first_entry(&base->timers, struct timer_list, entry)->expires);
	else
		WRITE_ONCE(base->next_expiry, jiffies + NEXT_TIMER_MAX_DELTA);
}

/*
 * wake_up_nohz_cpu() for an idle base. A global timer lands on an idle
 * base only when it was running there (or on a nohz_full CPU): the CPU
 * that runs it takes care.
 */
static void trigger_dyntick_cpu(struct timer_base *base, struct timer_list *timer)
{
	if (READ_ONCE(base->is_idle)) {
		WARN_ON_ONCE(!(timer->flags & TIMER_PINNED || tick_nohz_full_cpu(base->cpu)));
		wake_up_nohz_cpu(base->cpu);
	}
}

/*
 * Recompute next_expiry after a dequeue left it early (the kernel's
 * timer_recalc_next_expiry(), on the next look at the base).
 */
static void timer_recalc_next_expiry(struct timer_base *base)
{
	base->next_expiry_recalc = false;
	base_update_next_expiry(base);
}

/*
 * Only a new first timer changes next_expiry and kicks an idle CPU, as
 * enqueue_timer() does: a later timer is found at the CPU's next look.
 */
static void enqueue_timer(struct timer_base *base, struct timer_list *timer)
{
	struct timer_list *pos;
	struct list_head *at = &base->timers;

	/* After every timer that expires no later: FIFO among equals. */
	list_for_each_entry(pos, &base->timers, entry) {
		if (time_after(pos->expires, timer->expires)) {
			at = &pos->entry;
			break;
		}
	}
	list_add_tail(&timer->entry, at);
	timer->pending = true;
	if (time_before(timer->expires, base->next_expiry)) {
		WRITE_ONCE(base->next_expiry, timer->expires);
		base->timers_pending = true;
		base->next_expiry_recalc = false;
		trigger_dyntick_cpu(base, timer);
	}
}

/* Expiry path: the base is looked at again right away. */
static void detach_timer(struct timer_base *base, struct timer_list *timer)
{
	list_del(&timer->entry);
	timer->pending = false;
	base_update_next_expiry(base);
}

/*
 * del_timer()/mod_timer() path (detach_if_pending()): the kernel leaves
 * next_expiry alone and marks it for recalculation when the timer's wheel
 * bucket empties; here, when no other timer shares its expiry.
 */
static void detach_if_pending(struct timer_base *base, struct timer_list *timer)
{
	bool last_of_bucket = true;
	struct timer_list *pos;

	list_for_each_entry(pos, &base->timers, entry)
		if (pos != timer && pos->expires == timer->expires)
			last_of_bucket = false;
	list_del(&timer->entry);
	timer->pending = false;
	if (last_of_bucket)
		base->next_expiry_recalc = true;
	/* timers_pending stays: the kernel clears it only on recalculation. */
}

/* Not a scheduling point: the controlled scheduler calls it to decide. */
static bool timer_has_base(void *arg)
{
	struct timer_list *timer = arg;

	return __atomic_load_n(&timer->base, __ATOMIC_ACQUIRE) != NULL;
}

/*
 * Lock the base @timer is on. A timer being migrated has no base for a
 * moment (the kernel's TIMER_MIGRATING); wait for it to land. Where the
 * kernel spins, a waiter under the controlled scheduler must say what it
 * waits for: a spin the scheduler cannot see would keep the CPU that moves
 * the timer from ever running (a livelock of the harness, not the kernel).
 */
static struct timer_base *lock_timer_base(struct timer_list *timer)
{
	for (;;) {
		struct timer_base *base = READ_ONCE(timer->base);

		if (base) {
			raw_spin_lock(&base->lock);
			if (READ_ONCE(timer->base) == base)
				return base;
			raw_spin_unlock(&base->lock);
			continue;
		}
		if (env.wait_ops && env.wait_ops->wait)
			env.wait_ops->wait(smp_processor_id(), timer_has_base, timer, false);
		else
			env_relax();
	}
}

/* ---- arming and cancelling -------------------------------------------------------- */

/* A timer ran: @run was captured under the base lock, before the callback. */
static void env_timer_ran(const struct env_timer_run *run)
{
	env_count(&env.stats.timers_run);
	if (run->ran_on != run->base_cpu)
		env_count(&env.stats.timers_run_remote);
	if (env.obs.timer_run)
		env.obs.timer_run(run, env.obs.ctx);
	env_irq(ENV_IRQ_ITERATION);
}

/*
 * __mod_timer() for a global or pinned timer on this CPU, add_timer_on()
 * for @target. A timer that is running on its old base stays there
 * (mod_timer() may not move a running timer) unless it is pinned elsewhere.
 */
static void timer_arm(struct timer_list *timer, unsigned long expires, u32 flags,
		      unsigned int cpu)
{
	struct timer_base *base, *new_base;

	new_base = cpu_base(cpu, (flags & TIMER_PINNED) ? BASE_LOCAL : BASE_GLOBAL);

	base = lock_timer_base(timer);
	if (timer->pending)
		detach_if_pending(base, timer);

	if (base != new_base &&
	    ((flags & TIMER_PINNED) || base->running_timer != timer)) {
		WRITE_ONCE(timer->base, NULL);
		raw_spin_unlock(&base->lock);
		base = new_base;
		raw_spin_lock(&base->lock);
		WRITE_ONCE(timer->base, base);
	}

	timer->expires = expires;
	timer->flags = flags;
	enqueue_timer(base, timer);
	raw_spin_unlock(&base->lock);
}

enum env_timer_kind env_timer_kind(unsigned int timer)
{
	static const enum env_timer_kind by_slot[] = {
		ENV_TIMER_GLOBAL, ENV_TIMER_PINNED, ENV_TIMER_ON,
	};
	unsigned int slot = timer % env.cfg.timers_per_cpu;

	return slot < ARRAY_SIZE(by_slot) ? by_slot[slot] : ENV_TIMER_GLOBAL;
}

int env_timer_arm(unsigned int idx, unsigned int target, unsigned long delta_ticks)
{
	return env_timer_arm_rearm(idx, target, delta_ticks, 0);
}

int env_timer_arm_rearm(unsigned int idx, unsigned int target, unsigned long delta_ticks,
			unsigned int rearms)
{
	unsigned int self = smp_processor_id();
	struct env_timer *et;

	if (idx >= env.nr_timers)
		return -EINVAL;
	et = &env.timers[idx];
	/* Only the owner arms a timer, so add_timer_on() never sees it pending. */
	if (et->owner != self)
		return -EPERM;
	/*
	 * What the callback will do: harness bookkeeping, not a kernel access
	 * (no scheduling point). A callback running right now reads either.
	 */
	__atomic_store_n(&et->period, delta_ticks ? delta_ticks : 1, __ATOMIC_RELAXED);
	__atomic_store_n(&et->rearms, rearms, __ATOMIC_RELAXED);

	switch (env_timer_kind(idx)) {
	case ENV_TIMER_GLOBAL:
		timer_arm(&et->t, jiffies + delta_ticks, 0, self);
		break;
	case ENV_TIMER_PINNED:
		timer_arm(&et->t, jiffies + delta_ticks, TIMER_PINNED, self);
		break;
	case ENV_TIMER_ON:
		/* Callers of add_timer_on() keep the target online (cpus_read_lock()). */
		if (target >= env.cfg.nr_cpus)
			return -EINVAL;
		if (!cpus_read_trylock())
			return -EBUSY;
		if (!cpu_online(target)) {
			cpus_read_unlock();
			return -EINVAL;
		}
		env_timer_cancel(idx);
		timer_arm(&et->t, jiffies + delta_ticks, TIMER_PINNED, target);
		cpus_read_unlock();
		break;
	}
	env_count(&env.stats.timers_armed);
	return 0;
}

bool env_timer_cancel(unsigned int idx)
{
	struct timer_list *timer;
	struct timer_base *base;
	bool was_pending;

	if (idx >= env.nr_timers)
		return false;
	timer = &env.timers[idx].t;

	base = lock_timer_base(timer);
	was_pending = timer->pending;
	if (was_pending)
		detach_if_pending(base, timer);
	raw_spin_unlock(&base->lock);

	if (was_pending)
		env_count(&env.stats.timers_cancelled);
	return was_pending;
}

/* ---- expiry ----------------------------------------------------------------------- */

/*
 * The callback, in softirq context on whichever CPU expires the timer: a
 * periodic one re-arms itself with mod_timer(). While it runs, the timer
 * is its base's running_timer, so __mod_timer() keeps it on that base (a
 * remote expiry leaves it on the idle CPU's base).
 */
static void env_timer_callback(struct env_timer *et, u32 flags)
{
	unsigned int left = __atomic_load_n(&et->rearms, __ATOMIC_RELAXED);

	if (!left)
		return;
	/* The owner may re-arm it anew meanwhile: only one of the two counts down. */
	if (!__atomic_compare_exchange_n(&et->rearms, &left, left - 1, false, __ATOMIC_RELAXED,
					 __ATOMIC_RELAXED))
		return;
	timer_arm(&et->t, jiffies + __atomic_load_n(&et->period, __ATOMIC_RELAXED), flags,
		  smp_processor_id());
	env_count(&env.stats.timers_rearmed);
}

/* Returns false when the base was busy: a callback of it runs elsewhere. */
static bool __run_timers(struct timer_base *base)
{
	lockdep_assert_held(&base->lock);

	if (base->running_timer)
		return false;
	if (base->next_expiry_recalc)
		timer_recalc_next_expiry(base);

	while (!list_empty(&base->timers)) {
		struct timer_list *timer =
			list_first_entry(&base->timers, struct timer_list, entry);

		if (time_before(jiffies, timer->expires))
			break;

		struct env_timer_run run = {
			.timer		= to_env_timer(timer)->id,
			.owner		= to_env_timer(timer)->owner,
			.base_cpu	= base->cpu,
			.ran_on		= smp_processor_id(),
			.pinned		= timer->flags & TIMER_PINNED,
			.expires_ns	= (u64)timer->expires * TICK_NSEC,
			.now		= ktime_get(),
		};

		u32 flags = timer->flags;

		detach_timer(base, timer);
		base->running_timer = timer;
		/* The callback runs without the base lock, as in expire_timers(). */
		raw_spin_unlock(&base->lock);
		env_timer_ran(&run);
		env_timer_callback(to_env_timer(timer), flags);
		raw_spin_lock(&base->lock);
		base->running_timer = NULL;
	}
	return true;
}

static bool __run_timer_base(struct timer_base *base)
{
	bool ran;

	/* May race with a remote CPU updating next_expiry under the lock. */
	if (time_before(jiffies, READ_ONCE(base->next_expiry)))
		return true;

	raw_spin_lock_irq(&base->lock);
	ran = __run_timers(base);
	raw_spin_unlock_irq(&base->lock);
	return ran;
}

static void run_timer_softirq(void)
{
	env_irq(ENV_IRQ_SOFTIRQ_ENTER);
	for (;;) {
		__run_timer_base(this_cpu_base(BASE_LOCAL));
		__run_timer_base(this_cpu_base(BASE_GLOBAL));
		env_irq(ENV_IRQ_REMOTE_ENTER);
		tmigr_ops->handle_remote();
		env_irq(ENV_IRQ_REMOTE_EXIT);
		if (!env_planted(ENV_PLANT_ENDLESS_SOFTIRQ, smp_processor_id()))
			break;
		/* The planted bug: the softirq raised itself again. */
		env_irq(ENV_IRQ_ITERATION);
	}
	env_irq(ENV_IRQ_SOFTIRQ_EXIT);
}

/* run_local_timers(): raise the timer softirq only if there is work. */
void update_process_times(void)
{
	bool raise = false;

	env_count(&env.stats.ticks);

	for (unsigned int b = 0; b < NR_BASES && !raise; b++)
		raise = time_after_eq(jiffies, READ_ONCE(this_cpu_base(b)->next_expiry));
	if (!raise)
		raise = tmigr_ops->requires_handle_remote();

	if (raise)
		run_timer_softirq();
}

/* ---- what tmigr calls ------------------------------------------------------------------ */

u64 get_jiffies_update(unsigned long *basej)
{
	unsigned long j = jiffies;

	*basej = j;
	return (u64)j * TICK_NSEC;
}

bool timer_base_is_idle(void)
{
	return READ_ONCE(this_cpu_base(BASE_LOCAL)->is_idle);
}

/*
 * An idle CPU runs its own global timers in its tick's softirq, and a
 * migrator may expire the same base meanwhile: while one of its callbacks
 * runs, __run_timers() leaves the base alone, the timer behind it is still
 * due, and tmigr_handle_remote() queues the CPU's event as expired again
 * and comes back. That loop waits for the callback to end, as a spinlock
 * would: no work, so no iteration of the liveness bound. (In free mode the
 * callback's CPU can be switched out or descheduled for a long time: 6145
 * such turns at one instant of virtual time tripped the bound of 64 CPUs.)
 */
void timer_expire_remote(unsigned int cpu)
{
	if (__run_timer_base(cpu_base(cpu, BASE_GLOBAL)))
		env_irq(ENV_IRQ_ITERATION);
}

void timer_lock_remote_bases(unsigned int cpu)
{
	WARN_ON_ONCE(!irqs_disabled());
	raw_spin_lock(&cpu_base(cpu, BASE_LOCAL)->lock);
	raw_spin_lock_nested(&cpu_base(cpu, BASE_GLOBAL)->lock, SINGLE_DEPTH_NESTING);
}

void timer_unlock_remote_bases(unsigned int cpu)
{
	raw_spin_unlock(&cpu_base(cpu, BASE_GLOBAL)->lock);
	raw_spin_unlock(&cpu_base(cpu, BASE_LOCAL)->lock);
}

/* next_expiry of @base, with an empty base pushed out from @basej. */
static unsigned long next_timer_interrupt(struct timer_base *base, unsigned long basej)
{
	if (base->next_expiry_recalc)
		timer_recalc_next_expiry(base);
	if (!base->timers_pending)
		WRITE_ONCE(base->next_expiry, basej + NEXT_TIMER_MAX_DELTA);
	return base->next_expiry;
}

static unsigned long fetch_next_timer_interrupt(unsigned long basej, u64 basem,
						struct timer_base *base_local,
						struct timer_base *base_global,
						struct timer_events *tevt)
{
	unsigned long nextevt_local = next_timer_interrupt(base_local, basej);
	unsigned long nextevt_global = next_timer_interrupt(base_global, basej);
	bool local_first = time_before_eq(nextevt_local, nextevt_global);
	unsigned long nextevt = local_first ? nextevt_local : nextevt_global;

	/*
	 * At most one tick away: the tick handles it, report it as local.
	 * A global timer that is already due must still reach remote callers,
	 * or it could be missed entirely.
	 */
	if (time_before_eq(nextevt, basej + 1)) {
		if (time_before(nextevt, basej))
			nextevt = basej;
		tevt->local = basem + (u64)(nextevt - basej) * TICK_NSEC;
		if (!local_first)
			tevt->global = tevt->local;
		return nextevt;
	}

	/* A global timer behind a local one needs no hierarchy attention. */
	if (!local_first && base_global->timers_pending)
		tevt->global = basem + (u64)(nextevt_global - basej) * TICK_NSEC;
	if (base_local->timers_pending)
		tevt->local = basem + (u64)(nextevt_local - basej) * TICK_NSEC;

	return nextevt;
}

void fetch_next_timer_interrupt_remote(unsigned long basej, u64 basem,
				       struct timer_events *tevt, unsigned int cpu)
{
	struct timer_base *base_local = cpu_base(cpu, BASE_LOCAL);
	struct timer_base *base_global = cpu_base(cpu, BASE_GLOBAL);

	tevt->local = tevt->global = KTIME_MAX;

	lockdep_assert_held(&base_local->lock);
	lockdep_assert_held(&base_global->lock);

	fetch_next_timer_interrupt(basej, basem, base_local, base_global, tevt);
}

/*
 * Hand the CPU's first global timer to the hierarchy - new timer while the
 * base is idle, deactivate on the tick-stop path, forecast otherwise - and
 * wake up earlier if the hierarchy says this CPU must.
 */
static void timer_use_tmigr(unsigned long basej, u64 basem, unsigned long *nextevt,
			    bool *tick_stop_path, bool timer_base_idle,
			    struct timer_events *tevt)
{
	u64 next_tmigr;

	if (timer_base_idle)
		next_tmigr = tmigr_ops->cpu_new_timer(tevt->global);
	else if (tick_stop_path)
		next_tmigr = tmigr_ops->cpu_deactivate(tevt->global);
	else
		next_tmigr = tmigr_ops->quick_check(tevt->global);

	/* KTIME_MAX: some other CPU stays active and takes care. */
	if (next_tmigr < tevt->local) {
		if (next_tmigr < basem)
			next_tmigr = basem;
		*nextevt = basej + (unsigned long)((next_tmigr - basem) / TICK_NSEC);
		tevt->local = next_tmigr;
	}
}

static u64 __get_next_timer_interrupt(unsigned long basej, u64 basem, bool *idle)
{
	struct timer_events tevt = { .local = KTIME_MAX, .global = KTIME_MAX };
	struct timer_base *base_local, *base_global;
	unsigned long nextevt;
	bool idle_is_possible;

	/* The tick of an offline CPU is gone; nobody may try to stop it. */
	if (WARN_ON_ONCE(cpu_is_offline(smp_processor_id()))) {
		if (idle)
			*idle = true;
		return tevt.local;
	}

	base_local = this_cpu_base(BASE_LOCAL);
	base_global = this_cpu_base(BASE_GLOBAL);

	raw_spin_lock(&base_local->lock);
	raw_spin_lock_nested(&base_global->lock, SINGLE_DEPTH_NESTING);

	nextevt = fetch_next_timer_interrupt(basej, basem, base_local, base_global, &tevt);

	/* Within a tick the hierarchy needs not be told anything. */
	idle_is_possible = time_after(nextevt, basej + 1);
	if (idle_is_possible)
		timer_use_tmigr(basej, basem, &nextevt, idle, READ_ONCE(base_local->is_idle),
				&tevt);

	if (idle) {
		/* tmigr may have moved nextevt closer: check again. */
		if (!READ_ONCE(base_local->is_idle) && time_after(nextevt, basej + 1)) {
			WRITE_ONCE(base_local->is_idle, true);
			/* A nohz_full CPU's own global timers need the kick too. */
			if (tick_nohz_full_cpu(base_local->cpu))
				WRITE_ONCE(base_global->is_idle, true);
		}
		*idle = READ_ONCE(base_local->is_idle);

		/*
		 * The base stays busy: undo tmigr_cpu_deactivate(), or the
		 * hierarchy would think an active CPU is idle.
		 */
		if (!READ_ONCE(base_local->is_idle) && idle_is_possible)
			tmigr_ops->cpu_activate();
	}

	raw_spin_unlock(&base_global->lock);
	raw_spin_unlock(&base_local->lock);

	/* cmp_next_hrtimer_event() in high resolution mode. */
	return tevt.local;
}

u64 get_next_timer_interrupt(unsigned long basej, u64 basem)
{
	return __get_next_timer_interrupt(basej, basem, NULL);
}

u64 timer_base_try_to_set_idle(unsigned long basej, u64 basem, bool *idle)
{
	if (*idle)
		return KTIME_MAX;
	return __get_next_timer_interrupt(basej, basem, idle);
}

void timer_clear_idle(void)
{
	/*
	 * Unlocked on purpose, like the kernel: the worst a racing remote
	 * enqueue can do is send a pointless IPI.
	 */
	WRITE_ONCE(this_cpu_base(BASE_LOCAL)->is_idle, false);
	if (tick_nohz_full_cpu(smp_processor_id()))
		WRITE_ONCE(this_cpu_base(BASE_GLOBAL)->is_idle, false);

	tmigr_ops->cpu_activate();
}

/* ---- hotplug ----------------------------------------------------------------------------- */

void timers_init_cpu(unsigned int cpu)
{
	for (unsigned int b = 0; b < NR_BASES; b++) {
		struct timer_base *base = cpu_base(cpu, b);

		raw_spin_lock_init(&base->lock);
		base->cpu = cpu;
		base->index = b;
		base->running_timer = NULL;
		base->is_idle = false;
		base->timers_pending = false;
		base->next_expiry_recalc = false;
		INIT_LIST_HEAD(&base->timers);
		base->next_expiry = jiffies + NEXT_TIMER_MAX_DELTA;
	}
}

int timers_prepare_cpu(unsigned int cpu)
{
	for (unsigned int b = 0; b < NR_BASES; b++) {
		struct timer_base *base = cpu_base(cpu, b);

		raw_spin_lock_irq(&base->lock);
		base_update_next_expiry(base);
		base->next_expiry_recalc = false;
		WRITE_ONCE(base->is_idle, false);
		raw_spin_unlock_irq(&base->lock);
	}
	return 0;
}

/* Move the timers of dead @cpu to this (the control) CPU. */
int timers_dead_cpu(unsigned int cpu)
{
	for (unsigned int b = 0; b < NR_BASES; b++) {
		struct timer_base *old_base = cpu_base(cpu, b);
		struct timer_base *new_base = this_cpu_base(b);

		raw_spin_lock_irq(&new_base->lock);
		raw_spin_lock_nested(&old_base->lock, SINGLE_DEPTH_NESTING);

		WARN_ON_ONCE(old_base->running_timer);
		old_base->running_timer = NULL;

		while (!list_empty(&old_base->timers)) {
			struct timer_list *timer =
				list_first_entry(&old_base->timers, struct timer_list, entry);

			detach_timer(old_base, timer);
			WRITE_ONCE(timer->base, new_base);
			enqueue_timer(new_base, timer);
		}

		raw_spin_unlock(&old_base->lock);
		raw_spin_unlock_irq(&new_base->lock);
	}
	return 0;
}

/* ---- the timer pool ------------------------------------------------------------------------ */

void env_timers_reset(void)
{
	for (unsigned int i = 0; i < env.nr_timers; i++) {
		struct env_timer *et = &env.timers[i];

		et->id = i;
		et->owner = i / env.cfg.timers_per_cpu;
		et->t.flags = 0;
		et->rearms = 0;
		et->period = 1;
		et->t.pending = false;
		et->t.expires = 0;
		et->t.base = cpu_base(et->owner, BASE_GLOBAL);
		INIT_LIST_HEAD(&et->t.entry);
	}
}

bool env_timer_describe(const void *addr, char *buf, size_t len)
{
	static const char *const base_names[NR_BASES] = { "base_local", "base_global" };
	const char *p = addr;

	for (unsigned int cpu = 0; cpu < env.cfg.nr_cpus; cpu++) {
		for (unsigned int b = 0; b < NR_BASES; b++) {
			const struct timer_base *base = cpu_base(cpu, b);
			size_t off;

			if (p < (const char *)base || p >= (const char *)(base + 1))
				continue;
			off = (size_t)(p - (const char *)base);
			snprintf(buf, len, "CPU%u.%s%s", cpu, base_names[b],
				 off < sizeof(base->lock) ? ".lock" :
				 off >= offsetof(struct timer_base, next_expiry) &&
				 off < offsetof(struct timer_base, next_expiry) + sizeof(base->next_expiry) ?
				 ".next_expiry" :
				 off >= offsetof(struct timer_base, is_idle) &&
				 off < offsetof(struct timer_base, is_idle) + sizeof(base->is_idle) ?
				 ".is_idle" : "");
			return true;
		}
	}
	for (unsigned int i = 0; i < env.nr_timers; i++) {
		const struct env_timer *et = &env.timers[i];

		if (p >= (const char *)et && p < (const char *)(et + 1)) {
			snprintf(buf, len, "timer%u%s", i,
				 p == (const char *)&et->t.base ? ".base" : "");
			return true;
		}
	}
	return false;
}

unsigned int env_nr_timers(void)
{
	return env.nr_timers;
}

unsigned int env_timer_owner(unsigned int timer)
{
	return timer < env.nr_timers ? env.timers[timer].owner : 0;
}

unsigned int env_pending_timers(struct env_pending_timer *out, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < env.nr_timers && n < max; i++) {
		const struct timer_list *t = &env.timers[i].t;

		if (!t->pending)
			continue;
		out[n].timer = i;
		out[n].owner = env.timers[i].owner;
		out[n].base_cpu = t->base ? t->base->cpu : 0;
		out[n].pinned = t->flags & TIMER_PINNED;
		out[n].expires_ns = (u64)t->expires * TICK_NSEC;
		n++;
	}
	return n;
}
