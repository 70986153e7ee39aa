/* SPDX-License-Identifier: GPL-2.0-only */
/* Pieces shared by the libFuzzer targets. */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include "exec/run.h"

/* Interleaving feedback (extra counters); resets per input. */
void fuzz_feedback_listener(struct exec_listener *l);

/*
 * Turn a violation into a crash from a function named after the oracle, so
 * stack-based bucketing keeps the oracles apart. Does not return.
 */
void fuzz_crash(const struct exec_result *r, enum exec_profile profile) __attribute__((noreturn));

/*
 * TMIGR_IGNORED_DIR (ignored.c): keep the first input and count the
 * executions of every report the target looks past (known issues,
 * TMIGR_IGNORE_SIGNATURES). init reads the environment (exit 2 when the
 * directory is not writable) and records nothing in merges and crash
 * minimisation; note runs after each input; flush writes the counts now.
 */
void fuzz_ignored_init(int argc, char **argv);
void fuzz_ignored_note(const uint8_t *data, size_t size);
void fuzz_ignored_flush(void);

#endif /* FUZZ_FUZZ_H */
