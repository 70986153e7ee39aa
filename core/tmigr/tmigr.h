/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the rest of the harness sees of a tmigr implementation.
 *
 * The environment (the kernel's timer code and hotplug) calls tmigr only
 * through struct tmigr_backend, so the hand-written model and a backend
 * compiled from a real kernel tree are interchangeable and can run side by
 * side. Oracles and renderers never look into an implementation; they read
 * a struct tmigr_snapshot (snapshot.h) the backend fills in.
 */
#ifndef TMIGR_TMIGR_H
#define TMIGR_TMIGR_H

#include <stddef.h>

#include "../rt/types.h"
#include "variant.h"

struct tmigr_snapshot;

struct tmigr_backend {
	const char	*name;

	/* early_initcall: compute levels, register hotplug callbacks. */
	int		(*init)(void);
	/* Forget every group and per-CPU state; no CPU thread may run. */
	void		(*reset)(void);

	/* The calls timer.c makes, on the calling CPU. */
	void		(*cpu_activate)(void);
	u64		(*cpu_deactivate)(u64 nextexp);
	u64		(*cpu_new_timer)(u64 nextexp);
	u64		(*quick_check)(u64 nextevt);
	void		(*handle_remote)(void);
	bool		(*requires_handle_remote)(void);

	/* Introspection; only at quiescent points. */
	int		(*nr_groups)(void);
	void		(*snapshot)(struct tmigr_snapshot *snap);
	/*
	 * Name the object at @addr ("GRP1:0", "CPU3") if it lies inside a
	 * group or a per-CPU leaf; returns false otherwise. For traces.
	 */
	bool		(*describe)(const void *addr, char *buf, size_t len);
};

/* The hand-written model of kernel/time/timer_migration.c. */
extern const struct tmigr_backend tmigr_model_backend;

/* Backend the environment calls; set by env_setup(). */
extern const struct tmigr_backend *tmigr_ops;

#endif /* TMIGR_TMIGR_H */
