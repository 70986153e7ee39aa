// SPDX-License-Identifier: GPL-2.0-only
/*
 * WARN oracle: every WARN_ON*() in the modelled code (and lockdep
 * assertions) becomes a report, identified by function and condition.
 */
#include <stdio.h>

#include "oracles.h"
#include "../rt/cpu.h"

static void warn_to_report(const struct rt_warn_site *site, const char *msg)
{
	char where[160], details[320];

	snprintf(where, sizeof(where), "%s(%s)", site->func, site->cond);
	snprintf(details, sizeof(details), "WARNING: CPU: %d at %s:%d %s()\n%s%s",
		 rt_this_cpu(), site->file, site->line, site->func, msg, msg[0] ? "\n" : "");
	report_file(ORACLE_WARN, where, rt_this_cpu(), details, "WARN_ON(%s) in %s()", site->cond,
		    site->func);
}

void oracle_warn_install(void)
{
	rt_set_warn_handler(warn_to_report);
}
