/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: struct list_head and the list_* subset tmigr uses, plain accesses as in the kernel (core/lib/list.h). */
#ifndef KSHIM_LINUX_LIST_H
#define KSHIM_LINUX_LIST_H

#include "../../../lib/list.h"

#define LIST_HEAD(name)	struct list_head name = LIST_HEAD_INIT(name)

#endif
