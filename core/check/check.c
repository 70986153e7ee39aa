// SPDX-License-Identifier: GPL-2.0-only
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "liveness.h"
#include "oracles.h"

static struct check_config check_cfg;
static u64 nr_quiescent;
static void (*timer_listener)(const struct env_timer_run *run, void *ctx);
static void *timer_listener_ctx;

/*
 * The hierarchy oracles read nothing but the snapshot and the report table
 * (through oracle_file()), and quiescent points often see the hierarchy
 * the last one saw: an idle CPU's tick, a timer that changed nothing in
 * tmigr. Checking it again would file the same reports, as repeats; the
 * report journal files exactly those without deriving them again (in fuzz
 * builds the oracles were a quarter of an execution, docs/BENCHMARKS.md).
 * A caller that knows nothing was written since (the controlled
 * scheduler's write generation) skips the snapshot too.
 */
static struct {
	pthread_mutex_t		lock;
	struct tmigr_snapshot	*last;		/* a copy of the last snapshot checked */
	bool			valid;		/* last's journal can be replayed */
	unsigned int		filed;		/* what checking last returned */
	u64			gen;		/* last's write generation, 0: unknown */
	u64			hits;
	u64			unwritten;	/* hits without a snapshot */
	bool			off;		/* check_config.no_memo */
} memo = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void check_timer_run(const struct env_timer_run *run, void *ctx)
{
	(void)ctx;
	liveness_progress();
	oracle_ignored_timer_ran(run);
	if (timer_listener)
		timer_listener(run, timer_listener_ctx);
}

void check_set_timer_listener(void (*fn)(const struct env_timer_run *run, void *ctx), void *ctx)
{
	timer_listener = fn;
	timer_listener_ctx = ctx;
}

static void check_setup_failure(const struct env_setup_failure *f, void *ctx)
{
	(void)ctx;
	oracle_setup_failure(f);
}

static void check_irq(unsigned int cpu, enum env_irq_event ev, void *ctx)
{
	(void)ctx;
	liveness_irq(cpu, ev);
}

void check_init(const struct check_config *cfg)
{
	static const struct env_observer observer = {
		.timer_run	= check_timer_run,
		.setup_failure	= check_setup_failure,
		.irq		= check_irq,
	};
	struct liveness_config lc;

	check_cfg = cfg ? *cfg : (struct check_config){ 0 };
	if (!check_cfg.slack_ticks)
		check_cfg.slack_ticks = 2;
	nr_quiescent = 0;
	pthread_mutex_lock(&memo.lock);
	memo.valid = false;
	memo.gen = 0;
	memo.hits = 0;
	memo.unwritten = 0;
	memo.off = check_cfg.no_memo;
	pthread_mutex_unlock(&memo.lock);
	lc = (struct liveness_config){
		.wakeup_budget = check_cfg.drain_budget,
		.irq_iterations = check_cfg.irq_iterations,
		.irq_time_ns = check_cfg.irq_time_ns,
		.irq_virtual_time = check_cfg.free_mode && !check_cfg.preempted_cpus,
	};
	liveness_reset(&lc);
	oracle_ignored_timer_reset();
	oracle_warn_install();
	oracle_quick_check_install();
	env_set_observer(&observer);
}

void check_stats_read(struct check_stats *out)
{
	oracle_ignored_timer_stats(out);
	out->quiescent_checks = nr_quiescent;
	pthread_mutex_lock(&memo.lock);
	out->unchanged_checks = memo.hits;
	out->unwritten_checks = memo.unwritten;
	pthread_mutex_unlock(&memo.lock);
}

static unsigned int hierarchy_oracles(const struct tmigr_snapshot *snap)
{
	return oracle_structure(snap) + oracle_phantom_active(snap) + oracle_lost_active(snap) +
	       oracle_event_queue(snap);
}

unsigned int check_hierarchy_gen(const struct tmigr_snapshot *snap, u64 gen)
{
	unsigned int n;

	pthread_mutex_lock(&memo.lock);
	if (memo.off) {
		n = hierarchy_oracles(snap);
	} else if (memo.valid && tmigr_snapshot_same(snap, memo.last) && report_journal_replay()) {
		n = memo.filed;
		memo.hits++;
	} else {
		report_journal_start();
		n = hierarchy_oracles(snap);
		memo.valid = report_journal_stop() &&
			     (memo.last = tmigr_snapshot_keep(memo.last, snap)) != NULL;
		memo.filed = n;
	}
	memo.gen = memo.valid ? gen : 0;
	pthread_mutex_unlock(&memo.lock);
	return n;
}

unsigned int check_hierarchy(const struct tmigr_snapshot *snap)
{
	return check_hierarchy_gen(snap, 0);
}

bool check_hierarchy_same_as_last(const struct tmigr_snapshot *snap)
{
	bool same;

	pthread_mutex_lock(&memo.lock);
	same = memo.valid && tmigr_snapshot_same(snap, memo.last);
	pthread_mutex_unlock(&memo.lock);
	return same;
}

bool check_hierarchy_unchanged(u64 gen, unsigned int *n)
{
	bool ok;

	if (!gen)
		return false;
	pthread_mutex_lock(&memo.lock);
	ok = !memo.off && memo.valid && memo.gen == gen && report_journal_replay();
	if (ok) {
		*n = memo.filed;
		memo.hits++;
		memo.unwritten++;
	}
	pthread_mutex_unlock(&memo.lock);
	return ok;
}

unsigned int check_quiescent(bool drain)
{
	struct tmigr_snapshot *snap = tmigr_snapshot_take();
	unsigned int n;

	nr_quiescent++;
	if (!snap)
		return 0;
	n = check_hierarchy(snap);
	if (drain) {
		struct drain_config dc = {
			.slack_ns = (u64)check_cfg.slack_ticks * TICK_NSEC,
		};

		n += oracle_ignored_timer(snap, &dc);
	}
	tmigr_snapshot_free(snap);
	return n;
}
