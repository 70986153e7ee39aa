/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime, in one include: what model and environment code may use to
 * reach shared state. Everything here is kernel-spelled.
 */
#ifndef RT_RT_H
#define RT_RT_H

#include "types.h"
#include "sched_point.h"
#include "once.h"
#include "atomic.h"
#include "cpu.h"
#include "percpu.h"
#include "spinlock.h"
#include "clock.h"
#include "kernel.h"

#endif /* RT_RT_H */
