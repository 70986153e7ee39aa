// SPDX-License-Identifier: GPL-2.0-only
/*
 * ThreadSanitizer defaults built into every TSan binary, so that CI, make
 * targets and hand runs all see the same thing.
 */
#include "sanitizer.h"

#ifdef RT_TSAN
const char *__tsan_default_suppressions(void);

const char *__tsan_default_suppressions(void)
{
	/*
	 * timers_dead_cpu() holds the control CPU's timer base lock and takes
	 * the dead CPU's, so two CPUs that take turns as control and target
	 * nest the pair in both orders. The kernel serialises this with
	 * cpu_hotplug_lock (one hotplug operation at a time) and tells lockdep
	 * with raw_spin_lock_nested(); the harness serialises it the same way.
	 * Only this lock-order report is suppressed, never data races.
	 */
	return "deadlock:timers_dead_cpu\n";
}
#endif
