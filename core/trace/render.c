// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define COL_GAP		3
/* Wider than this and a diagram no longer survives being pasted into mail. */
#define MAX_WIDTH	132

void render_opts_init(struct render_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mark_group = TMIGR_SNAP_NONE;
	o->mark_cpu = -1;
}

void render_time(struct strbuf *sb, u64 t)
{
	if (t == KTIME_MAX)
		strbuf_addf(sb, "KTIME_MAX");
	else
		strbuf_addf(sb, "%llu", (unsigned long long)t);
}

/* Name of the child of group @g that owns bit @bit: "CPU3", "GRP0:1", or NULL. */
static const char *child_name(const struct tmigr_snapshot *snap, int g, unsigned int bit,
			      char *buf, size_t len)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];

	if (sg->level == 0) {
		for (int c = 0; c < snap->nr_cpus; c++) {
			if (snap->cpus[c].group == g && snap->cpus[c].groupmask == BIT(bit)) {
				snprintf(buf, len, "CPU%d", c);
				return buf;
			}
		}
		return NULL;
	}
	for (int c = 0; c < snap->nr_groups; c++) {
		if (snap->groups[c].parent == g && snap->groups[c].groupmask == BIT(bit))
			return tmigr_snap_group_name(snap, c, buf, len);
	}
	return NULL;
}

void render_mask(struct strbuf *sb, const struct tmigr_snapshot *snap, int g, u8 mask)
{
	bool first = true;
	char name[32];

	if (!mask) {
		strbuf_addf(sb, "NONE");
		return;
	}
	for (unsigned int bit = 0; bit < 8; bit++) {
		if (!(mask & BIT(bit)))
			continue;
		strbuf_addf(sb, "%s", first ? "" : ", ");
		first = false;
		if (child_name(snap, g, bit, name, sizeof(name)))
			strbuf_addf(sb, "%s", name);
		else
			strbuf_addf(sb, "0x%02x?", (unsigned int)BIT(bit));
	}
}

void render_migrator(struct strbuf *sb, const struct tmigr_snapshot *snap, int g, u8 migrator)
{
	char name[32];

	if (migrator == 0xff) {
		strbuf_addf(sb, "TMIGR_NONE");
		return;
	}
	if (migrator && !(migrator & (migrator - 1)) &&
	    child_name(snap, g, (unsigned int)__builtin_ctz(migrator), name, sizeof(name))) {
		strbuf_addf(sb, "%s", name);
		return;
	}
	/* Not a single child's bit: show it raw, as race B's "0x00". */
	strbuf_addf(sb, "0x%02x (no such child)", migrator);
}

static void render_event(struct strbuf *sb, const struct tmigr_snapshot *snap,
			 const struct tmigr_snap_qentry *q)
{
	char name[32];

	if (q->is_group)
		strbuf_addf(sb, "%s", tmigr_snap_group_name(snap, q->owner, name, sizeof(name)));
	else
		strbuf_addf(sb, "CPU%d", q->owner);
	strbuf_addf(sb, "@");
	render_time(sb, q->evt.expires);
	if (q->evt.ignore)
		strbuf_addf(sb, "(ignore)");
}

static const char *cpu_state(const struct tmigr_snap_cpu *sc)
{
	if (!sc->prepared)
		return "absent";
	if (!sc->online)
		return "!online";
	return sc->idle ? "idle" : "active";
}

static void render_cpu(struct strbuf *sb, const struct tmigr_snapshot *snap, int c,
		       const struct render_opts *o)
{
	const struct tmigr_snap_cpu *sc = &snap->cpus[c];

	strbuf_addf(sb, "CPU%d %s", c, cpu_state(sc));
	if (sc->cpuevt.queued && !sc->cpuevt.ignore) {
		strbuf_addf(sb, " evt=");
		render_time(sb, sc->cpuevt.expires);
	}
	if (sc->wakeup != KTIME_MAX) {
		strbuf_addf(sb, " wakeup=");
		render_time(sb, sc->wakeup);
	}
	if (sc->remote)
		strbuf_addf(sb, " remote");
	if (c == o->mark_cpu && o->mark_note)
		strbuf_addf(sb, " %s", o->mark_note);
}

/* The lines of one group's block, separated by '\n'. */
static void render_group_block(struct strbuf *sb, const struct tmigr_snapshot *snap, int g,
			       const struct render_opts *o, bool with_cpus)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	char name[32];

	strbuf_addf(sb, "[%s]", tmigr_snap_group_name(snap, g, name, sizeof(name)));
	if (g == o->mark_group && o->mark_note)
		strbuf_addf(sb, " %s", o->mark_note);
	strbuf_addf(sb, "\nmigrator = ");
	render_migrator(sb, snap, g, sg->migrator);
	strbuf_addf(sb, "\nactive = ");
	render_mask(sb, snap, g, sg->active);
	strbuf_addf(sb, "\nnextevt = ");
	render_time(sb, sg->next_expiry);
	if (o->setup) {
		strbuf_addf(sb, "\nparent = %s",
			    tmigr_snap_group_name(snap, sg->parent, name, sizeof(name)));
		strbuf_addf(sb, "\ngroupmask = 0x%02x seq = %u", sg->groupmask, sg->seq);
	}
	/* One event per line keeps columns narrow. */
	for (int e = 0; o->events && e < sg->nr_events; e++) {
		strbuf_addf(sb, e ? "\n         " : "\nevents = ");
		render_event(sb, snap, &sg->events[e]);
	}
	if (with_cpus && sg->level == 0) {
		int cpus[TMIGR_SNAP_MAX_CHILDREN * 2];
		int n = tmigr_snap_child_cpus(snap, g, cpus, (int)ARRAY_SIZE(cpus));

		for (int i = 0; i < n && i < (int)ARRAY_SIZE(cpus); i++) {
			strbuf_addf(sb, "\n  ");
			render_cpu(sb, snap, cpus[i], o);
		}
	}
}

/* Split @text into lines (in place); returns the count. */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	while (text && n < max) {
		char *nl = strchr(text, '\n');

		lines[n++] = text;
		if (!nl)
			break;
		*nl = '\0';
		text = nl + 1;
	}
	return n;
}

#define MAX_BLOCK_LINES	32

/* Width of the widest line of group @g's block. */
static int block_width(const struct tmigr_snapshot *snap, int g, const struct render_opts *o)
{
	struct strbuf block = STRBUF_INIT;
	int width = 0, cur = 0;

	render_group_block(&block, snap, g, o, true);
	for (const char *p = strbuf_str(&block); ; p++) {
		if (*p == '\n' || !*p) {
			width = max_t(int, width, cur);
			cur = 0;
			if (!*p)
				break;
		} else {
			cur++;
		}
	}
	strbuf_release(&block);
	return width;
}

/* Groups of one level side by side, each column @width wide. */
static void render_level_columns(struct strbuf *sb, const struct tmigr_snapshot *snap,
				 const int *groups, int n, int width, const struct render_opts *o)
{
	char *text[16], *lines[16][MAX_BLOCK_LINES];
	int nlines[16], rows = 0;

	for (int i = 0; i < n; i++) {
		struct strbuf block = STRBUF_INIT;

		render_group_block(&block, snap, groups[i], o, true);
		text[i] = strbuf_detach(&block);
		nlines[i] = split_lines(text[i], lines[i], MAX_BLOCK_LINES);
		rows = max_t(int, rows, nlines[i]);
	}

	for (int r = 0; r < rows; r++) {
		struct strbuf line = STRBUF_INIT;

		for (int i = 0; i < n; i++) {
			const char *s = r < nlines[i] ? lines[i][r] : "";

			strbuf_addf(&line, "%s", s);
			if (i + 1 < n)
				strbuf_addch(&line, ' ', (size_t)(width - (int)strlen(s)));
		}
		/* No trailing blanks: diagrams get pasted into mail. */
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		strbuf_addf(sb, "%s\n", strbuf_str(&line));
		strbuf_release(&line);
	}
	for (int i = 0; i < n; i++)
		free(text[i]);
}

static void render_outline_group(struct strbuf *sb, const struct tmigr_snapshot *snap, int g,
				 int depth, const struct render_opts *o)
{
	const struct tmigr_snap_group *sg = &snap->groups[g];
	int kids[64], cpus[64], nk, nc;
	char name[32];

	if (depth > 16)
		return;	/* a cycle; the structure oracle says so */

	strbuf_addch(sb, ' ', (size_t)depth * 2);
	strbuf_addf(sb, "[%s] migrator = ", tmigr_snap_group_name(snap, g, name, sizeof(name)));
	render_migrator(sb, snap, g, sg->migrator);
	strbuf_addf(sb, "  active = ");
	render_mask(sb, snap, g, sg->active);
	strbuf_addf(sb, "  nextevt = ");
	render_time(sb, sg->next_expiry);
	if (g == o->mark_group && o->mark_note)
		strbuf_addf(sb, "  %s", o->mark_note);
	strbuf_addf(sb, "\n");

	if (o->events && sg->nr_events) {
		strbuf_addch(sb, ' ', (size_t)depth * 2 + 2);
		strbuf_addf(sb, "events = ");
		for (int e = 0; e < sg->nr_events; e++) {
			if (e)
				strbuf_addf(sb, ", ");
			render_event(sb, snap, &sg->events[e]);
		}
		strbuf_addf(sb, "\n");
	}

	nc = tmigr_snap_child_cpus(snap, g, cpus, (int)ARRAY_SIZE(cpus));
	for (int i = 0; i < nc && i < (int)ARRAY_SIZE(cpus); i++) {
		strbuf_addch(sb, ' ', (size_t)depth * 2 + 2);
		render_cpu(sb, snap, cpus[i], o);
		strbuf_addf(sb, "\n");
	}
	nk = tmigr_snap_child_groups(snap, g, kids, (int)ARRAY_SIZE(kids));
	for (int i = 0; i < nk && i < (int)ARRAY_SIZE(kids); i++)
		render_outline_group(sb, snap, kids[i], depth + 1, o);
}

static void render_outline(struct strbuf *sb, const struct tmigr_snapshot *snap,
			   const struct render_opts *o)
{
	/* Every parentless group starts a tree: normally just the root. */
	for (int lvl = (int)snap->levels; lvl >= 0; lvl--)
		for (int g = 0; g < snap->nr_groups; g++)
			if (snap->groups[g].level == lvl && snap->groups[g].parent == TMIGR_SNAP_NONE)
				render_outline_group(sb, snap, g, 0, o);
}

void render_hierarchy(struct strbuf *sb, const struct tmigr_snapshot *snap,
		      const struct render_opts *opts)
{
	unsigned int max_cols;
	struct render_opts o;
	int top = -1, width = 0;

	if (opts)
		o = *opts;
	else
		render_opts_init(&o);
	max_cols = o.max_columns ? o.max_columns : 4;
	if (max_cols > 16)
		max_cols = 16;

	if (!snap->nr_groups) {
		strbuf_addf(sb, "(no hierarchy: %d CPU%s handle their own timers)\n",
			    snap->nr_cpus, snap->nr_cpus == 1 ? "" : "s");
		return;
	}

	/* Per-capacity hierarchies are drawn side by side; say which is which. */
	if (tmigr_snap_nr_hiers(snap) > 1) {
		char name[32];

		strbuf_addf(sb, "%u hierarchies, one per CPU capacity:", tmigr_snap_nr_hiers(snap));
		for (unsigned int h = 0; h < tmigr_snap_nr_hiers(snap); h++) {
			int root = tmigr_snap_hier_root(snap, (int)h);

			strbuf_addf(sb, "%scapacity %lu (root %s)", h ? ", " : " ",
				    h < TMIGR_SNAP_MAX_HIERS ? snap->hier_capacity[h] : 0UL,
				    root == TMIGR_SNAP_NONE ? "none" :
				    tmigr_snap_group_name(snap, root, name, sizeof(name)));
		}
		strbuf_addf(sb, "\n");
	}

	for (int g = 0; g < snap->nr_groups; g++)
		top = max_t(int, top, snap->groups[g].level);

	if (!o.outline) {
		for (int lvl = top; lvl >= 0; lvl--) {
			int n = 0;

			for (int g = 0; g < snap->nr_groups; g++)
				if (snap->groups[g].level == lvl)
					n++;
			if (n > (int)max_cols)
				o.outline = true;
		}
	}

	if (o.outline) {
		render_outline(sb, snap, &o);
		return;
	}

	/* One column width for all levels, so the drawing lines up. */
	for (int g = 0; g < snap->nr_groups; g++)
		width = max_t(int, width, block_width(snap, g, &o));
	width += COL_GAP;
	for (int lvl = top; lvl >= 0 && !o.outline; lvl--) {
		int n = 0;

		for (int g = 0; g < snap->nr_groups; g++)
			n += snap->groups[g].level == lvl;
		if (n * width - COL_GAP > MAX_WIDTH)
			o.outline = true;
	}
	if (o.outline) {
		render_outline(sb, snap, &o);
		return;
	}

	for (int lvl = top; lvl >= 0; lvl--) {
		int groups[16], n = 0;

		for (int g = 0; g < snap->nr_groups && n < 16; g++)
			if (snap->groups[g].level == lvl)
				groups[n++] = g;
		render_level_columns(sb, snap, groups, n, width, &o);
		if (lvl)
			strbuf_addf(sb, "\n");
	}
}
