// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a fuzz target looks past, kept: TMIGR_IGNORED_DIR=DIR.
 *
 * A target does not crash on a known issue (known.h), nor on a report that
 * TMIGR_IGNORE_SIGNATURES selects, so a campaign keeps fuzzing past the
 * documented findings. With TMIGR_IGNORED_DIR set they are not lost:
 *
 *   DIR/ignored-PID-TIME-N   the first input of each such signature in this
 *                            process (written under a hidden name, then
 *                            linked: never overwritten, never half written)
 *   DIR/counts-PID-TIME.tsv  "signature<TAB>executions<TAB>input" per
 *                            signature: how many executions of this process
 *                            hit it; rewritten at a new signature, at most
 *                            once a second otherwise, at exit and before a
 *                            crash (a timeout or a kill loses at most the
 *                            last second)
 *
 * tools/campaign collects both (docs/CAMPAIGNS.md). Merges and crash
 * minimisation re-run inputs rather than fuzz, so they record nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check/report.h"
#include "fuzz.h"

#define IGNORED_MAX	64

static struct ignored {
	char		sig[sizeof(((struct report *)0)->signature)];
	unsigned long	hits;
	char		input[64];	/* file name in dir, or "-" */
} seen[IGNORED_MAX];
static unsigned int nr_seen;
static char dir[2048];
static char counts[sizeof(dir) + 64];
static char stamp[48];		/* PID-TIME: this process's files */
static double last_write;
static bool dirty, off = true;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Something went wrong writing: say so once, and record nothing more. */
static void give_up(const char *what)
{
	fprintf(stderr, "tmigr fuzz target: TMIGR_IGNORED_DIR: cannot write %s; "
		"no longer recording what is looked past\n", what);
	off = true;
}

/* Write @len bytes of @data into the new file @tmp; 0 or -1. */
static int write_new(const char *tmp, const void *data, size_t len)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0) {
			close(fd);
			unlink(tmp);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(fd);
}

void fuzz_ignored_flush(void)
{
	/* A line: signature, tab, up to 20 digits, tab, input, newline. */
	char tmp[sizeof(counts) + 8], buf[IGNORED_MAX * (sizeof(seen[0].sig) + sizeof(seen[0].input) + 24)];
	size_t used = 0;

	if (off || !dirty)
		return;
	for (unsigned int i = 0; i < nr_seen; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s\t%lu\t%s\n",
					 seen[i].sig, seen[i].hits, seen[i].input);
	snprintf(tmp, sizeof(tmp), "%s/.counts-%s.tmp", dir, stamp);
	if (write_new(tmp, buf, used) || rename(tmp, counts)) {
		unlink(tmp);
		give_up(counts);
		return;
	}
	dirty = false;
	last_write = now_s();
}

static void save_input(struct ignored *s, const uint8_t *data, size_t size)
{
	char tmp[sizeof(dir) + 96], path[sizeof(dir) + 96];

	snprintf(s->input, sizeof(s->input), "ignored-%s-%u", stamp, nr_seen - 1);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, s->input);
	snprintf(path, sizeof(path), "%s/%s", dir, s->input);
	if (write_new(tmp, data, size) || link(tmp, path)) {
		unlink(tmp);
		snprintf(s->input, sizeof(s->input), "-");
		give_up(path);
		return;
	}
	unlink(tmp);
}

void fuzz_ignored_note(const uint8_t *data, size_t size)
{
	const char *saved = NULL;	/* this input, when kept for another signature */
	bool new_sig = false;

	if (off)
		return;
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		const struct report *r = report_get(i);
		unsigned int j;

		if (!r->known && !r->ignored)
			continue;
		for (j = 0; j < nr_seen && strcmp(seen[j].sig, r->signature); j++)
			;
		if (j == nr_seen) {
			if (nr_seen == IGNORED_MAX)
				continue;	/* counted nowhere: a pattern selects too much */
			snprintf(seen[j].sig, sizeof(seen[j].sig), "%s", r->signature);
			nr_seen++;
			if (saved)
				snprintf(seen[j].input, sizeof(seen[j].input), "%s", saved);
			else
				save_input(&seen[j], data, size);
			saved = seen[j].input;
			new_sig = true;
		}
		seen[j].hits++;
		dirty = true;
	}
	if (dirty && (new_sig || now_s() - last_write >= 1.0))
		fuzz_ignored_flush();
}

/* Runs that re-execute inputs instead of fuzzing: merges, minimisation. */
static bool rerun(int argc, char **argv)
{
	static const char *const flags[] = {
		"-merge=1", "-merge_inner=", "-merge_control_file=", "-minimize_crash=1",
		"-minimize_crash_internal_step=", "-cleanse_crash=1",
	};

	for (int i = 1; i < argc; i++)
		for (unsigned int f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
			if (!strncmp(argv[i], flags[f], strlen(flags[f])))
				return true;
	return false;
}

void fuzz_ignored_init(int argc, char **argv)
{
	const char *v = getenv("TMIGR_IGNORED_DIR");
	struct stat st;

	if (!v || !*v || rerun(argc, argv))
		return;
	if (strlen(v) >= sizeof(dir) || stat(v, &st) || !S_ISDIR(st.st_mode) || access(v, W_OK | X_OK)) {
		fprintf(stderr, "tmigr fuzz target: TMIGR_IGNORED_DIR '%s' is not a writable directory\n", v);
		exit(2);
	}
	snprintf(dir, sizeof(dir), "%s", v);
	snprintf(stamp, sizeof(stamp), "%ld-%ld", (long)getpid(), (long)time(NULL));
	snprintf(counts, sizeof(counts), "%s/counts-%s.tsv", dir, stamp);
	off = false;
	atexit(fuzz_ignored_flush);
}
