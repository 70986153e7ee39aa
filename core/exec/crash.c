// SPDX-License-Identifier: GPL-2.0-only
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "crash.h"
#include "rt/sanitizer.h"

static void (*crash_note)(void);

/* The process is dying: stdio from here is a best effort. */
static void crash_verdict(void)
{
	static const char v[] = "verdict: CRASH\n";

	fflush(stdout);
	if (crash_note)
		crash_note();
	fflush(stdout);
	if (write(STDOUT_FILENO, v, sizeof(v) - 1) < 0)
		return;
}

static void on_crash(int sig)
{
	crash_verdict();
	signal(sig, SIG_DFL);
	raise(sig);
}

void exec_catch_crashes(void (*note)(void))
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

	crash_note = note;
	if (__sanitizer_set_death_callback) {
		__sanitizer_set_death_callback(crash_verdict);
		return;
	}
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_crash);
}
