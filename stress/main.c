// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-stress: the free-running stress driver.
 *
 * Exit status: 0 no report, 1 at least one report, 2 bad usage or setup.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"
#include "check/check.h"
#include "exec/input.h"
#include "rt/rt.h"
#include "trace/render.h"

#define EXIT_CLEAN	0
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2

static volatile sig_atomic_t interrupted;

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-stress [options]\n"
"\n"
"Run N pthreads as CPUs against one tmigr hierarchy: idle entry and exit,\n"
"timers armed and cancelled on themselves and on others, ticks, remote\n"
"expiry, CPU hotplug, with virtual time moving. Every epoch all CPUs stop\n"
"between operations and every oracle runs, including a drain that finds\n"
"ignored timers.\n"
"\n"
"  -n, --cpus N            possible CPUs, 1..%u (default 8)\n"
"  -t, --seconds S         run time in seconds, 0..86400 (default 60)\n"
"  -s, --seed SEED         random seed, decimal or 0x-hex (default: from the clock)\n"
"      --backend NAME      model (default) or kernel: the real timer_migration.c\n"
"                          of the tree this build was configured with\n"
"      --variant NAME      model variant (default fixed; --list-variants)\n"
"      --list-variants     print the variants and exit\n"
"      --nodes K           NUMA nodes, 1..N (default 1)\n"
"      --node-layout L     blocks or interleaved (default blocks)\n"
"      --boot-online M     CPUs online after boot, 1..N (default N)\n"
"      --epoch-ms MS       wall time between quiescent checks (default 250)\n"
"      --timers-per-cpu K  timers each CPU owns, 1..16 (default 4)\n"
"      --tick-us US        tick length in microseconds (default 1000)\n"
"      --slack-ticks K     lateness allowed while draining (default 2)\n"
"      --hotplug P         hotplug operations per 1000 ops (default 2; 0 = none)\n"
"      --stop-on-report    stop at the first report\n"
"      --record DIR        write each window of operations that brought a new\n"
"                          report to DIR as a program for tmigr-search (needs\n"
"                          --timers-per-cpu 4; implies --epoch-ms 1 unless given)\n"
"      --stall-timeout S   report a deadlock when CPUs make no progress towards\n"
"                          an epoch for S seconds (default 30)\n"
"      --inject-stall CPU  self-test: CPU hangs inside an operation, so the\n"
"                          watchdog must report it\n"
"  -q, --quiet             no progress line\n"
"  -v, --verbose           print kernel messages (pr_info) too\n"
"  -h, --help              this text\n"
"\n"
"Exit status: 0 clean (known issues of the modelled kernel do not count),\n"
"1 a report was filed, 2 bad usage.\n", NR_CPUS);
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tmigr-stress: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tmigr-stress --help'.\n");
	exit(EXIT_USAGE);
}

static unsigned long parse_ulong(const char *s, const char *what, unsigned long min,
				 unsigned long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-')
		die_usage("%s needs a non-negative integer", what);
	v = strtoull(s, &end, 0);
	if (errno || *end || v < min || v > max) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%s must be an integer between %lu and %lu (got '%%s')",
			 what, min, max);
		die_usage(msg, s);
	}
	return (unsigned long)v;
}

static struct stress_opts default_opts(void)
{
	return (struct stress_opts){
		.cpus = 8, .nodes = 1, .layout = ENV_NODES_BLOCKS, .seconds = 60,
		.variant = TMIGR_FIXED, .epoch_ms = 250, .timers_per_cpu = 4, .tick_us = 1000,
		.slack_ticks = 2, .hotplug_permille = 2, .stall_timeout = 30, .inject_stall = -1,
	};
}

enum { OPT_VARIANT = 256, OPT_BACKEND, OPT_LIST, OPT_NODES, OPT_LAYOUT, OPT_BOOT, OPT_EPOCH, OPT_TIMERS,
       OPT_TICK, OPT_SLACK, OPT_HOTPLUG, OPT_STOP, OPT_STALL_TIMEOUT, OPT_INJECT_STALL,
       OPT_RECORD };

static void parse_args(int argc, char **argv, struct stress_opts *o)
{
	static const struct option longopts[] = {
		{ "cpus",		required_argument,	NULL, 'n' },
		{ "seconds",		required_argument,	NULL, 't' },
		{ "seed",		required_argument,	NULL, 's' },
		{ "variant",		required_argument,	NULL, OPT_VARIANT },
		{ "backend",		required_argument,	NULL, OPT_BACKEND },
		{ "list-variants",	no_argument,		NULL, OPT_LIST },
		{ "nodes",		required_argument,	NULL, OPT_NODES },
		{ "node-layout",	required_argument,	NULL, OPT_LAYOUT },
		{ "boot-online",	required_argument,	NULL, OPT_BOOT },
		{ "epoch-ms",		required_argument,	NULL, OPT_EPOCH },
		{ "timers-per-cpu",	required_argument,	NULL, OPT_TIMERS },
		{ "tick-us",		required_argument,	NULL, OPT_TICK },
		{ "slack-ticks",	required_argument,	NULL, OPT_SLACK },
		{ "hotplug",		required_argument,	NULL, OPT_HOTPLUG },
		{ "stop-on-report",	no_argument,		NULL, OPT_STOP },
		{ "stall-timeout",	required_argument,	NULL, OPT_STALL_TIMEOUT },
		{ "inject-stall",	required_argument,	NULL, OPT_INJECT_STALL },
		{ "record",		required_argument,	NULL, OPT_RECORD },
		{ "quiet",		no_argument,		NULL, 'q' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool have_seed = false, have_boot = false, have_epoch = false;
	int c;

	*o = default_opts();

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:t:s:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->cpus = (unsigned int)parse_ulong(optarg, "-n (CPUs)", 1, NR_CPUS);
			break;
		case 't': {
			char *end;
			double v;

			errno = 0;
			v = strtod(optarg, &end);
			if (errno || *end || !*optarg || !(v >= 0 && v <= 86400))
				die_usage("-t (seconds) must be a number between 0 and 86400 (got '%s')",
					  optarg);
			o->seconds = v;
			break;
		}
		case 's':
			o->seed = (u64)parse_ulong(optarg, "-s (seed)", 0, ULONG_MAX);
			have_seed = true;
			break;
		case OPT_VARIANT:
			if (!tmigr_variant_parse(optarg, &o->variant)) {
				fprintf(stderr, "tmigr-stress: unknown variant '%s'; known variants:\n",
					optarg);
				for (unsigned int v = 0; v < TMIGR_NR_VARIANTS; v++)
					fprintf(stderr, "  %s\n", tmigr_variant_name((enum tmigr_variant)v));
				exit(EXIT_USAGE);
			}
			break;
		case OPT_BACKEND: {
			char err[256];

			if (!tmigr_backend_select(optarg, err, sizeof(err)))
				die_usage("%s", err);
			break;
		}
		case OPT_LIST:
			tmigr_variant_list(stdout);
			exit(EXIT_CLEAN);
		case OPT_NODES:
			o->nodes = (unsigned int)parse_ulong(optarg, "--nodes", 1, NR_CPUS);
			break;
		case OPT_LAYOUT:
			if (!strcmp(optarg, "blocks"))
				o->layout = ENV_NODES_BLOCKS;
			else if (!strcmp(optarg, "interleaved"))
				o->layout = ENV_NODES_INTERLEAVED;
			else
				die_usage("--node-layout must be 'blocks' or 'interleaved' (got '%s')",
					  optarg);
			break;
		case OPT_BOOT:
			o->boot_online = (unsigned int)parse_ulong(optarg, "--boot-online", 1, NR_CPUS);
			have_boot = true;
			break;
		case OPT_EPOCH:
			o->epoch_ms = (unsigned int)parse_ulong(optarg, "--epoch-ms", 1, 3600000);
			have_epoch = true;
			break;
		case OPT_TIMERS:
			o->timers_per_cpu = (unsigned int)parse_ulong(optarg, "--timers-per-cpu", 1,
								      ENV_MAX_TIMERS_PER_CPU);
			break;
		case OPT_TICK:
			o->tick_us = (unsigned int)parse_ulong(optarg, "--tick-us", 1, 1000000);
			break;
		case OPT_SLACK:
			o->slack_ticks = (unsigned int)parse_ulong(optarg, "--slack-ticks", 1, 1000000);
			break;
		case OPT_HOTPLUG:
			o->hotplug_permille = (unsigned int)parse_ulong(optarg, "--hotplug", 0, 1000);
			break;
		case OPT_STOP:
			o->stop_on_report = true;
			break;
		case OPT_STALL_TIMEOUT:
			o->stall_timeout = (double)parse_ulong(optarg, "--stall-timeout", 1, 86400);
			break;
		case OPT_RECORD:
			o->record_dir = optarg;
			break;
		case OPT_INJECT_STALL:
			o->inject_stall = (int)parse_ulong(optarg, "--inject-stall", 0, NR_CPUS - 1);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_CLEAN);
		case ':':
			die_usage("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			die_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);

	if (o->nodes > o->cpus) {
		char msg[96];

		snprintf(msg, sizeof(msg), "--nodes must not exceed the number of CPUs (%u)", o->cpus);
		die_usage("%s", msg);
	}
	if (!have_boot)
		o->boot_online = o->cpus;
	if (o->inject_stall >= (int)o->cpus)
		die_usage("%s", "--inject-stall names a CPU that does not exist");
	if (o->record_dir) {
		if (o->timers_per_cpu != EXEC_TIMERS_PER_CPU)
			die_usage("%s", "--record needs --timers-per-cpu 4 (the program format's)");
		if (o->cpus > EXEC_MAX_CPUS)
			die_usage("%s", "--record works up to 265 CPUs (the program format's)");
		if (!have_epoch)
			o->epoch_ms = 1;
	}
	if (o->boot_online > o->cpus)
		die_usage("%s", "--boot-online must not exceed the number of CPUs");
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		o->seed = ((u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec) ^ ((u64)getpid() << 32);
	}
}

/* ---- output --------------------------------------------------------------------- */

static const struct stress_opts *g_opts;
static bool draw_next_epoch;
static bool stop_now;

static void print_report(const struct report *r, bool first, void *ctx)
{
	(void)ctx;
	if (!first)
		return;
	fprintf(stderr, "\n==== REPORT %s\n%s (CPU %d, t=%" PRIu64 " ns)\n", r->signature,
		r->summary, r->cpu, r->now);
	if (r->known)
		fprintf(stderr, "KNOWN ISSUE: %s\n", r->known);
	if (r->details && r->details[0])
		fprintf(stderr, "%s", r->details);
	if (r->oracle == ORACLE_WARN || r->oracle == ORACLE_SETUP_FAILURE)
		draw_next_epoch = true;
	fprintf(stderr, "==== END REPORT\n");
	if (g_opts->stop_on_report && !r->known)
		stop_now = true;
}

static void print_log(int level, int cpu, const char *msg)
{
	if (level <= RT_LOG_ERR || g_opts->verbose)
		fprintf(stderr, "[cpu%d] %s%s", cpu, msg, msg[strlen(msg) - 1] == '\n' ? "" : "\n");
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void epoch_check(void *arg)
{
	(void)arg;
	if (draw_next_epoch) {
		struct tmigr_snapshot *snap = tmigr_snapshot_take();
		struct strbuf sb = STRBUF_INIT;

		if (snap) {
			render_hierarchy(&sb, snap, NULL);
			fprintf(stderr, "\nHierarchy at the quiescent point after the report:\n%s",
				strbuf_str(&sb));
		}
		strbuf_release(&sb);
		tmigr_snapshot_free(snap);
		draw_next_epoch = false;
	}
	check_quiescent(true);
	record_epoch();
}

static void progress(const struct stress_opts *o, double elapsed, u64 epochs, bool final)
{
	struct check_stats cs;
	struct env_stats es;
	u64 ops = stress_total_ops();
	bool tty = isatty(STDERR_FILENO);

	if (o->quiet)
		return;
	env_stats_read(&es);
	check_stats_read(&cs);
	fprintf(stderr, "%stmigr-stress: %5.1fs/%.0fs ops %" PRIu64 " (%.0f/s) epochs %" PRIu64
		" online %u/%u timers %" PRIu64 " late %" PRIu64 " lost %" PRIu64 " reports %lu%s",
		tty ? "\r" : "", elapsed, o->seconds, ops, elapsed > 0 ? (double)ops / elapsed : 0.0,
		epochs, env_nr_online(), o->cpus, es.timers_run, cs.late, cs.lost, report_total(),
		tty && !final ? "   " : "\n");
	fflush(stderr);
}

/* The command line that repeats this run's configuration and seed. */
static const char *rerun_command(const struct stress_opts *o, char *buf, size_t len)
{
	const struct stress_opts def = default_opts();
	int n;

	n = snprintf(buf, len, "tmigr-stress -n %u -t %g -s 0x%" PRIx64 " --variant %s", o->cpus,
		     o->seconds, o->seed, tmigr_variant_name(o->variant));
#define ADD(cond, ...) do {							\
		if ((cond) && n >= 0 && (size_t)n < len)			\
			n += snprintf(buf + n, len - (size_t)n, __VA_ARGS__);	\
	} while (0)
	ADD(tmigr_backend_selected() != &tmigr_model_backend, " --backend %s",
	    tmigr_backend_selected()->name);
	ADD(o->nodes != def.nodes, " --nodes %u", o->nodes);
	ADD(o->layout != def.layout, " --node-layout interleaved");
	ADD(o->boot_online != o->cpus, " --boot-online %u", o->boot_online);
	ADD(o->epoch_ms != def.epoch_ms, " --epoch-ms %u", o->epoch_ms);
	ADD(o->timers_per_cpu != def.timers_per_cpu, " --timers-per-cpu %u", o->timers_per_cpu);
	ADD(o->tick_us != def.tick_us, " --tick-us %u", o->tick_us);
	ADD(o->slack_ticks != def.slack_ticks, " --slack-ticks %u", o->slack_ticks);
	ADD(o->hotplug_permille != def.hotplug_permille, " --hotplug %u", o->hotplug_permille);
#undef ADD
	return buf;
}

static void summary(const struct stress_opts *o, double elapsed, u64 epochs)
{
	struct check_stats cs;
	struct env_stats es;
	u64 ops = stress_total_ops();
	unsigned int nsig = report_nr_signatures();
	char rerun[512], label[96];

	env_stats_read(&es);
	check_stats_read(&cs);
	printf("tmigr-stress summary\n");
	printf("  seed        0x%016" PRIx64 "\n", o->seed);
	printf("  rerun       %s\n", rerun_command(o, rerun, sizeof(rerun)));
	printf("  backend     %s\n", tmigr_backend_label(tmigr_ops, label, sizeof(label)));
	printf("  variant     %s\n", tmigr_variant_label());
	printf("  cpus        %u possible, %u nodes, %u online at boot, %u online at end\n", o->cpus,
	       o->nodes, o->boot_online, env_nr_online());
	printf("  time        %.1f s wall, %.3f s virtual\n", elapsed,
	       (double)ktime_get() / (double)NSEC_PER_SEC);
	printf("  ops         %" PRIu64 " (%.0f ops/s)\n", ops, elapsed > 0 ? (double)ops / elapsed : 0.0);
	printf("  epochs      %" PRIu64 " quiescent checks, %" PRIu64 " drains\n", epochs, cs.drains);
	printf("  timers      armed %" PRIu64 ", cancelled %" PRIu64 ", run %" PRIu64
	       " (%" PRIu64 " remotely), in drains %" PRIu64 "\n",
	       es.timers_armed, es.timers_cancelled, es.timers_run, es.timers_run_remote,
	       cs.drain_timers_run);
	printf("  lateness    late %" PRIu64 " (beyond %u ticks), lost %" PRIu64
	       ", max %" PRIu64 " ns in drains\n", cs.late, o->slack_ticks, cs.lost, cs.max_lateness_ns);
	printf("  idle        entries %" PRIu64 ", wakeup irqs %" PRIu64 ", ticks %" PRIu64
	       ", IPIs %" PRIu64 "\n", es.idle_entries, es.idle_irqs, es.ticks, es.ipis);
	printf("  hotplug     up %" PRIu64 ", down %" PRIu64 ", work_on_cpu %" PRIu64 "\n",
	       es.hotplug_up, es.hotplug_down, es.work_items);
	printf("  reports     %lu", report_total());
	if (nsig)
		printf(" (%u signature%s, %lu of known issues)", nsig, nsig == 1 ? "" : "s",
		       report_total() - report_total_new());
	printf("\n");
	for (unsigned int i = 0; i < nsig; i++) {
		const struct report *r = report_get(i);

		printf("    %6lu  %s%s\n", r->count, r->signature, r->known ? "  (known issue)" : "");
	}
	printf("verdict: %s\n", report_total_new() ? "VIOLATION" :
	       report_total() ? "clean (known issues only)" : "clean");
}

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *mode_name(enum env_cpu_mode m)
{
	switch (m) {
	case ENV_CPU_OFFLINE:	return "offline";
	case ENV_CPU_RUNNING:	return "running";
	case ENV_CPU_IDLE:	return "idle";
	}
	return "?";
}

/* Anything a CPU completes: operations, and CPUs brought up or down. */
static u64 progress_count(void)
{
	struct env_stats es;

	env_stats_read(&es);
	return stress_total_ops() + es.hotplug_up + es.hotplug_down;
}

static void diagnose_stuck(const struct stress_opts *o)
{
	fprintf(stderr, "\ntmigr-stress: CPUs made no progress towards a quiescent point for %g s:\n",
		o->stall_timeout);
	for (unsigned int c = 0; c < o->cpus; c++) {
		bool in_op;
		const char *op = stress_cpu_last_op(c, &in_op);

		if (!epoch_cpu_parked(c))
			fprintf(stderr, "  CPU%u: %s%s, %s, hotplug state %s\n", c,
				in_op ? "inside " : "after ", op, mode_name(env_cpu_mode(c)),
				cpuhp_state_name(env_cpu_hotplug_state(c)));
	}
	report_file(ORACLE_DEADLOCK, "no-quiescent-point", -1, NULL,
		    "CPU threads stopped making progress (deadlock or livelock)");
}

int main(int argc, char **argv)
{
	struct stress_opts o;
	struct env_config cfg;
	double start, next_epoch, last_epoch, next_progress, now;
	u64 epochs = 0;
	char err[160];
	int status;

	parse_args(argc, argv, &o);
	g_opts = &o;

	cfg = (struct env_config){
		.nr_cpus = o.cpus, .nr_nodes = o.nodes, .node_layout = o.layout,
		.tick_nsec = (u64)o.tick_us * NSEC_PER_USEC, .timers_per_cpu = o.timers_per_cpu,
		.variant = o.variant,
	};
	if (env_setup(&cfg, err, sizeof(err))) {
		fprintf(stderr, "tmigr-stress: %s\n", err);
		return EXIT_USAGE;
	}
	rt_set_log_sink(print_log);
	report_set_printer(print_report, NULL);
	check_init(&(struct check_config){ .slack_ticks = o.slack_ticks, .free_mode = true });

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	if (!o.quiet)
		fprintf(stderr, "tmigr-stress: %u CPUs, %u node%s, backend %s, variant %s, seed 0x%"
			PRIx64 ", %g s\n", o.cpus, o.nodes, o.nodes == 1 ? "" : "s",
			tmigr_backend_label(tmigr_ops, err, sizeof(err)), tmigr_variant_label(),
			o.seed, o.seconds);

	if (o.record_dir && record_init(&o, o.record_dir))
		return EXIT_USAGE;
	epoch_init(o.cpus);
	stress_threads_start(&o);

	start = wall_now();
	last_epoch = start;
	next_epoch = start + o.epoch_ms / 1000.0;
	next_progress = start + 1.0;
	for (;;) {
		now = wall_now();
		if (now - start >= o.seconds || interrupted || stop_now)
			break;
		/* Early epochs after a bring-up, at most one per 20 ms. */
		if (now >= next_epoch ||
		    (now >= last_epoch + 0.02 && epoch_take_hint())) {
			if (!epoch_run(epoch_check, NULL, false, o.stall_timeout, progress_count)) {
				diagnose_stuck(&o);
				summary(&o, wall_now() - start, epochs);
				fflush(stdout);
				_exit(EXIT_VIOLATION);
			}
			epochs++;
			last_epoch = wall_now();
			next_epoch = last_epoch + o.epoch_ms / 1000.0;
		}
		if (now >= next_progress) {
			progress(&o, now - start, epochs, false);
			next_progress += 1.0;
		}
		usleep(1000);
	}

	/* The last epoch checks once more and lets the threads exit. */
	if (!epoch_run(epoch_check, NULL, true, o.stall_timeout, progress_count)) {
		diagnose_stuck(&o);
		summary(&o, wall_now() - start, epochs);
		fflush(stdout);
		_exit(EXIT_VIOLATION);
	}
	epochs++;
	stress_threads_join();

	now = wall_now();
	progress(&o, now - start, epochs, true);
	summary(&o, now - start, epochs);
	if (interrupted)
		fprintf(stderr, "tmigr-stress: interrupted\n");
	status = report_total_new() ? EXIT_VIOLATION : EXIT_CLEAN;
	return status;
}
