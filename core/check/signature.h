/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Signatures and the patterns that select them.
 *
 * A signature is "<oracle>:<site>:<variant>". A site may name the
 * mechanism in '/'-separated parts after the invariant
 * ("global-timer-never-expired/group-event-not-queued/..."). A pattern is
 * a prefix on those boundaries: "oracle", "oracle:site" (any of its
 * mechanisms), "oracle:site/part", or the full signature. A WARN's site
 * is "function(condition)": "warn:function" selects all its WARNs.
 */
#ifndef CHECK_SIGNATURE_H
#define CHECK_SIGNATURE_H

#include "../rt/types.h"

/* Does @pattern select @signature? */
bool signature_match(const char *pattern, const char *signature);

/*
 * Is @pattern something the harness can report? 0, or -EINVAL with a
 * one-line message in @err that lists the oracles (or the sites of the
 * oracle named).
 */
int signature_pattern_check(const char *pattern, char *err, size_t errlen);

#endif /* CHECK_SIGNATURE_H */
