// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>

#include "liveness.h"
#include "oracles.h"

static struct check_config check_cfg;
static u64 nr_quiescent;
static void (*timer_listener)(const struct env_timer_run *run, void *ctx);
static void *timer_listener_ctx;

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
	lc = (struct liveness_config){
		.wakeup_budget = check_cfg.drain_budget,
		.irq_iterations = check_cfg.irq_iterations,
		.irq_time_ns = check_cfg.irq_time_ns,
		.irq_virtual_time = check_cfg.free_mode,
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
}

unsigned int check_hierarchy(const struct tmigr_snapshot *snap)
{
	return oracle_structure(snap) + oracle_phantom_active(snap) + oracle_lost_active(snap) +
	       oracle_event_queue(snap);
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
