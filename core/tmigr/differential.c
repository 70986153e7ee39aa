// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential runs (differential.h). A recording backend wraps the one
 * under test: every entry point call is logged with its argument and
 * return value; the exec listener takes a snapshot after every operation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "snapshot.h"
#include "../exec/run.h"

enum diff_call { CALL_ACTIVATE, CALL_DEACTIVATE, CALL_NEW_TIMER, CALL_QUICK_CHECK,
		 CALL_HANDLE_REMOTE, CALL_REQUIRES_REMOTE };

static const char *const call_names[] = {
	"tmigr_cpu_activate", "tmigr_cpu_deactivate", "tmigr_cpu_new_timer",
	"tmigr_quick_check", "tmigr_handle_remote", "tmigr_requires_handle_remote",
};

struct diff_call_rec {
	int		cpu;
	enum diff_call	call;
	u64		arg;
	u64		ret;
};

struct diff_point {
	int			cpu;		/* -1: quiescent point */
	int			op;
	char			what[48];
	struct tmigr_snapshot	*snap;
};

/* One recorded run. */
struct diff_log {
	struct diff_call_rec	*calls;
	unsigned long		nr_calls, cap_calls;
	struct diff_point	*points;
	unsigned long		nr_points, cap_points;
	bool			oom;
	struct exec_result	res;
	/* Every report's oracle:site (known issues too), in filing order. */
	char			reports[512];
};

/* The run being recorded: sequential, so one thread at a time. */
static struct diff_log *cur;
static const struct tmigr_backend *inner;

/* Room for one more element in *@arr (of @nr, @cap); false when out of memory. */
static bool grow(void **arr, unsigned long nr, unsigned long *cap, size_t size)
{
	void *n;

	if (nr < *cap)
		return true;
	n = realloc(*arr, (*cap ? *cap * 2 : 64) * size);
	if (!n) {
		cur->oom = true;
		return false;
	}
	*arr = n;
	*cap = *cap ? *cap * 2 : 64;
	return true;
}

static void log_call(enum diff_call call, u64 arg, u64 ret)
{
	struct diff_call_rec *r;

	if (!grow((void **)&cur->calls, cur->nr_calls, &cur->cap_calls, sizeof(*r)))
		return;
	r = &cur->calls[cur->nr_calls++];
	*r = (struct diff_call_rec){ rt_this_cpu(), call, arg, ret };
}

static void rec_activate(void)
{
	inner->cpu_activate();
	log_call(CALL_ACTIVATE, 0, 0);
}

static u64 rec_deactivate(u64 nextexp)
{
	u64 ret = inner->cpu_deactivate(nextexp);

	log_call(CALL_DEACTIVATE, nextexp, ret);
	return ret;
}

static u64 rec_new_timer(u64 nextexp)
{
	u64 ret = inner->cpu_new_timer(nextexp);

	log_call(CALL_NEW_TIMER, nextexp, ret);
	return ret;
}

static u64 rec_quick_check(u64 nextevt)
{
	u64 ret = inner->quick_check(nextevt);

	log_call(CALL_QUICK_CHECK, nextevt, ret);
	return ret;
}

static void rec_handle_remote(void)
{
	inner->handle_remote();
	log_call(CALL_HANDLE_REMOTE, 0, 0);
}

static bool rec_requires_remote(void)
{
	bool ret = inner->requires_handle_remote();

	log_call(CALL_REQUIRES_REMOTE, 0, ret);
	return ret;
}

static void add_point(int cpu, int op, const char *what)
{
	struct diff_point *pt;

	if (!grow((void **)&cur->points, cur->nr_points, &cur->cap_points, sizeof(*pt)))
		return;
	pt = &cur->points[cur->nr_points];
	pt->cpu = cpu;
	pt->op = op;
	snprintf(pt->what, sizeof(pt->what), "%s", what ? what : "");
	pt->snap = tmigr_snapshot_take();
	if (!pt->snap) {
		cur->oom = true;
		return;
	}
	cur->nr_points++;
}

static void on_op(unsigned int cpu, int index, const char *what, bool begin, u64 step, void *ctx)
{
	(void)step;
	(void)ctx;
	if (!begin)
		add_point((int)cpu, index, what);
}

static void on_quiescent(const struct tmigr_snapshot *snap, u64 step, void *ctx)
{
	(void)snap;
	(void)step;
	(void)ctx;
	add_point(-1, -1, "quiescent point");
}

static void log_free(struct diff_log *l)
{
	for (unsigned long i = 0; i < l->nr_points; i++)
		tmigr_snapshot_free(l->points[i].snap);
	free(l->points);
	free(l->calls);
	free(l->res.choices);
	free(l->res.decisions);
}

/* The signature without its variant part: backends name theirs differently. */
static void strip_variant(const char *sig, char *buf, size_t len)
{
	const char *last = strrchr(sig, ':');

	snprintf(buf, len, "%.*s", last ? (int)(last - sig) : (int)strlen(sig), sig);
}

static void record(const struct exec_program *p, const struct tmigr_backend *be,
		   struct diff_log *l)
{
	const struct tmigr_backend *prev = tmigr_backend_selected();
	struct tmigr_backend rec = *be;
	struct exec_listener listener = { .op = on_op, .quiescent = on_quiescent };
	struct exec_opts o = { .mode = EXEC_SEQUENTIAL, .listener = &listener };

	rec.cpu_activate = rec_activate;
	rec.cpu_deactivate = rec_deactivate;
	rec.cpu_new_timer = rec_new_timer;
	rec.quick_check = rec_quick_check;
	rec.handle_remote = rec_handle_remote;
	rec.requires_handle_remote = rec_requires_remote;

	memset(l, 0, sizeof(*l));
	cur = l;
	inner = be;
	tmigr_backend_use(&rec);
	exec_run(p, &o, &l->res);
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		char sig[256];
		size_t used = strlen(l->reports);

		strip_variant(report_get(i)->signature, sig, sizeof(sig));
		snprintf(l->reports + used, sizeof(l->reports) - used, "%s%s", used ? " " : "", sig);
	}
	/* The environment keeps the instance; leave nothing pointing at @rec. */
	tmigr_backend_use(prev);
	cur = NULL;
}

static const char *point_name(const struct diff_point *pt, char *buf, size_t len)
{
	if (pt->cpu < 0)
		snprintf(buf, len, "at a quiescent point");
	else if (pt->op < 0)
		snprintf(buf, len, "after CPU%d's %s", pt->cpu, pt->what);
	else
		snprintf(buf, len, "after CPU%d's op %d (%s)", pt->cpu, pt->op, pt->what);
	return buf;
}

static void compare(const struct diff_log *x, const struct diff_log *y,
		    const struct tmigr_backend *a, const struct tmigr_backend *b,
		    struct tmigr_diff_result *res)
{
	unsigned long n = x->nr_points < y->nr_points ? x->nr_points : y->nr_points;
	unsigned long nc = x->nr_calls < y->nr_calls ? x->nr_calls : y->nr_calls;
	char where[96], diff[512];

#define DIFFER(...) do {							\
		res->differ = true;						\
		snprintf(res->what, sizeof(res->what), __VA_ARGS__);		\
		return;								\
	} while (0)

	for (unsigned long i = 0; i < nc; i++) {
		const struct diff_call_rec *c = &x->calls[i], *d = &y->calls[i];

		res->calls = i + 1;
		if (c->cpu != d->cpu || c->call != d->call || c->arg != d->arg)
			DIFFER("call %lu: %s calls %s(%llu) on CPU%d, %s calls %s(%llu) on CPU%d", i,
			       a->name, call_names[c->call], (unsigned long long)c->arg, c->cpu,
			       b->name, call_names[d->call], (unsigned long long)d->arg, d->cpu);
		if (c->ret != d->ret)
			DIFFER("call %lu: %s(%llu) on CPU%d returns %llu on %s, %llu on %s", i,
			       call_names[c->call], (unsigned long long)c->arg, c->cpu,
			       (unsigned long long)c->ret, a->name, (unsigned long long)d->ret,
			       b->name);
	}
	for (unsigned long i = 0; i < n; i++) {
		res->snapshots = (unsigned int)i + 1;
		if (tmigr_snapshot_diff(x->points[i].snap, y->points[i].snap, diff, sizeof(diff)))
			DIFFER("%s: %s vs %s: %s", point_name(&x->points[i], where, sizeof(where)),
			       a->name, b->name, diff);
	}
	if (x->nr_calls != y->nr_calls)
		DIFFER("%s makes %lu tmigr calls, %s %lu", a->name, x->nr_calls, b->name,
		       y->nr_calls);
	if (x->nr_points != y->nr_points)
		DIFFER("%s has %lu operations and quiescent points, %s %lu", a->name, x->nr_points,
		       b->name, y->nr_points);
	if (strcmp(x->reports, y->reports))
		DIFFER("reports differ: %.32s [%.500s], %.32s [%.500s]", a->name, x->reports, b->name,
		       y->reports);
#undef DIFFER
}

int tmigr_diff_run(const struct exec_program *p, const struct tmigr_backend *a,
		   const struct tmigr_backend *b, struct tmigr_diff_result *res)
{
	struct diff_log x, y;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	record(p, a, &x);
	record(p, b, &y);
	if (x.oom || y.oom)
		ret = -ENOMEM;
	else
		compare(&x, &y, a, b, res);
	log_free(&x);
	log_free(&y);
	return ret;
}
