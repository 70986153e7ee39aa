#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Did a tmigr-stress run that exited 1 report documented findings only?
# The signature patterns of docs/findings.md come from tmigr-search
# --list-known (check/known.c); a pattern selects a signature it is a
# prefix of, ending at ':' or '/'. Known issues never fail a run.
#
# usage: CI/documented-only.sh LOG TMIGR-SEARCH
# Exit: 0 only documented findings (they are printed), 1 anything else.
set -uo pipefail
log=$1 search=$2
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
