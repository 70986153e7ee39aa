// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "interrupt.h"

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	__atomic_store_n(&caught, sig, __ATOMIC_RELAXED);
}

void interrupt_catch(bool restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int interrupt_signal(void)
{
	return __atomic_load_n(&caught, __ATOMIC_RELAXED);
}

volatile sig_atomic_t *interrupt_flag(void)
{
	return &caught;
}
