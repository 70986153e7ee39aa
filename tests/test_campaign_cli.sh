#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/campaign and tools/tmigr-triage from the outside, without fuzzing:
# bad usage is one line and exit 2; a documented finding is bucketed,
# reproduced reliably, explained and turned into a regression program that
# replays to the same verdict; a clean input is told apart; nothing is
# overwritten; a campaign directory with an artifact gets a report that lists
# the finding apart. The fuzzing itself is in CI/cfl-build-smoke.sh and
# docs/CAMPAIGNS.md.
#
# usage: test_campaign_cli.sh BUILD-DIR
set -u
build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 77; }
export BUILD=$build FUZZ_BUILD=$build/no-fuzz-build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$root/tools/tmigr-triage
C=$root/tools/campaign

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -q -- "$2" "$1" || fail "$3"; }	# has FILE PATTERN WHY
expect() {
	local want=$1 got
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ] || { cat "$tmp/err"; fail "$* exited $got, want $want"; }
	if [ "$want" = 2 ] && [ "$(wc -l <"$tmp/err")" != 1 ]; then
		cat "$tmp/err"
		fail "$*: bad usage must be one line"
	fi
}

expect 0 "$T" --help
expect 2 "$T"
expect 2 "$T" --bogus x
expect 2 "$T" --runs 0 x
expect 2 "$T" --variant nope x
expect 2 "$T" "$tmp/nonexistent"
expect 0 "$C" --help
expect 2 "$C"
expect 2 "$C" --hours x
expect 2 "$C" --minutes -1
expect 2 "$C" --minutes 1 --jobs 0
expect 2 "$C" --minutes 1 --variant nope
expect 2 "$C" --minutes 1 --targets nope
expect 2 "$C" --minutes 1 --bogus

mkdir -p "$tmp/in"
"$build/tools/tmigr-mkinput" "$root/corpus/findings/deactivate-vs-last-idle-lost.txt" \
	-o "$tmp/in/tmigr_interleave-crash-lost" || fail "mkinput"
cp "$root/corpus/tmigr_interleave/new-timer-last-idle.bin" "$tmp/in/clean"

expect 1 "$T" --runs 3 -o "$tmp/tri" "$tmp/in"
b=$tmp/tri/event-queue_idle-child-not-queued_fixed
for f in repro.bin story.txt timeline.json regression.txt bucket.json members.txt; do
	[ -s "$b/$f" ] || fail "triage wrote no $f"
done
grep -q '"status": "documented finding"' "$b/bucket.json" || fail "finding not matched to docs/findings.md"
grep -q '"determinism": "reliable"' "$b/bucket.json" || fail "finding not reliable"
grep -q 'not minimised: .* not built' "$b/bucket.json" || fail "missing fuzzer not said"
grep -q '^verdict: VIOLATION event-queue:idle-child-not-queued:fixed' "$b/story.txt" || fail "story"
grep -q '"traceEvents"' "$b/timeline.json" || fail "timeline"
grep -q '1 do not reproduce' "$tmp/tri/summary.md" || fail "clean input not told apart"
grep -qx "$tmp/in/clean" "$tmp/tri/clean.txt" || fail "clean input not listed"
"$build/tools/tmigr-mkinput" "$b/regression.txt" -o "$tmp/reg.bin" || fail "regression.txt is no program"
"$build/tools/tmigr-replay" -q "$tmp/reg.bin" | grep -q 'VIOLATION event-queue:idle-child-not-queued:fixed' ||
	fail "regression.txt does not replay to its verdict"

# Never overwrite: an existing OUT is refused; --add leaves buckets alone.
sum=$(sha1sum "$b/story.txt")
expect 2 "$T" -o "$tmp/tri" "$tmp/in"
expect 1 "$T" --add --runs 1 -o "$tmp/tri" "$tmp/in"
[ -f "$tmp/tri/summary.1.md" ] || fail "--add overwrote summary.md"
[ "$(sha1sum "$b/story.txt")" = "$sum" ] || fail "--add rewrote a bucket"
expect 0 "$T" -o "$tmp/tri2" "$tmp/in/clean"

# Signatures are matched by prefix, with or without a variant.
python3 - "$root/tools" <<'PY' || fail "match_known"
import sys
sys.path.insert(0, sys.argv[1])
import campaign_lib as cl
k = {"a:b:fixed": ("documented finding", "x"), "c:d": ("known", "y")}
assert cl.match_known("a:b:fixed", k)
assert cl.match_known("a:b:fixed:extra", k)
assert not cl.match_known("a:b:no-seq", k)
assert not cl.match_known("a:bc:fixed", k)
assert cl.match_known("c:d:no-seq", k)
assert cl.parse_signature("x\nverdict: VIOLATION o:s:v:more\n", 1) == "o:s:v:more"
assert cl.parse_signature("verdict: clean\n", 0) is None
assert cl.parse_signature("!!!! REPORT o:s:v\nverdict: clean (known issues only)\n", 0) == "o:s:v"
assert cl.parse_signature("!!!! REPORT o:s:v\nverdict: clean\n", 0) is None
# The rule of core/check/signature.c: ':' and '/' boundaries.
assert cl.signature_match("o:s", "o:s/m/n:v") and cl.signature_match("o:s/m", "o:s/m/n:v")
assert not cl.signature_match("o:s/m", "o:s/mm:v") and not cl.signature_match("o:s", "o:ss:v")
# The known list is core/check/known.c's (tmigr-search --list-known).
known = cl.known_signatures()
assert cl.match_known("event-queue:idle-child-not-queued:fixed", known)
assert cl.match_known("structure:node-locality:fixed", known)[0] == "known issue"
for sig in ("ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed",
            "late-timer:global-timer-late/group-event-stale/no-migrator-above:fixed"):
    assert cl.match_known(sig, known)[0] == "documented finding", sig
assert not cl.match_known("ignored-timer:global-timer-never-expired/root-nobody-woken/no-migrator-above:fixed", known)
# Every signature docs/findings.md names is known there.
import re
doc = open(sys.argv[1] + "/../docs/findings.md").read()
sigs = re.findall(r"`([a-z][a-z-]*:[a-z0-9_/()!-]+:[a-z0-9-]+)`", doc)
assert len(sigs) >= 5, sigs
for sig in sigs:
    assert cl.match_known(sig, known), f"docs/findings.md names {sig}, core/check/known.c does not"
PY

# A campaign directory with one artifact: report without fuzzing.
mkdir -p "$tmp/camp/artifacts"
cp "$tmp/in/tmigr_interleave-crash-lost" \
	"$tmp/camp/artifacts/tmigr_interleave-crash-$(sha1sum <"$tmp/in/tmigr_interleave-crash-lost" | cut -c1-40)"
expect 0 "$C" --report-only --dir "$tmp/camp"
grep -q '^## Documented findings and known issues (1)' "$tmp/camp/report.md" || fail "report: finding not apart"
grep -q '^## New reports .* (0)' "$tmp/camp/report.md" || fail "report: finding counted as new"
grep -q 'tmigr-replay --profile plain --variant fixed' "$tmp/camp/report.md" || fail "report: no replay command"
grep -q 'event-queue:idle-child-not-queued:fixed' "$tmp/camp/report.html" || fail "report.html"
grep -q 'http' "$tmp/camp/report.html" && grep -q 'src=.http' "$tmp/camp/report.html" && fail "report.html loads from the network"

# What the fuzzers looked past (fuzz/ignored.c): an input kept in work/ is
# taken in as an artifact, the counts files of fuzzing processes that are
# gone are added up into state.json once, and the report lists the
# signatures with their counts, also one with no input of its own.
mkdir -p "$tmp/camp/work/tmigr_interleave"
cp "$tmp/in/tmigr_interleave-crash-lost" "$tmp/camp/work/tmigr_interleave/ignored-999999998-2-0"
drain=ignored-timer:global-timer-never-expired/group-event-not-queued/migrator-above:fixed
printf 'event-queue:idle-child-not-queued:fixed\t5\tignored-999999998-2-0\n%s\t4\tignored-999999998-2-0\n' "$drain" \
	>"$tmp/camp/work/tmigr_interleave/counts-999999998-2.tsv"
printf 'event-queue:idle-child-not-queued:fixed\t2\tignored-999999999-4-0\n' \
	>"$tmp/camp/work/tmigr_interleave/counts-999999999-4.tsv"
# A process still running (this shell) keeps its file: its total may grow.
printf 'event-queue:idle-child-not-queued:fixed\t1\t-\n' >"$tmp/camp/work/tmigr_interleave/counts-$$-5.tsv"
# A kill between saving the totals and removing a folded file counts it once.
python3 - "$tmp/camp/state.json" <<'PY' || fail "state.json"
import json, sys
s = json.load(open(sys.argv[1]))
s["folded"] = ["counts-999999999-4.tsv"]
s["looked_past"] = {"event-queue:idle-child-not-queued:fixed": 2}
json.dump(s, open(sys.argv[1], "w"))
PY
expect 0 "$C" --report-only --dir "$tmp/camp"
[ "$(ls "$tmp/camp/work/tmigr_interleave")" = "counts-$$-5.tsv" ] ||
	fail "work/: want only the running process's counts, got: $(ls "$tmp/camp/work/tmigr_interleave")"
has "$tmp/camp/report.md" 'looked past in 8 executions' "report: a running process's counts not shown"
has "$tmp/camp/artifacts/index.tsv" 'tmigr_interleave-ignored-' "kept input not indexed"
python3 - "$tmp/camp/state.json" "$drain" <<'PY' || fail "looked-past totals"
import json, sys
s = json.load(open(sys.argv[1]))
want = {"event-queue:idle-child-not-queued:fixed": 7, sys.argv[2]: 4}
assert s["looked_past"] == want and not s["folded"], s
PY
has "$tmp/camp/report.md" 'event-queue:idle-child-not-queued:fixed' "report: finding gone"
has "$tmp/camp/report.md" 'looked past in 4 executions' "report: drain signature not listed"
has "$tmp/camp/report.md" 'no input of its own' "report: counts-only signature not explained"
has "$tmp/camp/report.md" '^## Documented findings and known issues (2)' "report: findings not apart"
has "$tmp/camp/report.md" '^## New reports .* (0)' "report: a documented finding counted as new"
# Once only: a second report adds nothing; the running process's file goes
# with it (here, by hand).
rm "$tmp/camp/work/tmigr_interleave/counts-$$-5.tsv"
expect 0 "$C" --report-only --dir "$tmp/camp"
has "$tmp/camp/report.md" 'looked past in 7 executions' "report: counts added twice"
# One campaign per directory.
exec 9>>"$tmp/camp/lock"
flock -n 9 || fail "flock"
expect 2 "$C" --report-only --dir "$tmp/camp"
has "$tmp/err" 'a campaign is running there' "second campaign on a directory not refused"
exec 9>&-
expect 2 "$C" --minutes 1 --ignore-signature nope
has "$tmp/err" "'nope' names no oracle" "--ignore-signature not checked"
expect 2 "$C" --minutes 1 --ignore-signature event-queue,warn
has "$tmp/err" "one pattern per option" "--ignore-signature with a comma"
expect 2 "$C" --minutes 1 --variant no-seq --targets tmigr_diff
has "$tmp/err" "tmigr_diff does not take a variant" "tmigr_diff on a variant"
echo "campaign_cli: ok"
