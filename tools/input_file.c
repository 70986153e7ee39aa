// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_file.h"

int input_file_read(const char *path, struct input_file *in, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;

	in->data = NULL;
	in->size = 0;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a regular file", path);
		fclose(f);
		return -1;
	}
	if ((unsigned long long)st.st_size > INPUT_FILE_MAX) {
		snprintf(err, errlen, "'%s' has %lld bytes; inputs are at most %u bytes", path,
			 (long long)st.st_size, INPUT_FILE_MAX);
		fclose(f);
		return -1;
	}
	in->data = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!in->data) {
		snprintf(err, errlen, "out of memory reading '%s'", path);
		fclose(f);
		return -1;
	}
	in->size = fread(in->data, 1, (size_t)st.st_size, f);
	if (ferror(f) || in->size != (size_t)st.st_size) {
		snprintf(err, errlen, "cannot read '%s'", path);
		fclose(f);
		input_file_free(in);
		return -1;
	}
	fclose(f);
	return 0;
}

void input_file_free(struct input_file *in)
{
	free(in->data);
	in->data = NULL;
	in->size = 0;
}

int input_file_write_new(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, data, size);
	if (n < 0 || (size_t)n != size) {
		int e = n < 0 ? -errno : -EIO;

		close(fd);
		unlink(path);
		return e;
	}
	return close(fd) ? -errno : 0;
}

uint64_t input_parse_u64(const char *s, const char *what, uint64_t min, uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || errno || *end || v < min || v > max) {
		fprintf(stderr, "%s must be an integer between %llu and %llu (got '%s')\n", what,
			(unsigned long long)min, (unsigned long long)max, s);
		exit(2);
	}
	return v;
}
