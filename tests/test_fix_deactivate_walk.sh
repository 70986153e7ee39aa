#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The candidate fix of the deactivation race (variant fix-deactivate-walk,
# patches/0001-*): each finding input that shows the race on 6.12 (variant
# fixed) replays clean on the fix, and a bounded exhaustive search over the
# race's smallest shape finds the violation on 6.12 and nothing on the fix.
# The longer searches (bound 2, the 4-CPU shapes) are in
# docs/findings/deactivate-vs-last-idle.md; they take minutes each.
#
# usage: test_fix_deactivate_walk.sh BUILD-TOOLS-DIR CORPUS-DIR
set -u
if [ $# != 2 ]; then
	echo "usage: test_fix_deactivate_walk.sh BUILD-TOOLS-DIR CORPUS-DIR" >&2
	exit 2
fi
tools=$1 corpus=$2 fix=fix-deactivate-walk
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/fix_lib.sh"

n=0
for prog in "$corpus"/findings/deactivate-vs-last-idle*.txt; do
	[ -f "$prog" ] || continue
	n=$((n + 1))
	name=$(basename "$prog" .txt)
	"$tools/tmigr-mkinput" "$prog" -o "$tmp/$name.bin" || { fail "$name: tmigr-mkinput"; continue; }
	before=$("$tools/tmigr-replay" -q "$tmp/$name.bin")
	case $before in
	"verdict: VIOLATION "*) ;;
	*) fail "$name: 6.12 (fixed) replays '$before', expected the finding's violation" ;;
	esac
	after=$("$tools/tmigr-replay" -q --variant $fix "$tmp/$name.bin")
	rc=$?
	if [ "$after" != "verdict: clean" ] || [ $rc != 0 ]; then
		fail "$name: $fix replays '$after' (exit $rc), expected clean"
	else
		echo "ok   $name: '${before#verdict: }' on fixed, clean on $fix"
	fi
	# The fix walks on: CPU2 itself reaches the parent after the race.
	if ! "$tools/tmigr-replay" --variant $fix "$tmp/$name.bin" |
	     grep -q 'cpu2 tmigr_inactive_up GRP1:0 try_cmpxchg'; then
		fail "$name: on $fix, CPU2's walk does not continue to GRP1:0"
	fi
done
[ $n -ge 3 ] || fail "expected the 3 outcomes in $corpus/findings, found $n inputs"

# Bound 1 over the 3-CPU lost shape: found on 6.12, all schedules clean on
# the fix.
shape=$corpus/findings/shapes/lost.txt
"$tools/tmigr-search" -q --strategy dfs --bound 1 -o "$tmp/found.bin" "$shape"
rc=$?
[ $rc = 1 ] || fail "dfs bound 1 on $shape, variant fixed: exit $rc, expected 1 (race found)"
dfs_all_clean "$shape" 1 $fix

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
