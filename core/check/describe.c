// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>

#include "describe.h"
#include "../trace/render.h"

static char *oracle_vdescribe(const struct tmigr_snapshot *snap, int mark_group, int mark_cpu,
			      const char *note, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;

	strbuf_vaddf(&sb, fmt, ap);
	strbuf_addf(&sb, "\n\n");

	if (snap) {
		render_opts_init(&o);
		o.mark_group = mark_group;
		o.mark_cpu = mark_cpu;
		o.mark_note = note;
		o.events = true;
		render_hierarchy(&sb, snap, &o);
	}
	return strbuf_detach(&sb);
}

char *oracle_describe(const struct tmigr_snapshot *snap, int mark_group, int mark_cpu,
		      const char *note, const char *fmt, ...)
{
	va_list ap;
	char *d;

	va_start(ap, fmt);
	d = oracle_vdescribe(snap, mark_group, mark_cpu, note, fmt, ap);
	va_end(ap);
	return d;
}

unsigned int oracle_file(enum oracle_id oracle, const struct tmigr_snapshot *snap,
			 const char *site, int mark_group, int mark_cpu, const char *note,
			 const char *summary, const char *fmt, ...)
{
	va_list ap;
	char *d;

	/* A repeat only counts: its explanation would never be printed. */
	if (report_again(oracle, site))
		return 1;
	va_start(ap, fmt);
	d = oracle_vdescribe(snap, mark_group, mark_cpu, note, fmt, ap);
	va_end(ap);
	report_file(oracle, site, mark_cpu, d, "%s", summary);
	free(d);
	return 1;
}
