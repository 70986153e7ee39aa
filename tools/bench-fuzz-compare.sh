#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fuzzing throughput of two fuzz builds side by side: a baseline (e.g. main,
# built in a separate build dir) and the build under test. For every target
# and round each build fuzzes for SECONDS from a fresh copy of the seed
# corpus with the flags of fuzz/TARGET.options (what tools/fuzz-run.sh and
# tools/campaign use) and the same -seed, one after the other, so both see
# the same machine load. Prints exec/s, executions, peak RSS, how many
# distinct looked-past signatures each run met (the documented findings: a
# proxy for how fast it finds them), and the coverage of each final corpus
# measured with the BASE build's binary: the two builds instrument
# different amounts of harness code, so their own "cov:" figures are not
# comparable (docs/BENCHMARKS.md).
#
#   tools/bench-fuzz-compare.sh [-t SECONDS] [-r ROUNDS] [-T TARGET[,...]]
#                               [-b FLAGS] [-n FLAGS] BASE-BUILD NEW-BUILD
#
# -b and -n add libFuzzer flags to the base and the new side (after the
# .options ones, so they win): one build against itself with different
# flags compares the flags, e.g.
#   tools/bench-fuzz-compare.sh -b -entropic_scale_per_exec_time=0 build-fuzz build-fuzz
#
# The documented findings and leads on `fixed` are looked past
# (FUZZ_BENCH_IGNORE, tools/fuzz-options.sh): a crash would end a run early. Corpora
# and crash files go to a temporary directory that is removed at the end.
set -euo pipefail

usage() {
	echo "usage: tools/bench-fuzz-compare.sh [-t SECONDS] [-r ROUNDS] [-T TARGET[,...]] [-b FLAGS] [-n FLAGS] BASE-BUILD NEW-BUILD"
}

secs=30 rounds=2 targets=tmigr_interleave,tmigr_hotplug base_extra="" new_extra=""
while getopts ":t:r:T:b:n:h" opt; do
	case $opt in
	t) secs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	T) targets=$OPTARG ;;
	b) base_extra=$OPTARG ;;
	n) new_extra=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $secs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] ||
	{ echo "bench-fuzz-compare: -t and -r take a positive count" >&2; exit 2; }
[ $# -eq 2 ] || { usage >&2; exit 2; }
for f in $base_extra $new_extra; do
	[[ $f == -* ]] || { echo "bench-fuzz-compare: -b and -n take libFuzzer flags (-name=value), not '$f'" >&2; exit 2; }
done
base=$1 new=$2
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/fuzz-options.sh
. "$root/tools/fuzz-options.sh"
IFS=, read -r -a tlist <<<"$targets"
for t in "${tlist[@]}"; do
	[ -f "$root/fuzz/$t.options" ] || { echo "bench-fuzz-compare: unknown target '$t'" >&2; exit 2; }
	for b in "$base" "$new"; do
		[ -x "$b/fuzz/$t" ] || { echo "bench-fuzz-compare: $b/fuzz/$t not built (make fuzz)" >&2; exit 2; }
	done
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64} TMIGR_VARIANT=fixed
export TMIGR_IGNORE_SIGNATURES=$FUZZ_BENCH_IGNORE

# stat NAME OUTPUT: the value of libFuzzer's "stat::NAME:" line
stat() { sed -n "s/^stat::$1: *//p" <<<"$2"; }

# cov_by_base TARGET DIR: "cov ft" of DIR's units, measured by the base binary
cov_by_base() {
	"$base/fuzz/$1" -runs=0 "$2" 2>&1 | sed -n 's/.*INITED cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p'
}

echo "| target | round | build | exec/s | executions | peak RSS MB | signatures met | cov / ft (base's instrumentation) | load |"
echo "|---|---|---|---:|---:|---:|---:|---|---|"
for r in $(seq "$rounds"); do
	for t in "${tlist[@]}"; do
		mapfile -t flags < <(fuzz_options_flags "$root" "$t")
		for side in base new; do
			[ $side = base ] && b=$base extra=$base_extra || b=$new extra=$new_extra
			d=$tmp/$t-$side-$r
			mkdir -p "$d/corpus" "$d/ignored"
			cp "$root/corpus/$t"/* "$d/corpus/"
			# shellcheck disable=SC2086 # the extra flags are words
			out=$(TMIGR_IGNORED_DIR=$d/ignored "$b/fuzz/$t" "${flags[@]}" $extra \
				-seed=7 -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$tmp/" "$d/corpus" 2>&1) || true
			met=$(cat "$d"/ignored/counts-*.tsv 2>/dev/null | cut -f1 | sort -u | grep -c . || true)
			echo "| $t | $r | $side | $(stat average_exec_per_sec "$out") | $(stat number_of_executed_units "$out") |" \
			     "$(stat peak_rss_mb "$out") | $met | $(cov_by_base "$t" "$d/corpus" | sed 's| | / |') | $(cut -d' ' -f1 /proc/loadavg) |"
		done
	done
done
