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

/*
 * The first line of every text program: a binary input is any byte string,
 * so a text program names itself. Writers put it first, followed by comments
 * if they like (tmigr-mkinput --decode, tmigr-stress --record).
 */
#define EXEC_TEXT_MAGIC		"# tmigr-program"

/* True if @data starts with the EXEC_TEXT_MAGIC line. */
bool exec_text_has_magic(const u8 *data, size_t size);
/*
 * True if @data, without the magic line, still reads as a text program of
 * older releases: printable, and its first line that is neither blank nor
 * a comment starts with a keyword and a blank ("cpus 4", "cpu 0: idle").
 * Such a file is neither run as bytes nor parsed silently: the tools ask
 * for the magic line.
 */
bool exec_text_looks_like_program(const u8 *data, size_t size);

/* Print @p, schedule included, in the same format (without the magic line). */
void exec_text_format(const struct exec_program *p, struct strbuf *out);

#endif /* EXEC_TEXT_H */
