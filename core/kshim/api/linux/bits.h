/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: BIT() and BITS_PER_LONG (core/rt/types.h). */
#ifndef KSHIM_LINUX_BITS_H
#define KSHIM_LINUX_BITS_H

#include "../../../rt/types.h"

#endif
