/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: raw_spinlock_t and its lock/unlock/irq variants, acquire and release scheduling points (core/rt/spinlock.h). */
#ifndef KSHIM_LINUX_SPINLOCK_H
#define KSHIM_LINUX_SPINLOCK_H

#include "../../../rt/spinlock.h"
#include "compiler.h"
#include "barrier.h"
#include "atomic.h"
#include "lockdep.h"
#include "mutex.h"
#include "cleanup.h"
#include "preempt.h"
#include "percpu.h"
#include "smp.h"
#include "bug.h"
#include "printk.h"
#include "kernel.h"

#endif
