/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: atomic_t with the kernel's ordering, every operation a scheduling point (core/rt/atomic.h). */
#ifndef KSHIM_LINUX_ATOMIC_H
#define KSHIM_LINUX_ATOMIC_H

#include "../../../rt/atomic.h"

/*
 * atomic_fetch_or(): fully ordered, returns the old value. Built on the
 * runtime's cmpxchg so it is one scheduling point per attempt, as a real
 * LL/SC loop would be.
 */
static inline int kshim_atomic_fetch_or(int i, atomic_t *v, const char *site)
{
	int old = __atomic_load_n(&v->counter, __ATOMIC_RELAXED);

	while (!rt_atomic_try_cmpxchg(v, &old, old | i, site))
		;
	return old;
}

#define atomic_fetch_or(i, v)	kshim_atomic_fetch_or((i), (v), __func__)

#endif
