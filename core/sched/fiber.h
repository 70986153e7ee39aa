/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fibers: stacks of their own on one OS thread, switched in user space.
 *
 * A switch saves the callee-saved registers on the current stack, stores
 * the stack pointer and loads the other fiber's: a few nanoseconds, no
 * system call (the signal mask is not part of a fiber). x86-64 and arm64
 * have the assembly; other architectures fall back to ucontext, whose
 * swapcontext() does save the signal mask with a system call.
 *
 * Sanitizers see every fiber as a thread of its own: each fiber has a TSan
 * fiber context (switches carry no happens-before edge of their own) and
 * every switch tells ASan which stack is in use. Stacks are mmap()ed below
 * a guard page; running into it is reported by name (fiber_guard_install()).
 */
#ifndef SCHED_FIBER_H
#define SCHED_FIBER_H

#include <stdbool.h>
#include <stddef.h>

#include "../rt/sanitizer.h"

/* FIBER_FORCE_UCONTEXT: test the fallback on an architecture with assembly. */
#if (!defined(__x86_64__) && !defined(__aarch64__)) || defined(FIBER_FORCE_UCONTEXT)
#define FIBER_UCONTEXT 1
#include <ucontext.h>
#endif

/**
 * struct fiber - one user-space context
 * @sp:		saved stack pointer while switched out
 * @map:	the mapping (guard page, then the stack); NULL for a thread's own context
 * @map_len:	its length
 * @lo:		lowest usable stack address (ASan wants the bounds of the target)
 * @len:	usable stack length
 * @fn:		what the fiber runs (never returns)
 * @arg:	its argument
 * @name:	for reports ("CPU3")
 * @dying:	resumed only to leave for good (fiber_drop())
 * @last_words:	run on the fiber just before it leaves for good
 * @tsan:	TSan fiber context
 * @asan_fake:	ASan fake stack while switched out
 * @uc:		the context on architectures without assembly
 */
struct fiber {
	void		*sp;
	void		*map;
	size_t		map_len;
	const void	*lo;
	size_t		len;
	void		(*fn)(void *arg);
	void		*arg;
	char		name[16];
	bool		dying;
	void		(*last_words)(struct fiber *f);
#ifdef RT_TSAN
	void		*tsan;
#endif
#ifdef RT_ASAN
	void		*asan_fake;
#endif
#ifdef FIBER_UCONTEXT
	ucontext_t	uc;
#endif
};

/* Stack size of new fibers: TMIGR_FIBER_STACK_KB, or the default. Exits 2 on a bad value. */
size_t fiber_stack_size(void);

/* Make @f the calling thread's own context (the one fibers return to). */
void fiber_init_thread(struct fiber *f);

/*
 * Create @f with a @stack byte stack that will run @fn(@arg) when first
 * switched to. Returns false when out of memory.
 */
bool fiber_create(struct fiber *f, size_t stack, void (*fn)(void *), void *arg,
		  const char *name);

/* Run @to; returns when something switches back to @from (the running context). */
void fiber_switch(struct fiber *from, struct fiber *to);

/*
 * Drop @f, switched out somewhere in the middle of @fn, and make it start
 * @fn afresh when next switched to. Called from @self. @f is resumed once to
 * leave for good (so ASan frees its fake stack and TSan sees its accesses
 * end before @self goes on): only @last_words(@f) runs there, if not NULL.
 */
void fiber_drop(struct fiber *self, struct fiber *f, void (*last_words)(struct fiber *f));

/*
 * Report a fiber stack overflow by fiber name: a SIGSEGV handler on an
 * alternate stack that recognises guard pages. Other faults go to the
 * handler that was there before.
 */
void fiber_guard_install(void);
/*
 * Give the calling thread the alternate signal stack the handler needs (the
 * installing thread has one): for other threads that run fibers.
 */
void fiber_guard_thread(void);

#endif /* SCHED_FIBER_H */
