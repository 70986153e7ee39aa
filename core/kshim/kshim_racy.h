/* SPDX-License-Identifier: GPL-2.0-only */
/* Contract: a real tree's fields that its CPUs access plainly and without a common lock by design, declared benign to ThreadSanitizer one field at a time (no-op outside TSan builds). */
#ifndef KSHIM_RACY_H
#define KSHIM_RACY_H

#include <stddef.h>

#include "../rt/sanitizer.h"

/*
 * tmigr_event::ignore (kshim_racy_ignore()). The active path sets a group's (and a CPU's) flag
 * without the lock of the group whose queue holds the event, while that
 * group's migrator reads it under its lock (tmigr_next_groupevt()); the
 * file's own comments say so. 6.18 marks the group event's accesses with
 * READ_ONCE()/WRITE_ONCE(); every tree still writes tmc->cpuevt.ignore
 * plainly under tmc->lock only.
 *
 * tmigr_group::parent (kshim_racy_group()). Setup publishes it with
 * smp_store_release(); tmigr_update_events() tests it plainly for NULL
 * before taking the group lock, in every tree so far. A stale NULL only
 * sends the walk to the locked path. What a CPU reads through the pointer
 * still needs the release/acquire pairing, and TSan still checks that.
 *
 * Declaring just these fields keeps TSan on every other field of the same
 * objects (docs/MODEL-VS-KERNEL.md).
 */
/*
 * The plain-points flavour compiles the tmigr units with -fsanitize=thread
 * (so RT_TSAN) but links no TSan runtime: nothing to declare to there.
 */
#if defined(RT_TSAN) && !defined(TMIGR_PLAIN_POINTS)
#define kshim_racy(field, why)							\
	AnnotateBenignRaceSized(__FILE__, __LINE__, &(field), sizeof(field), why)
#else
#define kshim_racy(field, why)	((void)&(field))
#endif

#define kshim_racy_ignore(evt)							\
	kshim_racy((evt)->ignore, "tmigr_event::ignore, lockless by design")

#define kshim_racy_group(group)							\
	do {									\
		kshim_racy_ignore(&(group)->groupevt);				\
		kshim_racy((group)->parent, "tmigr_group::parent, plain NULL test"); \
	} while (0)

#endif /* KSHIM_RACY_H */
