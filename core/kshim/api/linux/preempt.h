/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: migrate_disable()/migrate_enable() and guard(migrate) are no-ops: a CPU thread never changes the CPU it impersonates. */
#ifndef KSHIM_LINUX_PREEMPT_H
#define KSHIM_LINUX_PREEMPT_H

#include "cleanup.h"

static inline void migrate_disable(void) { }
static inline void migrate_enable(void) { }

DEFINE_LOCK_GUARD_0(migrate, migrate_disable(), migrate_enable())

#endif
