/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: counts of the real file's tracepoints, per event, since the last kshim_trace_reset(); for tests and reports. */
#ifndef KSHIM_TRACE_H
#define KSHIM_TRACE_H

enum kshim_tracepoint {
	KSHIM_TP_GROUP_SET,
	KSHIM_TP_CONNECT_CHILD_PARENT,
	KSHIM_TP_CONNECT_CPU_PARENT,
	KSHIM_TP_GROUP_SET_CPU_INACTIVE,
	KSHIM_TP_GROUP_SET_CPU_ACTIVE,
	KSHIM_TP_UPDATE_EVENTS,
	KSHIM_TP_CPU_NEW_TIMER,
	KSHIM_TP_CPU_ACTIVE,
	KSHIM_TP_CPU_ONLINE,		/* also tmigr_cpu_available */
	KSHIM_TP_CPU_OFFLINE,		/* also tmigr_cpu_unavailable */
	KSHIM_TP_HANDLE_REMOTE_CPU,
	KSHIM_TP_CPU_IDLE,
	KSHIM_TP_CPU_NEW_TIMER_IDLE,
	KSHIM_TP_HANDLE_REMOTE,
	KSHIM_TP_NR
};

extern unsigned long kshim_trace_counts[KSHIM_TP_NR];

static inline void kshim_trace(enum kshim_tracepoint tp)
{
	__atomic_fetch_add(&kshim_trace_counts[tp], 1, __ATOMIC_RELAXED);
}

void kshim_trace_reset(void);
unsigned long kshim_trace_count(enum kshim_tracepoint tp);
const char *kshim_trace_name(enum kshim_tracepoint tp);

#endif
