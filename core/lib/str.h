/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String helpers with the kernel's names (lib/string.c), for the parsers of
 * text programs, CPU lists and options.
 */
#ifndef LIB_STR_H
#define LIB_STR_H

/* Cut trailing blanks off @s in place; returns @s past its leading blanks. */
char *strim(char *s);

#endif /* LIB_STR_H */
