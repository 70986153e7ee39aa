#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# No controlled run can hang, and searches look past what is known.
#
#  - A liveness bug planted in the environment (TMIGR_TEST_PLANT, never a
#    variant): an endless requeue (a CPU's wakeup always reprogrammed to
#    "now") and an endless softirq (the timer softirq raising itself
#    forever). tmigr-replay, tmigr-search and the fuzz target's entry
#    function each end with a livelock report naming the looping CPU and
#    where it loops, within the hang guard.
#  - The drain ends when the timekeeping CPU keeps its tick (nohz_full=).
#  - Signature patterns: --signature and --ignore-signature take an oracle,
#    oracle:site or the full signature and reject what names nothing (exit 2,
#    listing what exists); --ignore-known on remote-expiry-walk goes past
#    the known race; TMIGR_IGNORE_SIGNATURES does the same for the fuzz
#    targets, and TMIGR_IGNORED_DIR keeps what they look past (the input,
#    counts per signature), also when they crash later, never in a merge.
#
# usage: test_liveness.sh BUILD-TOOLS-DIR FUZZ-ENTRY CORPUS-DIR
set -u
if [ $# != 3 ]; then
	echo "usage: test_liveness.sh BUILD-TOOLS-DIR FUZZ-ENTRY CORPUS-DIR" >&2
	exit 2
fi
tools=$1
entry=$2
corpus=$3
. "$(dirname "$0")/sh_lib.sh"
guard=${LIVENESS_TIMEOUT:-300}	# a hang guard, not a speed check
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT


# check NAME WANT-RC PATTERN... -- CMD...: CMD exits WANT-RC (a regex) and its
# output holds every PATTERN (grep -E).
check() {
	local name=$1 want=$2 rc
	shift 2
	local pats=()
	while [ "$1" != -- ]; do pats+=("$1"); shift; done
	shift
	( timeout "$guard" "$@" ) >"$tmp/out" 2>&1	# the subshell takes bash's "Aborted"
	rc=$?
	if [ $rc = 124 ]; then
		fail "$name: still running after $guard s (a hang)"
		return
	fi
	if ! [[ $rc =~ ^($want)$ ]]; then
		fail "$name: exit $rc, want $want"; tail -5 "$tmp/out"
		return
	fi
	for p in "${pats[@]}"; do
		grep -qE -- "$p" "$tmp/out" || { fail "$name: no '$p' in:"; tail -20 "$tmp/out"; }
	done
	echo "ok: $name"
}

prog=$corpus/programs/remote-expiry-walk.txt
bin=$corpus/tmigr_interleave/remote-expiry-walk.bin
abort='134|-6|262'	# abort(): 128 + SIGABRT

# ---- planted liveness bugs: every channel ends -----------------------------------
for plant in requeue:3 softirq:2; do
	cpu=${plant#*:}
	case $plant in
	requeue:*) sig='livelock:wakeups-without-timer'; where="CPU$cpu is idle, tick stopped; its next event is at [0-9]+ ns \\(already due" ;;
	softirq:*) sig='livelock:softirq-iterations'; where="Where it loops: run_timer_softirq\\(\\) on CPU$cpu, still inside" ;;
	esac
	export TMIGR_TEST_PLANT=$plant
	check "replay, planted $plant" 1 "REPORT $sig" "$where" "verdict: VIOLATION $sig" -- \
		"$tools/tmigr-replay" "$bin"
	check "search pct, planted $plant" 1 "^tmigr-search: $sig" -- \
		"$tools/tmigr-search" -q --runs 3 "$prog"
	check "search random, planted $plant" 1 "^tmigr-search: $sig" -- \
		"$tools/tmigr-search" -q --strategy random --runs 3 "$prog"
	check "search dfs, planted $plant" 1 "^tmigr-search: $sig" -- \
		"$tools/tmigr-search" -q --strategy dfs --max-runs 3 "$prog"
	check "fuzz entry, planted $plant" "$abort" "tmigr-torture: livelock violation" \
		"signature: $sig" "$where" -- "$entry" "$bin"
	unset TMIGR_TEST_PLANT
done
check "TMIGR_TEST_PLANT validated" 2 "TMIGR_TEST_PLANT must be" -- \
	env TMIGR_TEST_PLANT=requeue:99 "$tools/tmigr-replay" "$bin"

# Under nohz_full= CPU0 keeps its tick in idle: the drain still ends, and a
# timer no migrator sees is reported lost, not as a livelock of CPU0's ticks.
nzf=$corpus/findings/deactivate-vs-last-idle-nohz-full.txt
check "drain ends under nohz_full: the lost timer" 1 \
	"REPORT ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above" \
	"no CPU left to wake up but CPU0, whose tick" -- "$tools/tmigr-replay" "$nzf"
grep -q "REPORT livelock" "$tmp/out" && fail "drain under nohz_full: a livelock report"
check "drain ends under nohz_full: clean when fixed" 0 "verdict: clean" -- \
	"$tools/tmigr-replay" --variant fix-remote-ignore "$nzf"
# CPU0 serviced before its tick was due has not looked at the timers yet:
# its pinned timer due now runs at the next tick, not at the next expiry
# (tmigr_hotplug found the drain jumping 176 ms past it).
cat >"$tmp/kept-tick.txt" <<'EOF'
# tmigr-program
cpus 20
nodes 2
layout blocks
memory-nodes 1
absent-cpus no-node
nohz_full on
online 0,2-8,10-16,18-19
cpu 0: cancel 60; arm 0 +3 irq; irq; irq; arm 0 +48; arm 0 +16 irq rearm 1
cpu 0: arm 1 +61; irq; wake; arm 0 +48; arm 0 +176 irq rearm 1; arm 1 +0
cpu 0: arm 3 +183 irq rearm 1; idle; arm 0 +176 irq rearm 1
cpu 1: arm 1 +189 irq rearm 1; hotplug 13 idle; arm 0 +176; arm 0 +0
cpu 1: nop; nop
EOF
check "drain under nohz_full: a kept tick not yet due still runs the timers due now" 0 \
	"verdict: clean" -- "$tools/tmigr-replay" --profile hotplug "$tmp/kept-tick.txt"

# ---- signature patterns -----------------------------------------------------------
check "--signature names no oracle" 2 "'bogus' names no oracle; the oracles are: warn, .*event-queue" -- \
	"$tools/tmigr-search" --signature bogus "$prog"
check "--signature names no site" 2 "names no site of late-timer; its sites are: global-timer-late" -- \
	"$tools/tmigr-search" --signature late-timer:nope "$prog"
check "--ignore-signature names no oracle" 2 "names no oracle" -- \
	"$tools/tmigr-search" --ignore-signature nope:x "$prog"
check "--list-known" 0 "^event-queue:idle-child-not-queued	documented finding" \
	"^structure:node-locality	known issue" -- "$tools/tmigr-search" --list-known

# The known race of remote-expiry-walk shows at PCT seed 754 (docs/findings.md).
seed=754
check "search stops at the known race" 1 "^tmigr-search: event-queue:idle-child-[a-z-]+:fixed after 1 schedule" -- \
	"$tools/tmigr-search" -q --seed $seed --runs 3 "$prog"
check "--signature oracle prefix finds it" 1 "^tmigr-search: event-queue:idle-child-[a-z-]+:fixed after 1 schedule" -- \
	"$tools/tmigr-search" -q --seed $seed --runs 1 --signature event-queue "$prog"
check "--signature oracle:site of the drain says what fired instead" 1 \
	"run 1: event-queue:idle-child-[a-z-]+:fixed fired, not --signature ignored-timer" \
	"^tmigr-search: ignored-timer:global-timer-never-expired/[a-z/-]+:fixed after 1 schedule" -- \
	"$tools/tmigr-search" --seed $seed --runs 1 --signature ignored-timer:global-timer-never-expired "$prog"
check "--ignore-known goes past the known race" 0 "3 schedules \\(pct\\), no violation" -- \
	"$tools/tmigr-search" -q --seed $seed --runs 3 --ignore-known "$prog"
check "--ignore-signature (repeated) goes past it" 0 "3 schedules \\(pct\\), no violation" -- \
	"$tools/tmigr-search" -q --seed $seed --runs 3 --ignore-signature event-queue \
	--ignore-signature ignored-timer:global-timer-never-expired "$prog"

# The fuzz targets: a documented finding crashes, unless ignored.
finding=$tmp/lost.bin
"$tools/tmigr-mkinput" "$corpus/findings/deactivate-vs-last-idle-lost.txt" -o "$finding" >/dev/null 2>&1 ||
	fail "mkinput of the lost finding"
check "fuzz entry crashes on the finding" "$abort" "signature: event-queue:idle-child-not-queued:fixed" -- \
	"$entry" "$finding"
check "TMIGR_IGNORE_SIGNATURES=known: clean" 0 -- \
	env TMIGR_IGNORE_SIGNATURES=known "$entry" "$finding"
check "TMIGR_IGNORE_SIGNATURES=event-queue: the drain's report crashes" "$abort" \
	"signature: ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed" -- \
	env TMIGR_IGNORE_SIGNATURES=event-queue "$entry" "$finding"
check "TMIGR_IGNORE_SIGNATURES validated" 2 "TMIGR_IGNORE_SIGNATURES: 'nope' names no oracle" -- \
	env TMIGR_IGNORE_SIGNATURES=known,nope "$entry" "$finding"

# TMIGR_IGNORED_DIR keeps what is looked past (fuzz/ignored.c): the input,
# once, and the executions per signature, of both reports of the run.
kept=$tmp/ignored
mkdir "$kept"
check "TMIGR_IGNORED_DIR: three runs looked past" 0 -- \
	env TMIGR_IGNORE_SIGNATURES=known TMIGR_IGNORED_DIR="$kept" "$entry" "$finding" "$finding" "$finding"
counts=$(ls "$kept"/counts-*.tsv 2>/dev/null)
inputs=$(ls "$kept"/ignored-* 2>/dev/null)
[ "$(echo "$counts" | grep -c .)" = 1 ] || fail "TMIGR_IGNORED_DIR: want one counts file, got: $counts"
[ "$(echo "$inputs" | grep -c .)" = 1 ] || fail "TMIGR_IGNORED_DIR: want the input kept once, got: $inputs"
cmp -s "$inputs" "$finding" || fail "TMIGR_IGNORED_DIR: the kept input is not the input"
grep -qx "event-queue:idle-child-not-queued:fixed	3	$(basename "$inputs")" "$counts" ||
	fail "TMIGR_IGNORED_DIR: quiescent-point report not counted 3 times: $(cat "$counts")"
grep -qE "^ignored-timer:global-timer-never-expired/group-event-not-queued/[a-z-]+:fixed	3	" "$counts" ||
	fail "TMIGR_IGNORED_DIR: drain report not counted 3 times: $(cat "$counts")"
ls -A "$kept" | grep -q '^\.' && fail "TMIGR_IGNORED_DIR: temporary files left: $(ls -A "$kept")"
# A crash on another report still writes the counts first (abort runs no atexit).
rm -f "$kept"/*
check "TMIGR_IGNORED_DIR: counts written before a crash" "$abort" \
	"signature: ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed" -- \
	env TMIGR_IGNORE_SIGNATURES=event-queue TMIGR_IGNORED_DIR="$kept" "$entry" "$finding"
grep -q "^event-queue:idle-child-not-queued:fixed	1	ignored-" "$kept"/counts-*.tsv ||
	fail "TMIGR_IGNORED_DIR: no counts before the crash"
# A merge re-runs inputs: nothing recorded. A directory that is not one: exit 2.
rm -f "$kept"/*
check "TMIGR_IGNORED_DIR: nothing recorded in a merge" 0 -- \
	env TMIGR_IGNORE_SIGNATURES=known TMIGR_IGNORED_DIR="$kept" "$entry" -merge=1 "$finding"
[ -z "$(ls -A "$kept")" ] || fail "TMIGR_IGNORED_DIR: a merge recorded $(ls -A "$kept")"
check "TMIGR_IGNORED_DIR validated" 2 "TMIGR_IGNORED_DIR '$finding' is not a writable directory" -- \
	env TMIGR_IGNORED_DIR="$finding" "$entry" "$finding"

if [ $fails != 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "test_liveness.sh: all passed"
