# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the candidate-fix tests (test_fix_*.sh), sourced after they set
# $tools, $tmp and fail().

# dfs_all_clean SHAPE BOUND VARIANT: bounded DFS explores every schedule of
# SHAPE on VARIANT without a report.
dfs_all_clean() {
	local shape=$1 bound=$2 variant=$3
	"$tools/tmigr-search" --strategy dfs --bound "$bound" --variant "$variant" \
		-o "$tmp/fix.bin" "$shape" >"$tmp/out" 2>&1
	local rc=$?
	if [ $rc != 0 ] || ! grep -q 'all of them' "$tmp/out"; then
		fail "dfs bound $bound on $shape, variant $variant: exit $rc, expected 0 with every schedule explored:"
		tail -5 "$tmp/out"
	else
		echo "ok   $variant: $(grep 'all of them' "$tmp/out")"
	fi
}
