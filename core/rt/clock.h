/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual clock: one global monotonic time in nanoseconds. Timers,
 * wakeups and lateness are measured on it, never on wall time, so a run
 * means the same thing on a loaded machine as on an idle one.
 *
 * jiffies are derived (now / tick). Reading the clock is not a scheduling
 * point: tmigr's races are on its own state, and the clock only moves when
 * a CPU explicitly advances it.
 */
#ifndef RT_CLOCK_H
#define RT_CLOCK_H

#include "types.h"

#define RT_DEFAULT_TICK_NSEC	NSEC_PER_MSEC

extern u64 rt_clock_ns;
extern u64 rt_tick_nsec;

#define TICK_NSEC		rt_tick_nsec

/* Reset to time @start with a tick of @tick_nsec ns; no CPU thread may run. */
void rt_clock_reset(u64 start, u64 tick_nsec);

static inline u64 rt_clock_now(void)
{
	return __atomic_load_n(&rt_clock_ns, __ATOMIC_RELAXED);
}

static inline unsigned long rt_jiffies(void)
{
	return (unsigned long)(rt_clock_now() / rt_tick_nsec);
}

/*
 * Advance by @delta ns; returns the new time. Sequentially consistent (free
 * mode's clock event devices order it against a sleeper: env/clockevents.c);
 * on x86 and arm64 the read-modify-write costs the same either way.
 */
static inline u64 rt_clock_advance(u64 delta)
{
	return __atomic_add_fetch(&rt_clock_ns, delta, __ATOMIC_SEQ_CST);
}

/* Move the clock forward to @t if it is behind; never backwards (ordered as above). */
u64 rt_clock_advance_to(u64 t);

#define jiffies			rt_jiffies()
#define ktime_get()		rt_clock_now()

#endif /* RT_CLOCK_H */
