/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The story of a run, for people: every shared access as
 *
 *   [   812] cpu3 tmigr_inactive_up GRP1:0 try_cmpxchg -> ok
 *
 * operations as they start, timers as they run, the hierarchy drawn at
 * quiescent points (when it changed) and with every report, and the
 * verdict. Optionally also a Perfetto timeline. Names only, never
 * addresses: the same run gives a byte-identical story. The story listens
 * to a run (exec_listener), so it lives here; trace/ only draws.
 */
#ifndef EXEC_STORY_H
#define EXEC_STORY_H

#include <signal.h>
#include <stdio.h>

#include "run.h"

struct story_opts {
	FILE	*out;
	bool	quiet;		/* only the verdict */
	bool	no_accesses;	/* operations, timers, drawings and verdict only */
	bool	timeline;	/* collect a Perfetto timeline */
	/*
	 * Instead of the full story, the condensed one for a mail: only the
	 * racing CPUs' tmigr-level steps, side by side in <= 80 columns, the
	 * hierarchy after each numbered step.
	 */
	bool	lkml;
	/* Set by a signal handler: the story says where it stopped and exits. */
	volatile sig_atomic_t *stop;
};

struct story;

struct story *story_new(const struct exec_program *p, const struct story_opts *o);
/* Fill @l with the story's callbacks. */
void story_listener(struct story *s, struct exec_listener *l);
/* Print the verdict; returns the exit status it stands for (0 clean, 1 violation). */
int story_finish(struct story *s, const struct exec_result *r);
int story_write_timeline(struct story *s, const char *path);
void story_free(struct story *s);

/* Name for an object of the model or environment; stable per run. */
void story_name(struct story *s, const void *addr, char *buf, size_t len);

#endif /* EXEC_STORY_H */
