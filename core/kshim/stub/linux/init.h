/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: __init/__initdata are no-ops; early_initcall()/late_initcall() record the init function for the backend to call at boot. */
#ifndef KSHIM_LINUX_INIT_H
#define KSHIM_LINUX_INIT_H

#define __init
#define __initdata
#define __initconst

typedef int (*initcall_t)(void);

/*
 * At most one early and one late initcall per unit. The kernel backend
 * calls them, early first, where the environment boots (env_boot()): the
 * environment brings secondary CPUs up only after boot, so a late initcall
 * finds the same world it would in the kernel, minus the CPUs.
 */
#define early_initcall(fn)	static const initcall_t kshim_early_initcall = (fn)
#define late_initcall(fn)	static const initcall_t kshim_late_initcall = (fn)
#define device_initcall(fn)	late_initcall(fn)

#endif
