/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-style basic types and helpers for code that runs on the runtime.
 *
 * Only what the model and the environment need; names follow the kernel so
 * that model code reads like the file it models.
 */
#ifndef RT_TYPES_H
#define RT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define KTIME_MAX		((u64)INT64_MAX)
#define NSEC_PER_USEC		1000ULL
#define NSEC_PER_MSEC		1000000ULL
#define NSEC_PER_SEC		1000000000ULL

#define BIT(nr)			(1UL << (nr))
#define BITS_PER_LONG		64

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __maybe_unused		__attribute__((unused))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(n, d)	DIV_ROUND_UP((unsigned long long)(n), (unsigned long long)(d))

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)
#define BUILD_BUG_ON_NOT_POWER_OF_2(n) \
	_Static_assert((n) != 0 && (((n) & ((n) - 1)) == 0), #n " is not a power of 2")

/* Jiffies arithmetic that survives wrap, as in <linux/jiffies.h>. */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/* Error pointers, as in <linux/err.h>. */
#define MAX_ERRNO		4095
#define IS_ERR_VALUE(x)		unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }

/* Integer logarithms, as in <linux/log2.h>. */
static inline unsigned int ilog2(unsigned long n)
{
	return n ? (unsigned int)(BITS_PER_LONG - 1 - __builtin_clzl(n)) : 0;
}

static inline unsigned int order_base_2(unsigned long n)
{
	return n > 1 ? ilog2(n - 1) + 1 : 0;
}

/* Bit helpers on a single word; enough for the 8-bit masks of tmigr. */
static inline unsigned int bitmap_weight(const unsigned long *map, unsigned int nbits)
{
	unsigned long mask = nbits >= BITS_PER_LONG ? ~0UL : BIT(nbits) - 1;

	return (unsigned int)__builtin_popcountl(*map & mask);
}

static inline unsigned long find_first_bit(const unsigned long *map, unsigned long size)
{
	unsigned long mask = size >= BITS_PER_LONG ? ~0UL : BIT(size) - 1;
	unsigned long val = *map & mask;

	return val ? (unsigned long)__builtin_ctzl(val) : size;
}

#endif /* RT_TYPES_H */
