// SPDX-License-Identifier: GPL-2.0-only
#include "timerqueue.h"

bool timerqueue_add(struct timerqueue_head *head, struct timerqueue_node *node)
{
	struct timerqueue_node *prev = NULL, *cur = head->first;

	/* Skip every node that expires no later: equal expiries stay FIFO. */
	while (cur && cur->expires <= node->expires) {
		prev = cur;
		cur = cur->next;
	}

	node->prev = prev;
	node->next = cur;
	if (cur)
		cur->prev = node;
	if (prev)
		prev->next = node;
	else
		head->first = node;
	node->queued = true;

	return head->first == node;
}

bool timerqueue_del(struct timerqueue_head *head, struct timerqueue_node *node)
{
	if (node->queued) {
		if (node->prev)
			node->prev->next = node->next;
		else
			head->first = node->next;
		if (node->next)
			node->next->prev = node->prev;
		timerqueue_init(node);
	}
	return head->first != NULL;
}
