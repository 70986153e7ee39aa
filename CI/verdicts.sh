#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The same input gives the same run in every build and both controlled
# engines: replays the corpus (each input with its schedule bytes, random and
# pct) in the gcc, clang, ASan+UBSan and TSan builds, each with fibers and
# with threads, and compares story checksums and verdicts. Run after the
# builds exist (CI/run.sh builds them first).
#
# usage: CI/verdicts.sh [BUILD-DIR...]   default: build build-clang build-asan build-tsan
set -uo pipefail
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} = 0 ] && dirs=(build build-clang build-asan build-tsan)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

runs=()
for d in "${dirs[@]}"; do
	if [ ! -x "$d/tools/tmigr-replay" ]; then
		echo "verdicts: $d/tools/tmigr-replay not built" >&2
		exit 2
	fi
	for engine in fibers threads; do
		run=$(basename "$d").$engine
		tests/test_corpus_replay.sh "$d/tools/tmigr-replay" corpus --print $engine >"$tmp/$run.txt" ||
			{ echo "verdicts: replaying the corpus in $d ($engine) failed"; exit 1; }
		runs+=("$run")
	done
done

ref=${runs[0]}
status=0
for run in "${runs[@]:1}"; do
	if ! diff -u "$tmp/$ref.txt" "$tmp/$run.txt" >"$tmp/diff"; then
		echo "verdicts: $run differs from $ref (input strategy story-sha256 verdict):"
		head -40 "$tmp/diff"
		status=1
	fi
done
[ $status = 0 ] && echo "verdicts: $(wc -l <"$tmp/$ref.txt") replays give the same story and verdict in ${runs[*]}"
exit $status
