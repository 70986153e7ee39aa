/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: what the kernel's build force-includes into every unit, for the wrapper units that #include a timer_migration.c (a real tree's, or the model's). */
#ifndef KSHIM_PRELUDE_H
#define KSHIM_PRELUDE_H

/*
 * Kbuild passes -include linux/kconfig.h and -include
 * linux/compiler_types.h, and the other headers here reach every unit
 * through <linux/kernel.h> and friends; timer_migration.c relies on both
 * without naming them. Resolved through the shims' include path.
 */
#include <linux/kconfig.h>
#include <linux/compiler_types.h>
#include <linux/init.h>
#include <linux/cache.h>
#include <linux/list.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/err.h>
#include <linux/percpu.h>

#endif /* KSHIM_PRELUDE_H */
