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
 * A CPU that keeps its tick in idle (the timekeeper under nohz_full=) would
 * wake every jiffy forever. A tick of it is worth taking while a pending
 * timer is due by then, unless its last tick ran no timer and no CPU ran
 * since (the same tick again finds the same nothing); otherwise the clock
 * jumps to its first tick at or after the next pending timer's expiry.
 * When no pending timer is left in the future, its tick is no reason to go
 * on.
 *
 * While draining, a timer that runs more than the slack after its expiry is
 * reported as late (timers already overdue when the drain began are not
 * judged: free running makes no promise about them). Wakeups without any
 * timer running, beyond a budget, are reported as a livelock (liveness.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* CPU services in this drain; per CPU, the count after its last fruitless tick (run_cpu()) */
	u64				runs;
	u64				fruitless[NR_CPUS];
} drain;

static bool chain_break(const struct tmigr_snapshot *snap, unsigned int cpu, u64 expires,
			char *site, size_t sitelen, struct strbuf *sb);

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
	struct strbuf why = STRBUF_INIT;
	char site[160];
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
	snprintf(site, sizeof(site), "%s", run->pinned ? "pinned-timer-late" : "global-timer-late");
	if (!run->pinned && !chain_break(drain.before, run->base_cpu, run->expires_ns, site,
					 sizeof(site), &why))
		snprintf(site + strlen(site), sizeof(site) - strlen(site), "/chain-intact");
	d = oracle_describe(drain.before, TMIGR_SNAP_NONE, (int)run->base_cpu, "<-- timer was here",
			    "timer %u (owner CPU%u, %s on CPU%u) expired at %llu and ran at %llu on "
			    "CPU%u: %llu ns late, slack %llu ns.\n%sHierarchy when the drain began:",
			    run->timer, run->owner, run->pinned ? "pinned" : "global", run->base_cpu,
			    (unsigned long long)run->expires_ns, (unsigned long long)run->now,
			    run->ran_on, (unsigned long long)lateness,
			    (unsigned long long)drain.slack_ns, strbuf_str(&why));
	report_file(ORACLE_LATE_TIMER, site, (int)run->ran_on, d,
		    "timer ran %llu ns after its expiry", (unsigned long long)lateness);
	strbuf_release(&why);
	free(d);
}

/*
 * Take everything a CPU has pending, then let it go (back) to idle. A tick
 * that was due, ran and expired nothing is fruitless: only a tick that ran
 * has looked at the timers due by then.
 */
static void run_cpu(unsigned int cpu)
{
	u64 timers_run = drain.timers_run;
	bool tick_due = env_cpu_next_event(cpu) <= ktime_get();

	rt_set_this_cpu((int)cpu);
	for (int i = 0; i < 64 && env_service(); i++)
		;
	if (env_cpu_mode(cpu) == ENV_CPU_RUNNING)
		env_idle_enter();
	drain.runs++;
	if (tick_due && drain.timers_run == timers_run)
		drain.fruitless[cpu] = drain.runs;
}

/* The next tick worth taking of idle CPU @cpu, whose tick keeps running. */
static u64 kept_tick(unsigned int cpu, struct env_pending_timer *pend, unsigned int max)
{
	u64 next = env_cpu_next_event(cpu), now = ktime_get(), first = KTIME_MAX;
	unsigned int n = pend ? env_pending_timers(pend, max) : 0;
	bool same = drain.fruitless[cpu] == drain.runs;

	for (unsigned int i = 0; i < n; i++)
		if (!same || pend[i].expires_ns > now)
			first = min_t(u64, first, pend[i].expires_ns);
	if (first == KTIME_MAX)
		return KTIME_MAX;
	return max_t(u64, next, DIV_ROUND_UP(first, TICK_NSEC) * TICK_NSEC);
}

static u64 next_event(unsigned int nr_cpus, struct env_pending_timer *pend, unsigned int max)
{
	u64 t = KTIME_MAX, now = ktime_get();

	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (env_cpu_mode(c) == ENV_CPU_OFFLINE)
			continue;
		if (env_cpu_has_pending(c) || env_cpu_mode(c) == ENV_CPU_RUNNING)
			return now;
		if (env_cpu_keeps_tick(c) && !env_cpu_tick_stopped(c))
			t = min_t(u64, t, kept_tick(c, pend, max));
		else
			t = min_t(u64, t, env_cpu_next_event(c));
	}
	return t;
}

/* Is the event of child group @child queued, not ignored, in @snap's group @g? */
static const struct tmigr_snap_event *queued_in(const struct tmigr_snapshot *snap, int g,
						bool is_group, int child)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];

	for (int i = 0; i < sg->nr_events; i++)
		if (sg->events[i].is_group == is_group && sg->events[i].owner == child &&
		    !sg->events[i].evt.ignore)
			return &sg->events[i].evt;
	return NULL;
}

/* Does any group from @g up to the root have an active child (a migrator)? */
static int migrator_above(const struct tmigr_snapshot *snap, int g)
{
	for (int steps = 0; g != TMIGR_SNAP_NONE && steps <= (int)snap->levels; steps++) {
		if (snap->groups[g].active)
			return g;
		g = snap->groups[g].parent;
	}
	return TMIGR_SNAP_NONE;
}

/*
 * Where did the chain that should bring a global timer expiring at
 * @expires on @cpu's base to some CPU break in @snap? Appends the mechanism
 * ("/group-event-not-queued/migrator-above") to @site and the explanation
 * to @sb. False when @snap shows no break (the owner was running, or every
 * link holds): the caller may look at another snapshot.
 */
static bool chain_break(const struct tmigr_snapshot *snap, unsigned int cpu, u64 expires,
			char *site, size_t sitelen, struct strbuf *sb)
{
	const struct tmigr_snap_cpu *sc;
	const struct tmigr_snap_event *e;
	const char *what = NULL;
	char name[32], pname[32];
	int g, at = TMIGR_SNAP_NONE, m;
	size_t used = strlen(site);

	if (!snap || cpu >= (unsigned int)snap->nr_cpus)
		return false;
	sc = &snap->cpus[cpu];
	if (!sc->prepared || !sc->online || !sc->idle || sc->group == TMIGR_SNAP_NONE)
		return false;

	g = sc->group;
	e = queued_in(snap, g, false, (int)cpu);
	if (!e && sc->cpuevt.ignore) {
		/* Set on activation, cleared only when an idle CPU queues a timer. */
		what = "cpu-event-ignored";
		at = g;
		strbuf_addf(sb, "Where the chain broke: CPU%u is idle, but its event is marked "
			    "ignore, as for a running CPU, and not queued in %s: nothing told the "
			    "hierarchy about this timer since the CPU last went idle.\n",
			    cpu, tmigr_snap_group_name(snap, g, name, sizeof(name)));
	} else if (!e) {
		what = "cpu-event-not-queued";
		at = g;
		strbuf_addf(sb, "Where the chain broke: CPU%u is idle, but its event is not queued "
			    "(or marked ignore) in %s: the owner's event was never queued.\n",
			    cpu, tmigr_snap_group_name(snap, g, name, sizeof(name)));
	} else if (e->expires > expires) {
		what = "cpu-event-stale";
		at = g;
		strbuf_addf(sb, "Where the chain broke: CPU%u's event in %s expires at %llu, after "
			    "the timer.\n", cpu, tmigr_snap_group_name(snap, g, name, sizeof(name)),
			    (unsigned long long)e->expires);
	}
	for (int steps = 0; !what && steps <= (int)snap->levels; steps++) {
		const struct tmigr_snap_group *sg = &snap->groups[g];

		if (sg->active)
			return false;	/* its migrator handles the queue */
		if (sg->parent == TMIGR_SNAP_NONE) {
			/* Only a CPU of the root's own hierarchy runs its queue. */
			for (int c = 0; c < snap->nr_cpus; c++)
				if (snap->cpus[c].online && snap->cpus[c].idle &&
				    snap->cpus[c].wakeup <= expires &&
				    tmigr_snap_cpu_hier(snap, c) == sg->hier)
					return false;
			what = "root-nobody-woken";
			at = g;
			strbuf_addf(sb, "Where the chain broke: the timer's event reached the idle "
				    "root %s, but no idle CPU has a wakeup at or before it.\n",
				    tmigr_snap_group_name(snap, g, name, sizeof(name)));
			break;
		}
		e = queued_in(snap, sg->parent, true, g);
		tmigr_snap_group_name(snap, g, name, sizeof(name));
		tmigr_snap_group_name(snap, sg->parent, pname, sizeof(pname));
		if (!e) {
			what = "group-event-not-queued";
			strbuf_addf(sb, "Where the chain broke: %s (level %d) is idle and holds the "
				    "timer's event, but %s (level %d) has no event for it queued (or "
				    "only one marked ignore).\n", name, sg->level, pname,
				    snap->groups[sg->parent].level);
		} else if (e->expires > expires) {
			what = "group-event-stale";
			strbuf_addf(sb, "Where the chain broke: %s (level %d) is idle and holds the "
				    "timer's event, but %s (level %d) queues it at %llu, after the "
				    "timer: a stale event.\n", name, sg->level, pname,
				    snap->groups[sg->parent].level, (unsigned long long)e->expires);
		}
		at = sg->parent;
		g = sg->parent;
	}
	if (!what)
		return false;
	m = migrator_above(snap, at);
	if (m != TMIGR_SNAP_NONE)
		strbuf_addf(sb, "Above the break %s is active: a migrator was there to handle the "
			    "event in time.\n",
			    tmigr_snap_group_name(snap, m, name, sizeof(name)));
	else
		strbuf_addf(sb, "Above the break every group is idle.\n");
	snprintf(site + used, sitelen - used, "/%s/%s", what,
		 m != TMIGR_SNAP_NONE ? "migrator-above" : "no-migrator-above");
	return true;
}

static unsigned int report_lost(const struct env_pending_timer *t,
				const struct tmigr_snapshot *after)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;
	char site[160];
	char *d;

	render_opts_init(&o);
	o.events = true;
	o.mark_cpu = (int)t->base_cpu;
	o.mark_note = "<-- timer here";

	strbuf_addf(&sb, "timer %u (owner CPU%u) is pending as a %s timer on CPU%u's base, "
		    "expiry %llu; the drain ended at %llu with no CPU left to wake up",
		    t->timer, t->owner, t->pinned ? "pinned" : "global", t->base_cpu,
		    (unsigned long long)t->expires_ns, (unsigned long long)ktime_get());
	for (unsigned int c = 0; c < num_possible_cpus(); c++)
		if (env_cpu_keeps_tick(c) && env_cpu_mode(c) != ENV_CPU_OFFLINE)
			strbuf_addf(&sb, " but CPU%u, whose tick (it keeps it in idle under "
				    "nohz_full=) reached the expiry and found nothing to run", c);
	strbuf_addf(&sb, ": nobody will ever run it.\n\nHierarchy at the quiescent point:\n");
	snprintf(site, sizeof(site), "%s",
		 t->pinned ? "pinned-timer-never-expired" : "global-timer-never-expired");
	/* Pinned timers do not go through the hierarchy. */
	if (!t->pinned &&
	    !chain_break(drain.before, t->base_cpu, t->expires_ns, site, sizeof(site), &sb) &&
	    !chain_break(after, t->base_cpu, t->expires_ns, site, sizeof(site), &sb)) {
		strbuf_addf(&sb, "Every link of the chain holds at the quiescent point and after "
			    "draining.\n");
			snprintf(site + strlen(site), sizeof(site) - strlen(site), "/chain-intact");
	}
	strbuf_addf(&sb, "\n");
	if (drain.before)
		render_hierarchy(&sb, drain.before, &o);
	if (after) {
		strbuf_addf(&sb, "\nAfter draining:\n");
		render_hierarchy(&sb, after, &o);
	}
	d = strbuf_detach(&sb);
	report_file(ORACLE_IGNORED_TIMER, site, (int)t->base_cpu, d, "%s timer on CPU%u never expires",
		    t->pinned ? "pinned" : "global", t->base_cpu);
	free(d);
	drain.lost++;
	return 1;
}

unsigned int oracle_ignored_timer(const struct tmigr_snapshot *before,
				  const struct drain_config *cfg)
{
	unsigned int nr_cpus = num_possible_cpus(), nr_timers = env_nr_timers();
	struct env_pending_timer *left, *pend;
	unsigned int n = 0, nr_left;
	int self = rt_this_cpu();
	u64 late_before = drain.late;

	drain.active = true;
	drain.start = ktime_get();
	drain.slack_ns = cfg->slack_ns;
	drain.before = before;
	drain.drains++;
	drain.runs = 0;
	for (unsigned int c = 0; c < nr_cpus; c++)
		drain.fruitless[c] = ~0ULL;

	for (unsigned int c = 0; c < nr_cpus; c++)
		if (env_cpu_mode(c) != ENV_CPU_OFFLINE)
			run_cpu(c);

	pend = calloc(nr_timers ? nr_timers : 1, sizeof(*pend));
	for (;;) {
		u64 t = next_event(nr_cpus, pend, nr_timers);

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
	free(pend);

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
