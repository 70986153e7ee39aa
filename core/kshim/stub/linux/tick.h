/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: no nohz_full CPUs: tick_nohz_full_cpu() is false and every CPU is tick_nohz_cpu_hotpluggable(). */
#ifndef KSHIM_LINUX_TICK_H
#define KSHIM_LINUX_TICK_H

#include "../../../rt/types.h"

static inline bool tick_nohz_full_cpu(int cpu)		{ (void)cpu; return false; }
static inline bool tick_nohz_cpu_hotpluggable(unsigned int cpu) { (void)cpu; return true; }

#endif
