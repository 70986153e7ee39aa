/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: __init/__initdata are no-ops; early_initcall()/late_initcall() record the init function for the backend to call at boot (early) or after smp_init (late). */
#ifndef KSHIM_LINUX_INIT_H
#define KSHIM_LINUX_INIT_H

#define __init
#define __initdata
#define __initconst

typedef int (*initcall_t)(void);

/*
 * At most one early and one late initcall per unit. The kernel backend
 * runs the early one where the environment boots (env_boot()) and the late
 * one after env_smp_init() has brought the boot CPUs up, as do_initcalls()
 * follows smp_init(); a tree whose only initcall is a late one (6.9/6.10)
 * has it run at env_boot().
 */
#define early_initcall(fn)	static const initcall_t kshim_early_initcall = (fn)
#define late_initcall(fn)	static const initcall_t kshim_late_initcall = (fn)
#define device_initcall(fn)	late_initcall(fn)

#endif
