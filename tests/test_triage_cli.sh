#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The triage path as scripts see it (issue 12): exit codes (SIGINT 130,
# SIGTERM 143 after a partial summary, write errors 2), tmigr-stress
# --record checks and progress lines, tmigr-search progress and summaries,
# tmigr-replay --lkml and --perfetto, generated docs/findings.md, make's
# variables and clean targets, fuzz-run's SECONDS.
#
# usage: test_triage_cli.sh BUILD-DIR SOURCE-DIR
#   e.g. test_triage_cli.sh build .
set -u
set -m	# background jobs get their own process group and default SIGINT
if [ $# != 2 ]; then
	echo "usage: test_triage_cli.sh BUILD-DIR SOURCE-DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
stress=$build/stress/tmigr-stress
tools=$build/tools
finding=$src/corpus/findings/deactivate-vs-last-idle.txt
prog=$src/corpus/programs/seq-counter.txt
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT


# run WANT PATTERN CMD...: CMD exits WANT and its output matches PATTERN
run() {
	local want=$1 pattern=$2
	shift 2
	timeout 300 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	if [ "$rc" != "$want" ]; then
		fail "${*//$src/\$SRC} -> exit $rc, want $want"
		head -5 "$tmp/err" "$tmp/out"
	elif [ -n "$pattern" ] && ! cat "$tmp/out" "$tmp/err" | grep -q -- "$pattern"; then
		fail "${*//$src/\$SRC} -> output lacks '$pattern'"
		head -5 "$tmp/err" "$tmp/out"
	else
		ok "${*//$src/\$SRC}"
	fi
}

# interrupt SIG AFTER WANT PATTERN CMD...: CMD in the background gets SIG
# after AFTER seconds, must exit WANT within 20 s, output matching PATTERN
interrupt() {
	local sig=$1 after=$2 want=$3 pattern=$4 pid rc waited=0
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	sleep "$after"
	# A loaded machine may not have got the program going yet: wait (up to
	# 60 s) for its first output before interrupting it.
	while [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && [ $waited -lt 600 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	waited=0
	kill -"$sig" "$pid"
	while kill -0 "$pid" 2>/dev/null && [ $waited -lt 200 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
		fail "$* -> still running 20 s after SIG$sig"
		return
	fi
	wait "$pid"
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "SIG$sig to ${*//$src/\$SRC} -> exit $rc, want $want"
		tail -n 3 "$tmp/err" "$tmp/out"
	elif ! cat "$tmp/out" "$tmp/err" | grep -q -- "$pattern"; then
		fail "SIG$sig to ${*//$src/\$SRC} -> output lacks '$pattern'"
		tail -n 3 "$tmp/err" "$tmp/out"
	else
		ok "SIG$sig to ${*//$src/\$SRC} after ${after}s: exit $rc, '$pattern'"
	fi
}

# width FILE: no line of FILE is wider than 80 columns
width() {
	local w
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1")
	if [ "$w" -le 80 ]; then ok "$2: at most 80 columns ($w)"; else fail "$2: a line of $w columns"; fi
}

echo "== exit codes: signals and write errors (item 5)"
interrupt INT 1 130 "^verdict: " "$stress" -n 4 -t 60 -s 1
grep -q "interrupted by" "$tmp/out" && ok "stress summary says it was interrupted" ||
	fail "stress summary lacks 'interrupted by'"
interrupt TERM 1 143 "^verdict: " "$stress" -n 4 -t 60 -s 1
# large N: SIGTERM while thousands of threads start or CPUs boot (item 9)
interrupt TERM 1 143 "^verdict: " "$stress" -n 1024 -t 60 -s 1
interrupt INT 4 130 "no violation (interrupted)" "$tools/tmigr-search" --strategy random --runs 100000000 "$prog"
grep -q "random: [0-9]* schedules, nothing yet" "$tmp/err" && ok "search progress for random" ||
	fail "search printed no progress"
interrupt INT 4 130 "(interrupted: no violation so far)" "$tools/tmigr-search" --strategy dfs --bound 5 "$src/corpus/programs/big-64.txt"
grep -q "dfs: [0-9]* schedules, nothing yet" "$tmp/err" && ok "search progress for dfs" ||
	fail "dfs printed no progress"
run 2 "cannot write the summary" sh -c "'$stress' -n 2 -t 0 -q >/dev/full"
run 2 "cannot write the story" sh -c "'$tools/tmigr-replay' '$finding' >/dev/full"
run 2 "cannot write the story" sh -c "'$tools/tmigr-replay' -q '$finding' >/dev/full"
run 2 "cannot write the result" sh -c "'$tools/tmigr-search' -q --runs 2 '$prog' >/dev/full"
run 1 "after 1 schedule " "$tools/tmigr-search" -q --seed 102 --runs 1 "$finding"

echo "== tmigr-stress: -t 0, --record, progress, rerun (items 4, 6, 9, 10)"
run 0 "^verdict: clean" "$stress" -n 2 -t 0 -s 1 -q
run 0 "s wall (.* s of load)" "$stress" -n 2 -t 0 -s 1 -q
: >"$tmp/file"
run 2 "'.*file' is not a directory" "$stress" -n 2 -t 1 --record "$tmp/file"
run 2 "cannot create '.*nodir/rec'" "$stress" -n 2 -t 1 --record "$tmp/nodir/rec"
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
if [ -w "$tmp/ro" ]; then
	echo "skip --record into a read-only directory (running as root)"
else
	run 2 "cannot write into '.*ro'" "$stress" -n 2 -t 1 --record "$tmp/ro"
fi
# Runs that must be clean use the patched baseline: on 6.12 ('fixed') a free
# run may hit the races of docs/findings.md.
fri="--variant fix-remote-ignore"
run 0 "rerun .* --stop-on-report --stall-timeout 7" "$stress" -n 2 -t 0.2 -s 1 -q --stop-on-report --stall-timeout 7 $fri
"$stress" -n 4 -t 2.5 -s 3 --hotplug 0 >/dev/null 2>"$tmp/progress"
grep -q "op/s .*cpus [1-4]/4" "$tmp/progress" && ok "progress line" || fail "no progress line"
width "$tmp/progress" "stress progress"
"$stress" -n 32 -t 1.5 -s 7 --nodes 2 --node-layout interleaved $fri 2>&1 >/dev/null |
	grep "op/s" >"$tmp/known"
grep -q "rep 0 ([0-9]* known)" "$tmp/known" && ok "known issues apart from reports in progress" ||
	fail "progress counts known issues as reports: $(tail -1 "$tmp/known")"

echo "== tmigr-replay --lkml, reports, --perfetto (items 7, 8)"
for f in "$src"/corpus/findings/*.txt; do
	"$tools/tmigr-replay" --lkml "$f" >"$tmp/lkml"
	width "$tmp/lkml" "--lkml $(basename "$f")"
	grep -Eq "^Race between CPU[0-9]+ and CPU[0-9]+ " "$tmp/lkml" && ok "--lkml names the racing CPUs" ||
		fail "--lkml $(basename "$f"): no 'Race between CPUx and CPUy'"
	grep -q "^ 1\. " "$tmp/lkml" && grep -q "^Hierarchy after step 1:" "$tmp/lkml" &&
		ok "--lkml numbers its steps and draws after them" || fail "--lkml: no numbered steps"
	if grep -n "1073741823\|t=0 ns\|CPU -1\|cpu0 \|cpu1 " "$tmp/lkml"; then
		fail "--lkml $(basename "$f"): raw values or uninvolved CPUs"
	else
		ok "--lkml $(basename "$f"): no raw jiffies, t=0 ns, CPU -1 or bystanders"
	fi
done
"$tools/tmigr-replay" --lkml "$finding" >"$tmp/lkml"
grep -q "^  CPU2: op 5: idle" "$tmp/lkml" && grep -q "^  CPU3: op 1: idle" "$tmp/lkml" &&
	ok "--lkml names operations as the program writes them" ||
	fail "--lkml: operations not named as in the program"
for f in "$src"/corpus/tmigr_interleave/*.bin "$src"/corpus/findings/*.txt; do
	"$tools/tmigr-replay" --no-accesses "$f"
done >"$tmp/stories" 2>&1
if grep -q "CPU -1\|t=0 ns" "$tmp/stories"; then
	fail "stories print 'CPU -1' or 't=0 ns': $(grep -m1 "CPU -1\|t=0 ns" "$tmp/stories")"
else
	ok "stories never print 'CPU -1' or 't=0 ns'"
fi
"$tools/tmigr-replay" -q --perfetto "$tmp/t.json" "$finding" >/dev/null
grep -q '"s":"g".*"cat":"report","name":"REPORT event-queue:idle-child-stale' "$tmp/t.json" &&
	ok "perfetto: a marker at the report" || fail "perfetto: no report marker"
grep -q '"ph":"C".*"name":"scheduling step"' "$tmp/t.json" &&
	ok "perfetto: steps as a counter" || fail "perfetto: no step counter"
grep -q '"ph":"i".*"name":"try_cmpxchg GRP0:1 -> ok".*"detail":"tmigr_inactive_up"' "$tmp/t.json" &&
	ok "perfetto: shared accesses as instants" || fail "perfetto: no access instants"
grep -q '"ts":20000\.' "$tmp/t.json" && ok "perfetto: virtual ns on the time axis" ||
	fail "perfetto: no event at 20 ms virtual"
if command -v python3 >/dev/null; then
	python3 - "$tmp/t.json" <<'PY' && ok "perfetto: state tracks tile without gaps or overlaps" || fail "perfetto: state tracks have gaps or overlaps"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
tracks = {}
for e in ev:
    if e.get("cat") == "state":
        tracks.setdefault(e["tid"], []).append((e["ts"], e["ts"] + e["dur"]))
ok = bool(tracks)
for spans in tracks.values():
    spans.sort()
    ok &= spans[0][0] == 0
    ok &= all(abs(a[1] - b[0]) < 1e-6 for a, b in zip(spans, spans[1:]))
sys.exit(0 if ok else 1)
PY
else
	echo "skip perfetto track tiling (no python3)"
fi
run 0 "is up to date" env REPLAY="$tools/tmigr-replay" "$src/tools/findings-doc.sh" check

echo "== make and fuzz-run (items 3, 4, 10)"
for v in N SECONDS VARIANT; do
	run 2 "$v is empty; give it a value" make -C "$src" stress "$v="
done
run 2 "SECONDS is empty; give it a value" make -C "$src" fuzz-run SECONDS=
run 2 "is not clang or clang-VERSION" make -C "$src" fuzz "FUZZ_CC=gcc; true"
run 2 "is not clang or clang-VERSION" "$src/tools/ensure-deps.sh" clang clang-19x
make -C "$src" -n clean >"$tmp/clean" 2>&1
if grep -q "results" "$tmp/clean"; then fail "make clean touches results/"; else ok "make clean keeps results/"; fi
make -C "$src" -n distclean >"$tmp/distclean" 2>&1
grep -q "removing results/" "$tmp/distclean" && ok "make distclean says it removes results/" ||
	fail "make distclean does not say what it removes"
run 2 "SECONDS must be at least 1" "$src/tools/fuzz-run.sh" tmigr_interleave 0
run 2 "SECONDS must be a whole number" "$src/tools/fuzz-run.sh" tmigr_interleave ''
if [ -x "$src/build-fuzz/fuzz/tmigr_interleave" ]; then
	# About SIGINT, not findings: the fast fuzz build can reach a documented
	# finding or the NUMA lead (corpus/leads/signatures.txt: its WARN, then
	# two roots) within 3 s. A pattern cannot name the WARN's site (it has
	# spaces, and the list splits on them): the whole oracle is looked past.
	interrupt INT 3 130 "^fuzz-run: tmigr_interleave" \
		env TMIGR_IGNORE_SIGNATURES="known,warn,structure:root-count" \
		"$src/tools/fuzz-run.sh" tmigr_interleave 60
else
	echo "skip fuzz-run SIGINT (no build-fuzz/: make fuzz)"
fi

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
