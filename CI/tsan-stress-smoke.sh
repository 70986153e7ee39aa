#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-stress under ThreadSanitizer: fails on any TSan warning (data race,
# lock-order inversion, ...) and on any report of the oracles, except the
# signatures of documented findings (docs/findings.md; tmigr-search
# --list-known prints their patterns, check/known.c; corpus/findings/ replays
# them): a 6.12 race whose window TSan's timing widens. Those are printed,
# not fatal.
#
# usage: CI/tsan-stress-smoke.sh [CPUS] [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
cpus=${1:-64}
secs=${2:-20}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

make stress-tsan N="$cpus" SECONDS="$secs" ARGS=-q >"$log" 2>&1
status=$?
tail -n 20 "$log"
if grep -q "WARNING: ThreadSanitizer" "$log"; then
	echo "tsan-stress-smoke: ThreadSanitizer warnings:"
	grep -A 30 "WARNING: ThreadSanitizer" "$log" | head -120
	exit 1
fi
if [ "$status" != 0 ]; then
	if ! CI/documented-only.sh "$log" build-tsan/tools/tmigr-search; then
		echo "tsan-stress-smoke: tmigr-stress exited with $status"
		exit 1
	fi
fi
echo "tsan-stress-smoke: clean ($cpus CPUs, $secs s)"
