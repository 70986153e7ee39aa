/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: lockdep_assert_held() checks the owner and files a WARN report when it is not us (core/rt/spinlock.h). */
#ifndef KSHIM_LINUX_LOCKDEP_H
#define KSHIM_LINUX_LOCKDEP_H

#include "../../../rt/spinlock.h"

#define lockdep_assert_irqs_disabled()	WARN_ON_ONCE(!irqs_disabled())

#endif
