// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spinlock.h"
#include "kernel.h"

void rt_lock_init(struct rt_lock *l)
{
	pthread_mutex_init(&l->mutex, NULL);
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
}

void rt_lock_acquire(struct rt_lock *l, enum rt_op op, const char *site)
{
	int err;

	rt_point_before(op, l, site);
	/* Held: a scheduler with several CPUs per thread lets another CPU run. */
	while ((err = pthread_mutex_trylock(&l->mutex)) == EBUSY) {
		if (!rt_point_contended(op, l, site)) {
			err = pthread_mutex_lock(&l->mutex);
			break;
		}
	}
	if (err) {
		fprintf(stderr, "tmigr-torture: pthread_mutex_lock: %s\n", strerror(err));
		abort();
	}
	__atomic_store_n(&l->owner, rt_this_cpu() + 1, __ATOMIC_RELAXED);
	rt_point_after(op, l, site, 1);
}

bool rt_lock_try_acquire(struct rt_lock *l, enum rt_op op, const char *site)
{
	bool ok;

	rt_point_before(op, l, site);
	ok = pthread_mutex_trylock(&l->mutex) == 0;
	if (ok)
		__atomic_store_n(&l->owner, rt_this_cpu() + 1, __ATOMIC_RELAXED);
	rt_point_after(op, l, site, ok);
	return ok;
}

void rt_lock_release(struct rt_lock *l, enum rt_op op, const char *site)
{
	int err;

	rt_point_before(op, l, site);
	if (unlikely(!rt_lock_held_by_me(l)))
		rt_warn(site, "unlock of a lock this CPU does not hold", __FILE__, __LINE__,
			"lock held by CPU %d", rt_lock_owner(l));
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	err = pthread_mutex_unlock(&l->mutex);
	if (err) {
		fprintf(stderr, "tmigr-torture: pthread_mutex_unlock: %s\n", strerror(err));
		abort();
	}
	rt_point_after(op, l, site, 0);
}

void rt_assert_held_impl(const struct rt_lock *l, const char *what, const char *site)
{
	rt_warn(site, "lockdep_assert_held", __FILE__, __LINE__,
		"%s not held (owner: CPU %d)", what, rt_lock_owner(l));
}
