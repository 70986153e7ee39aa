/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: READ_ONCE/WRITE_ONCE/barrier(), each marked access a scheduling point (core/rt/once.h). */
#ifndef KSHIM_LINUX_COMPILER_H
#define KSHIM_LINUX_COMPILER_H

#include "../../../rt/once.h"

#endif
