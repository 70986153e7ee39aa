/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One byte string = one execution. The format is documented in
 * docs/input-format.md; every byte string decodes to a valid program (bytes
 * that run out give defaults), so fuzzers and minimizers can do anything
 * with it.
 */
#ifndef EXEC_INPUT_H
#define EXEC_INPUT_H

#include "../env/env.h"

#define EXEC_MAX_OPS_PER_CPU	255	/* 16 in short form, 255 extended */
#define EXEC_TIMERS_PER_CPU	4
#define EXEC_MAX_CPUS		265
#define EXEC_MAX_NODES		8

enum exec_opcode {
	OPC_NOP,
	OPC_IDLE,	/* enter the idle loop */
	OPC_WAKE,	/* leave it: a task woke up */
	OPC_ARM,	/* arm one of the CPU's timers (global, pinned or add_timer_on) */
	OPC_CANCEL,	/* del_timer() of any timer */
	OPC_CLOCK,	/* advance the virtual clock */
	OPC_TICK,	/* move to the next jiffy and take the tick here */
	OPC_HOTPLUG,	/* bring a CPU up or take it down, as control CPU */
	OPC_NR
};

struct exec_op {
	u8	code;
	u8	a;
	u8	b;
};

struct exec_program {
	unsigned int		cpus;
	unsigned int		nodes;
	enum env_node_layout	layout;
	bool			online[EXEC_MAX_CPUS];	/* at boot */
	unsigned int		nr_ops[EXEC_MAX_CPUS];
	struct exec_op		ops[EXEC_MAX_CPUS][EXEC_MAX_OPS_PER_CPU];
	const u8		*schedule;		/* remaining bytes */
	size_t			schedule_len;
};

/* Decode @data; never fails. @p keeps pointing into @data for the schedule. */
void exec_decode(const u8 *data, size_t size, struct exec_program *p);

/*
 * Profiles reshape a decoded program; a fuzz target and the replay of its
 * crash files must use the same one.
 *   plain    as decoded
 *   hotplug  only CPU 0 online at boot, every NOP a hotplug operation: the
 *            hierarchy is built while CPUs are busy
 */
enum exec_profile {
	EXEC_PROFILE_PLAIN,
	EXEC_PROFILE_HOTPLUG,
	EXEC_NR_PROFILES
};

void exec_apply_profile(struct exec_program *p, enum exec_profile profile);
bool exec_profile_parse(const char *name, enum exec_profile *out);
const char *exec_profile_name(enum exec_profile profile);

/*
 * Encode @p followed by @schedule; returns a malloc'd buffer and its size in
 * @len. Decoding the result gives back @p.
 */
u8 *exec_encode(const struct exec_program *p, const u8 *schedule, size_t schedule_len,
		size_t *len);

/* "arm timer 6 (global) in 3 ticks", for stories. */
void exec_op_describe(const struct exec_program *p, unsigned int cpu, const struct exec_op *op,
		      char *buf, size_t len);
const char *exec_opcode_name(unsigned int code);

/* What ARM/CANCEL/CLOCK operands mean (shared by runner and descriptions). */
unsigned int exec_arm_timer(unsigned int cpu, const struct exec_op *op);
unsigned int exec_arm_target(const struct exec_program *p, const struct exec_op *op);
unsigned long exec_arm_delay(const struct exec_op *op);
unsigned int exec_cancel_timer(const struct exec_program *p, const struct exec_op *op);
u64 exec_clock_step(const struct exec_op *op, u64 tick_nsec);

#endif /* EXEC_INPUT_H */
