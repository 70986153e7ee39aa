// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-bench-exec: what controlling the interleaving costs, per run of one
 * op program. The same program runs back to back in one process:
 *
 *   sequential  all CPUs on the calling thread, operations round robin,
 *               no scheduler (the cheapest faithful run of the program)
 *   controlled  one pthread per CPU under the controlled scheduler, the
 *               schedule from the input's bytes (what a fuzz execution does)
 *   random      the controlled scheduler switching at random points
 *               (permille 125: many more switches)
 *
 * Oracles, quiescent checks and the drain run in every mode, so the ratio
 * isolates the threads and the handoffs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input_file.h"
#include "check/report.h"
#include "exec/run.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-bench-exec [-n RUNS] [--profile P] FILE...\n"
"\n"
"Cost of one run of each input FILE: sequential (one thread, no scheduler)\n"
"against controlled (a thread per CPU, the input's schedule) and random\n"
"(controlled, seeded random switches), measured back to back; prints us per\n"
"run, switches per run and the ratios to sequential.\n"
"\n"
"  -n RUNS        runs per mode and input (default 200)\n"
"  --profile P    plain (default) or hotplug\n"
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
	double	switches;
};

/* Average over @runs runs of @p in @mode; false if a run got stuck. */
static bool measure(const struct exec_program *p, enum exec_mode mode, unsigned int runs,
		    struct measure *m)
{
	struct exec_opts o = {
		.mode = mode, .seed = 1, .permille = 125, .variant = TMIGR_FIXED,
	};
	u64 switches = 0;
	double t0 = now();

	for (unsigned int i = 0; i < runs; i++) {
		struct exec_result r;

		report_reset();
		exec_run(p, &o, &r);
		if (r.outcome != CTL_COMPLETE)
			return false;
		switches += r.stats.switches;
	}
	m->us = (now() - t0) / runs * 1e6;
	m->switches = (double)switches / runs;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile",	required_argument,	NULL, 'p' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum exec_profile profile = EXEC_PROFILE_PLAIN;
	unsigned int runs = 200;
	int c;

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
	printf("| input | CPUs | ops | sequential us/run | controlled us/run | switches | ratio | random us/run | switches | ratio |\n");
	printf("|:------|-----:|----:|------------------:|------------------:|---------:|------:|--------------:|---------:|------:|\n");
	for (int i = optind; i < argc; i++) {
		struct measure seq, ctl, rnd;
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

		/* Warm up the thread pool and the caches, then measure. */
		if (!measure(p, EXEC_BYTES, 1 + runs / 10, &ctl) ||
		    !measure(p, EXEC_SEQUENTIAL, runs, &seq) ||
		    !measure(p, EXEC_BYTES, runs, &ctl) ||
		    !measure(p, EXEC_RANDOM, runs, &rnd)) {
			fprintf(stderr, "tmigr-bench-exec: %s: a run did not complete (tmigr-replay tells why)\n",
				argv[i]);
			return 1;
		}
		name = strrchr(argv[i], '/');
		printf("| %s | %u | %u | %.1f | %.1f | %.0f | %.2f | %.1f | %.0f | %.2f |\n",
		       name ? name + 1 : argv[i], p->cpus, ops, seq.us, ctl.us, ctl.switches,
		       ctl.us / seq.us, rnd.us, rnd.switches, rnd.us / seq.us);
		fflush(stdout);
		free(p);
		input_file_free(&in);
	}
	return 0;
}
