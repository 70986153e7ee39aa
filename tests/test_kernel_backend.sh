#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel backend from the outside:
#   - tools/kernel-tree.sh: one line and exit 2 for what is not a tree or
#     lacks an API the shims need, before any compiler runs;
#   - tmigr-stress --backend kernel: a short run on the configured tree is
#     clean and names the tree; under TSan with no warning (the fields the
#     file accesses locklessly by design are declared in core/kshim/kshim_racy.h);
#   - the seed corpus replays on the real file with the verdicts in
#     corpus/verdicts-kernel.txt (only for the tree they were
#     recorded on; skipped with the reason otherwise);
#   - the findings' programs (corpus/findings/) show the same oracle and site
#     on the real file under tmigr-search (their schedule bytes are another
#     interleaving there: docs/MODEL-VS-KERNEL.md).
#
# usage: test_kernel_backend.sh BINDIR SOURCE-DIR
# Exit status: 0 passed, 1 failed, 77 skipped (no kernel backend built).
set -u
export LC_ALL=C
bin=$1
src=$2
. "$(dirname "$0")/sh_lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


# ---- the probe --------------------------------------------------------------
probe=$src/tools/kernel-tree.sh
expect_probe_error() {	# DIR WORD: exit 2, one line, naming WORD
	local out rc
	out=$("$probe" --check "$1" 2>&1); rc=$?
	if [ $rc != 2 ] || [ "$(printf '%s\n' "$out" | wc -l)" != 1 ] || ! grep -q -- "$2" <<<"$out"; then
		fail "kernel-tree.sh --check $1: want exit 2 and one line naming '$2', got $rc: $out"
	else
		ok "kernel-tree.sh --check ($2): $out"
	fi
}
expect_probe_error "$tmp/none" "no such file"
mkdir -p "$tmp/empty"
expect_probe_error "$tmp/empty" "no kernel/time/timer_migration.c"
mkdir -p "$tmp/old/kernel/time"
printf 'static DEFINE_PER_CPU(struct tmigr_cpu, tmigr_cpu);\n' >"$tmp/old/kernel/time/timer_migration.c"
: >"$tmp/old/kernel/time/timer_migration.h"
expect_probe_error "$tmp/old" "missing tmigr_init"

if [ ! -f "$bin/kernel-tree/kshim_tree.h" ]; then
	echo "SKIPPED: no kernel backend in this build (no tree configured)"
	[ $fails = 0 ] && exit 77 || exit 1
fi
tree_hash=$(sed -n 's/^#define KSHIM_TREE_HASH[[:space:]]*"\(.*\)"/\1/p' "$bin/kernel-tree/kshim_tree.h")

# ---- stress -------------------------------------------------------------------
# The tree is 6.12 as released: a free run may hit the races of
# docs/findings.md (exit 1 with documented findings only, as CI's TSan smoke
# accepts); anything else fails.
out=$("$bin/stress/tmigr-stress" --backend kernel -n 16 -t 2 -s 7 -q 2>&1); rc=$?
echo "$out" >"$tmp/stress.log"
if [ $rc = 1 ] && "$src/CI/documented-only.sh" "$tmp/stress.log" "$bin/tools/tmigr-search" $rc >/dev/null; then
	rc=0
fi
if [ $rc != 0 ] || ! grep -q "backend     kernel .* $tree_hash" <<<"$out"; then
	fail "tmigr-stress --backend kernel -n 16 -t 2: exit $rc:"; echo "$out" | tail -20
else
	ok "tmigr-stress --backend kernel -n 16 -t 2: clean or documented findings only, names the tree $tree_hash"
fi

# ---- the seed corpus on the real file -----------------------------------------
# Each input once with its own schedule bytes (the model's corpus_replay test
# covers determinism across strategies; the kernel's points are the same kind).
verdicts=$src/corpus/verdicts-kernel.txt
if grep -q "^# tree: .* $tree_hash\$" "$verdicts"; then
	n=0
	while read -r key want; do
		case $key in
		\#*|'') continue ;;
		findings/*)
			input=$tmp/$(basename "$key" .txt).bin
			"$bin/tools/tmigr-mkinput" "$src/corpus/$key" -o "$input" >/dev/null || { fail "mkinput $key"; continue; } ;;
		*) input=$src/corpus/$key ;;
		esac
		profile=plain
		case $key in tmigr_hotplug/*) profile=hotplug ;; esac
		got=$("$bin/tools/tmigr-replay" --backend kernel --profile $profile -q "$input" 2>&1 |
			sed -n 's/^verdict: //p')
		if [ "$got" != "$want" ]; then
			fail "$key on the kernel backend: verdict '$got', $verdicts says '$want'"
		fi
		n=$((n + 1))
	done <"$verdicts"
	ok "corpus on the kernel backend: $n inputs, verdicts as in $(basename "$verdicts")"
else
	echo "skip corpus verdicts: $verdicts was recorded on another tree (this one is $tree_hash)"
fi

# ---- the findings on the real file ------------------------------------------
# finding-program | search options | oracle:site it must show
while IFS='|' read -r prog opts want; do
	# shellcheck disable=SC2086 # the options are words
	out=$("$bin/tools/tmigr-search" --backend kernel $opts -q "$src/corpus/findings/$prog" 2>&1)
	if grep -q "^tmigr-search: $want:kernel-" <<<"$out"; then
		ok "findings/$prog on the real file: $(head -n 1 <<<"$out" | sed 's/^tmigr-search: //')"
	else
		fail "findings/$prog: tmigr-search --backend kernel $opts did not find $want: $out"
	fi
done <<EOF
deactivate-vs-last-idle-lost.txt|--strategy pct --seed 1 --runs 200|event-queue:idle-child-not-queued
EOF

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
exit $((fails != 0))
