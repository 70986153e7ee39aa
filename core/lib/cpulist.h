/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU lists as the kernel's command line writes them ("0-3,8"), for the
 * text programs' 'online' and 'isolcpus' keys and tmigr-stress's
 * --isolcpus: one parser, so both take the same lists and say the same
 * things about bad ones. Masks are bool arrays, one entry per CPU.
 */
#ifndef LIB_CPULIST_H
#define LIB_CPULIST_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/*
 * cpulist_parse - parse "0-3,8" into @mask[0..@nr), replacing it
 * @list:   the list; cut up in place. Commas separate ranges, blanks around
 *          numbers are ignored, empty ranges are skipped
 * @name:   names the list in messages ("online", "--isolcpus")
 * @nr:     CPUs 0..@nr-1 may be named (@nr >= 1)
 * @end:    grows to 1 + the highest CPU named: callers check it against
 *          the CPUs that exist, which may be known only later
 * @err:    on failure, one line saying why
 *
 * Returns 0, or -EINVAL for a CPU that is not a number in 0..@nr-1 or a
 * range that goes backwards.
 */
int cpulist_parse(char *list, const char *name, bool *mask, unsigned int nr,
		  unsigned int *end, char *err, size_t errlen);

/*
 * cpulist_parse_isolcpus - the same for isolcpus=[domain,]LIST (@arg may be
 * NULL: no list). "domain" is the kernel's default flag and the only one
 * modelled, so another flag (nohz, managed_irq) is refused rather than
 * read as a bad CPU number.
 */
int cpulist_parse_isolcpus(char *arg, const char *name, bool *mask, unsigned int nr,
			   unsigned int *end, char *err, size_t errlen);

/* Append the CPUs set in @mask[0..@nr) as "0,2-3,5" (nothing if none). */
void cpulist_format(struct strbuf *out, const bool *mask, unsigned int nr);

#endif /* LIB_CPULIST_H */
