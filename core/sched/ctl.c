// SPDX-License-Identifier: GPL-2.0-only
/*
 * The controlled scheduler.
 *
 * Two engines run the controlled CPUs, with the same scheduling decisions:
 *
 * fibers (default): every CPU is a fiber on the thread that called
 * ctl_run(). Handing over is a user-space context switch (fiber.c) plus
 * swapping the thread-local CPU identity; TSan and ASan are told about
 * every switch, so they still see one thread per CPU.
 *
 * threads: every CPU is a pooled pthread with a "go" word. To hand over the
 * running thread sets the other thread's go word and sleeps on its own
 * (spinning briefly first: on two cores the next handoff back often comes
 * within microseconds).
 *
 * Hiding from ThreadSanitizer: the go words are accessed with inline
 * assembly and the futex is a raw syscall; fiber switches carry no
 * happens-before edge. So TSan sees no synchronisation between controlled
 * CPUs except what the model performs itself. The scheduler's own
 * bookkeeping (and the predicates it evaluates for other threads) runs
 * inside TSan ignore regions, which suppress both access recording and
 * synchronisation. On architectures without the assembly the threads
 * engine's handoff falls back to C11 atomics, which TSan does see: there,
 * use the fiber engine or free mode for race detection.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "fiber.h"
#include "../rt/clock.h"
#include "../rt/futex.h"
#include "../rt/cpu.h"
#include "../rt/sanitizer.h"
#include "../rt/spinlock.h"

/* ---- invisible synchronisation ------------------------------------------------ */

#ifdef RT_TSAN
/*
 * The depth is kept so that a fiber dropped inside a hidden region can end
 * its regions before it goes (drop_last_words()).
 */
static __thread int hide_depth;
#define HIDE_BEGIN()	do { __tsan_ignore_thread_begin(); AnnotateIgnoreSyncBegin(__FILE__, __LINE__); \
			     hide_depth++; } while (0)
#define HIDE_END()	do { hide_depth--; AnnotateIgnoreSyncEnd(__FILE__, __LINE__); \
			     __tsan_ignore_thread_end(); } while (0)
/*
 * Pool threads and fibers outlive runs. Between runs (and only there) the
 * main thread and the pool really are ordered: tell TSan, as
 * pthread_create()/join() would have for fresh threads.
 */
#define RUN_BOUNDARY_RELEASE(a)	__tsan_release(a)
#define RUN_BOUNDARY_ACQUIRE(a)	__tsan_acquire(a)
#else
#define HIDE_BEGIN()	do { } while (0)
#define HIDE_END()	do { } while (0)
#define RUN_BOUNDARY_RELEASE(a)	do { (void)(a); } while (0)
#define RUN_BOUNDARY_ACQUIRE(a)	do { (void)(a); } while (0)
#endif

#if defined(__x86_64__)
static inline u32 hidden_load(const u32 *p)
{
	u32 v;

	__asm__ __volatile__("movl %1, %0" : "=r"(v) : "m"(*p) : "memory");
	return v;
}

static inline void hidden_store(u32 *p, u32 v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
}

/* Not "pause": in a VM it may exit to the hypervisor (see go_wait_spin). */
static inline void cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}
#else
static inline u32 hidden_load(const u32 *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void hidden_store(u32 *p, u32 v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline void cpu_relax(void)
{
}
#endif

/*
 * A short spin catches a quick handoff back; one thread runs and at most one
 * other spins (two cores), everybody else sleeps on the futex at once.
 * Measured on the 2-vCPU machines (tmigr-bench-handoff): a longer spin, and
 * any spin with the x86 "pause" instruction (pause-loop exits in the VM),
 * made handoffs 2-20x slower; plain futex handoffs cost about 3-4 us.
 */
#define CTL_SPIN	200

static u32 ctl_spinners;

#if defined(__x86_64__)
static inline u32 hidden_xadd(u32 *p, u32 v)
{
	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}
#else
static inline u32 hidden_xadd(u32 *p, u32 v)
{
	return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
#endif

static void go_wait_spin(u32 *go, bool may_spin)
{
	if (may_spin && hidden_xadd(&ctl_spinners, 1) == 0) {
		for (int i = 0; i < CTL_SPIN; i++) {
			if (hidden_load(go)) {
				hidden_xadd(&ctl_spinners, (u32)-1);
				goto got;
			}
			cpu_relax();
		}
		hidden_xadd(&ctl_spinners, (u32)-1);
	} else if (may_spin) {
		hidden_xadd(&ctl_spinners, (u32)-1);
	}
	while (!hidden_load(go))
		rt_futex_wait(go, 0, 0);
got:
	hidden_store(go, 0);
}

static void go_wait(u32 *go)
{
	go_wait_spin(go, true);
}

static void go_signal(u32 *go)
{
	hidden_store(go, 1);
	rt_futex_wake(go, 1);
}

/* ---- state -------------------------------------------------------------------------- */

enum ctl_tstate {
	T_RUN,		/* runnable */
	T_LOCK,		/* waiting to acquire @lock */
	T_BLOCK,	/* waiting for @ready or work */
	T_WAITWORK,	/* nothing to do but work */
	T_EXITED,
};

struct ctl_thread {
	pthread_t		pt;
	unsigned int		id;
	u32			go;
	struct fiber		fib;
	struct rt_cpu_ctx	cpu_ctx;	/* fiber: "this CPU" */
	bool			started;	/* fiber: has run since created or dropped */
	bool			parked;		/* fiber: between runs (in thread_finish) */
#ifdef RT_TSAN
	int			hide_depth;	/* fiber: hidden-region depth when switched out */
#endif
	enum ctl_tstate		state;
	bool			in_op;
	const struct rt_lock	*lock;
	bool			(*ready)(void *);
	void			*ready_arg;
	bool			at_rest;	/* T_BLOCK: waits as an idle CPU does */
	bool			woken;		/* T_BLOCK: ctl_wake() comes when @ready turns true */
	struct rt_point		pending;
} __attribute__((aligned(64)));

static struct {
	struct ctl_thread		*t;
	unsigned int			n;
	unsigned int			*runnable;
	/*
	 * The runnable set, kept incrementally (see collect_runnable()):
	 * @maybe holds every thread that is not known to be unable to run,
	 * @asleep the threads waiting for work that had none when last asked.
	 * One bit per thread, @words u64 words each.
	 */
	u64				*maybe;
	u64				*asleep;
	unsigned int			words;
	u64				asleep_clock;	/* virtual time @asleep was valid at */
	struct ctl_strategy		*strategy;
	const struct ctl_observer	*obs;
	void				(*fn)(unsigned int, void *);
	void				*arg;
	u64				budget;
	u64				last_progress;
	struct ctl_stats		stats;
	bool				over;
	enum ctl_outcome		outcome;
	char				why[1024];
	u32				main_go;
	int				last_running;
	u64				streak;		/* points of last_running since it took over */
	bool				fibers;
} ctl;

/*
 * Fairness. On real hardware every CPU runs in parallel, so a CPU spinning
 * on another CPU's progress (a remote expiry finding the other CPU's base
 * busy with a callback, and walking again) spins only as long as the other
 * one takes. A strategy that keeps one thread running mid-operation (the
 * default policy after the schedule bytes run out, PCT's highest priority)
 * could starve the CPU it waits for forever and make the liveness oracles
 * report a livelock that cannot happen. So a thread that has passed this
 * many points since it took over is preempted at its first point where
 * another thread can run, for the next runnable one, round robin:
 * deterministic, and far above what any operation takes that does not wait
 * for another CPU. Not "in a row with others runnable": the spin this is
 * for holds the lock its victim waits for at most points, so the victim is
 * runnable only now and then. The count costs one increment per point; the
 * runnable set is scanned at every point only past the bound.
 */
#define CTL_FAIR_POINTS		4096

static void set_running(unsigned int next)
{
	ctl.last_running = (int)next;
	ctl.streak = 0;
}

/* The context of the thread that called ctl_run(), in the fiber engine. */
static struct fiber main_fib;

/*
 * The thread pool: threads are created when a run needs more than exist and
 * then serve every later run (creating threads is most of a small run's cost,
 * the more so under sanitizers). A pool thread waits on its go word between
 * runs; @pool_run tells it which run it joins.
 */
static struct {
	struct ctl_thread	*t;
	unsigned int		n;
	unsigned int		nr_fibers;	/* slots [0, nr_fibers) have a fiber */
	unsigned long		run;
	u32			boundary;	/* TSan sync object between runs */
} pool;

static __thread struct ctl_thread *ctl_self;
static bool (*ctl_pending)(unsigned int id);

void ctl_set_pending_fn(bool (*pending)(unsigned int id))
{
	ctl_pending = pending;
}

/* ---- engines -------------------------------------------------------------------------- */

static enum ctl_engine ctl_engine_default = CTL_ENGINE_FIBERS;

static const char *const ctl_engine_names[] = {
	[CTL_ENGINE_DEFAULT]	= "default",
	[CTL_ENGINE_FIBERS]	= "fibers",
	[CTL_ENGINE_THREADS]	= "threads",
};

const char *ctl_engine_name(enum ctl_engine e)
{
	if (e == CTL_ENGINE_DEFAULT)
		e = ctl_engine_default;
	return (unsigned int)e < ARRAY_SIZE(ctl_engine_names) ? ctl_engine_names[e] : "?";
}

bool ctl_engine_parse(const char *s, enum ctl_engine *e)
{
	for (unsigned int i = CTL_ENGINE_FIBERS; i < ARRAY_SIZE(ctl_engine_names); i++) {
		if (!strcmp(s, ctl_engine_names[i])) {
			*e = (enum ctl_engine)i;
			return true;
		}
	}
	return false;
}

void ctl_set_engine(enum ctl_engine e)
{
	ctl_engine_default = e == CTL_ENGINE_DEFAULT ? CTL_ENGINE_FIBERS : e;
}

bool ctl_set_engine_name(const char *name)
{
	enum ctl_engine e;

	if (!ctl_engine_parse(name, &e))
		return false;
	ctl_set_engine(e);
	return true;
}

/*
 * Fibers: run @to. This context's thread-locals (its CPU context, the
 * controlled thread it is) live on its stack while it is switched out.
 * Called in hidden regions only: TSan must not see the fibers share them.
 */
static void fib_switch(struct fiber *from, struct fiber *to)
{
	struct ctl_thread *self = ctl_self;
	struct rt_cpu_ctx *cpu = rt_switch_cpu_ctx(NULL);
#ifdef RT_TSAN
	int depth = hide_depth;

	if (self)
		self->hide_depth = depth;
#endif
	fiber_switch(from, to);
	ctl_self = self;
	rt_switch_cpu_ctx(cpu);
#ifdef RT_TSAN
	hide_depth = depth;
#endif
}

bool ctl_active(void)
{
	return ctl_self != NULL;
}

u64 ctl_current_step(void)
{
	u64 step;

	HIDE_BEGIN();
	step = ctl.stats.steps;
	HIDE_END();
	return step;
}

static bool has_work(unsigned int id)
{
	return ctl_pending && ctl_pending(id);
}

static bool is_runnable(const struct ctl_thread *t)
{
	switch (t->state) {
	case T_RUN:
		return true;
	case T_LOCK:
		return rt_lock_owner(t->lock) == RT_NO_CPU;
	case T_BLOCK:
		return t->ready(t->ready_arg) || has_work(t->id);
	case T_WAITWORK:
		return ctl.over || has_work(t->id);
	case T_EXITED:
		return false;
	}
	return false;
}

static inline void bit_set(u64 *map, unsigned int i)
{
	map[i / 64] |= 1ULL << (i % 64);
}

static inline void bit_clear(u64 *map, unsigned int i)
{
	map[i / 64] &= ~(1ULL << (i % 64));
}

/* Every thread asleep may have work now: ask them again at the next scan. */
static void wake_all_asleep(void)
{
	for (unsigned int w = 0; w < ctl.words; w++) {
		ctl.maybe[w] |= ctl.asleep[w];
		ctl.asleep[w] = 0;
	}
}

/*
 * The runnable threads in ascending id order, into ctl.runnable.
 *
 * Asking every thread at every decision made the scheduler O(CPUs) per
 * point, and an idle CPU's answer (has it work?) is the expensive one. So
 * a thread waiting for work that has none goes to sleep (@asleep) and is
 * not asked again until it may have some: ctl_wake() (the environment
 * posted work to it), the virtual clock moving (a timer may be due), or the
 * run ending. Its work changes in no other way while it waits: its timers
 * and mode change only on the CPU itself. A thread blocked in a woken wait
 * (a completion, the stop machine: ctl_block()) sleeps the same way: 63
 * stoppers asked at every decision of a 64-CPU stop machine were a third
 * of a controlled run of big-64. Threads waiting for a lock or a polled
 * predicate are asked every time; they are few. The answers are the same
 * as asking everybody, so the strategies see the same list and make the
 * same choices (TMIGR_CHECK_INCREMENTAL checks).
 */
static unsigned int collect_runnable(void)
{
	u64 now = rt_clock_now();
	unsigned int n = 0;

	if (now != ctl.asleep_clock) {
		ctl.asleep_clock = now;
		wake_all_asleep();
	}
	for (unsigned int w = 0; w < ctl.words; w++) {
		for (u64 bits = ctl.maybe[w]; bits; bits &= bits - 1) {
			unsigned int i = w * 64 + (unsigned int)__builtin_ctzll(bits);
			struct ctl_thread *t = &ctl.t[i];

			if (t->state == T_RUN || is_runnable(t)) {
				ctl.runnable[n++] = i;
			} else if (t->state == T_WAITWORK || (t->state == T_BLOCK && t->woken)) {
				bit_clear(ctl.maybe, i);
				bit_set(ctl.asleep, i);
			}
		}
	}
#ifdef TMIGR_CHECK_INCREMENTAL
	{
		unsigned int m = 0;

		for (unsigned int i = 0; i < ctl.n; i++) {
			if (!is_runnable(&ctl.t[i]))
				continue;
			if (m >= n || ctl.runnable[m] != i) {
				fprintf(stderr, "ctl: CPU%u is runnable but not in the runnable set\n", i);
				abort();
			}
			m++;
		}
		if (m != n) {
			fprintf(stderr, "ctl: %u runnable CPUs, the set has %u\n", m, n);
			abort();
		}
	}
#endif
	return n;
}

void ctl_wake(unsigned int id)
{
	HIDE_BEGIN();
	if (id < ctl.n && ctl.asleep) {
		bit_clear(ctl.asleep, id);
		bit_set(ctl.maybe, id);
	}
	HIDE_END();
}

/* Every live thread is idle for good: nothing runs and nothing will arrive. */
static bool all_done(void)
{
	for (unsigned int i = 0; i < ctl.n; i++) {
		const struct ctl_thread *t = &ctl.t[i];

		if (t->state != T_EXITED && t->state != T_WAITWORK)
			return false;
	}
	return true;
}

static void describe_blocked(void)
{
	size_t len = strlen(ctl.why);

	for (unsigned int i = 0; i < ctl.n && len < sizeof(ctl.why) - 1; i++) {
		const struct ctl_thread *t = &ctl.t[i];
		int w = 0;

		if (t->state == T_LOCK)
			w = snprintf(ctl.why + len, sizeof(ctl.why) - len,
				     "\n  CPU%u in %s() waits for lock %p held by CPU%d", i,
				     t->pending.site, t->pending.obj, rt_lock_owner(t->lock));
		else if (t->state == T_BLOCK)
			w = snprintf(ctl.why + len, sizeof(ctl.why) - len,
				     "\n  CPU%u waits in %s() for a completion", i, t->pending.site);
		if (w > 0)
			len += (size_t)w;
	}
}

/* Stop the run: tell the main thread, park this thread for good. */
static __attribute__((noreturn)) void ctl_abandon(struct ctl_thread *self,
						  enum ctl_outcome outcome)
{
	ctl.outcome = outcome;
	if (ctl.fibers) {
		/* Never resumed but to be dropped (drop_stuck_fibers()). */
		fib_switch(&self->fib, &main_fib);
		abort();
	}
	go_signal(&ctl.main_go);
	HIDE_END();
	for (;;)
		rt_futex_wait(&self->go, 0, 0);
}

static void handoff(struct ctl_thread *self, unsigned int next)
{
	ctl.stats.switches++;
	if (ctl.obs && ctl.obs->switched)
		ctl.obs->switched((int)self->id, next, ctl.stats.steps, ctl.obs->ctx);
	set_running(next);
	if (ctl.fibers) {
		fib_switch(&self->fib, &ctl.t[next].fib);
		return;
	}
	go_signal(&ctl.t[next].go);
	go_wait(&self->go);
}

/*
 * A scheduling point of @self. Returns when @self may go on; its state has
 * been set by the caller (T_RUN, T_LOCK, T_BLOCK or T_WAITWORK).
 */
static void schedule(struct ctl_thread *self, bool boundary)
{
	struct ctl_decision d;
	unsigned int n, next;
	bool unfair;

	ctl.stats.steps++;
	unfair = ++ctl.streak > CTL_FAIR_POINTS && self->state == T_RUN;
	if (ctl.stats.steps - ctl.last_progress > ctl.budget) {
		snprintf(ctl.why, sizeof(ctl.why),
			 "%llu scheduling points without an operation completing; CPU%u was at %s() (%s)",
			 (unsigned long long)ctl.budget, self->id, self->pending.site ? self->pending.site : "?",
			 rt_op_name(self->pending.op));
		ctl_abandon(self, CTL_LIVELOCK);
	}

	/* Most points do not switch: ask before scanning every thread. */
	if (!unfair && ctl.strategy->ops->keep && self->state == T_RUN &&
	    ctl.strategy->ops->keep(ctl.strategy, boundary))
		return;

	n = collect_runnable();
	if (!n) {
		if (!all_done()) {
			snprintf(ctl.why, sizeof(ctl.why), "no CPU can run:");
			describe_blocked();
			ctl_abandon(self, CTL_DEADLOCK);
		}
		/* Nothing left anywhere: the run is over, let everybody return. */
		ctl.over = true;
		wake_all_asleep();
		n = collect_runnable();
	}

	d.runnable = ctl.runnable;
	d.nr_runnable = n;
	d.current = is_runnable(self) ? (int)self->id : -1;
	d.self = self->id;
	d.at_boundary = boundary;
	d.step = ctl.stats.steps;

	if (n == 1) {
		next = ctl.runnable[0];
	} else if (unfair) {
		next = ctl_round_robin(ctl.runnable, n, self->id);
	} else {
		ctl.stats.decisions++;
		next = ctl.strategy->ops->pick(ctl.strategy, &d);
	}
	if (next != self->id)
		handoff(self, next);
}

void ctl_hidden_begin(void)
{
	HIDE_BEGIN();
}

void ctl_hidden_end(void)
{
	HIDE_END();
}

/* ---- hooks ------------------------------------------------------------------------- */

/*
 * Bumped at every point that may write while a run is on, and when a run
 * starts or ends: equal values mean nothing was written in between
 * (ctl_write_gen()). Scheduler bookkeeping, hidden from TSan.
 */
static u64 write_gen = 1;
static bool run_on;

u64 ctl_write_gen(void)
{
	u64 gen;

	HIDE_BEGIN();
	gen = run_on ? write_gen : 0;
	HIDE_END();
	return gen;
}

static void ctl_before(const struct rt_point *p)
{
	struct ctl_thread *self = ctl_self;

	/* Also on threads the run does not control: they may write too. */
	if (rt_op_may_write(p->op)) {
		HIDE_BEGIN();
		write_gen++;
		HIDE_END();
	}
	if (!self)
		return;	/* a thread the run does not control (e.g. a final check) */

	HIDE_BEGIN();
	self->pending = *p;
	if (p->op == RT_OP_SPIN_LOCK || p->op == RT_OP_MUTEX_LOCK) {
		self->lock = p->obj;
		self->state = T_LOCK;
	}
	schedule(self, false);
	self->state = T_RUN;
	HIDE_END();
}

static void ctl_after(const struct rt_point *p, unsigned long result)
{
	if (!ctl_self || !ctl.obs || !ctl.obs->access)
		return;
	HIDE_BEGIN();
	ctl.obs->access(ctl_self->id, p, result, ctl.stats.steps, ctl.obs->ctx);
	HIDE_END();
}

static const struct rt_hooks ctl_hooks = {
	.before	= ctl_before,
	.after	= ctl_after,
};

/* ---- called by controlled threads -------------------------------------------------------- */

void ctl_op_begin(void)
{
	struct ctl_thread *self = ctl_self;

	if (self)
		self->in_op = true;
}

/*
 * Every thread is between operations, waits for work, has exited, or is
 * blocked at rest (inside an operation, but idle the way a CPU in
 * wait_for_ap_thread() is): the hierarchy must be consistent.
 */
static bool quiescent(void)
{
	for (unsigned int i = 0; i < ctl.n; i++) {
		const struct ctl_thread *t = &ctl.t[i];

		switch (t->state) {
		case T_RUN:
			if (t->in_op)
				return false;
			break;
		case T_BLOCK:
			if (!t->at_rest)
				return false;
			break;
		case T_LOCK:
			return false;
		case T_WAITWORK:
		case T_EXITED:
			break;
		}
	}
	return true;
}

static void op_end(bool progress)
{
	struct ctl_thread *self = ctl_self;

	if (!self)
		return;
	HIDE_BEGIN();
	self->in_op = false;
	ctl.stats.ops++;
	if (progress)
		ctl.last_progress = ctl.stats.steps;
	if (ctl.obs && ctl.obs->quiescent && quiescent())
		ctl.obs->quiescent(ctl.stats.steps, ctl.obs->ctx);
	self->pending = (struct rt_point){ RT_OP_NR, NULL, "op boundary" };
	schedule(self, true);
	HIDE_END();
}

void ctl_op_end(void)
{
	op_end(true);
}

void ctl_service_end(void)
{
	op_end(false);
}

void ctl_livelock(const char *why)
{
	HIDE_BEGIN();
	snprintf(ctl.why, sizeof(ctl.why), "%s", why);
	ctl_abandon(ctl_self, CTL_LIVELOCK);
}

void ctl_block(bool (*ready)(void *arg), void *arg, bool at_rest, bool woken)
{
	struct ctl_thread *self = ctl_self;

	HIDE_BEGIN();
	self->ready = ready;
	self->ready_arg = arg;
	self->at_rest = at_rest;
	self->woken = woken;
	self->state = T_BLOCK;
	schedule(self, false);
	self->state = T_RUN;
	self->at_rest = false;
	HIDE_END();
}

bool ctl_wait_for_work(void)
{
	struct ctl_thread *self = ctl_self;
	bool over;

	HIDE_BEGIN();
	self->in_op = false;
	self->state = T_WAITWORK;
	self->pending = (struct rt_point){ RT_OP_NR, NULL, "waiting for work" };
	schedule(self, true);
	self->state = T_RUN;
	over = ctl.over && !has_work(self->id);
	HIDE_END();
	return !over;
}

/* ---- the run ------------------------------------------------------------------------------ */

/*
 * The end of a thread's part in a run: who runs next, or NULL when the run
 * is over (the caller hands over).
 */
static struct ctl_thread *thread_finish(struct ctl_thread *self)
{
	unsigned int n;

	self->state = T_EXITED;
	self->in_op = false;
	bit_clear(ctl.maybe, self->id);
	n = collect_runnable();
	if (!n && !all_done()) {
		snprintf(ctl.why, sizeof(ctl.why), "no CPU can run:");
		describe_blocked();
		ctl_abandon(self, CTL_DEADLOCK);
	}
	if (!n) {
		ctl.over = true;
		wake_all_asleep();
		n = collect_runnable();
	}
	ctl_self = NULL;
	if (n) {
		unsigned int next = ctl.runnable[0];

		if (n > 1) {
			struct ctl_decision d = {
				.runnable = ctl.runnable, .nr_runnable = n, .current = -1,
				.self = self->id, .at_boundary = true, .step = ctl.stats.steps,
			};

			ctl.stats.decisions++;
			next = ctl.strategy->ops->pick(ctl.strategy, &d);
		}
		ctl.stats.switches++;
		if (ctl.obs && ctl.obs->switched)
			ctl.obs->switched((int)self->id, next, ctl.stats.steps, ctl.obs->ctx);
		set_running(next);
		return &ctl.t[next];
	}
	ctl.outcome = CTL_COMPLETE;
	return NULL;
}

static void *ctl_thread_main(void *arg)
{
	struct ctl_thread *self = arg, *next;

	for (;;) {
		HIDE_BEGIN();
		go_wait(&self->go);
		HIDE_END();

		RUN_BOUNDARY_ACQUIRE(&pool.boundary);
		ctl_self = self;
		rt_set_this_cpu((int)self->id);
		rt_cpu_ctx()->irq_depth = 0;
		ctl.fn(self->id, ctl.arg);
		RUN_BOUNDARY_RELEASE(&pool.boundary);

		HIDE_BEGIN();
		next = thread_finish(self);
		go_signal(next ? &next->go : &ctl.main_go);
		HIDE_END();
	}
	return NULL;
}

/* A fiber's life: one run after the other, parked in between. */
static void ctl_fiber_main(void *arg)
{
	struct ctl_thread *self = arg, *next;

	HIDE_BEGIN();
#ifdef RT_TSAN
	hide_depth = 1;		/* the thread-local held the switcher's depth */
#endif
	self->started = true;
	HIDE_END();
	for (;;) {
		RUN_BOUNDARY_ACQUIRE(&pool.boundary);
		HIDE_BEGIN();
		ctl_self = self;
		rt_switch_cpu_ctx(&self->cpu_ctx);
		HIDE_END();
		self->cpu_ctx = (struct rt_cpu_ctx){ .cpu = (int)self->id };
		ctl.fn(self->id, ctl.arg);
		RUN_BOUNDARY_RELEASE(&pool.boundary);

		HIDE_BEGIN();
		next = thread_finish(self);
		self->parked = true;
		fib_switch(&self->fib, next ? &next->fib : &main_fib);
		self->parked = false;
		HIDE_END();
	}
}

/* After fork() only the forking thread exists: the child starts a new pool. */
static void pool_forget(void)
{
	pool.n = 0;
}

static void pool_reserve(void)
{
	if (pool.t)
		return;
	pthread_atfork(NULL, NULL, pool_forget);
	/* Reserved once: threads keep pointers to their slots. */
	if (posix_memalign((void **)&pool.t, _Alignof(struct ctl_thread),
			   CTL_MAX_THREADS * sizeof(*pool.t))) {
		fprintf(stderr, "tmigr-torture: out of memory for the thread pool\n");
		exit(2);
	}
	memset(pool.t, 0, CTL_MAX_THREADS * sizeof(*pool.t));
	for (unsigned int i = 0; i < CTL_MAX_THREADS; i++)
		pool.t[i].id = i;
}

/* Make sure slots [0, @n) have a fiber each, parked or never started. */
static void pool_grow_fibers(unsigned int n)
{
	size_t stack = fiber_stack_size();

	pool_reserve();
	fiber_guard_install();
	for (unsigned int i = pool.nr_fibers; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "CPU%u", i);
		if (!fiber_create(&pool.t[i].fib, stack, ctl_fiber_main, &pool.t[i], name)) {
			fprintf(stderr, "tmigr-torture: cannot create the fiber of CPU%u (%zu KiB stack)\n",
				i, stack >> 10);
			exit(2);
		}
	}
	if (n > pool.nr_fibers)
		pool.nr_fibers = n;
}

/* Spoken by a dropped fiber: its hidden regions end, its accesses precede what follows. */
static void drop_last_words(struct fiber *f)
{
	struct ctl_thread *t = container_of(f, struct ctl_thread, fib);

#ifdef RT_TSAN
	for (; t->hide_depth > 0; t->hide_depth--) {
		AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
		__tsan_ignore_thread_end();
	}
#endif
	(void)t;
	RUN_BOUNDARY_RELEASE(&pool.boundary);
}

/*
 * After a deadlock or livelock: the stuck fibers are dropped (nothing of
 * theirs runs again; their stacks start afresh), so the process may run
 * again, as far as the scheduler is concerned.
 */
static void drop_stuck_fibers(void)
{
	for (unsigned int i = 0; i < ctl.n; i++) {
		struct ctl_thread *t = &ctl.t[i];

		if (t->started && !t->parked) {
			fiber_drop(&main_fib, &t->fib, drop_last_words);
			t->started = false;
		}
	}
}

/* Make sure the pool has @n threads, all waiting for a run. */
static void pool_grow(unsigned int n)
{
	pthread_attr_t attr;

	pool_reserve();
	if (n <= pool.n)
		return;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 512 * 1024);
	for (unsigned int i = pool.n; i < n; i++) {
		pool.t[i].go = 0;
		if (pthread_create(&pool.t[i].pt, &attr, ctl_thread_main, &pool.t[i])) {
			fprintf(stderr, "tmigr-torture: cannot create controlled thread %u\n", i);
			exit(2);
		}
		pthread_detach(pool.t[i].pt);
	}
	pthread_attr_destroy(&attr);
	pool.n = n;
}

enum ctl_outcome ctl_run(const struct ctl_config *cfg, struct ctl_stats *stats,
			 char *why, size_t whylen)
{
	enum ctl_engine engine = cfg->engine ? cfg->engine : ctl_engine_default;
	unsigned int first;
	struct ctl_decision d;

	if (engine == CTL_ENGINE_FIBERS)
		pool_grow_fibers(cfg->nr_threads);
	else
		pool_grow(cfg->nr_threads);

	memset(&ctl, 0, sizeof(ctl));
	ctl.fibers = engine == CTL_ENGINE_FIBERS;
	ctl.n = cfg->nr_threads;
	ctl.t = pool.t;
	ctl.words = (ctl.n + 63) / 64;
	ctl.runnable = calloc(ctl.n, sizeof(*ctl.runnable));
	ctl.maybe = calloc(2 * ctl.words, sizeof(*ctl.maybe));
	ctl.asleep = ctl.maybe ? ctl.maybe + ctl.words : NULL;
	if (!ctl.runnable || !ctl.maybe) {
		fprintf(stderr, "tmigr-torture: out of memory for %u controlled threads\n", ctl.n);
		exit(2);
	}
	ctl.strategy = cfg->strategy;
	ctl.obs = cfg->obs;
	ctl.fn = cfg->thread_fn;
	ctl.arg = cfg->arg;
	ctl.budget = cfg->livelock_budget ? cfg->livelock_budget : 2000000;
	ctl.last_running = -1;
	ctl.streak = 0;
	ctl.asleep_clock = rt_clock_now();
	for (unsigned int i = 0; i < ctl.n; i++) {
		ctl.t[i].state = T_RUN;
		ctl.t[i].in_op = false;
		ctl.t[i].lock = NULL;
		bit_set(ctl.maybe, i);
	}
	pool.run++;

	rt_set_hooks(&ctl_hooks);
	RUN_BOUNDARY_RELEASE(&pool.boundary);

	HIDE_BEGIN();
	/* What was written before the run (set-up, boot) went uncounted. */
	write_gen++;
	run_on = true;
	for (unsigned int i = 0; i < ctl.n; i++)
		ctl.runnable[i] = i;
	d = (struct ctl_decision){
		.runnable = ctl.runnable, .nr_runnable = ctl.n, .current = -1, .self = 0,
		.at_boundary = true, .step = 0,
	};
	first = ctl.n > 1 ? ctl.strategy->ops->pick(ctl.strategy, &d) : 0;
	if (ctl.obs && ctl.obs->switched)
		ctl.obs->switched(-1, first, 0, ctl.obs->ctx);
	set_running(first);
	if (ctl.fibers) {
		fiber_init_thread(&main_fib);
		fib_switch(&main_fib, &ctl.t[first].fib);
	} else {
		go_signal(&ctl.t[first].go);
		go_wait_spin(&ctl.main_go, false);
	}
	if (ctl.fibers && ctl.outcome != CTL_COMPLETE)
		drop_stuck_fibers();
	run_on = false;
	write_gen++;
	HIDE_END();

	RUN_BOUNDARY_ACQUIRE(&pool.boundary);
	rt_set_hooks(NULL);
	if (stats)
		*stats = ctl.stats;
	if (why && whylen)
		snprintf(why, whylen, "%s", ctl.why);
	/* Stuck threads may still look at it; dropped fibers do not. */
	if (ctl.outcome == CTL_COMPLETE || ctl.fibers) {
		free(ctl.runnable);
		free(ctl.maybe);
		ctl.runnable = NULL;
		ctl.maybe = NULL;
		ctl.asleep = NULL;
	}
	return ctl.outcome;
}
