/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: kzalloc/kzalloc_node/kcalloc/kfree through the runtime, whose failure injection makes them return NULL (core/rt/kernel.h). */
#ifndef KSHIM_LINUX_SLAB_H
#define KSHIM_LINUX_SLAB_H

#include "../../../rt/kernel.h"

#endif
