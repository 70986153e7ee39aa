// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "story.h"
#include "text.h"
#include "../trace/perfetto.h"
#include "../trace/render.h"
#include "../tmigr/tmigr.h"

#define MAX_UNNAMED	64
#define MAX_HELD	32
/* --lkml keeps the run's tmigr-level steps; a run beyond these is no mail. */
#define LKML_MAX_LINES	(1u << 20)
#define LKML_MAX_SNAPS	(1u << 14)
#define LKML_COLUMNS	80
#define LKML_MAX_CPUS	3

/* One tmigr-level access, for the condensed story. */
struct lkml_line {
	u64		step;
	unsigned int	cpu;
	int		op;		/* the CPU's operation index, -1: servicing */
	bool		shown;		/* worth a line (not a plain state read) */
	bool		group_write;	/* changes a group: what races */
	int		snap;		/* hierarchy before this line's CPU took over */
	char		site[64];
	char		text[200];
};

struct lkml {
	struct lkml_line	*lines;
	size_t			nr, cap;
	struct tmigr_snapshot	**snaps;
	unsigned int		nr_snaps;
	int			last_cpu;
	int			*cur_op;
	bool			reported;
	u64			report_step;
	char			report_sig[256];
	char			report_summary[320];
};

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
	struct lkml			*lkml;
};

/*
 * The timeline's time axis: virtual ns, plus 1 ns per scheduling step so
 * that the many steps within one tick keep their order (the step itself is
 * the "scheduling step" counter track).
 */
static u64 tl_ts(u64 step)
{
	return ktime_get() + step;
}

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
	case RT_OP_SPIN_TRYLOCK:
	case RT_OP_MUTEX_TRYLOCK:
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
	case RT_OP_STORE_RELEASE:
	case RT_OP_PLAIN_READ:
	case RT_OP_PLAIN_WRITE: {
		/* A plain write is announced before it happens: the value it overwrites. */
		const char *arrow = p->op == RT_OP_PLAIN_WRITE ? "was" :
				    p->op == RT_OP_READ_ONCE || p->op == RT_OP_LOAD_ACQUIRE ||
				    p->op == RT_OP_PLAIN_READ ? "->" : "<-";
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
	bool acquire = rt_op_acquired(p->op, result);
	bool release = rt_op_is_unlock(p->op);

	if (!s->pf)
		return;
	if (acquire && s->nr_held < MAX_HELD) {
		struct held_lock *h = &s->held[s->nr_held++];

		h->cpu = cpu;
		h->lock = p->obj;
		h->since = tl_ts(step);
		snprintf(h->name, sizeof(h->name), "%s", obj);
	} else if (release) {
		for (unsigned int i = 0; i < s->nr_held; i++) {
			if (s->held[i].lock != p->obj || s->held[i].cpu != cpu)
				continue;
			perfetto_complete(s->pf, cpu, s->held[i].name, s->held[i].since,
					  tl_ts(step) - s->held[i].since);
			s->held[i] = s->held[--s->nr_held];
			break;
		}
	}
}

/* A signal asked to stop: say where, keep what was printed, leave. */
static void story_stop(struct story *s, u64 step)
{
	fflush(s->o.out);
	fprintf(s->o.out, "\ninterrupted at step %llu: the story above is partial\nverdict: interrupted\n",
		(unsigned long long)step);
	fflush(s->o.out);
	_exit(128 + __atomic_load_n(s->o.stop, __ATOMIC_RELAXED));
}

/* "22 ms" for a virtual time in ns, as LKML mails write them. */
static void lkml_time(char *buf, size_t len, u64 t)
{
	if (t == KTIME_MAX)
		snprintf(buf, len, "KTIME_MAX");
	else if (t % NSEC_PER_MSEC == 0)
		snprintf(buf, len, "%llu ms", (unsigned long long)(t / NSEC_PER_MSEC));
	else
		snprintf(buf, len, "%llu ns", (unsigned long long)t);
}

static bool lkml_tmigr_site(const char *site)
{
	return !strncmp(site, "tmigr_", 6) || !strncmp(site, "__tmigr_", 8);
}

static void lkml_access(struct story *s, unsigned int cpu, const struct rt_point *p,
			const char *obj, unsigned long result, u64 step)
{
	struct lkml *k = s->lkml;
	struct lkml_line *l;
	bool group = !strncmp(obj, "GRP", 3);
	char v[48];

	if (!lkml_tmigr_site(p->site) || k->nr == LKML_MAX_LINES)
		return;
	if ((int)cpu != k->last_cpu) {
		/* Another CPU takes over in tmigr: keep the hierarchy it finds. */
		struct tmigr_snapshot *snap = k->nr_snaps < LKML_MAX_SNAPS ? tmigr_snapshot_take() : NULL;

		if (snap)
			k->snaps[k->nr_snaps++] = snap;
		k->last_cpu = (int)cpu;
	}
	if (k->nr == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 1024;
		struct lkml_line *n = realloc(k->lines, cap * sizeof(*n));

		if (!n)
			return;
		k->lines = n;
		k->cap = cap;
	}
	l = &k->lines[k->nr++];
	memset(l, 0, sizeof(*l));
	l->step = step;
	l->cpu = cpu;
	l->op = k->cur_op[cpu];
	l->snap = (int)k->nr_snaps - 1;
	snprintf(l->site, sizeof(l->site), "%s", p->site);
	l->shown = true;
	switch (p->op) {
	case RT_OP_ATOMIC_READ:
		l->shown = false;	/* the drawings show the states */
		break;
	case RT_OP_CMPXCHG:
		snprintf(l->text, sizeof(l->text), "cmpxchg %s: %s", obj, result ? "ok" : "failed");
		l->group_write = group && result;
		break;
	case RT_OP_ATOMIC_SET:
		snprintf(l->text, sizeof(l->text), "set %s", obj);
		l->group_write = group;
		break;
	case RT_OP_SPIN_LOCK:
	case RT_OP_MUTEX_LOCK:
	case RT_OP_SPIN_TRYLOCK:
	case RT_OP_MUTEX_TRYLOCK:
	case RT_OP_SPIN_UNLOCK:
	case RT_OP_MUTEX_UNLOCK: {
		char lock[64];
		bool unlock = rt_op_is_unlock(p->op);

		snprintf(lock, sizeof(lock), "%s", obj);
		if (ends_with(lock, ".lock"))
			lock[strlen(lock) - 5] = '\0';
		snprintf(l->text, sizeof(l->text), "%s %s%s", unlock ? "unlock" : "lock", lock,
			 rt_op_is_trylock(p->op) && !result ? " (busy)" : "");
		break;
	}
	case RT_OP_READ_ONCE:
	case RT_OP_LOAD_ACQUIRE:
	case RT_OP_WRITE_ONCE:
	case RT_OP_STORE_RELEASE: {
		bool write = p->op == RT_OP_WRITE_ONCE || p->op == RT_OP_STORE_RELEASE;

		if (ends_with(obj, ".parent")) {
			l->shown = false;	/* the walk up is in the function names */
			break;
		}
		if (ends_with(obj, "expiry") || ends_with(obj, ".wakeup"))
			lkml_time(v, sizeof(v), (u64)result);
		else if (ends_with(obj, ".ignore") || ends_with(obj, ".is_idle"))
			snprintf(v, sizeof(v), "%s", result ? "true" : "false");
		else
			snprintf(v, sizeof(v), "%lu", result);
		snprintf(l->text, sizeof(l->text), "%s %s %s", obj, write ? "=" : "==", v);
		l->group_write = group && write;
		break;
	}
	default:
		l->shown = false;
		break;
	}
}

static void on_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
		      u64 step, void *ctx)
{
	struct story *s = ctx;
	char obj[64], res[96];

	s->last_step = step;
	if (s->o.stop && __atomic_load_n(s->o.stop, __ATOMIC_RELAXED))
		story_stop(s, step);
	story_name(s, p->obj, obj, sizeof(obj));
	track_lock(s, cpu, p, obj, result, step);
	if (s->lkml)
		lkml_access(s, cpu, p, obj, result, step);
	if (s->pf && lkml_tmigr_site(p->site) && !strncmp(obj, "GRP", 3) &&
	    p->op != RT_OP_ATOMIC_READ && p->op != RT_OP_READ_ONCE && p->op != RT_OP_LOAD_ACQUIRE) {
		char name[192];

		/* Shared tmigr state changing hands: where races show. */
		format_result(s, p, obj, result, res, sizeof(res));
		snprintf(name, sizeof(name), "%s %s%s", rt_op_name(p->op), obj, res);
		perfetto_instant(s->pf, cpu, name, p->site, tl_ts(step));
	}
	if (!talk(s) || s->o.no_accesses || s->lkml)
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

	if (s->lkml && begin)
		s->lkml->cur_op[cpu] = index;
	if (s->pf) {
		perfetto_span(s->pf, cpu, what, begin, tl_ts(step));
		perfetto_state(s->pf, cpu, mode_name(cpu), tl_ts(step));
		perfetto_counter(s->pf, "scheduling step", step, tl_ts(step));
	}
	if (!begin || !talk(s) || s->lkml)
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

	if (s->lkml)
		return;
	u64 late = run->now > run->expires_ns ? run->now - run->expires_ns : 0;
	char detail[160];

	snprintf(detail, sizeof(detail), "timer %u (owner CPU%u, %s on CPU%u) at t=%llu, %llu ns late%s",
		 run->timer, run->owner, run->pinned ? "pinned" : "global", run->base_cpu,
		 (unsigned long long)run->now, (unsigned long long)late,
		 run->ran_on != run->base_cpu ? ", remote expiry" : "");
	if (s->pf)
		perfetto_instant(s->pf, run->ran_on,
				 run->ran_on != run->base_cpu ? "remote timer expiry" : "timer expiry",
				 detail, tl_ts(step));
	if (talk(s))
		fprintf(s->o.out, "[%7llu] cpu%u ---- %s\n", (unsigned long long)step, run->ran_on,
			detail);
}

static void on_quiescent(const struct tmigr_snapshot *snap, u64 step, void *ctx)
{
	struct story *s = ctx;
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;

	if (!talk(s) || s->lkml)
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

	if (s->pf) {
		char name[300];

		snprintf(name, sizeof(name), "%s %s", r->known ? "KNOWN ISSUE" : "REPORT",
			 r->signature);
		perfetto_marker(s->pf, name, r->summary, tl_ts(s->last_step));
	}
	if (s->lkml && !r->known && !s->lkml->reported) {
		struct lkml *k = s->lkml;

		k->reported = true;
		k->report_step = s->last_step;
		snprintf(k->report_sig, sizeof(k->report_sig), "%s", r->signature);
		snprintf(k->report_summary, sizeof(k->report_summary), "%s", r->summary);
		if (k->nr_snaps < LKML_MAX_SNAPS) {
			struct tmigr_snapshot *snap = tmigr_snapshot_take();

			if (snap)
				k->snaps[k->nr_snaps++] = snap;
		}
		k->last_cpu = -1;
	}
	if (!talk(s) || s->lkml)
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
	if (o->lkml) {
		s->lkml = calloc(1, sizeof(*s->lkml));
		if (s->lkml) {
			s->lkml->snaps = calloc(LKML_MAX_SNAPS, sizeof(*s->lkml->snaps));
			s->lkml->cur_op = calloc(p->cpus, sizeof(int));
			s->lkml->last_cpu = -1;
		}
		if (!s->lkml || !s->lkml->snaps || !s->lkml->cur_op) {
			story_free(s);	/* frees what was allocated */
			return NULL;
		}
	}
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

/* ---- the condensed story for a mail (--lkml) --------------------------------- */

struct lkml_span {
	unsigned int	cpu;
	int		op;
	size_t		first, last;	/* line indices */
	bool		writes;
};

/*
 * "@label @sig" within LKML_COLUMNS: a signature too long for the line goes
 * below the label, broken after a '/' where it must (a mail is read, not
 * grepped; the signature is whole in the verdict of a plain replay).
 */
static void lkml_signature(FILE *f, const char *label, const char *sig)
{
	const char *p = sig;

	if (strlen(label) + 1 + strlen(sig) <= LKML_COLUMNS) {
		fprintf(f, "%s %s\n", label, sig);
		return;
	}
	fprintf(f, "%s\n", label);
	while (strlen(p) > LKML_COLUMNS - 2) {
		const char *cut = NULL;

		for (const char *q = p; q < p + LKML_COLUMNS - 2; q++)
			if (*q == '/')
				cut = q + 1;
		if (!cut)
			break;
		fprintf(f, "  %.*s\n", (int)(cut - p), p);
		p = cut;
	}
	fprintf(f, "  %s\n", p);
}

/* The hierarchy drawing, at most LKML_COLUMNS wide. */
static char *lkml_drawing(const struct tmigr_snapshot *snap)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;
	const char *t;
	size_t w = 0, max = 0;

	render_opts_init(&o);
	o.events = true;
	render_hierarchy(&sb, snap, &o);
	for (t = strbuf_str(&sb); *t; t++) {
		w = *t == '\n' ? 0 : w + 1;
		if (w > max)
			max = w;
	}
	if (max > LKML_COLUMNS) {
		strbuf_release(&sb);
		o.outline = true;
		render_hierarchy(&sb, snap, &o);
	}
	return strbuf_detach(&sb);
}

/* The text of operation @op of CPU @cpu as the program writes it. */
static void lkml_op_text(struct story *s, unsigned int cpu, int op, char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	char head[16];
	const char *line, *t;

	snprintf(buf, len, "servicing interrupts");
	if (op < 0)
		return;
	exec_text_format(s->p, &sb);
	snprintf(head, sizeof(head), "cpu %u:", cpu);
	for (line = strbuf_str(&sb); line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, head, strlen(head)))
			continue;
		t = line + strlen(head);
		for (int i = 0; i < op && t; i++) {
			t = strchr(t, ';');
			t = t ? t + 1 : NULL;
		}
		if (t) {
			size_t n;

			while (*t == ' ')
				t++;
			n = strcspn(t, ";\n");
			/* As the program writes it: "arm 3 +5" is the CPU's timer 3. */
			snprintf(buf, len, "op %d: %.*s", op + 1, (int)n, t);
		}
		break;
	}
	strbuf_release(&sb);
}

/* Pick the racing CPUs: the last overlap of two CPUs' group-changing operations. */
static unsigned int lkml_race(struct story *s, size_t end, unsigned int *cpus, size_t *from,
			      size_t *to)
{
	struct lkml *k = s->lkml;
	struct lkml_span *sp = calloc(end + 1, sizeof(*sp));
	size_t nsp = 0, best_i = 0, best_j = 0;
	bool found = false;
	unsigned int n = 0;

	if (!sp)
		return 0;
	for (size_t i = 0; i < end; i++) {
		const struct lkml_line *l = &k->lines[i];
		size_t j;

		/* The span of the CPU's current operation, if it is the last one. */
		for (j = nsp; j > 0; j--)
			if (sp[j - 1].cpu == l->cpu)
				break;
		if (!j || sp[j - 1].op != l->op) {
			sp[nsp] = (struct lkml_span){ l->cpu, l->op, i, i, false };
			j = ++nsp;
		}
		sp[j - 1].last = i;
		sp[j - 1].writes |= l->group_write;
	}
	for (size_t i = 0; i < nsp; i++) {
		for (size_t j = i + 1; j < nsp; j++) {
			if (sp[i].cpu == sp[j].cpu || !sp[i].writes || !sp[j].writes ||
			    sp[j].first > sp[i].last)
				continue;
			found = true;
			best_i = i;
			best_j = j;
		}
	}
	if (!found) {
		/* No two CPUs overlapped: the last CPU that changed a group. */
		for (size_t i = nsp; i > 0; i--) {
			if (sp[i - 1].writes) {
				cpus[n++] = sp[i - 1].cpu;
				*from = sp[i - 1].first;
				*to = sp[i - 1].last;
				break;
			}
		}
		free(sp);
		return n;
	}
	*from = sp[best_i].first;
	*to = sp[best_i].last > sp[best_j].last ? sp[best_i].last : sp[best_j].last;
	cpus[n++] = sp[best_i].cpu < sp[best_j].cpu ? sp[best_i].cpu : sp[best_j].cpu;
	cpus[n++] = sp[best_i].cpu < sp[best_j].cpu ? sp[best_j].cpu : sp[best_i].cpu;
	/* A third CPU changing groups inside the window races too. */
	for (size_t i = 0; i < nsp && n < LKML_MAX_CPUS; i++) {
		if (sp[i].cpu == cpus[0] || sp[i].cpu == cpus[1] || !sp[i].writes ||
		    sp[i].last < *from || sp[i].first > *to)
			continue;
		cpus[n++] = sp[i].cpu;
		if (sp[i].last > *to)
			*to = sp[i].last;
	}
	free(sp);
	return n;
}

/* Does line @j belong to an operation that changes a group in [@from, @to]? */
static bool lkml_racing_op(const struct lkml *k, size_t j, size_t from, size_t to)
{
	for (size_t i = from; i <= to; i++)
		if (k->lines[i].cpu == k->lines[j].cpu && k->lines[i].op == k->lines[j].op &&
		    k->lines[i].group_write)
			return true;
	return false;
}

static int lkml_column(const unsigned int *cpus, unsigned int n, unsigned int cpu)
{
	for (unsigned int i = 0; i < n; i++)
		if (cpus[i] == cpu)
			return (int)i;
	return -1;
}

/* One line: the step number, then @text in the column of CPU @col. */
static void lkml_row(FILE *f, int number, unsigned int col, unsigned int ncols, const char *text)
{
	unsigned int width = (LKML_COLUMNS - 4) / ncols;

	if (number > 0)
		fprintf(f, "%2d. ", number);
	else
		fprintf(f, "    ");
	fprintf(f, "%*s%.*s\n", (int)(col * width), "", (int)width - 1, text);
}

static void lkml_draw(struct story *s, const char *title, int snap, char **last)
{
	char *d;

	if (snap < 0 || (unsigned int)snap >= s->lkml->nr_snaps)
		return;
	d = lkml_drawing(s->lkml->snaps[snap]);
	if (*last && !strcmp(*last, d)) {
		fprintf(s->o.out, "\n    (%s: hierarchy unchanged)\n\n", title);
		free(d);
		return;
	}
	fprintf(s->o.out, "\n%s:\n%s\n", title, d);
	free(*last);
	*last = d;
}

static void lkml_print(struct story *s)
{
	struct lkml *k = s->lkml;
	unsigned int cpus[LKML_MAX_CPUS], n, width;
	size_t end = k->nr, from = 0, to = 0;
	char *last = NULL, buf[256], title[64];
	int number = 0, prev_col = -1, prev_op[LKML_MAX_CPUS];
	char prev_site[LKML_MAX_CPUS][64];
	FILE *f = s->o.out;

	if (k->reported)
		for (end = 0; end < k->nr && k->lines[end].step <= k->report_step; end++)
			;
	n = lkml_race(s, end, cpus, &from, &to);
	if (!n) {
		fprintf(f, "no CPU changed the hierarchy before %s: nothing to condense\n",
			k->reported ? "the report" : "the end");
		return;
	}
	width = (LKML_COLUMNS - 4) / n;
	fprintf(f, "%s between ", n > 1 ? "Race" : "Steps of one CPU, no overlap");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%sCPU%u", i ? (i + 1 == n ? " and " : ", ") : "", cpus[i]);
	fprintf(f, " (%s, %u CPUs, %u node%s)\n", tmigr_variant_label(), s->p->cpus,
		s->p->nodes, s->p->nodes == 1 ? "" : "s");
	for (unsigned int i = 0; i < n; i++) {
		int first_op = -2;

		for (size_t j = from; j <= to; j++)
			if (k->lines[j].cpu == cpus[i] && first_op == -2 &&
			    lkml_racing_op(k, j, from, to))
				first_op = k->lines[j].op;
		lkml_op_text(s, cpus[i], first_op, buf, sizeof(buf));
		fprintf(f, "  CPU%u: %.*s\n", cpus[i], LKML_COLUMNS - 9, buf);
	}
	lkml_draw(s, "Hierarchy before step 1", k->lines[from].snap, &last);

	fprintf(f, "    ");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "CPU%-*u", i + 1 < n ? (int)width - 3 : 0, cpus[i]);
	fprintf(f, "\n    ");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%-*s", i + 1 < n ? (int)width : 0, "----");
	fprintf(f, "\n");
	for (unsigned int i = 0; i < n; i++) {
		prev_op[i] = -2;
		prev_site[i][0] = '\0';
	}
	for (size_t j = from; j <= to; j++) {
		const struct lkml_line *l = &k->lines[j];
		int col = lkml_column(cpus, n, l->cpu);

		if (col < 0 || !l->shown || !lkml_racing_op(k, j, from, to))
			continue;
		if (col != prev_col) {
			if (number) {
				snprintf(title, sizeof(title), "Hierarchy after step %d", number);
				lkml_draw(s, title, l->snap, &last);
			}
			number++;
			prev_col = col;
			prev_site[col][0] = '\0';
			if (prev_op[col] == l->op)
				lkml_row(f, number, (unsigned int)col, n, "...");
		}
		if (prev_op[col] != l->op) {
			lkml_op_text(s, l->cpu, l->op, buf, sizeof(buf));
			lkml_row(f, prev_op[col] == -2 && col == prev_col && number ? number : 0,
				 (unsigned int)col, n, buf);
			prev_op[col] = l->op;
			prev_site[col][0] = '\0';
		}
		if (strcmp(prev_site[col], l->site)) {
			snprintf(buf, sizeof(buf), "  %s()", l->site);
			lkml_row(f, 0, (unsigned int)col, n, buf);
			snprintf(prev_site[col], sizeof(prev_site[col]), "%s", l->site);
		}
		snprintf(buf, sizeof(buf), "    %s", l->text);
		lkml_row(f, 0, (unsigned int)col, n, buf);
	}
	if (number) {
		snprintf(title, sizeof(title), "Hierarchy after step %d%s", number,
			 k->reported ? ", at the report" : "");
		lkml_draw(s, title, k->reported ? (int)k->nr_snaps - 1 :
			  to + 1 < k->nr ? k->lines[to + 1].snap : (int)k->nr_snaps - 1, &last);
	}
	if (k->reported) {
		lkml_signature(f, "Report:", k->report_sig);
		fprintf(f, "  %.*s\n", LKML_COLUMNS - 3, k->report_summary);
	}
	free(last);
}

int story_finish(struct story *s, const struct exec_result *r)
{
	const char *what = r->outcome == CTL_DEADLOCK ? "deadlock" :
			   r->outcome == CTL_LIVELOCK ? "livelock" : "complete";

	if (s->lkml)
		lkml_print(s);
	else if (talk(s))
		fprintf(s->o.out,
			"\nrun %s: %llu scheduling points, %llu decisions, %llu switches, %llu operations, "
			"%u quiescent points, %lu reports\n",
			what, (unsigned long long)r->stats.steps, (unsigned long long)r->stats.decisions,
			(unsigned long long)r->stats.switches, (unsigned long long)r->stats.ops,
			r->quiescent_points, r->reports);
	if (r->new_reports && s->lkml)
		lkml_signature(s->o.out, "verdict: VIOLATION", r->signature);
	else if (r->new_reports)
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
	return s->pf ? perfetto_write(s->pf, path, tl_ts(s->last_step + 1)) : -EINVAL;
}

void story_free(struct story *s)
{
	if (!s)
		return;
	perfetto_free(s->pf);
	free(s->last_drawing);
	if (s->lkml) {
		for (unsigned int i = 0; i < s->lkml->nr_snaps; i++)
			tmigr_snapshot_free(s->lkml->snaps[i]);
		free(s->lkml->snaps);
		free(s->lkml->cur_op);
		free(s->lkml->lines);
		free(s->lkml);
	}
	free(s);
}
