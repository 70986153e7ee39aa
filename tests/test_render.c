// SPDX-License-Identifier: GPL-2.0-only
/*
 * The drawings people paste into mail: exact text for a small tree, the
 * outline for a wide one, raw masks for states no child explains.
 */
#include <stdlib.h>

#include "harness.h"

static void test_columns_exact(void)
{
	static const char want[] =
		"[GRP1:0]\n"
		"migrator = GRP0:0\n"
		"active = GRP0:0\n"
		"nextevt = 3000000\n"
		"\n"
		"[GRP0:0]                  [GRP0:1]\n"
		"migrator = CPU0           migrator = TMIGR_NONE\n"
		"active = CPU0             active = NONE\n"
		"nextevt = KTIME_MAX       nextevt = 3000000\n"
		"  CPU0 active               CPU2 idle evt=3000000\n"
		"  CPU1 idle                 CPU3 idle\n";

	th_env(4, 2, 4);
	th_idle(1);
	th_arm(2, 0, 3);
	th_idle(2);
	th_idle(3);
	if (strcmp(th_draw(th_snap()), want))
		th_fail(__FILE__, __LINE__, "exact drawing", "got:\n%s\nwant:\n%s",
			th_draw(th_snap()), want);
}

static void test_outline_when_wide(void)
{
	const char *text;

	th_env(64, 1, 64);
	text = th_draw(th_snap());
	/* eight level-0 groups cannot sit side by side: one per line */
	CHECK_HAS(text, "[GRP1:0] migrator = GRP0:0  active = GRP0:0, GRP0:1, GRP0:2");
	CHECK_HAS(text, "\n  [GRP0:7] migrator = CPU56");
	CHECK_HAS(text, "\n    CPU63 active\n");
	for (const char *l = text; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		CHECK(len <= 132);
		l += len + (nl ? 1 : 0);
	}
}

static void test_raw_masks(void)
{
	struct tmigr_snapshot *snap;
	struct strbuf sb = STRBUF_INIT;
	int top;

	th_env(9, 1, 9);
	snap = th_snap();
	top = th_group(snap, 1, 0);
	snap->groups[top].migrator = 0x00;
	snap->groups[top].active = 0x81;
	render_hierarchy(&sb, snap, NULL);
	CHECK_HAS(strbuf_str(&sb), "migrator = 0x00 (no such child)");
	CHECK_HAS(strbuf_str(&sb), "active = GRP0:0, 0x80?");
	strbuf_release(&sb);
}

static void test_setup_and_events(void)
{
	struct render_opts o;
	struct strbuf sb = STRBUF_INIT;

	th_env(4, 1, 4);
	th_arm(1, 0, 2);
	th_arm(2, 0, 4);
	th_idle(1);
	th_idle(2);
	render_opts_init(&o);
	o.setup = true;
	o.events = true;
	render_hierarchy(&sb, th_snap(), &o);
	CHECK_HAS(strbuf_str(&sb), "parent = NONE");
	CHECK_HAS(strbuf_str(&sb), "groupmask = 0x01 seq = ");
	CHECK_HAS(strbuf_str(&sb), "events = CPU1@2000000\n         CPU2@4000000");
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_columns_exact),
		TH_CASE(test_outline_when_wide),
		TH_CASE(test_raw_masks),
		TH_CASE(test_setup_and_events),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
