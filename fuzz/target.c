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
 * The variant comes from TMIGR_VARIANT (default fixed). A crash file replays
 * with tmigr-replay --profile <plain|hotplug> --variant <variant> FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static enum tmigr_variant variant = TMIGR_FIXED;

int LLVMFuzzerInitialize(int *argc, char ***argv);
#define FUZZ_MAX_CPUS	600

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *v = getenv("TMIGR_VARIANT");

	(void)argc;
	(void)argv;
	if (v && *v && !tmigr_variant_parse(v, &variant)) {
		fprintf(stderr, "tmigr fuzz target: unknown TMIGR_VARIANT '%s'\n", v);
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
	if (res.new_reports || res.outcome != CTL_COMPLETE)
		fuzz_crash(&res, profile);
	return 0;
}
