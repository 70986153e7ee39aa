// SPDX-License-Identifier: GPL-2.0-only
#include "clock.h"

u64 rt_clock_ns;
u64 rt_tick_nsec = RT_DEFAULT_TICK_NSEC;

void rt_clock_reset(u64 start, u64 tick_nsec)
{
	rt_tick_nsec = tick_nsec ? tick_nsec : RT_DEFAULT_TICK_NSEC;
	__atomic_store_n(&rt_clock_ns, start, __ATOMIC_RELAXED);
}

u64 rt_clock_advance_to(u64 t)
{
	u64 cur = rt_clock_now();

	while (cur < t &&
	       !__atomic_compare_exchange_n(&rt_clock_ns, &cur, t, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
	return cur < t ? t : cur;
}
