// SPDX-License-Identifier: GPL-2.0-only
/*
 * The free fiber scheduler. See fsched.h.
 *
 * Each worker thread has a scheduler context (its own stack) that picks the
 * next fiber; fibers always switch back to it. Its state is the worker's
 * own: a FIFO of runnable fibers and a heap of sleepers by deadline. Other
 * threads reach a worker only through its wake stack (fibers whose doorbell
 * changed, pushed lock-free, taken whole) and its bell, a futex the worker
 * blocks on when it has nothing to run.
 *
 * Fibers are created once and kept: a fiber whose CPU function returned
 * waits, switched out at the end of its loop, for the next fsched_start().
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsched.h"
#include "fiber.h"
#include "../lib/prng.h"
#include "../rt/cpu.h"
#include "../rt/futex.h"
#include "../rt/sanitizer.h"
#include "../rt/sched_point.h"
#include "../rt/spinlock.h"

/*
 * TSan sees every fiber as a thread. The scheduler's bookkeeping is shared
 * by the fibers of a worker, unsynchronised as far as TSan can tell, and
 * must not order their accesses either: it is hidden (accesses and
 * synchronisation ignored). The scheduler context hides for its whole life.
 */
#ifdef RT_TSAN
#define HIDE_BEGIN()	do { __tsan_ignore_thread_begin(); \
			     AnnotateIgnoreSyncBegin(__FILE__, __LINE__); } while (0)
#define HIDE_END()	do { AnnotateIgnoreSyncEnd(__FILE__, __LINE__); \
			     __tsan_ignore_thread_end(); } while (0)
#define BOUNDARY_RELEASE(a)	__tsan_release(a)
#define BOUNDARY_ACQUIRE(a)	__tsan_acquire(a)
#else
#define HIDE_BEGIN()	do { } while (0)
#define HIDE_END()	do { } while (0)
#define BOUNDARY_RELEASE(a)	do { (void)(a); } while (0)
#define BOUNDARY_ACQUIRE(a)	do { (void)(a); } while (0)
#endif

/* Why a fiber switched back to its worker. */
enum fs_reason {
	FS_YIELD,
	FS_PREEMPT,
	FS_CONTENDED,
	FS_CONTENDED_SLEEP,
	FS_SLEEP,
	FS_DONE,
};

enum fs_state {
	FS_RUNNABLE,
	FS_SLEEPING,
};

struct fs_worker;

/**
 * struct fs_cpu - one CPU's fiber
 * @fib:	its context
 * @cpu_ctx:	"this CPU" while it runs
 * @w:		the worker carrying it in this run
 * @cpu:	CPU number, also its index
 * @held:	spinlocks held (written by the fiber only): not preempted while > 0
 * @spins:	times the lock it is acquiring was found held (fiber only)
 * @rng:	the countdowns' draws (fiber only)
 * @reason:	why it last switched back (fiber, then its worker)
 * @state:	runnable or sleeping (worker only)
 * @word:	sleeping while *@word == @val ...
 * @val:	...
 * @deadline:	... or until this CLOCK_MONOTONIC time
 * @heap_idx:	position in the worker's sleeper heap, -1 if not in it
 * @rq_next:	link in the worker's run queue
 * @queued:	on the worker's wake stack (atomic, wakers and worker)
 * @wake_next:	link on the wake stack
 */
struct fs_cpu {
	struct fiber		fib;
	struct rt_cpu_ctx	cpu_ctx;
	struct fs_worker	*w;
	unsigned int		cpu;
	unsigned int		held;
	unsigned int		spins;
	u64			rng;
	enum fs_reason		reason;
	enum fs_state		state;
	const u32		*word;
	u32			val;
	u64			deadline;
	int			heap_idx;
	struct fs_cpu		*rq_next;
	u32			queued;
	struct fs_cpu		*wake_next;
} __attribute__((aligned(64)));

/**
 * struct fs_worker - one OS thread carrying fibers
 * @pt:		the thread
 * @main:	its scheduler context
 * @rq_head:	runnable fibers, first to run ...
 * @rq_tail:	... last
 * @heap:	sleepers, earliest deadline first
 * @nr_heap:	their number
 * @nr_live:	fibers whose CPU function has not returned
 * @wake_head:	wake stack (atomic)
 * @bell:	futex word, bumped after every push to the wake stack
 * @idle:	the worker blocks on @bell (atomic)
 * @cur:	CPU of the fiber it runs, -1 between fibers (atomic, for fsched_dump())
 * @st:		what it did (@st.switches atomic, for fsched_dump())
 */
struct fs_worker {
	pthread_t		pt;
	struct fiber		main;
	struct fs_cpu		*rq_head;
	struct fs_cpu		*rq_tail;
	struct fs_cpu		**heap;
	unsigned int		nr_heap;
	unsigned int		nr_live;
	struct fs_cpu		*wake_head;
	u32			bell;
	u32			idle;
	int			cur;
	struct fsched_stats	st;
} __attribute__((aligned(64)));

static struct {
	struct fsched_config	cfg;
	struct fs_cpu		*cpus;
	unsigned int		nr_fibers;	/* cpus[0, nr_fibers) have a fiber */
	struct fs_worker	*workers;
	unsigned int		nr_workers;
	struct fsched_stats	st;		/* of the last run, after fsched_join() */
	int			start;		/* TSan: setup before the CPUs run */
	int			end;		/* TSan: the CPUs' runs before the join */
} fs;

/* The fiber this worker runs (NULL on other threads and between fibers). */
static __thread struct fs_cpu *fs_cur;

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/* ---- the worker's own queues (scheduler context only) ------------------------------ */

static void rq_push(struct fs_worker *w, struct fs_cpu *c)
{
	c->state = FS_RUNNABLE;
	c->rq_next = NULL;
	if (w->rq_tail)
		w->rq_tail->rq_next = c;
	else
		w->rq_head = c;
	w->rq_tail = c;
}

static struct fs_cpu *rq_pop(struct fs_worker *w)
{
	struct fs_cpu *c = w->rq_head;

	if (c) {
		w->rq_head = c->rq_next;
		if (!w->rq_head)
			w->rq_tail = NULL;
	}
	return c;
}

static void heap_set(struct fs_worker *w, unsigned int i, struct fs_cpu *c)
{
	w->heap[i] = c;
	c->heap_idx = (int)i;
}

static void heap_up(struct fs_worker *w, unsigned int i)
{
	struct fs_cpu *c = w->heap[i];

	while (i) {
		unsigned int parent = (i - 1) / 2;

		if (w->heap[parent]->deadline <= c->deadline)
			break;
		heap_set(w, i, w->heap[parent]);
		i = parent;
	}
	heap_set(w, i, c);
}

static void heap_down(struct fs_worker *w, unsigned int i)
{
	struct fs_cpu *c = w->heap[i];

	for (;;) {
		unsigned int l = 2 * i + 1, m = l;

		if (l >= w->nr_heap)
			break;
		if (l + 1 < w->nr_heap && w->heap[l + 1]->deadline < w->heap[l]->deadline)
			m = l + 1;
		if (c->deadline <= w->heap[m]->deadline)
			break;
		heap_set(w, i, w->heap[m]);
		i = m;
	}
	heap_set(w, i, c);
}

static void heap_add(struct fs_worker *w, struct fs_cpu *c)
{
	w->heap[w->nr_heap] = c;
	heap_up(w, w->nr_heap++);
}

static void heap_del(struct fs_worker *w, struct fs_cpu *c)
{
	unsigned int i = (unsigned int)c->heap_idx;
	struct fs_cpu *last = w->heap[--w->nr_heap];

	c->heap_idx = -1;
	if (last == c)
		return;
	heap_set(w, i, last);
	heap_up(w, i);
	heap_down(w, (unsigned int)last->heap_idx);
}

/* Fibers whose doorbell rang: the sleepers among them become runnable. */
static void take_wakes(struct fs_worker *w)
{
	struct fs_cpu *c = __atomic_exchange_n(&w->wake_head, NULL, __ATOMIC_ACQUIRE);

	while (c) {
		struct fs_cpu *next = c->wake_next;

		/* Cleared first: a ring from here on queues it again. */
		__atomic_store_n(&c->queued, 0, __ATOMIC_SEQ_CST);
		if (c->state == FS_SLEEPING) {
			heap_del(w, c);
			rq_push(w, c);
		}
		c = next;
	}
}

static void expire_sleepers(struct fs_worker *w, u64 now)
{
	while (w->nr_heap && w->heap[0]->deadline <= now) {
		struct fs_cpu *c = w->heap[0];

		heap_del(w, c);
		rq_push(w, c);
	}
}

/* Nothing to run: block until a wake or the first deadline. */
static void worker_idle(struct fs_worker *w)
{
	u64 timeout = 100 * NSEC_PER_MSEC;
	u32 seen;

	__atomic_store_n(&w->idle, 1, __ATOMIC_SEQ_CST);
	seen = __atomic_load_n(&w->bell, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&w->wake_head, __ATOMIC_SEQ_CST)) {
		if (w->nr_heap) {
			u64 now = now_ns();

			timeout = w->heap[0]->deadline > now ? w->heap[0]->deadline - now : 0;
		}
		if (timeout) {
			w->st.idle++;
			rt_futex_wait(&w->bell, seen, timeout);
		}
	}
	__atomic_store_n(&w->idle, 0, __ATOMIC_RELAXED);
}

/* The fiber @c switched back: queue it as its reason says. */
static void after_run(struct fs_worker *w, struct fs_cpu *c)
{
	switch (c->reason) {
	case FS_PREEMPT:
		w->st.preemptions++;
		rq_push(w, c);
		break;
	case FS_CONTENDED:
		w->st.contended++;
		rq_push(w, c);
		break;
	case FS_YIELD:
		rq_push(w, c);
		break;
	case FS_CONTENDED_SLEEP:
		w->st.contended++;
		/* fall through */
	case FS_SLEEP:
		/* A ring before this load is seen here, one after it is on the wake stack. */
		if (__atomic_load_n(c->word, __ATOMIC_SEQ_CST) != c->val) {
			rq_push(w, c);
			break;
		}
		w->st.sleeps++;
		c->state = FS_SLEEPING;
		heap_add(w, c);
		break;
	case FS_DONE:
		w->nr_live--;
		break;
	}
}

static void *worker_main(void *arg)
{
	struct fs_worker *w = arg;
	unsigned int n = 0;

	fiber_init_thread(&w->main);
	fiber_guard_thread();
	/* The preemption countdown of this thread's fibers (rt_point_skip). */
	__atomic_store_n(&rt_point_skip, fs.cfg.preempt ? fs.cfg.preempt : UINT_MAX,
			 __ATOMIC_RELAXED);
	/* The thread's creation (its thread-locals) comes before its fibers run. */
	BOUNDARY_RELEASE(w);
	HIDE_BEGIN();
	while (w->nr_live) {
		struct fs_cpu *c;

		take_wakes(w);
		/* The clock costs 20 ns: looked at only now and then while fibers run. */
		if (w->nr_heap && (!w->rq_head || !(++n % 16)))
			expire_sleepers(w, now_ns());
		c = rq_pop(w);
		if (!c) {
			worker_idle(w);
			continue;
		}
		__atomic_store_n(&w->st.switches, w->st.switches + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&w->cur, (int)c->cpu, __ATOMIC_RELAXED);
		fs_cur = c;
		fiber_switch(&w->main, &c->fib);
		fs_cur = NULL;
		__atomic_store_n(&w->cur, -1, __ATOMIC_RELAXED);
		after_run(w, c);
	}
	HIDE_END();
	return NULL;
}

/* ---- the fiber side -------------------------------------------------------------------- */

/* Back to the worker (in a hidden region); returns when it runs @c again. */
static void switch_out(struct fs_cpu *c, enum fs_reason why)
{
	struct rt_cpu_ctx *ctx = rt_switch_cpu_ctx(NULL);

	c->reason = why;
	fiber_switch(&c->fib, &c->w->main);
	rt_switch_cpu_ctx(ctx);
}

/* A fiber's life: one run after the other, switched out in between. */
static void fiber_main(void *arg)
{
	struct fs_cpu *c = arg;

	for (;;) {
		BOUNDARY_ACQUIRE(&fs.start);
		BOUNDARY_ACQUIRE(c->w);
		HIDE_BEGIN();
		rt_switch_cpu_ctx(&c->cpu_ctx);
		HIDE_END();
		c->cpu_ctx = (struct rt_cpu_ctx){ .cpu = RT_NO_CPU };
		c->held = 0;
		fs.cfg.cpu_fn(c->cpu, fs.cfg.arg);
		BOUNDARY_RELEASE(&fs.end);
		HIDE_BEGIN();
		switch_out(c, FS_DONE);
		HIDE_END();
	}
}

bool fsched_running_cpu(void)
{
	return fs_cur != NULL;
}

void fsched_yield(void)
{
	struct fs_cpu *c = fs_cur;

	if (!c) {
		sched_yield();
		return;
	}
	HIDE_BEGIN();
	switch_out(c, FS_YIELD);
	HIDE_END();
}

static void sleep_on(struct fs_cpu *c, const u32 *word, u32 val, u64 timeout_ns,
		     enum fs_reason why)
{
	c->word = word;
	c->val = val;
	c->deadline = now_ns() + timeout_ns;
	switch_out(c, why);
}

void fsched_wait(const u32 *word, u32 val, u64 timeout_ns)
{
	struct fs_cpu *c = fs_cur;

	if (!c) {
		rt_futex_wait(word, val, timeout_ns);
		return;
	}
	HIDE_BEGIN();
	sleep_on(c, word, val, timeout_ns, FS_SLEEP);
	HIDE_END();
}

void fsched_wake(unsigned int cpu)
{
	struct fs_cpu *c = &fs.cpus[cpu];
	struct fs_worker *w;

	HIDE_BEGIN();
	w = c->w;
	/* Between runs there is nobody to wake. */
	if (w && !__atomic_exchange_n(&c->queued, 1, __ATOMIC_SEQ_CST)) {
		struct fs_cpu *old = __atomic_load_n(&w->wake_head, __ATOMIC_RELAXED);

		do
			c->wake_next = old;
		while (!__atomic_compare_exchange_n(&w->wake_head, &old, c, true,
						    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
		__atomic_add_fetch(&w->bell, 1, __ATOMIC_SEQ_CST);
		/* A worker running fibers takes its wakes before the next one: no system call. */
		if (__atomic_load_n(&w->idle, __ATOMIC_SEQ_CST))
			rt_futex_wake(&w->bell, 1);
	}
	HIDE_END();
}

/* ---- scheduling points ------------------------------------------------------------------ */

/* Uniform in [1, 2 * preempt]: @preempt points apart on average. */
static unsigned int draw_countdown(struct fs_cpu *c)
{
	return 1 + prng_below(&c->rng, 2 * fs.cfg.preempt);
}

/*
 * Reached at lock operations, and at other points only when the worker's
 * countdown (rt_point_skip) is used up: the common point costs a
 * decrement, not a call.
 */
static void fs_before(const struct rt_point *p)
{
	struct fs_cpu *c = fs_cur;
	unsigned int left;

	if (!c)
		return;
	if (rt_op_is_unlock(p->op)) {
		if (p->op == RT_OP_SPIN_UNLOCK && c->held)
			c->held--;
		return;
	}
	/* A lock acquisition counts as a point too. */
	left = __atomic_load_n(&rt_point_skip, __ATOMIC_RELAXED);
	if (left) {
		__atomic_store_n(&rt_point_skip, left - 1, __ATOMIC_RELAXED);
		return;
	}
	/* Used up while a spinlock is held: looked at again at the next point. */
	if (c->held)
		return;
	__atomic_store_n(&rt_point_skip, fs.cfg.preempt ? draw_countdown(c) - 1 : UINT_MAX,
			 __ATOMIC_RELAXED);
	if (!fs.cfg.preempt)
		return;
	HIDE_BEGIN();
	switch_out(c, FS_PREEMPT);
	HIDE_END();
}

static void fs_after(const struct rt_point *p, unsigned long result)
{
	struct fs_cpu *c = fs_cur;

	if (!c)
		return;
	if (!rt_op_acquired(p->op, result))
		return;
	c->spins = 0;
	/*
	 * A raw spinlock disables preemption; a mutex holder may be preempted
	 * and is (the control CPU of a hotplug operation holds
	 * cpu_hotplug_lock throughout, and may spin in the timer softirq
	 * for a CPU of its own worker).
	 */
	if (p->op == RT_OP_SPIN_LOCK || p->op == RT_OP_SPIN_TRYLOCK)
		c->held++;
}

/*
 * A lock is held: let the other fibers run (its holder may be one of them).
 * After a few turns the fiber sleeps instead, until the owner changes or
 * for 10 us, doubling up to 320 us: a holder that waits for long (a mutex
 * held across a completion) or whose worker the host preempted must not
 * have the other worker spin through its fibers, holding on to a host CPU
 * the holder needs.
 */
static void fs_contended(const struct rt_point *p)
{
	const struct rt_lock *l = p->obj;
	struct fs_cpu *c = fs_cur;

	if (!c) {
		sched_yield();
		return;
	}
	HIDE_BEGIN();
	if (++c->spins <= 8) {
		switch_out(c, FS_CONTENDED);
	} else {
		const u32 *owner = (const u32 *)&l->owner;
		unsigned int shift = c->spins - 9 < 5 ? c->spins - 9 : 5;

		sleep_on(c, owner, __atomic_load_n(owner, __ATOMIC_RELAXED),
			 (10 * NSEC_PER_USEC) << shift, FS_CONTENDED_SLEEP);
	}
	HIDE_END();
}

static const struct rt_hooks fs_hooks = {
	.before			= fs_before,
	.after			= fs_after,
	.contended		= fs_contended,
	.after_locks_only	= true,
};

/* ---- runs --------------------------------------------------------------------------------- */

/* Fibers for CPUs [0, @n): created once, kept for later runs. */
static int grow_fibers(unsigned int n)
{
	size_t stack = fiber_stack_size();

	/* Allocated once for every possible CPU: fibers keep pointers to their slots. */
	if (!fs.cpus) {
		if (posix_memalign((void **)&fs.cpus, _Alignof(struct fs_cpu), NR_CPUS * sizeof(*fs.cpus)))
			return -ENOMEM;
		memset(fs.cpus, 0, NR_CPUS * sizeof(*fs.cpus));
	}
	fiber_guard_install();
	for (unsigned int i = fs.nr_fibers; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "CPU%u", i);
		fs.cpus[i].cpu = i;
		if (!fiber_create(&fs.cpus[i].fib, stack, fiber_main, &fs.cpus[i], name))
			return -ENOMEM;
		fs.nr_fibers = i + 1;
	}
	return 0;
}

int fsched_start(const struct fsched_config *cfg)
{
	unsigned int nw = cfg->nr_workers ? cfg->nr_workers : 1;
	pthread_attr_t attr;
	int err;

	if (!cfg->nr_cpus || cfg->nr_cpus > NR_CPUS)
		return -EINVAL;
	if (nw > cfg->nr_cpus)
		nw = cfg->nr_cpus;
	err = grow_fibers(cfg->nr_cpus);
	if (err)
		return err;
	fs.cfg = *cfg;
	fs.nr_workers = nw;
	fs.workers = calloc(nw, sizeof(*fs.workers));
	if (!fs.workers)
		return -ENOMEM;
	for (unsigned int i = 0; i < nw; i++) {
		struct fs_worker *w = &fs.workers[i];

		w->cur = -1;
		w->heap = calloc(cfg->nr_cpus / nw + 1, sizeof(*w->heap));
		if (!w->heap) {
			fsched_join();
			return -ENOMEM;
		}
	}
	for (unsigned int i = 0; i < cfg->nr_cpus; i++) {
		struct fs_cpu *c = &fs.cpus[i];
		struct fs_worker *w = &fs.workers[i % nw];

		c->w = w;
		c->rng = cfg->seed ^ (0xd1b54a32d192ed03ULL * (i + 1));
		c->heap_idx = -1;
		c->queued = 0;
		w->nr_live++;
		rq_push(w, c);
	}

	rt_set_hooks(&fs_hooks);
	BOUNDARY_RELEASE(&fs.start);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (unsigned int i = 0; i < nw; i++) {
		err = pthread_create(&fs.workers[i].pt, &attr, worker_main, &fs.workers[i]);
		if (err) {
			/* Workers started so far run their fibers to the end: there is no undo. */
			fprintf(stderr, "tmigr-torture: cannot create fiber worker %u: %s\n", i,
				strerror(err));
			exit(2);
		}
	}
	pthread_attr_destroy(&attr);
	return 0;
}

void fsched_join(void)
{
	memset(&fs.st, 0, sizeof(fs.st));
	for (unsigned int i = 0; i < fs.nr_workers; i++) {
		struct fs_worker *w = &fs.workers[i];

		if (w->pt)
			pthread_join(w->pt, NULL);
		fs.st.switches += w->st.switches;
		fs.st.preemptions += w->st.preemptions;
		fs.st.contended += w->st.contended;
		fs.st.sleeps += w->st.sleeps;
		fs.st.idle += w->st.idle;
		free(w->heap);
	}
	BOUNDARY_ACQUIRE(&fs.end);
	rt_set_hooks(NULL);
	for (unsigned int i = 0; i < fs.cfg.nr_cpus; i++)
		fs.cpus[i].w = NULL;
	free(fs.workers);
	fs.workers = NULL;
	fs.nr_workers = 0;
}

void fsched_get_stats(struct fsched_stats *st)
{
	*st = fs.st;
}

/*
 * Racy by nature (the workers run on): each worker's switch count is read
 * twice, 100 ms apart, so that a worker stuck inside one fiber shows.
 */
void fsched_dump(FILE *f)
{
	unsigned int nw = __atomic_load_n(&fs.nr_workers, __ATOMIC_ACQUIRE);
	u64 before[64];
	struct timespec pause = { .tv_nsec = 100 * NSEC_PER_MSEC };

	if (!fs.workers)
		return;
	if (nw > 64)
		nw = 64;
	for (unsigned int i = 0; i < nw; i++)
		before[i] = __atomic_load_n(&fs.workers[i].st.switches, __ATOMIC_RELAXED);
	nanosleep(&pause, NULL);
	HIDE_BEGIN();
	for (unsigned int i = 0; i < nw; i++) {
		struct fs_worker *w = &fs.workers[i];
		u64 d = __atomic_load_n(&w->st.switches, __ATOMIC_RELAXED) - before[i];
		int cur = __atomic_load_n(&w->cur, __ATOMIC_RELAXED);

		fprintf(f, "  worker %u: ", i);
		if (cur >= 0 && !d)
			fprintf(f, "inside CPU%d for 0.1 s and more (it holds %u spinlocks)", cur,
				__atomic_load_n(&fs.cpus[cur].held, __ATOMIC_RELAXED));
		else if (cur < 0 && !d)
			fprintf(f, "%s, no switch for 0.1 s",
				__atomic_load_n(&w->idle, __ATOMIC_RELAXED) ? "blocked, nothing to run" :
									   "between fibers");
		else
			fprintf(f, "%" PRIu64 " switches in 0.1 s", d);
		fprintf(f, "; %u fibers live, %u asleep\n", __atomic_load_n(&w->nr_live, __ATOMIC_RELAXED),
			__atomic_load_n(&w->nr_heap, __ATOMIC_RELAXED));
	}
	HIDE_END();
}
