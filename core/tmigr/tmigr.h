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

/*
 * struct tmigr_backend - one tmigr implementation, or an instance of it
 * @name:	registry name ("model", "kernel")
 * @version:	the version of the kernel tree the code comes from ("6.12.118",
 *		from its Makefile); NULL for the model
 * @tree:	@version and a hash of timer_migration.[ch]
 *		("6.12.118 837482dbbf36"); NULL for the model
 * @has_variants: runs every enum tmigr_variant (the model); otherwise only
 *		the code of its tree, which counts as TMIGR_FIXED
 * @variant:	in an instance (what env_setup() installs as tmigr_ops), the
 *		variant it runs; model code reads it through tmigr_variant_is()
 */
struct tmigr_backend {
	const char	*name;
	const char	*version;
	const char	*tree;
	bool		has_variants;
	enum tmigr_variant variant;

	/* early_initcall: compute levels, register hotplug callbacks. */
	int		(*init)(void);
	/*
	 * late_initcall, run once smp_init() has brought the boot CPUs up
	 * (trees with CPU isolation exclude isolcpus= CPUs there); NULL when
	 * the code has none besides @init.
	 */
	int		(*late_init)(void);
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
/*
 * sizeof(struct tmigr_group) in the model, for tests that make exactly the
 * group allocations fail; the struct itself is the model unit's own.
 */
extern const size_t tmigr_model_group_size;
/* A real tree's timer_migration.c on core/kshim/ (NULL when not built). */
extern const struct tmigr_backend *const tmigr_kernel_backend;

/* Backend instance the environment calls; set by env_setup(). */
extern const struct tmigr_backend *tmigr_ops;

/* ---- registry (backend.c) ------------------------------------------------ */

/*
 * The backend called @name, or NULL with a one-line reason in @err (unknown
 * name, or a backend this build lacks: no kernel tree was configured).
 */
const struct tmigr_backend *tmigr_backend_find(const char *name, char *err, size_t errlen);

/*
 * Make @name the backend env_setup() uses when its config names none.
 * Returns false (and fills @err) when there is no such backend.
 */
bool tmigr_backend_select(const char *name, char *err, size_t errlen);

/*
 * Select the backend named by the TMIGR_BACKEND environment variable, if
 * set (for programs without a command line: the fuzz targets). False with
 * @err filled when it names no usable backend.
 */
bool tmigr_backend_select_from_env(char *err, size_t errlen);

/*
 * Make @be (a registered backend, or a wrapper of one such as the
 * differential recorder) the one env_setup() uses when its config names none.
 */
void tmigr_backend_use(const struct tmigr_backend *be);

/* The selected backend (the model unless something else was selected). */
const struct tmigr_backend *tmigr_backend_selected(void);

/*
 * Build the instance of @be running @variant in *@inst. Fails (-EINVAL,
 * @err filled) when @be cannot run @variant.
 */
int tmigr_backend_instance(const struct tmigr_backend *be, enum tmigr_variant variant,
			   struct tmigr_backend *inst, char *err, size_t errlen);

/* "model" or "kernel 6.12.118 837482dbbf36": for stories and reports. */
const char *tmigr_backend_label(const struct tmigr_backend *be, char *buf, size_t len);

/*
 * "backend model, variant fixed" or "backend kernel 6.12.118 837482dbbf36":
 * what headers of stories and reports say about the code that ran.
 */
const char *tmigr_backend_describe(const struct tmigr_backend *be, enum tmigr_variant variant,
				   char *buf, size_t len);

/*
 * The variant part of report signatures for the running instance: the
 * model's variant name, or "kernel-<version>" for a tree's code.
 */
const char *tmigr_variant_label(void);

/* Space separated names of the backends this build has. */
const char *tmigr_backend_names(void);

#endif /* TMIGR_TMIGR_H */
