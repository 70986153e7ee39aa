/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The futex system call, the one home of it: the environment's doorbells,
 * the controlled threads engine's handoffs and the free fiber scheduler's
 * workers sleep on futex words. A raw system call: ThreadSanitizer sees no
 * synchronisation in it, which the controlled scheduler relies on.
 */
#ifndef RT_FUTEX_H
#define RT_FUTEX_H

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "types.h"

/* Sleep while *@word == @val, at most @timeout_ns (0: no limit). May return early. */
static inline void rt_futex_wait(const u32 *word, u32 val, u64 timeout_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / NSEC_PER_SEC),
		.tv_nsec = (long)(timeout_ns % NSEC_PER_SEC),
	};

	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, timeout_ns ? &ts : NULL, NULL, 0);
}

/* Wake up to @n sleepers of @word. */
static inline void rt_futex_wake(const u32 *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

#endif /* RT_FUTEX_H */
