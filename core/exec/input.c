// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding and encoding of the input format (docs/input-format.md).
 */
#include <stddef.h>
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

/* Everything but the op table, which is large and bounded by nr_ops. */
static void program_clear(struct exec_program *p)
{
	memset(p, 0, offsetof(struct exec_program, ops));
	p->schedule = NULL;
	p->schedule_len = 0;
}

/* Topology flags byte of the extended topology form. */
#define TOPO_PARALLEL_BOOT	0x01
#define TOPO_MEMORY_NODES_SHIFT	1	/* bits 1-3 */
#define TOPO_ABSENT_NO_NODE	0x10
#define TOPO_NOHZ_FULL		0x20
#define TOPO_ISOLCPUS		0x40	/* an isolated mask follows the online mask */
#define TOPO_LITTLE		0x80	/* a little-CPU mask follows (after isolated) */

/* The large CPU count byte that announces the extended topology form. */
#define TOPO_EXTENDED		0xff

static bool topology_extended(const struct exec_program *p)
{
	return p->cpus >= 10 + TOPO_EXTENDED || p->parallel_boot || p->memory_nodes ||
	       p->absent_no_node || p->nohz_full || exec_nr_isolated(p) || exec_nr_little(p);
}

static unsigned int nr_set(const bool *mask, unsigned int cpus)
{
	unsigned int n = 0;

	for (unsigned int c = 0; c < cpus; c++)
		n += mask[c];
	return n;
}

unsigned int exec_nr_isolated(const struct exec_program *p)
{
	return nr_set(p->isolated, p->cpus);
}

unsigned int exec_nr_little(const struct exec_program *p)
{
	return nr_set(p->little, p->cpus);
}

/* A CPU mask, bit i of byte k for CPU 8k+i; bytes that run out are @dflt. */
static void take_mask(struct reader *r, unsigned int cpus, u8 dflt, bool *mask)
{
	for (unsigned int byte = 0; byte < DIV_ROUND_UP(cpus, 8); byte++) {
		u8 m = take(r, dflt);

		for (unsigned int bit = 0; bit < 8 && byte * 8 + bit < cpus; bit++)
			mask[byte * 8 + bit] = (m >> bit) & 1;
	}
}

static size_t put_mask(u8 *out, unsigned int cpus, const bool *mask)
{
	size_t n = 0;

	for (unsigned int byte = 0; byte < DIV_ROUND_UP(cpus, 8); byte++) {
		u8 m = 0;

		for (unsigned int bit = 0; bit < 8 && byte * 8 + bit < cpus; bit++)
			if (mask[byte * 8 + bit])
				m |= (u8)(1 << bit);
		out[n++] = m;
	}
	return n;
}

static void decode_op(struct reader *r, struct exec_op *op)
{
	u8 code = take(r, 0);

	memset(op, 0, sizeof(*op));
	if (code & 0x80) {
		/* Extended form: 0x80 | opcode, then four operand bytes. */
		op->ext = true;
		op->code = (code & 0x7f) % OPC_NR;
		op->a = take(r, 0);
		op->b = take(r, 0);
		op->c = take(r, 0);
		op->d = take(r, 0);
		return;
	}
	op->code = code % OPC_NR_CLASSIC;
	op->a = take(r, 0);
	op->b = take(r, 0);
}

void exec_decode(const u8 *data, size_t size, struct exec_program *p)
{
	struct reader r = { data, size, 0 };
	bool isolcpus = false, little = false;
	u8 t;

	program_clear(p);

	/* Topology: 2 CPUs, 1 node, blocks when empty. */
	t = take(&r, 0);
	p->cpus = 2 + (t & 7);
	/* Nodes: bits 3-4, and bit 7 as the high bit (added later, so old inputs keep their meaning). */
	p->nodes = 1 + (((t >> 3) & 3) | ((t >> 5) & 4));
	p->layout = (t >> 5) & 1 ? ENV_NODES_INTERLEAVED : ENV_NODES_BLOCKS;
	if ((t >> 6) & 1) {
		u8 n = take(&r, 0);

		if (n != TOPO_EXTENDED) {
			p->cpus = 10 + n;
		} else {
			unsigned int cpus = take(&r, 0);
			u8 f;

			cpus |= (unsigned int)take(&r, 0) << 8;
			f = take(&r, 0);
			p->cpus = cpus < 2 ? 2 : cpus > EXEC_MAX_CPUS ? EXEC_MAX_CPUS : cpus;
			p->parallel_boot = f & TOPO_PARALLEL_BOOT;
			p->memory_nodes = (f >> TOPO_MEMORY_NODES_SHIFT) & 7;
			p->absent_no_node = f & TOPO_ABSENT_NO_NODE;
			p->nohz_full = f & TOPO_NOHZ_FULL;
			isolcpus = f & TOPO_ISOLCPUS;
			little = f & TOPO_LITTLE;
		}
	}
	if (p->nodes > p->cpus)
		p->nodes = p->cpus;

	/* Online at boot: missing bytes mean online. */
	take_mask(&r, p->cpus, 0xff, p->online);
	p->online[0] = true;

	/*
	 * isolcpus=domain: missing bytes isolate nothing. Isolating every CPU
	 * leaves the boot CPU to housekeeping, as the kernel's parser does.
	 */
	if (isolcpus) {
		take_mask(&r, p->cpus, 0, p->isolated);
		if (exec_nr_isolated(p) == p->cpus)
			p->isolated[0] = false;
	}
	/* Little CPUs: missing bytes make none little. */
	if (little)
		take_mask(&r, p->cpus, 0, p->little);

	/* One program per CPU. */
	for (unsigned int cpu = 0; cpu < p->cpus; cpu++) {
		u8 n = take(&r, 0);

		/* 0..16 ops; 0xff announces a longer program (stress findings). */
		p->nr_ops[cpu] = n == 0xff ? take(&r, 0) : n % 17;
		for (unsigned int i = 0; i < p->nr_ops[cpu]; i++)
			decode_op(&r, &p->ops[cpu][i]);
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
	size_t cap = 5 + 3 * DIV_ROUND_UP(p->cpus, 8) +
		     (size_t)p->cpus * (2 + 5 * EXEC_MAX_OPS_PER_CPU) + schedule_len;
	u8 *out = malloc(cap), t;
	size_t n = 0;

	if (!out)
		return NULL;

	t = (u8)((((p->nodes - 1) & 3) << 3) | (((p->nodes - 1) & 4) << 5));
	if (p->layout == ENV_NODES_INTERLEAVED)
		t |= 1 << 5;
	if (topology_extended(p)) {
		out[n++] = t | (1 << 6);
		out[n++] = TOPO_EXTENDED;
		out[n++] = (u8)(p->cpus & 0xff);
		out[n++] = (u8)(p->cpus >> 8);
		out[n++] = (u8)((p->parallel_boot ? TOPO_PARALLEL_BOOT : 0) |
				(p->memory_nodes & 7) << TOPO_MEMORY_NODES_SHIFT |
				(p->absent_no_node ? TOPO_ABSENT_NO_NODE : 0) |
				(p->nohz_full ? TOPO_NOHZ_FULL : 0) |
				(exec_nr_isolated(p) ? TOPO_ISOLCPUS : 0) |
				(exec_nr_little(p) ? TOPO_LITTLE : 0));
	} else if (p->cpus >= 10) {
		out[n++] = t | (1 << 6);
		out[n++] = (u8)(p->cpus - 10);
	} else {
		out[n++] = t | (u8)(p->cpus - 2);
	}

	n += put_mask(out + n, p->cpus, p->online);
	if (exec_nr_isolated(p))
		n += put_mask(out + n, p->cpus, p->isolated);
	if (exec_nr_little(p))
		n += put_mask(out + n, p->cpus, p->little);

	for (unsigned int cpu = 0; cpu < p->cpus; cpu++) {
		if (p->nr_ops[cpu] > 16)
			out[n++] = 0xff;
		out[n++] = (u8)p->nr_ops[cpu];
		for (unsigned int i = 0; i < p->nr_ops[cpu]; i++) {
			const struct exec_op *op = &p->ops[cpu][i];

			if (op->ext || op->code >= OPC_NR_CLASSIC) {
				out[n++] = 0x80 | op->code;
				out[n++] = op->a;
				out[n++] = op->b;
				out[n++] = op->c;
				out[n++] = op->d;
			} else {
				out[n++] = op->code;
				out[n++] = op->a;
				out[n++] = op->b;
			}
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
	[OPC_IRQ]	= "irq",
};

const char *exec_opcode_name(unsigned int code)
{
	return code < OPC_NR ? opcode_names[code] : "?";
}

/* The 16-bit CPU or timer operand of the extended form. */
static unsigned int ext_x(const struct exec_op *op)
{
	return (unsigned int)op->a | (unsigned int)op->b << 8;
}

unsigned int exec_arm_slot(const struct exec_op *op)
{
	return op->ext ? op->c & EXEC_ARM_SLOT_MASK : op->a % EXEC_TIMERS_PER_CPU;
}

unsigned int exec_arm_timer(unsigned int cpu, unsigned int tpc, const struct exec_op *op)
{
	return cpu * tpc + exec_arm_slot(op) % tpc;
}

unsigned int exec_arm_target(unsigned int cpus, const struct exec_op *op)
{
	return (op->ext ? ext_x(op) : op->a / EXEC_TIMERS_PER_CPU) % cpus;
}

unsigned long exec_arm_delay(const struct exec_op *op)
{
	return op->ext ? op->d : op->b % 64;
}

bool exec_arm_from_irq(const struct exec_op *op)
{
	return op->ext && (op->c & EXEC_ARM_IRQ);
}

unsigned int exec_arm_rearms(const struct exec_op *op)
{
	return op->ext ? (op->c >> EXEC_ARM_REARM_SHIFT) & 3 : 0;
}

unsigned int exec_cancel_timer(unsigned int cpus, unsigned int tpc, const struct exec_op *op)
{
	unsigned int t = ext_x(op);

	/* The extended form has a third byte: pools beyond 65536 timers. */
	if (op->ext)
		t |= (unsigned int)op->c << 16;
	return t % (cpus * tpc);
}

/* Quarter ticks: 0 .. 63.75 ticks, 16383.75 in the extended form. */
u64 exec_clock_step(const struct exec_op *op, u64 tick_nsec)
{
	return (u64)(op->ext ? ext_x(op) : op->a) * tick_nsec / 4;
}

unsigned int exec_hotplug_target(unsigned int cpus, const struct exec_op *op)
{
	return (op->ext ? ext_x(op) : op->a) % cpus;
}

bool exec_hotplug_idle(const struct exec_op *op)
{
	return (op->ext ? op->c : op->b) & 1;
}

unsigned int exec_hotplug_nomem(const struct exec_op *op)
{
	return op->ext ? op->d : 0;
}

/*
 * The classic form of an extended op, when one says the same; the result
 * is what the encoder writes. Operands are raw here: the modulo by the CPU
 * count is applied the same way by both forms.
 */
void exec_op_canonicalize(struct exec_op *op)
{
	unsigned int x = ext_x(op);
	struct exec_op c = { .code = op->code };

	if (!op->ext || op->code >= OPC_NR_CLASSIC)
		return;
	switch (op->code) {
	case OPC_ARM:
		if (op->c & ~EXEC_ARM_SLOT_MASK || (op->c & EXEC_ARM_SLOT_MASK) >= EXEC_TIMERS_PER_CPU ||
		    op->d > 63 || x > 255 / EXEC_TIMERS_PER_CPU)
			return;
		c.a = (u8)(op->c + EXEC_TIMERS_PER_CPU * x);
		c.b = op->d;
		break;
	case OPC_CANCEL:
		if (op->c)
			return;
		c.a = op->a;
		c.b = op->b;
		break;
	case OPC_CLOCK:
	case OPC_HOTPLUG:
		if (x > 255 || (op->code == OPC_HOTPLUG && op->d))
			return;
		c.a = (u8)x;
		c.b = op->code == OPC_HOTPLUG ? op->c & 1 : 0;
		break;
	case OPC_NOP:
		/* A nop's operands are a hotplug's in the hotplug profile. */
		if (x > 255 || op->d)
			return;
		c.a = (u8)x;
		c.b = op->c;
		break;
	default:
		break;
	}
	*op = c;
}

void exec_op_describe(const struct exec_program *p, unsigned int cpu, const struct exec_op *op,
		      char *buf, size_t len)
{
	static const char *const kinds[] = { "global", "pinned", "add_timer_on" };

	switch (op->code) {
	case OPC_ARM: {
		unsigned int timer = exec_arm_timer(cpu, EXEC_TIMERS_PER_CPU, op);
		unsigned int slot = timer % EXEC_TIMERS_PER_CPU;
		const char *kind = slot < 3 ? kinds[slot] : "global";
		char extra[48];

		snprintf(extra, sizeof(extra), "%s", exec_arm_from_irq(op) ? " from irq" : "");
		if (exec_arm_rearms(op))
			snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
				 ", re-arms %u times", exec_arm_rearms(op));
		if (slot == 2)
			snprintf(buf, len, "arm timer %u (add_timer_on CPU%u) in %lu ticks%s", timer,
				 exec_arm_target(p->cpus, op), exec_arm_delay(op), extra);
		else
			snprintf(buf, len, "arm timer %u (%s) in %lu ticks%s", timer, kind,
				 exec_arm_delay(op), extra);
		break;
	}
	case OPC_CANCEL:
		snprintf(buf, len, "cancel timer %u",
			 exec_cancel_timer(p->cpus, EXEC_TIMERS_PER_CPU, op));
		break;
	case OPC_CLOCK:
		snprintf(buf, len, "clock +%u/4 ticks", op->ext ? ext_x(op) : op->a);
		break;
	case OPC_HOTPLUG: {
		char nomem[40] = "";

		if (exec_hotplug_nomem(op))
			snprintf(nomem, sizeof(nomem), ", allocation %u fails",
				 exec_hotplug_nomem(op));
		snprintf(buf, len, "hotplug CPU%u%s%s", exec_hotplug_target(p->cpus, op),
			 exec_hotplug_idle(op) ? " (idle while waiting)" : "", nomem);
		break;
	}
	case OPC_IRQ:
		snprintf(buf, len, "device interrupt");
		break;
	default:
		snprintf(buf, len, "%s", exec_opcode_name(op->code));
		break;
	}
}
