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

bool env_seq_run_others(unsigned int self)
{
	bool did = false;

	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++) {
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
