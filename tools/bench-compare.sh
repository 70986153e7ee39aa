#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Controlled vs sequential run of the same programs, two builds side by side:
# a baseline (e.g. main, built in a separate build dir) and the build under
# test. For every input and round, each build's tmigr-bench-exec runs back to
# back, so both see the same machine load; the table gives the median of the
# rounds of each ratio (docs/BENCHMARKS.md, "Controlled vs sequential").
#
#   tools/bench-compare.sh [-n RUNS] [-r ROUNDS] BASE-BUILD NEW-BUILD FILE...
#
# e.g.  git worktree add /tmp/base main && cmake -S /tmp/base -B build-base ...
#       tools/bench-compare.sh build-base build corpus/tmigr_interleave/*.bin
set -euo pipefail

usage() {
	echo "usage: tools/bench-compare.sh [-n RUNS] [-r ROUNDS] BASE-BUILD NEW-BUILD FILE..."
}

runs=200 rounds=3
while getopts ":n:r:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $runs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] ||
	{ echo "bench-compare: -n and -r take a positive count" >&2; exit 2; }
[ $# -ge 3 ] || { usage >&2; exit 2; }
base=$1 new=$2
shift 2
for b in "$base" "$new"; do
	[ -x "$b/tools/tmigr-bench-exec" ] ||
		{ echo "bench-compare: $b/tools/tmigr-bench-exec not built" >&2; exit 2; }
done
for f in "$@"; do
	[ -r "$f" ] || { echo "bench-compare: cannot read $f" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One row per build, input and round: build input cpus seq thr-ratio fib-cpu-ratio rnd-cpu-ratio
for ((r = 0; r < rounds; r++)); do
	for f in "$@"; do
		for b in base new; do
			dir=$base
			[ $b = new ] && dir=$new
			nice -n 10 "$dir/tools/tmigr-bench-exec" -n "$runs" "$f" | grep '^| [^:-]' | tail -1 |
				awk -F'|' -v b=$b '{ gsub(/ /, ""); print b, $2, $3, $5, $7, $11, $15 }' >>"$tmp/rows"
		done
	done
done

echo "| input | CPUs | sequential us (base / new) | threads ratio (base / new) | fibers CPU-time ratio (base / new) | random CPU-time ratio (base / new) |"
echo "|:------|-----:|---------------------------:|---------------------------:|-----------------------------------:|-----------------------------------:|"
for f in "$@"; do
	name=$(basename "$f")
	cpus=$(awk -v n="$name" '$2 == n { print $3; exit }' "$tmp/rows")
	cells=()
	for col in 4 5 6 7; do
		cell=
		for b in base new; do
			med=$(awk -v n="$name" -v b=$b -v c=$col '$1 == b && $2 == n { print $c }' "$tmp/rows" |
				sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
			cell+=${cell:+ / }$med
		done
		cells+=("$cell")
	done
	echo "| $name | $cpus | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} |"
done
