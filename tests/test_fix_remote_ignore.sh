#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The candidate fix of the remote expiry race (variant fix-remote-ignore,
# patches/0002-*; docs/findings.md, "A timer re-armed during a remote
# expiry"): the finding replays as a lost timer on 6.12 and on 6.12 with the
# deactivation fix, and clean with both fixes; a bounded exhaustive search
# over the race's 2-CPU shape finds it on fix-deactivate-walk and explores
# every schedule clean on fix-remote-ignore.
#
# usage: test_fix_remote_ignore.sh BUILD-TOOLS-DIR CORPUS-DIR
set -u
if [ $# != 2 ]; then
	echo "usage: test_fix_remote_ignore.sh BUILD-TOOLS-DIR CORPUS-DIR" >&2
	exit 2
fi
tools=$1 corpus=$2
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/fix_lib.sh"

prog=$corpus/findings/remote-expiry-rearm.txt
sig=ignored-timer:global-timer-never-expired/cpu-event-ignored/no-migrator-above
for v in fixed fix-deactivate-walk; do
	got=$("$tools/tmigr-replay" -q --variant $v "$prog")
	[ "$got" = "verdict: VIOLATION $sig:$v" ] || fail "$(basename "$prog") on $v: '$got', expected $sig"
done
got=$("$tools/tmigr-replay" -q --variant fix-remote-ignore "$prog"); rc=$?
if [ "$got" != "verdict: clean" ] || [ $rc != 0 ]; then
	fail "$(basename "$prog") on fix-remote-ignore: '$got' (exit $rc), expected clean"
else
	echo "ok   $(basename "$prog"): lost on fixed and fix-deactivate-walk, clean on fix-remote-ignore"
fi

shape=$corpus/findings/shapes/remote-rearm.txt
"$tools/tmigr-search" -q --strategy dfs --bound 1 --variant fix-deactivate-walk \
	-o "$tmp/found.bin" "$shape" >"$tmp/out" 2>&1
rc=$?
if [ $rc != 1 ] || ! grep -q "^tmigr-search: $sig" "$tmp/out"; then
	fail "dfs bound 1 on $shape, fix-deactivate-walk: exit $rc, expected 1 with $sig:"
	tail -3 "$tmp/out"
fi
dfs_all_clean "$shape" 1 fix-remote-ignore

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
