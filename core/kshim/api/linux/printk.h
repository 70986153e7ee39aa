/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: pr_err/pr_warn/pr_info/pr_debug go to the runtime's log sink (core/rt/kernel.h). */
#ifndef KSHIM_LINUX_PRINTK_H
#define KSHIM_LINUX_PRINTK_H

#include "../../../rt/kernel.h"

#endif
