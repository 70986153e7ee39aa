/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: WARN_ON*() report through the WARN oracle by function and condition text (core/rt/kernel.h). */
#ifndef KSHIM_LINUX_BUG_H
#define KSHIM_LINUX_BUG_H

#include "../../../rt/kernel.h"

#endif
