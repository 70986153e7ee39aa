// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interleaving feedback for libFuzzer.
 *
 * Line coverage cannot tell two interleavings of the same code apart. These
 * extra counters can:
 *  - (site, operation, outcome, level): a cmpxchg that failed in
 *    tmigr_inactive_up() on level 1 is new even if the line ran before;
 *  - ordered pairs of scheduling points of different CPUs on the same object:
 *    "CPU a's tmigr_active_up() then CPU b's tmigr_inactive_up() on one
 *    group" is a new interleaving;
 *  - group state transitions per level, summarised (how many active
 *    children, migrator none / set) before and after each successful cmpxchg.
 * libFuzzer clears the counters before every input.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "tmigr/tmigr.h"

#define NR_COUNTERS	(1u << 15)
#define NR_OBJECTS	1024	/* power of two */

__attribute__((section("__libfuzzer_extra_counters")))
static u8 counters[NR_COUNTERS];

struct object {
	const void	*addr;
	int		level;		/* group level, -1 CPU leaf, -2 other */
	bool		is_state;	/* a group's migr_state */
	u32		last_site;
	int		last_cpu;
	u32		last_state;
};

static struct object objects[NR_OBJECTS];
/* The slots this input took: a small input takes a few, not all 1024. */
static u16 used[NR_OBJECTS];
static unsigned int nr_used;

static u32 hash32(u32 h, u32 v)
{
	h ^= v + 0x9e3779b9 + (h << 6) + (h >> 2);
	return h * 0x85ebca6b;
}

/*
 * A site is its function's __func__, one array per function: its address
 * names the site within this process, as libFuzzer's counters need, and
 * costs no walk of the name at every scheduling point.
 */
static u32 hash_site(const char *site)
{
	u64 a = (uintptr_t)site;

	return hash32((u32)a, (u32)(a >> 32));
}

static void bump(u32 key)
{
	u8 *c = &counters[key & (NR_COUNTERS - 1)];

	if (*c != 0xff)
		(*c)++;
}

static struct object *object_of(const void *addr)
{
	u32 slot = hash32(0, (u32)((uintptr_t)addr >> 3)) & (NR_OBJECTS - 1);

	for (u32 i = 0; i < NR_OBJECTS; i++, slot = (slot + 1) & (NR_OBJECTS - 1)) {
		struct object *o = &objects[slot];
		char name[64];
		int level;

		if (o->addr == addr)
			return o;
		if (o->addr)
			continue;
		used[nr_used++] = (u16)slot;
		o->addr = addr;
		o->last_cpu = -1;
		o->level = -2;
		if (tmigr_ops->describe(addr, name, sizeof(name))) {
			if (sscanf(name, "GRP%d:", &level) == 1) {
				o->level = level;
				o->is_state = !strchr(name, '.');
			} else {
				o->level = -1;
			}
		}
		return o;
	}
	return NULL;	/* table full: no pair feedback for this object */
}

/* How a group state looks, coarsely: active children 0/1/more, migrator set. */
static u32 state_summary(u32 state)
{
	u8 active = state & 0xff, migrator = (state >> 8) & 0xff;
	u32 n = (u32)__builtin_popcount(active);

	return (n > 2 ? 2 : n) * 2 + (migrator != 0xff);
}

static void on_access(unsigned int cpu, const struct rt_point *p, unsigned long result,
		      u64 step, void *ctx)
{
	u32 site = hash32(hash_site(p->site), (u32)p->op);
	struct object *o;
	u32 outcome = 0;

	(void)step;
	(void)ctx;
	if (p->op == RT_OP_CMPXCHG || rt_op_is_trylock(p->op))
		outcome = result ? 1 : 2;

	o = p->obj ? object_of(p->obj) : NULL;
	bump(hash32(hash32(site, outcome), o ? (u32)(o->level + 8) : 0));
	if (!o)
		return;

	if (o->last_cpu >= 0 && o->last_cpu != (int)cpu)
		bump(hash32(hash32(o->last_site, site), 0x5bd1e995));
	o->last_cpu = (int)cpu;
	o->last_site = site;

	if (o->is_state && (p->op == RT_OP_CMPXCHG || p->op == RT_OP_ATOMIC_SET) &&
	    (p->op != RT_OP_CMPXCHG || result)) {
		u32 now = __atomic_load_n((const u32 *)p->obj, __ATOMIC_RELAXED);

		bump(hash32(hash32((u32)o->level, state_summary(o->last_state)),
			    state_summary(now) + 0x100));
		o->last_state = now;
	}
}

/*
 * Memory of long campaigns. In the threads engine (TMIGR_ENGINE=threads)
 * every controlled CPU is a thread of its own, and ASan gives each thread a
 * quarantine of freed memory (1 MB by default) on top of the global one
 * (256 MB): a target that once ran a 265-CPU input keeps 265 threads and
 * could hold over 500 MB of freed memory, which looks like a leak that
 * LeakSanitizer never reports (docs/BENCHMARKS.md, "Campaign memory").
 * Smaller quarantines still catch use-after-free of the last tens of MB
 * freed.
 *
 * Stack use-after-return stays off, as clang 14 has it: clang 15 and later
 * turn it on, and its fake stacks took 8% of a clang-19 tmigr_interleave
 * run and doubled its memory. tests/test_ctl.c checks that ASan sees it
 * across fibers when asked: ASAN_OPTIONS=detect_stack_use_after_return=1.
 *
 * ASAN_OPTIONS overrides these defaults. Defined here because this object
 * is always linked into the targets.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=64:thread_local_quarantine_size_kb=64:"
	       "detect_stack_use_after_return=0";
}

void fuzz_feedback_listener(struct exec_listener *l)
{
	while (nr_used)
		memset(&objects[used[--nr_used]], 0, sizeof(objects[0]));
	memset(l, 0, sizeof(*l));
	l->sched.access = on_access;
}
