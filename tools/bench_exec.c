// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-bench-exec: what controlling the interleaving costs, per run of one
 * op program. The same program runs back to back in one process:
 *
 *   sequential  all CPUs on the calling thread, operations round robin,
 *               no scheduler (the cheapest faithful run of the program)
 *   threads     one pthread per CPU under the controlled scheduler, the
 *               schedule from the input's bytes (a fuzz execution, old engine)
 *   fibers      the same with one fiber per CPU (the default engine)
 *   random      fibers, the controlled scheduler switching at random points
 *               (permille 125: many more switches)
 *
 * Oracles, quiescent checks and the drain run in every mode, so the ratio
 * isolates the scheduler and the handoffs. Sequential and fiber runs use
 * one thread, so their CPU time is compared too: on a loaded machine it is
 * steadier than wall time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input_file.h"
#include "check/report.h"
#include "exec/run.h"

static double clock_s(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-bench-exec [-n RUNS] [--profile P] [--only MODE] FILE...\n"
"\n"
"Cost of one run of each input FILE: sequential (one thread, no scheduler)\n"
"against controlled runs with the input's schedule in the threads and the\n"
"fibers engine, and random (fibers, seeded random switches), measured back\n"
"to back; prints us per run (wall), switches per run and the ratios to\n"
"sequential (wall, and CPU time for the single-threaded fiber runs).\n"
"\n"
"  -n RUNS        runs per mode and input (default 200)\n"
"  --profile P    plain (default) or hotplug\n"
"  --only MODE    run only MODE (sequential, threads, fibers or random) and\n"
"                 print each input's CPUs, operations and us per run: a\n"
"                 workload for perf record, or the cost of a fuzz corpus\n"
"  -h, --help     this text\n"
"\n"
"Exit status: 0 done, 1 a run did not complete, 2 bad usage or input.\n");
}

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "tmigr-bench-exec: %s%s\n", msg, arg ? arg : "");
	exit(2);
}

struct measure {
	double	us;
	double	cpu_us;
	double	switches;
};

/* Average over @runs runs of @p in @mode and @engine; false if a run got stuck. */
static bool measure(const struct exec_program *p, enum exec_mode mode, enum ctl_engine engine,
		    unsigned int runs, struct measure *m)
{
	struct exec_opts o = {
		.mode = mode, .seed = 1, .permille = 125, .variant = TMIGR_FIXED,
	};
	u64 switches = 0;
	double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);

	ctl_set_engine(engine);
	for (unsigned int i = 0; i < runs; i++) {
		struct exec_result r;

		report_reset();
		exec_run(p, &o, &r);
		if (r.outcome != CTL_COMPLETE)
			return false;
		switches += r.stats.switches;
	}
	m->us = (clock_s(CLOCK_MONOTONIC) - t0) / runs * 1e6;
	m->cpu_us = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0) / runs * 1e6;
	m->switches = (double)switches / runs;
	return true;
}

/* The modes --only names. */
static const struct {
	const char		*name;
	enum exec_mode		mode;
	enum ctl_engine		engine;
} modes[] = {
	{ "sequential",	EXEC_SEQUENTIAL,	CTL_ENGINE_FIBERS },
	{ "threads",	EXEC_BYTES,		CTL_ENGINE_THREADS },
	{ "fibers",	EXEC_BYTES,		CTL_ENGINE_FIBERS },
	{ "random",	EXEC_RANDOM,		CTL_ENGINE_FIBERS },
};

static int parse_only(const char *arg)
{
	for (unsigned int i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(arg, modes[i].name))
			return (int)i;
	die("--only must be sequential, threads, fibers or random, not ", arg);
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile",	required_argument,	NULL, 'p' },
		{ "only",	required_argument,	NULL, 'o' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum exec_profile profile = EXEC_PROFILE_PLAIN;
	unsigned int runs = 200;
	int c, only = -1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			runs = (unsigned int)input_parse_u64(optarg, "-n", 1, 1000000);
			break;
		case 'p':
			if (!exec_profile_parse(optarg, &profile))
				die("--profile must be 'plain' or 'hotplug', not ", optarg);
			break;
		case 'o':
			only = parse_only(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			die("option needs a value: ", argv[optind - 1]);
			break;
		default:
			die("unknown option (tmigr-bench-exec --help): ", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		die("which input files? (tmigr-bench-exec --help)", NULL);

	report_set_printer(NULL, NULL);
	if (only >= 0)
		printf("| input | CPUs | ops | %s us/run | CPU us/run |\n|:------|-----:|----:|------:|------:|\n",
		       modes[only].name);
	else
		printf("| input | CPUs | ops | sequential us/run | threads us/run | ratio | fibers us/run | switches | ratio | CPU-time ratio | random us/run | switches | ratio | CPU-time ratio |\n");
	if (only < 0)
		printf("|:------|-----:|----:|------------------:|---------------:|------:|--------------:|---------:|------:|---------------:|--------------:|---------:|------:|---------------:|\n");
	for (int i = optind; i < argc; i++) {
		struct measure seq, thr, fib, rnd;
		struct exec_program *p;
		struct input_file in;
		unsigned int ops = 0;
		char err[256];
		const char *name;

		if (input_file_read(argv[i], &in, err, sizeof(err)))
			die(err, NULL);
		p = malloc(sizeof(*p));
		if (!p)
			die("out of memory", NULL);
		exec_decode(in.data, in.size, p);
		exec_apply_profile(p, profile);
		for (unsigned int cpu = 0; cpu < p->cpus; cpu++)
			ops += p->nr_ops[cpu];

		name = strrchr(argv[i], '/');
		name = name ? name + 1 : argv[i];
		if (only >= 0) {
			/* Warmed up as below. */
			if (!measure(p, modes[only].mode, modes[only].engine, 1 + runs / 10, &seq) ||
			    !measure(p, modes[only].mode, modes[only].engine, runs, &seq)) {
				fprintf(stderr, "tmigr-bench-exec: %s: a run did not complete\n", argv[i]);
				return 1;
			}
			printf("| %s | %u | %u | %.1f | %.1f |\n", name, p->cpus, ops, seq.us, seq.cpu_us);
			fflush(stdout);
			free(p);
			input_file_free(&in);
			continue;
		}
		/* Warm up the pools and the caches, then measure. */
		if (!measure(p, EXEC_BYTES, CTL_ENGINE_THREADS, 1 + runs / 10, &thr) ||
		    !measure(p, EXEC_BYTES, CTL_ENGINE_FIBERS, 1 + runs / 10, &fib) ||
		    !measure(p, EXEC_SEQUENTIAL, CTL_ENGINE_FIBERS, runs, &seq) ||
		    !measure(p, EXEC_BYTES, CTL_ENGINE_THREADS, runs, &thr) ||
		    !measure(p, EXEC_BYTES, CTL_ENGINE_FIBERS, runs, &fib) ||
		    !measure(p, EXEC_RANDOM, CTL_ENGINE_FIBERS, runs, &rnd)) {
			fprintf(stderr, "tmigr-bench-exec: %s: a run did not complete (tmigr-replay tells why)\n",
				argv[i]);
			return 1;
		}
		printf("| %s | %u | %u | %.1f | %.1f | %.2f | %.1f | %.0f | %.2f | %.2f | %.1f | %.0f | %.2f | %.2f |\n",
		       name, p->cpus, ops, seq.us, thr.us, thr.us / seq.us,
		       fib.us, fib.switches, fib.us / seq.us, fib.cpu_us / seq.cpu_us,
		       rnd.us, rnd.switches, rnd.us / seq.us, rnd.cpu_us / seq.cpu_us);
		fflush(stdout);
		free(p);
		input_file_free(&in);
	}
	return 0;
}
