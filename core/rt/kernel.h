/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rest of the kernel environment model code expects: WARN sites,
 * printk, allocation (with an optional fault-injection hook) and errno.
 */
#ifndef RT_KERNEL_H
#define RT_KERNEL_H

#include <errno.h>

#include "types.h"

/* ---- WARN sites ---------------------------------------------------------- */

/*
 * Every WARN_ON*() of the modelled code lands in rt_warn(), which hands it to
 * the installed handler (the WARN oracle files a report). The site is
 * identified by function and condition text, which survive unrelated edits
 * better than line numbers.
 */
struct rt_warn_site {
	const char	*func;
	const char	*cond;
	const char	*file;
	int		line;
};

typedef void (*rt_warn_handler_t)(const struct rt_warn_site *site, const char *msg);

void rt_set_warn_handler(rt_warn_handler_t fn);
void rt_warn(const char *func, const char *cond, const char *file, int line,
	     const char *fmt, ...) __printf(5, 6);

#define WARN(cond, fmt, ...) ({							\
	bool __w_cond = !!(cond);						\
	if (unlikely(__w_cond))							\
		rt_warn(__func__, #cond, __FILE__, __LINE__, fmt, ##__VA_ARGS__);	\
	__w_cond;								\
})
#define WARN_ON(cond)		WARN(cond, NULL)
#define WARN_ONCE(cond, fmt, ...) WARN(cond, fmt, ##__VA_ARGS__)
/* Reported every time: the report sink deduplicates by site. */
#define WARN_ON_ONCE(cond)	WARN(cond, NULL)

/* ---- printk ----------------------------------------------------------------- */

enum rt_loglevel { RT_LOG_ERR = 3, RT_LOG_WARNING = 4, RT_LOG_INFO = 6, RT_LOG_DEBUG = 7 };

typedef void (*rt_log_sink_t)(int level, int cpu, const char *msg);

/* Default sink prints errors to stderr and drops the rest. */
void rt_set_log_sink(rt_log_sink_t fn);
void rt_printk(int level, const char *fmt, ...) __printf(2, 3);

#define pr_err(fmt, ...)	rt_printk(RT_LOG_ERR, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	rt_printk(RT_LOG_WARNING, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	rt_printk(RT_LOG_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	rt_printk(RT_LOG_DEBUG, fmt, ##__VA_ARGS__)

/* ---- allocation --------------------------------------------------------------- */

typedef unsigned int gfp_t;
#define GFP_KERNEL		0u
#define NUMA_NO_NODE		(-1)

/*
 * Fault injection: when a predicate is installed and returns true, the
 * allocation fails as kmalloc() would under memory pressure.
 */
typedef bool (*rt_alloc_fail_t)(size_t size);
void rt_set_alloc_fail(rt_alloc_fail_t fn);
/*
 * The kernel's fail-nth, for any thread: the @n-th allocation from now
 * fails (0 disarms). Inputs drive it (a hotplug operation's 'nomem N').
 */
void rt_fail_nth(unsigned int n);
/* Allocations failed by injection so far (either mechanism). */
unsigned long rt_alloc_failures(void);

void *rt_zalloc(size_t size);
void *rt_calloc(size_t n, size_t size);
void rt_free(void *p);

#define kzalloc(size, gfp)		((void)(gfp), rt_zalloc(size))
#define kzalloc_node(size, gfp, node)	((void)(gfp), (void)(node), rt_zalloc(size))
#define kcalloc(n, size, gfp)		((void)(gfp), rt_calloc((n), (size)))
#define kfree(p)			rt_free(p)

#endif /* RT_KERNEL_H */
