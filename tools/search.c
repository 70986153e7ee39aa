// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-search: explore schedules of one program until a violation shows.
 *
 *   tmigr-search PROGRAM [--strategy pct|random|dfs] [-o REPRO.bin] ...
 *
 * PROGRAM is a text program (tmigr-mkinput's format; tmigr-stress
 * --record writes them) or a binary input whose schedule is ignored. Every
 * run is a full execution with every oracle. When one reports (the given
 * --signature, or any violation), its decisions are written back as
 * schedule bytes: REPRO.bin replays it with tmigr-replay.
 *
 * Exit status: 0 no violation within the budget, 1 a violation (reproducer
 * written if -o), 2 bad usage or input. A run that gets stuck (deadlock or
 * livelock) ends the search even when it is not the --signature looked for:
 * it is a violation too, and is written out like one.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "input_file.h"
#include "interrupt.h"
#include "check/known.h"
#include "check/signature.h"
#include "exec/crash.h"
#include "exec/run.h"
#include "exec/text.h"
#include "sched/dfs.h"

enum search_mode { SEARCH_PCT, SEARCH_RANDOM, SEARCH_DFS };

static struct {
	struct exec_program	*prog;
	struct exec_opts	eo;
	const char		*signature;
	const char		*out;
	bool			quiet;
	/* other signatures seen while looking for --signature, said once each */
	char			others[16][256];
	unsigned int		nr_others;
	/* the last run, for dfs */
	struct exec_result	last;
	u64			runs;		/* schedules run so far */
	bool			found;
	time_t			next_progress;
} S;

/* SIGINT/SIGTERM: finish the run in progress, print the summary, 128 + N. */


/* The code under test crashed: which schedule, and how to run it again. */
static void crash_note(void)
{
	if (!S.runs)
		printf("tmigr-search: the code under test crashed before the first schedule, in "
		       "the default-policy run that sizes PCT; tmigr-replay runs it again on "
		       "PROGRAM without its schedule line\n");
	else if (S.eo.mode == EXEC_RANDOM || S.eo.mode == EXEC_PCT)
		printf("tmigr-search: the code under test crashed in schedule %llu; "
		       "tmigr-replay%s --variant %s --strategy %s --seed %llu%s PROGRAM runs it again\n",
		       (unsigned long long)S.runs,
		       tmigr_backend_selected() == &tmigr_model_backend ? "" : " --backend kernel",
		       tmigr_variant_name(S.eo.variant), S.eo.mode == EXEC_PCT ? "pct" : "random",
		       (unsigned long long)S.eo.seed, S.eo.mode == EXEC_PCT ? " (same --depth)" : "");
	else
		printf("tmigr-search: the code under test crashed in dfs schedule %llu\n",
		       (unsigned long long)S.runs);
}

/* About once a second, for every strategy. */
static void progress(const char *strategy)
{
	time_t now = time(NULL);

	if (S.quiet || now < S.next_progress)
		return;
	S.next_progress = now + 1;
	fprintf(stderr, "tmigr-search: %s: %llu schedule%s, nothing yet\n", strategy,
		(unsigned long long)S.runs, S.runs == 1 ? "" : "s");
}

/* Stdout is where scripts look: a failed write is an error (exit 2). */
static int flush_status(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "tmigr-search: cannot write the result: %s\n", strerror(errno));
		return 2;
	}
	return interrupt_signal() ? 128 + interrupt_signal() : status;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-search [options] PROGRAM\n"
"\n"
"Run PROGRAM (a text program, first line '" EXEC_TEXT_MAGIC "', or a binary\n"
"input; the schedule of either is ignored)\n"
"under many schedules until an oracle reports, then write the schedule\n"
"that did it as an input file tmigr-replay replays.\n"
"\n"
"  --strategy S       pct (default), random, or dfs (bounded exhaustive)\n"
"  --runs N           pct/random: schedules to try (default 10000)\n"
"  --seed N           pct/random: seed of the first run (default 1)\n"
"  --depth D          pct: bug depth (default 3)\n"
"  --permille P       random: switch probability per decision (default 125)\n"
"  --bound B          dfs: preemptions per schedule (default 2)\n"
"  --max-runs N       dfs: stop after N schedules (default: no limit)\n"
"  --signature SIG    only reports SIG selects count, even known ones: an\n"
"                     oracle, oracle:site, or the full oracle:site:variant\n"
"  --ignore-signature SIG  reports SIG selects (same forms) do not count: the\n"
"                     search goes on past them (repeatable)\n"
"  --ignore-known     ignore the known issues and the findings documented in\n"
"                     docs/findings.md (check/known.c)\n"
"  --list-known       print what --ignore-known ignores (pattern, tab, note)\n"
"  --backend NAME     model (default) or kernel (the configured tree's file)\n"
"  --variant NAME     model variant (default fixed)\n"
"  --list-variants    print the variants (name, upstream commit, summary)\n"
"  --profile P        plain (default) or hotplug\n"
"  --engine E         controlled CPUs as fibers (default) or threads\n"
"  -o REPRO.bin       write the reproducer here; REPRO.bin must not exist (it is\n"
"                     never overwritten: exit 2 before searching; if it appears\n"
"                     meanwhile, the reproducer goes to REPRO.bin.XXXXXX)\n"
"  --binary           PROGRAM is a binary input even if it reads like text\n"
"  -q, --quiet        no progress\n"
"  -h, --help         this text\n"
"\n"
"A deadlock or livelock ends the search even if it is not the --signature:\n"
"it is reported and written out as the violation found.\n"
"\n"
"Progress goes to stderr about once a second. SIGINT (Ctrl-C) or SIGTERM\n"
"ends the search after the schedule in progress, with its summary.\n"
"\n"
"Exit status: 0 nothing found, 1 violation found, 2 bad usage or input or\n"
"a result that could not be written, 130 on SIGINT (143 on SIGTERM). A\n"
"crash of the code under test names the schedule and how to run it again,\n"
"prints 'verdict: CRASH' and ends by its signal (or the sanitizer's status).\n");
}

static struct input_program input;

static void load(const char *path, enum input_kind kind, enum exec_profile profile)
{
	char err[512];

	if (input_program_load(path, kind, &input, err, sizeof(err)))
		input_die("%s", err);
	if (!input.text && !input.file.size)
		input_die("'%s' is empty: no program to search", path);
	S.prog = input.prog;
	/* The search makes its own schedules. */
	S.prog->schedule = NULL;
	S.prog->schedule_len = 0;
	exec_apply_profile(S.prog, profile);
}

/* Say once per signature what fired instead of --signature. */
static void other_fired(const char *sig, u64 runs)
{
	for (unsigned int i = 0; i < S.nr_others; i++)
		if (!strcmp(S.others[i], sig))
			return;
	if (S.nr_others < sizeof(S.others) / sizeof(S.others[0]))
		snprintf(S.others[S.nr_others++], sizeof(S.others[0]), "%s", sig);
	fprintf(stderr, "tmigr-search: run %llu: %s fired, not --signature %s; going on\n",
		(unsigned long long)runs, sig, S.signature);
}

static bool wanted(const struct exec_result *r, u64 runs)
{
	bool hit = false;

	if (r->outcome != CTL_COMPLETE)
		return !S.signature || signature_match(S.signature, r->signature) ||
		       signature_match(S.signature, r->outcome == CTL_DEADLOCK ? "deadlock" : "livelock");
	if (!S.signature)
		return r->new_reports != 0;
	/* A named signature counts even when it is a known issue. */
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		const struct report *rep = report_get(i);

		if (signature_match(S.signature, rep->signature))
			hit = true;
		else if (!rep->known && !rep->ignored)
			other_fired(rep->signature, runs);
	}
	return hit;
}

static void print_known(const char *pattern, const char *note, void *ctx)
{
	(void)ctx;
	printf("%s\t%s\n", pattern, note);
}

/* A decision index no schedule byte can hold (exec_decisions_to_schedule()). */
static bool too_wide(const struct exec_result *r)
{
	for (size_t i = 0; i < r->nr_decisions; i++)
		if (r->decisions[i] > 255)
			return true;
	return false;
}

/*
 * Write the reproducer to -o, or, should that have appeared since the start,
 * next to it: a found violation is never lost. The name written, or NULL.
 */
static const char *save(const u8 *bin, size_t blen)
{
	static char alt[4096];
	int e = input_file_write_new(S.out, bin, blen);

	if (!e)
		return S.out;
	if (snprintf(alt, sizeof(alt), "%s.XXXXXX", S.out) < (int)sizeof(alt) &&
	    !input_file_write_unique(alt, bin, blen)) {
		fprintf(stderr, "tmigr-search: cannot write '%s': %s; the reproducer is '%s'\n",
			S.out, strerror(-e), alt);
		return alt;
	}
	fprintf(stderr, "tmigr-search: cannot write '%s': %s; the reproducer is lost\n", S.out,
		strerror(-e));
	return NULL;
}

/* Write the found run as an input file and say how to replay it. */
static void found(const struct exec_result *r, u64 runs)
{
	size_t slen = 0, blen = 0;
	u8 *sched = exec_decisions_to_schedule(r->decisions, r->nr_decisions, &slen);
	u8 *bin = sched ? exec_encode(S.prog, sched, slen, &blen) : NULL;
	char path[4096];
	const char *out;

	const char *sig = r->signature[0] ? r->signature :
			  r->outcome == CTL_DEADLOCK ? "deadlock" : "livelock";

	/* With --signature: the first report it selects. */
	for (unsigned int i = 0; S.signature && r->outcome == CTL_COMPLETE &&
	     i < report_nr_signatures(); i++)
		if (signature_match(S.signature, report_get(i)->signature)) {
			sig = report_get(i)->signature;
			break;
		}
	S.found = true;
	printf("tmigr-search: %s after %llu schedule%s (%zu decisions)\n", sig,
	       (unsigned long long)runs, runs == 1 ? "" : "s", r->nr_decisions);
	if (S.out && !bin)
		fprintf(stderr, "tmigr-search: %s; no reproducer written\n",
			too_wide(r) ? "a decision among more than 256 runnable CPUs has no schedule byte" :
			"out of memory");
	out = S.out && bin ? save(bin, blen) : NULL;
	if (out)
		printf("reproducer: %s (%zu bytes)\nreplay: %s%s%s%s%s %s\n", out, blen,
		       input_tool_path("tmigr-replay", path, sizeof(path)),
		       tmigr_backend_selected()->has_variants ? "" : " --backend ",
		       tmigr_backend_selected()->has_variants ? "" : tmigr_backend_selected()->name,
		       S.eo.variant != TMIGR_FIXED ? " --variant " : "",
		       S.eo.variant != TMIGR_FIXED ? tmigr_variant_name(S.eo.variant) : "", out);
	fflush(stdout);
	free(sched);
	free(bin);
}

/* One run with the current options; exits the process after a stuck run. */
static bool run_once(struct exec_result *r)
{
	u64 runs = ++S.runs;

	exec_run(S.prog, &S.eo, r);
	if (wanted(r, runs)) {
		found(r, runs);
		if (r->outcome != CTL_COMPLETE)
			_exit(flush_status(1));
		return true;
	}
	if (r->outcome != CTL_COMPLETE) {
		/*
		 * Stuck threads cannot be reused: a different signature ends the
		 * search. It is a violation all the same; keep it.
		 */
		fprintf(stderr, "tmigr-search: run %llu got stuck, not the signature looked for; the search cannot go on\n",
			(unsigned long long)runs);
		found(r, runs);
		_exit(flush_status(1));
	}
	return false;
}

static int dfs_run(const u16 *prefix, size_t len, const struct ctl_choice **log, size_t *log_len,
		   void *ctx)
{
	(void)ctx;
	free(S.last.choices);
	free(S.last.decisions);
	S.eo.mode = EXEC_CHOICES;
	S.eo.choices = prefix;
	S.eo.nr_choices = len;
	if (run_once(&S.last))
		return 1;
	/* Stop exploring: main() tells an interruption from a finding. */
	if (interrupt_signal())
		return 1;
	progress("dfs");
	*log = S.last.choices;
	*log_len = S.last.nr_choices;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "strategy",	required_argument, NULL, 'S' },
		{ "runs",	required_argument, NULL, 'n' },
		{ "seed",	required_argument, NULL, 's' },
		{ "depth",	required_argument, NULL, 'd' },
		{ "permille",	required_argument, NULL, 'M' },
		{ "bound",	required_argument, NULL, 'b' },
		{ "max-runs",	required_argument, NULL, 'm' },
		{ "signature",	required_argument, NULL, 'g' },
		{ "ignore-signature", required_argument, NULL, 'I' },
		{ "ignore-known", no_argument,	   NULL, 'K' },
		{ "list-known",	no_argument,	   NULL, 'L' },
		{ "variant",	required_argument, NULL, 'V' },
		{ "backend",	required_argument, NULL, 'B' },
		{ "profile",	required_argument, NULL, 'F' },
		{ "engine",	required_argument, NULL, 'E' },
		{ "binary",	no_argument,	   NULL, 'Y' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "list-variants", no_argument,	   NULL, 'W' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum search_mode mode = SEARCH_PCT;
	enum exec_profile profile = EXEC_PROFILE_PLAIN;
	enum input_kind kind = INPUT_AUTO;
	u64 nruns = 10000, seed = 1, max_runs = 0;
	unsigned int depth = 3, permille = 125, bound = 2;
	char err[1024];
	int c, e;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'S':
			if (!strcmp(optarg, "pct"))
				mode = SEARCH_PCT;
			else if (!strcmp(optarg, "random"))
				mode = SEARCH_RANDOM;
			else if (!strcmp(optarg, "dfs"))
				mode = SEARCH_DFS;
			else
				input_die("--strategy must be pct, random or dfs (got '%s')", optarg);
			break;
		case 'n': nruns = input_parse_u64(optarg, "--runs", 1, UINT64_MAX); break;
		case 's': seed = input_parse_u64(optarg, "--seed", 0, UINT64_MAX); break;
		case 'd': depth = (unsigned int)input_parse_u64(optarg, "--depth", 1, 64); break;
		case 'M': permille = (unsigned int)input_parse_u64(optarg, "--permille", 1, 1000); break;
		case 'b': bound = (unsigned int)input_parse_u64(optarg, "--bound", 0, 64); break;
		case 'm': max_runs = input_parse_u64(optarg, "--max-runs", 1, UINT64_MAX); break;
		case 'g':
			if (signature_pattern_check(optarg, err, sizeof(err)))
				input_die("--signature: %s", err);
			S.signature = optarg;
			break;
		case 'I':
			if (report_ignore(optarg, err, sizeof(err)))
				input_die("--ignore-signature: %s", err);
			break;
		case 'K': report_ignore_known(); break;
		case 'L': known_list(print_known, NULL); return 0;
		case 'W':
			tmigr_variant_list(stdout);
			return 0;
		case 'V': S.eo.variant = input_parse_variant(optarg); break;
		case 'B':
			if (!tmigr_backend_select(optarg, err, sizeof(err)))
				input_die("%s", err);
			break;
		case 'F': profile = input_parse_profile(optarg); break;
		case 'E':
			if (!ctl_set_engine_name(optarg))
				input_die("--engine must be fibers or threads (got '%s')", optarg);
			break;
		case 'o': S.out = optarg; break;
		case 'Y': kind = INPUT_BINARY; break;
		case 'q': S.quiet = true; break;
		case 'h': usage(stdout); return 0;
		default:
			input_option_error(argv, c);
		}
	}
	if (optind != argc - 1)
		input_die("%s", optind >= argc ? "which program? (tmigr-search --help)" :
			  "one program file at a time");
	/* Fail now, not after the search. */
	e = S.out ? input_file_check_new(S.out) : 0;
	if (e == -EEXIST)
		input_die("'%s' exists; the reproducer never overwrites a file", S.out);
	if (e) {
		snprintf(err, sizeof(err), "cannot write '%s': %s", S.out, strerror(-e));
		input_die("%s", err);
	}
	load(argv[optind], kind, profile);
	S.eo.record = true;
	S.next_progress = time(NULL) + 1;
	interrupt_catch(true);
	exec_catch_crashes(crash_note);

	if (mode == SEARCH_DFS) {
		struct ctl_dfs_config cfg = { .bound = bound, .max_runs = max_runs, .run = dfs_run };
		struct ctl_dfs_stats st;
		int ret = ctl_dfs(&cfg, &st);

		if (ret < 0) {
			fprintf(stderr, "tmigr-search: dfs failed%s\n",
				st.nondeterministic ? ": the program did not replay the same way" : "");
			return 2;
		}
		if (interrupt_signal() && !S.found)
			st.found = false;
		printf("tmigr-search: dfs, preemption bound %u: %llu schedule%s explored%s, at most %zu decisions per run\n",
		       bound, (unsigned long long)st.runs, st.runs == 1 ? "" : "s",
		       interrupt_signal() && !S.found ? " (interrupted: no violation so far)" :
		       st.truncated ? " (stopped at --max-runs)" : st.found ? "" : ", all of them",
		       st.max_depth);
		return flush_status(st.found ? 1 : 0);
	}

	if (mode == SEARCH_PCT) {
		S.eo.pct_steps = exec_estimate_steps(S.prog, S.eo.variant);
		S.eo.pct_depth = depth;
	}
	S.eo.permille = permille;
	S.eo.mode = mode == SEARCH_PCT ? EXEC_PCT : EXEC_RANDOM;
	for (u64 i = 0; i < nruns && !interrupt_signal(); i++) {
		struct exec_result r;

		S.eo.seed = seed + i;
		if (run_once(&r)) {
			if (!S.quiet)
				printf("seed %llu\n", (unsigned long long)S.eo.seed);
			free(r.decisions);
			return flush_status(1);
		}
		free(r.decisions);
		progress(mode == SEARCH_PCT ? "pct" : "random");
	}
	printf("tmigr-search: %llu schedule%s (%s), no violation%s\n", (unsigned long long)S.runs,
	       S.runs == 1 ? "" : "s", mode == SEARCH_PCT ? "pct" : "random",
	       interrupt_signal() ? " (interrupted)" : "");
	return flush_status(0);
}
