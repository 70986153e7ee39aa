// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* program_invocation_short_name */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_file.h"
#include "exec/text.h"

static int read_file(const char *path, struct input_file *in, bool head, char *err,
		     size_t errlen)
{
	struct stat st;
	size_t want;
	int fd;

	in->data = NULL;
	in->size = 0;
	in->file_size = 0;
	/* O_NONBLOCK: a FIFO is refused below instead of waiting for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "cannot stat '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is %s", path,
			 S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	in->file_size = (unsigned long long)st.st_size;
	if (in->file_size > INPUT_FILE_MAX && !head) {
		snprintf(err, errlen, "'%s' has %llu bytes; a program is at most %u bytes",
			 path, in->file_size, INPUT_FILE_MAX);
		close(fd);
		return -1;
	}
	want = in->file_size > INPUT_FILE_MAX ? INPUT_FILE_MAX : (size_t)in->file_size;
	in->data = malloc(want ? want : 1);
	if (!in->data) {
		snprintf(err, errlen, "out of memory reading '%s'", path);
		close(fd);
		return -1;
	}
	while (in->size < want) {
		ssize_t n = read(fd, in->data + in->size, want - in->size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "cannot read '%s': %s", path,
				 n ? strerror(errno) : "the file shrank while being read");
			close(fd);
			input_file_free(in);
			return -1;
		}
		in->size += (size_t)n;
	}
	close(fd);
	return 0;
}

int input_file_read(const char *path, struct input_file *in, char *err, size_t errlen)
{
	return read_file(path, in, false, err, errlen);
}

int input_file_read_head(const char *path, struct input_file *in, char *err, size_t errlen)
{
	return read_file(path, in, true, err, errlen);
}

void input_file_free(struct input_file *in)
{
	free(in->data);
	in->data = NULL;
	in->size = 0;
}

bool input_file_is_text(const struct input_file *in, size_t *bad)
{
	for (size_t i = 0; i < in->size; i++) {
		uint8_t c = in->data[i];

		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
			*bad = i;
			return false;
		}
	}
	return true;
}

void input_printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

int input_file_check_new(const char *path)
{
	struct stat st;
	char *copy;
	int e = 0;

	if (!*path)
		return -ENOENT;
	if (!lstat(path, &st))
		return -EEXIST;
	if (errno != ENOENT)
		return -errno;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	if (access(dirname(copy), W_OK | X_OK))
		e = -errno;
	free(copy);
	return e;
}

static int write_all(int fd, const uint8_t *data, size_t size)
{
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* Write and close @fd, removing @path if that fails. */
static int write_close(int fd, const char *path, const uint8_t *data, size_t size)
{
	int e = write_all(fd, data, size);

	if (close(fd) && !e)
		e = -errno;
	if (e)
		unlink(path);
	return e;
}

int input_file_write_new(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	return write_close(fd, path, data, size);
}

int input_file_write_unique(char *tmpl, const uint8_t *data, size_t size)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	fd = mkstemp(tmpl);
	if (fd < 0)
		return -errno;
	/* mkstemp() makes it 0600; inputs are ordinary files. */
	if (fchmod(fd, 0644 & ~mask)) {
		int e = -errno;

		close(fd);
		unlink(tmpl);
		return e;
	}
	return write_close(fd, tmpl, data, size);
}

int input_file_replace(const char *path, const uint8_t *data, size_t size)
{
	struct stat st;
	char *tmp;
	int e;

	if (!lstat(path, &st) && !S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EEXIST;
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -ENOMEM;
	e = input_file_write_unique(tmp, data, size);
	if (!e && rename(tmp, path)) {
		e = -errno;
		unlink(tmp);
	}
	free(tmp);
	return e;
}

uint64_t input_parse_u64(const char *s, const char *what, uint64_t min, uint64_t max)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	unsigned long long v = 0;
	char *end = NULL;

	/* No sign, no blanks, no octal: decimal, or hexadecimal with 0x. */
	errno = 0;
	if (hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits))
		v = strtoull(digits, &end, hex ? 16 : 10);
	if (!end || errno || *end || v < min || v > max) {
		fprintf(stderr, "%s: %s must be an integer between %llu and %llu (got '%s')\n",
			program_invocation_short_name, what, (unsigned long long)min,
			(unsigned long long)max, s);
		exit(2);
	}
	return v;
}

const char *input_bad_option(char **argv, char *buf, size_t len)
{
	const char *word = argv[optind - 1];

	/*
	 * Long options are reported as written; a short one may sit in a group
	 * ("-qx"), so it is reported by its letter.
	 */
	if (optopt && strncmp(word, "--", 2)) {
		snprintf(buf, len, "-%c", optopt);
		return buf;
	}
	return word;
}

/* "TOOL: message" and exit 2. */
static __attribute__((noreturn, format(printf, 2, 3))) void input_die(const char *tool,
								  const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

struct exec_program *input_program_load(const char *tool, const char *path,
					enum exec_profile profile)
{
	struct exec_program *prog;
	struct exec_text_error terr;
	struct input_file in;
	char err[256];
	size_t bad;
	bool text;

	/* A binary input may be any size: only its head can matter. */
	if (input_file_read_head(path, &in, err, sizeof(err)))
		input_die(tool, "%s", err);
	if (!in.size)
		input_die(tool, "'%s' is empty: no program to search or run", path);
	prog = malloc(sizeof(*prog));
	if (!prog)
		input_die(tool, "%s", "out of memory");

	/* Text programs are printable; anything else is a binary input. */
	text = input_file_is_text(&in, &bad);
	if (text && in.size < in.file_size) {
		snprintf(err, sizeof(err), "'%s' has %llu bytes; a program is at most %u bytes",
			 path, in.file_size, INPUT_FILE_MAX);
		input_die(tool, "%s", err);
	}
	if (text) {
		static u8 ignored[65536];	/* the program's own schedule is not used */
		char *s = malloc(in.size + 1);
		size_t n;

		if (!s)
			input_die(tool, "%s", "out of memory");
		memcpy(s, in.data, in.size);
		s[in.size] = '\0';
		if (exec_text_parse(s, prog, ignored, sizeof(ignored), &n, &terr)) {
			input_printable(terr.msg);
			fprintf(stderr, "%s: %s:%u: %s\n", tool, path, terr.line, terr.msg);
			exit(2);
		}
		free(s);
	} else {
		exec_decode(in.data, in.size, prog);
		prog->schedule = NULL;
		prog->schedule_len = 0;
	}
	exec_apply_profile(prog, profile);
	/* The program is kept; the file data is not needed any more. */
	input_file_free(&in);
	return prog;
}

