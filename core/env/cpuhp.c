// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU hotplug: the state machine of kernel/cpu.c, reduced to the states
 * that matter to timers and tmigr but keeping their order and rules.
 *
 *  - cpuhp_setup_state() stores a callback pair on a named state; a state
 *    that already has a name yields -EBUSY (the failure of the v4 patch);
 *    the startup callback is invoked at once for every CPU already at or
 *    past the state.
 *  - Bring-up: the control CPU runs the PREPARE states for the new CPU,
 *    then kicks it (CPUHP_BRINGUP_CPU); the new CPU runs the AP states on
 *    itself while the control CPU waits.
 *  - Teardown: the dying CPU runs its AP teardown callbacks, then dies
 *    (CPUHP_TEARDOWN_CPU); the control CPU runs the PREPARE teardowns,
 *    timers_dead_cpu() among them, which moves the timers over.
 *  - One operation at a time (cpu_hotplug_lock). A failing startup
 *    callback is reported and the CPU is rolled back to offline.
 */
#include <stdio.h>
#include <string.h>

#include "env_internal.h"

struct cpuhp_step {
	const char	*name;
	int		(*startup)(unsigned int cpu);
	int		(*teardown)(unsigned int cpu);
};

static struct cpuhp_step cpuhp_steps[CPUHP_NR_STATES];

/*
 * cpu_hotplug_lock: writers are hotplug operations, readers keep CPUs from
 * coming or going (cpus_read_lock()). Only try-variants: a CPU thread must
 * never block without servicing its mailbox, since the lock holder may be
 * waiting for it.
 */
static DEFINE_MUTEX(cpu_hotplug_lock);
static atomic_t cpu_hotplug_readers;

static bool cpus_write_trylock(void)
{
	if (!mutex_trylock(&cpu_hotplug_lock))
		return false;
	if (atomic_read(&cpu_hotplug_readers)) {
		mutex_unlock(&cpu_hotplug_lock);
		return false;
	}
	return true;
}

bool cpus_read_trylock(void)
{
	atomic_inc(&cpu_hotplug_readers);
	if (rt_lock_owner(&cpu_hotplug_lock.lock) == RT_NO_CPU)
		return true;
	atomic_dec(&cpu_hotplug_readers);
	return false;
}

void cpus_read_unlock(void)
{
	atomic_dec(&cpu_hotplug_readers);
}

/* Why the last cpuhp_setup_state() failed, for the setup-failure report. */
static char cpuhp_last_error[160];
static int cpuhp_last_error_state = CPUHP_INVALID;

static const char *const cpuhp_names[CPUHP_NR_STATES] = {
	[CPUHP_OFFLINE]			= "CPUHP_OFFLINE",
	[CPUHP_CREATE_THREADS]		= "CPUHP_CREATE_THREADS",
	[CPUHP_TIMERS_PREPARE]		= "CPUHP_TIMERS_PREPARE",
	[CPUHP_TMIGR_PREPARE]		= "CPUHP_TMIGR_PREPARE",
	[CPUHP_BP_PREPARE_DYN]		= "CPUHP_BP_PREPARE_DYN",
	[CPUHP_BP_KICK_AP]		= "CPUHP_BP_KICK_AP",
	[CPUHP_BRINGUP_CPU]		= "CPUHP_BRINGUP_CPU",
	[CPUHP_AP_IDLE_DEAD]		= "CPUHP_AP_IDLE_DEAD",
	[CPUHP_AP_OFFLINE]		= "CPUHP_AP_OFFLINE",
	[CPUHP_AP_TICK_DYING]		= "CPUHP_AP_TICK_DYING",
	[CPUHP_AP_ONLINE]		= "CPUHP_AP_ONLINE",
	[CPUHP_TEARDOWN_CPU]		= "CPUHP_TEARDOWN_CPU",
	[CPUHP_AP_ONLINE_IDLE]		= "CPUHP_AP_ONLINE_IDLE",
	[CPUHP_AP_TMIGR_ONLINE]		= "CPUHP_AP_TMIGR_ONLINE",
	[CPUHP_AP_WORKQUEUE_ONLINE]	= "CPUHP_AP_WORKQUEUE_ONLINE",
	[CPUHP_AP_ONLINE_DYN]		= "CPUHP_AP_ONLINE_DYN",
	[CPUHP_AP_ACTIVE]		= "CPUHP_AP_ACTIVE",
	[CPUHP_ONLINE]			= "CPUHP_ONLINE",
};

const char *cpuhp_state_name(int state)
{
	if (state >= 0 && state < CPUHP_NR_STATES) {
		if (cpuhp_names[state])
			return cpuhp_names[state];
		if (state > CPUHP_BP_PREPARE_DYN && state <= CPUHP_BP_PREPARE_DYN_END)
			return "CPUHP_BP_PREPARE_DYN+n";
		if (state > CPUHP_AP_ONLINE_DYN && state <= CPUHP_AP_ONLINE_DYN_END)
			return "CPUHP_AP_ONLINE_DYN+n";
	}
	return "CPUHP_INVALID";
}

/* States run by the CPU coming up or going down, not by the control CPU. */
static bool cpuhp_is_ap_state(int state)
{
	return state > CPUHP_BRINGUP_CPU && state != CPUHP_TEARDOWN_CPU;
}

static int hp_state(unsigned int cpu)
{
	return __atomic_load_n(&env_cpu(cpu)->hp_state, __ATOMIC_ACQUIRE);
}

static void set_hp_state(unsigned int cpu, int state)
{
	__atomic_store_n(&env_cpu(cpu)->hp_state, state, __ATOMIC_RELEASE);
}

bool env_describe(const void *addr, char *buf, size_t len)
{
	if (addr == &cpu_hotplug_lock) {
		snprintf(buf, len, "cpu_hotplug_lock");
		return true;
	}
	if (addr == &cpu_hotplug_readers) {
		snprintf(buf, len, "cpu_hotplug_lock.readers");
		return true;
	}
	return env_timer_describe(addr, buf, len);
}

int env_cpu_hotplug_state(unsigned int cpu)
{
	return hp_state(cpu);
}

/*
 * Odd while a hotplug operation runs: bumped once after cpu_up()/cpu_down()
 * take cpu_hotplug_lock and once before they drop it, so an observer can
 * tell "no operation started, ran or ended in between" from two reads.
 */
static u64 cpuhp_seq;

static void cpuhp_seq_bump(void)
{
	__atomic_fetch_add(&cpuhp_seq, 1, __ATOMIC_SEQ_CST);
}

u64 env_hotplug_seq(void)
{
	return __atomic_load_n(&cpuhp_seq, __ATOMIC_SEQ_CST);
}

void env_report_setup_failure(const struct env_setup_failure *f)
{
	if (env.obs.setup_failure)
		env.obs.setup_failure(f, env.obs.ctx);
	else
		fprintf(stderr, "tmigr-torture: %s failed on CPU %d at %s (%s): %d\n", f->what,
			f->cpu, f->state_name, f->step_name ? f->step_name : "", f->error);
}

static void report_hp_failure(const char *what, unsigned int cpu, int state, int error)
{
	struct env_setup_failure f = {
		.what		= what,
		.cpu		= (int)cpu,
		.control_cpu	= rt_this_cpu(),
		.state		= state,
		.state_name	= cpuhp_state_name(state),
		.step_name	= cpuhp_steps[state].name,
		.error		= error,
		.detail		= "",
	};

	env_report_setup_failure(&f);
}

static int cpuhp_invoke_callback(unsigned int cpu, int state, bool bringup)
{
	const struct cpuhp_step *step = &cpuhp_steps[state];
	int (*cb)(unsigned int) = bringup ? step->startup : step->teardown;

	return cb ? cb(cpu) : 0;
}

/* ---- cpuhp_setup_state() ----------------------------------------------------------- */

static void env_cpuhp_register(int state, const char *name, int (*startup)(unsigned int),
			       int (*teardown)(unsigned int))
{
	cpuhp_steps[state].name = name;
	cpuhp_steps[state].startup = startup;
	cpuhp_steps[state].teardown = teardown;
}

static int cpuhp_reserve_state(int state)
{
	int first = state == CPUHP_AP_ONLINE_DYN ? CPUHP_AP_ONLINE_DYN : CPUHP_BP_PREPARE_DYN;
	int last = state == CPUHP_AP_ONLINE_DYN ? CPUHP_AP_ONLINE_DYN_END : CPUHP_BP_PREPARE_DYN_END;

	for (int s = first; s <= last; s++)
		if (!cpuhp_steps[s].name)
			return s;
	return -ENOSPC;
}

struct cpuhp_remote_call {
	int		(*cb)(unsigned int);
	unsigned int	cpu;
};

static long cpuhp_remote_call_fn(void *arg)
{
	struct cpuhp_remote_call *call = arg;

	return call->cb(call->cpu);
}

/* Invoke a freshly registered callback for a CPU already past @state. */
static int cpuhp_issue_call(unsigned int cpu, int state, int (*cb)(unsigned int))
{
	struct cpuhp_remote_call call = { cb, cpu };

	if (!cpuhp_is_ap_state(state) || cpu == smp_processor_id())
		return cb(cpu);
	/* AP callbacks run on their CPU (the kernel uses its hotplug thread). */
	return (int)work_on_cpu((int)cpu, cpuhp_remote_call_fn, &call);
}

int cpuhp_setup_state(enum cpuhp_state state, const char *name,
		      int (*startup)(unsigned int cpu), int (*teardown)(unsigned int cpu))
{
	bool dynamic = state == CPUHP_AP_ONLINE_DYN || state == CPUHP_BP_PREPARE_DYN;
	int ret = 0, s = (int)state;

	cpuhp_last_error[0] = '\0';
	cpuhp_last_error_state = s;
	if (s <= CPUHP_OFFLINE || s >= CPUHP_ONLINE || !name) {
		snprintf(cpuhp_last_error, sizeof(cpuhp_last_error), "invalid state %d", s);
		cpuhp_last_error_state = CPUHP_INVALID;
		return -EINVAL;
	}

	mutex_lock(&cpu_hotplug_lock);

	if (dynamic) {
		s = cpuhp_reserve_state(s);
		if (s < 0) {
			snprintf(cpuhp_last_error, sizeof(cpuhp_last_error),
				 "no dynamic state left for \"%s\"", name);
			ret = s;
			goto out;
		}
	}

	if (cpuhp_steps[s].name) {
		snprintf(cpuhp_last_error, sizeof(cpuhp_last_error),
			 "%s already holds \"%s\", cannot register \"%s\"",
			 cpuhp_state_name(s), cpuhp_steps[s].name, name);
		ret = -EBUSY;
		goto out;
	}

	env_cpuhp_register(s, name, startup, teardown);

	if (!startup)
		goto out;

	for (unsigned int cpu = 0; cpu < env.cfg.nr_cpus; cpu++) {
		unsigned int done;

		if (hp_state(cpu) < s)
			continue;

		ret = cpuhp_issue_call(cpu, s, startup);
		if (!ret)
			continue;

		snprintf(cpuhp_last_error, sizeof(cpuhp_last_error),
			 "\"%s\" startup failed for CPU %u", name, cpu);
		/* Roll back the CPUs that ran it and forget the state. */
		for (done = 0; done < cpu; done++)
			if (teardown && hp_state(done) >= s)
				cpuhp_issue_call(done, s, teardown);
		env_cpuhp_register(s, NULL, NULL, NULL);
		goto out;
	}
out:
	mutex_unlock(&cpu_hotplug_lock);
	cpuhp_last_error_state = ret < 0 ? s : CPUHP_INVALID;
	if (!ret && dynamic)
		return s;
	return ret;
}

const char *env_cpuhp_last_error(void)
{
	return cpuhp_last_error;
}

/* ---- the AP side: runs on the CPU coming up or going down -------------------------------- */

static void ap_run_up(struct env_hp_request *req)
{
	unsigned int cpu = smp_processor_id();
	int state;

	tick_sched_reset(cpu);
	env_set_mode(cpu, ENV_CPU_RUNNING);

	for (state = CPUHP_BRINGUP_CPU + 1; state <= CPUHP_ONLINE; state++) {
		int ret;

		if (state == CPUHP_TEARDOWN_CPU)
			continue;
		/* start_secondary(): online before the idle task starts */
		if (state == CPUHP_AP_ONLINE_IDLE)
			env_set_cpu_online(cpu, true);

		ret = cpuhp_invoke_callback(cpu, state, true);
		if (ret) {
			req->ret = ret;
			req->failed_state = state;
			/* Undo what ran, in reverse, then die again. */
			while (--state > CPUHP_BRINGUP_CPU) {
				if (state != CPUHP_TEARDOWN_CPU)
					cpuhp_invoke_callback(cpu, state, false);
			}
			env_set_cpu_online(cpu, false);
			tick_sched_dying();
			env_set_mode(cpu, ENV_CPU_OFFLINE);
			set_hp_state(cpu, CPUHP_BRINGUP_CPU - 1);
			env_complete(&req->done);
			return;
		}
		set_hp_state(cpu, state);
	}
	req->ret = 0;
	env_complete(&req->done);
}

static void ap_run_teardown(struct env_hp_request *req)
{
	unsigned int cpu = smp_processor_id();

	for (int state = hp_state(cpu); state > CPUHP_TEARDOWN_CPU; state--) {
		int ret = cpuhp_invoke_callback(cpu, state, false);

		/* Teardown callbacks may not fail on a real offline either. */
		WARN(ret, "teardown of %s failed: %d", cpuhp_state_name(state), ret);
		set_hp_state(cpu, state - 1);
	}
	env_cpu(cpu)->dying = true;
	req->ret = 0;
	env_complete(&req->done);
}

/* take_cpu_down(): the CPU leaves the online mask and stops. */
static void ap_run_die(struct env_hp_request *req)
{
	unsigned int cpu = smp_processor_id();

	env_set_cpu_online(cpu, false);
	for (int state = CPUHP_AP_ONLINE; state > CPUHP_AP_OFFLINE; state--)
		cpuhp_invoke_callback(cpu, state, false);

	tick_sched_dying();
	env_cpu(cpu)->dying = false;
	env_set_mode(cpu, ENV_CPU_OFFLINE);
	set_hp_state(cpu, CPUHP_BRINGUP_CPU - 1);
	req->ret = 0;
	env_complete(&req->done);
}

void env_cpuhp_run_ap(struct env_hp_request *req)
{
	switch (req->kind) {
	case ENV_HP_UP:
		ap_run_up(req);
		break;
	case ENV_HP_TEARDOWN:
		ap_run_teardown(req);
		break;
	case ENV_HP_DIE:
		ap_run_die(req);
		break;
	}
}

/* ---- the control side ----------------------------------------------------------------------- */

/* Hand @kind to @target and wait, possibly idle, as wait_for_ap_thread() does. */
static int kick_ap_and_wait(unsigned int target, enum env_hp_kind kind, bool idle_while_waiting,
			    int *failed_state)
{
	struct env_hp_request req = { .kind = kind, .failed_state = CPUHP_INVALID };

	env_completion_init(&req.done);
	env_post_hp(target, &req);

	if (idle_while_waiting)
		env_idle_enter();
	env_wait_for_completion(&req.done);
	if (idle_while_waiting && env_cpu_mode(smp_processor_id()) == ENV_CPU_IDLE)
		env_idle_exit();

	if (failed_state)
		*failed_state = req.failed_state;
	return req.ret;
}

/* Run PREPARE teardowns for @target from @from down to CPUHP_OFFLINE + 1. */
static void bp_teardown(unsigned int target, int from)
{
	for (int state = from; state > CPUHP_OFFLINE; state--) {
		int ret = cpuhp_invoke_callback(target, state, false);

		WARN(ret, "teardown of %s failed: %d", cpuhp_state_name(state), ret);
		set_hp_state(target, state - 1);
	}
}

static bool hotplug_target_ok(unsigned int target)
{
	return target < env.cfg.nr_cpus && target != smp_processor_id();
}

int env_cpu_up(unsigned int target, bool idle_while_waiting)
{
	int state, ret = 0, failed = CPUHP_INVALID;

	if (!hotplug_target_ok(target))
		return -EINVAL;
	if (!cpus_write_trylock())
		return -EBUSY;
	if (hp_state(target) != CPUHP_OFFLINE) {
		mutex_unlock(&cpu_hotplug_lock);
		return -EINVAL;
	}
	env_count(&env.stats.hotplug_up);
	cpuhp_seq_bump();

	for (state = CPUHP_OFFLINE + 1; state < CPUHP_BRINGUP_CPU; state++) {
		ret = cpuhp_invoke_callback(target, state, true);
		if (ret) {
			failed = state;
			break;
		}
		set_hp_state(target, state);
	}

	if (!ret)
		ret = kick_ap_and_wait(target, ENV_HP_UP, idle_while_waiting, &failed);

	if (ret) {
		report_hp_failure("cpu_up", target, failed, ret);
		bp_teardown(target, hp_state(target));
	}

	cpuhp_seq_bump();
	mutex_unlock(&cpu_hotplug_lock);
	return ret;
}

int env_cpu_down(unsigned int target, bool idle_while_waiting)
{
	if (!hotplug_target_ok(target))
		return -EINVAL;
	if (!cpus_write_trylock())
		return -EBUSY;
	if (hp_state(target) != CPUHP_ONLINE || env_nr_online() <= 1) {
		mutex_unlock(&cpu_hotplug_lock);
		return -EINVAL;
	}
	env_count(&env.stats.hotplug_down);
	cpuhp_seq_bump();

	kick_ap_and_wait(target, ENV_HP_TEARDOWN, idle_while_waiting, NULL);
	kick_ap_and_wait(target, ENV_HP_DIE, idle_while_waiting, NULL);
	bp_teardown(target, CPUHP_BRINGUP_CPU - 1);

	cpuhp_seq_bump();
	mutex_unlock(&cpu_hotplug_lock);
	return 0;
}

/* ---- boot ------------------------------------------------------------------------------------- */

void env_cpuhp_reset(void)
{
	memset(cpuhp_steps, 0, sizeof(cpuhp_steps));
	cpuhp_last_error[0] = '\0';
	cpuhp_last_error_state = CPUHP_INVALID;
	atomic_set(&cpu_hotplug_readers, 0);
	__atomic_store_n(&cpuhp_seq, 0, __ATOMIC_SEQ_CST);

	env_cpuhp_register(CPUHP_TIMERS_PREPARE, "timers:prepare", timers_prepare_cpu,
			   timers_dead_cpu);
	env_cpuhp_register(CPUHP_BRINGUP_CPU, "cpu:bringup", NULL, NULL);
	env_cpuhp_register(CPUHP_TEARDOWN_CPU, "cpu:teardown", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_ONLINE_IDLE, "ap:online-idle", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_ACTIVE, "sched:active", NULL, NULL);
}

int env_boot(void)
{
	unsigned int cpu = smp_processor_id();
	int ret;

	if (WARN_ON_ONCE(cpu != 0))
		return -EINVAL;

	/* boot_cpu_hotplug_init(): the boot CPU starts out fully online. */
	timers_prepare_cpu(cpu);
	tick_sched_reset(cpu);
	env_set_cpu_online(cpu, true);
	set_hp_state(cpu, CPUHP_ONLINE);
	env_set_mode(cpu, ENV_CPU_RUNNING);

	/* early_initcall(tmigr_init) */
	ret = tmigr_ops->init();
	if (ret) {
		struct env_setup_failure f = {
			.what		= "tmigr_init",
			.cpu		= -1,
			.control_cpu	= (int)cpu,
			.state		= cpuhp_last_error_state,
			.state_name	= cpuhp_state_name(cpuhp_last_error_state),
			.step_name	= "",
			.error		= ret,
			.detail		= cpuhp_last_error,
		};

		env_report_setup_failure(&f);
	}
	return ret;
}
