/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: guard()/scoped_guard() for mutex, raw_spinlock(_irq) and lock-less classes (DEFINE_LOCK_GUARD_0), __free()/DEFINE_FREE()/no_free_ptr(), released on scope exit like <linux/cleanup.h>. */
#ifndef KSHIM_LINUX_CLEANUP_H
#define KSHIM_LINUX_CLEANUP_H

#include "../../../rt/spinlock.h"

/*
 * A guard is a pointer to the lock with a cleanup function that releases
 * it. Each lock class defines kshim_guard_<class>_{lock,unlock}; the
 * runtime's acquire/release stay the scheduling points.
 */
#define __KSHIM_GUARD_CLASS(_name, _type, _lock, _unlock)			\
	typedef _type *kshim_guard_##_name##_t;					\
	static inline kshim_guard_##_name##_t kshim_guard_##_name##_init(_type *l) \
	{ _lock; return l; }							\
	static inline void kshim_guard_##_name##_exit(kshim_guard_##_name##_t *g) \
	{ _type *l = *g; if (l) { _unlock; } }

__KSHIM_GUARD_CLASS(mutex, struct mutex,
		    rt_lock_acquire(&l->lock, RT_OP_MUTEX_LOCK, "guard(mutex)"),
		    rt_lock_release(&l->lock, RT_OP_MUTEX_UNLOCK, "guard(mutex)"))
__KSHIM_GUARD_CLASS(raw_spinlock, raw_spinlock_t,
		    rt_lock_acquire(l, RT_OP_SPIN_LOCK, "guard(raw_spinlock)"),
		    rt_lock_release(l, RT_OP_SPIN_UNLOCK, "guard(raw_spinlock)"))
__KSHIM_GUARD_CLASS(raw_spinlock_irq, raw_spinlock_t,
		    (local_irq_disable(), rt_lock_acquire(l, RT_OP_SPIN_LOCK, "guard(raw_spinlock_irq)")),
		    (rt_lock_release(l, RT_OP_SPIN_UNLOCK, "guard(raw_spinlock_irq)"), local_irq_enable()))

/*
 * A guard class without a lock object, as DEFINE_LOCK_GUARD_0(): guard(name)()
 * runs @_lock now and @_unlock on scope exit.
 */
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock)				\
	typedef void *kshim_guard_##_name##_t;					\
	static inline kshim_guard_##_name##_t kshim_guard_##_name##_init(void)	\
	{ _lock; return (void *)1; }						\
	static inline void kshim_guard_##_name##_exit(kshim_guard_##_name##_t *g) \
	{ if (*g) { _unlock; } }

/*
 * __free(name): on scope exit, __free_<name>() gets the variable's address;
 * DEFINE_FREE(name, type, free) defines it, @free seeing the value as _T.
 * no_free_ptr() hands the value on and leaves NULL for the cleanup.
 */
#define DEFINE_FREE(_name, _type, _free)					\
	static inline void __free_##_name(void *p)				\
	{ _type _T = *(_type *)p; _free; }
#define __free(_name)		__attribute__((cleanup(__free_##_name)))
#define no_free_ptr(p)		({ __typeof__(p) __np = (p); (p) = NULL; __np; })
#define return_ptr(p)		return no_free_ptr(p)

#define __KSHIM_UNIQUE(p)	__KSHIM_UNIQUE2(p, __COUNTER__)
#define __KSHIM_UNIQUE2(p, n)	__KSHIM_UNIQUE3(p, n)
#define __KSHIM_UNIQUE3(p, n)	p##n

#define guard(_name)								\
	kshim_guard_##_name##_t __KSHIM_UNIQUE(__guard_)			\
		__attribute__((unused, cleanup(kshim_guard_##_name##_exit))) =	\
		kshim_guard_##_name##_init

/* Runs the body once with the lock held; break leaves the scope. */
#define scoped_guard(_name, _lock)						\
	for (kshim_guard_##_name##_t __sg						\
		__attribute__((unused, cleanup(kshim_guard_##_name##_exit))) =	\
		kshim_guard_##_name##_init(_lock), *__sg_done = NULL;		\
	     !__sg_done; __sg_done = (void *)1)

#endif
