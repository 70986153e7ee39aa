// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz targets' entry functions without libFuzzer: run
 * LLVMFuzzerTestOneInput() on each file named, as libFuzzer would run a
 * crash file, so that a test can check what a target does with an input
 * (tests/test_liveness.sh) in any build.
 *
 *   tmigr-fuzz-entry [-FLAG=VALUE]... FILE...
 *
 * Arguments that start with '-' are libFuzzer flags: LLVMFuzzerInitialize()
 * sees them (as in a merge, -merge=1), no input is read from them.
 *
 * Exit status: 0 when every input ran clean; a violation aborts (as in the
 * fuzzer); 2 on a file that cannot be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: tmigr-fuzz-entry [-FLAG=VALUE]... FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		static uint8_t buf[1 << 20];
		FILE *f;
		size_t n;

		if (argv[i][0] == '-')
			continue;
		f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "tmigr-fuzz-entry: cannot read '%s'\n", argv[i]);
			return 2;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	return 0;
}
