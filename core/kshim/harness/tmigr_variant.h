/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: which historical bug (docs/ZOO.md) the running model instance reintroduces, through tmigr_variant_is() (core/tmigr/variant.h); the real file never includes it. */
#ifndef KSHIM_TMIGR_VARIANT_H
#define KSHIM_TMIGR_VARIANT_H

#include "../../tmigr/variant.h"

#endif
