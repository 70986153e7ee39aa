/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A growable string for reports and drawings. On allocation failure the
 * buffer keeps what it had and sets @oom; callers never see NULL text.
 */
#ifndef LIB_STRBUF_H
#define LIB_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	len;
	size_t	cap;
	bool	oom;
};

#define STRBUF_INIT	{ NULL, 0, 0, false }

void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_addch(struct strbuf *sb, char c, size_t count);
/* Text so far; "" for an empty buffer. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the text over (caller frees); the buffer is empty afterwards. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif /* LIB_STRBUF_H */
