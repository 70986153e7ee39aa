/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contract: the timer.c callbacks tmigr makes (get_jiffies_update,
 * timer_expire_remote, fetch_next_timer_interrupt_remote, remote base
 * locking), implemented by the environment (core/env/timer.c).
 */
#ifndef KSHIM_TICK_INTERNAL_H
#define KSHIM_TICK_INTERNAL_H

#include "../../env/kapi.h"

#endif
