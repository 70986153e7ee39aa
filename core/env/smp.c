// SPDX-License-Identifier: GPL-2.0-only
/*
 * Communication between CPU threads: per-CPU mailboxes for resched IPIs,
 * work items (work_on_cpu()) and hotplug requests, completions, and how a
 * CPU waits.
 *
 * A waiting CPU keeps taking its own interrupts and work, as a real CPU does
 * while its task sleeps: the control CPU of a hotplug operation may be the
 * very CPU the dying CPU asks, through work_on_cpu(), to take over.
 */
#include <limits.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "env_internal.h"
#include "../rt/futex.h"

void env_smp_reset(unsigned int cpu)
{
	struct env_mailbox *mb = &env_cpu(cpu)->mbox;

	pthread_mutex_init(&mb->lock, NULL);
	mb->kick = false;
	mb->work = NULL;
	mb->hp = NULL;
	mb->stop = NULL;
	mb->pending = 0;	/* env_setup() cleared env.pending_cpus */
	env_cpu(cpu)->doorbell = 0;
}

static void doorbell_ring(unsigned int cpu)
{
	u32 *db = &env_cpu(cpu)->doorbell;

	__atomic_fetch_add(db, 1, __ATOMIC_RELEASE);
	if (env.sleep_ops)
		env.sleep_ops->wake(cpu, db);
	else
		rt_futex_wake(db, INT_MAX);
}

/* Sleep on @cpu's doorbell while it still reads @seen. */
static void doorbell_wait(unsigned int cpu, u32 seen, u64 timeout_ns)
{
	u32 *db = &env_cpu(cpu)->doorbell;

	if (env.sleep_ops)
		env.sleep_ops->wait(cpu, db, seen, timeout_ns);
	else
		rt_futex_wait(db, seen, timeout_ns);
}

void env_relax(void)
{
	if (env.sleep_ops)
		env.sleep_ops->relax();
	else
		sched_yield();
}

void env_wake_cpu(unsigned int cpu)
{
	if (env.wait_ops && env.wait_ops->wake)
		env.wait_ops->wake(cpu);
	else
		doorbell_ring(cpu);
}

/*
 * Changed under the mailbox lock, peeked at without it (every scheduling
 * point). env.pending_cpus mirrors it, so that a sequential waiter finds
 * the CPUs with work without asking every CPU (env_seq_run_others()).
 */
static void mailbox_set_pending(unsigned int cpu, struct env_mailbox *mb)
{
	bool pending = mb->kick || mb->work || mb->hp || mb->stop;
	unsigned long *word = &env.pending_cpus[cpu / BITS_PER_LONG];

	__atomic_store_n(&mb->pending, pending, __ATOMIC_RELEASE);
	if (pending)
		__atomic_fetch_or(word, BIT(cpu % BITS_PER_LONG), __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(word, ~BIT(cpu % BITS_PER_LONG), __ATOMIC_RELEASE);
}

/* A stopper with interrupts off takes nothing: for it nothing is pending. */
bool env_cpu_has_pending(unsigned int cpu)
{
	return __atomic_load_n(&env_cpu(cpu)->mbox.pending, __ATOMIC_ACQUIRE) &&
	       !env_cpu_irqs_stopped(cpu);
}

void env_ring_doorbell(unsigned int cpu)
{
	doorbell_ring(cpu);
}

u32 env_doorbell(void)
{
	return __atomic_load_n(&env_cpu(smp_processor_id())->doorbell, __ATOMIC_ACQUIRE);
}

void env_wait_event_since(u32 seen, u64 timeout_ns)
{
	unsigned int cpu = smp_processor_id();

	if (env_cpu_has_pending(cpu))
		return;
	doorbell_wait(cpu, seen, timeout_ns);
}

void env_wait_event(u64 timeout_ns)
{
	env_wait_event_since(env_doorbell(), timeout_ns);
}

/* ---- completions ---------------------------------------------------------- */

void env_completion_init(struct env_completion *c)
{
	c->done = 0;
	c->waiter = smp_processor_id();
}

void env_complete(struct env_completion *c)
{
	unsigned int waiter = c->waiter;

	/* @c may live on the waiter's stack: no access after the store. */
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	env_wake_cpu(waiter);
}

static bool completion_done(void *arg)
{
	struct env_completion *c = arg;

	return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
}

/* Free mode: service this CPU, then sleep on its doorbell. */
static void env_default_wait(unsigned int cpu, bool (*ready)(void *), void *arg)
{
	while (!ready(arg)) {
		u32 seen = __atomic_load_n(&env_cpu(cpu)->doorbell, __ATOMIC_ACQUIRE);

		if (env_service() || ready(arg))
			continue;
		doorbell_wait(cpu, seen, 20 * NSEC_PER_MSEC);
	}
}

void env_wait_until(bool (*ready)(void *), void *arg)
{
	unsigned int cpu = smp_processor_id();

	if (env.wait_ops && env.wait_ops->wait)
		env.wait_ops->wait(cpu, ready, arg, true);
	else
		env_default_wait(cpu, ready, arg);
}

void env_wait_for_completion(struct env_completion *c)
{
	env_wait_until(completion_done, c);
}

/* ---- posting ------------------------------------------------------------------- */

void wake_up_nohz_cpu(unsigned int cpu)
{
	struct env_mailbox *mb = &env_cpu(cpu)->mbox;

	pthread_mutex_lock(&mb->lock);
	mb->kick = true;
	mailbox_set_pending(cpu, mb);
	pthread_mutex_unlock(&mb->lock);
	env_count(&env.stats.ipis);
	env_wake_cpu(cpu);
}

void env_post_kick(unsigned int cpu)
{
	wake_up_nohz_cpu(cpu);
}

void env_post_hp(unsigned int cpu, struct env_hp_request *req)
{
	struct env_mailbox *mb = &env_cpu(cpu)->mbox;

	pthread_mutex_lock(&mb->lock);
	WARN_ON_ONCE(mb->hp);
	mb->hp = req;
	mailbox_set_pending(cpu, mb);
	pthread_mutex_unlock(&mb->lock);
	env_wake_cpu(cpu);
}

void env_post_stop(unsigned int cpu, struct env_multi_stop *ms)
{
	struct env_mailbox *mb = &env_cpu(cpu)->mbox;

	pthread_mutex_lock(&mb->lock);
	WARN_ON_ONCE(mb->stop);
	mb->stop = ms;
	mailbox_set_pending(cpu, mb);
	pthread_mutex_unlock(&mb->lock);
	env_wake_cpu(cpu);
}

long work_on_cpu(int cpu, long (*fn)(void *), void *arg)
{
	struct env_work work = { .fn = fn, .arg = arg };
	struct env_mailbox *mb;

	/* cpumask_any_but() found nobody: the kernel would queue nowhere. */
	if (WARN_ON_ONCE(cpu < 0 || (unsigned int)cpu >= env.cfg.nr_cpus || !cpu_online((unsigned int)cpu)))
		return -EINVAL;

	env_count(&env.stats.work_items);
	if ((unsigned int)cpu == smp_processor_id())
		return fn(arg);

	env_completion_init(&work.done);
	mb = &env_cpu((unsigned int)cpu)->mbox;
	pthread_mutex_lock(&mb->lock);
	work.next = mb->work;
	mb->work = &work;
	mailbox_set_pending((unsigned int)cpu, mb);
	pthread_mutex_unlock(&mb->lock);
	env_wake_cpu((unsigned int)cpu);

	env_wait_for_completion(&work.done);
	return work.ret;
}

/* ---- servicing --------------------------------------------------------------------- */

bool env_service(void)
{
	unsigned int cpu = smp_processor_id();
	struct env_mailbox *mb = &env_cpu(cpu)->mbox;
	struct env_multi_stop *stop;
	struct env_hp_request *hp;
	struct env_work *work;
	bool kick, did = false;

	/* A stopper spins with interrupts off: nothing is taken until it ends. */
	if (env_cpu_irqs_stopped(cpu))
		return false;

	/*
	 * Mostly empty: then the lock is not taken. A post that comes after
	 * this look rings the doorbell, sampled by every waiter before it
	 * services, so the waiter comes back for it.
	 */
	if (!__atomic_load_n(&mb->pending, __ATOMIC_ACQUIRE)) {
		stop = NULL;
		hp = NULL;
		work = NULL;
		kick = false;
	} else {
		pthread_mutex_lock(&mb->lock);
		stop = mb->stop;
		mb->stop = NULL;
		hp = mb->hp;
		mb->hp = NULL;
		work = mb->work;
		mb->work = NULL;
		kick = mb->kick;
		mb->kick = false;
		mailbox_set_pending(cpu, mb);
		pthread_mutex_unlock(&mb->lock);
	}

	/* The stopper thread has the highest priority: it runs first. */
	if (stop) {
		env_multi_cpu_stop(stop);
		did = true;
	}

	if (hp) {
		/* The hotplug thread must run: an idle CPU wakes up for it. */
		if (env_cpu_mode(cpu) == ENV_CPU_IDLE)
			env_idle_exit();
		env_cpuhp_run_ap(hp);
		did = true;
	}

	while (work) {
		struct env_work *next = work->next;

		WARN_ON_ONCE(env_cpu_mode(cpu) == ENV_CPU_OFFLINE);
		/* The kworker wakes the CPU out of idle. */
		if (env_cpu_mode(cpu) == ENV_CPU_IDLE)
			env_idle_exit();
		work->ret = work->fn(work->arg);
		env_complete(&work->done);
		work = next;
		did = true;
	}

	if (env_cpu_mode(cpu) == ENV_CPU_OFFLINE)
		return did;

	/* Resched IPI in idle: leave the idle loop, find nothing, re-enter. */
	if (kick && env_cpu_mode(cpu) == ENV_CPU_IDLE) {
		env_idle_exit();
		env_idle_enter();
		did = true;
	}

	return env_tick_service() || did;
}
