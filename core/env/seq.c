// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sequential execution: all CPUs on one thread.
 *
 * When a CPU has to wait for another (a hotplug kick, work_on_cpu()), the
 * waiting thread switches its CPU identity and services the other CPUs'
 * mailboxes itself until the wait is over. Scenario tests use it to script
 * exact sequences, and the checker uses the same idea to drain.
 */
#include "env_internal.h"

/* The first CPU, from @from on, whose mailbox has something; nr_cpus if none. */
static unsigned int next_pending(unsigned int from)
{
	unsigned int nr = env.cfg.nr_cpus;

	while (from < nr) {
		unsigned int w = from / BITS_PER_LONG;
		unsigned long bits = __atomic_load_n(&env.pending_cpus[w], __ATOMIC_ACQUIRE);

		bits &= ~0UL << (from % BITS_PER_LONG);
		if (bits)
			return min_t(unsigned int, w * BITS_PER_LONG + (unsigned int)__builtin_ctzl(bits), nr);
		from = (w + 1) * BITS_PER_LONG;
	}
	return nr;
}

/*
 * In CPU order, as a walk over every CPU would, but only over the CPUs with
 * something in their mailbox: a boot waits once per CPU and state.
 */
bool env_seq_run_others(unsigned int self)
{
	bool did = false;

	for (unsigned int c = next_pending(0); c < env.cfg.nr_cpus; c = next_pending(c + 1)) {
		if (c == self || !env_cpu_has_pending(c))
			continue;
		rt_set_this_cpu((int)c);
		did |= env_service();
		rt_set_this_cpu((int)self);
	}
	return did;
}

static void seq_wait(unsigned int cpu, bool (*ready)(void *), void *arg, bool woken)
{
	(void)woken;
	while (!ready(arg)) {
		bool did = env_service();

		did |= env_seq_run_others(cpu);
		if (!did && !ready(arg)) {
			WARN(1, "CPU%u waits for something no CPU can do", cpu);
			return;
		}
	}
}

static void seq_wake(unsigned int cpu)
{
	(void)cpu;
}

const struct env_wait_ops env_seq_wait_ops = {
	.wait	= seq_wait,
	.wake	= seq_wake,
};
