/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The environment: what surrounds tmigr in the kernel, and the operations
 * drivers (stress, fuzz, tests) perform on CPUs.
 *
 *  - timer bases with pinned (local) and global timers, and the idle path
 *    of kernel/time/timer.c that calls tmigr (timer.c);
 *  - the tick: periodic ticks, stopping it in idle, the programmed wakeup,
 *    interrupts while idle (tick_sched.c);
 *  - CPU hotplug with named states and cpuhp_setup_state() (cpuhp.c);
 *  - IPIs and work_on_cpu() between CPU threads (smp.c);
 *  - the topology (topology.c).
 *
 * Calling convention: an operation on CPU c runs on the thread bound to c
 * (rt_this_cpu() == c), exactly like kernel code runs on its CPU. Between
 * operations a CPU thread calls env_service() to take its interrupts, IPIs
 * and work, as a CPU would on interrupt return.
 */
#ifndef ENV_ENV_H
#define ENV_ENV_H

#include "kapi.h"
#include "../tmigr/tmigr.h"

enum env_node_layout {
	ENV_NODES_BLOCKS,	/* CPU c on node c * nodes / cpus */
	ENV_NODES_INTERLEAVED,	/* CPU c on node c % nodes */
};

struct env_config {
	unsigned int			nr_cpus;	/* possible CPUs, 1..NR_CPUS */
	unsigned int			nr_nodes;	/* 1..nr_cpus */
	enum env_node_layout		node_layout;
	u64				tick_nsec;	/* 0: 1 ms */
	unsigned int			timers_per_cpu;	/* timer pool, owned per CPU */
	const struct tmigr_backend	*backend;	/* NULL: the model */
	enum tmigr_variant		variant;
	/* CONFIG_HOTPLUG_PARALLEL: env_smp_init() prepares every CPU first. */
	bool				parallel_bringup;
	/* CPU-less (memory-only) nodes, numbered after the CPUs' nodes. */
	unsigned int			memory_nodes;
	/* cpu_to_node() is NUMA_NO_NODE for a CPU never brought up (not present). */
	bool				absent_no_node;
	/* nohz_full=1-N: every CPU but CPU 0 is nohz_full (kernel noise isolated). */
	bool				nohz_full;
	/*
	 * isolcpus=domain,LIST: CPUs outside the scheduler domains. 6.12's tmigr
	 * (the model) never asks; newer trees exclude those that are not
	 * nohz_full (env_cpu_isolated(), the kernel shims' housekeeping). At
	 * least one of the nr_cpus CPUs must stay a housekeeping CPU.
	 */
	struct cpumask			isolcpus;
	/*
	 * Asymmetric CPU capacity (big.LITTLE): these CPUs have half the
	 * capacity of the others (arch_scale_cpu_capacity() 512, not 1024).
	 * 6.12's tmigr (the model) never asks; trees with per-capacity
	 * hierarchies build one hierarchy per capacity.
	 */
	struct cpumask			little;
};

#define ENV_MAX_TIMERS_PER_CPU	16

/* The CPU-list knobs of struct env_config, bit by bit. */
static inline bool env_cpumask_test(const struct cpumask *m, unsigned int cpu)
{
	return m->bits[cpu / BITS_PER_LONG] & BIT(cpu % BITS_PER_LONG);
}

/* Set in @m the CPUs 0..@nr-1 that @cpus names (a driver's bool list). */
static inline void env_cpumask_or_list(struct cpumask *m, const bool *cpus, unsigned int nr)
{
	for (unsigned int c = 0; c < nr; c++)
		if (cpus[c])
			m->bits[c / BITS_PER_LONG] |= BIT(c % BITS_PER_LONG);
}

enum env_cpu_mode {
	ENV_CPU_OFFLINE,	/* not running; waits for a bring-up kick */
	ENV_CPU_RUNNING,	/* running tasks, tick running */
	ENV_CPU_IDLE,		/* in the idle loop (tick stopped or retained) */
};

/*
 * What kind of timer a pool timer is, fixed for its lifetime as in the
 * kernel (TIMER_PINNED is a timer_setup() flag; add_timer_on() sets it):
 * a CPU's timers are, by index within its share of the pool, global,
 * pinned, add_timer_on() timers, then global again.
 */
enum env_timer_kind {
	ENV_TIMER_GLOBAL,	/* mod_timer(): global, on the arming CPU's base */
	ENV_TIMER_PINNED,	/* mod_timer() on a TIMER_PINNED timer: this CPU */
	ENV_TIMER_ON,		/* add_timer_on(): pinned on a chosen CPU */
};

struct env_timer_run {
	unsigned int	timer;		/* pool index */
	unsigned int	owner;		/* CPU that owns (arms) it */
	unsigned int	base_cpu;	/* CPU whose base it was queued on */
	unsigned int	ran_on;		/* CPU that ran it */
	bool		pinned;
	u64		expires_ns;	/* expiry as monotonic time */
	u64		now;		/* when it ran */
};

struct env_setup_failure {
	const char	*what;		/* "tmigr_init", "cpu_up", "cpu_down", ... */
	int		cpu;		/* CPU being brought up/down, or -1 */
	int		control_cpu;
	int		state;		/* enum cpuhp_state, or CPUHP_INVALID */
	const char	*state_name;	/* "CPUHP_AP_TMIGR_ONLINE" */
	const char	*step_name;	/* "tmigr:online" */
	int		error;		/* negative errno */
	const char	*detail;	/* extra words, may be "" */
	/*
	 * An allocation failure was injected while the hotplug operation ran
	 * (rt_fail_nth()): its -ENOMEM is the kernel coping, not a fault.
	 */
	bool		injected;
};

/* Callbacks for oracles and drivers; all optional. */
/* Interrupt work of a CPU, for the liveness bounds (check/liveness.c). */
enum env_irq_event {
	ENV_IRQ_SOFTIRQ_ENTER,	/* the timer softirq starts */
	ENV_IRQ_SOFTIRQ_EXIT,
	ENV_IRQ_REMOTE_ENTER,	/* tmigr's handle_remote() starts */
	ENV_IRQ_REMOTE_EXIT,
	/*
	 * One unit of work inside: a timer ran, a remote base was expired, the
	 * softirq restarted. Sent with no timer base lock held.
	 */
	ENV_IRQ_ITERATION,
};

struct env_observer {
	void	(*timer_run)(const struct env_timer_run *run, void *ctx);
	void	(*setup_failure)(const struct env_setup_failure *f, void *ctx);
	void	(*irq)(unsigned int cpu, enum env_irq_event ev, void *ctx);
	void	*ctx;
};

/*
 * How a CPU thread blocks until @ready(@arg) holds, and how it is woken.
 * The default sleeps on a per-CPU futex and services the CPU's interrupts
 * while it waits; the controlled scheduler installs its own. @woken: the
 * CPU that makes @ready true calls @wake for the waiter right after (a
 * completion, the stop machine's steps), so a scheduler need not ask
 * @ready again before that; false: @ready must be polled (a timer's base
 * coming back after a migration).
 */
struct env_wait_ops {
	void	(*wait)(unsigned int cpu, bool (*ready)(void *arg), void *arg, bool woken);
	void	(*wake)(unsigned int cpu);
};

/**
 * struct env_sleep_ops - how a free-running CPU sleeps on its doorbell
 * @wait:	sleep while *@word == @val, @timeout_ns at most (a futex wait)
 * @wake:	@cpu's doorbell @word changed: wake its sleeper (a futex wake)
 * @relax:	a polling loop's pause between two looks (sched_yield())
 *
 * The default blocks the thread. A scheduler that runs several CPUs on one
 * thread (tmigr-stress --engine fibers) installs its own, so that a CPU
 * that sleeps lets another CPU of its thread run.
 */
struct env_sleep_ops {
	void	(*wait)(unsigned int cpu, const u32 *word, u32 val, u64 timeout_ns);
	void	(*wake)(unsigned int cpu, const u32 *word);
	void	(*relax)(void);
};

/*
 * All CPUs on one thread: a waiting CPU runs the other CPUs' pending work by
 * switching identity. For scripted scenarios.
 */
extern const struct env_wait_ops env_seq_wait_ops;
/* Service every CPU but @self that has something pending; true if any did. */
bool env_seq_run_others(unsigned int self);

/* ---- lifecycle (no CPU thread running) ------------------------------------- */

/* Validate @cfg and reset everything; returns -EINVAL with a message. */
int env_setup(const struct env_config *cfg, char *err, size_t errlen);
const struct env_config *env_config(void);
void env_set_observer(const struct env_observer *obs);
void env_set_wait_ops(const struct env_wait_ops *ops);
/* After env_setup(), before the CPU threads start; NULL: the default. */
void env_set_sleep_ops(const struct env_sleep_ops *ops);

/*
 * Boot: CPU 0 comes up, the early initcall tmigr_init() runs on it. Must be
 * called on a thread bound to CPU 0. Returns tmigr_init()'s result.
 * Other CPUs are brought up afterwards with env_cpu_up() (smp_init).
 */
int env_boot(void);

/*
 * smp_init() on CPU 0 after env_boot(): bring up every CPU @online[] names,
 * one after the other or, with env_config.parallel_bringup, the kernel's
 * two-phase way (every CPU's PREPARE states and kick first, then each AP).
 * Then, the first time after env_boot(), the backend's late initcall.
 */
void env_smp_init(const bool *online);

/* ---- CPU operations (on the CPU's own thread) --------------------------------- */

/* Enter the idle loop: stop the tick if the next event allows. */
void env_idle_enter(void);
/* Leave the idle loop (a task woke up): restart the tick. */
void env_idle_exit(void);

/*
 * A hard interrupt on this CPU: irq_enter() ... irq_exit(). What runs in
 * between (arming a timer) runs in interrupt context: an idle CPU stays
 * idle. At irq_exit() an idle CPU takes another pass of the idle loop,
 * which re-evaluates its next event (the tmigr_cpu_new_timer() path).
 */
void env_irq_enter(void);
void env_irq_exit(void);

/* tick_nohz_full_cpu(): the CPU is in nohz_full= (see env_config.nohz_full). */
bool tick_nohz_full_cpu(unsigned int cpu);

/*
 * Arm pool timer @timer (owned by this CPU) @delta_ticks from now, the way
 * its kind is armed; @target is only used by ENV_TIMER_ON timers.
 */
int env_timer_arm(unsigned int timer, unsigned int target, unsigned long delta_ticks);
/*
 * The same, with a callback that re-arms the timer itself @rearms times,
 * @delta_ticks (at least 1) from its expiry run, wherever it runs: a global
 * timer expired remotely stays on the base it ran from.
 */
int env_timer_arm_rearm(unsigned int timer, unsigned int target, unsigned long delta_ticks,
			unsigned int rearms);
enum env_timer_kind env_timer_kind(unsigned int timer);
/* del_timer() of any pool timer, from any CPU. Returns true if it was pending. */
bool env_timer_cancel(unsigned int timer);

/*
 * Bring @target up / take it down with this CPU as the control CPU.
 * @idle_while_waiting: let this CPU go idle while the target runs its AP
 * states (as the kernel's control task sleeps in wait_for_ap_thread()).
 * Returns 0, -EBUSY when another hotplug operation runs, -EINVAL when the
 * request makes no sense (already up, last online CPU, itself), or the
 * callback's error.
 */
int env_cpu_up(unsigned int target, bool idle_while_waiting);
int env_cpu_down(unsigned int target, bool idle_while_waiting);

/*
 * Take pending interrupts, IPIs, work and hotplug requests of this CPU and
 * run its tick if one is due. Returns true when anything was done.
 */
bool env_service(void);

/* Sleep until something is posted for this CPU or @timeout_ns passes. */
void env_wait_event(u64 timeout_ns);

/*
 * For a driver that blocks on its own conditions as well: sample this CPU's
 * doorbell with env_doorbell(), check the condition, then wait with
 * env_wait_event_since(), which returns at once if the doorbell rang since
 * the sample. env_ring_doorbell() wakes @cpu's thread without posting
 * anything (the driver's condition changed). Free mode only.
 */
u32 env_doorbell(void);
void env_wait_event_since(u32 seen, u64 timeout_ns);
void env_ring_doorbell(unsigned int cpu);
/* A polling loop's pause: yield the host CPU, or the thread to another CPU. */
void env_relax(void);

/*
 * Free mode, an idle CPU's thread: sleep as env_wait_event_since() does,
 * and also until the virtual clock passes this CPU's programmed wakeup
 * (env_cpu_next_event()), as a clock event device would interrupt it.
 */
void env_idle_sleep_since(u32 seen, u64 timeout_ns);

/*
 * Move the virtual clock (rt_clock_advance(), rt_clock_advance_to()) and
 * wake the CPUs sleeping in env_idle_sleep_since() whose wakeup it passed.
 * Every operation that moves time goes through these.
 */
u64 env_clock_advance(u64 delta);
u64 env_clock_advance_to(u64 t);

/* ---- observation (quiescent points, or racy where stated) ---------------------- */

enum env_cpu_mode env_cpu_mode(unsigned int cpu);		/* racy ok */
/* Name an environment object at @addr ("CPU3.base_global.lock"); false if unknown. */
bool env_describe(const void *addr, char *buf, size_t len);
bool env_cpu_tick_stopped(unsigned int cpu);
/*
 * The timekeeping CPU under nohz_full= (CPU 0): it never stops its tick,
 * so it idles with the tick running and stays active in tmigr.
 */
bool env_cpu_keeps_tick(unsigned int cpu);
/* When this CPU must next run: programmed wakeup or next periodic tick. */
u64 env_cpu_next_event(unsigned int cpu);
/* Something is waiting in the CPU's mailbox. Racy ok. */
bool env_cpu_has_pending(unsigned int cpu);
/* The CPU's hotplug state. */
int env_cpu_hotplug_state(unsigned int cpu);
/* Hotplug sequence count: odd while cpu_up()/cpu_down() runs. Racy ok. */
u64 env_hotplug_seq(void);
unsigned int env_nr_online(void);
const char *cpuhp_state_name(int state);

unsigned int env_nr_timers(void);
unsigned int env_timer_owner(unsigned int timer);

struct env_pending_timer {
	unsigned int	timer;
	unsigned int	owner;
	unsigned int	base_cpu;
	bool		pinned;
	u64		expires_ns;
};
/* Pending timers, in pool order; returns how many were written. */
unsigned int env_pending_timers(struct env_pending_timer *out, unsigned int max);

/*
 * Fault injection for oracle self-tests: reprogram @cpu's one-shot wakeup
 * to @t (KTIME_MAX: none), as a lost or delayed timer interrupt would.
 * Only for a CPU whose tick is stopped, at a quiescent point.
 */
int env_debug_set_wakeup(unsigned int cpu, u64 t);

/*
 * Liveness bugs planted for the liveness oracles' self-tests (never a
 * variant: the model stays as it is). After env_setup(), before the run.
 */
enum env_plant {
	ENV_PLANT_NONE,
	/* @cpu's stopped tick is always reprogrammed to "now": endless wakeups. */
	ENV_PLANT_ENDLESS_REQUEUE,
	/* @cpu's timer softirq raises itself again, forever. */
	ENV_PLANT_ENDLESS_SOFTIRQ,
};
int env_debug_plant(enum env_plant what, unsigned int cpu);

struct env_stats {
	u64	timers_armed;
	u64	timers_cancelled;
	u64	timers_run;
	u64	timers_run_remote;	/* ran on a CPU other than its base's */
	u64	ticks;
	u64	idle_entries;
	u64	idle_irqs;
	u64	device_irqs;
	u64	timers_rearmed;		/* by their own callback */
	u64	stop_machines;
	u64	ipis;
	u64	hotplug_up;
	u64	hotplug_down;
	u64	work_items;
	u64	idle_sleeps;		/* free mode: env_idle_sleep_since() slept */
	u64	clockevent_wakeups;	/* ... and the clock woke the sleeper */
};
void env_stats_read(struct env_stats *out);				/* racy ok */

#endif /* ENV_ENV_H */
