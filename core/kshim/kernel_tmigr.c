// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel backend: a real tree's kernel/time/timer_migration.c, compiled
 * unmodified against core/kshim/ and #included here so that its statics are
 * in scope for the shared glue (core/tmigr/glue.h).
 *
 * The build stages the tree's file under KSHIM_TREE_DIR (see
 * tools/kernel-tree.sh), along with kshim_tree.h describing the tree.
 * Include paths: core/kshim/{api,stub,harness}; the tree's own headers are
 * never on the path, so every <linux/...> the file names resolves to a shim.
 */
#include "kshim_tree.h"

#include "kshim_prelude.h"

/*
 * The file's global symbols get a prefix and the build's suffix (empty for
 * the configured tree, the fixture's label for the version matrix tests),
 * so nothing linked beside it - the model, another tree - can clash.
 */
#ifndef KSHIM_SUFFIX
#define KSHIM_SUFFIX
#endif
#define __KSHIM_SYM(name, sfx)		kernel_##name##sfx
#define _KSHIM_SYM(name, sfx)		__KSHIM_SYM(name, sfx)
#define KSHIM_SYM(name)			_KSHIM_SYM(name, KSHIM_SUFFIX)

#define tmigr_cpu_activate		KSHIM_SYM(tmigr_cpu_activate)
#define tmigr_cpu_deactivate		KSHIM_SYM(tmigr_cpu_deactivate)
#define tmigr_cpu_new_timer		KSHIM_SYM(tmigr_cpu_new_timer)
#define tmigr_quick_check		KSHIM_SYM(tmigr_quick_check)
#define tmigr_handle_remote		KSHIM_SYM(tmigr_handle_remote)
#define tmigr_requires_handle_remote	KSHIM_SYM(tmigr_requires_handle_remote)
#define tmigr_isolated_exclude_cpumask	KSHIM_SYM(tmigr_isolated_exclude_cpumask)

/*
 * The tree's file, unmodified. Its global functions have no prototype in
 * scope for -Wmissing-prototypes style checks, and kernel code compares
 * signed with unsigned freely: the kernel builds it with its own warning
 * set, so only ours that the kernel does not use are relaxed, for this
 * include only.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include KSHIM_TREE_FILE
#pragma GCC diagnostic pop

#include "../tmigr/tmigr.h"
#include "../tmigr/glue.h"
#include "kshim_racy.h"

/* 6.9/6.10 set up in their late initcall, the only one they have: it runs at boot. */
static int kernel_tmigr_boot(void)
{
	unsigned int cpu;

	kshim_trace_reset();
	for_each_possible_cpu(cpu)
		kshim_racy_ignore(&per_cpu(tmigr_cpu, cpu).cpuevt);
#if KSHIM_TREE_EARLY_INITCALL
	return tmigr_glue_boot(kshim_early_initcall);
#else
	return tmigr_glue_boot(kshim_late_initcall);
#endif
}

/* tmigr_kernel_tree_backend, or tmigr_kernel_tree_backend_<fixture>. */
#define __KSHIM_BACKEND(sfx)		tmigr_kernel_tree_backend##sfx
#define _KSHIM_BACKEND(sfx)		__KSHIM_BACKEND(sfx)

extern const struct tmigr_backend _KSHIM_BACKEND(KSHIM_SUFFIX);
const struct tmigr_backend _KSHIM_BACKEND(KSHIM_SUFFIX) = {
	.name			= "kernel",
	.version		= KSHIM_TREE_VERSION,
	.tree			= KSHIM_TREE_VERSION " " KSHIM_TREE_HASH,
	.has_variants		= false,
	TMIGR_GLUE_OPS(kernel_tmigr_boot),
#if KSHIM_TREE_EARLY_INITCALL && KSHIM_TREE_LATE_INITCALL
	.late_init		= kshim_late_initcall,
#endif
};
