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
	pthread_cond_t	coord_cv;	/* the coordinator waits: all parked, all left */
	pthread_cond_t	end_cv;		/* a thread with mail waits out the check */
	unsigned int	nr_threads;
	unsigned int	parked;
	bool		requested;	/* atomic read by CPU threads */
	bool		holding;	/* coordinator is checking: no servicing */
	bool		over;
	unsigned long	generation;	/* atomic read by CPU threads */
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
	pthread_cond_init(&epoch.coord_cv, NULL);
	pthread_cond_init(&epoch.end_cv, NULL);
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

/* Wake every CPU thread, wherever it sleeps on its doorbell. */
static void ring_all(void)
{
	for (unsigned int c = 0; c < epoch.nr_threads; c++)
		env_ring_doorbell(c);
}

static void park_locked(unsigned int cpu)
{
	epoch.is_parked[cpu] = true;
	if (++epoch.parked == epoch.nr_threads)
		pthread_cond_signal(&epoch.coord_cv);
}

static void unpark_locked(unsigned int cpu)
{
	epoch.is_parked[cpu] = false;
	if (--epoch.parked == 0)
		pthread_cond_signal(&epoch.coord_cv);
}

static bool epoch_ended(unsigned long gen)
{
	return __atomic_load_n(&epoch.generation, __ATOMIC_ACQUIRE) != gen;
}

/*
 * A parked thread sleeps on its CPU's doorbell: mail for the CPU and the
 * epoch's end both ring it, so 4096 parked threads cost nothing while they
 * wait (a shared condition variable woke them all at every park). Thread
 * index and CPU number are the same.
 */
bool epoch_park(unsigned int cpu)
{
	unsigned long gen;
	bool over;

	pthread_mutex_lock(&epoch.lock);
	gen = epoch.generation;
	park_locked(cpu);
	pthread_mutex_unlock(&epoch.lock);

	for (;;) {
		u32 seen = env_doorbell();

		if (epoch_ended(gen))
			break;
		if (!env_cpu_has_pending(cpu)) {
			env_wait_event_since(seen, 100 * NSEC_PER_MSEC);
			continue;
		}
		/* Somebody still inside an operation needs this CPU. */
		pthread_mutex_lock(&epoch.lock);
		if (epoch.holding) {
			/* Too late: the check runs; the mail waits for its end. */
			while (!epoch_ended(gen))
				pthread_cond_wait(&epoch.end_cv, &epoch.lock);
			pthread_mutex_unlock(&epoch.lock);
			break;
		}
		unpark_locked(cpu);
		pthread_mutex_unlock(&epoch.lock);
		env_service();
		pthread_mutex_lock(&epoch.lock);
		park_locked(cpu);
		pthread_mutex_unlock(&epoch.lock);
	}

	/*
	 * The end wakes CPU 0's thread only; each thread wakes two more, so
	 * 4096 threads are up in 12 rounds, and the coordinator is not the
	 * one ringing 4096 doorbells while every woken thread preempts it.
	 */
	for (unsigned int c = 2 * cpu + 1; c <= 2 * cpu + 2 && c < epoch.nr_threads; c++)
		env_ring_doorbell(c);

	pthread_mutex_lock(&epoch.lock);
	unpark_locked(cpu);
	over = epoch.over;
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
		pthread_cond_timedwait(&epoch.coord_cv, &epoch.lock, &ts);
	}
	__atomic_store_n(&epoch.requested, true, __ATOMIC_RELEASE);
	/* Threads asleep on their doorbells (dead CPUs) come to park. */
	ring_all();
	while (epoch.parked < epoch.nr_threads) {
		struct timespec ts;
		u64 done;

		deadline_after(&ts, 10 * NSEC_PER_MSEC);
		pthread_cond_timedwait(&epoch.coord_cv, &epoch.lock, &ts);
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
	__atomic_store_n(&epoch.generation, epoch.generation + 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&epoch.end_cv);
	pthread_mutex_unlock(&epoch.lock);
	env_ring_doorbell(0);
	return true;
}
