#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# How long does the timer lost by the deactivation race really wait
# (docs/findings/deactivate-vs-last-idle.md)? Each seed runs the lost input
# (CPU2's global timer due at 20 ms, GRP1:0 not told) followed by random
# activity of the rest of the system, and reports when timer 8 runs: its
# delay past its expiry, or "never" (the drain found nobody to run it).
# Scenarios:
#   other-group   CPU0 and CPU1 (GRP0:0) tick, arm and cancel their own
#                 timers, go idle and wake, advance the clock
#   +hotplug      the same, plus hotplug of any CPU (CPU2 and CPU3 too)
#   +same-group   the same as other-group, plus CPU3 (CPU2's group) active
# Prints one row per scenario and variant: runs, never, and the delay
# percentiles of the runs where the timer ran.
#
# usage: tools/finding-delay.sh [SEEDS] [OPS]
#        SEEDS seeds per scenario (default 200), OPS random ops per busy CPU
#        (default 40)
# env:   TOOLS=directory of tmigr-mkinput and tmigr-replay (default build/tools)
#        VARIANTS="fixed fix-deactivate-walk" (default)
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/finding-delay.sh [SEEDS] [OPS]" >&2; exit 2; }
[ "${1:-}" = -h ] || [ "${1:-}" = --help ] && { sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
seeds=${1:-200} ops=${2:-40}
case $seeds in ''|*[!0-9]*|0) usage ;; esac
case $ops in ''|*[!0-9]*|0) usage ;; esac
[ "$ops" -le 255 ] || { echo "finding-delay: OPS must be at most 255" >&2; exit 2; }
tools=${TOOLS:-build/tools}
variants=${VARIANTS:-fixed fix-deactivate-walk}
for t in tmigr-mkinput tmigr-replay; do
	[ -x "$tools/$t" ] || { echo "finding-delay: $tools/$t not found; run 'make' first" >&2; exit 2; }
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# ops SEED CPU HOTPLUG: OPS random operations for CPU, ';'-separated.
# Timers armed are the CPU's own (slots 0, 1, 3); cancels hit only CPU0's
# and CPU1's timers (0..7), never CPU2's timer 8.
rand_ops() {
	awk -v seed="$1" -v cpu="$2" -v hp="$3" -v n="$ops" 'BEGIN {
		srand(seed * 16 + cpu)
		for (i = 0; i < n; i++) {
			r = int(rand() * 100)
			if (r < 40)      op = "tick"
			else if (r < 52) op = sprintf("arm %d +%d", int(rand() * 2) ? 3 : int(rand() * 2), 1 + int(rand() * 30))
			else if (r < 62) op = "idle"
			else if (r < 72) op = "wake"
			else if (r < 77) op = sprintf("cancel %d", int(rand() * 8))
			else if (r < 90 || !hp) op = sprintf("clock %d", 1 + int(rand() * 8))
			else             op = sprintf("hotplug %d%s", int(rand() * 4), int(rand() * 2) ? " idle" : "")
			printf "%s%s", (i ? "; " : ""), op
		}
	}'
}

# One program: the lost input's race (CPU2 runs to its cmpxchg, CPU3 goes
# idle, then the default policy), then the background.
program() {	# SEED SCENARIO
	local seed=$1 sc=$2 hp=0
	[ "$sc" = +hotplug ] && hp=1
	echo "cpus 4"
	echo "nodes 2"
	echo "layout blocks"
	echo "cpu 0: $(rand_ops "$seed" 0 $hp)"
	echo "cpu 1: $(rand_ops "$seed" 1 $hp)"
	echo "cpu 2: arm 0 +20; idle"
	if [ "$sc" = +same-group ]; then
		echo "cpu 3: idle; $(rand_ops "$seed" 3 0)"
	else
		echo "cpu 3: idle"
	fi
	echo "schedule 22 2 0 3"
}

# delay_of STORY: timer 8's delay in ms, "never", or "?" (no verdict line).
delay_of() {
	awk '/---- timer 8 \(owner CPU2/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "ns" && $(i + 2) ~ /^late/) { printf "%.3f\n", $i / 1e6; found = 1; exit } }
	     /timer 8 \(owner CPU2\) is pending/ { print "never"; found = 1; exit }
	     END { if (!found) print "?" }' "$1"
}

pct() {	# FILE P: P-th percentile of the sorted numbers in FILE
	awk -v p="$2" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit } i = int((NR - 1) * p / 100) + 1; print v[i] }' "$1"
}

# raced STORY: 0 when the race happened: CPU2's cmpxchg left CPU3 in charge,
# then CPU3 propagated GRP0:1 to GRP1:0, and only then CPU2 queued its event.
raced() {
	awk '!a && /cpu2 tmigr_inactive_up GRP0:1 try_cmpxchg -> ok/ { a = NR }
	     a && !b && /cpu3 tmigr_update_events GRP1:0.lock spin_lock/ { b = NR }
	     !c && /cpu2 tmigr_update_events GRP0:1.lock spin_lock/ { c = NR }
	     END { exit !(a && b && c && a < b && b < c) }' "$1"
}

echo "Delay of CPU2's lost timer (due 20 ms) past its expiry; $seeds seeds x $ops random ops per busy CPU;"
echo "only the seeds where the race happened count (the same seeds for both variants)"
echo
echo "| scenario | variant | race happened | never runs | delay p50 ms | p90 | p99 | max |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for sc in other-group +hotplug +same-group; do
	: >"$tmp/seeds"
	for ((s = 1; s <= seeds; s++)); do
		program $s $sc >"$tmp/p$s.txt"
		"$tools/tmigr-mkinput" "$tmp/p$s.txt" -o "$tmp/p$s.bin" --force >/dev/null || exit 2
		"$tools/tmigr-replay" "$tmp/p$s.bin" >"$tmp/story" 2>&1
		raced "$tmp/story" && echo $s >>"$tmp/seeds"
	done
	for v in $variants; do
		: >"$tmp/delays"
		never=0
		while read -r s; do
			"$tools/tmigr-replay" --no-accesses --variant "$v" "$tmp/p$s.bin" >"$tmp/story" 2>&1
			d=$(delay_of "$tmp/story")
			case $d in
			never) never=$((never + 1)) ;;
			'?') echo "finding-delay: seed $s $sc $v: no result in the story" >&2 ;;
			*) echo "$d" >>"$tmp/delays" ;;
			esac
		done <"$tmp/seeds"
		sort -g "$tmp/delays" -o "$tmp/delays"
		echo "| $sc | $v | $(wc -l <"$tmp/seeds")/$seeds | $never | $(pct "$tmp/delays" 50) | $(pct "$tmp/delays" 90) | $(pct "$tmp/delays" 99) | $(pct "$tmp/delays" 100) |"
	done
done
