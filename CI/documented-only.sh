#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Did a failed `make stress*` run report documented findings only? make
# exits 2 whenever a recipe fails; the tool's own status is on the line the
# Makefile's run macro prints ("make: tmigr-stress exited N (...)"), and only
# 1 (violation) can be documented findings: a crash, bad usage or a signal
# never is.
# The signature patterns of docs/findings.md come from tmigr-search
# --list-known (check/known.c); a pattern selects a signature it is a
# prefix of, ending at ':' or '/'. Known issues never fail a run.
#
# usage: CI/documented-only.sh LOG TMIGR-SEARCH [STATUS]
#   STATUS: the tool's exit status when LOG is of tmigr-stress run directly.
# Exit: 0 only documented findings (they are printed), 1 anything else.
set -uo pipefail
log=$1 search=$2
rc=${3:-$(sed -n 's/^make: tmigr-stress exited \([0-9]*\) .*/\1/p' "$log" | tail -n 1)}
if [ "$rc" != 1 ]; then
	echo "documented-only: tmigr-stress exited ${rc:-with no status line from make}, not 1 (violation)"
	exit 1
fi
patterns=$("$search" --list-known | cut -f1)
others=$(grep -E '^ +[0-9]+  [a-z-]+:' "$log" | grep -v '(known issue)' | awk '{ print $2 }' |
	 while read -r sig; do
		 hit=
		 for p in $patterns; do
			 case $sig in "$p" | "$p":* | "$p"/*) hit=1 ;; esac
		 done
		 [ -z "$hit" ] && echo "$sig"
	 done)
if [ -n "$others" ]; then
	echo "documented-only: not documented findings: $others"
	exit 1
fi
echo "documented-only: NOTE: only documented findings (docs/findings.md) fired; not failing on them"
grep -A30 '^==== REPORT' "$log" | head -60
exit 0
