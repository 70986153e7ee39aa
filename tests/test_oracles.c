// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every oracle fires on a hand-corrupted state and stays silent on the
 * correct one.
 *
 * Hierarchy oracles get a real snapshot (4 CPUs on 2 nodes: GRP0:0 = CPU0,1,
 * GRP0:1 = CPU2,3, GRP1:0 on top; CPU0 and CPU2 active) and a copy of it
 * with one thing broken. Timer, WARN and setup oracles get a real
 * environment with a fault injected.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>

#include "harness.h"
#include "check/liveness.h"
#include "check/oracles.h"
#include "check/signature.h"
#include "env/kapi.h"
#include "rt/sanitizer.h"

/* ---- hand-built states ------------------------------------------------------ */

static struct tmigr_snapshot *base;
static int g00, g01, g10;

/* A copy to break by hand; tmigr_snapshot_free() takes it like any snapshot. */
static struct tmigr_snapshot *copy(const struct tmigr_snapshot *s)
{
	struct tmigr_snapshot *c = tmigr_snapshot_keep(NULL, s);

	CHECK(c != NULL);
	return c;
}

/* Keep the current state in *@slot and find its three groups. */
static void keep_state(struct tmigr_snapshot **slot)
{
	tmigr_snapshot_free(*slot);
	*slot = copy(th_snap());
	g00 = th_group(*slot, 0, 0);
	g01 = th_group(*slot, 0, 1);
	g10 = th_group(*slot, 1, 0);
	report_reset();
}

static void make_base(void)
{
	th_env(4, 2, 4);
	th_idle(1);
	th_idle(3);
	keep_state(&base);
}

/* Run @fn on @s and expect exactly @signature among its reports. */
static void expect_fires(unsigned int (*fn)(const struct tmigr_snapshot *),
			 struct tmigr_snapshot *s, const char *signature)
{
	bool found = false;

	report_reset();
	CHECK(fn(s) > 0);
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		const struct report *r = report_get(i);

		found |= !strcmp(r->signature, signature);
		/* Every report draws the hierarchy it is about. */
		CHECK_HAS(r->details, "migrator = ");
	}
	/* What fires is what the harness says it can report. */
	{
		char err[512];

		if (signature_pattern_check(signature, err, sizeof(err)))
			th_fail(__FILE__, __LINE__, signature, "%s", err);
	}
	if (!found)
		th_fail(__FILE__, __LINE__, signature, "not among %u signatures (first: %s)",
			report_nr_signatures(),
			report_nr_signatures() ? report_get(0)->signature : "none");
	tmigr_snapshot_free(s);
	report_reset();
}

static void test_hierarchy_oracles_silent(void)
{
	make_base();
	CHECK_EQ(oracle_structure(base), 0);
	CHECK_EQ(oracle_phantom_active(base), 0);
	CHECK_EQ(oracle_lost_active(base), 0);
	CHECK_EQ(report_total(), 0);
}

static void test_structure_fires(void)
{
	struct tmigr_snapshot *s;

	make_base();

	s = copy(base);
	s->groups[g01].parent = TMIGR_SNAP_NONE;		/* a second root */
	expect_fires(oracle_structure, s, "structure:root-count:fixed");

	s = copy(base);
	s->groups[g10].level = 2;				/* skips a level */
	expect_fires(oracle_structure, s, "structure:parent-level:fixed");

	s = copy(base);
	s->groups[g01].groupmask = s->groups[g00].groupmask;	/* sibling clash */
	expect_fires(oracle_structure, s, "structure:duplicate-groupmask:fixed");

	s = copy(base);
	s->groups[g01].groupmask = 0x06;			/* two bits */
	expect_fires(oracle_structure, s, "structure:groupmask:fixed");

	s = copy(base);
	s->cpus[1].groupmask = s->cpus[0].groupmask;
	expect_fires(oracle_structure, s, "structure:duplicate-cpu-groupmask:fixed");

	s = copy(base);
	s->cpus[2].group = g00;					/* node 1 CPU in node 0 group */
	s->cpus[2].groupmask = 0x04;
	s->groups[g00].num_children = 3;
	expect_fires(oracle_structure, s, "structure:node-locality:fixed");

	s = copy(base);
	s->groups[g00].num_children = 1;			/* fewer slots than children */
	expect_fires(oracle_structure, s, "structure:too-many-children:fixed");

	s = copy(base);
	s->groups[g10].numa_node = 0;				/* node set above crossnode */
	expect_fires(oracle_structure, s, "structure:node-above-crossnode:fixed");

	s = copy(base);
	s->cpus[3].group = g10;					/* CPU hanging off level 1 */
	expect_fires(oracle_structure, s, "structure:cpu-group:fixed");
}

/* 16 CPUs in one group: more than eight children. */
static void test_structure_fan_out(void)
{
	struct tmigr_snapshot *s;

	th_env(16, 1, 16);
	s = copy(th_snap());
	for (int c = 8; c < 16; c++) {
		s->cpus[c].group = th_group(s, 0, 0);
		s->cpus[c].groupmask = (u8)BIT(c - 8);
	}
	s->groups[th_group(s, 0, 0)].num_children = 16;
	expect_fires(oracle_structure, s, "structure:too-many-children:fixed");
}

static void test_phantom_fires(void)
{
	struct tmigr_snapshot *s;

	make_base();

	/* Race A's end: GRP0:1 went idle but is still active in GRP1:0. */
	s = copy(base);
	s->cpus[2].idle = true;
	s->groups[g01].active = 0;
	s->groups[g01].migrator = 0xff;
	expect_fires(oracle_phantom_active, s, "phantom-active:idle-group-marked-active:fixed");

	/* Race B's end: migrator 0x00 in the top group. */
	s = copy(base);
	s->groups[g10].migrator = 0x00;
	expect_fires(oracle_phantom_active, s, "phantom-active:migrator-not-active-child:fixed");

	/* Everybody idle, top still active. */
	s = copy(base);
	s->cpus[0].idle = s->cpus[2].idle = true;
	s->groups[g00].active = s->groups[g01].active = 0;
	s->groups[g00].migrator = s->groups[g01].migrator = 0xff;
	expect_fires(oracle_phantom_active, s, "phantom-active:root-active-while-all-idle:fixed");

	s = copy(base);
	s->groups[g00].active |= s->cpus[1].groupmask;		/* CPU1 is idle */
	expect_fires(oracle_phantom_active, s, "phantom-active:inactive-cpu-marked-active:fixed");

	s = copy(base);
	s->groups[g00].migrator = 0xff;
	expect_fires(oracle_phantom_active, s, "phantom-active:active-without-migrator:fixed");

	s = copy(base);
	s->groups[g10].active |= 0x80;
	expect_fires(oracle_phantom_active, s, "phantom-active:active-bit-without-child:fixed");
}

/*
 * Per-capacity hierarchies (2026 trees, the environment's 'little' CPUs):
 * @base split in two, GRP0:0 (CPU0-1) under GRP1:0 as hierarchy 0 and
 * GRP0:1 (CPU2-3) a root of its own as hierarchy 1.
 */
static struct tmigr_snapshot *split(const struct tmigr_snapshot *from)
{
	struct tmigr_snapshot *s = copy(from);

	s->nr_hiers = 2;
	s->hier_capacity[0] = 1024;
	s->hier_capacity[1] = 512;
	s->groups[g01].hier = 1;
	s->groups[g01].parent = TMIGR_SNAP_NONE;
	s->groups[g01].groupevt.queued = false;
	s->groups[g10].active &= s->groups[g00].groupmask;
	s->groups[g10].migrator = s->groups[g10].active ? s->groups[g00].groupmask : 0xff;
	return s;
}

static void test_hierarchies_silent(void)
{
	struct tmigr_snapshot *s;

	make_base();
	s = split(base);
	CHECK_EQ(oracle_structure(s), 0);
	CHECK_EQ(oracle_phantom_active(s), 0);
	CHECK_EQ(oracle_lost_active(s), 0);
	CHECK_EQ(oracle_event_queue(s), 0);
	tmigr_snapshot_free(s);

	/* Hierarchy 1 all idle with its root idle, while CPU0 runs hierarchy 0. */
	s = split(base);
	s->cpus[2].idle = true;
	s->groups[g01].active = 0;
	s->groups[g01].migrator = 0xff;
	CHECK_EQ(oracle_phantom_active(s), 0);
	CHECK_EQ(oracle_structure(s), 0);
	tmigr_snapshot_free(s);
	CHECK_EQ(report_total(), 0);
}

static void test_hierarchies_fire(void)
{
	struct tmigr_snapshot *s;

	make_base();

	/* Two roots in one hierarchy is still one too many. */
	s = split(base);
	s->groups[g01].hier = 0;
	expect_fires(oracle_structure, s, "structure:root-count:fixed");

	/* A group of a hierarchy the snapshot does not have. */
	s = split(base);
	s->groups[g01].hier = 2;
	expect_fires(oracle_structure, s, "structure:hierarchy-out-of-range:fixed");

	/* A parent link must not cross hierarchies. */
	s = split(base);
	s->groups[g01].parent = g10;
	expect_fires(oracle_structure, s, "structure:cross-hierarchy:fixed");

	/* Hierarchy 1's CPUs all idle, its root active: CPU0 elsewhere does not help. */
	s = split(base);
	s->cpus[2].idle = true;
	expect_fires(oracle_phantom_active, s, "phantom-active:root-active-while-all-idle:fixed");
}

/*
 * All idle, then split: the wakeup CPU0 (the last to go idle, hierarchy 0)
 * holds does not serve hierarchy 1's root, which queues CPU3's timer.
 */
static void test_hierarchies_root_wakeup(void)
{
	struct tmigr_snapshot *s;

	th_env(4, 2, 4);
	th_arm(3, 0, 5);
	th_idle(3);
	th_idle(2);
	th_idle(1);
	th_idle(0);
	keep_state(&base);
	CHECK_EQ(oracle_event_queue(base), 0);
	CHECK(base->cpus[0].wakeup <= 5 * TICK_NSEC);
	s = split(base);
	CHECK_EQ(s->cpus[2].wakeup, KTIME_MAX);
	CHECK_EQ(s->cpus[3].wakeup, KTIME_MAX);
	expect_fires(oracle_event_queue, s, "event-queue:root-wakeup:fixed");

	/* Silent once a CPU of hierarchy 1 holds the wakeup. */
	s = split(base);
	s->cpus[2].wakeup = 5 * TICK_NSEC;
	report_reset();
	oracle_event_queue(s);
	for (unsigned int i = 0; i < report_nr_signatures(); i++)
		CHECK(strcmp(report_get(i)->signature, "event-queue:root-wakeup:fixed") != 0);
	tmigr_snapshot_free(s);
	report_reset();
}

static void test_lost_active_fires(void)
{
	struct tmigr_snapshot *s;

	make_base();

	s = copy(base);
	s->cpus[1].idle = false;				/* active, bit not set */
	expect_fires(oracle_lost_active, s, "lost-active:cpu-not-active-in-group:fixed");

	s = copy(base);
	s->groups[g10].active &= (u8)~s->groups[g00].groupmask;
	s->groups[g10].migrator = s->groups[g01].groupmask;
	expect_fires(oracle_lost_active, s, "lost-active:branch-not-active-in-parent:fixed");
}

/* ---- an unchanged hierarchy (check_hierarchy()'s memo, the report journal) ------- */

static unsigned int printed_first, printed_again;

static void count_printed(const struct report *r, bool first, void *ctx)
{
	(void)r;
	(void)ctx;
	if (first)
		printed_first++;
	else
		printed_again++;
}

static u64 unchanged_checks(void)
{
	struct check_stats st;

	check_stats_read(&st);
	return st.unchanged_checks;
}

/*
 * Oracles take their working memory from the snapshot they check: pieces
 * do not overlap, live until the snapshot goes, and the next snapshot of
 * the same size hands them out of one block (no malloc() per check).
 * Under ASan a piece ends in poison and a freed snapshot's scratch is
 * poisoned whole.
 */
static void test_snapshot_scratch(void)
{
	struct tmigr_snapshot *s = tmigr_snapshot_alloc(4, 3);
	u8 *a, *b, *c;

	CHECK(s != NULL);
	a = tmigr_snapshot_scratch(s, 40);
	b = tmigr_snapshot_scratch(s, 8);
	CHECK(a && b);
	memset(a, 0xaa, 40);
	memset(b, 0xbb, 8);
	CHECK(a[39] == 0xaa && b[0] == 0xbb);
	CHECK((uintptr_t)a % 16 == 0 && (uintptr_t)b % 16 == 0);
	tmigr_snapshot_free(s);

	/* The spare comes back with what the last one used in one block. */
	s = tmigr_snapshot_alloc(4, 3);
	CHECK(s != NULL);
	a = tmigr_snapshot_scratch(s, 40);
	b = tmigr_snapshot_scratch(s, 8);
	c = tmigr_snapshot_scratch(s, 1);
	CHECK(a && b);
	CHECK_EQ((long)(b - a), 64L);	/* 40 rounded up with a 16-byte gap */
	CHECK(c != NULL);		/* more than last time: still served */
#ifdef RT_ASAN
	CHECK(!__asan_address_is_poisoned(a + 39));
	CHECK(__asan_address_is_poisoned(a + 40));
	tmigr_snapshot_free(s);
	CHECK(__asan_address_is_poisoned(a));
#else
	tmigr_snapshot_free(s);
#endif
}

/*
 * The hierarchy the last check saw files the same reports again, as
 * repeats, without being checked; anything changed is checked anew, so a
 * violation that appears after a clean check still fires.
 */
static void test_check_unchanged(void)
{
	struct tmigr_snapshot *bad, *later, *worse;
	unsigned int n;

	make_base();
	check_init(NULL);
	report_set_printer(count_printed, NULL);
	printed_first = printed_again = 0;

	bad = copy(base);
	bad->groups[g10].migrator = 0x00;			/* race B's end */
	n = check_hierarchy(bad);
	CHECK(n > 0);
	CHECK_EQ(printed_first, n);
	CHECK_EQ(unchanged_checks(), 0);

	later = copy(bad);
	later->now += 5 * TICK_NSEC;				/* the clock is no part of it */
	CHECK_EQ(check_hierarchy(later), n);
	CHECK_EQ(unchanged_checks(), 1);
	CHECK_EQ(report_total(), 2 * n);
	CHECK_EQ(report_get(0)->count, 2);
	CHECK_EQ(printed_first, n);
	CHECK_EQ(printed_again, n);

	/* Fixed again: checked anew, and silent. */
	CHECK_EQ(check_hierarchy(base), 0);
	CHECK_EQ(unchanged_checks(), 1);
	CHECK_EQ(report_total(), 2 * n);

	/* Broken another way right after a clean check: fires. */
	worse = copy(base);
	worse->groups[g00].migrator = 0xff;
	CHECK(check_hierarchy(worse) > 0);
	CHECK(th_reported("phantom-active:active-without-migrator:"));
	CHECK_EQ(unchanged_checks(), 1);

	/* A reset table is not replayed into: the same state is checked anew. */
	report_reset();
	printed_first = 0;
	CHECK(check_hierarchy(worse) > 0);
	CHECK(printed_first > 0);
	CHECK_EQ(unchanged_checks(), 1);

	/* check_config.no_memo: every check derived, none replayed. */
	check_init(&(struct check_config){ .no_memo = true });
	report_reset();
	CHECK_EQ(check_hierarchy(bad), n);
	CHECK_EQ(check_hierarchy(later), n);
	CHECK_EQ(unchanged_checks(), 0);
	CHECK_EQ(report_total(), 2 * n);

	report_set_printer(NULL, NULL);
	check_init(NULL);
	tmigr_snapshot_free(bad);
	tmigr_snapshot_free(later);
	tmigr_snapshot_free(worse);
}

/*
 * A caller that knows nothing was written since the last check (the
 * controlled scheduler's write generation) gets its reports again without
 * a snapshot, but only at the generation of that check.
 */
static void test_check_unwritten(void)
{
	struct tmigr_snapshot *bad;
	struct check_stats st;
	unsigned int n, m = 0;

	make_base();
	check_init(NULL);
	report_reset();
	bad = copy(base);
	bad->groups[g10].migrator = 0x00;
	n = check_hierarchy_gen(bad, 7);
	CHECK(n > 0);

	CHECK(check_hierarchy_same_as_last(bad));
	CHECK(!check_hierarchy_same_as_last(base));
	CHECK(check_hierarchy_unchanged(7, &m));
	CHECK_EQ(m, n);
	CHECK_EQ(report_total(), 2 * n);
	CHECK(!check_hierarchy_unchanged(8, &m));	/* written since */
	CHECK(!check_hierarchy_unchanged(0, &m));	/* unknown */
	check_stats_read(&st);
	CHECK_EQ(st.unchanged_checks, 1);
	CHECK_EQ(st.unwritten_checks, 1);

	/* A check without a generation (a drain's) ends the shortcut. */
	CHECK_EQ(check_hierarchy(base), 0);
	CHECK(!check_hierarchy_unchanged(7, &m));
	/* So does a reset report table: nothing to replay into. */
	check_hierarchy_gen(bad, 9);
	report_reset();
	CHECK(!check_hierarchy_unchanged(9, &m));
	/* And check_config.no_memo. */
	check_init(&(struct check_config){ .no_memo = true });
	check_hierarchy_gen(bad, 10);
	CHECK(!check_hierarchy_unchanged(10, &m));

	check_init(NULL);
	report_reset();
	tmigr_snapshot_free(bad);
}

static void *file_other(void *arg)
{
	(void)arg;
	report_file(ORACLE_WARN, "other-thread", 1, NULL, "filed by another thread");
	return NULL;
}

/* The journal holds what its own thread filed, and only while on. */
static void test_report_journal(void)
{
	pthread_t t;

	report_reset();
	report_set_printer(NULL, NULL);
	CHECK(!report_journal_replay());		/* nothing journalled since the reset */

	report_journal_start();
	report_file(ORACLE_STRUCTURE, "mine", -1, NULL, "filed while journalling");
	CHECK(!report_journal_replay());		/* still on */
	pthread_create(&t, NULL, file_other, NULL);
	pthread_join(t, NULL);
	CHECK(report_journal_stop());
	report_file(ORACLE_STRUCTURE, "after", -1, NULL, "filed after the stop");

	CHECK(report_journal_replay());
	CHECK_EQ(report_count(ORACLE_STRUCTURE), 3);	/* mine twice, after once */
	CHECK_EQ(report_count(ORACLE_WARN), 1);
	CHECK_EQ(report_get(0)->count, 2);
	CHECK_EQ(report_total(), 4);

	report_reset();
	CHECK(!report_journal_replay());		/* a reset table */
	CHECK_EQ(report_total(), 0);
}

/* ---- the drain -------------------------------------------------------------------- */

/* 4 CPUs, CPU1's global timer 5 ticks out, everybody idle. Returns the waker. */
static unsigned int timer_all_idle(void)
{
	unsigned int waker = 0;

	th_env(4, 1, 4);
	th_arm(1, 0, 5);
	for (unsigned int c = 0; c < 4; c++)
		th_idle(c);
	for (unsigned int c = 0; c < 4; c++)
		if (env_cpu_next_event(c) == 5 * TICK_NSEC)
			waker = c;
	CHECK_EQ(env_cpu_next_event(waker), 5 * TICK_NSEC);
	return waker;
}

static void test_drain_silent(void)
{
	struct check_stats st;

	timer_all_idle();
	CHECK_EQ(check_quiescent(true), 0);
	check_stats_read(&st);
	CHECK_EQ(st.drain_timers_run, 1);
	CHECK_EQ(st.lost, 0);
	CHECK_EQ(st.late, 0);
	CHECK_EQ(report_total(), 0);
}

static void test_ignored_timer_fires(void)
{
	unsigned int waker = timer_all_idle();
	const struct report *r;
	struct check_stats st;

	/* The interrupt that should wake the last idle CPU is lost. */
	CHECK_EQ(env_debug_set_wakeup(waker, KTIME_MAX), 0);
	CHECK(check_quiescent(true) > 0);
	check_stats_read(&st);
	CHECK_EQ(st.lost, 1);
	CHECK_EQ(report_count(ORACLE_IGNORED_TIMER), 1);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "ignored-timer:global-timer-never-expired/chain-intact:fixed"));
	if (r) {
		CHECK_HAS(r->details, "timer 4 (owner CPU1)");
		CHECK_HAS(r->details, "<-- timer here");
		CHECK_HAS(r->details, "After draining:");
	}
}

static void test_late_timer_fires(void)
{
	unsigned int waker = timer_all_idle();
	struct check_stats st;

	/* The wakeup comes five ticks late. */
	CHECK_EQ(env_debug_set_wakeup(waker, 10 * TICK_NSEC), 0);
	CHECK(check_quiescent(true) > 0);
	check_stats_read(&st);
	CHECK_EQ(st.late, 1);
	CHECK_EQ(st.max_lateness_ns, 5 * TICK_NSEC);
	CHECK_EQ(report_count(ORACLE_LATE_TIMER), 1);
	CHECK_EQ(report_count(ORACLE_IGNORED_TIMER), 0);
}

static void test_livelock_fires(void)
{
	unsigned int waker = timer_all_idle();
	unsigned int n = 0;

	check_init(&(struct check_config){ .drain_budget = 2 });
	/* Three CPUs woken for nothing before the real expiry. */
	for (unsigned int c = 0; c < 4; c++)
		if (c != waker)
			CHECK_EQ(env_debug_set_wakeup(c, (1 + n++) * TICK_NSEC), 0);
	CHECK(check_quiescent(true) > 0);
	CHECK_EQ(report_count(ORACLE_LIVELOCK), 1);
	CHECK(report_get(0) && !strcmp(report_get(0)->signature, "livelock:drain-no-progress:fixed"));

	/* The same budget is plenty for the undisturbed run. */
	timer_all_idle();
	check_init(&(struct check_config){ .drain_budget = 2 });
	CHECK_EQ(check_quiescent(true), 0);
	CHECK_EQ(report_total(), 0);
}


/* ---- event queues ------------------------------------------------------------------ */

/*
 * The base with timers: CPU1 (idle) has a global timer at 5 ticks, CPU3 at 7;
 * CPU2 went idle too, so GRP0:1 is idle and queued in GRP1:0 for CPU3. CPU0
 * stays active (GRP0:0 the migrator of GRP1:0).
 */
static struct tmigr_snapshot *queued;

static void make_queued(void)
{
	th_env(4, 2, 4);
	th_arm(1, 0, 5);
	th_arm(3, 0, 7);
	th_idle(1);
	th_idle(3);
	th_idle(2);
	keep_state(&queued);
}

/* Drop entry @i of group @g's queue. */
static void drop_entry(struct tmigr_snapshot *s, int g, int i)
{
	struct tmigr_snap_group *sg = &s->groups[g];

	memmove(&sg->events[i], &sg->events[i + 1], sizeof(sg->events[0]) * (size_t)(sg->nr_events - i - 1));
	sg->nr_events--;
}

static void test_event_queue_silent(void)
{
	make_queued();
	/* The state is what the invariants describe. */
	CHECK_EQ(queued->groups[g01].nr_events, 1);
	CHECK_EQ(queued->groups[g10].nr_events, 1);
	CHECK(queued->groups[g10].events[0].is_group);
	CHECK_EQ(queued->groups[g10].events[0].evt.expires, 7 * TICK_NSEC);
	CHECK_EQ(oracle_event_queue(queued), 0);
	CHECK_EQ(check_hierarchy(queued), 0);
	/* And the hierarchy without any timer. */
	make_base();
	CHECK_EQ(oracle_event_queue(base), 0);
	/* Everybody idle, the last one owes the root's event. */
	th_env(4, 2, 4);
	th_arm(1, 0, 5);
	for (unsigned int c = 0; c < 4; c++)
		th_idle(c);
	CHECK_EQ(oracle_event_queue(th_snap()), 0);
	CHECK_EQ(report_total(), 0);
}

static void test_event_queue_fires(void)
{
	struct tmigr_snapshot *s;
	struct tmigr_snap_group *sg;
	int e;

	make_queued();

	s = copy(queued);					/* CPU3's event twice in GRP0:1 */
	sg = &s->groups[g01];
	sg->events[sg->nr_events] = sg->events[0];
	sg->nr_events++;
	expect_fires(oracle_event_queue, s, "event-queue:event-queued-twice:fixed");

	s = copy(queued);					/* CPU1's event moved to GRP0:1 */
	s->groups[g01].events[s->groups[g01].nr_events++] = s->groups[g00].events[0];
	drop_entry(s, g00, 0);
	expect_fires(oracle_event_queue, s, "event-queue:event-in-foreign-group:fixed");

	s = copy(queued);					/* an entry not marked queued */
	s->groups[g01].events[0].evt.queued = false;
	expect_fires(oracle_event_queue, s, "event-queue:queued-flag:fixed");

	s = copy(queued);					/* marked queued, in no queue */
	drop_entry(s, g01, 0);
	s->groups[g01].next_expiry = KTIME_MAX;
	expect_fires(oracle_event_queue, s, "event-queue:queued-flag:fixed");

	s = copy(queued);					/* idle CPU3's event missing */
	drop_entry(s, g01, 0);
	s->groups[g01].next_expiry = KTIME_MAX;
	s->cpus[3].cpuevt.queued = false;
	expect_fires(oracle_event_queue, s, "event-queue:idle-child-not-queued:fixed");

	s = copy(queued);					/* idle GRP0:1 missing in GRP1:0 */
	drop_entry(s, g10, 0);
	s->groups[g10].next_expiry = KTIME_MAX;
	s->groups[g01].groupevt.queued = false;
	expect_fires(oracle_event_queue, s, "event-queue:idle-child-not-queued:fixed");

	s = copy(queued);					/* ... or only marked ignore */
	s->groups[g10].events[0].evt.ignore = true;
	expect_fires(oracle_event_queue, s, "event-queue:idle-child-not-queued:fixed");

	s = copy(queued);					/* queued at a later expiry */
	s->groups[g10].events[0].evt.expires = 9 * TICK_NSEC;
	expect_fires(oracle_event_queue, s, "event-queue:idle-child-stale:fixed");

	s = copy(queued);					/* ... or for the wrong CPU */
	s->groups[g10].events[0].evt.cpu = 2;
	expect_fires(oracle_event_queue, s, "event-queue:idle-child-stale:fixed");

	/*
	 * An active CPU's event live in its group is a state the kernel
	 * accepts (tmigr_update_events() racing tmigr_active_up(): a useless
	 * remote expiry at worst), so the oracle stays silent on it.
	 */
	s = copy(queued);
	sg = &s->groups[g00];
	e = sg->nr_events++;
	sg->events[e] = sg->events[0];
	sg->events[e].owner = 0;
	s->cpus[0].cpuevt = sg->events[e].evt;
	report_reset();
	CHECK_EQ(oracle_event_queue(s), 0);
	tmigr_snapshot_free(s);

	s = copy(queued);					/* next_expiry after the first */
	s->groups[g01].next_expiry = 9 * TICK_NSEC;
	expect_fires(oracle_event_queue, s, "event-queue:next-expiry:fixed");

	s = copy(queued);					/* nothing queued, next_expiry set */
	drop_entry(s, g00, 0);
	s->cpus[1].cpuevt.queued = false;
	s->cpus[1].cpuevt.ignore = true;
	expect_fires(oracle_event_queue, s, "event-queue:empty-queue-next-expiry:fixed");

	/* All idle, and nobody has a wakeup for the root's event. */
	th_env(4, 2, 4);
	th_arm(1, 0, 5);
	for (unsigned int c = 0; c < 4; c++)
		th_idle(c);
	s = copy(th_snap());
	for (int c = 0; c < s->nr_cpus; c++)
		s->cpus[c].wakeup = KTIME_MAX;
	expect_fires(oracle_event_queue, s, "event-queue:root-wakeup:fixed");
}

/* ---- where a lost timer's chain broke ------------------------------------------------ */

/*
 * 4 CPUs on 2 nodes, CPU3's global timer 5 ticks out, everybody idle, and
 * the wakeup that would expire it lost: the drain reports it. @corrupt
 * edits the quiescent-point snapshot the drain analyses.
 */
static void lost_with(void (*corrupt)(struct tmigr_snapshot *s), const char *signature)
{
	struct drain_config dc = { .slack_ns = 2 * TICK_NSEC };
	struct tmigr_snapshot *before;
	const struct report *r;

	th_env(4, 2, 4);
	th_arm(3, 0, 5);
	for (unsigned int c = 0; c < 4; c++)
		th_idle(c);
	for (unsigned int c = 0; c < 4; c++)
		if (env_cpu_next_event(c) == 5 * TICK_NSEC)
			CHECK_EQ(env_debug_set_wakeup(c, KTIME_MAX), 0);
	before = copy(th_snap());
	g00 = th_group(before, 0, 0);
	g01 = th_group(before, 0, 1);
	g10 = th_group(before, 1, 0);
	if (corrupt)
		corrupt(before);
	report_reset();
	CHECK(oracle_ignored_timer(before, &dc) > 0);
	r = report_get(0);
	CHECK(r != NULL);
	if (r && strcmp(r->signature, signature))
		th_fail(__FILE__, __LINE__, signature, "got %s\n%s", r->signature, r->details);
	if (r)
		CHECK_HAS(r->details, strcmp(signature, "ignored-timer:global-timer-never-expired/chain-intact:fixed") ?
			  "Where the chain broke" : "Every link of the chain holds");
	tmigr_snapshot_free(before);
}

static void no_cpu_event(struct tmigr_snapshot *s)
{
	drop_entry(s, g01, 0);
}

/* Activation marked it ignore; the remote expiry's walk kept it so (findings.md). */
static void ignored_cpu_event(struct tmigr_snapshot *s)
{
	drop_entry(s, g01, 0);
	s->cpus[3].cpuevt.ignore = true;
}

static void no_group_event(struct tmigr_snapshot *s)
{
	drop_entry(s, g10, 0);
}

static void no_group_event_migrator(struct tmigr_snapshot *s)
{
	drop_entry(s, g10, 0);
	s->groups[g10].active = s->groups[g00].groupmask;	/* GRP0:0 active above */
}

static void stale_group_event(struct tmigr_snapshot *s)
{
	s->groups[g10].events[0].evt.expires = 9 * TICK_NSEC;
}

static void nobody_woken(struct tmigr_snapshot *s)
{
	for (int c = 0; c < s->nr_cpus; c++)
		s->cpus[c].wakeup = KTIME_MAX;
}

static void test_lost_timer_mechanism(void)
{
	/* The hierarchy was right; the interrupt was lost (an environment fault). */
	lost_with(NULL, "ignored-timer:global-timer-never-expired/chain-intact:fixed");
	lost_with(no_cpu_event,
		  "ignored-timer:global-timer-never-expired/cpu-event-not-queued/no-migrator-above:fixed");
	lost_with(ignored_cpu_event,
		  "ignored-timer:global-timer-never-expired/cpu-event-ignored/no-migrator-above:fixed");
	lost_with(no_group_event,
		  "ignored-timer:global-timer-never-expired/group-event-not-queued/no-migrator-above:fixed");
	lost_with(no_group_event_migrator,
		  "ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed");
	lost_with(stale_group_event,
		  "ignored-timer:global-timer-never-expired/group-event-stale/no-migrator-above:fixed");
	lost_with(nobody_woken,
		  "ignored-timer:global-timer-never-expired/root-nobody-woken/no-migrator-above:fixed");
}

/* ---- liveness ------------------------------------------------------------------------ */

static void test_wakeups_livelock(void)
{
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .drain_budget = 3 });
	/* Progress in between: never a livelock. */
	for (int i = 0; i < 20; i++) {
		CHECK(!liveness_wakeup(2, "wakeups-without-timer", "test"));
		CHECK(!liveness_wakeup(1, "wakeups-without-timer", "test"));
		liveness_progress();
	}
	CHECK_EQ(report_total(), 0);

	CHECK(!liveness_wakeup(2, "wakeups-without-timer", "test"));
	CHECK(!liveness_wakeup(2, "wakeups-without-timer", "test"));
	CHECK(!liveness_wakeup(1, "wakeups-without-timer", "test"));
	CHECK(liveness_wakeup(2, "wakeups-without-timer", "test"));
	CHECK(report_get(0) &&
	      !strcmp(report_get(0)->signature, "livelock:wakeups-without-timer:fixed"));
	if (report_get(0)) {
		/* The looping CPU is named, with where it is. */
		CHECK_HAS(report_get(0)->summary, "CPU2 woken 3 times");
		CHECK_HAS(report_get(0)->details, "CPU2 is running, tick running");
		CHECK_HAS(report_get(0)->details, "<-- keeps waking up");
	}
}

static jmp_buf stuck_jmp;
static char stuck_why[160];

static void test_stuck(const char *why, void *ctx)
{
	(void)ctx;
	snprintf(stuck_why, sizeof(stuck_why), "%s", why);
	longjmp(stuck_jmp, 1);
}

/* CPU @cpu takes a tick 1 ms on. */
static void tick_on(unsigned int cpu)
{
	rt_clock_advance(TICK_NSEC);
	th_as(cpu);
	env_service();
}

static void test_irq_bound_silent(void)
{
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_iterations = 4 });
	/* Three timers expire in CPU1's softirq, one remotely: within bounds. */
	th_arm(1, 0, 1);
	th_arm(1, 1, 1);
	th_arm(3, 0, 1);
	th_idle(3);
	for (unsigned int c = 0; c < 3; c++)
		tick_on(1);
	CHECK_EQ(report_total(), 0);
	th_env(4, 1, 4);
	check_init(NULL);
	for (int i = 0; i < 5; i++)
		tick_on(0);
	CHECK_EQ(report_total(), 0);
}

/*
 * A migrator's remote expiry of a base whose idle owner runs one of its
 * callbacks right now finds it busy and comes back: a wait, not work
 * (docs/findings.md, "Not a finding"). CPU 1 runs its own global timer in
 * its tick; inside the callback (the observer's timer_run) CPU 0 expires
 * CPU 1's base 20 times: no livelock at a bound of 4. The same 20 remote
 * expiries of a base that is not busy are work, and are cut at the bound.
 */
static unsigned int busy_expiries;

static void expire_busy_base(const struct env_timer_run *run, void *ctx)
{
	(void)ctx;
	if (busy_expiries || run->base_cpu != 1 || run->ran_on != 1)
		return;
	th_as(0);
	liveness_irq(0, ENV_IRQ_SOFTIRQ_ENTER);
	for (busy_expiries = 0; busy_expiries < 20; busy_expiries++)
		timer_expire_remote(1);
	liveness_irq(0, ENV_IRQ_SOFTIRQ_EXIT);
	th_as(1);
}

static void forward_irq(unsigned int cpu, enum env_irq_event ev, void *ctx)
{
	(void)ctx;
	liveness_irq(cpu, ev);
}

static void test_irq_bound_busy_base_waits(void)
{
	const struct report *r;

	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_iterations = 4, .free_mode = true });
	env_set_observer(&(struct env_observer){ .timer_run = expire_busy_base,
						 .irq = forward_irq });
	busy_expiries = 0;
	th_arm(1, 0, 1);
	th_arm(1, 3, 1);	/* due behind the one whose callback runs */
	th_idle(1);
	tick_on(1);
	CHECK_EQ(busy_expiries, 20);
	CHECK_EQ(report_total(), 0);

	/* Not busy: each remote expiry is a unit of work. */
	th_as(0);
	liveness_irq(0, ENV_IRQ_SOFTIRQ_ENTER);
	for (int i = 0; i < 20; i++)
		timer_expire_remote(1);
	liveness_irq(0, ENV_IRQ_SOFTIRQ_EXIT);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "livelock:softirq-iterations:fixed"));
	env_set_observer(NULL);
}

static void test_irq_bound_fires(void)
{
	const struct report *r;

	/* An endless softirq (planted) is cut at the bound, the CPU named. */
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_iterations = 50 });
	check_set_stuck_handler(test_stuck, NULL);
	CHECK_EQ(env_debug_plant(ENV_PLANT_ENDLESS_SOFTIRQ, 2), 0);
	th_arm(2, 0, 1);	/* a timer due raises the softirq */
	if (!setjmp(stuck_jmp)) {
		for (int i = 0; i < 3; i++)
			tick_on(2);
		th_fail(__FILE__, __LINE__, "stuck handler", "the endless softirq went on");
	}
	check_set_stuck_handler(NULL, NULL);
	CHECK_HAS(stuck_why, "CPU2 does not get out of one timer softirq");
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "livelock:softirq-iterations:fixed"));
	if (r)
		CHECK_HAS(r->details, "Where it loops: run_timer_softirq() on CPU2, still inside");

	/*
	 * Virtual time, controlled runs: the clock moved by other CPUs while
	 * this one was switched out inside its softirq is no livelock.
	 */
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_time_ns = 10 * TICK_NSEC });
	liveness_irq(1, ENV_IRQ_SOFTIRQ_ENTER);
	rt_clock_advance(11 * TICK_NSEC);
	liveness_irq(1, ENV_IRQ_SOFTIRQ_EXIT);
	CHECK_EQ(report_total(), 0);

	/* Virtual time, free mode: the softirq and the walk, each its own site. */
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_time_ns = 10 * TICK_NSEC, .free_mode = true });
	liveness_irq(1, ENV_IRQ_SOFTIRQ_ENTER);
	liveness_irq(1, ENV_IRQ_REMOTE_ENTER);
	rt_clock_advance(11 * TICK_NSEC);
	liveness_irq(1, ENV_IRQ_REMOTE_EXIT);
	liveness_irq(1, ENV_IRQ_SOFTIRQ_EXIT);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "livelock:remote-walk-virtual-time:fixed"));
	CHECK_EQ(report_total(), 1);	/* once per interrupt */
	liveness_irq(1, ENV_IRQ_SOFTIRQ_ENTER);
	rt_clock_advance(11 * TICK_NSEC);
	liveness_irq(1, ENV_IRQ_SOFTIRQ_EXIT);
	r = report_get(1);
	CHECK(r && !strcmp(r->signature, "livelock:softirq-virtual-time:fixed"));

	/* Free mode on fibers: switched out at will, as in controlled runs. */
	th_env(4, 1, 4);
	check_init(&(struct check_config){ .irq_time_ns = 10 * TICK_NSEC, .free_mode = true,
					   .preempted_cpus = true });
	liveness_irq(1, ENV_IRQ_SOFTIRQ_ENTER);
	liveness_irq(1, ENV_IRQ_REMOTE_ENTER);
	rt_clock_advance(11 * TICK_NSEC);
	liveness_irq(1, ENV_IRQ_REMOTE_EXIT);
	liveness_irq(1, ENV_IRQ_SOFTIRQ_EXIT);
	CHECK_EQ(report_total(), 0);

	/* Iterations of one walk. */
	check_init(&(struct check_config){ .irq_iterations = 3 });
	report_reset();
	liveness_irq(0, ENV_IRQ_SOFTIRQ_ENTER);
	liveness_irq(0, ENV_IRQ_REMOTE_ENTER);
	for (int i = 0; i < 4; i++)
		liveness_irq(0, ENV_IRQ_ITERATION);
	liveness_irq(0, ENV_IRQ_REMOTE_EXIT);
	liveness_irq(0, ENV_IRQ_SOFTIRQ_EXIT);
	CHECK(report_get(0) &&
	      !strcmp(report_get(0)->signature, "livelock:remote-walk-iterations:fixed"));
}

/* ---- signature patterns ---------------------------------------------------------------- */

static void test_signature_patterns(void)
{
	const char *sig = "ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed";
	char err[512];

	CHECK(signature_match("ignored-timer", sig));
	CHECK(signature_match("ignored-timer:", sig));
	CHECK(signature_match("ignored-timer:global-timer-never-expired", sig));
	CHECK(signature_match("ignored-timer:global-timer-never-expired/group-event-not-queued", sig));
	CHECK(signature_match(sig, sig));
	CHECK(!signature_match("ignored", sig));
	CHECK(!signature_match("ignored-timer:global-timer-never", sig));
	CHECK(!signature_match("late-timer", sig));
	CHECK(!signature_match("", sig));
	/* A WARN's function selects its WARNs, whatever the condition. */
	CHECK(signature_match("warn:tmigr_setup_groups",
			      "warn:tmigr_setup_groups(!err && !group->parent):fixed"));
	CHECK(!signature_match("warn:tmigr_setup", "warn:tmigr_setup_groups(!err):fixed"));
	CHECK(!signature_match("warn:tmigr_setup_groups", "warn:tmigr_setup_groups_x(1):fixed"));

	CHECK_EQ(signature_pattern_check("event-queue", err, sizeof(err)), 0);
	CHECK_EQ(signature_pattern_check("event-queue:idle-child-stale", err, sizeof(err)), 0);
	CHECK_EQ(signature_pattern_check(sig, err, sizeof(err)), 0);
	CHECK_EQ(signature_pattern_check("warn:tmigr_cpu_activate(!tmc->idle):fixed", err,
					 sizeof(err)), 0);
	CHECK_EQ(signature_pattern_check("nope", err, sizeof(err)), -EINVAL);
	CHECK_HAS(err, "the oracles are: warn, setup-failure");
	CHECK_EQ(signature_pattern_check("livelock:nope", err, sizeof(err)), -EINVAL);
	CHECK_HAS(err, "its sites are: drain-no-progress, wakeups-without-timer");

	/* Ignored reports are filed but do not count. */
	th_env(4, 1, 4);
	report_ignore_clear();
	CHECK_EQ(report_ignore("structure:root-count", err, sizeof(err)), 0);
	report_file(ORACLE_STRUCTURE, "root-count", -1, NULL, "x");
	report_file(ORACLE_STRUCTURE, "root-count", -1, NULL, "x");
	report_file(ORACLE_STRUCTURE, "groupmask", -1, NULL, "x");
	CHECK_EQ(report_total(), 3);
	CHECK_EQ(report_total_new(), 1);
	CHECK(report_get(0)->ignored && !strcmp(report_get(0)->ignored, "structure:root-count"));
	report_ignore_clear();
	report_reset();
	report_ignore_known();
	report_file(ORACLE_EVENT_QUEUE, "idle-child-stale", -1, NULL, "x");
	CHECK_EQ(report_total_new(), 0);
	report_ignore_clear();
	report_file(ORACLE_EVENT_QUEUE, "idle-child-stale", -1, NULL, "x");
	CHECK_EQ(report_total_new(), 1);
}

/* ---- WARN sites --------------------------------------------------------------------- */

static void test_warn_fires(void)
{
	const struct report *r;

	th_env(4, 1, 4);
	CHECK_EQ(report_count(ORACLE_WARN), 0);

	/* tmigr_cpu_activate() on a CPU that is already active. */
	th_as(1);
	tmigr_ops->cpu_activate();
	CHECK_EQ(report_count(ORACLE_WARN), 1);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "warn:tmigr_cpu_activate(!tmc->idle):fixed"));
	if (r)
		CHECK_HAS(r->details, "WARNING: CPU: 1 at ");

	/* lockdep_assert_held() is a WARN site too. */
	{
		struct timer_events tevt;

		fetch_next_timer_interrupt_remote(0, 0, &tevt, 2);
	}
	CHECK_EQ(report_count(ORACLE_WARN), 3);	/* both base locks */
	CHECK_EQ(report_nr_signatures(), 2);
}

static void test_warn_silent(void)
{
	th_env(16, 2, 16);
	for (unsigned int c = 0; c < 16; c++) {
		th_arm(c, 0, c + 1);
		th_arm(c, 1, c + 2);
		th_idle(c);
	}
	th_wake(5);
	th_as(5);
	CHECK_EQ(env_cpu_down(9, true), 0);
	CHECK_EQ(env_cpu_up(9, true), 0);
	CHECK_EQ(check_quiescent(true), 0);
	CHECK_EQ(report_count(ORACLE_WARN), 0);
	CHECK_EQ(report_total(), 0);
}

/* ---- setup failures ---------------------------------------------------------------------- */

static bool fail_every_alloc(size_t size)
{
	(void)size;
	return true;
}

static void fresh_env(unsigned int cpus, const struct tmigr_backend *backend)
{
	struct env_config cfg = {
		.nr_cpus = cpus, .nr_nodes = 1, .timers_per_cpu = 4, .backend = backend,
	};
	char err[128];

	rt_set_alloc_fail(NULL);
	CHECK_EQ(env_setup(&cfg, err, sizeof(err)), 0);
	env_set_wait_ops(&env_seq_wait_ops);
	report_reset();
	check_init(NULL);
	th_as(0);
}

static void test_setup_failure_silent(void)
{
	th_env(8, 1, 8);
	CHECK_EQ(report_count(ORACLE_SETUP_FAILURE), 0);
	CHECK(!strstr(th_log(), "Timer migration setup failed"));
}

/* The real tmigr_init() when memory runs out. */
static void test_setup_failure_enomem(void)
{
	const struct report *r;

	th_env(8, 1, 1);		/* capture kernel messages */
	fresh_env(8, NULL);
	rt_set_alloc_fail(fail_every_alloc);
	CHECK_EQ(env_boot(), -ENOMEM);
	rt_set_alloc_fail(NULL);
	CHECK_HAS(th_log(), "Timer migration setup failed");
	CHECK_EQ(report_count(ORACLE_SETUP_FAILURE), 1);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "setup-failure:tmigr_init/CPUHP_INVALID/ENOMEM:fixed"));
}

/*
 * The seed's v4 patch registers its prepare callback on the AP online state;
 * the online callback's registration then finds the state taken.
 */
static int dummy_cb(unsigned int cpu)
{
	(void)cpu;
	return 0;
}

static int v4_like_init(void)
{
	int ret = cpuhp_setup_state(CPUHP_AP_TMIGR_ONLINE, "tmigr:prepare", dummy_cb, NULL);

	if (!ret)
		ret = cpuhp_setup_state(CPUHP_AP_TMIGR_ONLINE, "tmigr:online", dummy_cb, dummy_cb);
	if (ret)
		pr_err("Timer migration setup failed\n");
	return ret;
}

static void test_setup_failure_ebusy(void)
{
	static struct tmigr_backend backend;
	const struct report *r;

	backend = tmigr_model_backend;
	backend.name = "test-v4-init";
	backend.init = v4_like_init;
	th_env(4, 1, 1);
	fresh_env(4, &backend);
	CHECK_EQ(env_boot(), -EBUSY);
	CHECK_HAS(th_log(), "Timer migration setup failed");
	r = report_get(0);
	CHECK(r && !strcmp(r->signature,
			   "setup-failure:tmigr_init/CPUHP_AP_TMIGR_ONLINE/EBUSY:fixed"));
	if (r)
		CHECK_HAS(r->details, "CPUHP_AP_TMIGR_ONLINE already holds \"tmigr:prepare\"");
	/* Back to the model for the cases that follow. */
	fresh_env(4, NULL);
}

/* A hotplug callback failing for one CPU: reported, CPU rolled back offline. */
static int fail_for_cpu2(unsigned int cpu)
{
	return cpu == 2 ? -ENOMEM : 0;
}

static int fail_for_cpu3(unsigned int cpu)
{
	return cpu == 3 ? -ENOSPC : 0;
}

static void test_setup_failure_hotplug(void)
{
	const struct tmigr_snapshot *snap;
	const struct report *r;

	th_env(4, 1, 2);
	CHECK(cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "test:fail-prepare", fail_for_cpu2,
				NULL) > 0);
	CHECK_EQ(env_cpu_up(2, false), -ENOMEM);
	CHECK(!cpu_online(2));
	CHECK_EQ(env_cpu_hotplug_state(2), CPUHP_OFFLINE);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "setup-failure:cpu_up/CPUHP_BP_PREPARE_DYN/ENOMEM:fixed"));

	/*
	 * Failing on the AP side, after tmigr_cpu_online() ran: the rollback
	 * runs tmigr_cpu_offline() and the CPU dies again.
	 */
	report_reset();
	CHECK(cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "test:fail-online", fail_for_cpu3,
				dummy_cb) > 0);
	CHECK_EQ(report_total(), 0);
	CHECK_EQ(env_cpu_up(3, false), -ENOSPC);
	CHECK(!cpu_online(3));
	CHECK_EQ(env_cpu_mode(3), ENV_CPU_OFFLINE);
	r = report_get(0);
	CHECK(r && !strcmp(r->signature, "setup-failure:cpu_up/CPUHP_AP_ONLINE_DYN/ENOSPC:fixed"));

	snap = th_snap();
	CHECK(snap->cpus[3].prepared);
	CHECK(!snap->cpus[3].online);
	CHECK_EQ(check_hierarchy(snap), 0);
	CHECK_EQ(report_count(ORACLE_SETUP_FAILURE), 1);
}

/*
 * An injected allocation failure ('hotplug N nomem K'): the bring-up fails
 * with -ENOMEM and rolls back, as the kernel copes with it; that is no
 * report, and the hierarchy it leaves is checked as any. Another error while
 * a failure was injected is still one.
 */
static void test_setup_failure_injected(void)
{
	struct env_setup_failure f = {
		.what = "cpu_up", .cpu = 8, .state = CPUHP_TMIGR_PREPARE,
		.state_name = "CPUHP_TMIGR_PREPARE", .step_name = "tmigr:prepare",
		.error = -EBUSY, .detail = "", .injected = true,
	};

	th_env(9, 1, 8);
	for (unsigned int nth = 1; nth <= 3; nth++) {
		rt_fail_nth(nth);	/* the stack, GRP0:1, the new top GRP1:0 */
		CHECK_EQ(env_cpu_up(8, false), -ENOMEM);
		rt_fail_nth(0);
		CHECK(!cpu_online(8));
		CHECK_EQ(check_hierarchy(th_snap()), 0);
	}
	CHECK_EQ(report_total(), 0);
	CHECK_EQ(env_cpu_up(8, false), 0);
	CHECK_EQ(check_hierarchy(th_snap()), 0);
	CHECK_EQ(report_total(), 0);

	oracle_setup_failure(&f);
	CHECK_EQ(report_count(ORACLE_SETUP_FAILURE), 1);
	CHECK(!strcmp(report_get(0)->signature, "setup-failure:cpu_up/CPUHP_TMIGR_PREPARE/EBUSY:fixed"));
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_hierarchy_oracles_silent),
		TH_CASE(test_structure_fires),
		TH_CASE(test_structure_fan_out),
		TH_CASE(test_phantom_fires),
		TH_CASE(test_hierarchies_silent),
		TH_CASE(test_hierarchies_fire),
		TH_CASE(test_hierarchies_root_wakeup),
		TH_CASE(test_lost_active_fires),
		TH_CASE(test_snapshot_scratch),
		TH_CASE(test_check_unchanged),
		TH_CASE(test_check_unwritten),
		TH_CASE(test_report_journal),
		TH_CASE(test_drain_silent),
		TH_CASE(test_ignored_timer_fires),
		TH_CASE(test_late_timer_fires),
		TH_CASE(test_livelock_fires),
		TH_CASE(test_event_queue_silent),
		TH_CASE(test_event_queue_fires),
		TH_CASE(test_lost_timer_mechanism),
		TH_CASE(test_wakeups_livelock),
		TH_CASE(test_irq_bound_silent),
		TH_CASE(test_irq_bound_busy_base_waits),
		TH_CASE(test_irq_bound_fires),
		TH_CASE(test_signature_patterns),
		TH_CASE(test_warn_fires),
		TH_CASE(test_warn_silent),
		TH_CASE(test_setup_failure_silent),
		TH_CASE(test_setup_failure_enomem),
		TH_CASE(test_setup_failure_ebusy),
		TH_CASE(test_setup_failure_hotplug),
		TH_CASE(test_setup_failure_injected),
	};
	int ret = th_main(argc, argv, tests, ARRAY_SIZE(tests));

	tmigr_snapshot_free(base);
	tmigr_snapshot_free(queued);
	return ret;
}
