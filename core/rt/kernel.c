// SPDX-License-Identifier: GPL-2.0-only
/*
 * WARN sites, printk and allocation for code running on the runtime.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel.h"
#include "cpu.h"

static rt_warn_handler_t rt_warn_handler;
static rt_log_sink_t rt_log_sink;
static rt_alloc_fail_t rt_alloc_fail;
static unsigned int rt_fail_nth_left;	/* countdown; 0: disarmed */
static unsigned long rt_failed_allocs;	/* failures injected so far */

void rt_set_warn_handler(rt_warn_handler_t fn)
{
	rt_warn_handler = fn;
}

void rt_warn(const char *func, const char *cond, const char *file, int line,
	     const char *fmt, ...)
{
	struct rt_warn_site site = { func, cond, file, line };
	char msg[256] = "";

	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}

	if (rt_warn_handler) {
		rt_warn_handler(&site, msg);
		return;
	}
	fprintf(stderr, "WARNING: CPU: %d at %s:%d %s(): %s %s\n", rt_this_cpu(),
		file, line, func, cond, msg);
}

void rt_set_log_sink(rt_log_sink_t fn)
{
	rt_log_sink = fn;
}

void rt_printk(int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (rt_log_sink)
		rt_log_sink(level, rt_this_cpu(), msg);
	else if (level <= RT_LOG_ERR)
		fputs(msg, stderr);
}

void rt_set_alloc_fail(rt_alloc_fail_t fn)
{
	rt_alloc_fail = fn;
}

void rt_fail_nth(unsigned int n)
{
	__atomic_store_n(&rt_fail_nth_left, n, __ATOMIC_RELAXED);
}

unsigned long rt_alloc_failures(void)
{
	return __atomic_load_n(&rt_failed_allocs, __ATOMIC_RELAXED);
}

/* Count one allocation down; true for the one that is to fail. */
static bool fail_nth_hit(void)
{
	unsigned int left = __atomic_load_n(&rt_fail_nth_left, __ATOMIC_RELAXED);

	while (left) {
		if (__atomic_compare_exchange_n(&rt_fail_nth_left, &left, left - 1, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return left == 1;
	}
	return false;
}

void *rt_zalloc(size_t size)
{
	if ((rt_alloc_fail && rt_alloc_fail(size)) || fail_nth_hit()) {
		__atomic_add_fetch(&rt_failed_allocs, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	return calloc(1, size);
}

void *rt_calloc(size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	return rt_zalloc(total);
}

void rt_free(void *p)
{
	free(p);
}
