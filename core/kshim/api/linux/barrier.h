/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: smp_mb/smp_store_release/smp_load_acquire/smp_mb__after_atomic as scheduling points (core/rt). */
#ifndef KSHIM_LINUX_BARRIER_H
#define KSHIM_LINUX_BARRIER_H

#include "../../../rt/once.h"
#include "../../../rt/atomic.h"

#endif
