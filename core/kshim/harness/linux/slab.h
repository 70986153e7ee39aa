/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: kzalloc/kzalloc_node/kcalloc/kfree and the typed kzalloc_obj()/kzalloc_objs() through the runtime, whose failure injection makes them return NULL (core/rt/kernel.h). */
#ifndef KSHIM_LINUX_SLAB_H
#define KSHIM_LINUX_SLAB_H

#include "../../../rt/kernel.h"

/*
 * kzalloc_obj(VAR_OR_TYPE[, GFP]) and kzalloc_objs(VAR_OR_TYPE, COUNT[, GFP]):
 * room for one or COUNT objects of that type, zeroed, typed as a pointer
 * to it. The GFP flags default to GFP_KERNEL and mean nothing here.
 */
#define kzalloc_obj(p, ...)							\
	((__typeof__(p) *)kzalloc(sizeof(p), GFP_KERNEL))
#define kzalloc_objs(p, n, ...)							\
	((__typeof__(p) *)kcalloc((n), sizeof(p), GFP_KERNEL))

#endif
