// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr_diff: differential libFuzzer target. Each input is decoded as in
 * tmigr_interleave and run sequentially on the model and on the kernel
 * backend (differential.h); any difference - a group's state, queue or
 * next_expiry, a CPU's wakeup, a returned value, a report - crashes, and
 * tmigr-diff CRASH-FILE shows it again. Needs a build with a kernel tree.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "tmigr/differential.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tmigr_backend *kernel;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	kernel = tmigr_backend_find("kernel", err, sizeof(err));
	if (!kernel) {
		fprintf(stderr, "tmigr_diff: %s\n", err);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exec_program prog;
	struct tmigr_diff_result res;

	exec_decode(data, size, &prog);
	if (tmigr_diff_run(&prog, &tmigr_model_backend, kernel, &res))
		return 0;	/* out of memory: not a finding */
	if (res.differ) {
		fprintf(stderr, "\n==== tmigr-torture: model and kernel differ\n%s\n"
			"==== replay: tmigr-diff CRASH-FILE\n", res.what);
		abort();
	}
	return 0;
}
