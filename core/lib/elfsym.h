/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Function names of code addresses in this executable, static functions
 * included (the dynamic symbol table lacks them).
 */
#ifndef LIB_ELFSYM_H
#define LIB_ELFSYM_H

/*
 * The function @pc is in, or NULL (stripped executable, not ELF64, or an
 * address outside every function). The first call reads the symbol table;
 * it is safe from any thread.
 */
const char *elfsym_name(const void *pc);

#endif /* LIB_ELFSYM_H */
