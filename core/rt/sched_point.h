/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduling points.
 *
 * Every primitive through which model or environment code touches shared
 * state (locks, atomics, marked accesses) announces the access here first.
 * In free mode nobody listens and the cost is one load of a global pointer.
 * A controlled scheduler installs hooks: @before decides which CPU thread
 * runs next (so it runs before the access takes effect), @after learns the
 * outcome (a cmpxchg that failed, the value a load returned) for tracing and
 * interleaving feedback.
 *
 * The hooks are installed before a run's CPU threads start and removed
 * after they stop, except for the threads of an abandoned run, which stay
 * parked: hence the atomic (relaxed, a plain load on x86) read of @rt_hooks.
 */
#ifndef RT_SCHED_POINT_H
#define RT_SCHED_POINT_H

#include "types.h"

enum rt_op {
	RT_OP_SPIN_LOCK,
	RT_OP_SPIN_UNLOCK,
	RT_OP_MUTEX_LOCK,
	RT_OP_MUTEX_UNLOCK,
	RT_OP_SPIN_TRYLOCK,	/* never blocks */
	RT_OP_MUTEX_TRYLOCK,
	RT_OP_ATOMIC_READ,
	RT_OP_ATOMIC_SET,
	RT_OP_CMPXCHG,
	RT_OP_ATOMIC_ADD,
	RT_OP_READ_ONCE,
	RT_OP_WRITE_ONCE,
	RT_OP_LOAD_ACQUIRE,
	RT_OP_STORE_RELEASE,
	RT_OP_FENCE,
	RT_OP_PLAIN_READ,	/* build flavour plain-points (plain_points.c) */
	RT_OP_PLAIN_WRITE,
	RT_OP_NR
};

struct rt_point {
	enum rt_op	op;
	const void	*obj;	/* address of the lock, atomic or variable */
	const char	*site;	/* calling function (__func__) */
};

/**
 * struct rt_hooks - a scheduler listening at the scheduling points
 * @before:	runs before the access takes effect (may switch CPUs)
 * @after:	learns the outcome (may be NULL)
 * @contended:	a lock acquisition found the lock held: wait a little and
 *		let the caller try again. NULL: the caller blocks on the lock
 *		(the controlled scheduler only lets a CPU at a free lock).
 *		For schedulers that run several CPUs on one thread, where
 *		blocking would stop the holder too.
 * @after_locks_only: @after is called for lock operations only
 */
struct rt_hooks {
	void (*before)(const struct rt_point *p);
	void (*after)(const struct rt_point *p, unsigned long result);
	void (*contended)(const struct rt_point *p);
	bool after_locks_only;
};

extern const struct rt_hooks *rt_hooks;

/*
 * Points that are not lock operations the installed @before need not see:
 * a scheduler that preempts every K points (the free fiber scheduler) sets
 * the count here instead of counting in its hook, which then runs only at
 * lock operations and when the count is used up. The controlled scheduler
 * leaves it 0 and sees every point. Per OS thread: fibers of one thread
 * share it, and read and write it with relaxed atomics (each fiber is a
 * thread to TSan).
 */
extern __thread unsigned int rt_point_skip;

static inline bool rt_op_is_lock(enum rt_op op)
{
	return op <= RT_OP_MUTEX_TRYLOCK;
}

static inline bool rt_op_is_trylock(enum rt_op op)
{
	return op == RT_OP_SPIN_TRYLOCK || op == RT_OP_MUTEX_TRYLOCK;
}

/* The lock operation @op, with @result as its after-hook saw it, took the lock. */
static inline bool rt_op_acquired(enum rt_op op, unsigned long result)
{
	return op == RT_OP_SPIN_LOCK || op == RT_OP_MUTEX_LOCK || (rt_op_is_trylock(op) && result);
}

static inline bool rt_op_is_unlock(enum rt_op op)
{
	return op == RT_OP_SPIN_UNLOCK || op == RT_OP_MUTEX_UNLOCK;
}

/*
 * @op may have changed shared memory: a write, or an unlock ending a
 * critical section that may have written plain fields.
 */
static inline bool rt_op_may_write(enum rt_op op)
{
	switch (op) {
	case RT_OP_SPIN_UNLOCK:
	case RT_OP_MUTEX_UNLOCK:
	case RT_OP_ATOMIC_SET:
	case RT_OP_CMPXCHG:
	case RT_OP_ATOMIC_ADD:
	case RT_OP_WRITE_ONCE:
	case RT_OP_STORE_RELEASE:
	case RT_OP_FENCE:
	case RT_OP_PLAIN_WRITE:
		return true;
	default:
		return false;
	}
}

static inline bool rt_point_skipped(enum rt_op op)
{
	unsigned int n;

	if (rt_op_is_lock(op))
		return false;
	n = __atomic_load_n(&rt_point_skip, __ATOMIC_RELAXED);
	if (!n)
		return false;
	__atomic_store_n(&rt_point_skip, n - 1, __ATOMIC_RELAXED);
	return true;
}

const char *rt_op_name(enum rt_op op);

/*
 * Install or remove (NULL) hooks between runs. Threads of an abandoned
 * controlled run (deadlock, livelock) stay parked inside a hook, so the
 * pointer is read and written atomically.
 */
void rt_set_hooks(const struct rt_hooks *hooks);

/*
 * Plain accesses of the tmigr unit are scheduling points only in the
 * plain-points flavour, and only where the tmigr code runs as the kernel
 * would: the harness glue compiled into the same unit (snapshots, names,
 * reset) mutes them on its thread.
 */
extern __thread int rt_plain_muted;

/*
 * Atomic accesses are not instrumented: a plain ++ here would be a plain
 * point itself. Relaxed load and store, no read-modify-write: the counter
 * is the thread's own.
 */
static inline void rt_plain_mute(void)
{
	__atomic_store_n(&rt_plain_muted, __atomic_load_n(&rt_plain_muted, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELAXED);
}

static inline void rt_plain_unmute(void)
{
	__atomic_store_n(&rt_plain_muted, __atomic_load_n(&rt_plain_muted, __ATOMIC_RELAXED) - 1,
			 __ATOMIC_RELAXED);
}

static inline void __rt_point_before(enum rt_op op, const void *obj, const char *site)
{
	const struct rt_hooks *h = __atomic_load_n(&rt_hooks, __ATOMIC_RELAXED);

	if (unlikely(h) && !rt_point_skipped(op)) {
		struct rt_point p = { op, obj, site };

		h->before(&p);
	}
}

static inline void __rt_point_after(enum rt_op op, const void *obj, const char *site,
				    unsigned long result)
{
	const struct rt_hooks *h = __atomic_load_n(&rt_hooks, __ATOMIC_RELAXED);

	if (unlikely(h && h->after) && (rt_op_is_lock(op) || !h->after_locks_only)) {
		struct rt_point p = { op, obj, site };

		h->after(&p, result);
	}
}

/* The lock at @obj is held: true if a hook waited and the caller should try again. */
static inline bool __rt_point_contended(enum rt_op op, const void *obj, const char *site)
{
	const struct rt_hooks *h = __atomic_load_n(&rt_hooks, __ATOMIC_RELAXED);

	if (unlikely(h && h->contended)) {
		struct rt_point p = { op, obj, site };

		h->contended(&p);
		return true;
	}
	return false;
}

/*
 * Fuzz builds call the hooks out of line, from sched_point.c, which has no
 * coverage instrumentation: inlined at every atomic, lock and plain access
 * of the code under test, their branches were a sixth of the edges an
 * execution hit (hooks set or not, a point skipped or not): noise to the
 * fuzzer, and work for libFuzzer at every execution (docs/BENCHMARKS.md).
 */
#ifdef RT_POINTS_OUT_OF_LINE
void rt_point_before(enum rt_op op, const void *obj, const char *site);
void rt_point_after(enum rt_op op, const void *obj, const char *site, unsigned long result);
bool rt_point_contended(enum rt_op op, const void *obj, const char *site);
#else
static inline void rt_point_before(enum rt_op op, const void *obj, const char *site)
{
	__rt_point_before(op, obj, site);
}

static inline void rt_point_after(enum rt_op op, const void *obj, const char *site,
				  unsigned long result)
{
	__rt_point_after(op, obj, site, result);
}

static inline bool rt_point_contended(enum rt_op op, const void *obj, const char *site)
{
	return __rt_point_contended(op, obj, site);
}
#endif

#endif /* RT_SCHED_POINT_H */
