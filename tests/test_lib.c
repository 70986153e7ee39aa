// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel-like data structures: timerqueue ordering and return values,
 * list_add() order, strbuf, CPU lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lib/cpulist.h"
#include "lib/list.h"
#include "lib/strbuf.h"
#include "lib/timerqueue.h"

static void test_timerqueue_order(void)
{
	struct timerqueue_head head;
	struct timerqueue_node n[5];
	static const u64 expires[5] = { 30, 10, 20, 10, 5 };
	struct timerqueue_node *it;
	/* by expiry; equal expiries in insertion order (n1 before n3) */
	static const int want[5] = { 4, 1, 3, 2, 0 };
	int i = 0;

	timerqueue_init_head(&head);
	CHECK(timerqueue_getnext(&head) == NULL);
	for (int k = 0; k < 5; k++) {
		bool first;

		timerqueue_init(&n[k]);
		CHECK(!timerqueue_node_queued(&n[k]));
		n[k].expires = expires[k];
		first = timerqueue_add(&head, &n[k]);
		/* New first node: n0, n1, n4 (n3 goes after the equal n1). */
		CHECK_EQ(first, k == 0 || k == 1 || k == 4);
		CHECK(timerqueue_node_queued(&n[k]));
	}
	for (it = timerqueue_getnext(&head); it; it = timerqueue_iterate_next(it), i++)
		CHECK(i < 5 && it == &n[want[i]]);
	CHECK_EQ(i, 5);

	CHECK(timerqueue_del(&head, &n[1]));
	CHECK(!timerqueue_node_queued(&n[1]));
	CHECK(timerqueue_getnext(&head) == &n[4]);
	/* Deleting a node that is not queued changes nothing. */
	CHECK(timerqueue_del(&head, &n[1]));
	for (int k = 0; k < 5; k++)
		if (k != 1 && k != 2)
			CHECK(timerqueue_del(&head, &n[k]));
	/* The last one leaves the queue empty. */
	CHECK(!timerqueue_del(&head, &n[2]));
	CHECK(timerqueue_getnext(&head) == NULL);
}

struct item {
	int			v;
	struct list_head	list;
};

static void test_list_add_is_head_first(void)
{
	struct list_head head;
	struct item it[3] = { { 0, { 0 } }, { 1, { 0 } }, { 2, { 0 } } }, *pos;
	int seen[3], n = 0;

	INIT_LIST_HEAD(&head);
	CHECK(list_empty(&head));
	list_add(&it[0].list, &head);
	CHECK(list_is_singular(&head));
	list_add(&it[1].list, &head);
	list_add(&it[2].list, &head);
	CHECK(!list_is_singular(&head));
	list_for_each_entry(pos, &head, list)
		seen[n++] = pos->v;
	CHECK_EQ(n, 3);
	CHECK(seen[0] == 2 && seen[1] == 1 && seen[2] == 0);
	list_del(&it[1].list);
	n = 0;
	list_for_each_entry_reverse(pos, &head, list)
		seen[n++] = pos->v;
	CHECK(n == 2 && seen[0] == 0 && seen[1] == 2);
}

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	CHECK(!strcmp(strbuf_str(&sb), ""));
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	CHECK_HAS(strbuf_str(&sb), "998,999,");
	strbuf_addch(&sb, '-', 3);
	strbuf_add(&sb, "xyz", 2);
	CHECK_HAS(strbuf_str(&sb), "999,---xy");
	s = strbuf_detach(&sb);
	CHECK(!strcmp(strbuf_str(&sb), ""));
	free(s);
	strbuf_release(&sb);
}

/* Parse @list (a copy: the parser cuts it up) into @mask; the error in @err. */
static int parse(const char *list, bool *mask, unsigned int nr, unsigned int *end, char *err,
		 size_t errlen)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", list);
	err[0] = '\0';
	return cpulist_parse(buf, "online", mask, nr, end, err, errlen);
}

static void test_cpulist_good(void)
{
	static const struct {
		const char	*list;
		const char	*canonical;	/* cpulist_format() of the mask */
		unsigned int	end;
	} cases[] = {
		{ "0-3,8", "0-3,8", 9 },
		{ " 1 , 2 - 4 ", "1-4", 5 },	/* blanks around numbers */
		{ "5,3,4", "3-5", 6 },		/* any order */
		{ "2-2,1-3", "1-3", 4 },	/* overlaps */
		{ "1,,2", "1-2", 3 },		/* empty ranges are skipped */
		{ ",", "", 0 },
		{ "0x3,010", "3,8", 9 },	/* base 0, as every number of the format */
		{ "15", "15", 16 },		/* the last CPU */
	};
	bool mask[16];
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		unsigned int end = 0;

		/* The list replaces what the mask had. */
		memset(mask, 1, sizeof(mask));
		CHECK_EQ(parse(cases[i].list, mask, 16, &end, err, sizeof(err)), 0);
		CHECK_EQ(end, cases[i].end);
		cpulist_format(&sb, mask, 16);
		if (strcmp(strbuf_str(&sb), cases[i].canonical))
			th_fail(__FILE__, __LINE__, cases[i].list, "formatted as '%s', want '%s'",
				strbuf_str(&sb), cases[i].canonical);
		strbuf_release(&sb);
	}

	/* @end only grows: callers check the highest CPU of all their lists. */
	{
		unsigned int end = 12;

		CHECK_EQ(parse("0-3", mask, 16, &end, err, sizeof(err)), 0);
		CHECK_EQ(end, 12);
	}
}

static void test_cpulist_errors(void)
{
	static const struct {
		const char	*list;
		const char	*msg;
	} cases[] = {
		{ "5-2", "online range 5-2 goes backwards (write 2-5)" },
		{ "16", "online CPU must be between 0 and 15 (got '16')" },
		{ "0-16", "online CPU must be between 0 and 15 (got '16')" },
		{ "x", "online CPU must be between 0 and 15 (got 'x')" },
		{ "1-2-3", "online CPU must be between 0 and 15 (got '2-3')" },
		{ "99999999999999999999999", "online CPU must be between 0 and 15" },
		{ "1-", "online CPU: number missing" },
		{ "-3", "online CPU: number missing" },
		{ "1, ,2", "online CPU: number missing" },
		/* The first error is the one reported. */
		{ "x-16", "online CPU must be between 0 and 15 (got 'x')" },
	};
	bool mask[16];
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int end = 0;

		CHECK_EQ(parse(cases[i].list, mask, 16, &end, err, sizeof(err)), -EINVAL);
		CHECK_HAS(err, cases[i].msg);
	}
}

static void test_cpulist_isolcpus(void)
{
	static const struct {
		const char	*arg;
		const char	*result;	/* the mask, or the error */
	} cases[] = {
		{ "domain,0,2-3", "0,2-3" },
		{ "2-3", "2-3" },
		{ " domain,5", "5" },
		{ NULL, "--isolcpus needs a CPU list (e.g. '--isolcpus 2-3')" },
		{ "", "--isolcpus needs a CPU list (e.g. '--isolcpus 2-3')" },
		{ "domain,", "--isolcpus needs a CPU list (e.g. '--isolcpus 2-3')" },
		{ "domain", "--isolcpus takes [domain,]CPU-LIST (got 'domain')" },
		{ "nohz,2", "--isolcpus takes [domain,]CPU-LIST (got 'nohz,2')" },
		{ "domain,4-1", "--isolcpus range 4-1 goes backwards (write 1-4)" },
		{ "2,x", "--isolcpus CPU must be between 0 and 7 (got 'x')" },
	};
	bool mask[8];
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		unsigned int end = 0;
		char buf[64], *arg = NULL;

		if (cases[i].arg) {
			snprintf(buf, sizeof(buf), "%s", cases[i].arg);
			arg = buf;
		}
		if (cpulist_parse_isolcpus(arg, "--isolcpus", mask, 8, &end, err, sizeof(err))) {
			CHECK_HAS(err, cases[i].result);
			continue;
		}
		cpulist_format(&sb, mask, 8);
		if (strcmp(strbuf_str(&sb), cases[i].result))
			th_fail(__FILE__, __LINE__, cases[i].arg, "gave '%s', want '%s'",
				strbuf_str(&sb), cases[i].result);
		strbuf_release(&sb);
	}
}

static void test_log2_helpers(void)
{
	CHECK_EQ(order_base_2(1), 0);
	CHECK_EQ(order_base_2(2), 1);
	CHECK_EQ(order_base_2(8), 3);
	CHECK_EQ(order_base_2(9), 4);
	CHECK_EQ(order_base_2(4096), 12);
	CHECK_EQ(ilog2(8), 3);
	CHECK_EQ(ilog2(9), 3);
	{
		unsigned long m = 0x28;

		CHECK_EQ(find_first_bit(&m, 8), 3);
		CHECK_EQ(bitmap_weight(&m, 8), 2);
		m = 0;
		CHECK_EQ(find_first_bit(&m, 8), 8);
	}
}

int main(int argc, char **argv)
{
	static const struct th_case tests[] = {
		TH_CASE(test_timerqueue_order),
		TH_CASE(test_list_add_is_head_first),
		TH_CASE(test_strbuf),
		TH_CASE(test_cpulist_good),
		TH_CASE(test_cpulist_errors),
		TH_CASE(test_cpulist_isolcpus),
		TH_CASE(test_log2_helpers),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
