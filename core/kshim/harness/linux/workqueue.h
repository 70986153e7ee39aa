/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: work_on_cpu() wakes the target CPU thread and waits for the result (core/env/smp.c). */
#ifndef KSHIM_LINUX_WORKQUEUE_H
#define KSHIM_LINUX_WORKQUEUE_H

#include "../../../env/kapi.h"

#endif
