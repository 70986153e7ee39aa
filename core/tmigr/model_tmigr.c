// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model backend: the model's timer_migration.c, compiled against
 * core/kshim/ exactly as core/kshim/kernel_tmigr.c compiles a real tree's
 * file, and #included here so that its statics are in scope for the glue
 * both backends share (glue.h).
 *
 * Include paths: core/kshim/{api,stub,harness}, for this unit only. No
 * staged tree is needed: glue.h defaults the KSHIM_TREE_* description to
 * Linux 6.12's shape, which is the model's.
 */
#include "../kshim/kshim_prelude.h"

#include "timer_migration.c"

#include "tmigr.h"
#include "glue.h"

/* 6.12 sets up in its early initcall, as the model does. */
static int tmigr_model_boot(void)
{
	return tmigr_glue_boot(kshim_early_initcall);
}

const size_t tmigr_model_group_size = sizeof(struct tmigr_group);

const struct tmigr_backend tmigr_model_backend = {
	.name			= "model",
	.has_variants		= true,
	TMIGR_GLUE_OPS(tmigr_model_boot),
};
