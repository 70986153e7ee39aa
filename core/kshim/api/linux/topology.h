/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: cpu_to_node() and num_possible_nodes() of the environment's NUMA layout (core/env/kapi.h). */
#ifndef KSHIM_LINUX_TOPOLOGY_H
#define KSHIM_LINUX_TOPOLOGY_H

#include "../../../env/kapi.h"

#endif
