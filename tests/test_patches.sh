#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Each candidate kernel patch in patches/ applies cleanly to the tree it is
# written for, and reverses cleanly once applied. Only a temporary copy of
# kernel/time/timer_migration.c is touched. A tree that is not on this
# machine is skipped with the reason; when no tree is there at all the test
# is skipped (exit 77).
#
# usage: test_patches.sh PATCHES-DIR
#   TMIGR_LINUX_6_12   6.12 tree (default /work/ref/linux-source-6.12)
#   TMIGR_LINUX_NEWEST newest tree (default /work/shared/kernels/newest)
set -u
if [ $# != 1 ] || [ ! -d "$1" ]; then
	echo "usage: test_patches.sh PATCHES-DIR" >&2
	exit 2
fi
patches=$1
tree_612=${TMIGR_LINUX_6_12:-/work/ref/linux-source-6.12}
tree_newest=${TMIGR_LINUX_NEWEST:-/work/shared/kernels/newest}
file=kernel/time/timer_migration.c
fails=0 checked=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# check PATCH TREE: PATCH applies to a copy of TREE's file, then reverses.
check() {
	local patch=$1 tree=$2 name
	name=$(basename "$patch")
	if [ ! -f "$tree/$file" ]; then
		echo "skip $name: no $tree/$file on this machine"
		return
	fi
	rm -rf "$tmp/t" && mkdir -p "$tmp/t/$(dirname $file)" && cp "$tree/$file" "$tmp/t/$file"
	# Fixes: 12+ hex digits ("subject"), as checkpatch.pl wants it.
	if ! grep -Eq '^Fixes: [0-9a-f]{12,40} \(".+"\)$' "$patch"; then
		echo "FAIL: $name has no well-formed Fixes: tag"
		fails=$((fails + 1))
	fi
	if ! (cd "$tmp/t" && git apply --check "$patch") >"$tmp/out" 2>&1; then
		echo "FAIL: $name does not apply to $tree:"
		cat "$tmp/out"
		fails=$((fails + 1))
		return
	fi
	if ! (cd "$tmp/t" && git apply "$patch" && git apply --check -R "$patch") >"$tmp/out" 2>&1; then
		echo "FAIL: $name applied to $tree does not reverse cleanly:"
		cat "$tmp/out"
		fails=$((fails + 1))
		return
	fi
	checked=$((checked + 1))
	echo "ok   $name applies to $tree and reverses"
}

n=0
for p in "$patches"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -f "$p" ] && { check "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" "$tree_612"; n=$((n + 1)); }
done
for p in "$patches"/newest/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -f "$p" ] && { check "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" "$tree_newest"; n=$((n + 1)); }
done
[ $n = 0 ] && { echo "FAIL: no patches in $patches"; exit 1; }
[ $fails != 0 ] && { echo "$fails failed"; exit 1; }
[ $checked = 0 ] && { echo "skipped: no kernel tree on this machine"; exit 77; }
echo "all passed"
