// SPDX-License-Identifier: GPL-2.0-only
/*
 * Build flavour plain-points: every plain load and store of the tmigr unit
 * (the model's file, or a kernel tree's) is a scheduling point.
 *
 * Some races sit between two plain stores - race B of the seed report:
 * setup writes a group's ->parent, then its mask, both plain, under locks
 * the lockless walk never takes. Locks, atomics and marked accesses alone
 * cannot open that window. As KCSAN does in the kernel, the unit is
 * compiled with clang's ThreadSanitizer instrumentation (atomics, memory
 * intrinsics and function entry/exit left out: see core/CMakeLists.txt)
 * and linked without the TSan runtime: the __tsan_* hooks below are ours.
 * The compiler leaves out what it can prove thread-local (most of the
 * stack); everything else announces itself here before it happens.
 *
 * A read reports the value it is about to load (only one CPU runs in a
 * controlled run, so nothing changes it in between); a write, the value it
 * overwrites. The site is the function the access is in, from the
 * executable's symbol table (an inlined helper shows as its caller).
 * Thread-local variables (this CPU's identity, the mute count) are no
 * shared state: accesses to the thread's TLS block are skipped.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sched_point.h"
#include "../lib/elfsym.h"

static __thread const void *last_pc;
static __thread const char *last_site;
static __thread uintptr_t tls_lo, tls_hi;

/* dl_iterate_phdr() callback: the executable (first object) and its PT_TLS. */
static int find_tls(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (unsigned int i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type == PT_TLS && info->dlpi_tls_data) {
			tls_lo = (uintptr_t)info->dlpi_tls_data;
			tls_hi = tls_lo + info->dlpi_phdr[i].p_memsz;
		}
	}
	return 1;
}

static bool thread_local_addr(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	if (!tls_hi)
		dl_iterate_phdr(find_tls, NULL);
	return a >= tls_lo && a < tls_hi;
}

static const char *site_of(const void *pc)
{
	if (pc != last_pc) {
		last_site = elfsym_name(pc);
		if (!last_site)
			last_site = "?";
		last_pc = pc;
	}
	return last_site;
}

static unsigned long peek(const void *addr, unsigned int size)
{
	unsigned long v = 0;

	if (size <= sizeof(v))
		memcpy(&v, addr, size);	/* little endian: the low bytes */
	return v;
}

static void plain_point(enum rt_op op, const void *addr, unsigned int size, const void *pc)
{
	const struct rt_hooks *h = __atomic_load_n(&rt_hooks, __ATOMIC_RELAXED);
	struct rt_point p;

	if (likely(!h) || rt_plain_muted || thread_local_addr(addr) || rt_point_skipped(op))
		return;
	p = (struct rt_point){ op, addr, site_of(pc) };
	h->before(&p);
	if (h->after && !h->after_locks_only)
		h->after(&p, peek(addr, size));
}

/* An unaligned access is the same point: the unaligned hooks are aliases. */
#define PLAIN_HOOKS(n)								\
void __tsan_read##n(void *addr);						\
void __tsan_write##n(void *addr);						\
void __tsan_read##n(void *addr)							\
{										\
	plain_point(RT_OP_PLAIN_READ, addr, n, __builtin_return_address(0));	\
}										\
void __tsan_write##n(void *addr)						\
{										\
	plain_point(RT_OP_PLAIN_WRITE, addr, n, __builtin_return_address(0));	\
}										\
void __tsan_unaligned_read##n(void *addr) __attribute__((alias("__tsan_read" #n)));	\
void __tsan_unaligned_write##n(void *addr) __attribute__((alias("__tsan_write" #n)));

PLAIN_HOOKS(1)
PLAIN_HOOKS(2)
PLAIN_HOOKS(4)
PLAIN_HOOKS(8)
PLAIN_HOOKS(16)

/* The instrumented unit's constructor calls it; there is no runtime to start. */
void __tsan_init(void);
void __tsan_init(void)
{
}
