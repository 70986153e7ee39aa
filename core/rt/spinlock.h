/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * raw_spinlock_t and struct mutex on top of pthread mutexes.
 *
 * Why pthread mutexes and not spinning: hundreds of CPU threads share two
 * real cores, so a preempted lock holder must not be spun on; and
 * ThreadSanitizer understands pthread mutexes natively, lock-order inversions
 * included. The owner field records which CPU holds the lock, for
 * lockdep_assert_held(), deadlock reports and the controlled scheduler
 * (a thread waiting for a held lock is not runnable).
 *
 * Acquire and release are scheduling points.
 */
#ifndef RT_SPINLOCK_H
#define RT_SPINLOCK_H

#include <pthread.h>

#include "cpu.h"
#include "sched_point.h"

struct rt_lock {
	pthread_mutex_t	mutex;
	int		owner;		/* CPU + 1 of the holder, 0 when free */
};

typedef struct rt_lock raw_spinlock_t;

struct mutex {
	struct rt_lock	lock;
};

#define RT_LOCK_INIT		{ PTHREAD_MUTEX_INITIALIZER, 0 }
#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = RT_LOCK_INIT
#define DEFINE_MUTEX(x)		struct mutex x = { RT_LOCK_INIT }

#define SINGLE_DEPTH_NESTING	1

void rt_lock_init(struct rt_lock *l);
void rt_lock_acquire(struct rt_lock *l, enum rt_op op, const char *site);
void rt_lock_release(struct rt_lock *l, enum rt_op op, const char *site);
bool rt_lock_try_acquire(struct rt_lock *l, enum rt_op op, const char *site);

/* CPU currently holding @l, or RT_NO_CPU. Racy by nature; for checks. */
static inline int rt_lock_owner(const struct rt_lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) - 1;
}

static inline bool rt_lock_held_by_me(const struct rt_lock *l)
{
	return rt_lock_owner(l) == rt_this_cpu();
}

#define raw_spin_lock_init(l)		rt_lock_init(l)
#define raw_spin_lock(l)		rt_lock_acquire((l), RT_OP_SPIN_LOCK, __func__)
#define raw_spin_unlock(l)		rt_lock_release((l), RT_OP_SPIN_UNLOCK, __func__)
#define raw_spin_trylock(l)		rt_lock_try_acquire((l), RT_OP_SPIN_TRYLOCK, __func__)
#define raw_spin_lock_nested(l, sub)	((void)(sub), raw_spin_lock(l))

#define raw_spin_lock_irq(l)		do { local_irq_disable(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irq(l)		do { raw_spin_unlock(l); local_irq_enable(); } while (0)

#define mutex_init(m)			rt_lock_init(&(m)->lock)
#define mutex_lock(m)			rt_lock_acquire(&(m)->lock, RT_OP_MUTEX_LOCK, __func__)
#define mutex_unlock(m)			rt_lock_release(&(m)->lock, RT_OP_MUTEX_UNLOCK, __func__)
#define mutex_trylock(m)		rt_lock_try_acquire(&(m)->lock, RT_OP_MUTEX_TRYLOCK, __func__)

/*
 * lockdep_assert_held() is a kernel WARN site: violations become reports.
 * Works on raw_spinlock_t and struct mutex (whose first member is the lock).
 */
#define lockdep_assert_held(l)	rt_assert_held((const struct rt_lock *)(l), #l, __func__)

void rt_assert_held_impl(const struct rt_lock *l, const char *what, const char *site);

static inline void rt_assert_held(const struct rt_lock *l, const char *what, const char *site)
{
	if (unlikely(!rt_lock_held_by_me(l)))
		rt_assert_held_impl(l, what, site);
}

#endif /* RT_SPINLOCK_H */
