/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel services the environment provides to tmigr: the pieces of
 * kernel/time/timer.c, tick-sched.c, kernel/cpu.c, the topology and
 * workqueues that timer_migration.c calls. Same names and signatures as the
 * kernel, so model code (and later a real timer_migration.c) compiles
 * against them unchanged.
 */
#ifndef ENV_KAPI_H
#define ENV_KAPI_H

#include "../rt/rt.h"

/* ---- timer.c ---------------------------------------------------------------- */

struct timer_events {
	u64	local;
	u64	global;
};

u64 get_jiffies_update(unsigned long *basej);
bool timer_base_is_idle(void);
void timer_expire_remote(unsigned int cpu);
void timer_lock_remote_bases(unsigned int cpu);
void timer_unlock_remote_bases(unsigned int cpu);
void fetch_next_timer_interrupt_remote(unsigned long basej, u64 basem,
				       struct timer_events *tevt, unsigned int cpu);

/* ---- kernel/cpu.c ------------------------------------------------------------- */

/*
 * The hotplug states the harness models, in 6.12's order, with 6.12's
 * dynamic ranges. PREPARE states run on a control CPU before the new CPU
 * runs; AP states run on the CPU itself. Teardown runs the same states in
 * reverse. Which of them hold a name (and so refuse a registration) is
 * 6.12's table, see cpuhp.c.
 */
enum cpuhp_state {
	CPUHP_INVALID = -1,
	CPUHP_OFFLINE = 0,
	CPUHP_CREATE_THREADS,
	CPUHP_TIMERS_PREPARE,
	CPUHP_TMIGR_PREPARE,
	CPUHP_BP_PREPARE_DYN,
	CPUHP_BP_PREPARE_DYN_END = CPUHP_BP_PREPARE_DYN + 20,
	CPUHP_BP_KICK_AP,
	CPUHP_BRINGUP_CPU,
	/* AP starting section: on the new CPU, interrupts disabled */
	CPUHP_AP_IDLE_DEAD,
	CPUHP_AP_OFFLINE,
	CPUHP_AP_TICK_DYING,
	CPUHP_AP_ONLINE,
	CPUHP_TEARDOWN_CPU,
	/* AP online section: on the new CPU, from its hotplug thread */
	CPUHP_AP_ONLINE_IDLE,
	CPUHP_AP_SMPBOOT_THREADS,
	CPUHP_AP_TMIGR_ONLINE,
	CPUHP_AP_WORKQUEUE_ONLINE,
	CPUHP_AP_ONLINE_DYN,
	CPUHP_AP_ONLINE_DYN_END = CPUHP_AP_ONLINE_DYN + 40,
	CPUHP_AP_ACTIVE,
	CPUHP_ONLINE,
	CPUHP_NR_STATES
};

int cpuhp_setup_state(enum cpuhp_state state, const char *name,
		      int (*startup)(unsigned int cpu),
		      int (*teardown)(unsigned int cpu));

/* ---- topology, cpumasks ----------------------------------------------------------- */

struct cpumask {
	unsigned long bits[NR_CPUS / BITS_PER_LONG];
};

extern const struct cpumask *const cpu_online_mask;

unsigned int num_possible_cpus(void);
unsigned int num_possible_nodes(void);
int cpu_to_node(unsigned int cpu);
bool cpu_online(unsigned int cpu);
#define cpu_is_offline(cpu)	(!cpu_online(cpu))
/* Any CPU of @mask but @cpu; >= num_possible_cpus() when there is none. */
unsigned int cpumask_any_but(const struct cpumask *mask, unsigned int cpu);
/* The nohz_full= knob (env_config.nohz_full), for the kernel shims' housekeeping. */
bool env_cpu_nohz_full(unsigned int cpu);
/* The isolcpus=domain knob (env_config.isolcpus), for the same shims. */
bool env_cpu_isolated(unsigned int cpu);
/* arch_scale_cpu_capacity(): half the scale for a little CPU (env_config.little). */
#define ENV_CAPACITY_SCALE	1024UL	/* SCHED_CAPACITY_SCALE */
unsigned long env_cpu_capacity(unsigned int cpu);
/* tick_nohz_cpu_hotpluggable(): false for the timekeeping CPU under nohz_full=. */
bool env_tick_cpu_hotpluggable(unsigned int cpu);

/* ---- workqueue ------------------------------------------------------------------- */

/* Run @fn(@arg) on @cpu (waking it up) and wait for the result. */
long work_on_cpu(int cpu, long (*fn)(void *), void *arg);

#endif /* ENV_KAPI_H */
