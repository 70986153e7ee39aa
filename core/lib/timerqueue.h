/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A time-ordered queue with the kernel's timerqueue interface.
 *
 * The kernel keeps an rbtree; tmigr queues hold at most one event per child
 * (eight), so a sorted doubly linked list is both simpler and faster here.
 * Ordering matches the kernel's: by expiry, and a node added with an expiry
 * equal to queued ones goes after them.
 */
#ifndef LIB_TIMERQUEUE_H
#define LIB_TIMERQUEUE_H

#include "../rt/types.h"

struct timerqueue_node {
	struct timerqueue_node	*next, *prev;
	u64			expires;
	bool			queued;
};

struct timerqueue_head {
	struct timerqueue_node	*first;
};

static inline void timerqueue_init_head(struct timerqueue_head *head)
{
	head->first = NULL;
}

static inline void timerqueue_init(struct timerqueue_node *node)
{
	node->next = node->prev = NULL;
	node->queued = false;
}

static inline bool timerqueue_node_queued(const struct timerqueue_node *node)
{
	return node->queued;
}

static inline struct timerqueue_node *timerqueue_getnext(struct timerqueue_head *head)
{
	return head->first;
}

static inline struct timerqueue_node *timerqueue_iterate_next(struct timerqueue_node *node)
{
	return node->next;
}

/* Returns true when @node became the first (earliest) node. */
bool timerqueue_add(struct timerqueue_head *head, struct timerqueue_node *node);

/* Returns true when the queue still holds nodes after the removal. */
bool timerqueue_del(struct timerqueue_head *head, struct timerqueue_node *node);

#endif /* LIB_TIMERQUEUE_H */
