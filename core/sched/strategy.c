// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduling strategies. Each is deterministic given its input (bytes or
 * seed), so a run can be repeated exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "../lib/prng.h"

/*
 * The default policy: run the current thread through its operation; at an
 * operation boundary, or when it cannot go on, pass to the next runnable
 * thread after it in id order (round robin).
 */
unsigned int ctl_round_robin(const unsigned int *runnable, unsigned int n, unsigned int self)
{
	for (unsigned int i = 0; i < n; i++)
		if (runnable[i] > self)
			return runnable[i];
	return runnable[0];
}

static unsigned int default_pick(const struct ctl_decision *d)
{
	if (d->current >= 0 && !d->at_boundary)
		return (unsigned int)d->current;
	return ctl_round_robin(d->runnable, d->nr_runnable, d->self);
}

static unsigned int default_index(const struct ctl_decision *d)
{
	unsigned int pick = default_pick(d);

	for (unsigned int i = 0; i < d->nr_runnable; i++)
		if (d->runnable[i] == pick)
			return i;
	return 0;
}

static void plain_destroy(struct ctl_strategy *s)
{
	free(s);
}

/* ---- bytes ------------------------------------------------------------------------ */

/*
 * Decisions come in pairs (run, who). @who is an index into the sorted list
 * of runnable CPUs (modulo its length), not a CPU number; that CPU then
 * passes @run more of its own scheduling points - counting points where it
 * is the only runnable CPU, not counting lock or wait points where nobody
 * else can run - before the next pair is read (or earlier, if it blocks).
 */
struct bytes_strategy {
	struct ctl_strategy	base;
	const u8		*data;
	size_t			len;
	size_t			pos;
	unsigned int		run_left;
};

static unsigned int bytes_pick(struct ctl_strategy *s, const struct ctl_decision *d)
{
	struct bytes_strategy *b = (struct bytes_strategy *)s;

	if (d->current >= 0 && b->run_left > 0) {
		b->run_left--;
		return (unsigned int)d->current;
	}
	if (b->pos + 2 <= b->len) {
		b->run_left = b->data[b->pos];
		b->pos += 2;
		return d->runnable[b->data[b->pos - 1] % d->nr_runnable];
	}
	b->run_left = 0;
	return default_pick(d);
}

/* Same as bytes_pick() with a runnable current thread that keeps running. */
static bool bytes_keep(struct ctl_strategy *s, bool at_boundary)
{
	struct bytes_strategy *b = (struct bytes_strategy *)s;

	if (b->run_left > 0) {
		b->run_left--;
		return true;
	}
	/* Out of bytes: the default policy keeps the current thread mid-operation. */
	return b->pos + 2 > b->len && !at_boundary;
}

static const struct ctl_strategy_ops bytes_ops = {
	.name = "bytes", .keep = bytes_keep, .pick = bytes_pick, .destroy = plain_destroy,
};

struct ctl_strategy *ctl_strategy_bytes(const u8 *data, size_t len)
{
	struct bytes_strategy *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->base.ops = &bytes_ops;
	b->data = data;
	b->len = len;
	return &b->base;
}

size_t ctl_strategy_bytes_used(const struct ctl_strategy *s)
{
	return s->ops == &bytes_ops ? ((const struct bytes_strategy *)s)->pos : 0;
}

/* ---- random ------------------------------------------------------------------------ */

struct random_strategy {
	struct ctl_strategy	base;
	u64			rng;
	unsigned int		permille;
};

static unsigned int random_pick(struct ctl_strategy *s, const struct ctl_decision *d)
{
	struct random_strategy *r = (struct random_strategy *)s;

	if (d->current >= 0 && prng_next(&r->rng) % 1000 >= r->permille)
		return d->at_boundary ? default_pick(d) : (unsigned int)d->current;
	return d->runnable[prng_next(&r->rng) % d->nr_runnable];
}

static bool random_keep(struct ctl_strategy *s, bool at_boundary)
{
	struct random_strategy *r = (struct random_strategy *)s;
	u64 saved = r->rng;

	/* Only the "do not switch" outcome is decided here, as random_pick() would. */
	if (!at_boundary && prng_next(&r->rng) % 1000 >= r->permille)
		return true;
	r->rng = saved;
	return false;
}

static const struct ctl_strategy_ops random_ops = {
	.name = "random", .keep = random_keep, .pick = random_pick, .destroy = plain_destroy,
};

struct ctl_strategy *ctl_strategy_random(u64 seed, unsigned int permille)
{
	struct random_strategy *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->base.ops = &random_ops;
	r->rng = seed;
	r->permille = permille;
	return &r->base;
}

/* ---- PCT ----------------------------------------------------------------------------- */

/*
 * Probabilistic concurrency testing: threads get distinct random priorities
 * above @depth; the highest-priority runnable thread always runs; at each
 * of @depth - 1 random change points (steps in [1, @steps]) the running
 * thread drops to a priority below all initial ones. A bug of depth d is
 * found with probability at least 1 / (n * k^(d-1)).
 */
struct pct_strategy {
	struct ctl_strategy	base;
	u64			rng;
	unsigned int		depth;
	u64			*change;	/* sorted change points */
	unsigned int		next_change;
	u32			*prio;		/* 0: not assigned yet */
	/* Initial priority @depth + i is held by a thread (it drops when changed). */
	bool			*slot_taken;
	unsigned int		nr_prio;
	unsigned int		assigned;
};

static u32 pct_prio(struct pct_strategy *p, unsigned int id)
{
	if (id >= p->nr_prio)
		return 0;
	if (!p->prio[id]) {
		/* A random slot among the initial priorities not taken yet. */
		unsigned int free_slots = p->nr_prio - p->assigned;
		unsigned int k = (unsigned int)(prng_next(&p->rng) % free_slots);
		unsigned int slot;

		/* At most @assigned slots are held, so the k-th free one exists. */
		for (slot = 0; p->slot_taken[slot] || k-- != 0; slot++)
			;
		p->slot_taken[slot] = true;
		p->prio[id] = p->depth + slot;
		p->assigned++;
	}
	return p->prio[id];
}

static unsigned int pct_pick(struct ctl_strategy *s, const struct ctl_decision *d)
{
	struct pct_strategy *p = (struct pct_strategy *)s;
	unsigned int best = d->runnable[0];
	u32 best_prio = 0;

	while (p->next_change < p->depth - 1 && d->step >= p->change[p->next_change]) {
		if (d->current >= 0 && (unsigned int)d->current < p->nr_prio) {
			u32 old = pct_prio(p, (unsigned int)d->current);

			/* An initial slot is free again for threads not seen yet. */
			if (old >= p->depth)
				p->slot_taken[old - p->depth] = false;
			p->prio[d->current] = p->depth - 1 - p->next_change;
		}
		p->next_change++;
	}
	for (unsigned int i = 0; i < d->nr_runnable; i++) {
		u32 prio = pct_prio(p, d->runnable[i]);

		if (prio > best_prio) {
			best_prio = prio;
			best = d->runnable[i];
		}
	}
	return best;
}

static void pct_destroy(struct ctl_strategy *s)
{
	struct pct_strategy *p = (struct pct_strategy *)s;

	free(p->change);
	free(p->prio);
	free(p->slot_taken);
	free(p);
}

static const struct ctl_strategy_ops pct_ops = {
	.name = "pct", .pick = pct_pick, .destroy = pct_destroy,
};

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

struct ctl_strategy *ctl_strategy_pct(u64 seed, unsigned int depth, u64 steps)
{
	struct pct_strategy *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->base.ops = &pct_ops;
	p->rng = seed;
	p->depth = depth ? depth : 1;
	p->nr_prio = CTL_MAX_THREADS;
	p->prio = calloc(p->nr_prio, sizeof(*p->prio));
	p->slot_taken = calloc(p->nr_prio, sizeof(*p->slot_taken));
	p->change = calloc(p->depth, sizeof(*p->change));
	if (!p->prio || !p->slot_taken || !p->change) {
		pct_destroy(&p->base);
		return NULL;
	}
	for (unsigned int i = 0; i + 1 < p->depth; i++)
		p->change[i] = 1 + prng_next(&p->rng) % (steps ? steps : 1);
	qsort(p->change, p->depth - 1, sizeof(*p->change), cmp_u64);
	return &p->base;
}

/* ---- choices (systematic search) ------------------------------------------------------ */

struct choices_strategy {
	struct ctl_strategy	base;
	u16			*prefix;
	size_t			prefix_len;
	struct ctl_choice	*log;
	size_t			log_len;
	size_t			log_cap;
};

static unsigned int choices_pick(struct ctl_strategy *s, const struct ctl_decision *d)
{
	struct choices_strategy *c = (struct choices_strategy *)s;
	struct ctl_choice ch = { .nr_runnable = (u16)d->nr_runnable, .current = 0xffff };
	unsigned int idx;

	for (unsigned int i = 0; i < d->nr_runnable; i++)
		if ((int)d->runnable[i] == d->current)
			ch.current = (u16)i;
	ch.boundary = d->at_boundary;

	if (c->log_len < c->prefix_len)
		idx = c->prefix[c->log_len] % d->nr_runnable;
	else
		idx = default_index(d);
	ch.picked = (u16)idx;

	if (c->log_len == c->log_cap) {
		size_t cap = c->log_cap ? c->log_cap * 2 : 1024;
		struct ctl_choice *n = realloc(c->log, cap * sizeof(*n));

		if (n) {
			c->log = n;
			c->log_cap = cap;
		}
	}
	if (c->log_len < c->log_cap)
		c->log[c->log_len++] = ch;
	return d->runnable[idx];
}

static void choices_destroy(struct ctl_strategy *s)
{
	struct choices_strategy *c = (struct choices_strategy *)s;

	free(c->prefix);
	free(c->log);
	free(c);
}

static const struct ctl_strategy_ops choices_ops = {
	.name = "choices", .pick = choices_pick, .destroy = choices_destroy,
};

struct ctl_strategy *ctl_strategy_choices(const u16 *prefix, size_t len)
{
	struct choices_strategy *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->base.ops = &choices_ops;
	c->prefix = calloc(len ? len : 1, sizeof(*c->prefix));
	if (!c->prefix) {
		free(c);
		return NULL;
	}
	if (len)
		memcpy(c->prefix, prefix, len * sizeof(*prefix));
	c->prefix_len = len;
	return &c->base;
}

const struct ctl_choice *ctl_strategy_choices_log(const struct ctl_strategy *s, size_t *len)
{
	const struct choices_strategy *c = (const struct choices_strategy *)s;

	*len = s->ops == &choices_ops ? c->log_len : 0;
	return s->ops == &choices_ops ? c->log : NULL;
}

/* ---- recorder --------------------------------------------------------------------------- */

struct record_strategy {
	struct ctl_strategy	base;
	struct ctl_strategy	*inner;
	u16			*log;
	size_t			len;
	size_t			cap;
};

/* No keep(): every decision goes through pick() and is logged. */
static unsigned int record_pick(struct ctl_strategy *s, const struct ctl_decision *d)
{
	struct record_strategy *r = (struct record_strategy *)s;
	unsigned int pick = r->inner->ops->pick(r->inner, d);

	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		u16 *n = realloc(r->log, cap * sizeof(*n));

		if (n) {
			r->log = n;
			r->cap = cap;
		}
	}
	if (r->len < r->cap) {
		for (unsigned int i = 0; i < d->nr_runnable; i++)
			if (d->runnable[i] == pick)
				r->log[r->len++] = (u16)i;
	}
	return pick;
}

static void record_destroy(struct ctl_strategy *s)
{
	struct record_strategy *r = (struct record_strategy *)s;

	r->inner->ops->destroy(r->inner);
	free(r->log);
	free(r);
}

static const struct ctl_strategy_ops record_ops = {
	.name = "record", .pick = record_pick, .destroy = record_destroy,
};

struct ctl_strategy *ctl_strategy_record(struct ctl_strategy *inner)
{
	struct record_strategy *r = calloc(1, sizeof(*r));

	if (!r || !inner) {
		free(r);
		return NULL;
	}
	r->base.ops = &record_ops;
	r->inner = inner;
	return &r->base;
}

const u16 *ctl_strategy_record_log(const struct ctl_strategy *s, size_t *len)
{
	const struct record_strategy *r = (const struct record_strategy *)s;

	*len = s->ops == &record_ops ? r->len : 0;
	return s->ops == &record_ops ? r->log : NULL;
}
