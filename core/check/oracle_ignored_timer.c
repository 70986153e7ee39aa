// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ignored-timer oracle: the drain.
 *
 * At a quiescent point, let the system run down on virtual time: every CPU
 * that is running goes idle (it has nothing else to do), then the clock
 * jumps from one programmed wakeup (or due tick) to the next, and each CPU
 * takes its interrupt there, runs its softirq - which may expire other
 * CPUs' timers through the hierarchy - and goes back to idle, exactly as
 * the environment always runs it. When no CPU will ever wake up again, every
 * timer still pending was ignored: tmigr promised that some CPU would handle
 * it, and none will.
 *
 * While draining, a timer that runs more than the slack after its expiry is
 * reported as late (timers already overdue when the drain began are not
 * judged: free running makes no promise about them). Wakeups without any
 * timer running, beyond a budget, are reported as a livelock (liveness.h).
 */
#include <stdlib.h>

#include "liveness.h"
#include "oracles.h"
#include "../trace/render.h"

static struct {
	bool				active;
	u64				start;
	u64				slack_ns;
	const struct tmigr_snapshot	*before;
	/* statistics */
	u64				drains;
	u64				timers_run;
	u64				late;
	u64				lost;
	u64				max_lateness;
} drain;

void oracle_ignored_timer_reset(void)
{
	drain.active = false;
	drain.drains = drain.timers_run = drain.late = drain.lost = drain.max_lateness = 0;
}

void oracle_ignored_timer_stats(struct check_stats *out)
{
	out->drains = drain.drains;
	out->drain_timers_run = drain.timers_run;
	out->late = drain.late;
	out->lost = drain.lost;
	out->max_lateness_ns = drain.max_lateness;
}

/* Runs on the draining thread only while draining; CPU threads are parked. */
void oracle_ignored_timer_ran(const struct env_timer_run *run)
{
	u64 lateness;
	char *d;

	if (!drain.active)
		return;
	drain.timers_run++;

	if (run->expires_ns < drain.start || run->now <= run->expires_ns)
		return;
	lateness = run->now - run->expires_ns;
	if (lateness > drain.max_lateness)
		drain.max_lateness = lateness;
	if (lateness <= drain.slack_ns)
		return;

	drain.late++;
	d = oracle_describe(drain.before, TMIGR_SNAP_NONE, (int)run->base_cpu, "<-- timer was here",
			    "timer %u (owner CPU%u, %s on CPU%u) expired at %llu and ran at %llu on "
			    "CPU%u: %llu ns late, slack %llu ns.\nHierarchy when the drain began:",
			    run->timer, run->owner, run->pinned ? "pinned" : "global", run->base_cpu,
			    (unsigned long long)run->expires_ns, (unsigned long long)run->now,
			    run->ran_on, (unsigned long long)lateness,
			    (unsigned long long)drain.slack_ns);
	report_file(ORACLE_LATE_TIMER, run->pinned ? "pinned-timer-late" : "global-timer-late",
		    (int)run->ran_on, d, "timer ran %llu ns after its expiry",
		    (unsigned long long)lateness);
	free(d);
}

/* Take everything a CPU has pending, then let it go (back) to idle. */
static void run_cpu(unsigned int cpu)
{
	rt_set_this_cpu((int)cpu);
	for (int i = 0; i < 64 && env_service(); i++)
		;
	if (env_cpu_mode(cpu) == ENV_CPU_RUNNING)
		env_idle_enter();
}

static u64 next_event(unsigned int nr_cpus)
{
	u64 t = KTIME_MAX, now = ktime_get();

	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (env_cpu_mode(c) == ENV_CPU_OFFLINE)
			continue;
		if (env_cpu_has_pending(c) || env_cpu_mode(c) == ENV_CPU_RUNNING)
			return now;
		t = min_t(u64, t, env_cpu_next_event(c));
	}
	return t;
}

static unsigned int report_lost(const struct env_pending_timer *t,
				const struct tmigr_snapshot *after)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;
	char *d;

	render_opts_init(&o);
	o.events = true;
	o.mark_cpu = (int)t->base_cpu;
	o.mark_note = "<-- timer here";

	strbuf_addf(&sb, "timer %u (owner CPU%u) is pending as a %s timer on CPU%u's base, "
		    "expiry %llu; the drain ended at %llu with no CPU left to wake up: "
		    "nobody will ever run it.\n\nHierarchy at the quiescent point:\n",
		    t->timer, t->owner, t->pinned ? "pinned" : "global", t->base_cpu,
		    (unsigned long long)t->expires_ns, (unsigned long long)ktime_get());
	if (drain.before)
		render_hierarchy(&sb, drain.before, &o);
	if (after) {
		strbuf_addf(&sb, "\nAfter draining:\n");
		render_hierarchy(&sb, after, &o);
	}
	d = strbuf_detach(&sb);
	report_file(ORACLE_IGNORED_TIMER,
		    t->pinned ? "pinned-timer-never-expired" : "global-timer-never-expired",
		    (int)t->base_cpu, d, "%s timer on CPU%u never expires",
		    t->pinned ? "pinned" : "global", t->base_cpu);
	free(d);
	drain.lost++;
	return 1;
}

unsigned int oracle_ignored_timer(const struct tmigr_snapshot *before,
				  const struct drain_config *cfg)
{
	unsigned int nr_cpus = num_possible_cpus(), nr_timers = env_nr_timers();
	struct env_pending_timer *left;
	unsigned int n = 0, nr_left;
	int self = rt_this_cpu();
	u64 late_before = drain.late;

	drain.active = true;
	drain.start = ktime_get();
	drain.slack_ns = cfg->slack_ns;
	drain.before = before;
	drain.drains++;

	for (unsigned int c = 0; c < nr_cpus; c++)
		if (env_cpu_mode(c) != ENV_CPU_OFFLINE)
			run_cpu(c);

	for (;;) {
		u64 t = next_event(nr_cpus);

		if (t == KTIME_MAX)
			break;
		rt_clock_advance_to(t);

		for (unsigned int c = 0; c < nr_cpus && !n; c++) {
			if (env_cpu_mode(c) == ENV_CPU_OFFLINE)
				continue;
			if (env_cpu_next_event(c) > ktime_get() && !env_cpu_has_pending(c) &&
			    env_cpu_mode(c) != ENV_CPU_RUNNING)
				continue;
			/* A timer running (on any CPU) ends the streak. */
			if (liveness_wakeup(c, "drain-no-progress", "drain"))
				n++;
			else
				run_cpu(c);
		}
		if (n)
			break;
	}

	left = calloc(nr_timers ? nr_timers : 1, sizeof(*left));
	nr_left = left ? env_pending_timers(left, nr_timers) : 0;
	if (nr_left && !n) {
		struct tmigr_snapshot *after = tmigr_snapshot_take();

		for (unsigned int i = 0; i < nr_left; i++)
			n += report_lost(&left[i], after);
		tmigr_snapshot_free(after);
	}
	free(left);

	drain.active = false;
	drain.before = NULL;
	rt_set_this_cpu(self);
	return n + (unsigned int)(drain.late - late_before);
}
