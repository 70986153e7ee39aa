// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduling-point hook registry and the per-thread CPU identity.
 */
#include "sched_point.h"
#include "cpu.h"

const struct rt_hooks *rt_hooks;

__thread struct rt_cpu_ctx *rt_cpu_ctx_cur;
__thread struct rt_cpu_ctx rt_cpu_ctx_own = { .cpu = RT_NO_CPU };
__thread int rt_plain_muted;
__thread unsigned int rt_point_skip;

static const char *const rt_op_names[RT_OP_NR] = {
	[RT_OP_SPIN_LOCK]	= "spin_lock",
	[RT_OP_SPIN_UNLOCK]	= "spin_unlock",
	[RT_OP_MUTEX_LOCK]	= "mutex_lock",
	[RT_OP_MUTEX_UNLOCK]	= "mutex_unlock",
	[RT_OP_SPIN_TRYLOCK]	= "spin_trylock",
	[RT_OP_MUTEX_TRYLOCK]	= "mutex_trylock",
	[RT_OP_ATOMIC_READ]	= "atomic_read",
	[RT_OP_ATOMIC_SET]	= "atomic_set",
	[RT_OP_CMPXCHG]		= "try_cmpxchg",
	[RT_OP_ATOMIC_ADD]	= "atomic_add_return",
	[RT_OP_READ_ONCE]	= "READ_ONCE",
	[RT_OP_WRITE_ONCE]	= "WRITE_ONCE",
	[RT_OP_LOAD_ACQUIRE]	= "smp_load_acquire",
	[RT_OP_STORE_RELEASE]	= "smp_store_release",
	[RT_OP_FENCE]		= "smp_mb",
	[RT_OP_PLAIN_READ]	= "read",
	[RT_OP_PLAIN_WRITE]	= "write",
};

#ifdef RT_POINTS_OUT_OF_LINE
void rt_point_before(enum rt_op op, const void *obj, const char *site)
{
	__rt_point_before(op, obj, site);
}

void rt_point_after(enum rt_op op, const void *obj, const char *site, unsigned long result)
{
	__rt_point_after(op, obj, site, result);
}

bool rt_point_contended(enum rt_op op, const void *obj, const char *site)
{
	return __rt_point_contended(op, obj, site);
}
#endif

const char *rt_op_name(enum rt_op op)
{
	if ((unsigned int)op < RT_OP_NR && rt_op_names[op])
		return rt_op_names[op];
	return "?";
}

void rt_set_hooks(const struct rt_hooks *hooks)
{
	__atomic_store_n(&rt_hooks, hooks, __ATOMIC_RELEASE);
}
