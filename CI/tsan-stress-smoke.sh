#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-stress under ThreadSanitizer: fails on any TSan warning (data race,
# lock-order inversion, ...) and on any report of the oracles, except the
# late-timer finding of docs/findings.md (a 6.12 race, replayed by
# corpus/findings/deactivate-vs-last-idle.txt): in free mode it shows only
# under TSan's timing, rarely. It is printed, not fatal.
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
	others=$(grep -E '^ +[0-9]+  [a-z-]+:' "$log" | grep -v 'late-timer:global-timer-late:' | grep -vc '(known issue)')
	if [ "$status" = 1 ] && [ "$others" = 0 ] && grep -q 'late-timer:global-timer-late:' "$log"; then
		echo "tsan-stress-smoke: NOTE: the late-timer finding of docs/findings.md fired; not failing on it"
		grep -B2 -A30 '^==== REPORT late-timer' "$log" | head -60
	else
		echo "tsan-stress-smoke: tmigr-stress exited with $status"
		exit 1
	fi
fi
echo "tsan-stress-smoke: clean ($cpus CPUs, $secs s)"
