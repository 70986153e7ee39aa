// SPDX-License-Identifier: GPL-2.0-only
/*
 * The controlled scheduler on toy programs: determinism, threads blocked on
 * locks, deadlock and livelock reports, and that PCT and DFS find a bug
 * that needs one preemption (and DFS with bound 0 cannot). Every case runs
 * in the engine given by "--engine fibers|threads" (default fibers); ctest
 * runs both. The fiber engine's own promises: each CPU keeps its identity
 * and interrupt state across switches, a run after a deadlock works, and a
 * stack overflow is reported by the CPU's name.
 *
 * Deadlocks and livelocks leave threads stuck for good, so those cases run
 * in a forked child that reports through its exit status.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "rt/sanitizer.h"
#include "sched/ctl.h"
#include "sched/dfs.h"

/* ---- toy programs -------------------------------------------------------------------- */

static int shared_x, shared_y, counter, flag;
static DEFINE_RAW_SPINLOCK(lock_a);
static DEFINE_RAW_SPINLOCK(lock_b);

/* Three threads touching shared data and a lock. */
static void toy_mixed(unsigned int id, void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		WRITE_ONCE(shared_x, READ_ONCE(shared_x) + (int)id);
		if (i % 5 == 0) {
			raw_spin_lock(&lock_a);
			WRITE_ONCE(shared_y, READ_ONCE(shared_y) + 1);
			raw_spin_unlock(&lock_a);
		}
	}
}

/* Lost update: read, then write back + 1; wrong only if preempted in between. */
static void toy_lost_update(unsigned int id, void *arg)
{
	int v;

	(void)id;
	(void)arg;
	v = READ_ONCE(counter);
	WRITE_ONCE(counter, v + 1);
}

/* ---- trace hashing ------------------------------------------------------------------ */

static u64 trace_hash;
static unsigned int trace_len;

static void hash_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
			u64 step, void *ctx)
{
	(void)ctx;
	(void)step;
	trace_hash = (trace_hash ^ (cpu * 31u + (unsigned int)p->op * 7u + result)) * 0x100000001b3ULL;
	trace_len++;
}

static const struct ctl_observer hash_obs = { .access = hash_access };

static u64 run_toy(void (*fn)(unsigned int, void *), unsigned int threads, struct ctl_strategy *s,
		   struct ctl_stats *st)
{
	struct ctl_config cfg = {
		.nr_threads = threads, .strategy = s, .thread_fn = fn, .obs = &hash_obs,
	};

	shared_x = shared_y = counter = 0;
	trace_hash = 0xcbf29ce484222325ULL;
	trace_len = 0;
	CHECK_EQ(ctl_run(&cfg, st, NULL, 0), CTL_COMPLETE);
	s->ops->destroy(s);
	return trace_hash;
}

static void test_same_seed_same_run(void)
{
	struct ctl_stats st;
	u64 h1 = run_toy(toy_mixed, 3, ctl_strategy_random(7, 300), &st);
	u64 h2 = run_toy(toy_mixed, 3, ctl_strategy_random(7, 300), &st);
	u64 h3 = run_toy(toy_mixed, 3, ctl_strategy_random(7, 300), &st);
	u64 other = run_toy(toy_mixed, 3, ctl_strategy_random(8, 300), &st);

	CHECK(h1 == h2 && h2 == h3);
	CHECK(h1 != other);
	CHECK(st.switches > 10);
	/* Every thread's 20 iterations ran: 0 + 20 * (1 + 2) and 3 * 4. */
	CHECK_EQ(shared_x + 0, shared_x);
	CHECK_EQ(shared_y, 12);

	/* Bytes: the same bytes give the same run, too. */
	{
		static const u8 bytes[] = { 3, 1, 0, 2, 5, 0, 1, 1, 0, 0, 2, 2 };

		h1 = run_toy(toy_mixed, 3, ctl_strategy_bytes(bytes, sizeof(bytes)), &st);
		h2 = run_toy(toy_mixed, 3, ctl_strategy_bytes(bytes, sizeof(bytes)), &st);
		CHECK(h1 == h2);
	}
}

/*
 * A thread waiting for a lock held by another is not runnable: a strategy
 * that always prefers thread 1 still cannot run it until thread 0 unlocks.
 */
static int unlocked_at, acquired_at, steps_seen;

static void lock_order_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
			      u64 step, void *ctx)
{
	(void)result;
	(void)ctx;
	(void)step;
	steps_seen++;	/* events in the order they completed */
	if (cpu == 0 && p->op == RT_OP_SPIN_UNLOCK && p->obj == &lock_a)
		unlocked_at = steps_seen;
	if (cpu == 1 && p->op == RT_OP_SPIN_LOCK && p->obj == &lock_a)
		acquired_at = steps_seen;
}

static void toy_holder(unsigned int id, void *arg)
{
	(void)arg;
	if (id == 0) {
		raw_spin_lock(&lock_a);
		for (int i = 0; i < 30; i++)
			WRITE_ONCE(shared_x, i);
		raw_spin_unlock(&lock_a);
	} else {
		/* Let thread 0 take the lock first. */
		while (!READ_ONCE(flag))
			;
		raw_spin_lock(&lock_a);
		raw_spin_unlock(&lock_a);
	}
}

static bool holder_started;

static unsigned int prefer_one(struct ctl_strategy *s, const struct ctl_decision *d)
{
	(void)s;
	/* Thread 0 first until it holds the lock, then always thread 1 if it can. */
	if (!holder_started) {
		holder_started = rt_lock_owner(&lock_a) == 0;
		if (!holder_started)
			return d->runnable[0];
		__atomic_store_n(&flag, 1, __ATOMIC_RELAXED);
	}
	return d->runnable[d->nr_runnable - 1];
}

static void destroy_static(struct ctl_strategy *s)
{
	(void)s;
}

static void test_blocked_on_lock_not_runnable(void)
{
	static const struct ctl_strategy_ops ops = {
		.name = "prefer-1", .pick = prefer_one, .destroy = destroy_static,
	};
	static struct ctl_strategy s = { &ops };
	static const struct ctl_observer obs = { .access = lock_order_access };
	struct ctl_config cfg = {
		.nr_threads = 2, .strategy = &s, .thread_fn = toy_holder, .obs = &obs,
	};
	struct ctl_stats st;

	flag = 0;
	holder_started = false;
	unlocked_at = acquired_at = -1;
	CHECK_EQ(ctl_run(&cfg, &st, NULL, 0), CTL_COMPLETE);
	CHECK(unlocked_at > 0);
	CHECK(acquired_at > unlocked_at);
}

/*
 * Quiescent points and a thread blocked inside an operation: at rest (an
 * idle CPU waiting, as in wait_for_ap_thread()) the other thread's
 * operation boundary is still quiescent; busy waiting, it is not.
 */
static bool block_at_rest, released, blocked0;
static unsigned int quiescent_while_blocked;

static bool is_released(void *arg)
{
	(void)arg;
	return __atomic_load_n(&released, __ATOMIC_ACQUIRE);
}

static void toy_block(unsigned int id, void *arg)
{
	(void)arg;
	ctl_op_begin();
	if (id == 0) {
		blocked0 = true;
		ctl_block(is_released, NULL, block_at_rest, true);
		blocked0 = false;
	} else {
		WRITE_ONCE(shared_x, 1);
		ctl_op_end();	/* thread 0 is blocked here */
		ctl_op_begin();
		__atomic_store_n(&released, true, __ATOMIC_RELEASE);
		ctl_wake(0);
	}
	ctl_op_end();
}

static void count_quiescent(u64 step, void *ctx)
{
	(void)step;
	(void)ctx;
	if (blocked0)
		quiescent_while_blocked++;
}

static unsigned int lowest_first(struct ctl_strategy *s, const struct ctl_decision *d)
{
	(void)s;
	return d->runnable[0];
}

static unsigned int run_block(bool at_rest)
{
	static const struct ctl_strategy_ops ops = {
		.name = "lowest-first", .pick = lowest_first, .destroy = destroy_static,
	};
	static struct ctl_strategy s = { &ops };
	static const struct ctl_observer obs = { .quiescent = count_quiescent };
	struct ctl_config cfg = {
		.nr_threads = 2, .strategy = &s, .thread_fn = toy_block, .obs = &obs,
	};
	struct ctl_stats st;

	block_at_rest = at_rest;
	released = blocked0 = false;
	quiescent_while_blocked = 0;
	CHECK_EQ(ctl_run(&cfg, &st, NULL, 0), CTL_COMPLETE);
	CHECK(!blocked0);
	return quiescent_while_blocked;
}

static void test_block_at_rest_quiescent(void)
{
	/* Both of thread 1's boundaries: thread 0 runs again only after. */
	CHECK_EQ(run_block(true), 2);
	CHECK_EQ(run_block(false), 0);
}

/* ---- stuck runs, in a child ------------------------------------------------------------- */

static void toy_abba(unsigned int id, void *arg)
{
	(void)arg;
	if (id == 0) {
		raw_spin_lock(&lock_a);
		WRITE_ONCE(shared_x, 1);
		raw_spin_lock(&lock_b);
		raw_spin_unlock(&lock_b);
		raw_spin_unlock(&lock_a);
	} else {
		raw_spin_lock(&lock_b);
		WRITE_ONCE(shared_y, 1);
		raw_spin_lock(&lock_a);
		raw_spin_unlock(&lock_a);
		raw_spin_unlock(&lock_b);
	}
}

static void toy_spin_forever(unsigned int id, void *arg)
{
	(void)arg;
	if (id == 0)
		while (!READ_ONCE(flag))
			;
}

/* Thread 0 spins until thread 1 sets the flag: it needs thread 1 to run. */
static void toy_spin_wait(unsigned int id, void *arg)
{
	(void)arg;
	if (id == 0) {
		while (!READ_ONCE(flag))
			;
	} else {
		WRITE_ONCE(flag, 1);
	}
}

static const u8 abba_schedule[] = { 1, 0, 1, 1, 5, 0, 5, 1 };

static const char *engine_arg = "fibers";

/* Each CPU disables interrupts to its own depth and checks who it is at every point. */
static int identity_errors;

static void toy_identity(unsigned int id, void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < id % 3; i++)
		local_irq_disable();
	for (int i = 0; i < 30; i++) {
		WRITE_ONCE(shared_x, i);
		if (rt_this_cpu() != (int)id || irqs_disabled() != (id % 3 != 0))
			__atomic_add_fetch(&identity_errors, 1, __ATOMIC_RELAXED);
	}
	for (unsigned int i = 0; i < id % 3; i++)
		local_irq_enable();
}

/* Deeper than any stack: a frame of 1 KiB at a time. */
static volatile int recurse_limit = 1 << 30;

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char frame[1024];

	if (depth >= recurse_limit)
		return 0;
	frame[depth % sizeof(frame)] = (char)depth;
	return recurse(depth + 1) + frame[(depth + 7) % sizeof(frame)];
}

/* CPU 0 leaves the address of a local behind; CPU 1 reads it after CPU 0 returned. */
static int *volatile escaped;

static __attribute__((noinline)) void leave_local(void)
{
	int local[4] = { 1, 2, 3, 4 };

	escaped = &local[1];
	WRITE_ONCE(flag, 1);
}

static void toy_use_after_return(unsigned int id, void *arg)
{
	(void)arg;
	if (id == 0) {
		leave_local();
		WRITE_ONCE(shared_x, 1);
		return;
	}
	while (!READ_ONCE(flag))
		;
	WRITE_ONCE(shared_y, *escaped);
}

static void toy_overflow(unsigned int id, void *arg)
{
	(void)arg;
	WRITE_ONCE(shared_x, 1);
	if (id == 1)
		WRITE_ONCE(shared_y, recurse(0));
}

/*
 * The stuck runs, each in a fresh process ("test_ctl --stuck NAME"): the run
 * never returns its threads, and a process that already has threads cannot
 * fork() children that start new ones under TSan. The exit status is the
 * outcome, plus 10 when the explanation contains what it should.
 */
static int stuck_child(const char *name)
{
	struct ctl_config cfg = { .nr_threads = 2 };
	const char *needle = "held by CPU";
	char why[1024] = "";
	enum ctl_outcome o;

	if (!strcmp(name, "abba") || !strcmp(name, "abba-then-run")) {
		/* Thread 0 takes A, thread 1 takes B, then each wants the other's. */
		cfg.thread_fn = toy_abba;
		cfg.strategy = ctl_strategy_bytes(abba_schedule, sizeof(abba_schedule));
	} else if (!strcmp(name, "abba-default")) {
		cfg.thread_fn = toy_abba;
		cfg.strategy = ctl_strategy_bytes(NULL, 0);
	} else if (!strcmp(name, "use-after-return")) {
		cfg.thread_fn = toy_use_after_return;
		cfg.strategy = ctl_strategy_random(1, 500);
	} else if (!strcmp(name, "overflow")) {
		cfg.thread_fn = toy_overflow;
		cfg.strategy = ctl_strategy_random(1, 500);
	} else if (!strcmp(name, "spin-wait")) {
		/*
		 * Thread 0 first, then the default policy, which keeps a thread
		 * mid-operation running: only fairness lets thread 1 set the flag.
		 */
		static const u8 first[] = { 0, 0 };

		flag = 0;
		cfg.thread_fn = toy_spin_wait;
		cfg.strategy = ctl_strategy_bytes(first, sizeof(first));
		cfg.livelock_budget = 100000;
	} else if (!strcmp(name, "spin")) {
		cfg.thread_fn = toy_spin_forever;
		cfg.strategy = ctl_strategy_bytes(NULL, 0);
		cfg.livelock_budget = 5000;
		needle = "without an operation completing";
	} else {
		return 99;
	}
	o = ctl_run(&cfg, NULL, why, sizeof(why));
	if (!strcmp(name, "abba-then-run")) {
		struct ctl_stats st;

		/*
		 * The stuck fibers are gone: the same process runs again (not
		 * with lock_a and lock_b, which they still hold).
		 */
		identity_errors = 0;
		run_toy(toy_identity, 8, ctl_strategy_random(5, 500), &st);
		if (identity_errors || st.switches < 50 || th_failures)
			_exit(97);
	}
	_exit((int)o + (strstr(why, needle) ? 10 : 0));
}

static const char *self_path;

/* Run "--stuck @name" in a child; its wait status, its stderr in @err if wanted. */
static int child_status(const char *name, char *err, size_t errlen)
{
	char path[] = "/tmp/test_ctl.XXXXXX";
	int fd = err ? mkstemp(path) : -1;
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* toy_abba deadlocks on purpose: not a finding for TSan. */
		setenv("TSAN_OPTIONS", "detect_deadlocks=0", 1);
		setenv("ASAN_OPTIONS", "detect_stack_use_after_return=1", 1);
		if (fd >= 0)
			dup2(fd, 2);
		execl(self_path, self_path, "--engine", engine_arg, "--stuck", name, (char *)NULL);
		_exit(98);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	if (fd >= 0) {
		ssize_t n = pread(fd, err, errlen - 1, 0);

		err[n > 0 ? n : 0] = '\0';
		close(fd);
		unlink(path);
	}
	return status;
}

static int child_outcome(const char *name)
{
	int status = child_status(name, NULL, 0);

	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_deadlock_reported(void)
{
	CHECK_EQ(child_outcome("abba"), 10 + CTL_DEADLOCK);
	/* Without the bad interleaving it completes. */
	CHECK_EQ(child_outcome("abba-default"), CTL_COMPLETE);
}

static void test_livelock_reported(void)
{
	flag = 0;
	CHECK_EQ(child_outcome("spin"), 10 + CTL_LIVELOCK);
}

/*
 * A thread spinning on another thread's progress is preempted after
 * CTL_FAIR_POINTS points in a row, so the other one runs and the spin ends,
 * whatever the strategy would keep doing (here the default policy).
 */
static void test_spin_wait_fair(void)
{
	CHECK_EQ(child_outcome("spin-wait"), CTL_COMPLETE);
}

/* ---- fiber engine (the threads engine passes the engine-neutral ones too) ------------------ */

static void test_cpu_identity_per_thread(void)
{
	struct ctl_stats st;
	int before = rt_this_cpu();

	identity_errors = 0;
	run_toy(toy_identity, 8, ctl_strategy_random(5, 500), &st);
	CHECK(st.switches > 50);
	CHECK_EQ(identity_errors, 0);
	/* The caller's identity is its own again. */
	CHECK_EQ(rt_this_cpu(), before);
	CHECK(!irqs_disabled());
}

static void test_run_after_deadlock(void)
{
	if (strcmp(engine_arg, "fibers"))
		return;	/* stuck threads cannot be dropped */
	CHECK_EQ(child_outcome("abba-then-run"), 10 + CTL_DEADLOCK);
}

/* ASan still sees a CPU's stack frames die, across fibers too. */
static void test_asan_use_after_return(void)
{
#ifdef RT_ASAN
	static char err[1 << 16];
	int status;

	flag = 0;
	status = child_status("use-after-return", err, sizeof(err));
	CHECK(status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	CHECK_HAS(err, "AddressSanitizer: stack-use-after-return");
#endif
}

static void test_stack_overflow_named(void)
{
	static char err[1 << 16];
	int status;

	if (strcmp(engine_arg, "fibers"))
		return;
	status = child_status("overflow", err, sizeof(err));
	CHECK(status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	CHECK_HAS(err, "stack overflow in fiber CPU1");
}

/* ---- search finds the lost update ------------------------------------------------------- */

static void test_pct_finds_lost_update(void)
{
	unsigned int found = 0;

	for (u64 seed = 1; seed <= 100; seed++) {
		struct ctl_stats st;

		run_toy(toy_lost_update, 2, ctl_strategy_pct(seed, 2, 8), &st);
		found += counter == 1;
	}
	/* PCT with depth 2 finds it in a good share of the runs, not always. */
	CHECK(found >= 5);
	CHECK(found < 100);
}

static struct ctl_strategy *dfs_strategy;
static unsigned int dfs_bugs;

static int dfs_toy_run(const u16 *prefix, size_t len, const struct ctl_choice **log,
		       size_t *log_len, void *ctx)
{
	struct ctl_config cfg = { .nr_threads = 2, .thread_fn = toy_lost_update };

	(void)ctx;
	if (dfs_strategy)
		dfs_strategy->ops->destroy(dfs_strategy);
	dfs_strategy = ctl_strategy_choices(prefix, len);
	cfg.strategy = dfs_strategy;
	counter = 0;
	if (ctl_run(&cfg, NULL, NULL, 0) != CTL_COMPLETE)
		return -1;
	*log = ctl_strategy_choices_log(dfs_strategy, log_len);
	if (counter == 1)
		dfs_bugs++;
	return counter == 1;
}

static void test_dfs_bound(void)
{
	struct ctl_dfs_config cfg = { .run = dfs_toy_run };
	struct ctl_dfs_stats st;

	/* No preemption: each thread's read and write stay together. */
	cfg.bound = 0;
	dfs_bugs = 0;
	CHECK_EQ(ctl_dfs(&cfg, &st), 0);
	CHECK_EQ(dfs_bugs, 0);
	CHECK(st.runs >= 2 && !st.truncated);

	/* One preemption between a read and its write is enough. */
	cfg.bound = 1;
	CHECK_EQ(ctl_dfs(&cfg, &st), 1);
	CHECK(st.found);
	CHECK_EQ(dfs_bugs, 1);
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_same_seed_same_run),
		TH_CASE(test_blocked_on_lock_not_runnable),
		TH_CASE(test_block_at_rest_quiescent),
		TH_CASE(test_deadlock_reported),
		TH_CASE(test_livelock_reported),
		TH_CASE(test_spin_wait_fair),
		TH_CASE(test_cpu_identity_per_thread),
		TH_CASE(test_run_after_deadlock),
		TH_CASE(test_stack_overflow_named),
		TH_CASE(test_asan_use_after_return),
		TH_CASE(test_pct_finds_lost_update),
		TH_CASE(test_dfs_bound),
	};

	enum ctl_engine engine = CTL_ENGINE_FIBERS;

	self_path = argv[0];
	if (argc >= 3 && !strcmp(argv[1], "--engine")) {
		if (!ctl_engine_parse(argv[2], &engine)) {
			fprintf(stderr, "test_ctl: --engine must be fibers or threads\n");
			return 2;
		}
		engine_arg = argv[2];
		ctl_set_engine(engine);
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && !strcmp(argv[1], "--stuck"))
		return stuck_child(argv[2]);
	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
