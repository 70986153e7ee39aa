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
#define EXEC_MAX_CPUS		NR_CPUS	/* 265 before the topology extension */
#define EXEC_MAX_NODES		8
#define EXEC_MAX_MEMORY_NODES	7	/* CPU-less nodes, after the CPUs' nodes */
#define EXEC_MAX_REARMS		3	/* self re-arms of a callback */

enum exec_opcode {
	OPC_NOP,
	OPC_IDLE,	/* enter the idle loop */
	OPC_WAKE,	/* leave it: a task woke up */
	OPC_ARM,	/* arm one of the CPU's timers (global, pinned or add_timer_on) */
	OPC_CANCEL,	/* del_timer() of any timer */
	OPC_CLOCK,	/* advance the virtual clock */
	OPC_TICK,	/* move to the next jiffy and take the tick here */
	OPC_HOTPLUG,	/* bring a CPU up or take it down, as control CPU */
	OPC_IRQ,	/* a device interrupt: runs no timer (extended form only) */
	OPC_NR
};

/* Opcodes the 3-byte (classic) form reaches: its opcode byte is taken % 8. */
#define OPC_NR_CLASSIC	8

/*
 * One operation. @code is the decoded opcode. The classic form carries the
 * operand bytes @a and @b; the extended form (@ext, docs/input-format.md)
 * carries @a..@d: a 16-bit CPU or timer operand in @a | @b << 8, flags in
 * @c, a delay in @d. Text and encoding pick the classic form whenever it
 * says the same.
 */
struct exec_op {
	u8	code;
	u8	a;
	u8	b;
	u8	c;
	u8	d;
	bool	ext;
};

/* Extended arm: @c bits 0-3 slot, bit 4 from interrupt context, bits 5-6 re-arms. */
#define EXEC_ARM_SLOT_MASK	0x0f
#define EXEC_ARM_IRQ		0x10
#define EXEC_ARM_REARM_SHIFT	5

struct exec_program {
	unsigned int		cpus;
	unsigned int		nodes;
	enum env_node_layout	layout;
	/* Topology extension (docs/input-format.md); all false/0 in old inputs. */
	bool			parallel_boot;	/* CONFIG_HOTPLUG_PARALLEL bring-up */
	unsigned int		memory_nodes;	/* CPU-less nodes */
	bool			absent_no_node;	/* cpu_to_node() = NUMA_NO_NODE until present */
	bool			nohz_full;	/* nohz_full=1-N */
	bool			online[EXEC_MAX_CPUS];	/* at boot */
	bool			isolated[EXEC_MAX_CPUS];	/* isolcpus=domain,LIST */
	bool			little[EXEC_MAX_CPUS];	/* half capacity (big.LITTLE) */
	unsigned int		nr_ops[EXEC_MAX_CPUS];
	struct exec_op		ops[EXEC_MAX_CPUS][EXEC_MAX_OPS_PER_CPU];
	const u8		*schedule;		/* remaining bytes */
	size_t			schedule_len;
};

/* How many CPUs isolcpus= isolates: none, some, or (an invalid) all p->cpus. */
unsigned int exec_nr_isolated(const struct exec_program *p);

/* How many CPUs are little (half capacity); 0: a homogeneous machine. */
unsigned int exec_nr_little(const struct exec_program *p);

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

/*
 * What the operands mean (shared by the executor, text and descriptions).
 * @cpus is the program's CPU count, @tpc the timers per CPU (4 in programs).
 */
unsigned int exec_arm_slot(const struct exec_op *op);
unsigned int exec_arm_timer(unsigned int cpu, unsigned int tpc, const struct exec_op *op);
unsigned int exec_arm_target(unsigned int cpus, const struct exec_op *op);
unsigned long exec_arm_delay(const struct exec_op *op);
bool exec_arm_from_irq(const struct exec_op *op);
unsigned int exec_arm_rearms(const struct exec_op *op);
unsigned int exec_cancel_timer(unsigned int cpus, unsigned int tpc, const struct exec_op *op);
u64 exec_clock_step(const struct exec_op *op, u64 tick_nsec);
unsigned int exec_hotplug_target(unsigned int cpus, const struct exec_op *op);
bool exec_hotplug_idle(const struct exec_op *op);
/*
 * 'nomem N' (extended form, operand d): the N-th allocation made while the
 * hotplug operation runs fails, on whichever CPU makes it; 0: none.
 */
unsigned int exec_hotplug_nomem(const struct exec_op *op);
/* Set op->ext if the operands need the extended form (canonical encoding). */
void exec_op_canonicalize(struct exec_op *op);

/*
 * Run @op on this CPU (the thread bound to @cpu, between two services):
 * the one executor of stress, replay, search and fuzzing (core/exec/run.c).
 */
void exec_op_execute(unsigned int cpus, unsigned int cpu, const struct exec_op *op);

#endif /* EXEC_INPUT_H */
