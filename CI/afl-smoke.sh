#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# AFL++ smoke: build the fuzz targets with afl-clang-fast (make fuzz-afl,
# build-afl/) and run afl-fuzz on each for a few seconds on its seed corpus
# and dict. Skipped, with the reason, when AFL++ is not installed
# (Debian: apt-get install afl++).
#
#   CI/afl-smoke.sh [SECONDS]     (default 10 per target)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
case $secs in ''|*[!0-9]*) echo "afl-smoke: SECONDS must be a number (got '$secs')" >&2; exit 2 ;; esac
if ! command -v afl-fuzz >/dev/null || ! command -v afl-clang-fast >/dev/null; then
	echo "afl-smoke: skipped: AFL++ is not installed (apt-get install afl++)"
	exit 0
fi
nice -n 10 make fuzz-afl >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for opts in fuzz/*.options; do
	t=$(basename "$opts" .options)
	if [ ! -x "build-afl/fuzz/$t" ]; then
		echo "afl-smoke: $t: not built by make fuzz-afl (tmigr_diff needs the kernel backend)"
		continue
	fi
	# No UI, no CPU binding or frequency checks (shared CI machines), crashes
	# are fine (documented findings crash the targets): only "it runs" counts.
	AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	AFL_SKIP_CRASHES=1 AFL_IGNORE_SEED_PROBLEMS=1 \
		nice -n 10 afl-fuzz -V "$secs" -t 10000+ -m none -i "corpus/$t" -o "$tmp/$t" \
		-x "fuzz/$t.dict" -- "build-afl/fuzz/$t" >"$tmp/$t.log" 2>&1 || true
	stats=$(find "$tmp/$t" -name fuzzer_stats | head -1)
	execs=
	[ -z "$stats" ] || execs=$(sed -n 's/^execs_done *: *//p' "$stats")
	if [ -n "$execs" ] && [ "$execs" -gt 0 ]; then
		echo "afl-smoke: $t: $execs execs in $secs s, $(sed -n 's/^saved_crashes *: *//p;s/^unique_crashes *: *//p' "$stats") crashes"
	else
		tail -20 "$tmp/$t.log"
		echo "afl-smoke: $t: afl-fuzz did not run"
		status=1
	fi
done
exit $status
