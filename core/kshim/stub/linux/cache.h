/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: __read_mostly and ____cacheline_aligned are placement hints only: no-ops. */
#ifndef KSHIM_LINUX_CACHE_H
#define KSHIM_LINUX_CACHE_H

#define __read_mostly
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp

#endif
