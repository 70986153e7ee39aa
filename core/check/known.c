// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "known.h"

struct known_issue {
	const char	*signature;
	const char	*note;
};

static const struct known_issue known_issues[] = {
	{
		"structure:node-locality:fixed",
		"Linux 6.12 connects the old root below a new root of another NUMA node "
		"when that node's first CPU comes up, leaving node-local groups with "
		"children of another node (an imbalanced tree, more remote memory "
		"accesses; timers are not lost). Fixed upstream by 5eb579dfd46b "
		"\"timers/migration: Fix imbalanced NUMA trees\" (Nov 2025); not in "
		"6.12.117/118.",
	},
};

const char *known_issue(const char *signature)
{
	for (unsigned int i = 0; i < sizeof(known_issues) / sizeof(known_issues[0]); i++)
		if (!strcmp(signature, known_issues[i].signature))
			return known_issues[i].note;
	return NULL;
}
