// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmigr-mkinput: write an input file from a readable program, or print the
 * program an input file stands for.
 *
 *   tmigr-mkinput PROGRAM.txt -o INPUT.bin
 *   tmigr-mkinput --decode INPUT.bin
 *
 * The text format (docs/input-format.md):
 *
 *   # tmigr-program         the first line: this is text, not bytes
 *   cpus 9                  2..8192
 *   nodes 1                 1..8
 *   layout blocks           or interleaved
 *   online 0-7              CPUs online at boot (default: all)
 *   (optional: boot parallel, memory-nodes K, absent-cpus no-node,
 *    nohz_full on, isolcpus [domain,]LIST, little LIST)
 *   cpu 0: idle; wake; hotplug 8 idle
 *   cpu 8: arm 0 +7; idle
 *   schedule 3 1 0 0        raw schedule bytes: (run, thread) pairs
 *
 * Operations: nop, idle, wake, tick, clock QUARTER-TICKS,
 * arm SLOT +TICKS [on CPU], cancel TIMER, hotplug CPU [idle].
 *
 * Exit status: 0 done, 2 bad usage or bad program (one line: file:line: why).
 * An existing output is kept unless --force, which replaces it atomically,
 * and the program is never its own output.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_file.h"
#include "exec/text.h"

static int encode(const char *in, const char *out, bool force)
{
	struct input_program ip;
	char msg[512];
	size_t len;
	u8 *bin;
	int e;

	if (input_program_load(in, INPUT_TEXT, &ip, msg, sizeof(msg))) {
		fprintf(stderr, "tmigr-mkinput: %s\n", msg);
		return 2;
	}
	bin = exec_encode(ip.prog, ip.prog->schedule, ip.prog->schedule_len, &len);
	input_program_free(&ip);
	if (!bin) {
		fprintf(stderr, "tmigr-mkinput: out of memory\n");
		return 2;
	}
	e = force ? input_file_replace(out, bin, len) : input_file_write_new(out, bin, len);
	free(bin);
	if (e) {
		fprintf(stderr, "tmigr-mkinput: cannot write '%s': %s%s\n", out, strerror(-e),
			e != -EEXIST ? "" : force ? " (--force replaces only regular files)" :
			" (use --force to replace it)");
		return 2;
	}
	return 0;
}

static int decode(const char *in, bool binary)
{
	static struct exec_program p;
	struct strbuf sb = STRBUF_INIT;
	struct input_file f;
	char err[256];

	/* Any byte string is an input; only its head can matter. */
	if (input_file_read_head(in, &f, err, sizeof(err))) {
		fprintf(stderr, "tmigr-mkinput: %s\n", err);
		return 2;
	}
	if (!binary && input_file_kind(&f) != INPUT_BINARY) {
		fprintf(stderr, "tmigr-mkinput: '%s' is a text program%s, not a binary input: tmigr-replay and tmigr-search read it as it is (--binary decodes its bytes)\n",
			in, input_file_kind(&f) == INPUT_TEXT ? "" :
			" (without its first line '" EXEC_TEXT_MAGIC "')");
		input_file_free(&f);
		return 2;
	}
	exec_decode(f.data, f.size, &p);
	printf("%s\n# %s: %llu bytes%s\n", EXEC_TEXT_MAGIC, in, f.file_size,
	       f.size < f.file_size ? " (only the head can matter)" : "");
	exec_text_format(&p, &sb);
	fputs(strbuf_str(&sb), stdout);
	strbuf_release(&sb);
	input_file_free(&f);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "tmigr-mkinput: cannot write the program: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}

/* True if @a and @b name the same existing file (links included). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: tmigr-mkinput PROGRAM.txt -o INPUT.bin [--force]\n"
"       tmigr-mkinput --decode [--binary] INPUT.bin\n"
"\n"
"Write an input file (one execution: topology, a program per CPU, schedule)\n"
"from a readable program, or print the program of an input file. The format\n"
"is in docs/input-format.md. An existing output file is never replaced\n"
"unless --force is given; then it is replaced atomically (the old contents\n"
"stay until the new ones are complete), and only if it is a regular file;\n"
"never the program itself.\n"
"\n"
"Text programs start with the line '" EXEC_TEXT_MAGIC "' (--decode writes\n"
"it; PROGRAM.txt may lack it). --decode refuses a text program; --binary\n"
"decodes a file's bytes even if they read like one.\n"
"\n"
"Exit status: 0 done, 2 bad usage or bad program.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "decode",	no_argument,	NULL, 'd' },
		{ "binary",	no_argument,	NULL, 'B' },
		{ "force",	no_argument,	NULL, 'f' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool do_decode = false, force = false, binary = false;
	const char *in, *out = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': do_decode = true; break;
		case 'B': binary = true; break;
		case 'f': force = true; break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: input_option_error(argv, c);
		}
	}
	if (optind == argc)
		input_die("which file? (tmigr-mkinput --help)");
	if (optind != argc - 1)
		input_die("one input at a time");
	in = argv[optind];
	if (do_decode) {
		if (out || force)
			input_die("--decode prints to stdout; -o and --force do not apply");
		return decode(in, binary);
	}
	if (!out)
		input_die("-o OUTPUT is needed to write an input");
	if (binary)
		input_die("--binary applies to --decode only");
	if (same_file(in, out))
		input_die("'%s' is the program itself; write the input elsewhere", out);
	return encode(in, out, force);
}
