// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU lists ("0-3,8"): one parser for text programs and tmigr-stress, so
 * that a list the stress driver takes is one its findings can replay.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "strbuf.h"
#include "str.h"

/* One CPU number; base 0 as everywhere else (0x10 is CPU 16). */
static int cpu_number(char *tok, const char *name, unsigned int nr, unsigned long *cpu,
		      char *err, size_t errlen)
{
	char *end;

	tok = strim(tok);
	if (!*tok) {
		snprintf(err, errlen, "%s CPU: number missing", name);
		return -EINVAL;
	}
	errno = 0;
	*cpu = strtoul(tok, &end, 0);
	/* strtoul() takes "-1" as ULONG_MAX: refuse the sign itself. */
	if (errno || *end || *tok == '-' || *cpu > nr - 1) {
		snprintf(err, errlen, "%s CPU must be between 0 and %u (got '%s')", name, nr - 1,
			 tok);
		return -EINVAL;
	}
	return 0;
}

int cpulist_parse(char *list, const char *name, bool *mask, unsigned int nr,
		  unsigned int *end, char *err, size_t errlen)
{
	char *save = NULL;

	memset(mask, 0, nr * sizeof(*mask));
	for (char *part = strtok_r(list, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(part, '-');
		unsigned long a, b;

		if (dash) {
			*dash = '\0';
			if (cpu_number(part, name, nr, &a, err, errlen) ||
			    cpu_number(dash + 1, name, nr, &b, err, errlen))
				return -EINVAL;
			if (b < a) {
				snprintf(err, errlen, "%s range %lu-%lu goes backwards (write %lu-%lu)",
					 name, a, b, b, a);
				return -EINVAL;
			}
		} else if (cpu_number(part, name, nr, &a, err, errlen)) {
			return -EINVAL;
		} else {
			b = a;
		}
		for (unsigned long c = a; c <= b; c++)
			mask[c] = true;
		if (b + 1 > *end)
			*end = (unsigned int)b + 1;
	}
	return 0;
}

int cpulist_parse_isolcpus(char *arg, const char *name, bool *mask, unsigned int nr,
			   unsigned int *end, char *err, size_t errlen)
{
	while (arg && isspace((unsigned char)*arg))
		arg++;
	if (arg && !strncmp(arg, "domain,", 7))
		arg += 7;
	if (!arg || !*arg) {
		snprintf(err, errlen, "%s needs a CPU list (e.g. '%s 2-3')", name, name);
		return -EINVAL;
	}
	if (isalpha((unsigned char)*arg)) {
		snprintf(err, errlen, "%s takes [domain,]CPU-LIST (got '%s')", name, arg);
		return -EINVAL;
	}
	return cpulist_parse(arg, name, mask, nr, end, err, errlen);
}

void cpulist_format(struct strbuf *out, const bool *mask, unsigned int nr)
{
	const char *sep = "";

	for (unsigned int c = 0; c < nr; c++) {
		unsigned int last = c;

		if (!mask[c])
			continue;
		while (last + 1 < nr && mask[last + 1])
			last++;
		if (last > c)
			strbuf_addf(out, "%s%u-%u", sep, c, last);
		else
			strbuf_addf(out, "%s%u", sep, c);
		sep = ",";
		c = last;
	}
}
