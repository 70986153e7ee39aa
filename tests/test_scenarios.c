// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scripted sequential scenarios with exact expected states.
 *
 * Everything runs on the test's thread, switching CPU identity; hotplug
 * hand-offs between CPUs are serviced in place (env_seq_wait_ops).
 */
#include <stdlib.h>

#include "harness.h"

#define NONE	0xff

/* Expect group GRP<level>:<index> to have exactly @active and @migrator. */
static void expect_group(int level, int index, u8 active, u8 migrator)
{
	const struct tmigr_snapshot *snap = th_snap();
	const struct tmigr_snap_group *g = &snap->groups[th_group(snap, level, index)];

	if (g->active != active || g->migrator != migrator)
		th_fail(__FILE__, __LINE__, "group state",
			"GRP%d:%d: active 0x%02x migrator 0x%02x, want active 0x%02x migrator 0x%02x\n%s",
			level, index, g->active, g->migrator, active, migrator, th_draw(snap));
}

static void expect_consistent(void)
{
	CHECK_EQ(check_hierarchy(th_snap()), 0);
	CHECK_EQ(report_total(), 0);
}

/*
 * 16 CPUs: GRP0:0 = CPUs 0-7, GRP0:1 = CPUs 8-15, GRP1:0 on top. CPU 8
 * created GRP0:1 and GRP1:0, so GRP0:0 (the old root) holds bit 0 in GRP1:0
 * and GRP0:1 bit 1.
 */
static void test_activate_deactivate_chain(void)
{
	th_env(16, 1, 16);
	expect_group(0, 0, 0xff, 0x01);
	expect_group(0, 1, 0xff, 0x01);
	expect_group(1, 0, 0x03, 0x01);
	expect_consistent();

	/* CPUs 1-7 idle: GRP0:0 keeps CPU0 as migrator, nothing moves up. */
	for (unsigned int c = 1; c < 8; c++)
		th_idle(c);
	expect_group(0, 0, 0x01, 0x01);
	expect_group(1, 0, 0x03, 0x01);

	/* CPU0 idle: GRP0:0 goes idle, GRP1:0 hands the role to GRP0:1. */
	th_idle(0);
	expect_group(0, 0, 0x00, NONE);
	expect_group(1, 0, 0x02, 0x02);

	/* CPUs 8-14 idle: the role walks up GRP0:1's bits to CPU15. */
	for (unsigned int c = 8; c < 15; c++)
		th_idle(c);
	expect_group(0, 1, 0x80, 0x80);
	expect_group(1, 0, 0x02, 0x02);
	expect_consistent();

	/* The last CPU: everything idle, nobody is migrator anywhere. */
	th_idle(15);
	expect_group(0, 1, 0x00, NONE);
	expect_group(1, 0, 0x00, NONE);
	expect_consistent();

	/* CPU3 wakes: it becomes migrator of GRP0:0 and GRP0:0 of GRP1:0. */
	th_wake(3);
	expect_group(0, 0, 0x08, 0x08);
	expect_group(1, 0, 0x01, 0x01);

	/* CPU12 wakes: GRP0:1 becomes active below an active top; no hand-over. */
	th_wake(12);
	expect_group(0, 1, 0x10, 0x10);
	expect_group(1, 0, 0x03, 0x01);
	expect_consistent();
}

/* Hand-over inside one group goes to the lowest active bit. */
static void test_migrator_handover(void)
{
	th_env(4, 1, 4);
	expect_group(0, 0, 0x0f, 0x01);
	th_idle(0);
	expect_group(0, 0, 0x0e, 0x02);
	th_idle(2);		/* not the migrator: only its bit goes */
	expect_group(0, 0, 0x0a, 0x02);
	th_idle(1);
	expect_group(0, 0, 0x08, 0x08);
	th_wake(0);		/* an existing migrator is not displaced */
	expect_group(0, 0, 0x09, 0x08);
	expect_consistent();
}

/*
 * The last CPU to go idle receives the hierarchy's first expiry and
 * programs its wakeup for it; the drain then finds the timer run on time.
 */
static void test_last_idle_gets_first_expiry(void)
{
	const u64 t5 = 10 * TICK_NSEC, t9 = 25 * TICK_NSEC;
	const struct tmigr_snapshot *snap;
	struct check_stats st;
	struct env_stats es;

	th_env(16, 1, 16);
	th_arm(5, 0, 10);	/* global timers of CPU5 and CPU9 */
	th_arm(9, 0, 25);
	for (unsigned int c = 0; c < 16; c++)
		if (c != 12)
			th_idle(c);

	/* CPU12 is active: it is migrator up to the top and wakes for nothing. */
	snap = th_snap();
	CHECK_EQ(snap->cpus[5].cpuevt.expires, t5);
	CHECK_EQ(snap->groups[th_group(snap, 1, 0)].next_expiry, t5);
	CHECK_EQ(snap->cpus[5].wakeup, KTIME_MAX);

	th_idle(12);
	snap = th_snap();
	CHECK_EQ(snap->cpus[12].wakeup, t5);
	CHECK_EQ(env_cpu_next_event(12), t5);
	/* Nobody else wakes up for a global timer before it. */
	for (unsigned int c = 0; c < 16; c++)
		if (c != 12)
			CHECK(env_cpu_next_event(c) >= t5);
	expect_consistent();

	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	env_stats_read(&es);
	CHECK_EQ(st.drain_timers_run, 2);
	CHECK_EQ(st.max_lateness_ns, 0);
	CHECK_EQ(st.lost, 0);
	CHECK_EQ(es.timers_run_remote, 2);
	CHECK(ktime_get() >= t9);
}

/*
 * The kernel file's "Required event and timerqueue update after a remote
 * expiry" scenario: two nodes of two CPUs give GRP0:0 = {CPU0, CPU1},
 * GRP0:1 = {CPU2, CPU3}, GRP1:0 on top. CPU0 and CPU1 are idle with global
 * timers expiring at the same time, CPU3 idle without timer, CPU2 the only
 * active CPU and migrator.
 */
static struct {
	bool			first_ran;
	bool			captured;
	struct tmigr_snapshot	*step3;
	unsigned int		ran[4];
	unsigned int		order[4];
	unsigned int		n;
} walk;

static void walk_timer_ran(const struct env_timer_run *run, void *ctx)
{
	(void)ctx;
	if (walk.n < 4)
		walk.order[walk.n++] = run->owner;
	walk.ran[run->owner] = run->ran_on;
	walk.first_ran = true;
}

/*
 * Step 3 is the state right after the walk from CPU0's point of view, when
 * CPU2's tmigr_handle_remote_up() comes back to GRP1:0 and locks it again.
 */
static void walk_before(const struct rt_point *p)
{
	if (walk.first_ran && !walk.captured && p->op == RT_OP_SPIN_LOCK &&
	    !strcmp(p->site, "tmigr_handle_remote_up")) {
		walk.captured = true;
		walk.step3 = tmigr_snapshot_take();
	}
}

static void test_remote_expiry_walk(void)
{
	static const struct rt_hooks hooks = { .before = walk_before };
	const struct env_observer obs = { .timer_run = walk_timer_ran };
	const u64 t = 5 * TICK_NSEC;
	const struct tmigr_snapshot *snap;
	const struct tmigr_snap_group *g00, *g01, *g10;
	const struct tmigr_snap_group *s00, *s10;

	memset(&walk, 0, sizeof(walk));
	th_env(4, 2, 4);
	snap = th_snap();
	CHECK_EQ(snap->levels, 2);
	CHECK_EQ(snap->cpus[1].group, th_group(snap, 0, 0));
	CHECK_EQ(snap->cpus[2].group, th_group(snap, 0, 1));

	th_arm(0, 0, 5);
	th_arm(1, 0, 5);
	th_idle(3);
	th_idle(0);
	th_idle(1);

	/* Step 1, as drawn in the kernel file. */
	snap = th_snap();
	g00 = &snap->groups[th_group(snap, 0, 0)];
	g01 = &snap->groups[th_group(snap, 0, 1)];
	g10 = &snap->groups[th_group(snap, 1, 0)];
	CHECK_EQ(g10->migrator, g01->groupmask);
	CHECK_EQ(g10->active, g01->groupmask);
	CHECK_EQ(g10->nr_events, 1);
	CHECK(g10->events[0].is_group && g10->events[0].owner == th_group(snap, 0, 0));
	CHECK_EQ(g00->migrator, NONE);
	CHECK_EQ(g00->active, 0);
	CHECK(!g00->groupevt.ignore);
	CHECK_EQ(g00->groupevt.cpu, 0);
	CHECK_EQ(g00->nr_events, 2);
	CHECK(!g00->events[0].is_group && g00->events[0].owner == 0);
	CHECK(!g00->events[1].is_group && g00->events[1].owner == 1);
	CHECK_EQ(g01->migrator, 0x04 >> 2);	/* CPU2 holds bit 0 of GRP0:1 */
	CHECK(g01->groupevt.ignore);
	expect_consistent();

	/* Steps 2-4: CPU2's tick at the expiry. */
	env_set_observer(&obs);
	rt_set_hooks(&hooks);
	rt_clock_advance_to(t);
	th_as(2);
	env_service();
	rt_set_hooks(NULL);
	check_init(NULL);

	/* Both timers ran on CPU2, CPU0's first, within that one softirq. */
	CHECK_EQ(walk.n, 2);
	CHECK_EQ(walk.order[0], 0);
	CHECK_EQ(walk.order[1], 1);
	CHECK_EQ(walk.ran[0], 2);
	CHECK_EQ(walk.ran[1], 2);

	/*
	 * Step 3: after CPU0's timers, the walk from CPU0's view made CPU1's
	 * event GRP0:0's first and queued GRP0:0 in GRP1:0 on CPU1's behalf.
	 * (6.12 requeues CPU0's now empty event at KTIME_MAX rather than
	 * dropping it; it sorts last and never expires.)
	 */
	CHECK(walk.captured);
	if (walk.step3) {
		snap = walk.step3;
		s00 = &snap->groups[th_group(snap, 0, 0)];
		s10 = &snap->groups[th_group(snap, 1, 0)];
		CHECK_EQ(s00->groupevt.cpu, 1);
		CHECK_EQ(s00->next_expiry, t);
		CHECK(s00->nr_events >= 1);
		CHECK(!s00->events[0].is_group && s00->events[0].owner == 1);
		CHECK_EQ(s00->events[0].evt.expires, t);
		for (int e = 1; e < s00->nr_events; e++)
			CHECK_EQ(s00->events[e].evt.expires, KTIME_MAX);
		CHECK_EQ(s10->nr_events, 1);
		CHECK(s10->events[0].is_group && s10->events[0].owner == th_group(snap, 0, 0));
		CHECK_EQ(s10->events[0].evt.cpu, 1);
		CHECK_EQ(s10->events[0].evt.expires, t);
		tmigr_snapshot_free(walk.step3);
	}

	/* Afterwards nothing is left for anybody. */
	snap = th_snap();
	CHECK_EQ(snap->groups[th_group(snap, 1, 0)].next_expiry, KTIME_MAX);
	expect_consistent();
	CHECK_EQ(check_quiescent(true), 0);
}

/*
 * The seed report's topology: 8 CPUs up, CPU0 the only active one; CPU 8
 * is prepared by CPU0. The prepare callback creates GRP0:1 and a new top
 * GRP1:0, and connects the old top GRP0:0, marked active (CPU0 runs the
 * callback, so GRP0:0 really is active).
 */
static struct tmigr_snapshot *after_prepare;

static int snapshot_after_tmigr_prepare(unsigned int cpu)
{
	if (cpu == 8 && !after_prepare)
		after_prepare = tmigr_snapshot_take();
	return 0;
}

static void test_seed_topology(void)
{
	const struct tmigr_snapshot *snap;
	struct check_stats st;
	const char *text;
	int state;

	th_env(9, 1, 8);
	for (unsigned int c = 1; c < 8; c++)
		th_idle(c);

	/* Step 0: one group; CPU0 active and migrator. */
	snap = th_snap();
	CHECK_EQ(snap->nr_groups, 1);
	expect_group(0, 0, 0x01, 0x01);

	/* A dynamic PREPARE state runs after CPUHP_TMIGR_PREPARE. */
	after_prepare = NULL;
	th_as(0);
	state = cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "test:after-tmigr-prepare",
				  snapshot_after_tmigr_prepare, NULL);
	CHECK(state > CPUHP_TMIGR_PREPARE && state < CPUHP_BRINGUP_CPU);
	CHECK_EQ(env_cpu_up(8, false), 0);

	/* Steps 1-2 of the report, with the v4 fix: prepared, not online. */
	CHECK(after_prepare != NULL);
	if (after_prepare) {
		snap = after_prepare;
		text = th_draw(snap);
		CHECK_HAS(text, "[GRP1:0]\nmigrator = GRP0:0\nactive = GRP0:0\nnextevt = KTIME_MAX\n");
		CHECK_HAS(text, "[GRP0:0]");
		CHECK_HAS(text, "migrator = CPU0");
		CHECK_HAS(text, "migrator = TMIGR_NONE");
		CHECK_HAS(text, "active = NONE");
		CHECK_HAS(text, "CPU8 !online");
		CHECK_EQ(snap->groups[th_group(snap, 0, 1)].parent, th_group(snap, 1, 0));
		CHECK_EQ(snap->groups[th_group(snap, 0, 0)].parent, th_group(snap, 1, 0));
		CHECK_EQ(check_hierarchy(snap), 0);
		tmigr_snapshot_free(after_prepare);
	}

	/* CPU 8 online: it activates GRP0:1 inside the active top. */
	snap = th_snap();
	CHECK_HAS(th_draw(snap), "[GRP1:0]\nmigrator = GRP0:0\nactive = GRP0:0, GRP0:1\nnextevt = KTIME_MAX\n");
	expect_group(0, 1, 0x01, 0x01);
	expect_group(1, 0, 0x03, 0x01);
	expect_consistent();

	/*
	 * Race A's ending, the fixed way: CPU 8 goes idle with T8, then CPU0.
	 * The top goes idle for real and CPU0, the last one, wakes for T8.
	 */
	th_arm(8, 0, 7);
	th_idle(8);
	th_idle(0);
	expect_group(1, 0, 0x00, NONE);
	CHECK_EQ(th_snap()->cpus[0].wakeup, 7 * TICK_NSEC);
	expect_consistent();
	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	CHECK_EQ(st.drain_timers_run, 1);
	CHECK_EQ(st.lost, 0);
}

/*
 * Offlining the last active CPU with hierarchy events pending: it must hand
 * the duty over with work_on_cpu() to another online CPU, which wakes up,
 * becomes active and is migrator from then on.
 */
static void test_offline_handover(void)
{
	struct env_stats es;
	struct check_stats st;

	th_env(4, 1, 4);
	th_arm(1, 0, 20);
	th_idle(1);
	th_idle(2);

	/* CPU0 controls the offline of CPU3 and goes idle while waiting. */
	th_as(0);
	CHECK_EQ(env_cpu_down(3, true), 0);

	env_stats_read(&es);
	CHECK_EQ(es.work_items, 1);
	CHECK_EQ(env_cpu_mode(3), ENV_CPU_OFFLINE);
	CHECK(!cpu_online(3));
	/* CPU0 was woken by the work item and is the migrator now. */
	CHECK_EQ(env_cpu_mode(0), ENV_CPU_RUNNING);
	expect_group(0, 0, 0x01, 0x01);
	CHECK(!th_snap()->cpus[3].online);
	expect_consistent();

	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	CHECK_EQ(st.drain_timers_run, 1);
	CHECK_EQ(st.lost, 0);

	/* And it comes back. */
	th_as(0);
	CHECK_EQ(env_cpu_up(3, false), 0);
	CHECK(th_snap()->cpus[3].online);
	expect_consistent();
}

/* A dead CPU's timers move to the control CPU and still run on time. */
static void test_dead_cpu_timers_migrate(void)
{
	struct check_stats st;

	th_env(4, 1, 4);
	th_arm(3, 0, 5);	/* global */
	th_arm(3, 1, 6);	/* pinned */
	th_as(0);
	CHECK_EQ(env_cpu_down(3, false), 0);
	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	CHECK_EQ(st.drain_timers_run, 2);
	CHECK_EQ(st.max_lateness_ns, 0);
}

/* add_timer_on() to an idle CPU kicks it to re-evaluate its next event. */
static void test_add_timer_on_idle_cpu(void)
{
	struct env_stats es;

	th_env(4, 1, 4);
	th_idle(2);
	CHECK_EQ(env_cpu_next_event(2), KTIME_MAX);

	th_as(1);
	CHECK_EQ(env_timer_arm(1 * 4 + 2, 2, 3), 0);	/* slot 2: add_timer_on */
	env_stats_read(&es);
	CHECK_EQ(es.ipis, 1);
	CHECK(env_cpu_has_pending(2));

	th_as(2);
	env_service();
	CHECK_EQ(env_cpu_mode(2), ENV_CPU_IDLE);
	CHECK_EQ(env_cpu_next_event(2), 3 * TICK_NSEC);
	expect_consistent();
}

/*
 * cpu_down() stops the machine: every online CPU leaves idle for its
 * stopper (timer_clear_idle() -> tmigr_cpu_activate()), spins while the
 * dying CPU runs take_cpu_down(), then idles again (deactivate). An idle
 * group becomes active and idle again in one offline.
 */
static void test_cpu_down_stops_machine(void)
{
	struct env_stats before, after;

	th_env(8, 1, 8);
	for (unsigned int c = 1; c < 8; c++)
		if (c != 5)
			th_idle(c);
	expect_group(0, 0, 0x21, 0x01);
	env_stats_read(&before);

	th_as(0);
	CHECK_EQ(env_cpu_down(5, false), 0);
	env_stats_read(&after);
	CHECK_EQ(after.stop_machines - before.stop_machines, 1);
	/* The six idle CPUs went through idle once more, each. */
	CHECK_EQ(after.idle_entries - before.idle_entries, 6);
	for (unsigned int c = 1; c < 8; c++)
		if (c != 5)
			CHECK_EQ(env_cpu_mode(c), ENV_CPU_IDLE);
	CHECK_EQ(env_cpu_mode(5), ENV_CPU_OFFLINE);
	CHECK_EQ(env_cpu_hotplug_state(5), CPUHP_OFFLINE);
	expect_group(0, 0, 0x01, 0x01);
	expect_consistent();
}

/*
 * enqueue_timer() kicks an idle CPU only for a new first timer: a pinned
 * timer behind the first one waits for the CPU's next look.
 */
static void test_kick_only_new_first_timer(void)
{
	struct env_stats es0, es1;

	th_env(4, 1, 4);
	th_as(2);
	CHECK_EQ(env_timer_arm(2 * 4 + 1, 2, 5), 0);	/* pinned, +5 */
	th_idle(2);
	CHECK_EQ(env_cpu_next_event(2), 5 * TICK_NSEC);
	env_stats_read(&es0);

	th_as(1);
	CHECK_EQ(env_timer_arm(1 * 4 + 2, 2, 9), 0);	/* add_timer_on(2), +9: behind */
	env_stats_read(&es1);
	CHECK_EQ(es1.ipis, es0.ipis);
	CHECK(!env_cpu_has_pending(2));

	CHECK_EQ(env_timer_arm(1 * 4 + 2, 2, 3), 0);	/* re-armed at +3: first now */
	env_stats_read(&es1);
	CHECK_EQ(es1.ipis, es0.ipis + 1);
	th_as(2);
	env_service();
	CHECK_EQ(env_cpu_next_event(2), 3 * TICK_NSEC);
	expect_consistent();
}

/*
 * A device interrupt on an idle CPU: no activation (6.12's irq_enter()
 * does not leave idle), then the idle loop re-evaluates. A global timer
 * armed in that interrupt reaches the hierarchy through
 * tmigr_cpu_new_timer() while the CPU stays idle.
 */
static void test_irq_arms_timer_on_idle_cpu(void)
{
	const struct tmigr_snapshot *snap;
	struct env_stats es;
	struct check_stats st;

	th_env(4, 1, 4);
	for (unsigned int c = 1; c < 4; c++)
		th_idle(c);
	th_idle(0);
	expect_group(0, 0, 0x00, NONE);

	/* A plain device interrupt: the CPU stays idle, the hierarchy too. */
	th_as(3);
	env_irq_enter();
	env_irq_exit();
	CHECK_EQ(env_cpu_mode(3), ENV_CPU_IDLE);
	expect_group(0, 0, 0x00, NONE);

	/* An interrupt that arms a global timer. */
	th_as(3);
	env_irq_enter();
	CHECK_EQ(env_timer_arm(3 * 4 + 0, 3, 7), 0);
	env_irq_exit();
	env_stats_read(&es);
	CHECK_EQ(es.device_irqs, 2);
	CHECK_EQ(env_cpu_mode(3), ENV_CPU_IDLE);
	expect_group(0, 0, 0x00, NONE);
	snap = th_snap();
	CHECK_EQ(snap->cpus[3].cpuevt.expires, 7 * TICK_NSEC);
	CHECK_EQ(snap->groups[th_group(snap, 0, 0)].next_expiry, 7 * TICK_NSEC);
	/* The last idle CPU of the top level is told to wake for it: CPU3 itself. */
	CHECK_EQ(env_cpu_next_event(3), 7 * TICK_NSEC);
	expect_consistent();
	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	CHECK_EQ(st.drain_timers_run, 1);
	CHECK_EQ(st.max_lateness_ns, 0);
}

/*
 * A self re-arming global timer of an idle CPU, expired remotely by the
 * migrator: the callback's mod_timer() keeps it on the idle CPU's base
 * (it is that base's running timer), and the hierarchy learns the new
 * expiry from tmigr_handle_remote_cpu()'s update.
 */
static void test_rearming_timer_expired_remotely(void)
{
	const struct tmigr_snapshot *snap;
	struct env_pending_timer pt[4];
	struct env_stats es;

	th_env(4, 1, 4);
	th_as(2);
	CHECK_EQ(env_timer_arm_rearm(2 * 4 + 0, 2, 4, 1), 0);
	th_idle(2);
	/* CPU0 stays active: the migrator. At +4 its tick expires CPU2's timer. */
	th_as(0);
	rt_clock_advance_to(4 * TICK_NSEC);
	env_service();
	env_stats_read(&es);
	CHECK_EQ(es.timers_rearmed, 1);
	CHECK_EQ(es.timers_run_remote, 1);
	CHECK_EQ(env_pending_timers(pt, ARRAY_SIZE(pt)), 1);
	CHECK_EQ(pt[0].base_cpu, 2);
	CHECK_EQ(pt[0].expires_ns, 8 * TICK_NSEC);
	CHECK_EQ(env_cpu_mode(2), ENV_CPU_IDLE);
	snap = th_snap();
	CHECK_EQ(snap->cpus[2].cpuevt.expires, 8 * TICK_NSEC);
	expect_consistent();
	CHECK_EQ(check_quiescent(true), 0);
}

/* APs past CPUHP_AP_TMIGR_ONLINE whenever a PREPARE callback ran. */
static unsigned int aps_online_at_prepare;

static int count_online_aps(unsigned int cpu)
{
	(void)cpu;
	for (unsigned int c = 1; c < env_config()->nr_cpus; c++)
		if (env_cpu_hotplug_state(c) >= CPUHP_AP_TMIGR_ONLINE)
			aps_online_at_prepare++;
	return 0;
}

/* Boot 16 CPUs with a dynamic PREPARE state that counts online APs. */
static void boot_16(bool parallel)
{
	struct env_config cfg = {
		.nr_cpus = 16, .nr_nodes = 1, .timers_per_cpu = 4, .parallel_bringup = parallel,
	};
	bool online[16];

	th_env_cfg(&cfg, 1);
	th_as(0);
	CHECK(cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "test:count", count_online_aps, NULL) > 0);
	for (unsigned int c = 0; c < 16; c++)
		online[c] = true;
	aps_online_at_prepare = 0;
	env_smp_init(online);
}

/*
 * Parallel bring-up: every CPU's PREPARE states (tmigr_cpu_prepare())
 * run before any AP reaches CPUHP_AP_TMIGR_ONLINE; sequentially, each
 * prepare sees the APs before it online.
 */
static void test_parallel_bringup(void)
{
	const struct tmigr_snapshot *snap;

	boot_16(false);
	CHECK_EQ(aps_online_at_prepare, 14 * 15 / 2);
	boot_16(true);
	CHECK_EQ(aps_online_at_prepare, 0);
	snap = th_snap();
	for (unsigned int c = 0; c < 16; c++) {
		CHECK_EQ(env_cpu_hotplug_state(c), CPUHP_ONLINE);
		CHECK(snap->cpus[c].online);
	}
	/* CPU 8's prepare made GRP0:1 and the new top before CPU 1 was online. */
	expect_group(0, 0, 0xff, 0x01);
	expect_group(0, 1, 0xff, 0x01);
	expect_group(1, 0, 0x03, 0x01);
	expect_consistent();
}

/* The AP idles at CPUHP_AP_ONLINE_IDLE before its hotplug thread runs tmigr_cpu_online(). */
static void test_ap_idle_window(void)
{
	struct env_stats es0, es1;

	th_env(4, 1, 2);
	env_stats_read(&es0);
	th_as(0);
	CHECK_EQ(env_cpu_up(2, false), 0);
	env_stats_read(&es1);
	CHECK_EQ(es1.idle_entries - es0.idle_entries, 1);
	CHECK_EQ(env_cpu_mode(2), ENV_CPU_RUNNING);
	CHECK(th_snap()->cpus[2].online);
	expect_group(0, 0, 0x07, 0x01);
	expect_consistent();
}

/* 6.12's table: named states refuse a registration, CPUHP_AP_ONLINE_IDLE does not. */
static int noop_cb(unsigned int cpu)
{
	(void)cpu;
	return 0;
}

static void test_named_hotplug_states(void)
{
	static const int named[] = {
		CPUHP_CREATE_THREADS, CPUHP_TIMERS_PREPARE, CPUHP_BP_KICK_AP, CPUHP_BRINGUP_CPU,
		CPUHP_AP_IDLE_DEAD, CPUHP_AP_OFFLINE, CPUHP_AP_TICK_DYING, CPUHP_AP_ONLINE,
		CPUHP_TEARDOWN_CPU, CPUHP_AP_SMPBOOT_THREADS, CPUHP_AP_WORKQUEUE_ONLINE,
		CPUHP_AP_ACTIVE, CPUHP_TMIGR_PREPARE, CPUHP_AP_TMIGR_ONLINE,
	};

	th_env(2, 1, 2);
	th_as(0);
	for (unsigned int i = 0; i < ARRAY_SIZE(named); i++)
		CHECK_EQ(cpuhp_setup_state(named[i], "test:named", noop_cb, NULL), -EBUSY);
	CHECK_EQ(cpuhp_setup_state(CPUHP_OFFLINE, "test:offline", noop_cb, NULL), -EINVAL);
	CHECK_EQ(cpuhp_setup_state(CPUHP_ONLINE, "test:online", noop_cb, NULL), -EINVAL);
	CHECK_EQ(cpuhp_setup_state(CPUHP_AP_ONLINE_IDLE, "test:online-idle", noop_cb, NULL), 0);
	CHECK_EQ(cpuhp_setup_state(CPUHP_AP_ONLINE_IDLE, "test:again", noop_cb, NULL), -EBUSY);
	/* 6.12's dynamic ranges: 21 PREPARE (DYN..DYN + 20) and 41 online slots. */
	for (unsigned int i = 0; i < 21; i++)
		CHECK(cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "test:dyn", noop_cb, NULL) > 0);
	CHECK_EQ(cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "test:dyn", noop_cb, NULL), -ENOSPC);
	CHECK_EQ(CPUHP_AP_ONLINE_DYN_END - CPUHP_AP_ONLINE_DYN, 40);
}

/* NUMA corner cases change the level computation and the node groups. */
static void test_numa_corner_topologies(void)
{
	struct env_config mem = {
		.nr_cpus = 16, .nr_nodes = 2, .timers_per_cpu = 4, .memory_nodes = 2,
	};
	struct env_config absent = {
		.nr_cpus = 16, .nr_nodes = 2, .timers_per_cpu = 4, .absent_no_node = true,
	};

	/* Two CPU-less nodes count as possible nodes, CPUs stay on 0 and 1. */
	th_env_cfg(&mem, 16);
	CHECK_EQ(num_possible_nodes(), 4);
	CHECK_EQ(cpu_to_node(15), 1);
	expect_consistent();

	/* A CPU that was never present has no node until it is hot-added. */
	th_env_cfg(&absent, 4);
	CHECK_EQ(cpu_to_node(12), NUMA_NO_NODE);
	CHECK_EQ(cpu_to_node(3), 0);
	th_as(0);
	CHECK_EQ(env_cpu_up(12, false), 0);
	CHECK_EQ(cpu_to_node(12), 1);
	expect_consistent();
}

/* nohz_full=1-N: the knob newer trees read; 6.12 keeps the CPUs in the hierarchy. */
static void test_nohz_full_knob(void)
{
	struct env_config cfg = {
		.nr_cpus = 4, .nr_nodes = 1, .timers_per_cpu = 4, .nohz_full = true,
	};

	th_env_cfg(&cfg, 4);
	CHECK(!tick_nohz_full_cpu(0));
	CHECK(tick_nohz_full_cpu(3));
	th_idle(3);
	expect_group(0, 0, 0x07, 0x01);
	/* A global timer enqueued on an idle nohz_full CPU's base kicks it. */
	th_as(3);
	env_irq_enter();
	CHECK_EQ(env_timer_arm(3 * 4, 3, 6), 0);
	env_irq_exit();
	expect_consistent();

	/* The timekeeping CPU refuses to go down (tick_nohz_cpu_down()). */
	th_as(1);
	CHECK_EQ(env_cpu_down(0, false), -EBUSY);
	CHECK(cpu_online(0) && th_snap()->cpus[0].online);
	CHECK_EQ(env_cpu_down(2, false), 0);
	expect_consistent();
}

/*
 * nohz_full=: the timekeeping CPU idles with its tick running. It never
 * goes idle in tmigr, so it stays the migrator on its path and its tick
 * expires an idle nohz_full CPU's global timer, for which that CPU programs
 * no wakeup. The drain jumps from one due timer to the next instead of
 * stepping CPU 0's ticks jiffy by jiffy, and ends.
 */
static void test_nohz_full_tick_cpu_keeps_tick(void)
{
	struct env_config cfg = {
		.nr_cpus = 4, .nr_nodes = 1, .timers_per_cpu = 4, .nohz_full = true,
	};
	const struct tmigr_snapshot *snap;
	struct env_pending_timer pt[4];
	struct env_stats es0, es1;

	th_env_cfg(&cfg, 4);
	th_as(3);
	/* Due at +4, re-armed twice: +8 and +12. */
	CHECK_EQ(env_timer_arm_rearm(3 * 4 + 0, 3, 4, 2), 0);
	for (int c = 3; c >= 0; c--)
		th_idle((unsigned int)c);
	CHECK(!env_cpu_tick_stopped(0) && env_cpu_tick_stopped(3));
	CHECK_EQ(env_cpu_next_event(3), KTIME_MAX);
	CHECK_EQ(env_cpu_next_event(0), TICK_NSEC);
	snap = th_snap();
	CHECK(!snap->cpus[0].idle && snap->cpus[3].idle);
	expect_group(0, 0, 0x01, 0x01);

	env_stats_read(&es0);
	CHECK_EQ(check_quiescent(true), 0);
	env_stats_read(&es1);
	CHECK_EQ(es1.timers_run_remote - es0.timers_run_remote, 3);
	CHECK_EQ(es1.timers_rearmed - es0.timers_rearmed, 2);
	CHECK_EQ(env_pending_timers(pt, ARRAY_SIZE(pt)), 0);
	CHECK_EQ(ktime_get(), 12 * TICK_NSEC);
	CHECK(!th_snap()->cpus[0].idle);
	expect_consistent();
}

/*
 * isolcpus=domain: 6.12 (the model) never asks, so isolated CPUs stay in the
 * hierarchy and a global timer on an idle isolated CPU is the migrator's.
 * The knob names possible CPUs only and leaves one for housekeeping.
 */
static void test_isolcpus_knob(void)
{
	struct env_config cfg = { .nr_cpus = 4, .nr_nodes = 1, .timers_per_cpu = 4 };
	char err[160];

	cfg.isolcpus.bits[0] = BIT(2) | BIT(3);
	th_env_cfg(&cfg, 4);
	CHECK(env_cpu_isolated(3) && !env_cpu_isolated(1) && !env_cpu_isolated(4));
	expect_group(0, 0, 0x0f, 0x01);
	th_arm(3, 0, 4);
	th_idle(3);
	th_idle(2);
	expect_group(0, 0, 0x03, 0x01);
	th_idle(1);
	th_idle(0);
	CHECK_EQ(check_quiescent(true), 0);
	expect_consistent();

	cfg.isolcpus.bits[0] = 0x0f;
	CHECK(env_setup(&cfg, err, sizeof(err)));
	CHECK_HAS(err, "isolcpus must leave at least one housekeeping CPU");
	cfg.isolcpus.bits[0] = BIT(4);
	CHECK(env_setup(&cfg, err, sizeof(err)));
	CHECK_HAS(err, "isolcpus names CPU4 but only 4 CPUs exist");
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_activate_deactivate_chain),
		TH_CASE(test_migrator_handover),
		TH_CASE(test_last_idle_gets_first_expiry),
		TH_CASE(test_remote_expiry_walk),
		TH_CASE(test_seed_topology),
		TH_CASE(test_offline_handover),
		TH_CASE(test_dead_cpu_timers_migrate),
		TH_CASE(test_add_timer_on_idle_cpu),
		TH_CASE(test_cpu_down_stops_machine),
		TH_CASE(test_kick_only_new_first_timer),
		TH_CASE(test_irq_arms_timer_on_idle_cpu),
		TH_CASE(test_rearming_timer_expired_remotely),
		TH_CASE(test_parallel_bringup),
		TH_CASE(test_ap_idle_window),
		TH_CASE(test_named_hotplug_states),
		TH_CASE(test_numa_corner_topologies),
		TH_CASE(test_nohz_full_knob),
		TH_CASE(test_nohz_full_tick_cpu_keeps_tick),
		TH_CASE(test_isolcpus_knob),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
