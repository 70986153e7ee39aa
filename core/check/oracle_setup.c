// SPDX-License-Identifier: GPL-2.0-only
/*
 * Setup-failure oracle: tmigr_init() or a hotplug callback returned an
 * error. The kernel only prints "Timer migration setup failed" and runs on
 * without migration (or without the CPU); here it is a finding, with the
 * error and the state it came from.
 */
#include <stdio.h>
#include <string.h>

#include "oracles.h"

static const char *errno_name(int err)
{
	switch (-err) {
	case EBUSY:	return "EBUSY";
	case EINVAL:	return "EINVAL";
	case ENOMEM:	return "ENOMEM";
	case ENOSPC:	return "ENOSPC";
	case EPERM:	return "EPERM";
	case ENODEV:	return "ENODEV";
	default:	return "E?";
	}
}

void oracle_setup_failure(const struct env_setup_failure *f)
{
	char site[160], details[512];

	/*
	 * A bring-up that ran out of memory by injection and says so rolled
	 * back as the kernel does; whatever it left behind is for the other
	 * oracles (and ASan) to judge.
	 */
	if (f->injected && f->error == -ENOMEM)
		return;

	snprintf(site, sizeof(site), "%s/%s/%s", f->what, f->state_name, errno_name(f->error));
	snprintf(details, sizeof(details),
		 "%s failed with %d (%s)%s%s%s%s\n"
		 "state: %s, CPU %d, control CPU %d\n"
		 "%s%s",
		 f->what, f->error, errno_name(f->error),
		 f->step_name && f->step_name[0] ? " in \"" : "",
		 f->step_name ? f->step_name : "",
		 f->step_name && f->step_name[0] ? "\"" : "", "",
		 f->state_name, f->cpu, f->control_cpu,
		 f->detail && f->detail[0] ? f->detail : "",
		 f->detail && f->detail[0] ? "\n" : "");
	report_file(ORACLE_SETUP_FAILURE, site, f->cpu, details, "%s failed: %s%s%s", f->what,
		    errno_name(f->error), f->detail && f->detail[0] ? ": " : "",
		    f->detail ? f->detail : "");
}
