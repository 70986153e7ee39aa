// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quiescent epochs.
 *
 * The coordinator asks every CPU thread to park between two operations.
 * A parked thread keeps servicing its mailbox - a thread still inside an
 * operation (a hotplug control CPU waiting for the AP, a dying CPU waiting
 * in work_on_cpu()) may need it - until every thread is parked. Then no CPU
 * is inside tmigr or environment code, nothing is in flight, and the
 * coordinator runs the oracles with the threads held still.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "stress.h"

static struct {
	pthread_mutex_t	lock;
	pthread_cond_t	cv;
	unsigned int	nr_threads;
	unsigned int	parked;
	bool		requested;	/* atomic read by CPU threads */
	bool		holding;	/* coordinator is checking: no servicing */
	bool		over;
	unsigned long	generation;
	bool		*is_parked;
	bool		hint;		/* atomic */
} epoch;

static void deadline_after(struct timespec *ts, u64 ns)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec += (long)(ns % NSEC_PER_SEC);
	if (ts->tv_nsec >= (long)NSEC_PER_SEC) {
		ts->tv_sec++;
		ts->tv_nsec -= (long)NSEC_PER_SEC;
	}
}

void epoch_init(unsigned int nr_threads)
{
	pthread_mutex_init(&epoch.lock, NULL);
	pthread_cond_init(&epoch.cv, NULL);
	epoch.nr_threads = nr_threads;
	epoch.is_parked = calloc(nr_threads, sizeof(bool));
}

bool epoch_requested(void)
{
	return __atomic_load_n(&epoch.requested, __ATOMIC_ACQUIRE);
}

void epoch_hint(void)
{
	__atomic_store_n(&epoch.hint, true, __ATOMIC_RELAXED);
}

bool epoch_take_hint(void)
{
	return __atomic_exchange_n(&epoch.hint, false, __ATOMIC_RELAXED);
}

bool epoch_cpu_parked(unsigned int cpu)
{
	bool p;

	pthread_mutex_lock(&epoch.lock);
	p = epoch.is_parked[cpu];
	pthread_mutex_unlock(&epoch.lock);
	return p;
}

bool epoch_park(unsigned int cpu)
{
	unsigned long gen;
	bool over;

	pthread_mutex_lock(&epoch.lock);
	gen = epoch.generation;
	epoch.parked++;
	epoch.is_parked[cpu] = true;
	pthread_cond_broadcast(&epoch.cv);

	while (epoch.generation == gen) {
		struct timespec ts;

		if (!epoch.holding && env_cpu_has_pending(cpu)) {
			/* Somebody still inside an operation needs this CPU. */
			epoch.parked--;
			epoch.is_parked[cpu] = false;
			pthread_mutex_unlock(&epoch.lock);
			env_service();
			pthread_mutex_lock(&epoch.lock);
			epoch.parked++;
			epoch.is_parked[cpu] = true;
			pthread_cond_broadcast(&epoch.cv);
			continue;
		}
		deadline_after(&ts, 200 * NSEC_PER_USEC);
		pthread_cond_timedwait(&epoch.cv, &epoch.lock, &ts);
	}

	epoch.parked--;
	epoch.is_parked[cpu] = false;
	over = epoch.over;
	pthread_cond_broadcast(&epoch.cv);	/* epoch_run() waits for the last one */
	pthread_mutex_unlock(&epoch.lock);
	return !over;
}

bool epoch_run(void (*fn)(void *), void *arg, bool last, double timeout_s,
	       u64 (*progress)(void))
{
	struct timespec start, now;
	u64 seen = progress();
	bool ok = true;

	clock_gettime(CLOCK_MONOTONIC, &start);

	pthread_mutex_lock(&epoch.lock);
	/*
	 * A thread still parked for the previous epoch has not seen it end
	 * and would count as parked for this one, then run during the check
	 * (back-to-back epochs, a thread the OS has not scheduled yet). Wait
	 * until every thread has left the previous epoch.
	 */
	while (epoch.parked) {
		struct timespec ts;

		deadline_after(&ts, NSEC_PER_MSEC);
		pthread_cond_timedwait(&epoch.cv, &epoch.lock, &ts);
	}
	__atomic_store_n(&epoch.requested, true, __ATOMIC_RELEASE);
	while (epoch.parked < epoch.nr_threads) {
		struct timespec ts;
		u64 done;

		deadline_after(&ts, 10 * NSEC_PER_MSEC);
		pthread_cond_timedwait(&epoch.cv, &epoch.lock, &ts);
		clock_gettime(CLOCK_MONOTONIC, &now);
		/*
		 * A CPU still finishing a long operation (booting 4096 CPUs on
		 * a loaded machine) is slow, not stuck: only time without any
		 * progress counts against the timeout. A CPU that parks is
		 * progress too (4096 of them park slowly on a loaded machine).
		 */
		done = progress() + epoch.parked;
		if (done != seen) {
			seen = done;
			start = now;
			continue;
		}
		if ((double)(now.tv_sec - start.tv_sec) +
		    (double)(now.tv_nsec - start.tv_nsec) / 1e9 > timeout_s) {
			ok = false;
			break;
		}
	}
	if (!ok) {
		pthread_mutex_unlock(&epoch.lock);
		return false;
	}
	epoch.holding = true;
	pthread_mutex_unlock(&epoch.lock);

	if (fn)
		fn(arg);

	pthread_mutex_lock(&epoch.lock);
	epoch.holding = false;
	epoch.over = last;
	__atomic_store_n(&epoch.requested, false, __ATOMIC_RELEASE);
	epoch.generation++;
	pthread_cond_broadcast(&epoch.cv);
	pthread_mutex_unlock(&epoch.lock);
	return true;
}
