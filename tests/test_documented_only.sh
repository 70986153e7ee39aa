#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# CI/documented-only.sh decides whether a failed stress run in CI fired
# documented findings only. It must read the tool's status from make's line
# (make itself always exits 2), accept a documented signature, and refuse an
# undocumented one, a crash status, or a log without a status.
#
# usage: tests/test_documented_only.sh SRC TMIGR-SEARCH
set -uo pipefail
src=$1 search=$2
. "$src/tests/sh_lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check=$src/CI/documented-only.sh

# A summary as tmigr-stress prints it, then the Makefile's run macro's line.
log() { # SIGNATURE MAKE-LINE-STATUS-OR-EMPTY
	{
		echo "  reports     1 (1 signature, 0 of known issues)"
		echo "         1  $1"
		echo "verdict: VIOLATION"
		[ -n "$2" ] && echo "make: tmigr-stress exited $2 (x); make's own status is 2. For the tool's status run: ..."
	} >"$tmp/log"
}
expect() { # WANT-EXIT WHAT ARGS...
	local want=$1 what=$2 rc
	shift 2
	"$check" "$tmp/log" "$search" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc = "$want" ]; then ok "$what: exit $rc"; else fail "$what: exit $rc, want $want"; cat "$tmp/out"; fi
}

documented=$("$search" --list-known | cut -f1 | head -n 1)
[ -n "$documented" ] || { fail "tmigr-search --list-known printed no pattern"; exit 1; }

log "$documented:kernel-6.12.118" 1
expect 0 "make log, tool exited 1, documented $documented:kernel-6.12.118"
log "$documented/migrator-above" 1
expect 0 "make log, a documented pattern ending at '/'"
log "structure:no-such-signature" 1
expect 1 "make log, tool exited 1, undocumented signature"
log "${documented}x:kernel" 1
expect 1 "make log, a signature the pattern is only a string prefix of"
log "$documented" 134
expect 1 "make log, tool exited 134 (a crash) with a documented signature"
log "$documented" ""
expect 1 "log without make's status line and no STATUS"
expect 0 "log of a direct run, STATUS 1" 1
expect 1 "log of a direct run, STATUS 2" 2

[ $fails = 0 ]
