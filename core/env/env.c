// SPDX-License-Identifier: GPL-2.0-only
/*
 * Environment lifecycle, the idle entry/exit operations and observation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env_internal.h"

struct env_state env;

/* The running backend instance (a backend and its variant). */
static struct tmigr_backend env_instance = { .name = "model" };
const struct tmigr_backend *tmigr_ops = &tmigr_model_backend;

static int env_invalid(char *err, size_t errlen, const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", what);
	return -EINVAL;
}

/*
 * A CPU-list knob names possible CPUs only; returns how many it names, or
 * -EINVAL with the reason.
 */
static int env_check_mask(const struct cpumask *m, const char *name, unsigned int nr_cpus,
			  char *err, size_t errlen)
{
	int n = 0;

	/* A word at a time: every setup checks two masks of NR_CPUS bits. */
	for (unsigned int w = 0; w < NR_CPUS / BITS_PER_LONG; w++) {
		for (unsigned long bits = m->bits[w]; bits; bits &= bits - 1) {
			unsigned int cpu = w * BITS_PER_LONG + (unsigned int)__builtin_ctzl(bits);

			if (cpu >= nr_cpus) {
				if (err && errlen)
					snprintf(err, errlen, "%s names CPU%u but only %u CPUs exist",
						 name, cpu, nr_cpus);
				return -EINVAL;
			}
			n++;
		}
	}
	return n;
}

/*
 * isolcpus= also leaves one CPU for housekeeping: the kernel would quietly
 * take the boot CPU back, a program should say so.
 */
static int env_check_isolcpus(const struct env_config *c, char *err, size_t errlen)
{
	int isolated = env_check_mask(&c->isolcpus, "isolcpus", c->nr_cpus, err, errlen);

	if (isolated < 0)
		return isolated;
	if (isolated && (unsigned int)isolated == c->nr_cpus)
		return env_invalid(err, errlen, "isolcpus must leave at least one housekeeping CPU");
	return 0;
}

int env_setup(const struct env_config *cfg, char *err, size_t errlen)
{
	struct env_config c = *cfg;
	struct tmigr_backend inst;
	unsigned int old_cpus = env.cfg.nr_cpus;

	if (c.nr_cpus < 1 || c.nr_cpus > NR_CPUS)
		return env_invalid(err, errlen, "number of CPUs must be between 1 and 8192");
	if (c.nr_nodes < 1 || c.nr_nodes > c.nr_cpus)
		return env_invalid(err, errlen, "number of NUMA nodes must be between 1 and the number of CPUs");
	if (c.tick_nsec == 0)
		c.tick_nsec = RT_DEFAULT_TICK_NSEC;
	if (c.tick_nsec < NSEC_PER_USEC || c.tick_nsec > NSEC_PER_SEC)
		return env_invalid(err, errlen, "tick must be between 1 us and 1 s");
	if (c.timers_per_cpu < 1 || c.timers_per_cpu > ENV_MAX_TIMERS_PER_CPU)
		return env_invalid(err, errlen, "timers per CPU must be between 1 and 16");
	if (c.memory_nodes > 64)
		return env_invalid(err, errlen, "at most 64 memory-only nodes");
	if ((unsigned int)c.variant >= TMIGR_NR_VARIANTS)
		return env_invalid(err, errlen, "unknown variant");
	if (env_check_isolcpus(&c, err, errlen) ||
	    env_check_mask(&c.little, "little", c.nr_cpus, err, errlen) < 0)
		return -EINVAL;
	if (!c.backend)
		c.backend = tmigr_backend_selected();
	if (tmigr_backend_instance(c.backend, c.variant, &inst, err, errlen))
		return -EINVAL;

	/* The old backend forgets its groups before anything is reused. */
	if (tmigr_ops)
		tmigr_ops->reset();
	for (unsigned int cpu = 0; cpu < old_cpus && env.cpus; cpu++)
		pthread_mutex_destroy(&env.cpus[cpu].mbox.lock);
	free(env.cpus);
	free(env.timers);
	memset(&env, 0, sizeof(env));

	env.cfg = c;
	env_instance = inst;
	tmigr_ops = &env_instance;
	rt_clock_reset(0, c.tick_nsec);
	/* A run abandoned inside a 'nomem' hotplug must not arm the next one. */
	rt_fail_nth(0);

	env.cpus = calloc(c.nr_cpus, sizeof(*env.cpus));
	env.nr_timers = c.nr_cpus * c.timers_per_cpu;
	env.timers = calloc(env.nr_timers, sizeof(*env.timers));
	if (!env.cpus || !env.timers) {
		free(env.cpus);
		free(env.timers);
		env.cpus = NULL;
		env.timers = NULL;
		env.cfg.nr_cpus = 0;
		return env_invalid(err, errlen, "out of memory");
	}

	env_topology_reset();
	for (unsigned int cpu = 0; cpu < c.nr_cpus; cpu++) {
		struct env_cpu *ec = env_cpu(cpu);

		ec->mode = ENV_CPU_OFFLINE;
		ec->hp_state = CPUHP_OFFLINE;
		env_smp_reset(cpu);
		tick_sched_reset(cpu);
		timers_init_cpu(cpu);
	}
	env_timers_reset();
	env_cpuhp_reset();
	env_clockevents_reset();
	return 0;
}

const struct env_config *env_config(void)
{
	return &env.cfg;
}

void env_set_observer(const struct env_observer *obs)
{
	if (obs)
		env.obs = *obs;
	else
		memset(&env.obs, 0, sizeof(env.obs));
}

void env_set_wait_ops(const struct env_wait_ops *ops)
{
	env.wait_ops = ops;
}

void env_set_sleep_ops(const struct env_sleep_ops *ops)
{
	env.sleep_ops = ops;
}

void env_idle_enter(void)
{
	unsigned int cpu = smp_processor_id();

	if (WARN_ON_ONCE(env_cpu_mode(cpu) != ENV_CPU_RUNNING))
		return;

	env_count(&env.stats.idle_entries);
	tick_nohz_idle_enter();
	env_set_mode(cpu, ENV_CPU_IDLE);
	tick_nohz_idle_stop_tick();
}

void env_idle_exit(void)
{
	unsigned int cpu = smp_processor_id();

	if (WARN_ON_ONCE(env_cpu_mode(cpu) != ENV_CPU_IDLE))
		return;

	tick_nohz_idle_exit();
	env_set_mode(cpu, ENV_CPU_RUNNING);
}

enum env_cpu_mode env_cpu_mode(unsigned int cpu)
{
	return (enum env_cpu_mode)__atomic_load_n(&env_cpu(cpu)->mode, __ATOMIC_ACQUIRE);
}

void env_stats_read(struct env_stats *out)
{
	const struct env_stats *c = &env.stats;

#define RD(f) out->f = __atomic_load_n(&c->f, __ATOMIC_RELAXED)
	RD(timers_armed);
	RD(timers_cancelled);
	RD(timers_run);
	RD(timers_run_remote);
	RD(ticks);
	RD(idle_entries);
	RD(idle_irqs);
	RD(device_irqs);
	RD(idle_sleeps);
	RD(clockevent_wakeups);
	RD(timers_rearmed);
	RD(stop_machines);
	RD(ipis);
	RD(hotplug_up);
	RD(hotplug_down);
	RD(work_items);
#undef RD
}
