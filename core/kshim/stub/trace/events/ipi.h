/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: IPI tracepoints are not traced: the environment records its IPIs itself. */
#ifndef KSHIM_TRACE_EVENTS_IPI_H
#define KSHIM_TRACE_EVENTS_IPI_H

#endif
