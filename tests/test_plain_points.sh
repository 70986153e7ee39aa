#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build flavour plain-points (-DTMIGR_PLAIN_POINTS=ON, make test-plain):
# every plain load and store of the tmigr unit is a scheduling point.
#
#  - A controlled run shows plain reads and writes in its story, named by
#    function and object (GRP0:0.parent, CPU3.idle), and says the flavour.
#  - The model's fixed variant stays silent where the seed's race B is
#    searched for.
#  - The seed's race B on the real 6.10 file (when the build's kernel tree
#    is the 6.10 fixture): setup writes GRP0:0.parent, then its childmask,
#    both plain; tmigr-search finds a walker in between, which activates
#    the new top with childmask 0 (phantom-active), and the reproducer
#    replays it. Without plain points that window has no scheduling point.
#
# usage: test_plain_points.sh TOOLS-DIR CORPUS-DIR
set -u
if [ $# != 2 ]; then
	echo "usage: test_plain_points.sh TOOLS-DIR CORPUS-DIR" >&2
	exit 2
fi
tools=$1
corpus=$2
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

prog=$corpus/seed/race-b.txt

# ---- plain points in a story --------------------------------------------------------
out=$("$tools/tmigr-replay" --variant setup-in-online "$prog" 2>&1)
grep -q "plain-points build" <<<"$out" || fail "the story does not name the flavour: $(head -n 1 <<<"$out")"
grep -qE "^\[ *[0-9]+\] cpu8 [a-z_]+ GRP[0-9]:[0-9]\.[a-z_]+ write was " <<<"$out" ||
	fail "no plain write of a group's field in the story"
grep -qE "^\[ *[0-9]+\] cpu[0-9] [a-z_]+ GRP[0-9]:[0-9]\.parent read -> " <<<"$out" ||
	fail "no plain read of a group's ->parent in the story"
grep -qE " tmigr_hierarchy_levels read -> [0-9]+$" <<<"$out" ||
	fail "the unit's globals are not named"
plain=$(grep -cE " (read|write) (->|was) " <<<"$out")
[ "$plain" -gt 100 ] && ok "story: $plain plain accesses, named" ||
	fail "story: only $plain plain accesses"

# ---- the model's fixed variant: silent -----------------------------------------------
out=$("$tools/tmigr-search" -q --strategy pct --depth 3 --runs 3000 "$prog" 2>&1)
grep -q "3000 schedules (pct), no violation" <<<"$out" && ok "fixed: $out" ||
	fail "fixed under plain points: $out"

# ---- race B on the real 6.10 file ----------------------------------------------------
tree=$("$tools/tmigr-replay" --backend kernel "$prog" 2>&1 | head -n 1)
case $tree in
*"backend kernel 6.10 "*) ;;
*)
	echo "skip race B on the real 6.10 file: the build's kernel tree is not the 6.10 fixture ($tree)"
	[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
	[ $fails = 0 ]
	exit
	;;
esac
for s in "pct --depth 3" "random"; do
	# shellcheck disable=SC2086 # the strategy's words
	out=$("$tools/tmigr-search" --backend kernel -q --strategy $s --runs 20000 \
		-o "$tmp/race-b-${s%% *}.bin" "$prog" 2>&1)
	if grep -q "^tmigr-search: phantom-active:migrator-not-active-child:kernel-6.10 after" <<<"$out"; then
		ok "race B on the real 6.10 file, $s: $(head -n 1 <<<"$out" | sed 's/^tmigr-search: //')"
	else
		fail "race B not found on the real 6.10 file ($s): $out"
		continue
	fi
	rep=$("$tools/tmigr-replay" --backend kernel "$tmp/race-b-${s%% *}.bin" 2>&1)
	grep -q "^verdict: VIOLATION phantom-active:migrator-not-active-child:kernel-6.10" <<<"$rep" ||
		fail "the $s reproducer does not replay race B: $(tail -n 1 <<<"$rep")"
	grep -qE "cpu8 tmigr_connect_child_parent GRP0:0\.parent write was NULL" <<<"$rep" ||
		fail "the $s story lacks setup's write of GRP0:0.parent"
	grep -qE "cpu[0-7] [a-z_]+ GRP0:0\.childmask read -> 0$" <<<"$rep" ||
		fail "the $s story lacks a walker reading GRP0:0's childmask 0"
done

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
