// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tick, as kernel/time/tick-sched.c drives it for an idle CPU (NOHZ
 * idle, high resolution mode; under nohz_full= only the timekeeping CPU's
 * tick differs, see can_stop_idle_tick()):
 *
 *  - a running CPU ticks every jiffy;
 *  - each pass of the idle loop asks for the next event
 *    (tick_nohz_next_event() -> get_next_timer_interrupt(), which consults
 *    tmigr) and, if it is more than a tick away, stops the tick
 *    (tick_nohz_stop_tick() -> timer_base_try_to_set_idle(), where the CPU
 *    goes idle in the hierarchy) and programs a one-shot wakeup;
 *  - the wakeup is an interrupt: the tick handler runs the timer softirq
 *    (which may expire remote CPUs' timers), then the idle loop evaluates
 *    again - the path where tmigr_cpu_new_timer() is called;
 *  - leaving idle restarts the tick (timer_clear_idle() -> activate).
 *
 * The "hardware" is one programmed expiry per CPU, @hw_next, compared to
 * the virtual clock when the CPU services its interrupts.
 */
#include "env_internal.h"

static struct tick_sched *this_tick_sched(void)
{
	return &env_cpu(smp_processor_id())->ts;
}

void tick_sched_reset(unsigned int cpu)
{
	struct tick_sched *ts = &env_cpu(cpu)->ts;

	ts->inidle = false;
	ts->stopped = false;
	ts->timer_expires = 0;
	ts->timer_expires_base = 0;
	ts->last_jiffies = jiffies;
	ts->next_tick = 0;
	ts->hw_next = KTIME_MAX;
	ts->last_tick_jiffy = jiffies;
}

/*
 * Next event from the timer code, as monotonic time, in ts->timer_expires;
 * false when the tick must keep running because the event is within the
 * next tick. (The kernel returns the expiry and tests it against 0: its
 * monotonic clock is never 0 there, but the virtual clock starts at 0, and
 * a stopped tick with a timer due right then must be reprogrammed, not
 * kept stopped at its old wakeup.)
 */
static bool tick_nohz_next_event(struct tick_sched *ts)
{
	unsigned long basejiff;
	u64 basemono, next_tick;

	basemono = get_jiffies_update(&basejiff);
	ts->last_jiffies = basejiff;
	ts->timer_expires_base = basemono;

	next_tick = get_next_timer_interrupt(basejiff, basemono);

	if (WARN_ON_ONCE(basemono > next_tick))
		next_tick = basemono;

	/* Due within a tick: no point in stopping a running tick. */
	if (next_tick - basemono <= TICK_NSEC && !ts->stopped) {
		ts->timer_expires = 0;
		return false;
	}

	ts->timer_expires = next_tick;
	return true;
}

static void tick_nohz_stop_tick(struct tick_sched *ts)
{
	unsigned long basejiff = ts->last_jiffies;
	u64 basemono = ts->timer_expires_base;
	bool timer_idle = ts->stopped;
	u64 expires;

	ts->timer_expires_base = 0;

	/* Now the timer base must go idle too, or a new timer could be missed. */
	expires = timer_base_try_to_set_idle(basejiff, basemono, &timer_idle);

	/*
	 * A timer removed since the estimate can only make @expires later;
	 * stick to the estimate, as the kernel does for the C-state's sake.
	 */
	if (expires > ts->timer_expires)
		expires = ts->timer_expires;

	/* The base stayed busy: keep the tick. */
	if (!timer_idle)
		return;

	/* Same wakeup as programmed already. */
	if (ts->stopped && expires == ts->next_tick)
		return;

	ts->stopped = true;
	ts->next_tick = expires;
	/* KTIME_MAX cancels the wakeup entirely. */
	ts->hw_next = expires;
	if (env_planted(ENV_PLANT_ENDLESS_REQUEUE, smp_processor_id()))
		ts->hw_next = ktime_get();
}

/*
 * can_stop_idle_tick(): under nohz_full= the timekeeping CPU keeps ticking
 * so that time goes on for the full dynticks CPUs. It never asks for the
 * next event (no tmigr_quick_check()) and never stops the tick, so its
 * timer base never goes idle and tmigr keeps it active: the hierarchy
 * always has a migrator on its path, which expires remote timers from its
 * periodic tick.
 */
static bool can_stop_idle_tick(unsigned int cpu)
{
	return !env_cpu_keeps_tick(cpu);
}

void tick_nohz_idle_stop_tick(void)
{
	struct tick_sched *ts = this_tick_sched();

	if (!can_stop_idle_tick(smp_processor_id()))
		return;
	if (tick_nohz_next_event(ts))
		tick_nohz_stop_tick(ts);
	else
		ts->timer_expires_base = 0;	/* tick_nohz_retain_tick() */
}

void tick_nohz_idle_enter(void)
{
	struct tick_sched *ts = this_tick_sched();

	WARN_ON_ONCE(ts->timer_expires_base);
	ts->inidle = true;
}

void tick_nohz_idle_exit(void)
{
	struct tick_sched *ts = this_tick_sched();

	WARN_ON_ONCE(!ts->inidle);
	WARN_ON_ONCE(ts->timer_expires_base);

	ts->inidle = false;
	if (ts->stopped) {
		/* tick_nohz_restart_sched_tick() */
		timer_clear_idle();
		ts->stopped = false;
		ts->hw_next = KTIME_MAX;
		ts->last_tick_jiffy = jiffies;
	}
}

void tick_sched_handle(void)
{
	struct tick_sched *ts = this_tick_sched();

	ts->last_tick_jiffy = jiffies;
	if (ts->stopped) {
		/* The one-shot fired; the idle loop reprograms (next_tick = 0). */
		ts->hw_next = KTIME_MAX;
		ts->next_tick = 0;
	}
	update_process_times();
}

void tick_sched_dying(void)
{
	tick_sched_reset(smp_processor_id());
}

/* CPUHP_AP_TICK_DYING teardown: the dying CPU's tick is gone. */
int tick_cpu_dying(unsigned int cpu)
{
	WARN_ON_ONCE(cpu != smp_processor_id());
	tick_sched_dying();
	return 0;
}

/*
 * irq_enter() -> tick_irq_enter(): on an idle CPU it only brings jiffies
 * up to date (the virtual clock is always current here). 6.12 does not
 * leave idle for an interrupt: no timer_clear_idle(), no activation.
 */
void env_irq_enter(void)
{
	WARN_ON_ONCE(env_cpu_mode(smp_processor_id()) == ENV_CPU_OFFLINE);
}

/*
 * irq_exit(): tick_nohz_irq_exit() only restarts idle time accounting for a
 * CPU that is not nohz_full. Then the idle task runs its loop again:
 * cpuidle_idle_call() -> tick_nohz_idle_stop_tick(), which asks the timer
 * code (and tmigr) for the next event, with the timer base still idle.
 */
void env_irq_exit(void)
{
	struct tick_sched *ts = this_tick_sched();

	env_count(&env.stats.device_irqs);
	if (ts->inidle)
		tick_nohz_idle_stop_tick();
}

int env_debug_set_wakeup(unsigned int cpu, u64 t)
{
	struct tick_sched *ts;

	if (cpu >= env.cfg.nr_cpus)
		return -EINVAL;
	ts = &env_cpu(cpu)->ts;
	if (!ts->stopped)
		return -EINVAL;
	ts->hw_next = t;
	ts->next_tick = t;
	return 0;
}

int env_debug_plant(enum env_plant what, unsigned int cpu)
{
	if (cpu >= env.cfg.nr_cpus || what > ENV_PLANT_ENDLESS_SOFTIRQ)
		return -EINVAL;
	env.plant = what;
	env.plant_cpu = cpu;
	return 0;
}

bool env_cpu_tick_stopped(unsigned int cpu)
{
	return env_cpu(cpu)->ts.stopped;
}

u64 env_cpu_next_event(unsigned int cpu)
{
	const struct tick_sched *ts = &env_cpu(cpu)->ts;

	/* Offline, or spinning in a stopper with interrupts off. */
	if (env_cpu_mode(cpu) == ENV_CPU_OFFLINE || env_cpu_irqs_stopped(cpu))
		return KTIME_MAX;
	if (ts->stopped)
		return ts->hw_next;
	return (u64)(ts->last_tick_jiffy + 1) * TICK_NSEC;
}

/*
 * The CPU's interrupts: a due periodic tick, or the programmed wakeup of a
 * stopped tick. In the idle loop every interrupt is followed by another
 * pass of the loop.
 */
bool env_tick_service(void)
{
	struct tick_sched *ts = this_tick_sched();
	bool due;

	if (ts->stopped)
		due = ktime_get() >= ts->hw_next;
	else
		due = time_after(jiffies, ts->last_tick_jiffy);
	if (!due)
		return false;

	if (ts->stopped)
		env_count(&env.stats.idle_irqs);
	tick_sched_handle();
	if (ts->inidle)
		tick_nohz_idle_stop_tick();
	return true;
}
