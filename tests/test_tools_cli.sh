#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tmigr-replay, tmigr-mkinput and tmigr-search as a script sees them: bad
# usage and bad input exit 2 with one clear line on stderr, any byte string
# replays (0 clean, 1 violation, never 2 or a signal), text programs with
# errors say file:line, and an existing output file is never clobbered.
#
# usage: test_tools_cli.sh BUILD-TOOLS-DIR CORPUS-DIR
#   e.g. test_tools_cli.sh build/tools corpus
set -u
if [ $# != 2 ]; then
	echo "usage: test_tools_cli.sh BUILD-TOOLS-DIR CORPUS-DIR" >&2
	exit 2
fi
tools=$1
corpus=$2
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d) || exit 2
# Scratch files (random inputs included) are kept when something failed.
trap 'if [ $fails = 0 ]; then rm -rf "$tmp"; else echo "scratch files kept in $tmp"; fi' EXIT

for t in tmigr-replay tmigr-mkinput tmigr-search; do
	[ -x "$tools/$t" ] || { echo "test_tools_cli.sh: $tools/$t is not executable"; exit 2; }
done
prog=$corpus/programs/seq-counter.txt
[ -f "$prog" ] || { echo "test_tools_cli.sh: $prog missing"; exit 2; }


# expect EXIT-CODES PATTERN -- TOOL ARGS...: run $tools/TOOL (a hang guard of
# $TOOLS_CLI_TIMEOUT s, default 300: not a speed check, machines are shared),
# check that it exits with one of EXIT-CODES ("2", "0|1") and that its output
# matches PATTERN (if not empty); exit 2 must come with exactly one line on
# stderr. The status is left in $rc.
rc=
expect() {
	local want=$1 pattern=$2 tool=$4 why=
	shift 4
	timeout "${TOOLS_CLI_TIMEOUT:-300}" "$tools/$tool" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	rc=$?
	case "|$want|" in
	*"|$rc|"*) ;;
	*) why="exit $rc (want $want)" ;;
	esac
	if [ -z "$why" ] && [ -n "$pattern" ] &&
	   ! cat "$tmp/stdout" "$tmp/stderr" | grep -a -q -- "$pattern"; then
		why="output lacks '$pattern'"
	fi
	if [ -z "$why" ] && [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/stderr")" != 1 ]; then
		why="$(wc -l <"$tmp/stderr") lines on stderr, want 1"
	fi
	if [ -n "$why" ]; then
		fail "$tool ${*//$tmp/\$T} -> $why:"
		head -c 2000 "$tmp/stderr"
		head -c 1000 "$tmp/stdout" | head -10
	else
		echo "ok   $tool ${*//$tmp/\$T}"
	fi
}

# unchanged FILE SUM: FILE still has the sha256 SUM (an output never clobbered)
unchanged() {
	if [ "$(sha256sum <"$1")" = "$2" ]; then
		echo "ok   ${1//$tmp/\$T} unchanged"
	else
		fail "${1//$tmp/\$T} was modified"
	fi
}

# check WHAT COMMAND...: COMMAND succeeds
check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok   $what"
	else
		fail "$what"
	fi
}

# Scratch inputs.
T=$tmp
mkdir "$T/dir" "$T/out"
: >"$T/empty"
mkfifo "$T/fifo"
# Bit 6 of an input's first byte selects the extended topology, up to 8192
# CPUs. One random file in 512 has it, and then replaying the 1 MB one
# prints gigabytes of story and outlasts the timeout (it did in CI): keep
# the content random, clear the bit. tmigr-mkinput and the corpus test the
# extended topology.
small_topology() {
	local b

	b=$(od -An -tu1 -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b & ~0x40)))" | dd of="$1" bs=1 count=1 conv=notrunc status=none
}
head -c 1048576 /dev/urandom >"$T/big"
small_topology "$T/big"
for n in 1 2 7 64 512 4096; do
	head -c $n /dev/urandom >"$T/rand-$n"
	small_topology "$T/rand-$n"
done
# Larger than INPUT_FILE_MAX (16 MiB); sparse, so cheap.
cp "$T/big" "$T/huge"
truncate -s 17M "$T/huge"
printf 'cpus 4\n' >"$T/unreadable"
chmod 000 "$T/unreadable"
magic='# tmigr-program'
printf '%s\ncpus 4\nnodes 2\n# a comment\ncpu 0: idle; frob; wake\n' "$magic" >"$T/syntax.txt"
printf '%s\ncpus 8193\n' "$magic" >"$T/range.txt"
printf '%s\ncpus 4\ncpu 1: arm 9 +3\n' "$magic" >"$T/slot.txt"
printf '%s\ncpus 2\ncpu 5: idle\n' "$magic" >"$T/whole.txt"
printf 'cpus 4\n\000cpu 0: idle\n' >"$T/nul.txt"
printf '%s\ncpus 4\n\000cpu 0: idle\n' "$magic" >"$T/magic-nul.txt"
# a text program of older releases (no magic line), and short binary inputs
# that are printable (one byte is never "bad text")
printf '# old\ncpus 4\ncpu 0: idle\n' >"$T/old.txt"
printf '#' >"$T/hash.bin"
printf 'c' >"$T/c.bin"
printf '\n' >"$T/nl.bin"
printf 'existing, precious\n' >"$T/precious"
precious=$(sha256sum <"$T/precious")

echo "== tmigr-replay"
expect 0 "usage: tmigr-replay" -- tmigr-replay --help
expect 0 "never overwritten" -- tmigr-replay -h
expect 2 "unknown option '--bogus'" -- tmigr-replay --bogus "$T/empty"
expect 2 "unknown option '-x'" -- tmigr-replay -qx "$T/empty"
expect 2 "unknown option '--quiet=1'" -- tmigr-replay --quiet=1 "$T/empty"
expect 2 "option '--seed' needs a value" -- tmigr-replay --seed
expect 2 "option '-s' needs a value" -- tmigr-replay -qs
expect 2 "option '--perfetto' needs a value" -- tmigr-replay "$T/empty" --perfetto
expect 2 "between 0 and 18446744073709551615 (got '-1')" -- tmigr-replay --seed -1 "$T/empty"
expect 2 "between 0 and 18446744073709551615" -- tmigr-replay --seed 18446744073709551616 "$T/empty"
expect 2 "between 0 and 18446744073709551615 (got 'abc')" -- tmigr-replay --seed abc "$T/empty"
expect 2 "between 0 and 18446744073709551615 (got ' 5')" -- tmigr-replay --seed " 5" "$T/empty"
expect 2 "between 0 and 18446744073709551615 (got '0x')" -- tmigr-replay --seed 0x "$T/empty"
expect 2 "pct-depth must be an integer between 1 and 64" -- tmigr-replay --pct-depth 0 "$T/empty"
expect 2 "pct-depth must be an integer between 1 and 64" -- tmigr-replay --pct-depth 65 "$T/empty"
expect 2 "permille must be an integer between 1 and 1000" -- tmigr-replay --permille 0 "$T/empty"
expect 2 "permille must be an integer between 1 and 1000" -- tmigr-replay --permille 1001 "$T/empty"
expect 2 "unknown variant 'nope'" -- tmigr-replay --variant nope "$T/empty"
expect 2 "plain or hotplug" -- tmigr-replay --profile nope "$T/empty"
expect 2 "bytes, random, pct or sequential" -- tmigr-replay --strategy nope "$T/empty"
expect 2 "which file?" -- tmigr-replay
expect 2 "one input file at a time" -- tmigr-replay "$T/empty" "$T/empty"
expect 2 "cannot open '.*missing': No such file" -- tmigr-replay "$T/missing"
expect 2 "is a directory" -- tmigr-replay "$T/dir"
expect 2 "not a regular file" -- tmigr-replay "$T/fifo"
expect 2 "not a regular file" -- tmigr-replay /dev/null
if [ -r "$T/unreadable" ]; then
	echo "skip tmigr-replay on an unreadable file (running as root)"
else
	expect 2 "Permission denied" -- tmigr-replay "$T/unreadable"
fi
# any byte string is an input: exit 0 or 1, never 2, a signal or a hang
expect "0|1" "^verdict: " -- tmigr-replay "$T/empty"
for n in 1 2 7 64 512 4096; do
	expect "0|1" "^verdict: " -- tmigr-replay -q "$T/rand-$n"
done
expect "0|1" "^verdict: " -- tmigr-replay -q --strategy random --seed 3 "$T/rand-4096"
expect "0|1" "^verdict: " -- tmigr-replay -q --strategy pct --seed 0x10 "$T/rand-4096"
expect "0|1" "^verdict: " -- tmigr-replay -q --strategy sequential "$T/rand-4096"
expect "0|1" "^verdict: " -- tmigr-replay -q --profile hotplug "$T/rand-4096"
expect "0|1" "1048576 bytes, " -- tmigr-replay --no-accesses "$T/big"
expect "0|1" "17825792 bytes (only the head can matter)" -- tmigr-replay --no-accesses "$T/huge"
# a corpus input, and a timeline to a new file
expect 0 "^verdict: clean" -- tmigr-replay -q "$corpus/tmigr_interleave/seq-counter.bin"
expect 0 "^timeline: " -- tmigr-replay --perfetto "$T/out/t.json" \
	"$corpus/tmigr_interleave/seq-counter.bin"
check "tmigr-replay --perfetto wrote a timeline" grep -q '^{"displayTimeUnit"' "$T/out/t.json"
# never overwritten, and refused before the run
expect 2 "exists; --perfetto never overwrites a file" -- tmigr-replay --perfetto "$T/precious" "$T/empty"
unchanged "$T/precious" "$precious"
t_json=$(sha256sum <"$T/out/t.json")
expect 2 "exists; --perfetto never overwrites" -- tmigr-replay --perfetto "$T/out/t.json" "$T/rand-64"
unchanged "$T/out/t.json" "$t_json"
expect 2 "exists; --perfetto never overwrites" -- tmigr-replay --perfetto "$T/rand-64" "$T/rand-64"
expect 2 "exists; --perfetto never overwrites" -- tmigr-replay --perfetto "$T/dir" "$T/rand-64"
expect 2 "cannot write '.*nodir/t.json': No such file" -- tmigr-replay --perfetto "$T/nodir/t.json" "$T/empty"

echo "== tmigr-mkinput"
expect 0 "usage: tmigr-mkinput" -- tmigr-mkinput --help
expect 0 "never replaced" -- tmigr-mkinput -h
expect 2 "unknown option '--bogus'" -- tmigr-mkinput --bogus "$prog" -o "$T/out/x.bin"
expect 2 "option '-o' needs a value" -- tmigr-mkinput "$prog" -o
expect 2 "which file?" -- tmigr-mkinput
expect 2 "which file?" -- tmigr-mkinput -o "$T/out/x.bin"
expect 2 "one input at a time" -- tmigr-mkinput "$prog" "$prog" -o "$T/out/x.bin"
expect 2 "-o OUTPUT is needed" -- tmigr-mkinput "$prog"
expect 2 "-o and --force do not apply" -- tmigr-mkinput --decode "$T/rand-64" -o "$T/out/x.bin"
expect 2 "cannot open '.*missing': No such file" -- tmigr-mkinput "$T/missing" -o "$T/out/x.bin"
expect 2 "cannot open '.*missing': No such file" -- tmigr-mkinput --decode "$T/missing"
expect 2 "is a directory" -- tmigr-mkinput "$T/dir" -o "$T/out/x.bin"
expect 2 "is a directory" -- tmigr-mkinput --decode "$T/dir"
expect 2 "not a regular file" -- tmigr-mkinput --decode "$T/fifo"
if [ -r "$T/unreadable" ]; then
	echo "skip tmigr-mkinput on an unreadable file (running as root)"
else
	expect 2 "Permission denied" -- tmigr-mkinput "$T/unreadable" -o "$T/out/x.bin"
fi
expect 2 "is empty, not a program" -- tmigr-mkinput "$T/empty" -o "$T/out/x.bin"
# text programs: errors are file:line
expect 2 "syntax.txt:5: unknown operation 'frob'" -- tmigr-mkinput "$T/syntax.txt" -o "$T/out/x.bin"
expect 2 "range.txt:2: cpus must be between 2 and 8192" -- tmigr-mkinput "$T/range.txt" -o "$T/out/x.bin"
expect 2 "slot.txt:3: arm slot must be between 0 and 3" -- tmigr-mkinput "$T/slot.txt" -o "$T/out/x.bin"
expect 2 "whole.txt:0: CPU5 has operations but only 2 CPUs exist" -- tmigr-mkinput "$T/whole.txt" -o "$T/out/x.bin"
expect 2 "nul.txt:2: byte 0x00: not a text program" -- tmigr-mkinput "$T/nul.txt" -o "$T/out/x.bin"
expect 2 "rand-4096:[0-9]*: .*not a text program" -- tmigr-mkinput "$T/rand-4096" -o "$T/out/x.bin"
expect 2 "big:[0-9]*: .*not a text program" -- tmigr-mkinput "$T/big" -o "$T/out/x.bin"
expect 2 "has 17825792 bytes; a program is at most 16777216 bytes" -- tmigr-mkinput "$T/huge" -o "$T/out/x.bin"
check "tmigr-mkinput wrote nothing on errors" test ! -e "$T/out/x.bin"
# --decode: any byte string is an input
expect 0 "# .*empty: 0 bytes" -- tmigr-mkinput --decode "$T/empty"
expect 0 "^cpus " -- tmigr-mkinput --decode "$T/rand-4096"
expect 0 "1048576 bytes" -- tmigr-mkinput --decode "$T/big"
# happy path: program -> input -> replay, and decode -> encode gives the same bytes
expect 0 "" -- tmigr-mkinput "$prog" -o "$T/out/seq.bin"
check "tmigr-mkinput $prog is the corpus input" cmp -s "$T/out/seq.bin" "$corpus/tmigr_interleave/seq-counter.bin"
expect 0 "^verdict: clean" -- tmigr-replay --no-accesses "$T/out/seq.bin"
"$tools/tmigr-mkinput" --decode "$T/out/seq.bin" >"$T/out/seq.txt" 2>&1
expect 0 "" -- tmigr-mkinput "$T/out/seq.txt" -o "$T/out/seq2.bin"
check "decode then encode gives the same bytes" cmp -s "$T/out/seq.bin" "$T/out/seq2.bin"
# an existing output is kept without --force, replaced with it
seq=$(sha256sum <"$T/out/seq.bin")
expect 2 "File exists (use --force to replace it)" -- tmigr-mkinput "$corpus/programs/big-64.txt" -o "$T/out/seq.bin"
unchanged "$T/out/seq.bin" "$seq"
expect 2 "is the program itself" -- tmigr-mkinput "$T/out/seq.txt" -o "$T/out/seq.txt"
expect 2 "File exists" -- tmigr-mkinput "$prog" -o "$T/precious"
unchanged "$T/precious" "$precious"
expect 2 "Is a directory" -- tmigr-mkinput "$prog" -o "$T/dir" --force
expect 2 "cannot write '.*nodir/x.bin': No such file" -- tmigr-mkinput "$prog" -o "$T/nodir/x.bin"
cp "$T/out/seq.bin" "$T/out/forced.bin"
expect 0 "" -- tmigr-mkinput "$corpus/programs/big-64.txt" -o "$T/out/forced.bin" --force
check "--force replaced the output" cmp -s "$T/out/forced.bin" "$corpus/tmigr_interleave/big-64.bin"
check "--force left no temporary file" test "$(ls "$T/out" | grep -c forced)" = 1

echo "== tmigr-search"
expect 0 "usage: tmigr-search" -- tmigr-search --help
expect 0 "never overwritten" -- tmigr-search -h
expect 2 "unknown option '--bogus'" -- tmigr-search --bogus "$prog"
expect 2 "unknown option '-x'" -- tmigr-search -qx "$prog"
expect 2 "option '--runs' needs a value" -- tmigr-search "$prog" --runs
expect 2 "option '-o' needs a value" -- tmigr-search "$prog" -o
expect 2 "runs must be an integer between 1 and" -- tmigr-search --runs 0 "$prog"
expect 2 "runs must be an integer between 1 and" -- tmigr-search --runs -5 "$prog"
expect 2 "seed must be an integer between 0 and" -- tmigr-search --seed 1x "$prog"
expect 2 "depth must be an integer between 1 and 64" -- tmigr-search --depth 65 "$prog"
expect 2 "permille must be an integer between 1 and 1000" -- tmigr-search --permille 1001 "$prog"
expect 2 "bound must be an integer between 0 and 64" -- tmigr-search --bound 65 "$prog"
expect 2 "max-runs must be an integer between 1 and" -- tmigr-search --max-runs 0 "$prog"
expect 2 "pct, random or dfs" -- tmigr-search --strategy nope "$prog"
expect 2 "unknown variant 'nope'" -- tmigr-search --variant nope "$prog"
expect 2 "plain or hotplug" -- tmigr-search --profile nope "$prog"
expect 2 "which program?" -- tmigr-search
expect 2 "one program file at a time" -- tmigr-search "$prog" "$prog"
expect 2 "cannot open '.*missing': No such file" -- tmigr-search "$T/missing"
expect 2 "is a directory" -- tmigr-search "$T/dir"
expect 2 "not a regular file" -- tmigr-search "$T/fifo"
if [ -r "$T/unreadable" ]; then
	echo "skip tmigr-search on an unreadable file (running as root)"
else
	expect 2 "Permission denied" -- tmigr-search "$T/unreadable"
fi
expect 2 "is empty: no program to search" -- tmigr-search "$T/empty"
expect 2 "syntax.txt:5: unknown operation 'frob'" -- tmigr-search "$T/syntax.txt"
expect 2 "range.txt:2: cpus must be between 2 and 8192" -- tmigr-search "$T/range.txt"
expect 2 "whole.txt:0: CPU5 has operations" -- tmigr-search "$T/whole.txt"
# binary inputs of any content and size (their schedule is ignored); the
# random strategy, as pct first estimates the steps of a run (a short random
# file may be printable: a text program, with syntax errors)
for f in rand-512 rand-4096 big huge nul.txt; do
	expect "0|1" "^tmigr-search: " -- tmigr-search -q --strategy random --runs 2 "$T/$f"
done
# the reproducer never overwrites: refused before searching
expect 2 "exists; the reproducer never overwrites a file" -- tmigr-search -o "$T/precious" "$prog"
unchanged "$T/precious" "$precious"
expect 2 "exists; the reproducer never overwrites a file" -- tmigr-search -o "$prog" "$prog"
expect 2 "exists; the reproducer never overwrites a file" -- tmigr-search -o "$T/dir" "$prog"
expect 2 "cannot write '.*nodir/r.bin': No such file" -- tmigr-search -o "$T/nodir/r.bin" "$prog"
# happy path: nothing found (0, no file) or a reproducer that replays (1)
for strategy in "pct --runs 10" "random --runs 10" "dfs --max-runs 10"; do
	repro=$T/out/repro-${strategy%% *}.bin
	# shellcheck disable=SC2086 # the strategy carries its options
	expect "0|1" "^tmigr-search: " -- tmigr-search -q --strategy $strategy -o "$repro" "$prog"
	if [ "$rc" = 0 ]; then
		check "tmigr-search --strategy $strategy: nothing found, nothing written" test ! -e "$repro"
	else
		check "tmigr-search --strategy $strategy: reproducer written" test -s "$repro"
		expect 1 "^verdict: " -- tmigr-replay -q "$repro"
	fi
done
expect "0|1" "^tmigr-search: " -- tmigr-search -q --runs 5 --profile hotplug \
	"$corpus/tmigr_hotplug/offline-handover.bin"

echo "== text program or binary input (issue 12, item 1)"
finding=$corpus/findings/deactivate-vs-last-idle.txt
expect 1 "^verdict: VIOLATION event-queue:idle-child-stale:fixed" -- tmigr-replay -q "$finding"
expect 1 "deactivate-vs-last-idle.txt: text program, " -- tmigr-replay --no-accesses "$finding"
expect 0 "binary input, 43 bytes" -- tmigr-replay --no-accesses "$corpus/tmigr_interleave/seq-counter.bin"
expect 0 "text program, " -- tmigr-replay --no-accesses "$prog"
for f in old.txt; do
	expect 2 "reads like a text program but its first line is not '# tmigr-program'" -- tmigr-replay "$T/$f"
	expect 2 "reads like a text program but its first line is not" -- tmigr-search "$T/$f"
	expect 2 "is a text program (without its first line" -- tmigr-mkinput --decode "$T/$f"
done
expect "0|1" "^verdict: " -- tmigr-replay -q --binary "$T/old.txt"
expect "0|1" "^tmigr-search: " -- tmigr-search -q --runs 2 --binary "$T/old.txt"
expect 0 "^cpus " -- tmigr-mkinput --decode --binary "$T/old.txt"
expect 0 "" -- tmigr-mkinput "$T/old.txt" -o "$T/out/old.bin"
for f in hash.bin c.bin nl.bin; do
	expect "0|1" "binary input, 1 bytes" -- tmigr-replay --no-accesses "$T/$f"
	expect 0 "^cpus " -- tmigr-mkinput --decode "$T/$f"
done
expect 2 "magic-nul.txt:3: byte 0x00: not a text program" -- tmigr-replay "$T/magic-nul.txt"
expect 2 "magic-nul.txt:3: byte 0x00: not a text program" -- tmigr-search "$T/magic-nul.txt"
expect 2 "is a text program, not a binary input" -- tmigr-mkinput --decode "$finding"
expect 2 "is a text program, not a binary input" -- tmigr-mkinput --decode "$prog"
expect 2 "--binary applies to --decode only" -- tmigr-mkinput --binary "$prog" -o "$T/out/b.bin"
# --decode writes text programs that every tool reads as text
"$tools/tmigr-mkinput" --decode "$corpus/tmigr_interleave/seq-counter.bin" >"$T/out/dec.txt"
expect 0 "text program, " -- tmigr-replay --no-accesses "$T/out/dec.txt"
check "--decode's first line is the magic line" test "$(head -1 "$T/out/dec.txt")" = "$magic"

echo "== small things (issue 12, item 10)"
cp "$prog" "$T/self.txt"
self=$(sha256sum <"$T/self.txt")
expect 2 "is the program itself" -- tmigr-mkinput "$T/self.txt" -o "$T/self.txt" --force
unchanged "$T/self.txt" "$self"
ln -s self.txt "$T/self-link.txt"
expect 2 "is the program itself" -- tmigr-mkinput "$T/self.txt" -o "$T/self-link.txt" --force
unchanged "$T/self.txt" "$self"

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
