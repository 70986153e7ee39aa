// SPDX-License-Identifier: GPL-2.0-only
/*
 * One pthread per CPU, each a random mix of what CPUs do: go idle and come
 * back, arm and cancel timers on itself and on others, move time forward,
 * bring other CPUs up and take them down. Ticks, wakeups, IPIs and work
 * arrive through env_service() between operations.
 *
 * CPU 0 first boots (tmigr_init() as early initcall) and brings up the CPUs
 * that are online at boot, while those already up start working - so setup
 * races with a live hierarchy from the first moment.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"
#include "exec/input.h"
#include "lib/prng.h"
#include "rt/rt.h"

enum stress_op {
	OP_NONE,
	OP_BOOT,
	OP_IDLE_ENTER,
	OP_IDLE_EXIT,
	OP_ARM_GLOBAL,
	OP_ARM_PINNED,
	OP_ARM_ON,
	OP_CANCEL,
	OP_CLOCK,
	OP_HOTPLUG_UP,
	OP_HOTPLUG_DOWN,
	OP_STALL,
	OP_NR
};

static const char *const op_names[OP_NR] = {
	[OP_NONE]		= "none",
	[OP_BOOT]		= "boot",
	[OP_IDLE_ENTER]		= "idle_enter",
	[OP_IDLE_EXIT]		= "idle_exit",
	[OP_ARM_GLOBAL]		= "arm_global",
	[OP_ARM_PINNED]		= "arm_pinned",
	[OP_ARM_ON]		= "add_timer_on",
	[OP_CANCEL]		= "del_timer",
	[OP_CLOCK]		= "clock_advance",
	[OP_HOTPLUG_UP]		= "cpu_up",
	[OP_HOTPLUG_DOWN]	= "cpu_down",
	[OP_STALL]		= "injected stall",
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

static void op_begin(struct cpu_thread *t, enum stress_op op)
{
	__atomic_store_n(&t->stats.last_op, (int)op, __ATOMIC_RELAXED);
	__atomic_store_n(&t->stats.in_op, true, __ATOMIC_RELAXED);
}

static void op_end(struct cpu_thread *t, int err)
{
	__atomic_store_n(&t->stats.in_op, false, __ATOMIC_RELAXED);
	__atomic_fetch_add(&t->stats.ops, 1, __ATOMIC_RELAXED);
	if (err)
		__atomic_fetch_add(&t->stats.op_errors, 1, __ATOMIC_RELAXED);
}

/* Timer delays: mostly a few ticks, sometimes far out. */
static unsigned long pick_delay(u64 *rng)
{
	unsigned int r = prng_below(rng, 100);

	if (r < 60)
		return prng_below(rng, 4);
	if (r < 90)
		return 4 + prng_below(rng, 28);
	return 32 + prng_below(rng, 1000);
}

/* Clock steps: mostly within a tick, sometimes many ticks at once. */
static u64 pick_clock_step(u64 *rng)
{
	unsigned int r = prng_below(rng, 100);

	if (r < 70)
		return prng_next(rng) % (TICK_NSEC + 1);
	if (r < 95)
		return (1 + prng_below(rng, 5)) * TICK_NSEC;
	return (5 + prng_below(rng, 50)) * TICK_NSEC;
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

static unsigned int my_timer(struct cpu_thread *t)
{
	return t->cpu * opts->timers_per_cpu + prng_below(&t->rng, opts->timers_per_cpu);
}

static const enum stress_op arm_op[] = {
	[ENV_TIMER_GLOBAL]	= OP_ARM_GLOBAL,
	[ENV_TIMER_PINNED]	= OP_ARM_PINNED,
	[ENV_TIMER_ON]		= OP_ARM_ON,
};

/* Arm one of this CPU's timers the way its kind is armed. */
static int arm_timer(struct cpu_thread *t)
{
	unsigned int timer = my_timer(t), target = random_online_cpu(&t->rng);
	unsigned long delay = pick_delay(&t->rng);
	unsigned int slot = timer % opts->timers_per_cpu;

	/* The program format reaches add_timer_on() targets up to CPU 63. */
	record_op(t->cpu, OPC_ARM, (u8)(slot + EXEC_TIMERS_PER_CPU * (target & 63)),
		  (u8)(delay > 63 ? 63 : delay));
	op_begin(t, arm_op[env_timer_kind(timer)]);
	return env_timer_arm(timer, target, delay);
}

static void run_hotplug(struct cpu_thread *t)
{
	unsigned int target = prng_below(&t->rng, opts->cpus);
	bool idle_wait = prng_below(&t->rng, 2);
	int err;

	if (target == t->cpu)
		return;
	if (env_cpu_hotplug_state(target) == CPUHP_OFFLINE) {
		/* Bring CPUs back eagerly, take them down reluctantly: most stay up. */
		record_op(t->cpu, OPC_HOTPLUG, (u8)target, idle_wait);
		op_begin(t, OP_HOTPLUG_UP);
		err = env_cpu_up(target, idle_wait);
		if (!err)
			epoch_hint();
	} else if (prng_below(&t->rng, 4) == 0) {
		record_op(t->cpu, OPC_HOTPLUG, (u8)target, idle_wait);
		op_begin(t, OP_HOTPLUG_DOWN);
		err = env_cpu_down(target, idle_wait);
	} else {
		return;
	}
	op_end(t, err);
}

/* One operation of a running CPU. */
static void run_op(struct cpu_thread *t)
{
	unsigned int r = prng_below(&t->rng, 1000);
	int err = 0;

	if (r < opts->hotplug_permille) {
		run_hotplug(t);
		return;
	}
	r = prng_below(&t->rng, 100);

	if (r < 30) {
		record_op(t->cpu, OPC_IDLE, 0, 0);
		op_begin(t, OP_IDLE_ENTER);
		env_idle_enter();
	} else if (r < 66) {
		err = arm_timer(t);
	} else if (r < 76) {
		unsigned int timer = prng_below(&t->rng, env_nr_timers());

		record_op(t->cpu, OPC_CANCEL, (u8)(timer & 0xff), (u8)(timer >> 8));
		op_begin(t, OP_CANCEL);
		env_timer_cancel(timer);
	} else if (r < 92) {
		u64 step = pick_clock_step(&t->rng);
		u64 quarters = DIV_ROUND_UP(step * 4, TICK_NSEC);

		record_op(t->cpu, OPC_CLOCK, (u8)(quarters > 255 ? 255 : quarters), 0);
		op_begin(t, OP_CLOCK);
		rt_clock_advance(step);
	} else {
		sched_yield();
		return;
	}
	op_end(t, err);
}

static void smp_init(struct cpu_thread *t)
{
	op_begin(t, OP_BOOT);
	env_boot();
	for (unsigned int c = 1; c < opts->boot_online; c++)
		env_cpu_up(c, false);
	op_end(t, 0);
}

static void *cpu_thread_fn(void *arg)
{
	struct cpu_thread *t = arg;

	rt_set_this_cpu((int)t->cpu);
	if (t->cpu == 0)
		smp_init(t);

	for (;;) {
		env_service();

		if (epoch_requested()) {
			if (!epoch_park(t->cpu))
				break;
			continue;
		}

		switch (env_cpu_mode(t->cpu)) {
		case ENV_CPU_OFFLINE:
			env_wait_event(NSEC_PER_MSEC);
			break;
		case ENV_CPU_IDLE:
			/* A task wakes up now and then; otherwise wait for interrupts. */
			if (prng_below(&t->rng, 100) < 10) {
				record_op(t->cpu, OPC_WAKE, 0, 0);
				op_begin(t, OP_IDLE_EXIT);
				env_idle_exit();
				op_end(t, 0);
			} else {
				sched_yield();
			}
			break;
		case ENV_CPU_RUNNING:
			/* Self-test of the watchdog: this CPU stops, mid-operation. */
			if ((int)t->cpu == opts->inject_stall && t->stats.ops >= 3) {
				op_begin(t, OP_STALL);
				for (;;)
					pause();
			}
			run_op(t);
			break;
		}
	}
	return NULL;
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

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 512 * 1024);
	for (unsigned int c = 0; c < o->cpus; c++) {
		int err;

		if (cont && c && !(c % 64) && !cont(c)) {
			pthread_attr_destroy(&attr);
			return -EINTR;
		}
		threads[c].cpu = c;
		threads[c].rng = o->seed ^ (0x9e3779b97f4a7c15ULL * (c + 1));
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
	for (unsigned int c = 0; c < opts->cpus; c++)
		pthread_join(threads[c].thread, NULL);
	ops_after_join = stress_total_ops();
	free(threads);
	threads = NULL;
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
	return op >= 0 && op < OP_NR ? op_names[op] : "?";
}
