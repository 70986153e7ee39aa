#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Probe a kernel tree for the kernel backend and stage the files it builds.
#
#   tools/kernel-tree.sh SRC OUTDIR     stage SRC into OUTDIR (cached)
#   tools/kernel-tree.sh --check SRC    only say whether SRC is supported
#
# SRC is a kernel source directory (git checkout, unpacked tarball, or a
# folder holding just kernel/time/timer_migration.[ch]) or a linux-source
# tarball (.tar.xz/.tar.gz/.tar). Only kernel/time/timer_migration.[ch] and
# the top Makefile (for the version) are copied: the tree's other headers
# must not shadow the shims in core/kshim/.
#
# Support is decided by the API the file uses, not by its version: the
# probe greps for everything the shims and the shared glue
# (core/tmigr/glue.h) rely on. An unsupported tree gets one line naming the
# missing API and exit 2, before any compiler runs.
#
# OUTDIR receives kernel/time/timer_migration.[ch] and kshim_tree.h, which
# describes the tree to the wrapper unit (version, file hash, API flags).

set -eu

die() {
	echo "kernel-tree: $*" >&2
	exit 2
}

usage() {
	sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'
}

check_only=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--check) check_only=1; shift ;;
esac
[ $# -ge 1 ] || { usage >&2; exit 2; }
src=$1
[ $check_only = 1 ] || [ $# = 2 ] || { usage >&2; exit 2; }
[ -e "$src" ] || die "$src: no such file or directory"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- fetch the three files into $work -------------------------------------
case "$src" in
*.tar|*.tar.gz|*.tgz|*.tar.xz|*.tar.bz2)
	top=$(tar -tf "$src" 2>/dev/null | head -n 1 | cut -d/ -f1) ||
		die "$src: not a readable tarball"
	[ -n "$top" ] || die "$src: empty tarball"
	tar -xf "$src" -C "$work" "$top/kernel/time/timer_migration.c" \
		"$top/kernel/time/timer_migration.h" 2>/dev/null ||
		die "$src: no kernel/time/timer_migration.[ch] in the tarball (not a tree with timer migration, before Linux 6.9?)"
	tar -xf "$src" -C "$work" "$top/Makefile" 2>/dev/null || true
	tree="$work/$top"
	;;
*)
	[ -d "$src" ] || die "$src: neither a directory nor a .tar[.xz|.gz|.bz2] tarball"
	tree=$src
	;;
esac

c="$tree/kernel/time/timer_migration.c"
h="$tree/kernel/time/timer_migration.h"
[ -f "$c" ] || die "$src: no kernel/time/timer_migration.c (not a kernel tree, or one before Linux 6.9)"
[ -f "$h" ] || die "$src: no kernel/time/timer_migration.h"

# ---- API probe --------------------------------------------------------------
# need FILE REGEX WHAT: the tree must match REGEX, else WHAT is missing.
need() {
	grep -Eq "$2" "$1" || die "$src: unsupported tree: missing $3"
}

need "$c" 'DEFINE_PER_CPU\(struct tmigr_cpu, tmigr_cpu\)' 'per-CPU struct tmigr_cpu tmigr_cpu'
need "$c" '(early|late)_initcall\(tmigr_init\)' 'tmigr_init() as an early/late initcall'
for f in tmigr_cpu_activate tmigr_cpu_deactivate tmigr_cpu_new_timer \
	 tmigr_quick_check tmigr_handle_remote tmigr_requires_handle_remote; do
	need "$c" "^[a-z0-9_ ]*[ *]$f\(" "entry point $f()"
done
need "$c" 'tmigr_hierarchy_levels' 'tmigr_hierarchy_levels'
need "$h" 'atomic_t[[:space:]]+migr_state;' 'struct tmigr_group::migr_state (atomic_t)'
need "$h" 'struct timerqueue_head[[:space:]]+events;' 'struct tmigr_group::events (timerqueue)'
for fld in next_expiry num_children numa_node level wakeup tmgroup remote idle; do
	need "$h" "[[:space:]*]$fld;" "field $fld of struct tmigr_group/tmigr_cpu"
done
need "$h" 'u8[[:space:]]+(groupmask|childmask);' 'u8 groupmask/childmask of struct tmigr_group'
need "$h" 'bool[[:space:]]+(online|available);' 'bool online/available of struct tmigr_cpu'

hier=0
if grep -Eq '^struct tmigr_hierarchy \{' "$h"; then
	hier=1
	need "$h" 'struct list_head[[:space:]]+\*level_list;' 'struct tmigr_hierarchy::level_list'
	need "$c" 'static LIST_HEAD\(tmigr_hierarchy_list\)' 'tmigr_hierarchy_list'
else
	need "$c" 'static struct list_head \*tmigr_level_list' 'tmigr_level_list'
	need "$c" 'tmigr_crossnode_level' 'tmigr_crossnode_level'
fi

# What the shims do not provide (yet) ends here, with one line.
for api in 'rcu_read_lock' 'smp_call_function'; do
	if grep -q "$api" "$c"; then
		die "$src: unsupported tree: uses ${api}*(), which core/kshim/ does not provide"
	fi
done

childmask=0; grep -Eq 'u8[[:space:]]+childmask;' "$h" && childmask=1
available=0; grep -Eq 'bool[[:space:]]+available;' "$h" && available=1
prepare=0; grep -q 'CPUHP_TMIGR_PREPARE' "$c" && prepare=1
root=0; grep -Eq '^static struct tmigr_group \*tmigr_root;' "$c" && root=1
early=0; grep -Eq '^early_initcall\(tmigr_init\);' "$c" && early=1
late=0; grep -Eq '^late_initcall\([a-z_]+\);' "$c" && late=1
isolation=0; grep -q 'DEFINE_STATIC_KEY_FALSE(tmigr_exclude_isolated)' "$c" && isolation=1

version=unknown
if [ -f "$tree/Makefile" ]; then
	version=$(awk -F' = ' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2} /^SUBLEVEL =/{s=$2}
		/^EXTRAVERSION =/{e=$2; exit} END{if (v != "") printf "%s.%s.%s%s", v, p, s, e}' "$tree/Makefile")
	[ -n "$version" ] || version=unknown
elif [ -f "$tree/PROVENANCE" ]; then
	# The fixtures in shared/kernels/ have no Makefile; their label says.
	version=$(sed -n 's/^label: *\([^ ]*\).*/\1/p' "$tree/PROVENANCE" | head -n 1)
	[ -n "$version" ] || version=unknown
fi
hash=$(cat "$c" "$h" | sha256sum | cut -c1-12)

if [ $check_only = 1 ]; then
	echo "kernel-tree: $src: supported (version $version, timer_migration.[ch] sha256 $hash)"
	exit 0
fi

# ---- stage (only when something changed, so builds stay incremental) -----
out=$2
mkdir -p "$work/out/kernel/time"
cp "$c" "$h" "$work/out/kernel/time/"
cat >"$work/out/kshim_tree.h" <<EOF
/* Generated by tools/kernel-tree.sh from $src; do not edit. */
#define KSHIM_TREE_VERSION	"$version"
#define KSHIM_TREE_HASH		"$hash"
#define KSHIM_TREE_CHILDMASK	$childmask
#define KSHIM_TREE_AVAILABLE	$available
#define KSHIM_TREE_HIERARCHY	$hier
#define KSHIM_TREE_PREPARE	$prepare
#define KSHIM_TREE_ROOT		$root
#define KSHIM_TREE_EARLY_INITCALL	$early
#define KSHIM_TREE_LATE_INITCALL	$late
#define KSHIM_TREE_ISOLATION	$isolation
#define KSHIM_TREE_FILE		"kernel/time/timer_migration.c"
EOF
mkdir -p "$out/kernel/time"
for f in kernel/time/timer_migration.c kernel/time/timer_migration.h kshim_tree.h; do
	cmp -s "$work/out/$f" "$out/$f" || cp "$work/out/$f" "$out/$f"
done
echo "kernel-tree: $src: version $version, timer_migration.[ch] sha256 $hash"
