/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: find_first_bit(), bitmap_weight(), ilog2(), order_base_2() on single words, as tmigr's 8-bit masks need (core/rt/types.h). */
#ifndef KSHIM_LINUX_BITOPS_H
#define KSHIM_LINUX_BITOPS_H

#include "../../../rt/types.h"

#endif
