// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel-like data structures: timerqueue ordering and return values,
 * list_add() order, strbuf.
 */
#include <stdlib.h>

#include "harness.h"
#include "lib/list.h"
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
		TH_CASE(test_log2_helpers),
	};

	return th_main(argc, argv, tests, ARRAY_SIZE(tests));
}
