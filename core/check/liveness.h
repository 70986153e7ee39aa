/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Liveness: every run ends, and every interrupt ends.
 *
 * Progress is a program operation completing or a timer running. A CPU
 * taking interrupts (woken by its programmed wakeup, a tick, an IPI) is not
 * progress: wakeups in a row without any progress, beyond a budget, are a
 * livelock, whether they happen while a controlled run executes its
 * program or while the drain runs the system down. And one interrupt must
 * do bounded work: a CPU that stays inside one timer softirq, or one
 * tmigr_handle_remote() walk, for more than a bound of iterations or while
 * virtual time moves on by more than a bound, is a livelock too.
 *
 * A livelock is reported with the looping CPU and where it loops. Then the
 * run cannot end by itself: the stuck handler (check_set_stuck_handler())
 * is told, and the controlled runner ends the run there.
 */
#ifndef CHECK_LIVENESS_H
#define CHECK_LIVENESS_H

#include "../env/env.h"

struct liveness_config {
	unsigned int	wakeup_budget;	/* wakeups without progress; 0: 1000 + 16 per CPU */
	unsigned int	irq_iterations;	/* per interrupt; 0: 1024 + 16 per timer + 16 per CPU */
	u64		irq_time_ns;	/* virtual time per interrupt; 0: 10000 + 10 per CPU ticks */
	/*
	 * Bound interrupts by virtual time too (free mode only): under the
	 * controlled scheduler the clock moves only by other CPUs' operations
	 * while the interrupted CPU is switched out, so time spent inside an
	 * interrupt says nothing about the interrupt (a fuzzed `clock` op moves
	 * it up to 16 s at once).
	 */
	bool		irq_virtual_time;
};

void liveness_reset(const struct liveness_config *cfg);

/* A program operation completed or a timer ran: the streak starts over. */
void liveness_progress(void);

/*
 * @cpu took an interrupt (or was otherwise woken) that may or may not lead
 * to progress. True when the streak exceeds the budget: the livelock report
 * (@site, e.g. "wakeups-without-timer") has been filed and the caller must
 * stop. @what says where the caller is ("controlled run", "drain").
 */
bool liveness_wakeup(unsigned int cpu, const char *site, const char *what);

/* The environment's interrupt events (env_observer::irq). */
void liveness_irq(unsigned int cpu, enum env_irq_event ev);

/*
 * Called when a liveness report means the reporting CPU will never get out
 * by itself (an endless interrupt): a controlled runner ends the run. With
 * no handler, the CPU goes on looping (free mode: the stall watchdog sees
 * it). @why is the report's summary. NULL to remove.
 */
void check_set_stuck_handler(void (*fn)(const char *why, void *ctx), void *ctx);

#endif /* CHECK_LIVENESS_H */
