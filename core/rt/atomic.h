/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * atomic_t with the kernel's ordering rules, each operation a scheduling
 * point:
 *
 *   atomic_read / atomic_set     relaxed
 *   atomic_read_acquire          acquire
 *   atomic_try_cmpxchg           fully ordered on success, relaxed on failure
 *                                (the kernel gives no ordering on failure)
 *   smp_mb__after_atomic         full fence
 */
#ifndef RT_ATOMIC_H
#define RT_ATOMIC_H

#include "sched_point.h"

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i)		{ (i) }

static inline int rt_atomic_read(const atomic_t *v, int order, enum rt_op op, const char *site)
{
	int val;

	rt_point_before(op, v, site);
	val = __atomic_load_n(&v->counter, order);
	rt_point_after(op, v, site, (unsigned int)val);
	return val;
}

static inline void rt_atomic_set(atomic_t *v, int i, const char *site)
{
	rt_point_before(RT_OP_ATOMIC_SET, v, site);
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
	rt_point_after(RT_OP_ATOMIC_SET, v, site, (unsigned int)i);
}

/*
 * On failure *@old is updated with the current value, as the kernel's
 * atomic_try_cmpxchg() does; the hook sees 1 for success, 0 for failure.
 */
static inline bool rt_atomic_try_cmpxchg(atomic_t *v, int *old, int new, const char *site)
{
	bool ok;

	rt_point_before(RT_OP_CMPXCHG, v, site);
	ok = __atomic_compare_exchange_n(&v->counter, old, new, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	rt_point_after(RT_OP_CMPXCHG, v, site, ok);
	return ok;
}

/* Fully ordered add; returns the new value. */
static inline int rt_atomic_add_return(atomic_t *v, int i, const char *site)
{
	int val;

	rt_point_before(RT_OP_ATOMIC_ADD, v, site);
	val = __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
	rt_point_after(RT_OP_ATOMIC_ADD, v, site, (unsigned int)val);
	return val;
}

#define atomic_add_return(i, v)	rt_atomic_add_return((v), (i), __func__)
#define atomic_inc(v)		((void)rt_atomic_add_return((v), 1, __func__))
#define atomic_dec(v)		((void)rt_atomic_add_return((v), -1, __func__))

#define atomic_read(v)		rt_atomic_read((v), __ATOMIC_RELAXED, RT_OP_ATOMIC_READ, __func__)
#define atomic_read_acquire(v)	rt_atomic_read((v), __ATOMIC_ACQUIRE, RT_OP_ATOMIC_READ, __func__)
#define atomic_set(v, i)	rt_atomic_set((v), (i), __func__)

/*
 * The kernel passes a pointer to the expected value of whatever integer
 * type the caller keeps it in; tmigr uses a u32 inside a union.
 */
#define atomic_try_cmpxchg(v, oldp, new)					\
	rt_atomic_try_cmpxchg((v), (int *)(oldp), (int)(new), __func__)

#define smp_mb__after_atomic() do {						\
	rt_point_before(RT_OP_FENCE, NULL, __func__);				\
	__atomic_thread_fence(__ATOMIC_SEQ_CST);				\
} while (0)

#endif /* RT_ATOMIC_H */
