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
	char err[256], first[64];
	bool quiet = false;
	int c, status = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': names = optarg; break;
		case 'F': profile = input_parse_profile(optarg); break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: input_option_error(argv, c);
		}
	}
	if (optind >= argc)
		input_die("%s", "which program? (tmigr-diff --help)");
	if (!strchr(names, ',') || strlen(names) >= sizeof(first))
		input_die("--backends wants two names, A,B (got '%s')", names);
	snprintf(first, sizeof(first), "%.*s", (int)(strchr(names, ',') - names), names);
	be[0] = tmigr_backend_find(first, err, sizeof(err));
	if (!be[0])
		input_die("%s", err);
	be[1] = tmigr_backend_find(strchr(names, ',') + 1, err, sizeof(err));
	if (!be[1])
		input_die("%s", err);

	for (int i = optind; i < argc; i++) {
		struct input_program ip;
		struct tmigr_diff_result res;

		if (input_program_load(argv[i], INPUT_AUTO, &ip, err, sizeof(err)))
			input_die("%s", err);
		exec_apply_profile(ip.prog, profile);
		if (tmigr_diff_run(ip.prog, be[0], be[1], &res))
			input_die("%s", "out of memory");
		if (res.differ) {
			printf("DIFFER %s: %s\n", argv[i], res.what);
			status = 1;
		} else if (!quiet) {
			printf("same   %s: %u snapshots, %lu tmigr calls (%s vs %s%s%s)\n", argv[i],
			       res.snapshots, res.calls, be[0]->name, be[1]->name,
			       be[1]->tree ? " " : "", be[1]->tree ? be[1]->tree : "");
		}
		input_program_free(&ip);
	}
	return status;
}
