/* SPDX-License-Identifier: GPL-2.0-only */
/* Programs as readable text: parse and print (docs/input-format.md). */
#ifndef EXEC_TEXT_H
#define EXEC_TEXT_H

#include "input.h"
#include "../lib/strbuf.h"

struct exec_text_error {
	unsigned int	line;		/* 0: about the program as a whole */
	char		msg[160];
};

/*
 * Parse @text into @p; schedule bytes go to @sched (at most @sched_cap, count
 * in @sched_len). Returns 0, or -1 with @err saying where and why.
 */
int exec_text_parse(const char *text, struct exec_program *p, u8 *sched, size_t sched_cap,
		    size_t *sched_len, struct exec_text_error *err);

/* Print @p, schedule included, in the same format. */
void exec_text_format(const struct exec_program *p, struct strbuf *out);

#endif /* EXEC_TEXT_H */
