// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-replay: run one input in controlled mode and tell its story.
 *
 * Exit status: 0 clean, 1 violation (a report that is not a known issue, a
 * deadlock or a livelock), 2 bad usage or unreadable input. Any byte string
 * is an input; --perfetto never overwrites a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input_file.h"
#include "interrupt.h"
#include "exec/run.h"
#include "exec/story.h"
#include "trace/render.h"
#include "sched/ctl.h"
#include "exec/crash.h"

/* SIGINT/SIGTERM: the story stops at the next step with 128 + N. */


static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-replay [options] FILE\n"
"\n"
"Run FILE (a text program, or a fuzz input, crash file or corpus file;\n"
"docs/input-format.md) in controlled mode and print its story: every shared access of every CPU, the\n"
"operations, the timers that run, the hierarchy at quiescent points, the\n"
"reports with their drawings, and the verdict.\n"
"\n"
"  --backend NAME        model (default) or kernel (the configured tree's file)\n"
"  --variant NAME        model variant (default fixed)\n"
"  --list-variants       print the variants (name, upstream commit, summary)\n"
"  --profile P           plain (default) or hotplug: the fuzz target's profile\n"
"  --strategy S          bytes (the file's schedule, default), random, pct,\n"
"                        sequential (one thread, no scheduler)\n"
"  --seed N              seed for random and pct (default 1)\n"
"  --pct-depth D         PCT bug depth (default 3)\n"
"  --permille P          random: switch probability per decision, 1..1000\n"
"                        (default 125)\n"
"  --engine E            controlled CPUs as fibers (default) or threads;\n"
"                        same run either way\n"
"  --perfetto OUT.json   write a Chrome/Perfetto timeline to a new file (an\n"
"                        existing OUT.json is never overwritten: exit 2)\n"
"  --no-accesses         leave out the per-access lines\n"
"  --draw-steps          also draw the hierarchy (with parent, groupmask, seq)\n"
"                        each time another CPU takes over and it changed: the\n"
"                        numbered steps of a scripted race\n"
"  --lkml                the condensed story for a mail: the racing CPUs'\n"
"                        tmigr steps side by side in 80 columns, the\n"
"                        hierarchy after each numbered step\n"
"  --check-every-point   derive every quiescent check anew, also of a\n"
"                        hierarchy as the last check saw it (slower; the\n"
"                        story is the same: tests/test_corpus_replay.sh)\n"
"  --binary              FILE is a binary input even if it reads like text\n"
"  -q, --quiet           print only the verdict\n"
"  -h, --help            this text\n"
"\n"
"A file whose first line is '" EXEC_TEXT_MAGIC "' is a text program; any\n"
"other byte string is a binary input (only its first %u bytes can matter\n"
"to a run; no more is read). Text without that line is refused.\n"
"\n"
"Exit status: 0 clean, 1 violation, 2 bad usage, unreadable input, a story\n"
"that could not be written (e.g. > /dev/full), or (with no violation) a\n"
"timeline that could not be written; 130 on SIGINT (143 on SIGTERM), the\n"
"story so far printed. A crash of the code under test (a bad pointer, a\n"
"sanitizer's report) prints the story so far and 'verdict: CRASH', then\n"
"ends by its signal or with the sanitizer's status.\n", INPUT_FILE_MAX);
}

/* Create @path (it must not exist) and write the timeline into it. */
static int write_timeline(struct story *story, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	int e;

	if (fd < 0)
		return -errno;
	close(fd);
	/* The file is ours now: story_write_timeline() truncates only it. */
	e = story_write_timeline(story, path);
	if (e)
		unlink(path);
	return e;
}

/* --draw-steps: one run per process, so the drawer's state is static. */
static struct {
	FILE		*out;
	void		(*story_switched)(int from, unsigned int to, u64 step, void *ctx);
	char		*last;
	unsigned int	n;
} steps;

static void draw_step(int from, unsigned int to, u64 step, void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	struct tmigr_snapshot *snap;
	struct render_opts o;

	if (steps.story_switched)
		steps.story_switched(from, to, step, ctx);

	/* Everybody else is parked at a scheduling point: a consistent view. */
	ctl_hidden_begin();
	snap = tmigr_snapshot_take();
	if (snap) {
		render_opts_init(&o);
		o.events = true;
		o.setup = true;
		render_hierarchy(&sb, snap, &o);
		tmigr_snapshot_free(snap);
		if (!steps.last || strcmp(steps.last, sb.buf)) {
			fprintf(steps.out, "[%7llu] ---- step %u, before cpu%u runs, hierarchy:\n%s",
				(unsigned long long)step, ++steps.n, to, sb.buf);
			free(steps.last);
			steps.last = strbuf_detach(&sb);
		}
	}
	strbuf_release(&sb);
	ctl_hidden_end();
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "variant",	 required_argument, NULL, 'V' },
		{ "backend",	 required_argument, NULL, 'B' },
		{ "profile",	 required_argument, NULL, 'F' },
		{ "strategy",	 required_argument, NULL, 'S' },
		{ "seed",	 required_argument, NULL, 's' },
		{ "pct-depth",	 required_argument, NULL, 'D' },
		{ "permille",	 required_argument, NULL, 'M' },
		{ "perfetto",	 required_argument, NULL, 'P' },
		{ "engine",	 required_argument, NULL, 'E' },
		{ "no-accesses", no_argument,	    NULL, 'A' },
		{ "draw-steps",	 no_argument,	    NULL, 'W' },
		{ "binary",	 no_argument,	    NULL, 'Y' },
		{ "check-every-point", no_argument, NULL, 'C' },
		{ "lkml",	 no_argument,	    NULL, 'K' },
		{ "quiet",	 no_argument,	    NULL, 'q' },
		{ "list-variants", no_argument,	    NULL, 'L' },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct exec_opts eo = { .mode = EXEC_BYTES, .seed = 1, .pct_depth = 3 };
	struct story_opts so = { .out = stdout };
	const char *perfetto = NULL;
	bool draw_steps = false;
	struct exec_listener listener;
	enum input_kind kind = INPUT_AUTO;
	struct exec_program *prog;
	struct exec_result res;
	struct input_program in;
	enum exec_profile profile = EXEC_PROFILE_PLAIN;
	struct story *story;
	char err[256];
	int c, e, status;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qhs:", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			tmigr_variant_list(stdout);
			return 0;
		case 'V':
			eo.variant = input_parse_variant(optarg);
			break;
		case 'B':
			if (!tmigr_backend_select(optarg, err, sizeof(err)))
				input_die("%s", err);
			break;
		case 'F':
			profile = input_parse_profile(optarg);
			break;
		case 'S':
			if (!strcmp(optarg, "bytes"))
				eo.mode = EXEC_BYTES;
			else if (!strcmp(optarg, "random"))
				eo.mode = EXEC_RANDOM;
			else if (!strcmp(optarg, "pct"))
				eo.mode = EXEC_PCT;
			else if (!strcmp(optarg, "sequential"))
				eo.mode = EXEC_SEQUENTIAL;
			else
				input_die("--strategy must be bytes, random, pct or sequential (got '%s')", optarg);
			break;
		case 's':
			eo.seed = input_parse_u64(optarg, "--seed", 0, UINT64_MAX);
			break;
		case 'D':
			eo.pct_depth = (unsigned int)input_parse_u64(optarg, "--pct-depth", 1, 64);
			break;
		case 'M':
			eo.permille = (unsigned int)input_parse_u64(optarg, "--permille", 1, 1000);
			break;
		case 'E':
			if (!ctl_set_engine_name(optarg))
				input_die("--engine must be fibers or threads (got '%s')", optarg);
			break;
		case 'P':
			perfetto = optarg;
			so.timeline = true;
			break;
		case 'W':
			draw_steps = true;
			break;
		case 'A':
			so.no_accesses = true;
			break;
		case 'Y':
			kind = INPUT_BINARY;
			break;
		case 'C':
			eo.no_memo = true;
			break;
		case 'K':
			so.lkml = true;
			break;
		case 'q':
			so.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			input_option_error(argv, c);
		}
	}
	if (optind != argc - 1)
		input_die("%s", optind >= argc ? "which file? (tmigr-replay --help)" :
			  "one input file at a time");

	/* Fail before the run, not after it. */
	e = perfetto ? input_file_check_new(perfetto) : 0;
	if (e == -EEXIST)
		input_die("'%s' exists; --perfetto never overwrites a file", perfetto);
	if (e) {
		snprintf(err, sizeof(err), "cannot write '%s': %s", perfetto, strerror(-e));
		input_die("%s", err);
	}

	if (input_program_load(argv[optind], kind, &in, err, sizeof(err)))
		input_die("%s", err);
	prog = in.prog;
	exec_apply_profile(prog, profile);
	if (eo.mode == EXEC_PCT)
		eo.pct_steps = exec_estimate_steps(prog, eo.variant);

	so.stop = interrupt_flag();
	interrupt_catch(true);
	exec_catch_crashes(NULL);
	story = story_new(prog, &so);
	if (!story)
		input_die("%s", "out of memory");
	story_listener(story, &listener);
	if (draw_steps && !so.quiet && !so.lkml) {
		steps.out = so.out;
		steps.story_switched = listener.sched.switched;
		listener.sched.switched = draw_step;
	}
	eo.listener = &listener;

	if (!so.quiet && !so.lkml)
		printf("tmigr-replay %s: %s, %llu bytes%s, %u CPUs, %u node%s (%s), %s, profile %s, strategy %s\n",
		       argv[optind], in.text ? "text program" : "binary input", in.file.file_size,
		       in.file.size < in.file.file_size ? " (only the head can matter)" : "",
		       prog->cpus, prog->nodes, prog->nodes == 1 ? "" : "s",
		       prog->layout == ENV_NODES_INTERLEAVED ? "interleaved" : "blocks",
		       tmigr_backend_describe(tmigr_backend_selected(), eo.variant, err, sizeof(err)),
		       exec_profile_name(profile),
		       eo.mode == EXEC_BYTES ? "bytes" : eo.mode == EXEC_RANDOM ? "random" :
		       eo.mode == EXEC_PCT ? "pct" : "sequential");

	exec_run(prog, &eo, &res);
	status = story_finish(story, &res);
	if (res.outcome != CTL_COMPLETE)
		status = 1;

	if (perfetto) {
		e = write_timeline(story, perfetto);
		if (e) {
			fprintf(stderr, "tmigr-replay: cannot write '%s': %s\n", perfetto,
				strerror(-e));
			if (!status)
				status = 2;
		} else if (!so.quiet) {
			printf("timeline: %s\n", perfetto);
		}
	}
	/* Scripts read the verdict from stdout: losing it is an error. */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "tmigr-replay: cannot write the story: %s\n", strerror(errno));
		status = 2;
	}

	/* Stuck threads cannot be joined: leave without running destructors. */
	if (res.outcome != CTL_COMPLETE)
		_exit(status);

	story_free(story);
	input_program_free(&in);
	return status;
}
