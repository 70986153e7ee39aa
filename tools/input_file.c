// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* program_invocation_short_name */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_file.h"

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

enum input_kind input_file_kind(const struct input_file *in)
{
	if (exec_text_has_magic(in->data, in->size))
		return INPUT_TEXT;
	if (exec_text_looks_like_program(in->data, in->size))
		return INPUT_AUTO;
	return INPUT_BINARY;
}

/* The line of byte @off, for "file:line:" messages. */
static unsigned int line_of(const struct input_file *in, size_t off)
{
	unsigned int line = 1;

	for (size_t i = 0; i < off; i++)
		line += in->data[i] == '\n';
	return line;
}

static int load_text(const char *path, struct input_program *ip, char *err, size_t errlen)
{
	struct input_file *in = &ip->file;
	struct exec_text_error terr;
	size_t bad, nsched;
	char *text;

	if (!in->size) {
		snprintf(err, errlen, "'%s' is empty, not a program", path);
		return -1;
	}
	if (in->size < in->file_size) {
		snprintf(err, errlen, "'%s' has %llu bytes; a program is at most %u bytes",
			 path, in->file_size, INPUT_FILE_MAX);
		return -1;
	}
	if (!input_file_is_text(in, &bad)) {
		snprintf(err, errlen, "%s:%u: byte 0x%02x: not a text program%s", path,
			 line_of(in, bad), in->data[bad],
			 exec_text_has_magic(in->data, in->size) ?
			 " (its first line says it is one: the file is damaged)" :
			 " (--decode prints input files)");
		return -1;
	}
	text = malloc(in->size + 1);
	ip->sched = malloc(in->size / 2 + 1);	/* a schedule byte takes 2 characters */
	if (!text || !ip->sched) {
		free(text);
		snprintf(err, errlen, "out of memory reading '%s'", path);
		return -1;
	}
	memcpy(text, in->data, in->size);
	text[in->size] = '\0';
	if (exec_text_parse(text, ip->prog, ip->sched, in->size / 2 + 1, &nsched, &terr)) {
		input_printable(terr.msg);
		snprintf(err, errlen, "%s:%u: %s", path, terr.line, terr.msg);
		free(text);
		return -1;
	}
	free(text);
	ip->prog->schedule = ip->sched;
	ip->prog->schedule_len = nsched;
	ip->text = true;
	return 0;
}

int input_program_load(const char *path, enum input_kind kind, struct input_program *ip,
		       char *err, size_t errlen)
{
	memset(ip, 0, sizeof(*ip));
	/* A binary input may be any size: only its head can matter. */
	if (input_file_read_head(path, &ip->file, err, errlen))
		return -1;
	ip->prog = malloc(sizeof(*ip->prog));
	if (!ip->prog) {
		snprintf(err, errlen, "out of memory reading '%s'", path);
		goto fail;
	}
	if (kind == INPUT_AUTO)
		kind = input_file_kind(&ip->file);
	if (kind == INPUT_AUTO) {
		snprintf(err, errlen,
			 "'%s' reads like a text program but its first line is not '%s' (add that line; --binary runs the bytes)",
			 path, EXEC_TEXT_MAGIC);
		goto fail;
	}
	if (kind == INPUT_TEXT) {
		if (load_text(path, ip, err, errlen))
			goto fail;
	} else {
		exec_decode(ip->file.data, ip->file.size, ip->prog);
	}
	return 0;
fail:
	input_program_free(ip);
	return -1;
}

void input_program_free(struct input_program *ip)
{
	free(ip->prog);
	free(ip->sched);
	input_file_free(&ip->file);
	ip->prog = NULL;
	ip->sched = NULL;
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

const char *input_tool_path(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = { "", "/../tools" };
	char exe[4096], cwd[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t c;

	if (n <= 0)
		return name;
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	for (unsigned int i = 0; i < 2; i++) {
		char *real;

		if (snprintf(buf, len, "%s%s/%s", exe, dirs[i], name) >= (int)len)
			continue;
		real = realpath(buf, NULL);
		if (!real || access(real, X_OK)) {
			free(real);
			continue;
		}
		snprintf(buf, len, "%s", real);
		free(real);
		/* Relative to here when below here: what a user would type. */
		if (getcwd(cwd, sizeof(cwd)) && (c = strlen(cwd)) && !strncmp(buf, cwd, c) &&
		    buf[c] == '/')
			memmove(buf, buf + c + 1, strlen(buf + c + 1) + 1);
		return buf;
	}
	return name;
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

void input_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void input_option_error(char **argv, int c)
{
	char opt[8];

	if (c == ':')
		input_die("option '%s' needs a value", input_bad_option(argv, opt, sizeof(opt)));
	input_die("unknown option '%s' (%s --help)", input_bad_option(argv, opt, sizeof(opt)),
		  program_invocation_short_name);
}

enum tmigr_variant input_parse_variant(const char *arg)
{
	enum tmigr_variant v;
	char path[4096];

	if (!tmigr_variant_parse(arg, &v))
		input_die("unknown variant '%s' (%s --list-variants)", arg,
			  input_tool_path("tmigr-stress", path, sizeof(path)));
	return v;
}

enum exec_profile input_parse_profile(const char *arg)
{
	enum exec_profile p;

	if (!exec_profile_parse(arg, &p))
		input_die("--profile must be plain or hotplug (got '%s')", arg);
	return p;
}
