/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: the kernel's attribute spellings (__packed, __must_check, ...) as plain GCC attributes. */
#ifndef KSHIM_LINUX_COMPILER_TYPES_H
#define KSHIM_LINUX_COMPILER_TYPES_H

#include "../../../rt/types.h"

/* glibc's <sys/cdefs.h> spells some of these already, the same way. */
#ifndef __packed
#define __packed		__attribute__((packed))
#endif
#ifndef __must_check
#define __must_check		__attribute__((warn_unused_result))
#endif
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#ifndef __used
#define __used			__attribute__((used))
#endif
#define noinline		__attribute__((noinline))
#define __aligned(x)		__attribute__((aligned(x)))
#define fallthrough		__attribute__((fallthrough))

#endif
