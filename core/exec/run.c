// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program runner.
 *
 * Each CPU thread: CPU 0 boots and brings up the CPUs online at boot; then
 * every CPU runs its operations, taking its interrupts, IPIs, work and
 * hotplug requests before each one; an offline CPU waits to be brought up.
 * When its program is done a CPU keeps servicing what others ask of it
 * until nothing is left anywhere.
 *
 * Operations that need a running CPU (arming, cancelling, hotplug) wake an
 * idle CPU first, as a task would have to run; the clock and the tick are
 * taken as they come.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "../check/check.h"
#include "../check/liveness.h"
#include "../trace/render.h"

struct exec_ctx {
	const struct exec_program	*p;
	const struct exec_opts		*o;
	struct exec_result		*res;
	const struct exec_listener	*l;
	struct ctl_observer		obs;
};

/* One run at a time per process: the environment is global anyway. */
static struct exec_ctx *ectx;

/* Per CPU: env_service() frames on its stack (see ctl_env_wait()). */
static u8 serving[NR_CPUS];

static bool service(unsigned int cpu)
{
	bool did;

	serving[cpu]++;
	did = env_service();
	serving[cpu]--;
	return did;
}

/* Steps go on counting after the run (the final drain) from where it ended. */
static u64 now_step(void)
{
	if (ctl_active())
		return ctl_current_step();
	return ectx ? ectx->res->stats.steps : 0;
}

/* ---- listeners ------------------------------------------------------------------------- */

static void on_report(const struct report *r, bool first, void *ctx)
{
	struct exec_ctx *x = ctx;

	ctl_hidden_begin();
	if (first && !r->known && !r->ignored && !x->res->signature[0])
		snprintf(x->res->signature, sizeof(x->res->signature), "%s", r->signature);
	if (first && x->l && x->l->report)
		x->l->report(r, x->l->ctx);
	ctl_hidden_end();
}

static void on_timer_run(const struct env_timer_run *run, void *ctx)
{
	struct exec_ctx *x = ctx;

	if (x->l && x->l->timer_run) {
		ctl_hidden_begin();
		x->l->timer_run(run, now_step(), x->l->ctx);
		ctl_hidden_end();
	}
}

#ifdef TMIGR_CHECK_INCREMENTAL
/* The shortcut's premise, checked: the hierarchy is the one last checked. */
static void verify_unwritten(u64 gen)
{
	struct tmigr_snapshot *snap = tmigr_snapshot_take();

	if (snap && !check_hierarchy_same_as_last(snap)) {
		fprintf(stderr, "tmigr-torture: the hierarchy changed without a write the controlled "
				"scheduler saw (write generation %llu)\n", (unsigned long long)gen);
		abort();
	}
	tmigr_snapshot_free(snap);
}
#endif

static void on_quiescent(u64 step, void *ctx)
{
	struct exec_ctx *x = ctx;
	struct tmigr_snapshot *snap;
	bool listen = x->l && x->l->quiescent;
	u64 gen = ctl_write_gen();
	unsigned int n;

	if (x->o->no_quiescent_checks && !listen)
		return;
	/* Nothing written since the last check: no snapshot (most points). */
	if (!x->o->no_quiescent_checks && !listen && check_hierarchy_unchanged(gen, &n)) {
		x->res->quiescent_points++;
#ifdef TMIGR_CHECK_INCREMENTAL
		verify_unwritten(gen);
#endif
		return;
	}
	snap = tmigr_snapshot_take();
	if (!snap)
		return;
	x->res->quiescent_points++;
	if (!x->o->no_quiescent_checks)
		check_hierarchy_gen(snap, gen);
	if (x->l && x->l->quiescent)
		x->l->quiescent(snap, step, x->l->ctx);
	tmigr_snapshot_free(snap);
}

static void on_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
		      u64 step, void *ctx)
{
	struct exec_ctx *x = ctx;

	if (x->l && x->l->sched.access)
		x->l->sched.access(cpu, p, result, step, x->l->ctx);
}

static void on_switch(int from, unsigned int to, u64 step, void *ctx)
{
	struct exec_ctx *x = ctx;

	if (x->l && x->l->sched.switched)
		x->l->sched.switched(from, to, step, x->l->ctx);
}

static void op_event(unsigned int cpu, int index, const char *what, bool begin)
{
	if (ectx->l && ectx->l->op) {
		ctl_hidden_begin();
		ectx->l->op(cpu, index, what, begin, now_step(), ectx->l->ctx);
		ctl_hidden_end();
	}
}

static void drop_log(int level, int cpu, const char *msg)
{
	(void)level;
	(void)cpu;
	(void)msg;
}

/* ---- operations -------------------------------------------------------------------------- */

static void ensure_running(unsigned int cpu)
{
	if (env_cpu_mode(cpu) == ENV_CPU_IDLE)
		env_idle_exit();
}

void exec_op_execute(unsigned int cpus, unsigned int cpu, const struct exec_op *op)
{
	unsigned int tpc = env_config()->timers_per_cpu;

	switch (op->code) {
	case OPC_NOP:
		break;
	case OPC_IDLE:
		if (env_cpu_mode(cpu) == ENV_CPU_RUNNING)
			env_idle_enter();
		break;
	case OPC_WAKE:
		ensure_running(cpu);
		break;
	case OPC_ARM:
		/* From interrupt context the CPU stays idle; a task must wake it otherwise. */
		if (exec_arm_from_irq(op))
			env_irq_enter();
		else
			ensure_running(cpu);
		env_timer_arm_rearm(exec_arm_timer(cpu, tpc, op), exec_arm_target(cpus, op),
				    exec_arm_delay(op), exec_arm_rearms(op));
		if (exec_arm_from_irq(op))
			env_irq_exit();
		break;
	case OPC_CANCEL:
		ensure_running(cpu);
		env_timer_cancel(exec_cancel_timer(cpus, tpc, op));
		break;
	case OPC_CLOCK:
		env_clock_advance(exec_clock_step(op, TICK_NSEC));
		break;
	case OPC_TICK:
		env_clock_advance_to(((u64)jiffies + 1) * TICK_NSEC);
		service(cpu);
		break;
	case OPC_HOTPLUG: {
		unsigned int target = exec_hotplug_target(cpus, op);

		if (target == cpu)
			break;
		ensure_running(cpu);
		rt_fail_nth(exec_hotplug_nomem(op));
		if (env_cpu_hotplug_state(target) == CPUHP_OFFLINE)
			env_cpu_up(target, exec_hotplug_idle(op));
		else
			env_cpu_down(target, exec_hotplug_idle(op));
		rt_fail_nth(0);
		break;
	}
	case OPC_IRQ:
		env_irq_enter();
		env_irq_exit();
		break;
	}
}

/*
 * Run operation @index of @cpu; false if the CPU went offline while taking
 * its interrupts first (a dead CPU runs nothing: retry once it is back).
 */
static bool run_op(unsigned int cpu, unsigned int index)
{
	const struct exec_op *op = &ectx->p->ops[cpu][index];
	char what[96] = "";

	/* Only a listener reads it (the fuzz targets have none). */
	if (ectx->l && ectx->l->op)
		exec_op_describe(ectx->p, cpu, op, what, sizeof(what));
	op_event(cpu, (int)index, what, true);
	ctl_op_begin();
	service(cpu);
	if (env_cpu_mode(cpu) == ENV_CPU_OFFLINE) {
		op_event(cpu, (int)index, what, false);
		ctl_op_end();
		return false;
	}
	exec_op_execute(ectx->p->cpus, cpu, op);
	liveness_progress();
	op_event(cpu, (int)index, what, false);
	ctl_op_end();
	return true;
}

/*
 * CPU 0 boots (tmigr_init() as early initcall) and brings up the CPUs that
 * are online at boot. This runs before the controlled phase, on one thread:
 * bring-up races are what hotplug operations (and the hotplug profile,
 * which boots CPU 0 alone) explore, and a sequential boot keeps every run
 * cheap.
 */
static void boot(void)
{
	const struct exec_program *p = ectx->p;

	env_set_wait_ops(&env_seq_wait_ops);
	rt_set_this_cpu(0);
	op_event(0, -1, "boot (sequential)", true);
	env_boot();
	env_smp_init(p->online);
	op_event(0, -1, "boot (sequential)", false);
	rt_set_this_cpu(RT_NO_CPU);
}

/* ---- controlled mode -------------------------------------------------------------------------- */

static bool cpu_has_work(unsigned int cpu)
{
	if (env_cpu_has_pending(cpu))
		return true;
	return env_cpu_mode(cpu) != ENV_CPU_OFFLINE && env_cpu_next_event(cpu) <= ktime_get();
}

/*
 * Take this CPU's interrupts, IPIs and work. Not progress by itself: woken
 * too often in a row without a timer running or an operation completing,
 * the run ends as a livelock.
 */
static void service_once(unsigned int cpu)
{
	bool work = cpu_has_work(cpu), stuck = false;

	ctl_op_begin();
	if (work) {
		ctl_hidden_begin();
		stuck = liveness_wakeup(cpu, "wakeups-without-timer", "controlled run");
		ctl_hidden_end();
		if (stuck) {
			char why[96];

			snprintf(why, sizeof(why), "livelock: CPU%u is woken again and again for nothing",
				 cpu);
			ctl_livelock(why);
		}
		op_event(cpu, -1, "interrupts, IPIs, work", true);
	}
	service(cpu);
	if (work)
		op_event(cpu, -1, "interrupts, IPIs, work", false);
	ctl_service_end();
}

static void cpu_body(unsigned int cpu, void *arg)
{
	const struct exec_program *p = ectx->p;

	(void)arg;
	for (unsigned int i = 0; i < p->nr_ops[cpu]; ) {
		while (env_cpu_mode(cpu) == ENV_CPU_OFFLINE) {
			if (!ctl_wait_for_work())
				return;
			service_once(cpu);
		}
		if (run_op(cpu, i))
			i++;
	}
	while (ctl_wait_for_work())
		service_once(cpu);
}

/*
 * The environment waits under the scheduler: a blocking scheduling point.
 * A CPU idle in a wait its own operation makes (the control CPU in
 * wait_for_ap_thread()) is at rest: the hierarchy is checked around it as
 * around any idle CPU. Not while it serves a request (a callback may be
 * half done).
 */
static void ctl_env_wait(unsigned int cpu, bool (*ready)(void *), void *arg, bool woken)
{
	while (!ready(arg)) {
		if (service(cpu))
			continue;
		ctl_block(ready, arg, !serving[cpu] && env_cpu_mode(cpu) == ENV_CPU_IDLE, woken);
	}
}

static void ctl_env_wake(unsigned int cpu)
{
	ctl_wake(cpu);
}

static const struct env_wait_ops ctl_wait_ops = {
	.wait	= ctl_env_wait,
	.wake	= ctl_env_wake,
};

static struct ctl_strategy *make_strategy(const struct exec_program *p, const struct exec_opts *o)
{
	switch (o->mode) {
	case EXEC_BYTES:
		return ctl_strategy_bytes(p->schedule, p->schedule_len);
	case EXEC_RANDOM:
		return ctl_strategy_random(o->seed, o->permille ? o->permille : 125);
	case EXEC_PCT:
		return ctl_strategy_pct(o->seed, o->pct_depth ? o->pct_depth : 3,
					o->pct_steps ? o->pct_steps : 10000);
	case EXEC_CHOICES:
		return ctl_strategy_choices(o->choices, o->nr_choices);
	case EXEC_SEQUENTIAL:
		break;
	}
	return NULL;
}

static void run_controlled(struct exec_ctx *x)
{
	struct ctl_strategy *base = make_strategy(x->p, x->o);
	struct ctl_strategy *strategy = x->o->record ? ctl_strategy_record(base) : base;
	struct ctl_config cfg = {
		.nr_threads = x->p->cpus,
		.strategy = strategy,
		.thread_fn = cpu_body,
		.livelock_budget = x->o->livelock_budget,
		.obs = &x->obs,
	};
	enum ctl_outcome outcome;

	boot();
	on_quiescent(0, x);
	env_set_wait_ops(&ctl_wait_ops);
	ctl_set_pending_fn(cpu_has_work);
	outcome = ctl_run(&cfg, &x->res->stats, x->res->why, sizeof(x->res->why));
	x->res->outcome = outcome;
	x->res->schedule_bytes_used = ctl_strategy_bytes_used(base);
	if (x->o->record) {
		size_t n;
		const u16 *log = ctl_strategy_record_log(strategy, &n);

		x->res->decisions = malloc((n ? n : 1) * sizeof(*log));
		if (x->res->decisions) {
			memcpy(x->res->decisions, log, n * sizeof(*log));
			x->res->nr_decisions = n;
		}
	}

	if (x->o->mode == EXEC_CHOICES && outcome == CTL_COMPLETE) {
		size_t n;
		const struct ctl_choice *log = ctl_strategy_choices_log(base, &n);

		x->res->choices = malloc((n ? n : 1) * sizeof(*log));
		if (x->res->choices) {
			memcpy(x->res->choices, log, n * sizeof(*log));
			x->res->nr_choices = n;
		}
	}
	/* A stuck run still uses its strategy: leak it rather than pull it away. */
	if (outcome == CTL_COMPLETE)
		strategy->ops->destroy(strategy);
}

/* ---- sequential mode: the same program, one thread, no scheduler ------------------------------- */

static void service_all(const struct exec_program *p)
{
	bool did;
	int rounds = 0;

	do {
		did = false;
		for (unsigned int c = 0; c < p->cpus; c++) {
			if (!cpu_has_work(c))
				continue;
			rt_set_this_cpu((int)c);
			did |= service(c);
		}
	} while (did && ++rounds < 1000);
}

static void run_sequential(struct exec_ctx *x)
{
	const struct exec_program *p = x->p;
	unsigned int next[EXEC_MAX_CPUS] = { 0 };
	bool progress = true;

	boot();
	on_quiescent(0, x);

	while (progress) {
		progress = false;
		for (unsigned int c = 0; c < p->cpus; c++) {
			if (next[c] >= p->nr_ops[c] || env_cpu_mode(c) == ENV_CPU_OFFLINE)
				continue;
			rt_set_this_cpu((int)c);
			if (run_op(c, next[c]))
				next[c]++;
			service_all(p);
			on_quiescent(0, x);
			progress = true;
		}
	}
	x->res->outcome = CTL_COMPLETE;
}

/* ---- entry ------------------------------------------------------------------------------------------- */

/*
 * TMIGR_TEST_PLANT=requeue:CPU or softirq:CPU plants a liveness bug in the
 * environment (env_debug_plant()), so that the tools' liveness handling can
 * be tested end to end (tests/test_liveness.sh). Never set in real runs.
 */
static void exec_plant_from_env(void)
{
	const char *v = getenv("TMIGR_TEST_PLANT");
	enum env_plant what = ENV_PLANT_NONE;
	unsigned int cpu = 0;
	char *end;
	unsigned long n;

	if (!v || !*v)
		return;
	if (!strncmp(v, "requeue:", 8))
		what = ENV_PLANT_ENDLESS_REQUEUE;
	else if (!strncmp(v, "softirq:", 8))
		what = ENV_PLANT_ENDLESS_SOFTIRQ;
	if (what != ENV_PLANT_NONE) {
		n = strtoul(v + 8, &end, 10);
		cpu = (unsigned int)n;
		if (end == v + 8 || *end || n >= num_possible_cpus())
			what = ENV_PLANT_NONE;
	}
	if (what == ENV_PLANT_NONE || env_debug_plant(what, cpu)) {
		fprintf(stderr, "tmigr-torture: TMIGR_TEST_PLANT must be requeue:CPU or softirq:CPU "
			"with CPU < %u (got '%s')\n", num_possible_cpus(), v);
		exit(2);
	}
}

/*
 * An interrupt that does not end (check/liveness.h), reported already: a
 * controlled thread ends the run there; on the caller's thread (sequential
 * mode, the final drain) it jumps back to exec_run().
 */
static jmp_buf stuck_escape;
static bool stuck_escape_armed;

static void on_stuck(const char *why, void *ctx)
{
	struct exec_ctx *x = ctx;

	if (ctl_active())
		ctl_livelock(why);
	if (stuck_escape_armed) {
		snprintf(x->res->why, sizeof(x->res->why), "%s", why);
		longjmp(stuck_escape, 1);
	}
}

static void file_stuck_report(struct exec_ctx *x)
{
	struct tmigr_snapshot *snap;
	struct strbuf sb = STRBUF_INIT;
	bool deadlock = x->res->outcome == CTL_DEADLOCK;

	/* A liveness oracle ended the run: its report says it all. */
	if (!deadlock && report_count(ORACLE_LIVELOCK))
		return;
	strbuf_addf(&sb, "%s\n\nHierarchy (torn: CPUs are stuck inside operations):\n", x->res->why);
	snap = tmigr_snapshot_take();
	if (snap)
		render_hierarchy(&sb, snap, NULL);
	report_file(deadlock ? ORACLE_DEADLOCK : ORACLE_LIVELOCK,
		    deadlock ? "no-runnable-cpu" : "no-progress", -1, strbuf_str(&sb), "%s",
		    deadlock ? "deadlock: no CPU can run" : "livelock: no operation completes");
	strbuf_release(&sb);
	tmigr_snapshot_free(snap);
}

/*
 * A stuck run leaves threads (or, on the caller's thread, locks) behind:
 * later runs in this process cannot start. They return this one's verdict
 * instead, so a driver that runs again (PCT's step estimate, then the run)
 * still ends with the livelock, never with a hang or a torn run.
 */
static struct {
	bool			stuck;
	struct exec_result	res;
} dead;

static bool exec_dead(struct exec_result *res)
{
	if (!dead.stuck)
		return false;
	*res = dead.res;
	snprintf(res->why, sizeof(res->why), "an earlier run in this process got stuck; its "
		 "threads cannot be reused: %.900s", dead.res.why);
	return true;
}

static void exec_mark_dead(const struct exec_result *res)
{
	dead.stuck = true;
	dead.res = *res;
	dead.res.choices = NULL;
	dead.res.nr_choices = 0;
	dead.res.decisions = NULL;
	dead.res.nr_decisions = 0;
	if (!dead.res.signature[0])
		snprintf(dead.res.signature, sizeof(dead.res.signature), "%s",
			 report_nr_signatures() ? report_get(0)->signature : "");
}

void exec_run(const struct exec_program *p, const struct exec_opts *o, struct exec_result *res)
{
	static struct exec_ctx x;
	struct env_config cfg = {
		.nr_cpus = p->cpus,
		.nr_nodes = p->nodes,
		.node_layout = p->layout,
		.tick_nsec = RT_DEFAULT_TICK_NSEC,
		.timers_per_cpu = EXEC_TIMERS_PER_CPU,
		.variant = o->variant,
		.parallel_bringup = p->parallel_boot,
		.memory_nodes = p->memory_nodes,
		.absent_no_node = p->absent_no_node,
		.nohz_full = p->nohz_full,
	};
	char err[160];

	memset(res, 0, sizeof(*res));
	env_cpumask_or_list(&cfg.isolcpus, p->isolated, p->cpus);
	env_cpumask_or_list(&cfg.little, p->little, p->cpus);
	if (exec_dead(res))
		return;
	x = (struct exec_ctx){ .p = p, .o = o, .res = res, .l = o->listener };
	/* Hooks only a listener needs stay unset: ctl skips them at every point. */
	x.obs = (struct ctl_observer){
		.access = o->listener && o->listener->sched.access ? on_access : NULL,
		.switched = o->listener && o->listener->sched.switched ? on_switch : NULL,
		.quiescent = on_quiescent, .ctx = &x,
	};
	ectx = &x;
	/* A run abandoned inside a service (a livelock) must not leave counts. */
	memset(serving, 0, sizeof(serving));

	rt_set_this_cpu(RT_NO_CPU);
	if (env_setup(&cfg, err, sizeof(err))) {
		snprintf(res->why, sizeof(res->why), "%s", err);
		res->outcome = CTL_DEADLOCK;
		return;
	}
	rt_set_log_sink(drop_log);
	report_reset();
	report_set_printer(on_report, &x);
	check_init(&(struct check_config){ .no_memo = o->no_memo });
	check_set_timer_listener(on_timer_run, &x);
	check_set_stuck_handler(on_stuck, &x);
	if (setjmp(stuck_escape)) {
		res->outcome = CTL_LIVELOCK;
		goto out;
	}
	stuck_escape_armed = true;
	exec_plant_from_env();

	if (o->mode == EXEC_SEQUENTIAL)
		run_sequential(&x);
	else
		run_controlled(&x);

	if (res->outcome != CTL_COMPLETE) {
		file_stuck_report(&x);
	} else {
		/* Everything has stopped: the final checks run on this thread. */
		env_set_wait_ops(&env_seq_wait_ops);
		rt_set_this_cpu(RT_NO_CPU);
		if (!o->no_drain)
			check_quiescent(true);
		else if (!o->no_quiescent_checks)
			check_quiescent(false);
	}

out:
	stuck_escape_armed = false;
	check_set_stuck_handler(NULL, NULL);
	check_set_timer_listener(NULL, NULL);
	report_set_printer(NULL, NULL);
	res->reports = report_total();
	res->new_reports = report_total_new();
	if (res->outcome != CTL_COMPLETE)
		exec_mark_dead(res);
	ectx = NULL;
}

u8 *exec_decisions_to_schedule(const u16 *decisions, size_t n, size_t *len)
{
	u8 *out = malloc(2 * (n ? n : 1));

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		/* An index past 255 (more than 256 runnable CPUs) has no byte. */
		if (decisions[i] > 255) {
			free(out);
			*len = 0;
			return NULL;
		}
		out[2 * i] = 0;
		out[2 * i + 1] = (u8)decisions[i];
	}
	*len = 2 * n;
	return out;
}

u64 exec_estimate_steps(const struct exec_program *p, enum tmigr_variant variant)
{
	struct exec_program *copy = malloc(sizeof(*copy));
	struct exec_opts o = {
		.mode = EXEC_BYTES, .variant = variant, .no_quiescent_checks = true, .no_drain = true,
	};
	struct exec_result r;

	if (!copy)
		return 0;
	*copy = *p;
	copy->schedule_len = 0;
	exec_run(copy, &o, &r);
	free(copy);
	return r.outcome == CTL_COMPLETE ? r.stats.steps : 0;
}
