// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bounded exhaustive search over schedules (depth first, with a preemption
 * bound, as in CHESS).
 *
 * Every run replays a prefix of choices and then follows the default policy,
 * logging each decision (which threads could run, which ran). The search
 * then backtracks to the deepest decision with an alternative not tried
 * yet whose cost keeps the run within the bound, and runs that prefix.
 * Switching away from a thread that could go on in the middle of its
 * operation costs one preemption; switching at an operation boundary, or
 * because the current thread cannot go on, is free.
 */
#include <stdlib.h>
#include <string.h>

#include "dfs.h"

struct frame {
	struct ctl_choice	log;		/* as seen in the run that created it */
	u16			chosen;		/* choice in the current prefix */
	u16			next_alt;	/* next alternative to consider */
	u32			cost_before;	/* preemptions of frames below */
};

static u32 cost(const struct ctl_choice *c, u16 pick)
{
	return c->current != 0xffff && pick != c->current && !c->boundary;
}

int ctl_dfs(const struct ctl_dfs_config *cfg, struct ctl_dfs_stats *st)
{
	struct frame *frames = NULL;
	size_t depth = 0, cap = 0;
	u16 *prefix = NULL;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	for (;;) {
		const struct ctl_choice *log;
		size_t len;
		int verdict;

		if (cfg->max_runs && st->runs >= cfg->max_runs) {
			st->truncated = true;
			break;
		}

		prefix = realloc(prefix, (depth ? depth : 1) * sizeof(*prefix));
		if (!prefix) {
			ret = -1;
			break;
		}
		for (size_t i = 0; i < depth; i++)
			prefix[i] = frames[i].chosen;

		verdict = cfg->run(prefix, depth, &log, &len, cfg->ctx);
		st->runs++;
		if (verdict < 0) {
			ret = -1;
			break;
		}
		if (verdict > 0) {
			st->found = true;
			ret = 1;
			break;
		}
		if (len < depth) {
			/* The program did not repeat itself: not deterministic. */
			st->nondeterministic = true;
			ret = -1;
			break;
		}

		/* New frames for the decisions past the prefix. */
		if (len > cap) {
			struct frame *f = realloc(frames, len * sizeof(*f));

			if (!f) {
				ret = -1;
				break;
			}
			frames = f;
			cap = len;
		}
		for (size_t j = depth; j < len; j++) {
			frames[j].log = log[j];
			frames[j].chosen = log[j].picked;
			frames[j].next_alt = 0;
			frames[j].cost_before = j ? frames[j - 1].cost_before +
					       cost(&frames[j - 1].log, frames[j - 1].chosen) : 0;
		}
		depth = len;
		if (len > st->max_depth)
			st->max_depth = len;

		/* Backtrack to the deepest decision with an alternative left. */
		for (;;) {
			struct frame *f;
			bool found = false;

			if (!depth)
				goto done;
			f = &frames[depth - 1];
			while (f->next_alt < f->log.nr_runnable) {
				u16 a = f->next_alt++;

				if (a == f->log.picked)
					continue;
				if (f->cost_before + cost(&f->log, a) > cfg->bound)
					continue;
				f->chosen = a;
				found = true;
				break;
			}
			if (found)
				break;
			depth--;
		}
	}
done:
	free(frames);
	free(prefix);
	return ret;
}
