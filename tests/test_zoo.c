// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bug zoo's own checks: the quick-check oracle fires and stays silent
 * on a fake backend (so it is tested apart from the model), and setup-oob's
 * out-of-bounds read happens when the level-0 group cannot be allocated
 * while the fixed model just fails the bring-up with -ENOMEM. The variant
 * reproducers themselves are replayed by test_regressions.sh.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "check/oracles.h"
#include "tmigr/tmigr.h"

/* ---- quick-check oracle on a fake backend ----------------------------------------------- */

static u64 fake_forecast, fake_handback;
static unsigned int fake_activations;

static int fake_init(void) { return 0; }
static void fake_reset(void) { }
static void fake_activate(void) { fake_activations++; }
static u64 fake_deactivate(u64 nextexp) { (void)nextexp; return fake_handback; }
static u64 fake_new_timer(u64 nextexp) { return nextexp; }
static u64 fake_quick_check(u64 nextevt) { (void)nextevt; return fake_forecast; }
static void fake_handle_remote(void) { }
static bool fake_requires(void) { return false; }
static int fake_nr_groups(void) { return 0; }
static void fake_snapshot(struct tmigr_snapshot *snap) { (void)snap; }
static bool fake_describe(const void *a, char *b, size_t l) { (void)a; (void)b; (void)l; return false; }

static const struct tmigr_backend fake_backend = {
	.name = "fake", .init = fake_init, .reset = fake_reset,
	.cpu_activate = fake_activate, .cpu_deactivate = fake_deactivate,
	.cpu_new_timer = fake_new_timer, .quick_check = fake_quick_check,
	.handle_remote = fake_handle_remote, .requires_handle_remote = fake_requires,
	.nr_groups = fake_nr_groups, .snapshot = fake_snapshot, .describe = fake_describe,
};

static void fake_env(u64 forecast, u64 handback)
{
	struct env_config cfg = {
		.nr_cpus = 4, .nr_nodes = 1, .timers_per_cpu = 4, .backend = &fake_backend,
	};
	char err[128];

	CHECK_EQ(env_setup(&cfg, err, sizeof(err)), 0);
	env_set_wait_ops(&env_seq_wait_ops);
	report_reset();
	check_init(NULL);
	th_as(0);
	fake_forecast = forecast;
	fake_handback = handback;
}

/* Forecast KTIME_MAX, the deactivation right after hands back 5 ms: fires. */
static void test_quick_check_fires(void)
{
	fake_env(KTIME_MAX, 5000000);
	tmigr_ops->quick_check(7000000);
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(report_count(ORACLE_QUICK_CHECK), 1);
	CHECK(report_get(0) && strstr(report_get(0)->signature, "quick-check:"));
}

/* A forecast no later than the hand-back is fine. */
static void test_quick_check_silent(void)
{
	fake_env(5000000, 5000000);
	tmigr_ops->quick_check(7000000);
	tmigr_ops->cpu_deactivate(7000000);
	fake_forecast = 4000000;
	tmigr_ops->quick_check(7000000);
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(report_count(ORACLE_QUICK_CHECK), 0);
}

/* Not immediate: another hierarchy call in between, or another expiry. */
static void test_quick_check_only_immediate(void)
{
	fake_env(KTIME_MAX, 5000000);
	tmigr_ops->quick_check(7000000);
	th_as(1);
	tmigr_ops->cpu_activate();
	th_as(0);
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(fake_activations, 1);

	tmigr_ops->quick_check(7000000);
	tmigr_ops->cpu_deactivate(6000000);

	/* A deactivation without a forecast before it. */
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(report_count(ORACLE_QUICK_CHECK), 0);

	/* A forecast of the run before (check_init() installs afresh) is void. */
	tmigr_ops->quick_check(7000000);
	check_init(NULL);
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(report_count(ORACLE_QUICK_CHECK), 0);
	/* ... and the new run's own forecasts still count. */
	tmigr_ops->quick_check(7000000);
	tmigr_ops->cpu_deactivate(7000000);
	CHECK_EQ(report_count(ORACLE_QUICK_CHECK), 1);
}

/* ---- setup-oob ---------------------------------------------------------------------------- */

static bool fail_group_alloc(size_t size)
{
	return size == tmigr_model_group_size;
}

/*
 * In a child: boot 8 of 9 CPUs, then bring CPU 8 up while group allocations
 * fail, so its level-0 group cannot be created. Exits with the cpu_up()
 * result negated, unless the variant's cleanup loop crashes first.
 */
static int bring_up_without_memory(enum tmigr_variant variant)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct env_config cfg = {
			.nr_cpus = 9, .nr_nodes = 1, .timers_per_cpu = 4, .variant = variant,
		};
		char err[128];
		int ret;

		if (env_setup(&cfg, err, sizeof(err)))
			_exit(100);
		env_set_wait_ops(&env_seq_wait_ops);
		check_init(NULL);
		th_as(0);
		if (env_boot())
			_exit(101);
		for (unsigned int cpu = 1; cpu < 8; cpu++)
			if (env_cpu_up(cpu, false))
				_exit(102);
		rt_set_alloc_fail(fail_group_alloc);
		ret = env_cpu_up(8, false);
		rt_set_alloc_fail(NULL);
		_exit(-ret);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void test_setup_oob_fixed_fails_cleanly(void)
{
	int status = bring_up_without_memory(TMIGR_FIXED);

	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), ENOMEM);
}

/* stack[-1] is read and freed: ASan reports it, without ASan it crashes. */
static void test_setup_oob_reads_before_stack(void)
{
	int status = bring_up_without_memory(TMIGR_SETUP_OOB);

	CHECK(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != ENOMEM &&
				      WEXITSTATUS(status) < 100));
}

int main(int argc, char **argv)
{
	static const struct th_case cases[] = {
		TH_CASE(test_quick_check_fires),
		TH_CASE(test_quick_check_silent),
		TH_CASE(test_quick_check_only_immediate),
		TH_CASE(test_setup_oob_fixed_fails_cleanly),
		TH_CASE(test_setup_oob_reads_before_stack),
	};

	return th_main(argc, argv, cases, ARRAY_SIZE(cases));
}
