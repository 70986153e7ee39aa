// SPDX-License-Identifier: GPL-2.0-only
/*
 * Possible CPUs, NUMA nodes and the online mask.
 *
 * CPUs are spread over nodes in contiguous blocks (CPU c on node
 * c * nodes / cpus) or interleaved (c % nodes). The online mask is changed
 * by hotplug while other CPUs read it, so its bits are accessed atomically.
 */
#include "env_internal.h"

static struct cpumask env_online_mask;
const struct cpumask *const cpu_online_mask = &env_online_mask;

unsigned int num_possible_cpus(void)
{
	return env.cfg.nr_cpus;
}

/* Memory-only nodes count: node_possible_map has them, no CPU is on them. */
unsigned int num_possible_nodes(void)
{
	return env.cfg.nr_nodes + env.cfg.memory_nodes;
}

int cpu_to_node(unsigned int cpu)
{
	/*
	 * A possible CPU that is not present has no node yet on some
	 * platforms; it gets one when it is hot-added, before it comes up.
	 */
	if (env.cfg.absent_no_node && !__atomic_load_n(&env_cpu(cpu)->present, __ATOMIC_ACQUIRE))
		return NUMA_NO_NODE;
	if (env.cfg.node_layout == ENV_NODES_INTERLEAVED)
		return (int)(cpu % env.cfg.nr_nodes);
	return (int)((u64)cpu * env.cfg.nr_nodes / env.cfg.nr_cpus);
}

static unsigned long *mask_word(const struct cpumask *mask, unsigned int cpu)
{
	return (unsigned long *)&mask->bits[cpu / BITS_PER_LONG];
}

bool cpu_online(unsigned int cpu)
{
	if (cpu >= env.cfg.nr_cpus)
		return false;
	return __atomic_load_n(mask_word(cpu_online_mask, cpu), __ATOMIC_ACQUIRE) &
	       BIT(cpu % BITS_PER_LONG);
}

void env_set_cpu_online(unsigned int cpu, bool online)
{
	unsigned long *word = mask_word(cpu_online_mask, cpu);

	if (online)
		__atomic_fetch_or(word, BIT(cpu % BITS_PER_LONG), __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(word, ~BIT(cpu % BITS_PER_LONG), __ATOMIC_RELEASE);
}

unsigned int cpumask_any_but(const struct cpumask *mask, unsigned int cpu)
{
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++) {
		if (c == cpu)
			continue;
		if (__atomic_load_n(mask_word(mask, c), __ATOMIC_ACQUIRE) & BIT(c % BITS_PER_LONG))
			return c;
	}
	return env.cfg.nr_cpus;
}

unsigned int env_nr_online(void)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < DIV_ROUND_UP(env.cfg.nr_cpus, BITS_PER_LONG); w++)
		n += (unsigned int)__builtin_popcountl(
			__atomic_load_n(&env_online_mask.bits[w], __ATOMIC_RELAXED));
	return n;
}

bool tick_nohz_full_cpu(unsigned int cpu)
{
	return env.cfg.nohz_full && cpu != 0 && cpu < env.cfg.nr_cpus;
}

bool env_cpu_nohz_full(unsigned int cpu)
{
	return tick_nohz_full_cpu(cpu);
}

/*
 * The timekeeping duty stays on CPU 0 here. With nohz_full= the kernel
 * never hands it on (tick_nohz_cpu_hotpluggable() keeps CPU 0 online) and
 * can_stop_idle_tick() never lets that CPU stop its tick.
 */
bool env_cpu_keeps_tick(unsigned int cpu)
{
	return env.cfg.nohz_full && cpu == 0;
}

bool env_tick_cpu_hotpluggable(unsigned int cpu)
{
	return !env_cpu_keeps_tick(cpu);
}

bool env_cpu_isolated(unsigned int cpu)
{
	return cpu < env.cfg.nr_cpus && env_cpumask_test(&env.cfg.isolcpus, cpu);
}

unsigned long env_cpu_capacity(unsigned int cpu)
{
	bool little = cpu < env.cfg.nr_cpus && env_cpumask_test(&env.cfg.little, cpu);

	return little ? ENV_CAPACITY_SCALE / 2 : ENV_CAPACITY_SCALE;
}

void env_set_cpu_present(unsigned int cpu)
{
	__atomic_store_n(&env_cpu(cpu)->present, true, __ATOMIC_RELEASE);
}

void env_topology_reset(void)
{
	for (unsigned int w = 0; w < ARRAY_SIZE(env_online_mask.bits); w++)
		__atomic_store_n(&env_online_mask.bits[w], 0, __ATOMIC_RELAXED);
}
