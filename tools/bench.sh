#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every figure of docs/BENCHMARKS.md, measured back to back in one run on
# this machine and printed as markdown. Compare ratios within one run; the
# absolute figures move with the machine's load.
#
#   tools/bench.sh [--quick]
#
# --quick: short measurements (a smoke test of the script, not figures).
# env: STRESS_SECONDS (default 10), FUZZ_SECONDS (default 60, per target and
#      engine), STRESS_CPUS (default "2 8 64 256 1024")
set -euo pipefail
cd "$(dirname "$0")/.."

quick=${1:-}
case $quick in ''|--quick) ;; *) echo "usage: tools/bench.sh [--quick]" >&2; exit 2 ;; esac
stress_secs=${STRESS_SECONDS:-10}
fuzz_secs=${FUZZ_SECONDS:-60}
cpus=${STRESS_CPUS:-2 8 64 256 1024}
handoffs=200000 exec_runs=200
if [ -n "$quick" ]; then
	stress_secs=1 fuzz_secs=5 cpus="2 64" handoffs=20000 exec_runs=10
fi

for t in build/tools/tmigr-bench-handoff build/tools/tmigr-bench-exec build/stress/tmigr-stress; do
	[ -x "$t" ] || { echo "bench: $t not found; run 'make' first" >&2; exit 2; }
done

echo "tmigr-torture benchmarks, $(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## Handoff: controlled scheduler (both engines) against a futex ping-pong"
echo
echo '```'
build/tools/tmigr-bench-handoff "$handoffs" 8
echo '```'
echo
echo "## One controlled run (both engines) against a sequential run of the same program"
echo
build/tools/tmigr-bench-exec -n "$exec_runs" corpus/tmigr_interleave/*.bin
echo
echo "## Free-mode stress throughput"
echo
# shellcheck disable=SC2086 # a list of counts
ENGINES="fibers threads" tools/bench-stress.sh "$stress_secs" $cpus | sed 1d
echo
# shellcheck source=tools/fuzz-options.sh
. tools/fuzz-options.sh
echo "## Fuzzing throughput (libFuzzer, ASan+UBSan, ${fuzz_secs} s per target and engine from the seed corpus)"
echo
if [ ! -x build-fuzz/fuzz/tmigr_interleave ] || [ ! -x build-fuzz/fuzz/tmigr_hotplug ]; then
	echo "(skipped: build the targets with 'make fuzz' first)"
	exit 0
fi
echo "Compiler: $(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' build-fuzz/CMakeCache.txt 2>/dev/null); flags: fuzz/TARGET.options; looked past: $FUZZ_BENCH_IGNORE"
echo
echo "| target | engine | exec/s | executions | corpus units | coverage (cov/ft) |"
echo "|:-------|:-------|-------:|-----------:|-------------:|------------------:|"
for target in tmigr_interleave tmigr_hotplug; do
    for engine in fibers threads; do
	work=$(mktemp -d)
	log=$work/log
	mapfile -t flags < <(fuzz_options_flags "$PWD" "$target")
	TMIGR_ENGINE=$engine TMIGR_VARIANT=fixed TMIGR_IGNORE_SIGNATURES=$FUZZ_BENCH_IGNORE \
		build-fuzz/fuzz/$target "${flags[@]}" -max_total_time="$fuzz_secs" -print_final_stats=1 \
		-artifact_prefix="$work/" "$work" "corpus/$target" >"$log" 2>&1 || true
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	corp=$(sed -n 's/.*corp: \([0-9]*\).*/\1/p' <<<"$last")
	cov=$(sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1\/\2/p' <<<"$last")
	echo "| $target | $engine | ${eps:-?} | ${units:-?} | ${corp:-?} | ${cov:-?} |"
	rm -rf "$work"
    done
done
