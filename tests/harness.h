/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small test harness: named cases, checks that report file:line and keep
 * going, and helpers to script the environment sequentially (all CPUs on
 * the test's thread, switching identity).
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "env/env.h"
#include "rt/rt.h"
#include "tmigr/snapshot.h"
#include "trace/render.h"

struct th_case {
	const char	*name;
	void		(*fn)(void);
};

#define TH_CASE(fn)	{ #fn, fn }

extern int th_failures;

void th_fail(const char *file, int line, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(cond) do {							\
	if (!(cond))								\
		th_fail(__FILE__, __LINE__, #cond, NULL);			\
} while (0)

#define CHECK_EQ(a, b) do {							\
	long long __a = (long long)(a), __b = (long long)(b);			\
	if (__a != __b)								\
		th_fail(__FILE__, __LINE__, #a " == " #b, "%lld != %lld", __a, __b);	\
} while (0)

#define CHECK_HAS(hay, needle) do {						\
	const char *__h = (hay), *__n = (needle);				\
	if (!__h || !strstr(__h, __n))						\
		th_fail(__FILE__, __LINE__, "text contains \"" #needle "\"",	\
			"text was:\n%s", __h ? __h : "(null)");			\
} while (0)

/* Run the cases named on the command line (all when none); exit status. */
int th_main(int argc, char **argv, const struct th_case *cases, unsigned int n);

/*
 * A fresh environment: @cpus possible CPUs on @nodes nodes (blocks), the
 * model with @variant, sequential waits, reports counted but not printed,
 * kernel messages captured. CPU 0 boots; CPUs 1..@online-1 are brought up
 * by env_smp_init() (the backend's late initcall follows).
 */
void th_env(unsigned int cpus, unsigned int nodes, unsigned int online);
void th_env_cfg(const struct env_config *cfg, unsigned int online);

/* Act as @cpu from now on. */
void th_as(unsigned int cpu);
/* Go idle / come back as @cpu. */
void th_idle(unsigned int cpu);
void th_wake(unsigned int cpu);
/* Arm @cpu's timer in slot @slot (0 global, 1 pinned, 2 add_timer_on) @ticks ahead. */
void th_arm(unsigned int cpu, unsigned int slot, unsigned long ticks);

/* A snapshot owned by the harness, freed by the next call. */
struct tmigr_snapshot *th_snap(void);
/* Group GRP<level>:<index> of @snap; fails the test and returns 0 if absent. */
int th_group(const struct tmigr_snapshot *snap, int level, int index);
/* The hierarchy drawn with default options (owned by the harness). */
const char *th_draw(const struct tmigr_snapshot *snap);

/*
 * Run @fn in a child process; its failures count here. For code whose runs
 * a sanitizer reports by design (the seed's races on the real 6.10 file
 * are data races to TSan): the report and its exit status stay in the
 * child, where the child's own checks decide.
 */
void th_in_child(void (*fn)(void));

/* Was a report whose signature starts with @prefix filed (since report_reset())? */
bool th_reported(const char *prefix);

/* Kernel messages printed since th_env(). */
const char *th_log(void);

#endif /* TESTS_HARNESS_H */
