/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which sanitizer this build runs under, in one place: RT_TSAN and RT_ASAN
 * (gcc says so with __SANITIZE_*__, clang with __has_feature()). Also the
 * few sanitizer runtime entry points the harness calls, declared here so
 * that no compiler's sanitizer headers are needed.
 */
#ifndef RT_SANITIZER_H
#define RT_SANITIZER_H

#include <stddef.h>

#if defined(__SANITIZE_THREAD__)
#define RT_TSAN 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RT_ASAN 1
#endif
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) && !defined(RT_TSAN)
#define RT_TSAN 1
#endif
#if __has_feature(address_sanitizer) && !defined(RT_ASAN)
#define RT_ASAN 1
#endif
#endif

#ifdef RT_TSAN
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned int flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned int flags);
void __tsan_set_fiber_name(void *fiber, const char *name);
void AnnotateBenignRaceSized(const char *file, int line, const volatile void *mem,
			     size_t size, const char *desc);
/* __tsan_switch_to_fiber(): no happens-before edge from the switch itself. */
#define RT_TSAN_FIBER_NO_SYNC	1u
#endif

#ifdef RT_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
				     size_t *size_old);
void __asan_unpoison_memory_region(const volatile void *addr, size_t size);
void __asan_poison_memory_region(const volatile void *addr, size_t size);
int __asan_address_is_poisoned(const volatile void *addr);
#endif

/*
 * Any sanitizer's runtime calls this before it exits with a report; weak,
 * so a build without one sees NULL.
 */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));
/* LeakSanitizer (ASan builds): nonzero when leaks were found; weak too. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

#endif /* RT_SANITIZER_H */
