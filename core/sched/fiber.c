// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fibers: the context switch, the sanitizer bookkeeping around it, guarded
 * stacks. See fiber.h.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fiber.h"
#include "../rt/cpu.h"

/* ---- the switch ------------------------------------------------------------------- */

/*
 * fiber_swap(save, sp): push the callee-saved registers, store the stack
 * pointer in *@save, load @sp, pop the other context's registers and return
 * into it. A new fiber's stack is laid out as if it had called fiber_swap()
 * from fiber_trampoline, which calls @fn(@fiber) from two saved registers.
 * The floating-point control words (MXCSR, x87 CW, FPCR) are not switched:
 * nothing here changes them.
 */
void fiber_swap(void **save, void *sp);
void fiber_trampoline(void);

#if defined(FIBER_UCONTEXT)
/* ucontext below */
#elif defined(__x86_64__)
__asm__(
	".text\n"
	".globl fiber_swap\n"
	".type fiber_swap, @function\n"
	".hidden fiber_swap\n"
	"fiber_swap:\n"
	"	.cfi_startproc\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	"	.cfi_endproc\n"
	".size fiber_swap, .-fiber_swap\n"
	".globl fiber_trampoline\n"
	".type fiber_trampoline, @function\n"
	".hidden fiber_trampoline\n"
	"fiber_trampoline:\n"
	"	.cfi_startproc\n"
	"	.cfi_undefined rip\n"		/* unwinders stop here */
	"	movq %rbx, %rdi\n"
	"	call *%r12\n"
	"	ud2\n"
	"	.cfi_endproc\n"
	".size fiber_trampoline, .-fiber_trampoline\n");

/* Six saved registers, the return address into the trampoline, padding. */
static void *initial_sp(struct fiber *f, void (*entry)(struct fiber *))
{
	uintptr_t top = ((uintptr_t)f->lo + f->len) & ~(uintptr_t)15;
	void **sp = (void **)(top - 9 * sizeof(void *));

	memset(sp, 0, 9 * sizeof(void *));
	sp[3] = (void *)entry;		/* r12 */
	sp[4] = f;			/* rbx */
	sp[6] = (void *)fiber_trampoline;
	/* After the ret: rsp = top - 16, 16-byte aligned before the call. */
	return sp;
}
#elif defined(__aarch64__)
__asm__(
	".text\n"
	".globl fiber_swap\n"
	".type fiber_swap, %function\n"
	".hidden fiber_swap\n"
	"fiber_swap:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mov x2, sp\n"
	"	str x2, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size fiber_swap, .-fiber_swap\n"
	".globl fiber_trampoline\n"
	".type fiber_trampoline, %function\n"
	".hidden fiber_trampoline\n"
	"fiber_trampoline:\n"
	"	mov x0, x19\n"
	"	blr x20\n"
	"	brk #0\n"
	".size fiber_trampoline, .-fiber_trampoline\n");

/* x19 = fiber, x20 = entry, x29 = 0 (end of the frame chain), x30 = trampoline. */
static void *initial_sp(struct fiber *f, void (*entry)(struct fiber *))
{
	uintptr_t top = ((uintptr_t)f->lo + f->len) & ~(uintptr_t)15;
	void **sp = (void **)(top - 160);

	memset(sp, 0, 160);
	sp[0] = f;			/* x19 */
	sp[1] = (void *)entry;		/* x20 */
	sp[11] = (void *)fiber_trampoline;	/* x30 */
	return sp;
}
#endif

/* ---- sanitizers around the switch -------------------------------------------------- */

/*
 * Not for TSan's eyes: between __tsan_switch_to_fiber() and the switch,
 * code runs as the target fiber, which may not be ignoring accesses.
 */
#ifdef RT_TSAN
#define NO_TSAN		__attribute__((no_sanitize("thread")))
#else
#define NO_TSAN
#endif

/* The context that switched to the one now running (ASan learns its stack here). */
static __thread struct fiber *fiber_prev;

NO_TSAN static inline void switch_begin(struct fiber *from, struct fiber *to, bool last)
{
#ifdef RT_TSAN
	/* Switches order nothing: the caller says what is synchronisation. */
	__tsan_switch_to_fiber(to->tsan, last ? 0 : RT_TSAN_FIBER_NO_SYNC);
#endif
#ifdef RT_ASAN
	__sanitizer_start_switch_fiber(last ? NULL : &from->asan_fake, to->lo, to->len);
#endif
	(void)last;
	(void)to;
	fiber_prev = from;
}

NO_TSAN static inline void switch_end(struct fiber *self)
{
#ifdef RT_ASAN
	struct fiber *prev = fiber_prev;
	const void *lo;
	size_t len;

	__sanitizer_finish_switch_fiber(self->asan_fake, &lo, &len);
	if (!prev->map) {
		/* A thread's own stack: only ASan knows its bounds. */
		prev->lo = lo;
		prev->len = len;
	}
#endif
	(void)self;
}

#ifdef FIBER_UCONTEXT
static __thread struct fiber *fiber_starting;

static void uc_entry(void)
{
	struct fiber *f = fiber_starting;

	((void (*)(struct fiber *))f->sp)(f);
}

NO_TSAN static void low_swap(struct fiber *from, struct fiber *to)
{
	swapcontext(&from->uc, &to->uc);
}
#else
NO_TSAN static void low_swap(struct fiber *from, struct fiber *to)
{
	fiber_swap(&from->sp, to->sp);
}
#endif

NO_TSAN static __attribute__((noreturn)) void leave_for_good(struct fiber *self, struct fiber *to)
{
	switch_begin(self, to, true);
	low_swap(self, to);
	abort();
}

/* First code a fiber runs. */
NO_TSAN static __attribute__((noreturn)) void fiber_start(struct fiber *self)
{
	switch_end(self);
	self->fn(self->arg);
	fprintf(stderr, "tmigr-torture: fiber %s returned\n", self->name);
	abort();
}

static void fiber_prepare(struct fiber *f)
{
#ifdef FIBER_UCONTEXT
	getcontext(&f->uc);
	f->uc.uc_stack.ss_sp = (void *)f->lo;
	f->uc.uc_stack.ss_size = f->len;
	f->uc.uc_link = NULL;
	f->sp = (void *)fiber_start;
	makecontext(&f->uc, uc_entry, 0);
#else
	f->sp = initial_sp(f, fiber_start);
#endif
}

NO_TSAN void fiber_switch(struct fiber *from, struct fiber *to)
{
#ifdef FIBER_UCONTEXT
	if (to->sp == (void *)fiber_start)
		fiber_starting = to;
#endif
	switch_begin(from, to, false);
	low_swap(from, to);
	switch_end(from);
	if (unlikely(from->dying)) {
		struct fiber *to_after = fiber_prev;

		if (from->last_words)
			from->last_words(from);
		leave_for_good(from, to_after);
	}
}

void fiber_init_thread(struct fiber *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "main");
#ifdef RT_TSAN
	f->tsan = __tsan_get_current_fiber();
#endif
}

/* ---- stacks --------------------------------------------------------------------------- */

#define FIBER_STACK_DEFAULT	(256u << 10)

size_t fiber_stack_size(void)
{
	static size_t size;
	const char *s;
	char *end;
	unsigned long kb;

	if (size)
		return size;
	s = getenv("TMIGR_FIBER_STACK_KB");
	if (!s || !*s) {
		size = FIBER_STACK_DEFAULT;
		return size;
	}
	kb = strtoul(s, &end, 10);
	if (*end || kb < 16 || kb > (1u << 20)) {
		fprintf(stderr, "tmigr-torture: TMIGR_FIBER_STACK_KB must be 16..1048576 (got '%s')\n", s);
		exit(2);
	}
	size = (size_t)kb << 10;
	return size;
}

/* Every fiber with a stack, for the guard-page handler. */
static struct fiber *fibers[NR_CPUS];
static unsigned int nr_fibers;

bool fiber_create(struct fiber *f, size_t stack, void (*fn)(void *), void *arg,
		  const char *name)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = ((stack + page - 1) & ~(page - 1)) + page;
	void *map;

	if (nr_fibers >= ARRAY_SIZE(fibers))
		return false;
	/* Pages are committed when touched: most of a stack never is. */
	map = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (map == MAP_FAILED)
		return false;
	if (mprotect(map, page, PROT_NONE)) {
		munmap(map, len);
		return false;
	}
	memset(f, 0, sizeof(*f));
	f->map = map;
	f->map_len = len;
	f->lo = (char *)map + page;
	f->len = len - page;
	f->fn = fn;
	f->arg = arg;
	snprintf(f->name, sizeof(f->name), "%s", name);
#ifdef RT_TSAN
	f->tsan = __tsan_create_fiber(0);
	__tsan_set_fiber_name(f->tsan, f->name);
#endif
	fiber_prepare(f);
	__atomic_store_n(&fibers[nr_fibers], f, __ATOMIC_RELEASE);
	__atomic_store_n(&nr_fibers, nr_fibers + 1, __ATOMIC_RELEASE);
	return true;
}

void fiber_drop(struct fiber *self, struct fiber *f, void (*last_words)(struct fiber *f))
{
	f->last_words = last_words;
	f->dying = true;
	fiber_switch(self, f);
	f->dying = false;
#ifdef RT_TSAN
	/* Its ignore regions and held "locks" end with it: start a clean context. */
	__tsan_destroy_fiber(f->tsan);
	f->tsan = __tsan_create_fiber(0);
	__tsan_set_fiber_name(f->tsan, f->name);
#endif
#ifdef RT_ASAN
	/* Frames it never returned from leave their redzones behind. */
	__asan_unpoison_memory_region(f->lo, f->len);
#endif
	fiber_prepare(f);
}

/* ---- guard pages ----------------------------------------------------------------------------- */

static struct sigaction guard_old;

static void guard_handler(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	unsigned int n = __atomic_load_n(&nr_fibers, __ATOMIC_ACQUIRE);
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	(void)uc;
	for (unsigned int i = 0; i < n; i++) {
		const struct fiber *f = fibers[i];
		uintptr_t g = (uintptr_t)f->map;
		char msg[256];
		int len;

		/* The guard page, or a frame so large that it jumped over it. */
		if (a < g - page || a >= g + page)
			continue;
		len = snprintf(msg, sizeof(msg),
			       "tmigr-torture: stack overflow in fiber %s: its %zu KiB stack is too small "
			       "(fault at %p); set TMIGR_FIBER_STACK_KB higher or use --engine threads\n",
			       f->name, f->len >> 10, si->si_addr);
		if (len > 0 && write(2, msg, (size_t)len) < 0)
			len = 0;
		signal(sig, SIG_DFL);
		return;		/* the fault repeats and kills the process */
	}
	/* Not ours: whoever handled SIGSEGV before us sees the repeat. */
	sigaction(sig, &guard_old, NULL);
}

void fiber_guard_thread(void)
{
	stack_t ss;

	/* A handler on the overflowed stack would fault again at once. */
	if (!sigaltstack(NULL, &ss) && (ss.ss_flags & SS_DISABLE)) {
		ss.ss_size = 64 << 10;
		ss.ss_sp = mmap(NULL, ss.ss_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ss.ss_flags = 0;
		if (ss.ss_sp != MAP_FAILED)
			sigaltstack(&ss, NULL);
	}
}

void fiber_guard_install(void)
{
	static bool installed;
	struct sigaction sa;

	if (installed)
		return;
	installed = true;
	fiber_guard_thread();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = guard_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &guard_old);
}
