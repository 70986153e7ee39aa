// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding and encoding of the input format (docs/input-format.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

struct reader {
	const u8	*data;
	size_t		size;
	size_t		pos;
};

/* The next byte, or @dflt once the input has run out. */
static u8 take(struct reader *r, u8 dflt)
{
	return r->pos < r->size ? r->data[r->pos++] : dflt;
}

void exec_decode(const u8 *data, size_t size, struct exec_program *p)
{
	struct reader r = { data, size, 0 };
	u8 t;

	memset(p, 0, sizeof(*p));

	/* Topology: 2 CPUs, 1 node, blocks when empty. */
	t = take(&r, 0);
	p->cpus = 2 + (t & 7);
	/* Nodes: bits 3-4, and bit 7 as the high bit (added later, so old inputs keep their meaning). */
	p->nodes = 1 + (((t >> 3) & 3) | ((t >> 5) & 4));
	p->layout = (t >> 5) & 1 ? ENV_NODES_INTERLEAVED : ENV_NODES_BLOCKS;
	if ((t >> 6) & 1)
		p->cpus = 10 + take(&r, 0);
	if (p->nodes > p->cpus)
		p->nodes = p->cpus;

	/* Online at boot: missing bytes mean online. */
	for (unsigned int byte = 0; byte < DIV_ROUND_UP(p->cpus, 8); byte++) {
		u8 m = take(&r, 0xff);

		for (unsigned int bit = 0; bit < 8 && byte * 8 + bit < p->cpus; bit++)
			p->online[byte * 8 + bit] = (m >> bit) & 1;
	}
	p->online[0] = true;

	/* One program per CPU. */
	for (unsigned int cpu = 0; cpu < p->cpus; cpu++) {
		u8 n = take(&r, 0);

		/* 0..16 ops; 0xff announces a longer program (stress findings). */
		p->nr_ops[cpu] = n == 0xff ? take(&r, 0) : n % 17;
		for (unsigned int i = 0; i < p->nr_ops[cpu]; i++) {
			struct exec_op *op = &p->ops[cpu][i];

			op->code = take(&r, 0) % OPC_NR;
			op->a = take(&r, 0);
			op->b = take(&r, 0);
		}
	}

	p->schedule = r.pos < size ? data + r.pos : NULL;
	p->schedule_len = size - r.pos;
}

static const char *const profile_names[EXEC_NR_PROFILES] = {
	[EXEC_PROFILE_PLAIN]	= "plain",
	[EXEC_PROFILE_HOTPLUG]	= "hotplug",
};

void exec_apply_profile(struct exec_program *p, enum exec_profile profile)
{
	if (profile != EXEC_PROFILE_HOTPLUG)
		return;
	for (unsigned int c = 1; c < p->cpus; c++)
		p->online[c] = false;
	for (unsigned int c = 0; c < p->cpus; c++)
		for (unsigned int i = 0; i < p->nr_ops[c]; i++)
			if (p->ops[c][i].code == OPC_NOP)
				p->ops[c][i].code = OPC_HOTPLUG;
}

bool exec_profile_parse(const char *name, enum exec_profile *out)
{
	for (unsigned int i = 0; i < EXEC_NR_PROFILES; i++) {
		if (!strcmp(name, profile_names[i])) {
			*out = (enum exec_profile)i;
			return true;
		}
	}
	return false;
}

const char *exec_profile_name(enum exec_profile profile)
{
	return (unsigned int)profile < EXEC_NR_PROFILES ? profile_names[profile] : "?";
}

u8 *exec_encode(const struct exec_program *p, const u8 *schedule, size_t schedule_len,
		size_t *len)
{
	size_t cap = 2 + EXEC_MAX_CPUS / 8 + 1 + EXEC_MAX_CPUS * (2 + 3 * EXEC_MAX_OPS_PER_CPU) +
		     schedule_len;
	u8 *out = malloc(cap), t;
	size_t n = 0;

	if (!out)
		return NULL;

	t = (u8)((((p->nodes - 1) & 3) << 3) | (((p->nodes - 1) & 4) << 5));
	if (p->layout == ENV_NODES_INTERLEAVED)
		t |= 1 << 5;
	if (p->cpus >= 10) {
		out[n++] = t | (1 << 6);
		out[n++] = (u8)(p->cpus - 10);
	} else {
		out[n++] = t | (u8)(p->cpus - 2);
	}

	for (unsigned int byte = 0; byte < DIV_ROUND_UP(p->cpus, 8); byte++) {
		u8 m = 0;

		for (unsigned int bit = 0; bit < 8 && byte * 8 + bit < p->cpus; bit++)
			if (p->online[byte * 8 + bit])
				m |= (u8)(1 << bit);
		out[n++] = m;
	}

	for (unsigned int cpu = 0; cpu < p->cpus; cpu++) {
		if (p->nr_ops[cpu] > 16)
			out[n++] = 0xff;
		out[n++] = (u8)p->nr_ops[cpu];
		for (unsigned int i = 0; i < p->nr_ops[cpu]; i++) {
			out[n++] = p->ops[cpu][i].code;
			out[n++] = p->ops[cpu][i].a;
			out[n++] = p->ops[cpu][i].b;
		}
	}
	if (schedule_len)
		memcpy(out + n, schedule, schedule_len);
	*len = n + schedule_len;
	return out;
}

static const char *const opcode_names[OPC_NR] = {
	[OPC_NOP]	= "nop",
	[OPC_IDLE]	= "idle",
	[OPC_WAKE]	= "wake",
	[OPC_ARM]	= "arm",
	[OPC_CANCEL]	= "cancel",
	[OPC_CLOCK]	= "clock",
	[OPC_TICK]	= "tick",
	[OPC_HOTPLUG]	= "hotplug",
};

const char *exec_opcode_name(unsigned int code)
{
	return code < OPC_NR ? opcode_names[code] : "?";
}

unsigned int exec_arm_timer(unsigned int cpu, const struct exec_op *op)
{
	return cpu * EXEC_TIMERS_PER_CPU + op->a % EXEC_TIMERS_PER_CPU;
}

unsigned int exec_arm_target(const struct exec_program *p, const struct exec_op *op)
{
	return (op->a / EXEC_TIMERS_PER_CPU) % p->cpus;
}

unsigned long exec_arm_delay(const struct exec_op *op)
{
	return op->b % 64;
}

unsigned int exec_cancel_timer(const struct exec_program *p, const struct exec_op *op)
{
	return ((unsigned int)op->a | (unsigned int)op->b << 8) % (p->cpus * EXEC_TIMERS_PER_CPU);
}

/* Quarter ticks: 0 .. 63.75 ticks. */
u64 exec_clock_step(const struct exec_op *op, u64 tick_nsec)
{
	return (u64)op->a * tick_nsec / 4;
}

void exec_op_describe(const struct exec_program *p, unsigned int cpu, const struct exec_op *op,
		      char *buf, size_t len)
{
	static const char *const kinds[] = { "global", "pinned", "add_timer_on" };

	switch (op->code) {
	case OPC_ARM: {
		unsigned int timer = exec_arm_timer(cpu, op);
		unsigned int slot = timer % EXEC_TIMERS_PER_CPU;
		const char *kind = slot < 3 ? kinds[slot] : "global";

		if (slot == 2)
			snprintf(buf, len, "arm timer %u (add_timer_on CPU%u) in %lu ticks", timer,
				 exec_arm_target(p, op), exec_arm_delay(op));
		else
			snprintf(buf, len, "arm timer %u (%s) in %lu ticks", timer, kind,
				 exec_arm_delay(op));
		break;
	}
	case OPC_CANCEL:
		snprintf(buf, len, "cancel timer %u", exec_cancel_timer(p, op));
		break;
	case OPC_CLOCK:
		snprintf(buf, len, "clock +%u/4 ticks", op->a);
		break;
	case OPC_HOTPLUG:
		snprintf(buf, len, "hotplug CPU%u%s", op->a % p->cpus,
			 op->b & 1 ? " (idle while waiting)" : "");
		break;
	default:
		snprintf(buf, len, "%s", exec_opcode_name(op->code));
		break;
	}
}
