// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "story.h"
#include "../trace/perfetto.h"
#include "../trace/render.h"
#include "../tmigr/tmigr.h"

#define MAX_UNNAMED	64
#define MAX_HELD	32

struct held_lock {
	unsigned int	cpu;
	const void	*lock;
	u64		since;
	char		name[64];
};

struct story {
	const struct exec_program	*p;
	struct story_opts		o;
	struct perfetto			*pf;
	char				*last_drawing;
	const void			*unnamed[MAX_UNNAMED];
	unsigned int			nr_unnamed;
	struct held_lock		held[MAX_HELD];
	unsigned int			nr_held;
	u64				last_step;
};

static bool talk(const struct story *s)
{
	return !s->o.quiet;
}

void story_name(struct story *s, const void *addr, char *buf, size_t len)
{
	unsigned int i;

	if (!addr) {
		snprintf(buf, len, "NULL");
		return;
	}
	if (tmigr_ops->describe(addr, buf, len) || env_describe(addr, buf, len))
		return;
	/* Unknown objects get numbers in order of appearance: stable per run. */
	for (i = 0; i < s->nr_unnamed; i++)
		if (s->unnamed[i] == addr)
			break;
	if (i == s->nr_unnamed && s->nr_unnamed < MAX_UNNAMED)
		s->unnamed[s->nr_unnamed++] = addr;
	snprintf(buf, len, "obj#%u", i);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static void format_time(char *buf, size_t len, u64 t)
{
	if (t == KTIME_MAX)
		snprintf(buf, len, "KTIME_MAX");
	else
		snprintf(buf, len, "%llu", (unsigned long long)t);
}

static void format_result(struct story *s, const struct rt_point *p, const char *obj,
			  unsigned long result, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (p->op) {
	case RT_OP_CMPXCHG:
		snprintf(buf, len, " -> %s", result ? "ok" : "failed");
		break;
	case RT_OP_TRYLOCK:
		snprintf(buf, len, " -> %s", result ? "ok" : "busy");
		break;
	case RT_OP_ATOMIC_READ:
	case RT_OP_ATOMIC_SET:
		if (!strncmp(obj, "GRP", 3) && !strchr(obj, '.')) {
			union { u32 state; struct { u8 active, migrator; u16 seq; } s; } st;

			st.state = (u32)result;
			snprintf(buf, len, " %s active=0x%02x migrator=0x%02x seq=%u",
				 p->op == RT_OP_ATOMIC_READ ? "->" : "<-", st.s.active,
				 st.s.migrator, st.s.seq);
		} else {
			snprintf(buf, len, " -> %lu", result);
		}
		break;
	case RT_OP_READ_ONCE:
	case RT_OP_WRITE_ONCE:
	case RT_OP_LOAD_ACQUIRE:
	case RT_OP_STORE_RELEASE: {
		const char *arrow = p->op == RT_OP_READ_ONCE || p->op == RT_OP_LOAD_ACQUIRE ? "->" : "<-";
		char v[48];

		if (ends_with(obj, ".parent") || ends_with(obj, ".base")) {
			/* A pointer names the object, not its first field. */
			story_name(s, (const void *)result, v, sizeof(v));
			if (ends_with(v, ".lock"))
				v[strlen(v) - strlen(".lock")] = '\0';
		}
		else if (ends_with(obj, "expiry") || ends_with(obj, ".wakeup"))
			format_time(v, sizeof(v), (u64)result);
		else if (ends_with(obj, ".ignore") || ends_with(obj, ".is_idle"))
			snprintf(v, sizeof(v), "%s", result ? "true" : "false");
		else
			snprintf(v, sizeof(v), "%lu", result);
		snprintf(buf, len, " %s %s", arrow, v);
		break;
	}
	default:
		break;
	}
}

/* Lock holds become complete events on the holder's track. */
static void track_lock(struct story *s, unsigned int cpu, const struct rt_point *p,
		       const char *obj, unsigned long result, u64 step)
{
	bool acquire = p->op == RT_OP_SPIN_LOCK || p->op == RT_OP_MUTEX_LOCK ||
		       (p->op == RT_OP_TRYLOCK && result);
	bool release = p->op == RT_OP_SPIN_UNLOCK || p->op == RT_OP_MUTEX_UNLOCK;

	if (!s->pf)
		return;
	if (acquire && s->nr_held < MAX_HELD) {
		struct held_lock *h = &s->held[s->nr_held++];

		h->cpu = cpu;
		h->lock = p->obj;
		h->since = step;
		snprintf(h->name, sizeof(h->name), "%s", obj);
	} else if (release) {
		for (unsigned int i = 0; i < s->nr_held; i++) {
			if (s->held[i].lock != p->obj || s->held[i].cpu != cpu)
				continue;
			perfetto_complete(s->pf, cpu, s->held[i].name, s->held[i].since,
					  step - s->held[i].since);
			s->held[i] = s->held[--s->nr_held];
			break;
		}
	}
}

static void on_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
		      u64 step, void *ctx)
{
	struct story *s = ctx;
	char obj[64], res[96];

	s->last_step = step;
	story_name(s, p->obj, obj, sizeof(obj));
	track_lock(s, cpu, p, obj, result, step);
	if (!talk(s) || s->o.no_accesses)
		return;
	format_result(s, p, obj, result, res, sizeof(res));
	fprintf(s->o.out, "[%7llu] cpu%u %s %s %s%s\n", (unsigned long long)step, cpu,
		p->site, p->obj ? obj : "-", rt_op_name(p->op), res);
}

static const char *mode_name(unsigned int cpu)
{
	switch (env_cpu_mode(cpu)) {
	case ENV_CPU_OFFLINE:	return "offline";
	case ENV_CPU_IDLE:	return "idle";
	case ENV_CPU_RUNNING:	return "running";
	}
	return "?";
}

static void on_op(unsigned int cpu, int index, const char *what, bool begin, u64 step,
		  void *ctx)
{
	struct story *s = ctx;

	if (s->pf) {
		perfetto_span(s->pf, cpu, what, begin, step);
		perfetto_state(s->pf, cpu, mode_name(cpu), step);
	}
	if (!begin || !talk(s))
		return;
	if (index >= 0)
		fprintf(s->o.out, "[%7llu] cpu%u ==== op %d/%u: %s (%s)\n",
			(unsigned long long)step, cpu, index + 1, s->p->nr_ops[cpu], what,
			mode_name(cpu));
	else
		fprintf(s->o.out, "[%7llu] cpu%u ==== %s\n", (unsigned long long)step, cpu, what);
}

static void on_timer(const struct env_timer_run *run, u64 step, void *ctx)
{
	struct story *s = ctx;
	u64 late = run->now > run->expires_ns ? run->now - run->expires_ns : 0;
	char detail[160];

	snprintf(detail, sizeof(detail), "timer %u (owner CPU%u, %s on CPU%u) at t=%llu, %llu ns late%s",
		 run->timer, run->owner, run->pinned ? "pinned" : "global", run->base_cpu,
		 (unsigned long long)run->now, (unsigned long long)late,
		 run->ran_on != run->base_cpu ? ", remote expiry" : "");
	if (s->pf)
		perfetto_instant(s->pf, run->ran_on,
				 run->ran_on != run->base_cpu ? "remote timer expiry" : "timer expiry",
				 detail, step);
	if (talk(s))
		fprintf(s->o.out, "[%7llu] cpu%u ---- %s\n", (unsigned long long)step, run->ran_on,
			detail);
}

static void on_quiescent(const struct tmigr_snapshot *snap, u64 step, void *ctx)
{
	struct story *s = ctx;
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;

	if (!talk(s))
		return;
	render_opts_init(&o);
	o.events = true;
	render_hierarchy(&sb, snap, &o);
	if (!s->last_drawing || strcmp(s->last_drawing, strbuf_str(&sb))) {
		fprintf(s->o.out, "[%7llu] ---- quiescent point, hierarchy:\n%s",
			(unsigned long long)step, strbuf_str(&sb));
		free(s->last_drawing);
		s->last_drawing = strbuf_detach(&sb);
	}
	strbuf_release(&sb);
}

static void on_report(const struct report *r, void *ctx)
{
	struct story *s = ctx;

	if (!talk(s))
		return;
	report_write(s->o.out, r, "!!!!");
	fputc('\n', s->o.out);
}

struct story *story_new(const struct exec_program *p, const struct story_opts *o)
{
	struct story *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->p = p;
	s->o = *o;
	if (!s->o.out)
		s->o.out = stdout;
	if (o->timeline)
		s->pf = perfetto_new(p->cpus);
	return s;
}

void story_listener(struct story *s, struct exec_listener *l)
{
	memset(l, 0, sizeof(*l));
	l->op = on_op;
	l->timer_run = on_timer;
	l->quiescent = on_quiescent;
	l->report = on_report;
	l->sched.access = on_access;
	l->ctx = s;
	l->sched.ctx = s;
}

int story_finish(struct story *s, const struct exec_result *r)
{
	const char *what = r->outcome == CTL_DEADLOCK ? "deadlock" :
			   r->outcome == CTL_LIVELOCK ? "livelock" : "complete";

	if (talk(s))
		fprintf(s->o.out,
			"\nrun %s: %llu scheduling points, %llu decisions, %llu switches, %llu operations, "
			"%u quiescent points, %lu reports\n",
			what, (unsigned long long)r->stats.steps, (unsigned long long)r->stats.decisions,
			(unsigned long long)r->stats.switches, (unsigned long long)r->stats.ops,
			r->quiescent_points, r->reports);
	if (r->new_reports)
		fprintf(s->o.out, "verdict: VIOLATION %s\n", r->signature);
	else if (r->reports)
		fprintf(s->o.out, "verdict: clean (known issues only)\n");
	else
		fprintf(s->o.out, "verdict: clean\n");
	fflush(s->o.out);
	return r->new_reports ? 1 : 0;
}

int story_write_timeline(struct story *s, const char *path)
{
	return s->pf ? perfetto_write(s->pf, path, s->last_step + 1) : -EINVAL;
}

void story_free(struct story *s)
{
	if (!s)
		return;
	perfetto_free(s->pf);
	free(s->last_drawing);
	free(s);
}
