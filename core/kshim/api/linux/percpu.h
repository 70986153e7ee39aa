/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: DEFINE_PER_CPU/per_cpu_ptr/this_cpu_ptr as arrays indexed by the impersonated CPU (core/rt/percpu.h). */
#ifndef KSHIM_LINUX_PERCPU_H
#define KSHIM_LINUX_PERCPU_H

#include "../../../rt/percpu.h"

#endif
