// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-stress: the free-running stress driver.
 *
 * Exit status: 0 no report, 1 at least one report, 2 bad usage or setup or
 * a summary that could not be written, 128 + N after signal N (SIGINT 130,
 * SIGTERM 143), with the partial summary printed first.
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
#include "exec/crash.h"
#include "exec/input.h"
#include "lib/cpulist.h"
#include "rt/rt.h"
#include "trace/render.h"
#include "input_file.h"
#include "interrupt.h"

#define EXIT_CLEAN	0
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2

/* The signal (SIGINT, SIGTERM) that asks us to stop, 0 if none. */

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-stress [options]\n"
"\n"
"Run N CPUs (fibers on a thread per host CPU, or a pthread each) against\n"
"one tmigr hierarchy: idle entry and exit,\n"
"timers armed and cancelled on themselves and on others, ticks, remote\n"
"expiry, CPU hotplug, with virtual time moving. Every epoch all CPUs stop\n"
"between operations and every oracle runs, including a drain that finds\n"
"ignored timers.\n"
"\n"
"  -n, --cpus N            possible CPUs, 1..%u (default 8)\n"
"  -t, --seconds S         seconds of load, 0..86400 (default 60; set-up and\n"
"                          tear-down come on top, more at large -n)\n"
"  -s, --seed SEED         random seed, decimal or 0x-hex (default: from the clock)\n"
"      --engine E          fibers (default): the CPUs are fibers on --workers\n"
"                          threads, switched in user space; threads: a\n"
"                          pthread per CPU, switched by the host\n"
"      --workers W         fibers: the threads carrying them, 1..N (default:\n"
"                          one per host CPU this process may use)\n"
"      --preempt K         fibers: a CPU that holds no spinlock is preempted every\n"
"                          K scheduling points on average, 1..1000000, or 0\n"
"                          for never (default 16)\n"
"      --backend NAME      model (default) or kernel: the real timer_migration.c\n"
"                          of the tree this build was configured with\n"
"      --variant NAME      model variant (default fixed; --list-variants)\n"
"      --list-variants     print the variants and exit\n"
"      --nodes K           NUMA nodes, 1..N (default 1)\n"
"      --node-layout L     blocks or interleaved (default blocks)\n"
"      --boot-online M     CPUs online after boot, 1..N (default N)\n"
"      --nohz-full         nohz_full=1-N: every CPU but CPU 0 is nohz_full (their\n"
"                          own global timers need the kick)\n"
"      --isolcpus [domain,]LIST\n"
"                          isolcpus=domain,LIST: these CPUs (e.g. 2-3,6) leave the\n"
"                          scheduler domains; newer trees keep them out of the\n"
"                          hierarchy, 6.12 (the model) ignores it. One CPU must\n"
"                          stay a housekeeping CPU\n"
"      --little LIST       big.LITTLE: these CPUs (e.g. 4-7) have half the capacity\n"
"                          of the others; trees with per-capacity hierarchies\n"
"                          build one hierarchy each, 6.12 (the model) ignores it\n"
"      --epoch-ms MS       wall time between quiescent checks (default 250)\n"
"      --timers-per-cpu K  timers each CPU owns, 1..16 (default 4)\n"
"      --tick-us US        tick length in microseconds (default 1000)\n"
"      --slack-ticks K     lateness allowed while draining (default 2)\n"
"      --hotplug P         hotplug operations per 1000 ops (default 2; 0 = none)\n"
"      --nomem P           per 1000 hotplug operations, one of the first four\n"
"                          allocations they make fails (as 'hotplug N nomem K' in\n"
"                          programs; default 0)\n"
"      --idle-wait-us US   an idle CPU sleeps until an interrupt or for at most US\n"
"                          microseconds between two idle steps; 0: it yields\n"
"                          instead (to its worker's other CPUs, or sched_yield()).\n"
"                          Default 0 with fibers, 50 with threads\n"
"      --stop-on-report    stop at the first report\n"
"      --ignore-signature SIG  reports SIG selects (an oracle, oracle:site or\n"
"                          the full signature) do not count: no stop, no exit 1,\n"
"                          no --record window (repeatable; still printed)\n"
"      --ignore-known      the same for the known issues and the findings\n"
"                          documented in docs/findings.md (tmigr-search\n"
"                          --list-known lists them)\n"
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
"-t 0 boots, runs one quiescent check and tears down: no load.\n"
"\n"
"Exit status: 0 clean (known issues of the modelled kernel do not count),\n"
"1 a report was filed, 2 bad usage or the summary could not be written,\n"
"130 on SIGINT and 143 on SIGTERM (after the partial summary). A crash of\n"
"the code under test prints 'verdict: CRASH' and ends by its signal (or\n"
"with the sanitizer's status).\n", NR_CPUS);
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tmigr-stress: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tmigr-stress --help'.\n");
	exit(EXIT_USAGE);
}

/* A CPU-list option (@end: 1 + its highest CPU) names only CPUs of -n. */
static void check_list_end(const char *option, unsigned int end, unsigned int cpus)
{
	char msg[160];

	if (end <= cpus)
		return;
	snprintf(msg, sizeof(msg), "%s names CPU%u but only %u CPUs exist (-n %u)", option,
		 end - 1, cpus, cpus);
	die_usage("%s", msg);
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


/*
 * --idle-wait-us by engine. Threads: idle CPUs wake up on their own (a
 * task, a device interrupt) at most 50 us apart, the host's default timer
 * slack, so as often as a sleep can end; longer waits, and spinning on
 * sched_yield(), found the races of docs/findings.md less often at 64 CPUs
 * and bought nothing at 4096. Fibers: an idle CPU yields to the other CPUs
 * of its worker and comes back after one round of them; sleeping found the
 * same races 5-10 times later (docs/BENCHMARKS.md).
 */
static unsigned int default_idle_wait(enum stress_engine engine)
{
	return engine == STRESS_ENGINE_FIBERS ? 0 : 50;
}

static struct stress_opts default_opts(void)
{
	return (struct stress_opts){
		.cpus = 8, .nodes = 1, .layout = ENV_NODES_BLOCKS, .seconds = 60,
		.variant = TMIGR_FIXED, .epoch_ms = 250, .timers_per_cpu = 4, .tick_us = 1000,
		.slack_ticks = 2, .hotplug_permille = 2, .stall_timeout = 30, .inject_stall = -1,
		.engine = STRESS_ENGINE_FIBERS, .preempt = 16,
		.idle_wait_us = default_idle_wait(STRESS_ENGINE_FIBERS),
	};
}

enum { OPT_VARIANT = 256, OPT_BACKEND, OPT_LIST, OPT_NODES, OPT_LAYOUT, OPT_BOOT, OPT_EPOCH, OPT_TIMERS,
       OPT_TICK, OPT_SLACK, OPT_HOTPLUG, OPT_NOMEM, OPT_STOP, OPT_STALL_TIMEOUT, OPT_INJECT_STALL,
       OPT_RECORD, OPT_NOHZ_FULL, OPT_ISOLCPUS, OPT_LITTLE, OPT_IDLE_WAIT, OPT_ENGINE, OPT_WORKERS,
       OPT_PREEMPT, OPT_IGNORE_SIG, OPT_IGNORE_KNOWN };

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
		{ "nomem",		required_argument,	NULL, OPT_NOMEM },
		{ "stop-on-report",	no_argument,		NULL, OPT_STOP },
		{ "stall-timeout",	required_argument,	NULL, OPT_STALL_TIMEOUT },
		{ "inject-stall",	required_argument,	NULL, OPT_INJECT_STALL },
		{ "record",		required_argument,	NULL, OPT_RECORD },
		{ "nohz-full",		no_argument,		NULL, OPT_NOHZ_FULL },
		{ "isolcpus",		required_argument,	NULL, OPT_ISOLCPUS },
		{ "little",		required_argument,	NULL, OPT_LITTLE },
		{ "idle-wait-us",	required_argument,	NULL, OPT_IDLE_WAIT },
		{ "engine",		required_argument,	NULL, OPT_ENGINE },
		{ "workers",		required_argument,	NULL, OPT_WORKERS },
		{ "preempt",		required_argument,	NULL, OPT_PREEMPT },
		{ "ignore-signature",	required_argument,	NULL, OPT_IGNORE_SIG },
		{ "ignore-known",	no_argument,		NULL, OPT_IGNORE_KNOWN },
		{ "quiet",		no_argument,		NULL, 'q' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool have_seed = false, have_boot = false, have_epoch = false, have_workers = false;
	bool have_idle_wait = false;
	unsigned int isolcpus_end = 0;	/* 1 + the highest isolated CPU */
	unsigned int little_end = 0;	/* 1 + the highest little CPU */
	char msg[160];
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
		case OPT_NOMEM:
			o->nomem_permille = (unsigned int)parse_ulong(optarg, "--nomem", 0, 1000);
			break;
		case OPT_NOHZ_FULL:
			o->nohz_full = true;
			break;
		case OPT_ISOLCPUS:
			/* Checked against -n below: -n may come later. A second list replaces the first. */
			isolcpus_end = 0;
			if (cpulist_parse_isolcpus(optarg, "--isolcpus", o->isolated, NR_CPUS,
						   &isolcpus_end, msg, sizeof(msg)))
				die_usage("%s", msg);
			break;
		case OPT_LITTLE:
			little_end = 0;
			if (cpulist_parse(optarg, "--little", o->little, NR_CPUS, &little_end, msg,
					  sizeof(msg)))
				die_usage("%s", msg);
			break;
		case OPT_IDLE_WAIT:
			o->idle_wait_us = (unsigned int)parse_ulong(optarg, "--idle-wait-us", 0, 1000000);
			have_idle_wait = true;
			break;
		case OPT_ENGINE:
			if (!strcmp(optarg, "fibers"))
				o->engine = STRESS_ENGINE_FIBERS;
			else if (!strcmp(optarg, "threads"))
				o->engine = STRESS_ENGINE_THREADS;
			else
				die_usage("--engine must be 'fibers' or 'threads' (got '%s')", optarg);
			break;
		case OPT_WORKERS:
			o->workers = (unsigned int)parse_ulong(optarg, "--workers", 1, NR_CPUS);
			have_workers = true;
			break;
		case OPT_PREEMPT:
			o->preempt = (unsigned int)parse_ulong(optarg, "--preempt", 0, 1000000);
			break;
		case OPT_IGNORE_SIG:
			if (report_ignore(optarg, msg, sizeof(msg)))
				die_usage("--ignore-signature: %s", msg);
			break;
		case OPT_IGNORE_KNOWN:
			report_ignore_known();
			o->ignore_known = true;
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
		snprintf(msg, sizeof(msg), "--nodes must not exceed the number of CPUs (%u)", o->cpus);
		die_usage("%s", msg);
	}
	/* As env_setup() would refuse them, but as usage errors, with -n named. */
	check_list_end("--isolcpus", isolcpus_end, o->cpus);
	check_list_end("--little", little_end, o->cpus);
	for (unsigned int cpu = 0; cpu < o->cpus; cpu++) {
		o->nr_isolated += o->isolated[cpu];
		o->nr_little += o->little[cpu];
	}
	if (o->nr_isolated && o->nr_isolated == o->cpus)
		die_usage("%s", "--isolcpus must leave at least one housekeeping CPU");
	if (!have_boot)
		o->boot_online = o->cpus;
	if (have_workers && o->engine != STRESS_ENGINE_FIBERS)
		die_usage("%s", "--workers needs --engine fibers");
	if (!have_workers)
		o->workers = stress_host_cpus();
	if (!have_idle_wait)
		o->idle_wait_us = default_idle_wait(o->engine);
	if (o->workers > o->cpus)
		o->workers = o->cpus;
	if (o->inject_stall >= (int)o->cpus)
		die_usage("%s", "--inject-stall names a CPU that does not exist");
	if (o->record_dir) {
		if (o->timers_per_cpu != EXEC_TIMERS_PER_CPU)
			die_usage("%s", "--record needs --timers-per-cpu 4 (the program format's)");
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
	report_print(r, first, NULL);
	if (r->oracle == ORACLE_WARN || r->oracle == ORACLE_SETUP_FAILURE)
		draw_next_epoch = true;
	if (g_opts->stop_on_report && !r->known && !r->ignored)
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

/* 1234, 12k, 1234k, 12M: counters that fit a progress line. */
static const char *human(u64 v, char *buf, size_t len)
{
	if (v < 10000)
		snprintf(buf, len, "%" PRIu64, v);
	else if (v < 10000000)
		snprintf(buf, len, "%" PRIu64 "k", v / 1000);
	else
		snprintf(buf, len, "%" PRIu64 "M", v / 1000000);
	return buf;
}

#define PROGRESS_COLUMNS	79	/* and the cursor: one 80-column line */

static void progress(const struct stress_opts *o, double elapsed, u64 epochs, bool final)
{
	char line[256], n1[16], n2[16], n3[16], n4[16], n5[16], n6[16];
	unsigned long known = report_total() - report_total_new();
	bool tty = isatty(STDERR_FILENO);
	unsigned int online = env_nr_online();
	struct check_stats cs;
	struct env_stats es;
	u64 ops = stress_total_ops();

	if (o->quiet)
		return;
	env_stats_read(&es);
	check_stats_read(&cs);
	/* Reports count what fails the run; known issues are shown apart. */
	snprintf(line, sizeof(line), "%.1f/%gs %s op/s %s%s cpus %u/%u fired %s late %s lost %s rep %lu",
		 elapsed, o->seconds, human(elapsed > 0 ? (u64)((double)ops / elapsed) : 0, n1, sizeof(n1)),
		 !epochs && online < o->boot_online ? "boot" : "ep ",
		 !epochs && online < o->boot_online ? "" : human(epochs, n2, sizeof(n2)),
		 online, o->cpus, human(es.timers_run, n3, sizeof(n3)), human(cs.late, n4, sizeof(n4)),
		 human(cs.lost, n5, sizeof(n5)), report_total_new());
	if (known)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " (%s known)",
			 human(known, n6, sizeof(n6)));
	line[PROGRESS_COLUMNS] = '\0';
	fprintf(stderr, "%s%-*s%s", tty ? "\r" : "", tty ? PROGRESS_COLUMNS : 0, line,
		tty && !final ? "" : "\n");
	fflush(stderr);
}

/*
 * The command line that repeats this run's configuration and seed, into a
 * strbuf: with --isolcpus it has no length limit a fixed buffer would fit.
 */
static void rerun_command(const struct stress_opts *o, struct strbuf *sb)
{
	const struct stress_opts def = default_opts();
	char self[4096];

	strbuf_addf(sb, "%s -n %u -t %g -s 0x%" PRIx64 " --variant %s",
		    input_tool_path("tmigr-stress", self, sizeof(self)), o->cpus, o->seconds, o->seed,
		    tmigr_variant_name(o->variant));
#define ADD(cond, ...) do {							\
		if (cond)							\
			strbuf_addf(sb, __VA_ARGS__);				\
	} while (0)
	ADD(tmigr_backend_selected() != &tmigr_model_backend, " --backend %s",
	    tmigr_backend_selected()->name);
	ADD(o->nodes != def.nodes, " --nodes %u", o->nodes);
	ADD(o->layout != def.layout, " --node-layout interleaved");
	ADD(o->boot_online != o->cpus, " --boot-online %u", o->boot_online);
	ADD(o->nohz_full, " --nohz-full");
	if (o->nr_isolated) {
		strbuf_addf(sb, " --isolcpus ");
		cpulist_format(sb, o->isolated, o->cpus);
	}
	if (o->nr_little) {
		strbuf_addf(sb, " --little ");
		cpulist_format(sb, o->little, o->cpus);
	}
	ADD(o->epoch_ms != def.epoch_ms, " --epoch-ms %u", o->epoch_ms);
	ADD(o->timers_per_cpu != def.timers_per_cpu, " --timers-per-cpu %u", o->timers_per_cpu);
	ADD(o->tick_us != def.tick_us, " --tick-us %u", o->tick_us);
	ADD(o->slack_ticks != def.slack_ticks, " --slack-ticks %u", o->slack_ticks);
	ADD(o->hotplug_permille != def.hotplug_permille, " --hotplug %u", o->hotplug_permille);
	ADD(o->nomem_permille != def.nomem_permille, " --nomem %u", o->nomem_permille);
	ADD(o->idle_wait_us != default_idle_wait(o->engine), " --idle-wait-us %u", o->idle_wait_us);
	ADD(o->engine == STRESS_ENGINE_THREADS, " --engine threads");
	ADD(o->engine == STRESS_ENGINE_FIBERS && o->workers != stress_host_cpus() &&
	    o->workers != o->cpus, " --workers %u", o->workers);
	ADD(o->engine == STRESS_ENGINE_FIBERS && o->preempt != def.preempt, " --preempt %u",
	    o->preempt);
	ADD(o->stop_on_report, " --stop-on-report");
	for (unsigned int i = 0; i < report_nr_ignore_patterns(); i++)
		strbuf_addf(sb, " --ignore-signature %s", report_ignore_pattern(i));
	ADD(o->ignore_known, " --ignore-known");
	ADD(o->stall_timeout != def.stall_timeout, " --stall-timeout %g", o->stall_timeout);
	ADD(o->inject_stall >= 0, " --inject-stall %d", o->inject_stall);
	ADD(o->record_dir, " --record %s", o->record_dir);
#undef ADD
}

/*
 * @wall: since the program started (set-up and tear-down included); @load:
 * the part with CPU threads running, which the rates are about.
 */
static void summary(const struct stress_opts *o, double wall, double load, u64 epochs, bool joined)
{
	struct check_stats cs;
	struct env_stats es;
	u64 ops = stress_total_ops();
	unsigned int nsig = report_nr_signatures();
	struct strbuf sb = STRBUF_INIT;
	char label[96];

	env_stats_read(&es);
	check_stats_read(&cs);
	printf("tmigr-stress summary\n");
	printf("  seed        0x%016" PRIx64 "\n", o->seed);
	rerun_command(o, &sb);
	printf("  rerun       %s\n", strbuf_str(&sb));
	printf("  backend     %s\n", tmigr_backend_label(tmigr_ops, label, sizeof(label)));
	printf("  variant     %s\n", tmigr_variant_label());
	printf("  cpus        %u possible, %u nodes, %u online at boot, %u online at end", o->cpus,
	       o->nodes, o->boot_online, env_nr_online());
	if (o->nohz_full)
		printf(", nohz_full=1-%u", o->cpus - 1);
	if (o->nr_isolated) {
		strbuf_reset(&sb);
		cpulist_format(&sb, o->isolated, o->cpus);
		printf(", isolcpus=%s", strbuf_str(&sb));
	}
	if (o->nr_little) {
		strbuf_reset(&sb);
		cpulist_format(&sb, o->little, o->cpus);
		printf(", little (half capacity) %s", strbuf_str(&sb));
	}
	printf("\n");
	strbuf_release(&sb);
	printf("  time        %.1f s wall (%.1f s of load), %.3f s virtual\n", wall, load,
	       (double)ktime_get() / (double)NSEC_PER_SEC);
	printf("  ops         %" PRIu64 " (%.0f ops/s)\n", ops, load > 0 ? (double)ops / load : 0.0);
	printf("  epochs      %" PRIu64 " quiescent checks, %" PRIu64 " drains\n", epochs, cs.drains);
	printf("  timers      armed %" PRIu64 ", cancelled %" PRIu64 ", run %" PRIu64
	       " (%" PRIu64 " remotely), in drains %" PRIu64 "\n",
	       es.timers_armed, es.timers_cancelled, es.timers_run, es.timers_run_remote,
	       cs.drain_timers_run);
	printf("  lateness    late %" PRIu64 " (beyond %u ticks), lost %" PRIu64
	       ", max %" PRIu64 " ns in drains\n", cs.late, o->slack_ticks, cs.lost, cs.max_lateness_ns);
	printf("  idle        entries %" PRIu64 ", wakeup irqs %" PRIu64 ", ticks %" PRIu64
	       ", IPIs %" PRIu64 "\n", es.idle_entries, es.idle_irqs, es.ticks, es.ipis);
	if (o->engine == STRESS_ENGINE_FIBERS)
		printf("  threads     fibers on %u worker%s, %u host CPUs; idle ones ", o->workers,
		       o->workers == 1 ? "" : "s", stress_host_cpus());
	else
		printf("  threads     a thread per CPU on %u host CPUs; idle ones ", stress_host_cpus());
	if (o->idle_wait_us)
		printf("slept %" PRIu64 " times (%" PRIu64 " woken by their clock event)",
		       es.idle_sleeps, es.clockevent_wakeups);
	else if (o->engine == STRESS_ENGINE_FIBERS)
		printf("yield to their worker's other CPUs (--idle-wait-us 0)");
	else
		printf("spin on sched_yield() (--idle-wait-us 0)");
	printf("\n");
	if (o->engine == STRESS_ENGINE_FIBERS && joined) {
		struct fsched_stats fst;

		stress_engine_stats(&fst);
		printf("  switches    %" PRIu64 " (%" PRIu64 " preemptions, %" PRIu64
		       " at a held lock, %" PRIu64 " sleeps), workers idle %" PRIu64 " times\n",
		       fst.switches, fst.preemptions, fst.contended, fst.sleeps, fst.idle);
	}
	printf("  hotplug     up %" PRIu64 ", down %" PRIu64 ", work_on_cpu %" PRIu64 "\n",
	       es.hotplug_up, es.hotplug_down, es.work_items);
	printf("  reports     %lu", report_total());
	if (nsig)
		printf(" (%u signature%s, %lu of known issues%s)", nsig, nsig == 1 ? "" : "s",
		       report_total() - report_total_new(),
		       report_nr_ignore_patterns() || o->ignore_known ? " or ignored" : "");
	printf("\n");
	for (unsigned int i = 0; i < nsig; i++) {
		const struct report *r = report_get(i);

		printf("    %6lu  %s", r->count, r->signature);
		if (r->known)
			printf("  (known issue)");
		else if (r->ignored)
			printf("  (ignored: %s)", r->ignored);
		printf("\n");
	}
	if (o->record_dir)
		printf("  findings    %u written to %s%s\n", record_written(), o->record_dir,
		       record_lost() ? ", some could not be written (printed on stderr)" : "");
	if (interrupt_signal())
		printf("  interrupted by %s: the counts are partial\n", strsignal(interrupt_signal()));
	printf("verdict: %s\n", report_total_new() ? "VIOLATION" :
	       report_total() ? (report_nr_ignore_patterns() || o->ignore_known ?
				 "clean (known or ignored reports only)" :
				 "clean (known issues only)") : "clean");
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
	stress_engine_dump(stderr);
	report_file(ORACLE_DEADLOCK, "no-quiescent-point", -1, NULL,
		    "CPU threads stopped making progress (deadlock or livelock)");
}

static struct {
	double	start;		/* of the program */
	double	load_start;	/* CPU threads running */
	double	next_progress;
	double	interrupt_seen;	/* when the main loop first saw the signal */
	u64	epochs;
} run;

/* Print the summary and leave: 2 if it could not be written, else @status. */
static __attribute__((noreturn)) void finish(const struct stress_opts *o, int status, bool threads)
{
	double now = wall_now();

	summary(o, now - run.start, run.load_start ? now - run.load_start : 0, run.epochs, !threads);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "tmigr-stress: cannot write the summary: %s\n", strerror(errno));
		status = EXIT_USAGE;
	} else if (interrupt_signal()) {
		status = 128 + interrupt_signal();
	}
	/* Threads that could not be stopped cannot be joined: no destructors. */
	if (threads)
		_exit(status);
	exit(status);
}

/*
 * Called every 10 ms while the coordinator waits for an epoch (all CPUs
 * between operations): keeps the progress line going through a long boot,
 * and gives up the wait a second after SIGINT/SIGTERM at any N.
 */
static u64 epoch_wait_progress(void)
{
	double now = wall_now();

	if (now >= run.next_progress) {
		progress(g_opts, now - run.start, run.epochs, false);
		run.next_progress = now + 1.0;
	}
	if (interrupt_signal() && !run.interrupt_seen)
		run.interrupt_seen = now;
	if (interrupt_signal() && now - run.interrupt_seen > 1.0) {
		progress(g_opts, now - run.start, run.epochs, true);
		fprintf(stderr, "tmigr-stress: %s while CPUs were busy: stopped without the final check\n",
			strsignal(interrupt_signal()));
		finish(g_opts, EXIT_CLEAN, true);
	}
	return progress_count();
}

/* While thousands of CPU threads start: progress, and stop on a signal. */
static bool threads_starting(unsigned int started)
{
	double now = wall_now();

	if (now >= run.next_progress && !g_opts->quiet) {
		fprintf(stderr, "%.1f/%gs starting CPU threads %u/%u\n", now - run.start,
			g_opts->seconds, started, g_opts->cpus);
		run.next_progress = now + 1.0;
	}
	return !interrupt_signal();
}

/*
 * No epoch while CPU 0 boots the others: every other thread would park and
 * poll its mailbox while each bring-up waits for its AP to run, which at
 * 1024 CPUs on 2 cores made the boot take minutes instead of a second. The
 * load's seconds start after the boot; a boot that stops making progress
 * is reported like any other stall.
 */
static void wait_for_boot(const struct stress_opts *o)
{
	double last_change = wall_now(), now;
	u64 seen = progress_count(), done;

	while (!stress_booted()) {
		now = wall_now();
		done = progress_count();
		if (done != seen) {
			seen = done;
			last_change = now;
		} else if (now - last_change > o->stall_timeout) {
			diagnose_stuck(o);
			finish(o, EXIT_VIOLATION, true);
		}
		if (now >= run.next_progress) {
			progress(o, now - run.start, run.epochs, false);
			run.next_progress = now + 1.0;
		}
		if (interrupt_signal()) {
			progress(o, now - run.start, run.epochs, true);
			fprintf(stderr, "tmigr-stress: %s while CPUs were booting\n",
				strsignal(interrupt_signal()));
			finish(o, EXIT_CLEAN, true);
		}
		usleep(1000);
	}
}

static void run_epoch(const struct stress_opts *o, bool last)
{
	if (!epoch_run(epoch_check, NULL, last, o->stall_timeout, epoch_wait_progress)) {
		diagnose_stuck(o);
		finish(o, EXIT_VIOLATION, true);
	}
	run.epochs++;
}

int main(int argc, char **argv)
{
	struct stress_opts o;
	struct env_config cfg;
	double next_epoch, last_epoch, now;
	char err[160];

	run.start = wall_now();
	/* Before the set-up, which takes seconds at large N. */
	interrupt_catch(false);
	exec_catch_crashes(NULL);

	parse_args(argc, argv, &o);
	g_opts = &o;

	cfg = (struct env_config){
		.nr_cpus = o.cpus, .nr_nodes = o.nodes, .node_layout = o.layout,
		.tick_nsec = (u64)o.tick_us * NSEC_PER_USEC, .timers_per_cpu = o.timers_per_cpu,
		.variant = o.variant, .nohz_full = o.nohz_full,
	};
	env_cpumask_or_list(&cfg.isolcpus, o.isolated, o.cpus);
	env_cpumask_or_list(&cfg.little, o.little, o.cpus);
	/* Before the set-up: a bad DIR is found at once. */
	if (o.record_dir && record_init(&o, o.record_dir))
		return EXIT_USAGE;
	if (env_setup(&cfg, err, sizeof(err))) {
		fprintf(stderr, "tmigr-stress: %s\n", err);
		return EXIT_USAGE;
	}
	rt_set_log_sink(print_log);
	report_set_printer(print_report, NULL);
	check_init(&(struct check_config){ .slack_ticks = o.slack_ticks, .free_mode = true,
					   .preempted_cpus = o.engine == STRESS_ENGINE_FIBERS });

	if (!o.quiet)
		fprintf(stderr, "tmigr-stress: %u CPUs, %u node%s, backend %s, variant %s, seed 0x%"
			PRIx64 ", %g s\n", o.cpus, o.nodes, o.nodes == 1 ? "" : "s",
			tmigr_backend_label(tmigr_ops, err, sizeof(err)), tmigr_variant_label(),
			o.seed, o.seconds);
	if (interrupt_signal())
		finish(&o, EXIT_CLEAN, false);

	epoch_init(o.cpus);
	run.next_progress = run.start + 1.0;
	if (stress_threads_start(&o, threads_starting)) {
		progress(&o, wall_now() - run.start, 0, true);
		fprintf(stderr, "tmigr-stress: %s while starting CPU threads\n", strsignal(interrupt_signal()));
		finish(&o, EXIT_CLEAN, true);
	}

	wait_for_boot(&o);
	run.load_start = wall_now();
	last_epoch = run.load_start;
	next_epoch = run.load_start + o.epoch_ms / 1000.0;
	for (;;) {
		now = wall_now();
		if (now - run.load_start >= o.seconds || interrupt_signal() || stop_now)
			break;
		/* Early epochs after a bring-up, at most one per 20 ms. */
		if (now >= next_epoch ||
		    (now >= last_epoch + 0.02 && epoch_take_hint())) {
			run_epoch(&o, false);
			last_epoch = wall_now();
			next_epoch = last_epoch + o.epoch_ms / 1000.0;
		}
		if (now >= run.next_progress) {
			progress(&o, now - run.start, run.epochs, false);
			run.next_progress = now + 1.0;
		}
		usleep(1000);
	}

	/* The last epoch checks once more and lets the threads exit. */
	run_epoch(&o, true);
	stress_threads_join();

	progress(&o, wall_now() - run.start, run.epochs, true);
	if (interrupt_signal())
		fprintf(stderr, "tmigr-stress: interrupted (%s)\n", strsignal(interrupt_signal()));
	finish(&o, report_total_new() || record_lost() ? EXIT_VIOLATION : EXIT_CLEAN, false);
}
