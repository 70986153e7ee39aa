/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Marked accesses: READ_ONCE(), WRITE_ONCE(), smp_store_release(),
 * smp_load_acquire() and barriers, mapped onto C11 atomics.
 *
 * Mapping (chosen to match the Linux kernel memory model, so that
 * ThreadSanitizer sees the same happens-before edges the kernel relies on):
 *
 *   READ_ONCE          -> consume load. The kernel's READ_ONCE() orders
 *                         accesses that depend on the loaded value (address
 *                         dependency); C11 expresses that as consume, which
 *                         compilers implement as acquire. Without it TSan
 *                         would flag every walk that follows ->parent to a
 *                         group initialised before smp_store_release().
 *   WRITE_ONCE         -> relaxed store.
 *   smp_store_release  -> release store.
 *   smp_load_acquire   -> acquire load.
 *   smp_mb             -> sequentially consistent fence.
 *
 * Each is a scheduling point. GNU statement expressions keep the kernel's
 * call syntax (READ_ONCE(x) on any scalar lvalue).
 */
#ifndef RT_ONCE_H
#define RT_ONCE_H

#include "sched_point.h"

#define rt_result_of(v)		((unsigned long)(uintptr_t)(v))

#define READ_ONCE(x) ({								\
	__typeof__(x) __ro_val;							\
	rt_point_before(RT_OP_READ_ONCE, &(x), __func__);			\
	__ro_val = __atomic_load_n(&(x), __ATOMIC_CONSUME);			\
	rt_point_after(RT_OP_READ_ONCE, &(x), __func__, rt_result_of(__ro_val));	\
	__ro_val;								\
})

#define WRITE_ONCE(x, val) do {							\
	__typeof__(x) __wo_val = (val);						\
	rt_point_before(RT_OP_WRITE_ONCE, &(x), __func__);			\
	__atomic_store_n(&(x), __wo_val, __ATOMIC_RELAXED);			\
	rt_point_after(RT_OP_WRITE_ONCE, &(x), __func__, rt_result_of(__wo_val));	\
} while (0)

#define smp_store_release(p, val) do {						\
	__typeof__(*(p)) __sr_val = (val);					\
	rt_point_before(RT_OP_STORE_RELEASE, (p), __func__);			\
	__atomic_store_n((p), __sr_val, __ATOMIC_RELEASE);			\
	rt_point_after(RT_OP_STORE_RELEASE, (p), __func__, rt_result_of(__sr_val));	\
} while (0)

#define smp_load_acquire(p) ({							\
	__typeof__(*(p)) __la_val;						\
	rt_point_before(RT_OP_LOAD_ACQUIRE, (p), __func__);			\
	__la_val = __atomic_load_n((p), __ATOMIC_ACQUIRE);			\
	rt_point_after(RT_OP_LOAD_ACQUIRE, (p), __func__, rt_result_of(__la_val));	\
	__la_val;								\
})

#define smp_mb() do {								\
	rt_point_before(RT_OP_FENCE, NULL, __func__);				\
	__atomic_thread_fence(__ATOMIC_SEQ_CST);				\
} while (0)

#define barrier()		__asm__ __volatile__("" ::: "memory")

#endif /* RT_ONCE_H */
