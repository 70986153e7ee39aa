// SPDX-License-Identifier: GPL-2.0-only
/*
 * Quick-check oracle: tmigr_quick_check() forecasts what a CPU about to go
 * idle will have to wake up for (the idle governor picks its sleep depth
 * from it). A forecast later than what the deactivation that follows hands
 * back means the CPU plans a longer sleep than the hierarchy allows.
 *
 * The oracle sits between the environment and the backend (any backend):
 * it records each CPU's forecast and compares it with the expiry returned
 * by the same CPU's next tmigr_cpu_deactivate() - but only when the two
 * calls were "immediate": same global expiry passed in, no other CPU inside
 * or entering a call that changes the hierarchy in between, and no CPU
 * hotplug operation anywhere in the window (its callbacks change the
 * hierarchy outside the backend calls). Everything here uses plain
 * __atomic builtins, never the runtime's primitives: the oracle adds no
 * scheduling point, so it does not change a controlled run.
 */
#include <stdio.h>

#include "oracles.h"
#include "../tmigr/tmigr.h"

struct qc_record {
	bool		valid;
	u64		install;	/* qc_install when written: older ones are void */
	u64		gen;		/* mutating calls started, at the forecast */
	/*
	 * env_hotplug_seq() at the forecast. Counting operations started is
	 * not enough: one started before the forecast can take a CPU of this
	 * group offline after it.
	 */
	u64		hotplug;
	u64		nextevt;
	u64		forecast;
};

static const struct tmigr_backend *qc_inner;
static struct tmigr_backend qc_wrapped;
static struct qc_record qc_rec[NR_CPUS];
static u64 qc_gen;		/* bumped on entry of every hierarchy-changing call */
/* Bumped by every install (every run): voids all records without a walk of NR_CPUS. */
static u64 qc_install;
static unsigned int qc_inside;	/* CPUs inside such a call */

static u64 load(const u64 *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static u64 enter(void)
{
	__atomic_add_fetch(&qc_inside, 1, __ATOMIC_SEQ_CST);
	return __atomic_add_fetch(&qc_gen, 1, __ATOMIC_SEQ_CST);
}

static void leave(void)
{
	__atomic_sub_fetch(&qc_inside, 1, __ATOMIC_SEQ_CST);
}

static struct qc_record *this_record(void)
{
	int cpu = rt_this_cpu();

	return cpu >= 0 && cpu < NR_CPUS ? &qc_rec[cpu] : NULL;
}

static u64 qc_quick_check(u64 nextevt)
{
	struct qc_record *r = this_record();
	/*
	 * @gen before @qc_inside: enter() bumps qc_inside before qc_gen, so a
	 * CPU whose entry @gen already counts is still seen inside (or has
	 * left), and one entering later bumps qc_gen past @gen. Read the other
	 * way round, a CPU could enter between the two loads and run its
	 * whole call beside the forecast unnoticed (free mode only: nothing
	 * switches between the loads in a controlled run).
	 */
	u64 gen = load(&qc_gen), hp = env_hotplug_seq();
	bool quiet = !__atomic_load_n(&qc_inside, __ATOMIC_SEQ_CST);
	u64 forecast = qc_inner->quick_check(nextevt);

	if (r) {
		r->valid = quiet && load(&qc_gen) == gen && !(hp & 1);
		r->install = load(&qc_install);
		r->gen = gen;
		r->hotplug = hp;
		r->nextevt = nextevt;
		r->forecast = forecast;
	}
	return forecast;
}

void oracle_quick_check_compare(int cpu, u64 nextevt, u64 forecast, u64 handed_back)
{
	char site[64], details[256];

	if (forecast <= handed_back)
		return;
	snprintf(site, sizeof(site), "forecast-later-than-deactivation");
	snprintf(details, sizeof(details),
		 "tmigr_quick_check(%llu) on CPU %d forecast %llu, but the deactivation right after\n"
		 "(same global expiry, no other CPU in the hierarchy, no hotplug) handed back %llu.\n",
		 (unsigned long long)nextevt, cpu, (unsigned long long)forecast,
		 (unsigned long long)handed_back);
	report_file(ORACLE_QUICK_CHECK, site, cpu, details,
		    "CPU %d: quick check forecast %llu is later than the %llu its deactivation hands back",
		    cpu, (unsigned long long)forecast, (unsigned long long)handed_back);
}

static u64 qc_cpu_deactivate(u64 nextexp)
{
	struct qc_record *r = this_record();
	bool quiet = !__atomic_load_n(&qc_inside, __ATOMIC_SEQ_CST);
	u64 gen = enter(), ret;

	ret = qc_inner->cpu_deactivate(nextexp);

	if (r && r->valid && r->install == load(&qc_install)) {
		r->valid = false;
		if (quiet && gen == r->gen + 1 && load(&qc_gen) == gen && r->nextevt == nextexp &&
		    r->forecast > ret && env_hotplug_seq() == r->hotplug)
			oracle_quick_check_compare(rt_this_cpu(), nextexp, r->forecast, ret);
	}
	leave();
	return ret;
}

static void qc_cpu_activate(void)
{
	enter();
	qc_inner->cpu_activate();
	leave();
}

static u64 qc_cpu_new_timer(u64 nextexp)
{
	u64 ret;

	enter();
	ret = qc_inner->cpu_new_timer(nextexp);
	leave();
	return ret;
}

static void qc_handle_remote(void)
{
	enter();
	qc_inner->handle_remote();
	leave();
}

void oracle_quick_check_install(void)
{
	__atomic_add_fetch(&qc_install, 1, __ATOMIC_SEQ_CST);
	if (tmigr_ops == &qc_wrapped)
		return;
	qc_inner = tmigr_ops;
	qc_wrapped = *qc_inner;
	qc_wrapped.quick_check = qc_quick_check;
	qc_wrapped.cpu_deactivate = qc_cpu_deactivate;
	qc_wrapped.cpu_activate = qc_cpu_activate;
	qc_wrapped.cpu_new_timer = qc_cpu_new_timer;
	qc_wrapped.handle_remote = qc_handle_remote;
	tmigr_ops = &qc_wrapped;
}
