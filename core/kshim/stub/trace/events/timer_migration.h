/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contract: every trace_tmigr_*() of any tree is accepted (arguments vary
 * between trees and are not evaluated) and counted by event (kshim_trace).
 * trace_tmigr_group_set(group), the same in every tree, also declares the
 * new group's lockless fields to TSan (kshim_racy.h).
 */
#ifndef KSHIM_TRACE_EVENTS_TIMER_MIGRATION_H
#define KSHIM_TRACE_EVENTS_TIMER_MIGRATION_H

#include "../../../kshim_racy.h"
#include "../../../kshim_trace.h"

#define trace_tmigr_group_set(group)					\
	do {								\
		kshim_trace(KSHIM_TP_GROUP_SET);			\
		kshim_racy_group(group);				\
	} while (0)
#define trace_tmigr_connect_child_parent(...)	kshim_trace(KSHIM_TP_CONNECT_CHILD_PARENT)
#define trace_tmigr_connect_cpu_parent(...)	kshim_trace(KSHIM_TP_CONNECT_CPU_PARENT)
#define trace_tmigr_group_set_cpu_inactive(...)	kshim_trace(KSHIM_TP_GROUP_SET_CPU_INACTIVE)
#define trace_tmigr_group_set_cpu_active(...)	kshim_trace(KSHIM_TP_GROUP_SET_CPU_ACTIVE)
#define trace_tmigr_update_events(...)		kshim_trace(KSHIM_TP_UPDATE_EVENTS)
#define trace_tmigr_cpu_new_timer(...)		kshim_trace(KSHIM_TP_CPU_NEW_TIMER)
#define trace_tmigr_cpu_active(...)		kshim_trace(KSHIM_TP_CPU_ACTIVE)
#define trace_tmigr_cpu_online(...)		kshim_trace(KSHIM_TP_CPU_ONLINE)
#define trace_tmigr_cpu_offline(...)		kshim_trace(KSHIM_TP_CPU_OFFLINE)
#define trace_tmigr_cpu_available(...)		kshim_trace(KSHIM_TP_CPU_ONLINE)
#define trace_tmigr_cpu_unavailable(...)	kshim_trace(KSHIM_TP_CPU_OFFLINE)
#define trace_tmigr_handle_remote_cpu(...)	kshim_trace(KSHIM_TP_HANDLE_REMOTE_CPU)
#define trace_tmigr_cpu_idle(...)		kshim_trace(KSHIM_TP_CPU_IDLE)
#define trace_tmigr_cpu_new_timer_idle(...)	kshim_trace(KSHIM_TP_CPU_NEW_TIMER_IDLE)
#define trace_tmigr_update_remote(...)		kshim_trace(KSHIM_TP_HANDLE_REMOTE_CPU)
#define trace_tmigr_handle_remote(...)		kshim_trace(KSHIM_TP_HANDLE_REMOTE)

#endif
