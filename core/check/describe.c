// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdlib.h>

#include "describe.h"
#include "../trace/render.h"

char *oracle_describe(const struct tmigr_snapshot *snap, int mark_group, int mark_cpu,
		      const char *note, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct render_opts o;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
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

unsigned int oracle_file(enum oracle_id oracle, const struct tmigr_snapshot *snap,
			 const char *site, int mark_group, int mark_cpu, const char *note,
			 const char *summary, const char *why)
{
	char *d;

	if (report_seen(oracle, site)) {
		report_again(oracle, site);
		return 1;
	}
	d = oracle_describe(snap, mark_group, mark_cpu, note, "%s", why);
	report_file(oracle, site, mark_cpu, d, "%s", summary);
	free(d);
	return 1;
}
