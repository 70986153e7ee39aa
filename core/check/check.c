// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>

#include "oracles.h"
#include "../trace/render.h"

static struct check_config check_cfg;
static u64 nr_quiescent;
static void (*timer_listener)(const struct env_timer_run *run, void *ctx);
static void *timer_listener_ctx;

static void check_timer_run(const struct env_timer_run *run, void *ctx)
{
	(void)ctx;
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

void check_init(const struct check_config *cfg)
{
	static const struct env_observer observer = {
		.timer_run	= check_timer_run,
		.setup_failure	= check_setup_failure,
	};

	check_cfg = cfg ? *cfg : (struct check_config){ 0 };
	if (!check_cfg.slack_ticks)
		check_cfg.slack_ticks = 2;
	nr_quiescent = 0;
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

char *oracle_describe(const struct tmigr_snapshot *snap, int mark_group, int mark_cpu,
		      const char *note, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addf(&sb, "\n\n");

	if (snap) {
		render_opts_init(&o);
		o.mark_group = mark_group;
		o.mark_cpu = mark_cpu;
		o.mark_note = note;
		o.events = true;
		render_hierarchy(&sb, snap, &o);
	}
	return strbuf_detach(&sb);
}

unsigned int check_hierarchy(const struct tmigr_snapshot *snap)
{
	return oracle_structure(snap) + oracle_phantom_active(snap) + oracle_lost_active(snap);
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
			.budget = check_cfg.drain_budget,
		};

		n += oracle_ignored_timer(snap, &dc);
	}
	tmigr_snapshot_free(snap);
	return n;
}
