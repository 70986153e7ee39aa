// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress findings become files.
 *
 * Free mode cannot be replayed, but what each CPU did can be written down.
 * With --record, every CPU logs its operations since the last quiescent
 * epoch; after the drain of that epoch every online CPU is idle and no timer
 * is pending, a state a program can recreate: boot the CPUs that were
 * online, let each go idle, then run its logged operations. When an epoch
 * brings a new report, that window is written as a text program, and
 * tmigr-search looks for a schedule of it that gives the same report.
 *
 * Each CPU writes only its own row of the window; the coordinator reads and
 * resets the window with every CPU parked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stress.h"
#include "check/report.h"
#include "exec/text.h"
#include "input_file.h"

static struct {
	const char		*dir;
	const struct stress_opts *opts;
	struct exec_program	*window;
	bool			truncated[EXEC_MAX_CPUS];
	unsigned int		signatures;	/* seen before this window */
	unsigned long		epoch;
	unsigned int		written;
	unsigned int		lost;	/* could not be written: printed to stderr */
} rec;

int record_init(const struct stress_opts *o, const char *dir)
{
	struct stat st;

	/* Found out now, not at the first finding: a finding is never lost. */
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "tmigr-stress: --record: cannot create '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "tmigr-stress: --record: '%s' is not a directory\n", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK)) {
		fprintf(stderr, "tmigr-stress: --record: cannot write into '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	rec.window = calloc(1, sizeof(*rec.window));
	if (!rec.window) {
		fprintf(stderr, "tmigr-stress: --record: out of memory\n");
		return -1;
	}
	rec.dir = dir;
	rec.opts = o;
	rec.window->cpus = o->cpus;
	rec.window->nodes = o->nodes;
	rec.window->layout = o->layout;
	rec.window->nohz_full = o->nohz_full;
	memcpy(rec.window->isolated, o->isolated, sizeof(rec.window->isolated));
	memcpy(rec.window->little, o->little, sizeof(rec.window->little));
	/* The first window starts at boot: the CPUs online at boot, running. */
	for (unsigned int c = 0; c < o->cpus; c++)
		rec.window->online[c] = c < o->boot_online;
	return 0;
}

bool record_enabled(void)
{
	return rec.window != NULL;
}

void record_op(unsigned int cpu, const struct exec_op *op)
{
	struct exec_program *w = rec.window;

	if (!w)
		return;
	if (w->nr_ops[cpu] == EXEC_MAX_OPS_PER_CPU) {
		rec.truncated[cpu] = true;
		return;
	}
	w->ops[cpu][w->nr_ops[cpu]++] = *op;
}

/* A new window: the drained state, every online CPU idle. */
static void window_reset(void)
{
	struct exec_program *w = rec.window;

	for (unsigned int c = 0; c < w->cpus; c++) {
		w->online[c] = env_cpu_hotplug_state(c) == CPUHP_ONLINE;
		w->nr_ops[c] = 0;
		rec.truncated[c] = false;
		if (w->online[c])
			w->ops[c][w->nr_ops[c]++] = (struct exec_op){ .code = OPC_IDLE };
	}
	w->online[0] = true;
	rec.signatures = report_nr_signatures();
}

/* Open a new file for the finding; an existing one (an earlier run) is kept. */
static FILE *open_finding(char *path, size_t len)
{
	for (unsigned int n = 0; n < 1000; n++) {
		FILE *f;

		snprintf(path, len, "%s/finding-%016" PRIx64 "-epoch%lu%s%.0u.txt", rec.dir,
			 rec.opts->seed, rec.epoch, n ? "-" : "", n);
		f = fopen(path, "wx");	/* never overwrite a finding */
		if (f || errno != EEXIST)
			return f;
	}
	return NULL;
}

/* The window brought signature @first, the first not ignored (--ignore-signature). */
static void window_write(unsigned int first)
{
	const struct report *r = report_get(first);
	const char *sig = r ? r->signature : "?";
	struct strbuf sb = STRBUF_INIT;
	bool truncated = false;
	char path[512], search[4096];
	int e = 0;
	FILE *f;

	for (unsigned int c = 0; c < rec.window->cpus; c++)
		truncated |= rec.truncated[c];
	f = open_finding(path, sizeof(path));
	if (!f)
		e = errno;

	strbuf_addf(&sb, "%s\n# tmigr-stress finding: %s\n", EXEC_TEXT_MAGIC, sig);
	for (unsigned int i = rec.signatures; i < report_nr_signatures(); i++)
		if (i != first)
			strbuf_addf(&sb, "# also reported in this window: %s%s\n", report_get(i)->signature,
				    report_get(i)->ignored ? " (ignored)" : "");
	strbuf_addf(&sb, "# seed 0x%016" PRIx64 ", epoch %lu, variant %s\n", rec.opts->seed,
		    rec.epoch, tmigr_variant_name(rec.opts->variant));
	/* The search must run what the stress ran: the same backend and variant. */
	strbuf_addf(&sb, "# What every CPU did since the last clean quiescent point (all online CPUs\n"
			 "# idle, no timer pending). The interleaving was not recorded: search for one:\n"
			 "#   %s%s%s --signature '%s'%s%s --strategy pct --runs 20000 -o repro.bin %s\n",
		    input_tool_path("tmigr-search", search, sizeof(search)),
		    tmigr_backend_selected() != &tmigr_model_backend ? " --backend " : "",
		    tmigr_backend_selected() != &tmigr_model_backend ? tmigr_backend_selected()->name : "",
		    sig, rec.opts->variant != TMIGR_FIXED ? " --variant " : "",
		    rec.opts->variant != TMIGR_FIXED ? tmigr_variant_name(rec.opts->variant) : "",
		    f ? path : "FILE");
	if (truncated && rec.opts->epoch_ms > 1)
		strbuf_addf(&sb, "# WARNING: some CPUs did more than %u operations in this window; only\n"
				 "# the first ones are here. A shorter --epoch-ms (1..%u) gives shorter windows.\n",
			    EXEC_MAX_OPS_PER_CPU, rec.opts->epoch_ms - 1);
	else if (truncated)
		strbuf_addf(&sb, "# WARNING: some CPUs did more than %u operations in this window, even\n"
				 "# with --epoch-ms 1; only the first ones are here, and the report may\n"
				 "# need the rest. Fewer CPUs (-n) make windows shorter.\n",
			    EXEC_MAX_OPS_PER_CPU);
	exec_text_format(rec.window, &sb);

	if (f && (fputs(strbuf_str(&sb), f) < 0 || fflush(f)))
		e = errno;
	if (f && fclose(f) && !e)
		e = errno;
	if (e) {
		/* The finding goes to stderr instead: never lost without a trace. */
		if (f)
			unlink(path);
		rec.lost++;
		fprintf(stderr, "tmigr-stress: cannot write a finding to %s: %s; here it is:\n%s",
			rec.dir, strerror(e), strbuf_str(&sb));
	} else {
		rec.written++;
		fprintf(stderr, "tmigr-stress: finding written to %s\n", path);
	}
	strbuf_release(&sb);
}

/* A window is written for a new signature the user did not ask to ignore. */
void record_epoch(void)
{
	if (!rec.window)
		return;
	for (unsigned int i = rec.signatures; i < report_nr_signatures(); i++) {
		if (!report_get(i)->ignored) {
			window_write(i);
			break;
		}
	}
	rec.epoch++;
	window_reset();
}

unsigned int record_written(void)
{
	return rec.written;
}

unsigned int record_lost(void)
{
	return rec.lost;
}
