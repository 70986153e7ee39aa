/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: container_of, min_t, DIV_ROUND_UP, ARRAY_SIZE, BUILD_BUG_ON* from core/rt/types.h; plus min()/max(). */
#ifndef KSHIM_LINUX_KERNEL_H
#define KSHIM_LINUX_KERNEL_H

#include "types.h"
#include "compiler_types.h"

#ifndef min
#define min(a, b)	({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a < __b ? __a : __b; })
#define max(a, b)	({ __typeof__(a) __a = (a); __typeof__(b) __b = (b); __a > __b ? __a : __b; })
#endif

#endif
