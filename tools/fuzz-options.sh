# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced by the scripts that run the fuzz targets (tools/fuzz-run.sh,
# tools/bench-fuzz-compare.sh, tools/bench.sh): fuzz/TARGET.options, the
# flags every run of a target takes, and what the benchmarks look past.

# fuzz_options_flags ROOT TARGET: ROOT/fuzz/TARGET.options as libFuzzer
# flags, one per line, the dict as an absolute path.
fuzz_options_flags() {
	local key value
	while IFS='=' read -r key value; do
		key=$(echo "$key" | tr -d ' ') value=$(echo "$value" | tr -d ' ')
		case $key in ''|\[*|\#*) continue ;; dict) value=$1/fuzz/$value ;; esac
		echo "-$key=$value"
	done <"$1/fuzz/$2.options"
}

# FUZZ_BENCH_IGNORE: the benchmarks' TMIGR_IGNORE_SIGNATURES, the documented
# findings and the leads on `fixed` (corpus/leads/): a crash would end a
# timed run early.
# shellcheck disable=SC2034 # used by the scripts that source this file
FUZZ_BENCH_IGNORE="known,warn:tmigr_setup_groups,structure:root-count,warn:__walk_groups,event-queue,structure:node-locality"
