/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: ERR_PTR/PTR_ERR/IS_ERR (core/rt/types.h). */
#ifndef KSHIM_LINUX_ERR_H
#define KSHIM_LINUX_ERR_H

#include "../../../rt/types.h"

#endif
