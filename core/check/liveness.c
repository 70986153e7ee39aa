// SPDX-License-Identifier: GPL-2.0-only
/*
 * Liveness oracles (see liveness.h): wakeups without progress, and bounded
 * work per interrupt.
 *
 * The wakeup streak is counted by whoever wakes CPUs without running their
 * program (the controlled runner's interrupt passes, the drain's rounds);
 * those run one CPU at a time. The interrupt bounds run on every CPU thread,
 * in free mode concurrently: each CPU's state is its own, and the reports
 * describe the CPU without drawing the hierarchy (other CPUs may be
 * changing it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "liveness.h"
#include "../lib/strbuf.h"

/* One interrupt in progress on a CPU: the softirq, and the walk within. */
struct irq_state {
	bool		in_softirq;
	bool		in_remote;
	bool		reported;	/* this interrupt has been reported */
	u64		iterations;
	u64		remote_iterations;
	u64		start;
	u64		remote_start;
};

static struct liveness_config cfg;
static struct irq_state irq[NR_CPUS];
/*
 * Wakeups since the last progress, and per CPU (to name the looping one):
 * a CPU's count belongs to the streak numbered @epoch.
 */
static u64 streak, epoch;
static struct {
	u64	epoch;
	u32	n;
} streak_cpu[NR_CPUS];
static void (*stuck_fn)(const char *why, void *ctx);
static void *stuck_ctx;

void check_set_stuck_handler(void (*fn)(const char *why, void *ctx), void *ctx)
{
	stuck_fn = fn;
	stuck_ctx = ctx;
}

void liveness_reset(const struct liveness_config *c)
{
	unsigned int cpus = num_possible_cpus(), timers = env_nr_timers();

	cfg = c ? *c : (struct liveness_config){ 0 };
	if (!cfg.wakeup_budget)
		cfg.wakeup_budget = 1000 + 16 * cpus;
	/*
	 * In free mode other CPUs keep arming timers on the remote CPU's base
	 * and changing group state while a walk runs, so one walk may run every
	 * timer and restart many times without looping: stress at -n 4 -s 3
	 * saw 129 against a bound of 128. Only an endless walk must hit this.
	 */
	if (!cfg.irq_iterations)
		cfg.irq_iterations = 1024 + 16 * timers + 16 * cpus;
	/*
	 * Generous: in free mode virtual time runs at tens of seconds per
	 * wall second, and the host may deschedule a CPU thread (one of
	 * thousands on a few cores) in the middle of a walk for a while.
	 */
	if (!cfg.irq_time_ns)
		cfg.irq_time_ns = (10000 + 10 * (u64)cpus) * TICK_NSEC;
	memset(irq, 0, sizeof(irq[0]) * (cpus ? cpus : 1));
	memset(streak_cpu, 0, sizeof(streak_cpu[0]) * (cpus ? cpus : 1));
	__atomic_store_n(&streak, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&epoch, 1, __ATOMIC_RELAXED);
}

void liveness_progress(void)
{
	/*
	 * Timers run on every CPU thread in free mode, where nobody counts
	 * wakeups: the streak is 0 there and stays untouched.
	 */
	if (__atomic_load_n(&streak, __ATOMIC_RELAXED)) {
		__atomic_store_n(&streak, 0, __ATOMIC_RELAXED);
		__atomic_fetch_add(&epoch, 1, __ATOMIC_RELAXED);
	}
}

static u32 streak_of(unsigned int cpu)
{
	return streak_cpu[cpu].epoch == __atomic_load_n(&epoch, __ATOMIC_RELAXED) ?
	       streak_cpu[cpu].n : 0;
}

/* Where @cpu stands: what wakes it and when. */
static void cpu_state(struct strbuf *sb, unsigned int cpu)
{
	static const char *const modes[] = { "offline", "running", "idle" };
	u64 next = env_cpu_next_event(cpu), now = ktime_get();
	enum env_cpu_mode m = env_cpu_mode(cpu);

	strbuf_addf(sb, "CPU%u is %s, tick %s; its next event is ", cpu,
		    (unsigned int)m < 3 ? modes[m] : "?",
		    env_cpu_tick_stopped(cpu) ? "stopped" : "running");
	if (next == KTIME_MAX)
		strbuf_addf(sb, "none");
	else
		strbuf_addf(sb, "at %llu ns (%s)", (unsigned long long)next,
			    next <= now ? "already due: it is woken again at once" : "later");
	strbuf_addf(sb, "%s; virtual time %llu ns.\n",
		    env_cpu_has_pending(cpu) ? ", an IPI or work is pending" : "",
		    (unsigned long long)now);
}

bool liveness_wakeup(unsigned int cpu, const char *site, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned int cpus = num_possible_cpus(), top = cpu;
	struct tmigr_snapshot *snap;
	char *d;

	if (cpu >= cpus)
		return false;
	streak_cpu[cpu].n = streak_of(cpu) + 1;
	streak_cpu[cpu].epoch = __atomic_load_n(&epoch, __ATOMIC_RELAXED);
	if (__atomic_add_fetch(&streak, 1, __ATOMIC_RELAXED) <= cfg.wakeup_budget)
		return false;

	for (unsigned int c = 0; c < cpus; c++)
		if (streak_of(c) > streak_of(top))
			top = c;
	strbuf_addf(&sb, "%s: %llu wakeups in a row without any timer running or operation "
		    "completing; CPU%u took %u of them, the last one CPU%u.\n",
		    what, (unsigned long long)__atomic_load_n(&streak, __ATOMIC_RELAXED), top,
		    streak_of(top), cpu);
	cpu_state(&sb, top);
	if (top != cpu)
		cpu_state(&sb, cpu);
	strbuf_addf(&sb, "Where it loops: CPU%u's interrupt (tick handler, timer softirq, "
		    "tmigr_handle_remote()) runs and the idle loop programs the next wakeup, "
		    "again and again, and nothing expires.\n", top);
	snap = tmigr_snapshot_take();
	d = oracle_describe(snap, TMIGR_SNAP_NONE, (int)top, "<-- keeps waking up", "%s%s",
			    strbuf_str(&sb), "Hierarchy now:");
	report_file(ORACLE_LIVELOCK, site, (int)top, d, "CPU%u woken %u times without progress",
		    top, streak_of(top));
	free(d);
	tmigr_snapshot_free(snap);
	strbuf_release(&sb);
	liveness_progress();
	return true;
}

/* Report @cpu's interrupt as unbounded; @endless: it is still looping. */
static void irq_report(unsigned int cpu, struct irq_state *s, bool remote, bool by_time,
		       bool endless)
{
	struct strbuf sb = STRBUF_INIT;
	const char *where = remote ? "one tmigr_handle_remote() walk" : "one timer softirq";
	u64 iters = remote ? s->remote_iterations : s->iterations;
	u64 start = remote ? s->remote_start : s->start, now = ktime_get();
	char site[64];

	s->reported = true;
	snprintf(site, sizeof(site), "%s-%s", remote ? "remote-walk" : "softirq",
		 by_time ? "virtual-time" : "iterations");
	strbuf_addf(&sb, "CPU%u has been inside %s for %llu iterations (timers run, remote "
		    "bases expired, restarts; bound %u) while virtual time went from %llu to "
		    "%llu ns (%llu ns; bound %llu ns).\nWhere it loops: %s on CPU%u, %s.\n",
		    cpu, where, (unsigned long long)iters, cfg.irq_iterations,
		    (unsigned long long)start, (unsigned long long)now,
		    (unsigned long long)(now - start), (unsigned long long)cfg.irq_time_ns,
		    remote ? "tmigr_handle_remote()" : "run_timer_softirq()", cpu,
		    endless ? "still inside: an interrupt that does not end" :
			      "it ended, but did unbounded work");
	report_file(ORACLE_LIVELOCK, site, (int)cpu, strbuf_str(&sb),
		    "CPU%u inside %s for %llu iterations, %llu ns", cpu, where,
		    (unsigned long long)iters, (unsigned long long)(now - start));
	strbuf_release(&sb);
	if (endless && stuck_fn) {
		char why[160];

		snprintf(why, sizeof(why), "livelock: CPU%u does not get out of %s", cpu, where);
		stuck_fn(why, stuck_ctx);
	}
}

static void irq_check(unsigned int cpu, struct irq_state *s, bool endless)
{
	u64 now = ktime_get();

	if (s->reported)
		return;
	if (s->in_remote && s->remote_iterations > cfg.irq_iterations)
		irq_report(cpu, s, true, false, endless);
	else if (s->iterations > cfg.irq_iterations)
		irq_report(cpu, s, false, false, endless);
	else if (!cfg.irq_virtual_time)
		return;
	else if (s->in_remote && now - s->remote_start > cfg.irq_time_ns)
		irq_report(cpu, s, true, true, false);
	else if (now - s->start > cfg.irq_time_ns)
		irq_report(cpu, s, false, true, false);
}

void liveness_irq(unsigned int cpu, enum env_irq_event ev)
{
	struct irq_state *s;

	if (cpu >= NR_CPUS)
		return;
	s = &irq[cpu];
	switch (ev) {
	case ENV_IRQ_SOFTIRQ_ENTER:
		*s = (struct irq_state){ .in_softirq = true, .start = ktime_get() };
		break;
	case ENV_IRQ_REMOTE_ENTER:
		s->in_remote = true;
		s->remote_iterations = 0;
		s->remote_start = ktime_get();
		break;
	case ENV_IRQ_ITERATION:
		if (!s->in_softirq)
			break;
		s->iterations++;
		if (s->in_remote)
			s->remote_iterations++;
		irq_check(cpu, s, true);
		break;
	case ENV_IRQ_REMOTE_EXIT:
		irq_check(cpu, s, false);
		s->in_remote = false;
		break;
	case ENV_IRQ_SOFTIRQ_EXIT:
		irq_check(cpu, s, false);
		s->in_softirq = false;
		break;
	}
}
