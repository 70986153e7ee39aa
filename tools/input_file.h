/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading input files and numbers for the tools, with one-line errors. */
#ifndef TOOLS_INPUT_FILE_H
#define TOOLS_INPUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/text.h"

/*
 * Text programs are small; anything bigger is a mistake, not a program. A fuzz
 * input may be any size, but no run reads more than its first few MiB (two
 * bytes per decision within the livelock budget), so only this much is kept.
 */
#define INPUT_FILE_MAX	(16u << 20)

struct input_file {
	uint8_t		*data;
	size_t		size;
	unsigned long long file_size;	/* on disk; > size if only the head was read */
};

/* 0, or -1 with a one-line reason in @err. Never blocks on FIFOs or devices. */
int input_file_read(const char *path, struct input_file *in, char *err, size_t errlen);
/* Same for a file of any size, keeping its first INPUT_FILE_MAX bytes. */
int input_file_read_head(const char *path, struct input_file *in, char *err, size_t errlen);
void input_file_free(struct input_file *in);

/* True if @in looks like text; else *@bad is the offset of the first binary byte. */
bool input_file_is_text(const struct input_file *in, size_t *bad);

/*
 * The one way the tools load an input (docs/input-format.md, "Text or
 * binary"): a file whose first line is EXEC_TEXT_MAGIC is a text program,
 * anything else a binary input. A file that reads like a text program
 * without that line is refused rather than run as bytes.
 */
enum input_kind {
	INPUT_AUTO,	/* decide by the first line */
	INPUT_TEXT,	/* a text program, magic line optional (tmigr-mkinput) */
	INPUT_BINARY,	/* the bytes as a binary input, whatever they look like */
};

/* What @in is; INPUT_AUTO for text without the magic line. */
enum input_kind input_file_kind(const struct input_file *in);

struct input_program {
	struct exec_program	*prog;	/* the schedule points into this struct */
	bool			text;	/* it was a text program */
	struct input_file	file;	/* binary: the bytes (head) */
	u8			*sched;	/* text: the schedule bytes */
};

/* 0, or -1 with one line ("file:line: why" for text) in @err. */
int input_program_load(const char *path, enum input_kind kind, struct input_program *ip,
		       char *err, size_t errlen);
void input_program_free(struct input_program *ip);
/* Replace control characters so that a message quoting input stays one line. */
void input_printable(char *s);

/*
 * 0 if a new file @path can be created (it does not exist, its directory is
 * writable), else -errno (-EEXIST if it exists). For failing early.
 */
int input_file_check_new(const char *path);
/* Write @size bytes to a new file @path; never overwrites (-EEXIST). */
int input_file_write_new(const char *path, const uint8_t *data, size_t size);
/* Write a new file named after @tmpl ("...XXXXXX", filled in); 0 or -errno. */
int input_file_write_unique(char *tmpl, const uint8_t *data, size_t size);
/*
 * Atomically replace the regular file @path (or create it): the old contents
 * stay until the new ones are complete. -EISDIR, -EEXIST (not a regular file).
 */
int input_file_replace(const char *path, const uint8_t *data, size_t size);

/*
 * Parse a number (decimal, or hexadecimal with 0x); exits 2 with a clear
 * message if invalid.
 */
uint64_t input_parse_u64(const char *s, const char *what, uint64_t min, uint64_t max);

/*
 * How to run the harness's program @name ("tmigr-replay") from here: its
 * path next to the running program (or in ../tools/ of it), relative to the
 * current directory when below it; @name alone if it is not found. Hints
 * print commands that work without the build directory on PATH.
 */
const char *input_tool_path(const char *name, char *buf, size_t len);

/* The option getopt_long() just rejected ('?' or ':'), as the user wrote it. */
const char *input_bad_option(char **argv, char *buf, size_t len);

/*
 * The tools' shared option handling (one home): a one-line error and exit 2;
 * getopt_long()'s ':' or '?' as "option '-x' needs a value" or "unknown
 * option"; the --variant and --profile values.
 */
void input_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void input_option_error(char **argv, int c) __attribute__((noreturn));
enum tmigr_variant input_parse_variant(const char *arg);
enum exec_profile input_parse_profile(const char *arg);

#endif /* TOOLS_INPUT_FILE_H */
