/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef EXEC_CRASH_H
#define EXEC_CRASH_H

/*
 * exec_catch_crashes - end a crash of the code under test with a verdict
 *
 * A bad pointer or a sanitizer's report in the code under test kills the
 * process. Once this is called, what the driver printed to stdout so far is
 * flushed and "verdict: CRASH" follows, so scripts that read the verdict
 * see one. The process still ends by the signal (without a sanitizer) or
 * with the sanitizer's exit status (with one: its death callback is used
 * and its own SIGSEGV handling is left alone). @note, if not NULL, runs
 * first: a line on what was running (it must not rely on the heap).
 */
void exec_catch_crashes(void (*note)(void));

#endif /* EXEC_CRASH_H */
