#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# docs/triage.md runs as written: every command of its ```sh blocks, in
# order, from the top of a scratch "clone" (corpus/ and tools/ of the
# source, build/ the build directory under test), with the exit status the
# line is annotated with ("# exit N", else 0).
#
# usage: test_triage_walkthrough.sh BUILD-DIR SOURCE-DIR
set -u
if [ $# != 2 ]; then
	echo "usage: test_triage_walkthrough.sh BUILD-DIR SOURCE-DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
doc=$src/docs/triage.md
[ -f "$doc" ] || { echo "test_triage_walkthrough.sh: $doc missing"; exit 2; }
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
ln -s "$src/corpus" "$work/corpus"
ln -s "$src/tools" "$work/tools"
ln -s "$src/docs" "$work/docs"
ln -s "$build" "$work/build"

# The commands: one per line, in order.
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on' "$doc" >"$work/commands"
n=$(wc -l <"$work/commands")
[ "$n" -ge 10 ] || { echo "FAIL: only $n commands in $doc"; exit 1; }

fails=0
while IFS= read -r cmd; do
	want=0
	case $cmd in
	*'# exit '[0-9]*) want=${cmd##*# exit } ;;
	esac
	(cd "$work" && timeout 300 bash -c "$cmd") >"$work/out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" = "$want" ]; then
		echo "ok   $cmd"
	else
		echo "FAIL: exit $rc, want $want: $cmd"
		head -10 "$work/out"
		fails=$((fails + 1))
	fi
done <"$work/commands"
[ $fails = 0 ] && echo "all $n commands of docs/triage.md passed" || echo "$fails failed"
exit $((fails != 0))
