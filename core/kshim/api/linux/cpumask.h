/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: struct cpumask, cpu_online_mask, cpumask_any_but(), num_possible_cpus() of the environment (core/env/kapi.h). */
#ifndef KSHIM_LINUX_CPUMASK_H
#define KSHIM_LINUX_CPUMASK_H

#include "../../../env/kapi.h"

#endif
