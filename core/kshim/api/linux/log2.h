/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: ilog2() and order_base_2() (core/rt/types.h). */
#ifndef KSHIM_LINUX_LOG2_H
#define KSHIM_LINUX_LOG2_H

#include "../../../rt/types.h"

#endif
