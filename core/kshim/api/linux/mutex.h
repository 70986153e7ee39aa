/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: struct mutex, DEFINE_MUTEX, mutex_lock/unlock as scheduling points (core/rt/spinlock.h). */
#ifndef KSHIM_LINUX_MUTEX_H
#define KSHIM_LINUX_MUTEX_H

#include "../../../rt/spinlock.h"

#endif
