/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The project's one pseudo-random generator: splitmix64. Cheap, any seed
 * (even 0) gives a good stream, and a run is repeated from its seed. Used
 * by the controlled scheduler's strategies and by the stress driver.
 */
#ifndef LIB_PRNG_H
#define LIB_PRNG_H

#include "../rt/types.h"

static inline u64 prng_next(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, @n), without a division (Lemire's multiply-shift). */
static inline unsigned int prng_below(u64 *state, unsigned int n)
{
	return (unsigned int)((prng_next(state) >> 32) * n >> 32);
}

#endif /* LIB_PRNG_H */
