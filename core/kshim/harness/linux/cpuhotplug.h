/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: cpuhp_setup_state() and the hotplug states run by the environment's hotplug engine (core/env/cpuhp.c). */
#ifndef KSHIM_LINUX_CPUHOTPLUG_H
#define KSHIM_LINUX_CPUHOTPLUG_H

#include <linux/kconfig.h>
#include <linux/init.h>
#include <linux/cache.h>
#include <linux/cpu.h>
#include "../../../env/kapi.h"

#endif
