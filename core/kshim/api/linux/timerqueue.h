/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: timerqueue_head/node with the kernel's ordering; node->expires as in the kernel (core/lib/timerqueue.h). */
#ifndef KSHIM_LINUX_TIMERQUEUE_H
#define KSHIM_LINUX_TIMERQUEUE_H

#include "../../../lib/timerqueue.h"

#endif
