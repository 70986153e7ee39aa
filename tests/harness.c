// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

int th_failures;
static const char *current_case;
static struct tmigr_snapshot *snap_owned;
static struct strbuf drawing = STRBUF_INIT;
static struct strbuf log_text = STRBUF_INIT;

void th_fail(const char *file, int line, const char *what, const char *fmt, ...)
{
	th_failures++;
	fprintf(stderr, "FAIL %s: %s:%d: %s\n", current_case ? current_case : "?", file, line,
		what);
	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

int th_main(int argc, char **argv, const struct th_case *cases, unsigned int n)
{
	unsigned int ran = 0;

	for (unsigned int i = 0; i < n; i++) {
		bool wanted = argc < 2;
		int before = th_failures;

		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], cases[i].name);
		if (!wanted)
			continue;
		current_case = cases[i].name;
		cases[i].fn();
		ran++;
		printf("%s %s\n", th_failures == before ? "ok  " : "FAIL", cases[i].name);
	}
	tmigr_snapshot_free(snap_owned);
	snap_owned = NULL;
	strbuf_release(&drawing);
	strbuf_release(&log_text);
	if (!ran) {
		fprintf(stderr, "no test case matched\n");
		return 2;
	}
	printf("%u case%s, %d failure%s\n", ran, ran == 1 ? "" : "s", th_failures,
	       th_failures == 1 ? "" : "s");
	return th_failures ? 1 : 0;
}

bool th_reported(const char *prefix)
{
	for (unsigned int i = 0; i < report_nr_signatures(); i++)
		if (!strncmp(report_get(i)->signature, prefix, strlen(prefix)))
			return true;
	return false;
}

void th_in_child(void (*fn)(void))
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		th_failures = 0;
		fn();
		fflush(NULL);
		/* Not _exit(): TSan intercepts it and exits 66 after its reports. */
		syscall(SYS_exit_group, th_failures ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		th_fail(__FILE__, __LINE__, "fork", NULL);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		th_fail(__FILE__, __LINE__, "the child's checks", "status 0x%x", (unsigned int)status);
}

static void capture_log(int level, int cpu, const char *msg)
{
	(void)level;
	(void)cpu;
	strbuf_addf(&log_text, "%s", msg);
}

const char *th_log(void)
{
	return strbuf_str(&log_text);
}

void th_env_cfg(const struct env_config *cfg, unsigned int online)
{
	static bool boot_online[NR_CPUS];
	char err[160];

	strbuf_reset(&log_text);
	rt_set_this_cpu(RT_NO_CPU);
	rt_set_alloc_fail(NULL);
	if (env_setup(cfg, err, sizeof(err))) {
		th_fail(__FILE__, __LINE__, "env_setup", "%s", err);
		exit(1);
	}
	env_set_wait_ops(&env_seq_wait_ops);
	rt_set_log_sink(capture_log);
	report_reset();
	report_set_printer(NULL, NULL);
	check_init(NULL);

	th_as(0);
	env_boot();
	/* smp_init(), so that the backend's late initcall runs as at boot. */
	for (unsigned int c = 0; c < NR_CPUS; c++)
		boot_online[c] = c < online;
	env_smp_init(boot_online);
	CHECK_EQ(env_nr_online(), online);
}

void th_env(unsigned int cpus, unsigned int nodes, unsigned int online)
{
	struct env_config cfg = {
		.nr_cpus = cpus, .nr_nodes = nodes, .timers_per_cpu = 4,
	};

	th_env_cfg(&cfg, online);
}

void th_as(unsigned int cpu)
{
	rt_set_this_cpu((int)cpu);
}

void th_idle(unsigned int cpu)
{
	th_as(cpu);
	env_idle_enter();
}

void th_wake(unsigned int cpu)
{
	th_as(cpu);
	env_idle_exit();
}

void th_arm(unsigned int cpu, unsigned int slot, unsigned long ticks)
{
	th_as(cpu);
	CHECK_EQ(env_timer_arm(cpu * env_config()->timers_per_cpu + slot, cpu, ticks), 0);
}

struct tmigr_snapshot *th_snap(void)
{
	tmigr_snapshot_free(snap_owned);
	snap_owned = tmigr_snapshot_take();
	return snap_owned;
}

int th_group(const struct tmigr_snapshot *snap, int level, int index)
{
	for (int g = 0; g < snap->nr_groups; g++)
		if (snap->groups[g].level == level && snap->groups[g].index == index)
			return g;
	th_fail(__FILE__, __LINE__, "group exists", "GRP%d:%d not in the snapshot", level, index);
	return 0;
}

const char *th_draw(const struct tmigr_snapshot *snap)
{
	strbuf_reset(&drawing);
	render_hierarchy(&drawing, snap, NULL);
	return strbuf_str(&drawing);
}
