// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-diff: run programs on two backends (default: the model and the
 * kernel backend) and compare them after every operation.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_file.h"
#include "tmigr/differential.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-diff [options] PROGRAM...\n"
"\n"
"Run each PROGRAM (a text program or a binary input; its schedule is not\n"
"used) sequentially on two backends and compare them after every operation\n"
"and at every quiescent point: every group's state, queue and next_expiry,\n"
"every CPU's state and wakeup, each value a tmigr entry point returns, and\n"
"the verdict. Prints the first difference of each program.\n"
"\n"
"  --backends A,B   the two backends (default model,kernel)\n"
"  --profile P      plain (default) or hotplug\n"
"  -q, --quiet      print only differences\n"
"  -h, --help       this text\n"
"\n"
"Known differences and their reasons: docs/MODEL-VS-KERNEL.md.\n"
"Exit status: 0 no difference, 1 a difference, 2 bad usage or input.\n");
}

static __attribute__((noreturn)) void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "tmigr-diff: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "backends",	required_argument, NULL, 'B' },
		{ "profile",	required_argument, NULL, 'F' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct tmigr_backend *be[2];
	const char *names = "model,kernel";
	enum exec_profile profile = EXEC_PROFILE_PLAIN;
	char err[256], opt[8], first[64];
	bool quiet = false;
	int c, status = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': names = optarg; break;
		case 'F':
			if (!exec_profile_parse(optarg, &profile))
				die("--profile must be plain or hotplug (got '%s')", optarg);
			break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		case ':':
			die("option '%s' needs a value", input_bad_option(argv, opt, sizeof(opt)));
		default:
			die("unknown option '%s' (tmigr-diff --help)",
			    input_bad_option(argv, opt, sizeof(opt)));
		}
	}
	if (optind >= argc)
		die("%s", "which program? (tmigr-diff --help)");
	if (!strchr(names, ',') || strlen(names) >= sizeof(first))
		die("--backends wants two names, A,B (got '%s')", names);
	snprintf(first, sizeof(first), "%.*s", (int)(strchr(names, ',') - names), names);
	be[0] = tmigr_backend_find(first, err, sizeof(err));
	if (!be[0])
		die("%s", err);
	be[1] = tmigr_backend_find(strchr(names, ',') + 1, err, sizeof(err));
	if (!be[1])
		die("%s", err);

	for (int i = optind; i < argc; i++) {
		struct exec_program *prog = input_program_load("tmigr-diff", argv[i], profile);
		struct tmigr_diff_result res;

		if (tmigr_diff_run(prog, be[0], be[1], &res))
			die("%s", "out of memory");
		if (res.differ) {
			printf("DIFFER %s: %s\n", argv[i], res.what);
			status = 1;
		} else if (!quiet) {
			printf("same   %s: %u snapshots, %lu tmigr calls (%s vs %s%s%s)\n", argv[i],
			       res.snapshots, res.calls, be[0]->name, be[1]->name,
			       be[1]->tree ? " " : "", be[1]->tree ? be[1]->tree : "");
		}
		free(prog);
	}
	return status;
}
