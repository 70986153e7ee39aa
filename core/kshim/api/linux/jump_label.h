/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: static keys as a flag: DEFINE_STATIC_KEY_FALSE/TRUE, static_branch_likely/unlikely() read it, static_branch_enable/disable() set it (no code patching). */
#ifndef KSHIM_LINUX_JUMP_LABEL_H
#define KSHIM_LINUX_JUMP_LABEL_H

#include "../../../rt/types.h"

/*
 * The kernel flips a static key by patching code under stop_machine(), so
 * no CPU sees a half-done switch and a read is no memory access at all:
 * here a relaxed atomic flag, not a scheduling point.
 */
struct static_key {
	int	enabled;
};
struct static_key_false {
	struct static_key	key;
};
struct static_key_true {
	struct static_key	key;
};

#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name = { { 0 } }
#define DEFINE_STATIC_KEY_TRUE(name)	struct static_key_true name = { { 1 } }

#define static_key_enabled(x)		(__atomic_load_n(&(x)->key.enabled, __ATOMIC_RELAXED) > 0)
#define static_branch_likely(x)		likely(static_key_enabled(x))
#define static_branch_unlikely(x)	unlikely(static_key_enabled(x))
#define static_branch_enable(x)		__atomic_store_n(&(x)->key.enabled, 1, __ATOMIC_RELAXED)
#define static_branch_disable(x)	__atomic_store_n(&(x)->key.enabled, 0, __ATOMIC_RELAXED)

#endif
