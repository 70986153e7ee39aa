// SPDX-License-Identifier: GPL-2.0-only
/*
 * The backend registry: every tmigr implementation by name, the one the
 * drivers selected (--backend, TMIGR_BACKEND), and instances (a backend
 * and the variant it runs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "tmigr.h"

#ifdef TMIGR_HAVE_KERNEL
extern const struct tmigr_backend tmigr_kernel_tree_backend;
const struct tmigr_backend *const tmigr_kernel_backend = &tmigr_kernel_tree_backend;
#else
const struct tmigr_backend *const tmigr_kernel_backend;
#endif

static const struct tmigr_backend *selected = &tmigr_model_backend;

/*
 * "kernel-6.12.118": the variant label of the last tree instance built.
 * Written by tmigr_backend_instance() (from env_setup(), no CPU thread
 * running), read by report signatures; there is one tree per build.
 */
static char tree_label[64] = "kernel-?";

static bool fail(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, arg);
	return false;
}

const struct tmigr_backend *tmigr_backend_find(const char *name, char *err, size_t errlen)
{
	if (!strcmp(name, "model"))
		return &tmigr_model_backend;
	if (!strcmp(name, "kernel")) {
		if (!tmigr_kernel_backend)
			fail(err, errlen, "%s", "backend 'kernel' is not in this build: no kernel tree "
			     "(install linux-source-6.12, or configure with -DTMIGR_KERNEL_SRC=DIR / make KERNEL_SRC=DIR)");
		return tmigr_kernel_backend;
	}
	fail(err, errlen, "unknown backend '%s' (known: model, kernel)", name);
	return NULL;
}

bool tmigr_backend_select(const char *name, char *err, size_t errlen)
{
	const struct tmigr_backend *be = tmigr_backend_find(name, err, errlen);

	if (!be)
		return false;
	selected = be;
	return true;
}

bool tmigr_backend_select_from_env(char *err, size_t errlen)
{
	const char *name = getenv("TMIGR_BACKEND");

	if (!name || !*name)
		return true;
	return tmigr_backend_select(name, err, errlen);
}

void tmigr_backend_use(const struct tmigr_backend *be)
{
	selected = be;
}

const struct tmigr_backend *tmigr_backend_selected(void)
{
	return selected;
}

int tmigr_backend_instance(const struct tmigr_backend *be, enum tmigr_variant variant,
			   struct tmigr_backend *inst, char *err, size_t errlen)
{
	if ((unsigned int)variant >= TMIGR_NR_VARIANTS) {
		fail(err, errlen, "%s", "unknown variant");
		return -EINVAL;
	}
	if (!be->has_variants && variant != TMIGR_FIXED) {
		fail(err, errlen, "backend '%s' runs its tree's code as it is: variants are for the model",
		     be->name);
		return -EINVAL;
	}
	*inst = *be;
	inst->variant = variant;
	if (!be->has_variants)
		snprintf(tree_label, sizeof(tree_label), "%s-%s", be->name,
			 be->version ? be->version : "?");
	return 0;
}

const char *tmigr_backend_label(const struct tmigr_backend *be, char *buf, size_t len)
{
	if (be->tree)
		snprintf(buf, len, "%s %s", be->name, be->tree);
	else
		snprintf(buf, len, "%s", be->name);
	return buf;
}

/* The build flavour changes what a schedule's bytes mean: stories say so. */
#ifdef TMIGR_PLAIN_POINTS
#define TMIGR_FLAVOUR	", plain-points build"
#else
#define TMIGR_FLAVOUR	""
#endif

const char *tmigr_backend_describe(const struct tmigr_backend *be, enum tmigr_variant variant,
				   char *buf, size_t len)
{
	if (be->has_variants)
		snprintf(buf, len, "backend %s, variant %s%s", be->name, tmigr_variant_name(variant),
			 TMIGR_FLAVOUR);
	else
		snprintf(buf, len, "backend %s %s%s", be->name, be->tree ? be->tree : "?",
			 TMIGR_FLAVOUR);
	return buf;
}

const char *tmigr_backend_names(void)
{
	return tmigr_kernel_backend ? "model kernel" : "model";
}

bool tmigr_variant_is(enum tmigr_variant v)
{
	return tmigr_ops->variant == v;
}

enum tmigr_variant tmigr_variant_current(void)
{
	return tmigr_ops->variant;
}

const char *tmigr_variant_label(void)
{
	if (tmigr_ops->has_variants)
		return tmigr_variant_name(tmigr_ops->variant);
	return tree_label;
}
