/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: the configuration the real file is built for (SMP, NO_HZ_COMMON, 64-bit) and IS_ENABLED(). */
#ifndef KSHIM_LINUX_KCONFIG_H
#define KSHIM_LINUX_KCONFIG_H

#define CONFIG_SMP		1
#define CONFIG_NO_HZ_COMMON	1
#define CONFIG_64BIT		1
#define CONFIG_NUMA		1

/*
 * IS_ENABLED(CONFIG_FOO): 1 when CONFIG_FOO is defined to 1, else 0. The
 * placeholder trick turns "1" into an extra macro argument.
 */
#define __KSHIM_ARG_PLACEHOLDER_1		0,
#define __kshim_take_second(ignored, val, ...)	val
#define __kshim_is_defined(x)			___kshim_is_defined(x)
#define ___kshim_is_defined(val)		____kshim_is_defined(__KSHIM_ARG_PLACEHOLDER_##val)
#define ____kshim_is_defined(arg1_or_junk)	__kshim_take_second(arg1_or_junk 1, 0, 0)
#define IS_ENABLED(option)			__kshim_is_defined(option)

#endif
