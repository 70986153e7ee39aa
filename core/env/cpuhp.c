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
 *    The AP reaches CPUHP_AP_ONLINE_IDLE in its idle loop and runs the
 *    online states (tmigr_cpu_online()) only when its hotplug thread gets
 *    the CPU: other CPUs run in that window.
 *  - Parallel bring-up (CONFIG_HOTPLUG_PARALLEL): env_smp_init() runs every
 *    CPU's PREPARE states up to CPUHP_BP_KICK_AP first, then brings the
 *    APs online one by one.
 *  - Teardown: the dying CPU runs its AP teardown callbacks; then
 *    takedown_cpu() (CPUHP_TEARDOWN_CPU) stops the machine: every online
 *    CPU leaves idle for its stopper and spins with interrupts off while
 *    the dying CPU runs take_cpu_down() (__cpu_disable(), the dying
 *    callbacks), then goes back to what it did. The control CPU runs the
 *    PREPARE teardowns, timers_dead_cpu() among them, which moves the
 *    timers over.
 *  - One operation at a time (cpu_hotplug_lock). A failing startup
 *    callback is reported and the CPU is rolled back to offline.
 */
#include <stdio.h>
#include <stdlib.h>
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
	[CPUHP_AP_SMPBOOT_THREADS]	= "CPUHP_AP_SMPBOOT_THREADS",
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

static void report_hp_failure(const char *what, unsigned int cpu, int state, int error,
			      bool injected)
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
		.injected	= injected,
	};

	env_report_setup_failure(&f);
}

/* What makes a state ready to continue (waits under the controlled scheduler). */
static bool cpuhp_wait_done(void *arg)
{
	return __atomic_load_n((int *)arg, __ATOMIC_ACQUIRE);
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

/* A bring-up failed at @state: undo what ran, in reverse, and die again. */
static void ap_rollback(struct env_hp_request *req, int state)
{
	unsigned int cpu = smp_processor_id();
	int ret = req->ret;

	req->failed_state = state;
	while (--state > CPUHP_BRINGUP_CPU) {
		if (state != CPUHP_TEARDOWN_CPU)
			cpuhp_invoke_callback(cpu, state, false);
	}
	if (env_cpu_mode(cpu) == ENV_CPU_IDLE)
		env_idle_exit();
	env_set_cpu_online(cpu, false);
	tick_sched_dying();
	env_set_mode(cpu, ENV_CPU_OFFLINE);
	set_hp_state(cpu, CPUHP_BRINGUP_CPU - 1);
	req->ret = ret;
	env_complete(&req->done);
}

/* Run the startup callbacks of @from..@to on this CPU; false if one failed. */
static bool ap_run_states(struct env_hp_request *req, int from, int to)
{
	unsigned int cpu = smp_processor_id();

	for (int state = from; state <= to; state++) {
		int ret;

		if (state == CPUHP_TEARDOWN_CPU)
			continue;
		ret = cpuhp_invoke_callback(cpu, state, true);
		if (ret) {
			req->ret = ret;
			ap_rollback(req, state);
			return false;
		}
		set_hp_state(cpu, state);
	}
	return true;
}

/*
 * start_secondary(): the STARTING states with interrupts off, online, then
 * the idle task (cpu_startup_entry(CPUHP_AP_ONLINE_IDLE)). The idle loop
 * runs - the tick may stop, tmigr is asked while the CPU is not online in
 * it yet - until the control CPU has the AP's hotplug thread run the online
 * states: a request to this CPU, taken at its next service.
 */
static void ap_run_up(struct env_hp_request *req)
{
	unsigned int cpu = smp_processor_id();

	tick_sched_reset(cpu);
	env_set_mode(cpu, ENV_CPU_RUNNING);

	if (!ap_run_states(req, CPUHP_BRINGUP_CPU + 1, CPUHP_AP_ONLINE))
		return;
	env_set_cpu_online(cpu, true);
	set_hp_state(cpu, CPUHP_AP_ONLINE_IDLE);
	env_idle_enter();

	req->kind = ENV_HP_UP_ONLINE;
	env_post_hp(cpu, req);
}

/* The AP's hotplug thread: CPUHP_AP_ONLINE_IDLE + 1 .. CPUHP_ONLINE. */
static void ap_run_up_online(struct env_hp_request *req)
{
	if (!ap_run_states(req, CPUHP_AP_ONLINE_IDLE + 1, CPUHP_ONLINE))
		return;
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

void env_cpuhp_run_ap(struct env_hp_request *req)
{
	switch (req->kind) {
	case ENV_HP_UP:
		ap_run_up(req);
		break;
	case ENV_HP_UP_ONLINE:
		ap_run_up_online(req);
		break;
	case ENV_HP_TEARDOWN:
		ap_run_teardown(req);
		break;
	}
}

/* ---- stop_machine() on cpu_down ----------------------------------------------------------- */

/* take_cpu_down() on the dying CPU: __cpu_disable(), then the dying callbacks. */
static void take_cpu_down(void)
{
	unsigned int cpu = smp_processor_id();

	env_set_cpu_online(cpu, false);
	for (int state = CPUHP_AP_ONLINE; state > CPUHP_AP_OFFLINE; state--) {
		cpuhp_invoke_callback(cpu, state, false);
		set_hp_state(cpu, state - 1);
	}
	/* The stopper parks; the idle task finds the CPU dead and plays dead. */
	env_cpu(cpu)->dying = false;
	env_set_mode(cpu, ENV_CPU_OFFLINE);
	set_hp_state(cpu, CPUHP_BRINGUP_CPU - 1);
}

static bool multi_stop_all_arrived(void *arg)
{
	struct env_multi_stop *ms = arg;

	return (unsigned int)__atomic_load_n(&ms->arrived, __ATOMIC_ACQUIRE) >= ms->nr_threads;
}

/* Wake every CPU taking part: a state of the stop machine changed. */
static void multi_stop_wake_all(struct env_multi_stop *ms)
{
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++)
		if (c != smp_processor_id() && (cpu_online(c) || c == ms->dying))
			env_wake_cpu(c);
}

/*
 * The stopper leaves idle: scheduling the stopper thread runs the idle
 * task's exit path (tick_nohz_idle_exit() -> timer_clear_idle() ->
 * tmigr_cpu_activate()). Returns whether the CPU was idle.
 */
static bool multi_stop_enter(struct env_multi_stop *ms)
{
	unsigned int cpu = smp_processor_id();
	bool was_idle = env_cpu_mode(cpu) == ENV_CPU_IDLE;

	if (was_idle)
		env_idle_exit();
	__atomic_store_n(&env_cpu(cpu)->stopped_irqs_off, true, __ATOMIC_RELEASE);
	if ((unsigned int)__atomic_add_fetch(&ms->arrived, 1, __ATOMIC_ACQ_REL) == ms->nr_threads)
		multi_stop_wake_all(ms);
	return was_idle;
}

/* MULTI_STOP_EXIT: interrupts back on; an idle CPU's idle task runs again. */
static void multi_stop_exit(struct env_multi_stop *ms, bool was_idle)
{
	unsigned int cpu = smp_processor_id(), control = ms->control;

	__atomic_store_n(&env_cpu(cpu)->stopped_irqs_off, false, __ATOMIC_RELEASE);
	/* @ms lives on the control CPU's stack: once we are counted, it may be gone. */
	__atomic_add_fetch(&ms->left, 1, __ATOMIC_ACQ_REL);
	if (cpu != control)
		env_wake_cpu(control);
	if (was_idle && env_cpu_mode(cpu) == ENV_CPU_RUNNING)
		env_idle_enter();
}

/* The dying CPU's part: everybody spins before take_cpu_down() runs. */
static void multi_stop_run(struct env_multi_stop *ms)
{
	env_wait_until(multi_stop_all_arrived, ms);
	take_cpu_down();
	__atomic_store_n(&ms->done, 1, __ATOMIC_RELEASE);
	multi_stop_wake_all(ms);
}

void env_multi_cpu_stop(struct env_multi_stop *ms)
{
	bool was_idle = multi_stop_enter(ms);

	if (smp_processor_id() == ms->dying)
		multi_stop_run(ms);
	else
		env_wait_until(cpuhp_wait_done, &ms->done);
	multi_stop_exit(ms, was_idle);
}

static bool multi_stop_all_left(void *arg)
{
	struct env_multi_stop *ms = arg;

	return (unsigned int)__atomic_load_n(&ms->left, __ATOMIC_ACQUIRE) >= ms->nr_threads;
}

/*
 * All CPUs on one thread (env_seq_wait_ops): the stoppers cannot wait for
 * each other on one stack, so this thread plays each CPU's part in turn,
 * in the order the kernel's state machine allows: all enter, the dying CPU
 * runs take_cpu_down(), all leave.
 */
static void stop_machine_seq(struct env_multi_stop *ms)
{
	unsigned int self = smp_processor_id();
	bool *was_idle = calloc(env.cfg.nr_cpus, sizeof(*was_idle));
	bool *part = calloc(env.cfg.nr_cpus, sizeof(*part));

	if (WARN_ON_ONCE(!was_idle || !part))
		goto out;
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++)
		part[c] = cpu_online(c);
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++) {
		if (!part[c])
			continue;
		rt_set_this_cpu((int)c);
		was_idle[c] = multi_stop_enter(ms);
	}
	rt_set_this_cpu((int)ms->dying);
	take_cpu_down();
	__atomic_store_n(&ms->done, 1, __ATOMIC_RELEASE);
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++) {
		if (!part[c])
			continue;
		rt_set_this_cpu((int)c);
		multi_stop_exit(ms, was_idle[c]);
	}
out:
	rt_set_this_cpu((int)self);
	free(was_idle);
	free(part);
}

/*
 * takedown_cpu() -> stop_machine_cpuslocked(take_cpu_down, cpumask_of(@dying)):
 * a stopper on every online CPU, this one included; returns once every
 * stopper is done.
 */
static void stop_machine_take_cpu_down(unsigned int dying)
{
	struct env_multi_stop ms = {
		.dying		= dying,
		.nr_threads	= env_nr_online(),
		.control	= smp_processor_id(),
	};

	env_count(&env.stats.stop_machines);
	if (env.wait_ops == &env_seq_wait_ops) {
		stop_machine_seq(&ms);
		return;
	}
	for (unsigned int c = 0; c < env.cfg.nr_cpus; c++)
		if (c != ms.control && cpu_online(c))
			env_post_stop(c, &ms);
	env_multi_cpu_stop(&ms);
	env_wait_until(multi_stop_all_left, &ms);
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

/*
 * _cpu_up() to @to: CPUHP_BP_KICK_AP (the first half of a parallel
 * bring-up) or CPUHP_ONLINE, from CPUHP_OFFLINE or from CPUHP_BP_KICK_AP.
 */
static int cpu_up_to(unsigned int target, bool idle_while_waiting, int to)
{
	unsigned long allocs_failed = rt_alloc_failures();
	int state, ret = 0, failed = CPUHP_INVALID;

	if (!hotplug_target_ok(target))
		return -EINVAL;
	if (!cpus_write_trylock())
		return -EBUSY;
	state = hp_state(target);
	if (state >= to || (state != CPUHP_OFFLINE && state != CPUHP_BP_KICK_AP)) {
		mutex_unlock(&cpu_hotplug_lock);
		return -EINVAL;
	}
	if (state == CPUHP_OFFLINE) {
		/* Hot-added before it comes up: cpu_to_node() knows it now. */
		env_set_cpu_present(target);
		env_count(&env.stats.hotplug_up);
	}
	cpuhp_seq_bump();

	for (state++; state < CPUHP_BRINGUP_CPU && state <= to; state++) {
		ret = cpuhp_invoke_callback(target, state, true);
		if (ret) {
			failed = state;
			break;
		}
		set_hp_state(target, state);
	}

	if (!ret && to > CPUHP_BP_KICK_AP)
		ret = kick_ap_and_wait(target, ENV_HP_UP, idle_while_waiting, &failed);

	if (ret) {
		report_hp_failure("cpu_up", target, failed, ret,
				  rt_alloc_failures() != allocs_failed);
		bp_teardown(target, hp_state(target));
	}

	cpuhp_seq_bump();
	mutex_unlock(&cpu_hotplug_lock);
	return ret;
}

int env_cpu_up(unsigned int target, bool idle_while_waiting)
{
	return cpu_up_to(target, idle_while_waiting, CPUHP_ONLINE);
}

int env_cpu_down(unsigned int target, bool idle_while_waiting)
{
	if (!hotplug_target_ok(target))
		return -EINVAL;
	/*
	 * tick_nohz_cpu_down(), a predown callback far above tmigr's state:
	 * its -EBUSY rolls back before tmigr sees anything, so refuse up front.
	 */
	if (!env_tick_cpu_hotpluggable(target))
		return -EBUSY;
	if (!cpus_write_trylock())
		return -EBUSY;
	if (hp_state(target) != CPUHP_ONLINE || env_nr_online() <= 1) {
		mutex_unlock(&cpu_hotplug_lock);
		return -EINVAL;
	}
	env_count(&env.stats.hotplug_down);
	cpuhp_seq_bump();

	kick_ap_and_wait(target, ENV_HP_TEARDOWN, idle_while_waiting, NULL);
	/* CPUHP_TEARDOWN_CPU: takedown_cpu() */
	stop_machine_take_cpu_down(target);
	bp_teardown(target, CPUHP_BRINGUP_CPU - 1);

	cpuhp_seq_bump();
	mutex_unlock(&cpu_hotplug_lock);
	return 0;
}

/* ---- boot ------------------------------------------------------------------------------------- */

/* An initcall of tmigr's failed: the kernel prints it and boots on without. */
static void report_initcall_failure(const char *what, int ret)
{
	struct env_setup_failure f = {
		.what		= what,
		.cpu		= -1,
		.control_cpu	= (int)smp_processor_id(),
		.state		= cpuhp_last_error_state,
		.state_name	= cpuhp_state_name(cpuhp_last_error_state),
		.step_name	= "",
		.error		= ret,
		.detail		= cpuhp_last_error,
	};

	env_report_setup_failure(&f);
}

void env_smp_init(const bool *online)
{
	int ret;

	if (!env.cfg.parallel_bringup) {
		for (unsigned int c = 1; c < env.cfg.nr_cpus; c++)
			if (online[c])
				env_cpu_up(c, false);
	} else {
		/* cpuhp_bringup_mask(mask, CPUHP_BP_KICK_AP), then (mask, CPUHP_ONLINE) */
		for (unsigned int c = 1; c < env.cfg.nr_cpus; c++)
			if (online[c])
				cpu_up_to(c, false, CPUHP_BP_KICK_AP);
		for (unsigned int c = 1; c < env.cfg.nr_cpus; c++)
			if (online[c] && hp_state(c) == CPUHP_BP_KICK_AP)
				cpu_up_to(c, false, CPUHP_ONLINE);
	}

	/*
	 * do_initcalls() follows smp_init(): a late initcall finds the boot
	 * CPUs online (newer trees exclude isolcpus= CPUs from the hierarchy
	 * there). Once per boot, however often a test brings CPUs up.
	 */
	if (!tmigr_ops->late_init || env.late_initcalls_done)
		return;
	env.late_initcalls_done = true;
	/* A state named in a failure report is one this initcall registered. */
	cpuhp_last_error[0] = '\0';
	cpuhp_last_error_state = CPUHP_INVALID;
	ret = tmigr_ops->late_init();
	if (ret)
		report_initcall_failure("tmigr_late_initcall", ret);
}

void env_cpuhp_reset(void)
{
	memset(cpuhp_steps, 0, sizeof(cpuhp_steps));
	cpuhp_last_error[0] = '\0';
	cpuhp_last_error_state = CPUHP_INVALID;
	atomic_set(&cpu_hotplug_readers, 0);
	__atomic_store_n(&cpuhp_seq, 0, __ATOMIC_SEQ_CST);

	/*
	 * The modelled states 6.12's cpuhp_hp_states[] names; a registration
	 * on any of them gets -EBUSY. CPUHP_AP_ONLINE_IDLE has no name there.
	 * Callbacks are the environment's where it has the kernel's work.
	 */
	env_cpuhp_register(CPUHP_OFFLINE, "offline", NULL, NULL);
	env_cpuhp_register(CPUHP_CREATE_THREADS, "threads:prepare", NULL, NULL);
	env_cpuhp_register(CPUHP_TIMERS_PREPARE, "timers:prepare", timers_prepare_cpu,
			   timers_dead_cpu);
	env_cpuhp_register(CPUHP_BP_KICK_AP, "cpu:kick_ap", NULL, NULL);
	env_cpuhp_register(CPUHP_BRINGUP_CPU, "cpu:bringup", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_IDLE_DEAD, "idle:dead", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_OFFLINE, "ap:offline", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_TICK_DYING, "tick:dying", NULL, tick_cpu_dying);
	env_cpuhp_register(CPUHP_AP_ONLINE, "ap:online", NULL, NULL);
	env_cpuhp_register(CPUHP_TEARDOWN_CPU, "cpu:teardown", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_SMPBOOT_THREADS, "smpboot/threads:online", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_WORKQUEUE_ONLINE, "workqueue:online", NULL, NULL);
	env_cpuhp_register(CPUHP_AP_ACTIVE, "sched:active", NULL, NULL);
	env_cpuhp_register(CPUHP_ONLINE, "online", NULL, NULL);
}

int env_boot(void)
{
	unsigned int cpu = smp_processor_id();
	int ret;

	if (WARN_ON_ONCE(cpu != 0))
		return -EINVAL;

	/* boot_cpu_hotplug_init(): the boot CPU starts out fully online. */
	env_set_cpu_present(cpu);
	timers_prepare_cpu(cpu);
	tick_sched_reset(cpu);
	env_set_cpu_online(cpu, true);
	set_hp_state(cpu, CPUHP_ONLINE);
	env_set_mode(cpu, ENV_CPU_RUNNING);

	/* early_initcall(tmigr_init) */
	ret = tmigr_ops->init();
	if (ret)
		report_initcall_failure("tmigr_init", ret);
	return ret;
}
