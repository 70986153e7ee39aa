/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading input files and numbers for the tools, with one-line errors. */
#ifndef TOOLS_INPUT_FILE_H
#define TOOLS_INPUT_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Inputs are small; anything bigger is a mistake, not an input. */
#define INPUT_FILE_MAX	(16u << 20)

struct input_file {
	uint8_t	*data;
	size_t	size;
};

/* 0, or -1 with a one-line reason in @err. */
int input_file_read(const char *path, struct input_file *in, char *err, size_t errlen);
void input_file_free(struct input_file *in);
/* Write @size bytes to a new file @path; never overwrites (-EEXIST). */
int input_file_write_new(const char *path, const uint8_t *data, size_t size);

/* Parse a number (decimal or 0x); exits 2 with a clear message if invalid. */
uint64_t input_parse_u64(const char *s, const char *what, uint64_t min, uint64_t max);

#endif /* TOOLS_INPUT_FILE_H */
