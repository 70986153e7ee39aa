/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: work_on_cpu() wakes the target CPU thread and waits for the result (core/env/smp.c); schedule_work_on() runs the work the same way before returning, so flush_work() has nothing left to wait for. */
#ifndef KSHIM_LINUX_WORKQUEUE_H
#define KSHIM_LINUX_WORKQUEUE_H

#include "../../../env/kapi.h"

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t	func;
};

#define INIT_WORK(w, f)		((w)->func = (f))

static inline long kshim_work_fn(void *arg)
{
	struct work_struct *work = arg;

	work->func(work);
	return 0;
}

/*
 * Synchronous: the environment's only cross-CPU work primitive is
 * work_on_cpu(), and a caller that queues then flushes (tmigr's isolation
 * update) cannot tell the difference.
 */
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return work_on_cpu(cpu, kshim_work_fn, work) == 0;
}

static inline bool flush_work(struct work_struct *work)
{
	(void)work;
	return false;
}

#endif
