// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer targets. The input is one execution (docs/input-format.md):
 * topology, a program per CPU, schedule decisions. The fuzzer chooses the
 * operations and the interleaving; every oracle runs; a violation crashes
 * from the oracle's own function.
 *
 *   tmigr_interleave  the format as is
 *   tmigr_hotplug     bring-up heavy: only CPU 0 is online at boot and every
 *                     NOP becomes a hotplug operation, so the hierarchy is
 *                     built while CPUs are busy (where races A and B live)
 *
 * The variant comes from TMIGR_VARIANT (default fixed), the backend from
 * TMIGR_BACKEND (model or kernel; default model). A crash file replays with
 * tmigr-replay --profile <plain|hotplug> --backend B --variant V FILE.
 * The controlled engine comes from TMIGR_ENGINE (fibers, the default, or
 * threads).
 *
 * TMIGR_IGNORE_SIGNATURES="SIG,SIG,..." makes the targets look past reports
 * those patterns select (as tmigr-search --ignore-signature: an oracle,
 * oracle:site, or a full signature); the word "known" stands for every
 * known issue and documented finding (tmigr-search --ignore-known).
 * TMIGR_IGNORED_DIR=DIR keeps what the targets look past: the first input
 * of each such signature and how many executions hit it (ignored.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/report.h"
#include "fuzz.h"

static enum tmigr_variant variant = TMIGR_FIXED;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* TMIGR_IGNORE_SIGNATURES: comma-separated patterns, "known" for the known ones. */
/* The patterns stay referenced for the whole run (and LSan sees them). */
static char *ignore_list;

static void ignore_from_env(void)
{
	const char *v = getenv("TMIGR_IGNORE_SIGNATURES");
	char err[1024], *list, *save = NULL;

	if (!v || !*v)
		return;
	list = ignore_list = strdup(v);
	if (!list) {
		fprintf(stderr, "tmigr fuzz target: out of memory\n");
		exit(2);
	}
	for (char *p = strtok_r(list, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
		if (!strcmp(p, "known")) {
			report_ignore_known();
			continue;
		}
		if (report_ignore(p, err, sizeof(err))) {
			fprintf(stderr, "tmigr fuzz target: TMIGR_IGNORE_SIGNATURES: %s\n", err);
			exit(2);
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *v = getenv("TMIGR_VARIANT");
	char err[256];
	const char *e = getenv("TMIGR_ENGINE");

	if (v && *v && !tmigr_variant_parse(v, &variant)) {
		fprintf(stderr, "tmigr fuzz target: unknown TMIGR_VARIANT '%s'\n", v);
		exit(2);
	}
	if (!tmigr_backend_select_from_env(err, sizeof(err))) {
		fprintf(stderr, "tmigr fuzz target: TMIGR_BACKEND: %s\n", err);
		exit(2);
	}
	ignore_from_env();
	fuzz_ignored_init(*argc, *argv);
	if (e && *e && !ctl_set_engine_name(e)) {
		fprintf(stderr, "tmigr fuzz target: TMIGR_ENGINE must be fibers or threads (got '%s')\n", e);
		exit(2);
	}
	return 0;
}

#ifdef TMIGR_FUZZ_HOTPLUG
static const enum exec_profile profile = EXEC_PROFILE_HOTPLUG;
#else
static const enum exec_profile profile = EXEC_PROFILE_PLAIN;
#endif

#define FUZZ_MAX_CPUS	600

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exec_program prog;
	struct exec_listener listener;
	struct exec_opts opts;
	struct exec_result res;

	exec_decode(data, size, &prog);
	/*
	 * The extended topology reaches 8192 CPUs (stress records); a thread
	 * per CPU per input would stall fuzzing. Beyond the seeds' 520 CPUs
	 * the fuzzer learns nothing a smaller topology does not show.
	 */
	if (prog.cpus > FUZZ_MAX_CPUS)
		return 0;
	exec_apply_profile(&prog, profile);
	fuzz_feedback_listener(&listener);
	memset(&opts, 0, sizeof(opts));
	opts.mode = EXEC_BYTES;
	opts.variant = variant;
	opts.listener = &listener;

	exec_run(&prog, &opts, &res);
	if (res.reports > res.new_reports)
		fuzz_ignored_note(data, size);
	if (res.new_reports || res.outcome != CTL_COMPLETE)
		fuzz_crash(&res, profile);
	return 0;
}
