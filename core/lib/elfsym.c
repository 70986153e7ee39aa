// SPDX-License-Identifier: GPL-2.0-only
/*
 * Function names from the executable's own symbol table: /proc/self/exe is
 * mapped once and its SHT_SYMTAB read; the load bias (PIE) comes from
 * elfsym_name()'s own entry. Names point into the mapping, which stays.
 */
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsym.h"

struct elfsym {
	uintptr_t	start, end;
	const char	*name;
};

static struct elfsym *syms;
static size_t nr_syms;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_start(const void *a, const void *b)
{
	const struct elfsym *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void *map_self(size_t *len)
{
	struct stat st;
	void *map;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || (size_t)st.st_size < sizeof(Elf64_Ehdr)) {
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	*len = (size_t)st.st_size;
	return map == MAP_FAILED ? NULL : map;
}

static void load(void)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	uintptr_t bias = 0;
	bool anchored = false;
	size_t len, n = 0;
	const char *base = map_self(&len);

	if (!base)
		return;
	eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > len)
		return;
	sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sym = (const Elf64_Sym *)(base + sh[i].sh_offset);
		size_t count = sh[i].sh_size / sizeof(*sym);
		const Elf64_Shdr *str;
		struct elfsym *more;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset + sh[i].sh_size > len)
			continue;
		str = &sh[sh[i].sh_link];
		more = realloc(syms, (n + count) * sizeof(*syms));
		if (!more)
			return;
		syms = more;
		for (size_t k = 0; k < count; k++) {
			const char *name = base + str->sh_offset + sym[k].st_name;

			if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || !sym[k].st_value ||
			    !sym[k].st_size || sym[k].st_name >= str->sh_size)
				continue;
			if (!strcmp(name, "elfsym_name")) {
				bias = (uintptr_t)elfsym_name - sym[k].st_value;
				anchored = true;
			}
			syms[n++] = (struct elfsym){ sym[k].st_value, sym[k].st_value + sym[k].st_size,
						     name };
		}
	}
	for (size_t k = 0; k < n; k++) {
		syms[k].start += bias;
		syms[k].end += bias;
	}
	qsort(syms, n, sizeof(*syms), by_start);
	nr_syms = anchored ? n : 0;	/* no anchor: the bias is unknown */
}

const char *elfsym_name(const void *pc)
{
	uintptr_t a = (uintptr_t)pc;
	size_t lo = 0, hi;

	pthread_once(&once, load);
	hi = nr_syms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (syms[mid].start <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && a < syms[lo - 1].end)
		return syms[lo - 1].name;
	return NULL;
}
