/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: u8..u64, bool, size_t: the runtime's kernel-spelled types (core/rt/types.h). */
#ifndef KSHIM_LINUX_TYPES_H
#define KSHIM_LINUX_TYPES_H

#include "../../../rt/types.h"

#endif
