/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Controlled mode: CPUs as fibers (default) or pthreads, exactly one running
 * at a time.
 *
 * At every scheduling point (every runtime primitive, every operation
 * boundary, every wait) the running thread asks a strategy which thread runs
 * next, and hands over only if that changes the running thread. A thread
 * that waits for a lock held by another is not runnable; one waiting in the
 * environment (a completion, work) is runnable once its condition holds or
 * its mailbox has something. No runnable thread while some are blocked is a
 * deadlock; too many steps without progress (an operation finishing) is a
 * livelock. Same strategy input, same build: same execution.
 *
 * The handoff is invisible to ThreadSanitizer (fiber switches without
 * happens-before, or inline-asm atomics and raw futex syscalls; bookkeeping
 * inside TSan ignore regions), so TSan still sees only the synchronisation
 * the model itself performs and reports real races.
 */
#ifndef SCHED_CTL_H
#define SCHED_CTL_H

#include "../rt/cpu.h"
#include "../rt/sched_point.h"

#define CTL_MAX_THREADS		NR_CPUS

struct ctl_strategy;

/* What a strategy sees at a decision point. */
struct ctl_decision {
	const unsigned int	*runnable;	/* ascending thread ids */
	unsigned int		nr_runnable;
	int			current;	/* running thread, -1 if it cannot go on */
	unsigned int		self;		/* the thread at the point, runnable or not */
	bool			at_boundary;	/* current is between operations */
	u64			step;
};

struct ctl_strategy_ops {
	const char	*name;
	/*
	 * Optional fast path, asked before the runnable set is built: keep
	 * running the current thread (which can go on). Must agree with what
	 * pick() would do; strategies that record every decision leave it out.
	 */
	bool		(*keep)(struct ctl_strategy *s, bool at_boundary);
	/* Return one of d->runnable. */
	unsigned int	(*pick)(struct ctl_strategy *s, const struct ctl_decision *d);
	void		(*destroy)(struct ctl_strategy *s);
};

struct ctl_strategy {
	const struct ctl_strategy_ops	*ops;
};

/*
 * Strategies:
 *  bytes   decisions read from a byte string as (run, who) pairs, @who an
 *          index into the runnable list (docs/input-format.md); when the
 *          bytes run out, the default policy
 *  random  switch to a random runnable thread with probability
 *          @permille / 1000 at each point
 *  pct     priority change points (Burckhardt et al., ASPLOS 2010): random
 *          priorities, @depth - 1 change points among @steps expected steps
 *  choices replay a list of choices, then the default policy (used by dfs)
 * The default policy runs the current thread through its operation and
 * passes on round robin at operation boundaries.
 */
struct ctl_strategy *ctl_strategy_bytes(const u8 *data, size_t len);
struct ctl_strategy *ctl_strategy_random(u64 seed, unsigned int permille);
struct ctl_strategy *ctl_strategy_pct(u64 seed, unsigned int depth, u64 steps);

/* Bytes of a bytes strategy consumed so far. */
size_t ctl_strategy_bytes_used(const struct ctl_strategy *s);

/*
 * The runnable thread after @self in id order, wrapping to the lowest: the
 * default policy's round robin, also what fairness preempts to (ctl.c).
 */
unsigned int ctl_round_robin(const unsigned int *runnable, unsigned int n, unsigned int self);

/*
 * Wrap @inner and log every decision (index into the runnable list), so any
 * schedule can be written back as schedule bytes: a (0, index) pair per
 * decision replays it with the bytes strategy. Destroying the recorder
 * destroys @inner.
 */
struct ctl_strategy *ctl_strategy_record(struct ctl_strategy *inner);
const u16 *ctl_strategy_record_log(const struct ctl_strategy *s, size_t *len);

/* Choice log for systematic search: every decision with two or more runnable threads. */
struct ctl_choice {
	u16	nr_runnable;
	u16	picked;		/* index into the runnable list */
	u16	current;	/* index of the current thread, or 0xffff */
	bool	boundary;	/* the current thread was between operations */
};

struct ctl_strategy *ctl_strategy_choices(const u16 *prefix, size_t len);
/* The decisions of the last run of a choices strategy. */
const struct ctl_choice *ctl_strategy_choices_log(const struct ctl_strategy *s, size_t *len);

/* Observation of a run, for stories and feedback; all optional. */
struct ctl_observer {
	/* A runtime access has completed on @cpu. */
	void	(*access)(unsigned int cpu, const struct rt_point *p, unsigned long result,
			  u64 step, void *ctx);
	/* @to runs from now on (after @from, -1 at the start). */
	void	(*switched)(int from, unsigned int to, u64 step, void *ctx);
	/* Every thread is between operations or waiting for work. */
	void	(*quiescent)(u64 step, void *ctx);
	void	*ctx;
};

/*
 * How the controlled CPUs run. Both make the same decisions and give the
 * same execution; fibers are a hundred times cheaper per handoff.
 */
enum ctl_engine {
	CTL_ENGINE_DEFAULT,	/* the process default (ctl_set_engine(), else fibers) */
	CTL_ENGINE_FIBERS,	/* every CPU a fiber on the calling thread */
	CTL_ENGINE_THREADS,	/* every CPU a pooled pthread, futex handoffs */
};

/* "fibers" or "threads" (a default resolved to what it means now). */
const char *ctl_engine_name(enum ctl_engine e);
/* Parse "fibers" or "threads"; false if it is neither. */
bool ctl_engine_parse(const char *s, enum ctl_engine *e);
/* The engine of runs whose config says CTL_ENGINE_DEFAULT. */
void ctl_set_engine(enum ctl_engine e);
/* The same by name ("fibers", "threads"); false (and no change) if it is neither. */
bool ctl_set_engine_name(const char *name);

enum ctl_outcome {
	CTL_COMPLETE,	/* every thread finished or waits for work that never comes */
	CTL_DEADLOCK,	/* threads blocked, none runnable */
	CTL_LIVELOCK,	/* no progress within the step budget */
};

struct ctl_config {
	unsigned int			nr_threads;
	struct ctl_strategy		*strategy;
	/* Body of every thread; returns when its work is done. */
	void				(*thread_fn)(unsigned int id, void *arg);
	void				*arg;
	u64				livelock_budget;	/* 0: 2000000 steps */
	const struct ctl_observer	*obs;
	enum ctl_engine			engine;
};

struct ctl_stats {
	u64	steps;		/* scheduling points */
	u64	decisions;	/* points with two or more runnable threads */
	u64	switches;	/* handoffs */
	u64	ops;		/* operations completed */
};

/*
 * Bracket the harness's own bookkeeping done on a controlled thread outside
 * a scheduler hook (stories, timelines, report listeners). The scheduler
 * serialises it, but through a handoff TSan does not see, so TSan would
 * call it racy: these hide it, as the hooks hide theirs. Nest freely; no-ops
 * outside TSan builds.
 */
void ctl_hidden_begin(void);
void ctl_hidden_end(void);

/*
 * Run @cfg->nr_threads threads to completion. On deadlock or livelock the
 * description is in @why. The threads engine cannot unwind its stuck
 * threads: the caller must report and exit the process. The fiber engine
 * drops its stuck fibers (no code of theirs runs again) and may run again;
 * what the abandoned run left in shared state is the caller's business.
 * One run at a time.
 */
enum ctl_outcome ctl_run(const struct ctl_config *cfg, struct ctl_stats *stats,
			 char *why, size_t whylen);

/* ---- called from controlled threads ------------------------------------------------- */

/* True on a thread that ctl_run() created (and while the run is active). */
bool ctl_active(void);
/* Scheduling points so far in the current run. */
u64 ctl_current_step(void);
/*
 * While a run is on: a count of the scheduling points that may have
 * written memory (rt_op_may_write()), in any thread, and of runs started
 * and ended. Two equal values: nothing was written in between, so the
 * hierarchy is as it was. 0 when no run is on (nothing is counted).
 */
u64 ctl_write_gen(void);
/* An operation starts / ends on this thread (ends count as progress). */
void ctl_op_begin(void);
void ctl_op_end(void);
/* A pass that only took interrupts ends: a boundary, not progress. */
void ctl_service_end(void);
/* End the run as a livelock described by @why (a liveness oracle's verdict). */
void ctl_livelock(const char *why) __attribute__((noreturn));
/*
 * Wait until @ready(@arg) holds or this thread has something to service;
 * a scheduling point. (The environment's wait operations.) @at_rest: the
 * thread waits as an idle CPU does, outside any call into the code under
 * test, so points where every other thread is between operations stay
 * quiescent: a control CPU idle in the hotplug wait must not hide a
 * hierarchy that is wrong while it sleeps (race A of the seed). @woken:
 * @ready turns true only through a thread that then calls ctl_wake(), as
 * work arrives: a thread that could not run is not asked again before
 * that or the virtual clock moving.
 */
void ctl_block(bool (*ready)(void *arg), void *arg, bool at_rest, bool woken);
/*
 * Nothing to do: wait until the thread has something to service. Returns
 * false when the run is over and the thread should return.
 */
bool ctl_wait_for_work(void);

/*
 * Predicate: does thread @id have something to service? Set by the runner.
 * While @id waits for work, @pending(@id) may turn true only through
 * ctl_wake(@id) or the virtual clock moving: the scheduler does not ask a
 * thread that had no work again before either happens.
 */
void ctl_set_pending_fn(bool (*pending)(unsigned int id));
/* Thread @id may have something to service now (work was posted to it). */
void ctl_wake(unsigned int id);

#endif /* SCHED_CTL_H */
