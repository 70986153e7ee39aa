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

#endif /* FUZZ_FUZZ_H */
