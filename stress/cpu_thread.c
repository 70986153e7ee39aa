// SPDX-License-Identifier: GPL-2.0-only
/*
 * One pthread per CPU (or one fiber per CPU on a worker thread per host
 * core, --engine fibers), each a random mix of what CPUs do: go idle and come
 * back, arm and cancel timers on itself and on others (also from interrupt
 * context while idle, also with callbacks that re-arm), take interrupts,
 * move time forward, bring other CPUs up and take them down. Each step is
 * an operation of the program format (core/exec/input.h), run by exec's
 * executor, so a recorded window is a program. Ticks, wakeups, IPIs and
 * work arrive through env_service() between operations.
 *
 * CPU 0 first boots (tmigr_init() as early initcall) and brings up the CPUs
 * that are online at boot, while those already up start working - so setup
 * races with a live hierarchy from the first moment.
 */
#define _GNU_SOURCE	/* sched_getaffinity(), CPU_COUNT() */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"
#include "exec/input.h"
#include "exec/run.h"
#include "lib/prng.h"
#include "rt/rt.h"

/* What a CPU did last, for the stall diagnosis: an exec opcode or one of these. */
enum {
	LAST_BOOT = OPC_NR,
	LAST_STALL,
};

struct cpu_thread {
	pthread_t		thread;
	unsigned int		cpu;
	u64			rng;
	struct stress_cpu_stats	stats;	/* written by the thread, read racily */
} __attribute__((aligned(64)));

static struct cpu_thread *threads;
static const struct stress_opts *opts;
static u64 ops_after_join;
static bool booted;

/* The host CPUs this process may run on (taskset, cgroup cpusets). */
unsigned int stress_host_cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	n = CPU_COUNT(&set);
	return n > 0 ? (unsigned int)n : 1;
}

static void op_begin(struct cpu_thread *t, int op)
{
	__atomic_store_n(&t->stats.last_op, op, __ATOMIC_RELAXED);
	__atomic_store_n(&t->stats.in_op, true, __ATOMIC_RELAXED);
}

static void op_end(struct cpu_thread *t)
{
	__atomic_store_n(&t->stats.in_op, false, __ATOMIC_RELAXED);
	__atomic_fetch_add(&t->stats.ops, 1, __ATOMIC_RELAXED);
}

/*
 * Run one drawn operation through exec's executor, exactly as a program
 * would: what is recorded is what ran.
 */
static void run_exec_op(struct cpu_thread *t, const struct exec_op *op)
{
	record_op(t->cpu, op);
	op_begin(t, op->code);
	exec_op_execute(opts->cpus, t->cpu, op);
	op_end(t);
}

/* The extended form's 16-bit CPU operand. */
static void set_wide(struct exec_op *op, unsigned int x)
{
	op->a = (u8)(x & 0xff);
	op->b = (u8)(x >> 8);
}

/* Timer delays: mostly a few ticks, sometimes far out (the format's 255 at most). */
static unsigned int pick_delay(u64 *rng)
{
	unsigned int r = prng_below(rng, 100);

	if (r < 60)
		return prng_below(rng, 4);
	if (r < 90)
		return 4 + prng_below(rng, 28);
	return 32 + prng_below(rng, 224);
}

/* Clock steps in quarter ticks: mostly within a tick, sometimes many ticks. */
static unsigned int pick_clock_quarters(u64 *rng)
{
	unsigned int r = prng_below(rng, 100);

	if (r < 70)
		return prng_below(rng, 5);
	if (r < 95)
		return 4 * (1 + prng_below(rng, 5));
	return 4 * (5 + prng_below(rng, 50));
}

static unsigned int random_online_cpu(u64 *rng)
{
	unsigned int n = opts->cpus;

	for (int tries = 0; tries < 8; tries++) {
		unsigned int c = prng_below(rng, n);

		if (cpu_online(c))
			return c;
	}
	return 0;
}

/*
 * Arm one of this CPU's timers the way its kind is armed; now and then
 * from interrupt context or with a callback that re-arms itself.
 */
static struct exec_op draw_arm(struct cpu_thread *t, bool from_irq)
{
	struct exec_op op = { .code = OPC_ARM, .ext = true };
	unsigned int rearm = prng_below(&t->rng, 8) == 0 ? 1 + prng_below(&t->rng, EXEC_MAX_REARMS) : 0;

	op.c = (u8)(prng_below(&t->rng, opts->timers_per_cpu) |
		    (from_irq ? EXEC_ARM_IRQ : 0) | rearm << EXEC_ARM_REARM_SHIFT);
	op.d = (u8)pick_delay(&t->rng);
	set_wide(&op, random_online_cpu(&t->rng));
	exec_op_canonicalize(&op);
	return op;
}

static void run_hotplug(struct cpu_thread *t)
{
	unsigned int target = prng_below(&t->rng, opts->cpus);
	struct exec_op op = { .code = OPC_HOTPLUG, .ext = true, .c = (u8)prng_below(&t->rng, 2) };

	/* No sysfs hotplug before smp_init() is done: CPU 0 holds the lock. */
	if (target == t->cpu || !stress_booted())
		return;
	/* Bring CPUs back eagerly, take them down reluctantly: most stay up. */
	if (env_cpu_hotplug_state(target) != CPUHP_OFFLINE && prng_below(&t->rng, 4))
		return;
	set_wide(&op, target);
	/* Drawn only when asked for: the seeds of runs without --nomem keep their runs. */
	if (opts->nomem_permille && prng_below(&t->rng, 1000) < opts->nomem_permille)
		op.d = (u8)(1 + prng_below(&t->rng, 4));
	exec_op_canonicalize(&op);
	run_exec_op(t, &op);
	if (env_cpu_hotplug_state(target) == CPUHP_ONLINE)
		epoch_hint();
}

/* One operation of a running CPU. */
static void run_op(struct cpu_thread *t)
{
	unsigned int r = prng_below(&t->rng, 1000);
	struct exec_op op = { 0 };

	if (r < opts->hotplug_permille) {
		run_hotplug(t);
		return;
	}
	r = prng_below(&t->rng, 100);

	if (r < 30) {
		op.code = OPC_IDLE;
	} else if (r < 66) {
		op = draw_arm(t, false);
	} else if (r < 76) {
		op = (struct exec_op){ .code = OPC_CANCEL, .ext = true };
		set_wide(&op, prng_below(&t->rng, env_nr_timers()));
		op.c = (u8)(prng_below(&t->rng, env_nr_timers()) >> 16);
		exec_op_canonicalize(&op);
	} else if (r < 92) {
		op.code = OPC_CLOCK;
		op.a = (u8)pick_clock_quarters(&t->rng);
	} else {
		env_relax();
		return;
	}
	run_exec_op(t, &op);
}

/*
 * An idle CPU waits for an interrupt (80% of its draws), @seen sampled
 * before its last look at its mailbox. The waits a CPU would draw in a row
 * (geometric, 5 on average) are one sleep of that many --idle-wait-us: a
 * CPU nothing wakes costs one wakeup instead of five, and the moment of its
 * next own step has the same distribution. Returns true if the sleep ran
 * out: the CPU's next draw is one of the other steps.
 */
static bool idle_wait(struct cpu_thread *t, u32 seen)
{
	unsigned int waits = 1;

	if (!opts->idle_wait_us) {
		env_relax();
		return false;
	}
	while (waits < 64 && prng_below(&t->rng, 100) >= 20)
		waits++;
	env_idle_sleep_since(seen, (u64)waits * opts->idle_wait_us * NSEC_PER_USEC);
	/* An interrupt, or the clock event due: the loop services it first. */
	return env_doorbell() == seen && env_cpu_next_event(t->cpu) > rt_clock_now();
}

/*
 * One step of an idle CPU: mostly waiting for interrupts; a task wakes it
 * now and then; an interrupt arrives (device, or one that arms a timer);
 * or the clock moves on and its tick comes (all CPUs may stay idle for a
 * long stretch while time passes: idle CPUs expire remote timers).
 *
 * A sleeping idle CPU leaves its host CPU (or worker) to the CPUs with
 * work, and the clock wakes it the moment its wakeup is due, concurrently
 * with whatever moved the clock.
 */
static void run_idle_op(struct cpu_thread *t, u32 seen)
{
	unsigned int r = prng_below(&t->rng, 100);
	struct exec_op op = { 0 };

	if (r >= 20) {
		if (!idle_wait(t, seen))
			return;
		r = prng_below(&t->rng, 20);
	}
	if (r < 10) {
		op.code = OPC_WAKE;
	} else if (r < 13) {
		op = (struct exec_op){ .code = OPC_IRQ, .ext = true };
	} else if (r < 16) {
		op = draw_arm(t, true);
	} else {
		op.code = OPC_TICK;
	}
	run_exec_op(t, &op);
}

static void smp_init(struct cpu_thread *t)
{
	bool *online = calloc(opts->cpus, sizeof(*online));

	op_begin(t, LAST_BOOT);
	env_boot();
	if (online) {
		for (unsigned int c = 0; c < opts->boot_online; c++)
			online[c] = true;
		env_smp_init(online);
		free(online);
	}
	op_end(t);
	__atomic_store_n(&booted, true, __ATOMIC_RELEASE);
}

bool stress_booted(void)
{
	return __atomic_load_n(&booted, __ATOMIC_ACQUIRE);
}

/* The injected stall: this CPU never comes back; the others go on. */
static __attribute__((noreturn)) void stall_forever(void)
{
	static const u32 never;

	for (;;) {
		if (fsched_running_cpu())
			fsched_wait(&never, 0, NSEC_PER_SEC);
		else
			pause();
	}
}

static void cpu_main(struct cpu_thread *t)
{

	rt_set_this_cpu((int)t->cpu);
	if (t->cpu == 0)
		smp_init(t);

	for (;;) {
		/* Sampled first: whatever rings from here on ends the waits below. */
		u32 seen = env_doorbell();

		env_service();

		if (epoch_requested()) {
			if (!epoch_park(t->cpu))
				break;
			continue;
		}

		switch (env_cpu_mode(t->cpu)) {
		case ENV_CPU_OFFLINE:
			/* Dead until a bring-up request (or an epoch) rings. */
			env_wait_event_since(seen, 100 * NSEC_PER_MSEC);
			break;
		case ENV_CPU_IDLE:
			/*
			 * While CPU 0 brings the others up, an idle CPU sits in
			 * its idle loop until an interrupt comes: 1000 threads
			 * drawing idle operations would starve the bring-up
			 * (each handoff to an AP waits for the run queue).
			 */
			if (!stress_booted())
				env_wait_event_since(seen, 100 * NSEC_PER_MSEC);
			else
				run_idle_op(t, seen);
			break;
		case ENV_CPU_RUNNING:
			/* Self-test of the watchdog: this CPU stops, mid-operation. */
			if ((int)t->cpu == opts->inject_stall && t->stats.ops >= 3) {
				op_begin(t, LAST_STALL);
				stall_forever();
			}
			run_op(t);
			break;
		}
	}
}

static void *cpu_thread_fn(void *arg)
{
	cpu_main(arg);
	return NULL;
}

static void cpu_fiber_fn(unsigned int cpu, void *arg)
{
	(void)arg;
	cpu_main(&threads[cpu]);
}

/* Fibers: a sleeping CPU lets the other CPUs of its worker run. */
static void fiber_sleep_wait(unsigned int cpu, const u32 *word, u32 val, u64 timeout_ns)
{
	(void)cpu;
	fsched_wait(word, val, timeout_ns);
}

static void fiber_sleep_wake(unsigned int cpu, const u32 *word)
{
	(void)word;
	fsched_wake(cpu);
}

static const struct env_sleep_ops fiber_sleep_ops = {
	.wait	= fiber_sleep_wait,
	.wake	= fiber_sleep_wake,
	.relax	= fsched_yield,
};

static int start_fibers(const struct stress_opts *o)
{
	struct fsched_config cfg = {
		.nr_cpus = o->cpus, .nr_workers = o->workers, .preempt = o->preempt,
		.seed = o->seed, .cpu_fn = cpu_fiber_fn,
	};
	int err;

	env_set_sleep_ops(&fiber_sleep_ops);
	err = fsched_start(&cfg);
	if (err) {
		fprintf(stderr, "tmigr-stress: cannot start %u CPU fibers: %s\n", o->cpus,
			strerror(-err));
		exit(2);
	}
	return 0;
}

int stress_threads_start(const struct stress_opts *o, bool (*cont)(unsigned int started))
{
	pthread_attr_t attr;

	opts = o;
	/* Cache-line aligned per-thread stats: calloc() does not align to 64. */
	if (posix_memalign((void **)&threads, _Alignof(struct cpu_thread),
			   o->cpus * sizeof(*threads)))
		return -ENOMEM;
	memset(threads, 0, o->cpus * sizeof(*threads));
	for (unsigned int c = 0; c < o->cpus; c++) {
		threads[c].cpu = c;
		threads[c].rng = o->seed ^ (0x9e3779b97f4a7c15ULL * (c + 1));
	}
	if (o->engine == STRESS_ENGINE_FIBERS)
		return start_fibers(o);

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 512 * 1024);
	for (unsigned int c = 0; c < o->cpus; c++) {
		int err;

		if (cont && c && !(c % 64) && !cont(c)) {
			pthread_attr_destroy(&attr);
			return -EINTR;
		}
		err = pthread_create(&threads[c].thread, &attr, cpu_thread_fn, &threads[c]);
		if (err) {
			fprintf(stderr, "tmigr-stress: cannot create thread for CPU %u: %s\n", c,
				strerror(err));
			exit(2);
		}
	}
	pthread_attr_destroy(&attr);
	return 0;
}

void stress_threads_join(void)
{
	if (opts->engine == STRESS_ENGINE_FIBERS) {
		fsched_join();
		env_set_sleep_ops(NULL);
	} else {
		for (unsigned int c = 0; c < opts->cpus; c++)
			pthread_join(threads[c].thread, NULL);
	}
	ops_after_join = stress_total_ops();
	free(threads);
	threads = NULL;
}

void stress_engine_stats(struct fsched_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (opts && opts->engine == STRESS_ENGINE_FIBERS)
		fsched_get_stats(st);
}

void stress_engine_dump(FILE *f)
{
	if (opts && opts->engine == STRESS_ENGINE_FIBERS) {
		fprintf(f, "the fiber workers:\n");
		fsched_dump(f);
	}
}

u64 stress_total_ops(void)
{
	u64 sum = 0;

	if (!threads)
		return ops_after_join;
	for (unsigned int c = 0; c < opts->cpus; c++)
		sum += __atomic_load_n(&threads[c].stats.ops, __ATOMIC_RELAXED);
	return sum;
}

const char *stress_cpu_last_op(unsigned int cpu, bool *in_op)
{
	int op = __atomic_load_n(&threads[cpu].stats.last_op, __ATOMIC_RELAXED);

	*in_op = __atomic_load_n(&threads[cpu].stats.in_op, __ATOMIC_RELAXED);
	if (op == LAST_BOOT)
		return "boot";
	if (op == LAST_STALL)
		return "injected stall";
	return exec_opcode_name((unsigned int)op);
}
