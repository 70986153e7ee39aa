/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared state of the environment's files. Not for drivers or oracles.
 */
#ifndef ENV_ENV_INTERNAL_H
#define ENV_ENV_INTERNAL_H

#include <pthread.h>

#include "env.h"
#include "../lib/list.h"

/* ---- timers and timer bases (timer.c) -------------------------------------- */

#define TIMER_PINNED		0x1u
/* How far an empty base's next_expiry is pushed out, as in the kernel. */
#define NEXT_TIMER_MAX_DELTA	((1UL << 30) - 1)

enum { BASE_LOCAL, BASE_GLOBAL, NR_BASES };

struct timer_base;

struct timer_list {
	struct list_head	entry;		/* in base->timers, by expiry */
	unsigned long		expires;	/* jiffies */
	u32			flags;
	struct timer_base	*base;		/* base it is (or was last) on */
	bool			pending;
};

struct timer_base {
	raw_spinlock_t		lock;
	struct timer_list	*running_timer;
	unsigned long		next_expiry;	/* jiffies; READ_ONCE outside lock */
	unsigned int		cpu;
	unsigned int		index;		/* BASE_LOCAL or BASE_GLOBAL */
	bool			is_idle;	/* READ_ONCE/WRITE_ONCE */
	bool			timers_pending;
	/* next_expiry may be early: the first timer's expiry was dequeued */
	bool			next_expiry_recalc;
	struct list_head	timers;
};

struct env_timer {
	struct timer_list	t;
	unsigned int		id;
	unsigned int		owner;
	/* The callback re-arms the timer @rearms more times, @period ticks on. */
	unsigned int		rearms;		/* __atomic: owner vs. any expiring CPU */
	unsigned long		period;
};

void env_timers_reset(void);
bool env_timer_describe(const void *addr, char *buf, size_t len);
void timers_init_cpu(unsigned int cpu);
int timers_prepare_cpu(unsigned int cpu);
int timers_dead_cpu(unsigned int cpu);
u64 get_next_timer_interrupt(unsigned long basej, u64 basem);
u64 timer_base_try_to_set_idle(unsigned long basej, u64 basem, bool *idle);
void timer_clear_idle(void);
/* Tick: run_local_timers() and, if raised, the timer softirq. */
void update_process_times(void);

/* ---- tick (tick_sched.c) -------------------------------------------------------- */

struct tick_sched {
	bool		inidle;		/* TS_FLAG_INIDLE */
	bool		stopped;	/* TS_FLAG_STOPPED */
	u64		timer_expires;
	u64		timer_expires_base;
	unsigned long	last_jiffies;
	u64		next_tick;	/* last programmed expiry (0: reprogram) */
	u64		hw_next;	/* the one-shot "hardware"; KTIME_MAX: none */
	unsigned long	last_tick_jiffy; /* last periodic tick */
};

void tick_sched_reset(unsigned int cpu);
/* One pass of the idle loop: evaluate the next event, stop or retain. */
void tick_nohz_idle_stop_tick(void);
void tick_nohz_idle_enter(void);
void tick_nohz_idle_exit(void);
/* The tick interrupt (periodic or the programmed wakeup). */
void tick_sched_handle(void);
/* The CPU dies: cancel its tick. */
void tick_sched_dying(void);
/* CPUHP_AP_TICK_DYING teardown. */
int tick_cpu_dying(unsigned int cpu);
/* Take a due tick or wakeup interrupt; returns true if one was taken. */
bool env_tick_service(void);

/* ---- SMP: mailboxes, completions, work (smp.c) -------------------------------------- */

struct env_completion {
	int		done;		/* atomic */
	unsigned int	waiter;		/* CPU to wake */
};

struct env_work {
	struct env_work		*next;
	long			(*fn)(void *);
	void			*arg;
	long			ret;
	struct env_completion	done;
};

/*
 * A hotplug request handed to the CPU's hotplug thread: bring-up to
 * CPUHP_AP_ONLINE_IDLE (the AP then idles), the online states from there
 * (the hotplug thread woken), or the teardown of the online states.
 */
enum env_hp_kind { ENV_HP_UP, ENV_HP_UP_ONLINE, ENV_HP_TEARDOWN };

/*
 * stop_machine_cpuslocked(take_cpu_down) for one cpu_down: every online CPU
 * runs a stopper (multi_cpu_stop()) with interrupts off until the dying CPU
 * has run take_cpu_down().
 */
struct env_multi_stop {
	unsigned int	dying;
	unsigned int	nr_threads;	/* online CPUs at the start */
	int		arrived;	/* atomic */
	int		done;		/* atomic: take_cpu_down() ran */
	int		left;		/* atomic: stoppers finished */
	unsigned int	control;	/* the CPU running takedown_cpu() */
};

struct env_hp_request {
	enum env_hp_kind	kind;
	int			ret;
	int			failed_state;
	struct env_completion	done;
};

struct env_mailbox {
	pthread_mutex_t		lock;
	int			pending;	/* items posted, atomic: lock-free peek */
	bool			kick;		/* resched IPI */
	struct env_work		*work;		/* LIFO list; order is irrelevant */
	struct env_hp_request	*hp;
	struct env_multi_stop	*stop;		/* stopper work */
};

void env_smp_reset(unsigned int cpu);
void env_completion_init(struct env_completion *c);
void env_complete(struct env_completion *c);
/*
 * Wait on the calling CPU until @ready(@arg), servicing it meanwhile (a
 * stopper with interrupts off services nothing: env_service() is a no-op).
 */
void env_wait_until(bool (*ready)(void *), void *arg);
/* Wait on the calling CPU, servicing it meanwhile. */
void env_wait_for_completion(struct env_completion *c);
void env_post_kick(unsigned int cpu);
void env_post_hp(unsigned int cpu, struct env_hp_request *req);
void env_post_stop(unsigned int cpu, struct env_multi_stop *ms);
/* This CPU's stopper for @ms (cpuhp.c). */
void env_multi_cpu_stop(struct env_multi_stop *ms);
void env_wake_cpu(unsigned int cpu);
/* wake_up_nohz_cpu(): an idle CPU must re-evaluate its timers. */
void wake_up_nohz_cpu(unsigned int cpu);

/* ---- hotplug (cpuhp.c) ---------------------------------------------------------------- */

void env_cpuhp_reset(void);
/* cpus_read_lock() as a trylock: false while a hotplug operation runs. */
bool cpus_read_trylock(void);
void cpus_read_unlock(void);
/* Run a hotplug request on this (the target) CPU. */
void env_cpuhp_run_ap(struct env_hp_request *req);
void env_report_setup_failure(const struct env_setup_failure *f);
/* Why the last cpuhp_setup_state() failed ("" if it did not). */
const char *env_cpuhp_last_error(void);

/* ---- per-CPU environment state (env.c) ---------------------------------------------------- */

/* Free mode: a CPU thread asleep in its idle loop until @wakeup (clockevents.c). */
struct env_clockevent {
	struct list_head	node;		/* in the wheel's bucket of @wakeup */
	u64			wakeup;
};

void env_clockevents_reset(void);

struct env_cpu {
	int			mode;		/* enum env_cpu_mode, atomic */
	bool			present;	/* brought up once (absent_no_node) */
	/* In a stop_machine() stopper with interrupts off: services nothing. */
	bool			stopped_irqs_off;	/* __atomic */
	int			hp_state;	/* enum cpuhp_state, atomic */
	bool			dying;		/* AP torn down, waiting to die */
	struct tick_sched	ts;
	struct env_mailbox	mbox;
	u32			doorbell;	/* futex word */
	struct env_clockevent	ce;
};


struct env_state {
	struct env_config		cfg;
	struct env_observer		obs;
	const struct env_wait_ops	*wait_ops;
	const struct env_sleep_ops	*sleep_ops;
	struct env_cpu			*cpus;
	struct env_timer		*timers;
	unsigned int			nr_timers;
	/* The CPUs whose mailbox has something (smp.c), atomic words. */
	unsigned long			pending_cpus[NR_CPUS / BITS_PER_LONG];
	struct env_stats		stats;	/* atomic counters */
	enum env_plant			plant;	/* env_debug_plant() */
	unsigned int			plant_cpu;
	bool				late_initcalls_done;	/* env_smp_init() ran them */
};


extern struct env_state env;

static inline bool env_planted(enum env_plant what, unsigned int cpu)
{
	return unlikely(env.plant == what) && env.plant_cpu == cpu;
}

static inline void env_irq(enum env_irq_event ev)
{
	if (env.obs.irq)
		env.obs.irq(smp_processor_id(), ev, env.obs.ctx);
}

static inline struct env_cpu *env_cpu(unsigned int cpu)
{
	return &env.cpus[cpu];
}

static inline bool env_cpu_irqs_stopped(unsigned int cpu)
{
	return __atomic_load_n(&env.cpus[cpu].stopped_irqs_off, __ATOMIC_ACQUIRE);
}

static inline void env_count(u64 *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

static inline void env_set_mode(unsigned int cpu, enum env_cpu_mode mode)
{
	__atomic_store_n(&env.cpus[cpu].mode, (int)mode, __ATOMIC_RELEASE);
}

void env_set_cpu_online(unsigned int cpu, bool online);
void env_topology_reset(void);
/* The CPU is hot-added (present): from now on it has its node. */
void env_set_cpu_present(unsigned int cpu);

#endif /* ENV_ENV_INTERNAL_H */
