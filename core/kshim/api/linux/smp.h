/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: smp_processor_id() is the CPU the calling thread impersonates; irq state is bookkeeping (core/rt/cpu.h). */
#ifndef KSHIM_LINUX_SMP_H
#define KSHIM_LINUX_SMP_H

#include "../../../rt/cpu.h"
#include "cpumask.h"
#include "topology.h"
#include "percpu.h"
#include "../../harness/linux/workqueue.h"

#endif
