// SPDX-License-Identifier: GPL-2.0-only
/*
 * ThreadSanitizer still sees real races under the controlled scheduler.
 *
 * Two controlled threads write a plain variable; the scheduler hands over
 * between them many times. If the handoff leaked happens-before edges to
 * TSan, the race would be hidden. The same writes under a model spinlock
 * must not be reported (the lock is real synchronisation).
 *
 * Runs each case in a child with TSAN_OPTIONS set and reads its stderr, in
 * both engines (fibers: TSan's fiber API, threads: futex handoffs), and
 * under the free fiber scheduler of tmigr-stress --engine fibers ("free":
 * both CPUs on one worker thread, preempted at every point they may be).
 * Without TSan there is nothing to test: exit 77 (ctest: skipped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt/rt.h"
#include "rt/sanitizer.h"
#include "sched/ctl.h"
#include "sched/fsched.h"

/*
 * Plain on purpose, and read after the run: a static variable that is only
 * written lets the compiler drop the stores, and with them the race.
 */
static int planted;
static int pacer;
static DEFINE_RAW_SPINLOCK(planted_lock);
static bool use_lock;

static void body(unsigned int id, void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		if (use_lock)
			raw_spin_lock(&planted_lock);
		planted = (int)id + i;
		if (use_lock)
			raw_spin_unlock(&planted_lock);
		/* Scheduling points, so the scheduler hands over in between. */
		WRITE_ONCE(pacer, i);
		(void)READ_ONCE(pacer);
	}
}

static int child(bool locked)
{
	struct ctl_strategy *s = ctl_strategy_random(3, 500);
	struct ctl_config cfg = { .nr_threads = 2, .strategy = s, .thread_fn = body };
	struct ctl_stats st;

	use_lock = locked;
	if (ctl_run(&cfg, &st, NULL, 0) != CTL_COMPLETE)
		return 3;
	fprintf(stderr, "child: %llu switches, planted = %d\n", (unsigned long long)st.switches,
		planted);
	return st.switches > 20 ? 0 : 4;
}

static void free_body(unsigned int id, void *arg)
{
	rt_set_this_cpu((int)id);
	body(id, arg);
}

static int child_free(bool locked)
{
	struct fsched_config cfg = {
		.nr_cpus = 2, .nr_workers = 1, .preempt = 1, .seed = 3, .cpu_fn = free_body,
	};
	struct fsched_stats st;

	use_lock = locked;
	if (fsched_start(&cfg))
		return 3;
	fsched_join();
	fsched_get_stats(&st);
	fprintf(stderr, "child: %llu switches, %llu preemptions, planted = %d\n",
		(unsigned long long)st.switches, (unsigned long long)st.preemptions, planted);
	return st.preemptions > 20 ? 0 : 4;
}

/* Run ourselves as "child MODE ENGINE"; return what it printed on stderr. */
static char *run_child(const char *self, const char *mode, const char *engine, int *status)
{
	static char out[1 << 16];
	size_t len = 0;
	int fd[2];
	pid_t pid;

	if (pipe(fd))
		return NULL;
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		setenv("TSAN_OPTIONS", "halt_on_error=0:exitcode=66", 1);
		execl(self, self, "child", mode, engine, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	for (ssize_t n; (n = read(fd[0], out + len, sizeof(out) - 1 - len)) > 0; )
		len += (size_t)n;
	out[len] = '\0';
	close(fd[0]);
	waitpid(pid, status, 0);
	return out;
}

int main(int argc, char **argv)
{
	static const char *const engines[] = { "fibers", "threads", "free" };
	char *out;
	int status, fails = 0;

	if (argc >= 4 && !strcmp(argv[1], "child")) {
		if (!strcmp(argv[3], "free"))
			return child_free(!strcmp(argv[2], "locked"));
		return ctl_set_engine_name(argv[3]) ? child(!strcmp(argv[2], "locked")) : 2;
	}

#ifndef RT_TSAN
	printf("not a ThreadSanitizer build: nothing to check\n");
	return 77;
#endif
	for (unsigned int e = 0; e < ARRAY_SIZE(engines); e++) {
		out = run_child(argv[0], "plain", engines[e], &status);
		if (!out || !strstr(out, "WARNING: ThreadSanitizer: data race") ||
		    !strstr(out, "planted")) {
			printf("FAIL: %s: the planted race was not reported:\n%s\n", engines[e],
			       out ? out : "(no output)");
			fails++;
		} else {
			printf("ok   %s: planted race reported across switches\n",
			       engines[e]);
		}

		out = run_child(argv[0], "locked", engines[e], &status);
		if (!out || strstr(out, "WARNING: ThreadSanitizer") || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			printf("FAIL: %s: the locked writes were reported or the child failed (status %d):\n%s\n",
			       engines[e], status, out ? out : "(no output)");
			fails++;
		} else {
			printf("ok   %s: the same writes under a spinlock are not reported\n", engines[e]);
		}
	}
	return fails ? 1 : 0;
}
