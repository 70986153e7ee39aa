/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGINT and SIGTERM for the drivers: the handler notes the signal, the run
 * looks at it between steps. The note is written and read with atomics:
 * under the fiber engines the handler runs as whichever CPU fiber was on
 * the thread it interrupted, and TSan, which sees every fiber as a thread,
 * would call a plain flag a data race with the run that reads it.
 */
#ifndef TOOLS_INTERRUPT_H
#define TOOLS_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>

/* Catch SIGINT and SIGTERM; @restart: system calls they cut resume (SA_RESTART). */
void interrupt_catch(bool restart);
/* The signal caught last, 0 while none was. */
int interrupt_signal(void);
/* The note itself, for a reader that takes a pointer (struct story_opts.stop). */
volatile sig_atomic_t *interrupt_flag(void);

#endif /* TOOLS_INTERRUPT_H */
