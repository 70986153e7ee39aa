// SPDX-License-Identifier: GPL-2.0-only
#include "kshim_trace.h"

unsigned long kshim_trace_counts[KSHIM_TP_NR];

static const char *const kshim_tp_names[KSHIM_TP_NR] = {
	[KSHIM_TP_GROUP_SET]			= "tmigr_group_set",
	[KSHIM_TP_CONNECT_CHILD_PARENT]		= "tmigr_connect_child_parent",
	[KSHIM_TP_CONNECT_CPU_PARENT]		= "tmigr_connect_cpu_parent",
	[KSHIM_TP_GROUP_SET_CPU_INACTIVE]	= "tmigr_group_set_cpu_inactive",
	[KSHIM_TP_GROUP_SET_CPU_ACTIVE]		= "tmigr_group_set_cpu_active",
	[KSHIM_TP_UPDATE_EVENTS]		= "tmigr_update_events",
	[KSHIM_TP_CPU_NEW_TIMER]		= "tmigr_cpu_new_timer",
	[KSHIM_TP_CPU_ACTIVE]			= "tmigr_cpu_active",
	[KSHIM_TP_CPU_ONLINE]			= "tmigr_cpu_online",
	[KSHIM_TP_CPU_OFFLINE]			= "tmigr_cpu_offline",
	[KSHIM_TP_HANDLE_REMOTE_CPU]		= "tmigr_handle_remote_cpu",
	[KSHIM_TP_CPU_IDLE]			= "tmigr_cpu_idle",
	[KSHIM_TP_CPU_NEW_TIMER_IDLE]		= "tmigr_cpu_new_timer_idle",
	[KSHIM_TP_HANDLE_REMOTE]		= "tmigr_handle_remote",
};

void kshim_trace_reset(void)
{
	for (int i = 0; i < KSHIM_TP_NR; i++)
		__atomic_store_n(&kshim_trace_counts[i], 0, __ATOMIC_RELAXED);
}

unsigned long kshim_trace_count(enum kshim_tracepoint tp)
{
	return (unsigned int)tp < KSHIM_TP_NR ?
		__atomic_load_n(&kshim_trace_counts[tp], __ATOMIC_RELAXED) : 0;
}

const char *kshim_trace_name(enum kshim_tracepoint tp)
{
	return (unsigned int)tp < KSHIM_TP_NR ? kshim_tp_names[tp] : "?";
}
