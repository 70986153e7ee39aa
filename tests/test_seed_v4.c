// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seed report's v4 setup failure on the real 6.12 file: the configured
 * tree's timer_migration.c with patches/seed/v4-prepare-on-ap-online.patch
 * applied (a copy in the build directory), whose tmigr_init() registers the
 * prepare callback on CPUHP_AP_TMIGR_ONLINE. The online registration then
 * collides with it: -EBUSY, "Timer migration setup failed". What tmigr is
 * left in is checked as the model's v4-ap-prepare variant is, with the
 * same program (corpus/regressions/v4-ap-prepare.txt).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "exec/run.h"
#include "exec/text.h"
#include "tmigr/tmigr.h"

extern const struct tmigr_backend tmigr_kernel_tree_backend_v4;


static void run_file(const char *path, enum tmigr_variant variant, struct exec_result *res)
{
	static struct exec_program prog;
	static char text[8192];
	static u8 sched[256];
	struct exec_text_error terr;
	struct exec_opts o = { .mode = EXEC_BYTES, .variant = variant };
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

	CHECK(f != NULL);
	if (f)
		fclose(f);
	text[n] = '\0';
	CHECK_EQ(exec_text_parse(text, &prog, sched, sizeof(sched), &n, &terr), 0);
	prog.schedule = n ? sched : NULL;
	prog.schedule_len = n;
	report_reset();
	exec_run(&prog, &o, res);
}

/* Boot: the collision, its errno and state, and the kernel's message. */
static void test_v4_setup_failure(void)
{
	tmigr_backend_use(&tmigr_kernel_tree_backend_v4);
	th_env(8, 1, 8);		/* boots, brings CPUs 1-7 up, captures printk */
	CHECK_HAS(th_log(), "Timer migration setup failed");
	CHECK(th_reported("setup-failure:tmigr_init/CPUHP_AP_TMIGR_ONLINE/EBUSY:kernel-"));
	tmigr_backend_use(&tmigr_model_backend);
}

/* The signatures filed, in order, without their last field (variant or tree). */
static void signatures(char *out, size_t len)
{
	out[0] = '\0';
	for (unsigned int i = 0; i < report_nr_signatures(); i++) {
		const char *sig = report_get(i)->signature;
		const char *end = strrchr(sig, ':');
		size_t used = strlen(out);

		snprintf(out + used, len - used, "%.*s\n", (int)(end ? end - sig : (long)strlen(sig)),
			 sig);
	}
}

/*
 * The program the model's variant is judged by: the real file reports what
 * the model's v4-ap-prepare variant does - the setup failure, then, as
 * every CPU coming up builds its own groups, the WARN for that and a
 * phantom-active old top - and the unpatched file nothing.
 */
static void test_v4_program(void)
{
	static char real[1024], model[1024];
	struct exec_result res;

	tmigr_backend_use(&tmigr_kernel_tree_backend_v4);
	run_file(KTEST_CORPUS "/regressions/v4-ap-prepare.txt", TMIGR_FIXED, &res);
	CHECK_EQ(res.outcome, CTL_COMPLETE);
	CHECK_HAS(res.signature, "setup-failure:tmigr_init/CPUHP_AP_TMIGR_ONLINE/EBUSY:kernel-");
	signatures(real, sizeof(real));
	printf("the real file with the v4 registration:\n%s", real);

	tmigr_backend_use(&tmigr_model_backend);
	run_file(KTEST_CORPUS "/regressions/v4-ap-prepare.txt", TMIGR_V4_AP_PREPARE, &res);
	signatures(model, sizeof(model));
	CHECK(!strcmp(real, model));

	tmigr_backend_use(tmigr_kernel_backend);
	run_file(KTEST_CORPUS "/regressions/v4-ap-prepare.txt", TMIGR_FIXED, &res);
	CHECK_EQ(res.new_reports, 0);
	tmigr_backend_use(&tmigr_model_backend);
	report_reset();
}

int main(int argc, char **argv)
{
	static const struct th_case cases[] = {
		TH_CASE(test_v4_setup_failure),
		TH_CASE(test_v4_program),
	};

	return th_main(argc, argv, cases, ARRAY_SIZE(cases));
}
