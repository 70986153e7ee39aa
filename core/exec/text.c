// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs as text (docs/input-format.md), for people, for tmigr-mkinput,
 * and for stress findings:
 *
 *   cpus 9
 *   nodes 1
 *   layout blocks
 *   online 0-7
 *   cpu 0: hotplug 8; idle
 *   cpu 8: arm 0 +7; idle
 *   schedule 3 1 0 0
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "../lib/cpulist.h"
#include "../lib/str.h"

struct parser {
	struct exec_text_error	*err;
	unsigned int		line;
	bool			failed;
	unsigned int		online_end;	/* 1 + the highest CPU 'online' names */
	unsigned int		isolcpus_end;	/* the same for 'isolcpus' */
	unsigned int		little_end;	/* and for 'little' */
};

static void fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	ps->err->line = ps->line;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
}

static unsigned long number(struct parser *ps, const char *tok, const char *what,
			    unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	if (!tok || !*tok) {
		fail(ps, "%s: number missing", what);
		return min;
	}
	errno = 0;
	v = strtoul(tok, &end, 0);
	if (errno || *end || *tok == '-' || v < min || v > max) {
		fail(ps, "%s must be between %lu and %lu (got '%s')", what, min, max, tok);
		return min;
	}
	return v;
}

static void parse_arm(struct parser *ps, struct exec_op *op, char **words, int n, int *used)
{
	unsigned long slot = number(ps, words[1], "arm slot", 0, EXEC_TIMERS_PER_CPU - 1);
	unsigned long target = 0, delay;
	int i;

	if (!words[2] || words[2][0] != '+') {
		fail(ps, "arm needs +TICKS (e.g. 'arm 0 +5')");
		return;
	}
	delay = number(ps, words[2] + 1, "arm delay (ticks)", 0, 255);
	op->code = OPC_ARM;
	op->ext = true;
	for (i = 3; i < n && !ps->failed; i++) {
		if (!strcmp(words[i], "on")) {
			if (slot != 2) {
				fail(ps, "only slot 2 (add_timer_on) takes 'on CPU'");
				return;
			}
			target = number(ps, words[++i], "add_timer_on CPU", 0, EXEC_MAX_CPUS - 1);
		} else if (!strcmp(words[i], "irq")) {
			op->c |= EXEC_ARM_IRQ;
		} else if (!strcmp(words[i], "rearm")) {
			op->c |= (u8)(number(ps, words[++i], "rearm count", 1, EXEC_MAX_REARMS)
				      << EXEC_ARM_REARM_SHIFT);
		} else {
			break;
		}
	}
	*used = i;
	op->c |= (u8)slot;
	op->a = (u8)(target & 0xff);
	op->b = (u8)(target >> 8);
	op->d = (u8)delay;
}

static void parse_op(struct parser *ps, struct exec_program *p, unsigned int cpu, char *text)
{
	char *words[10] = { 0 }, *save = NULL;
	struct exec_op *op;
	int n = 0, used = 1;

	for (char *w = strtok_r(text, " \t", &save); w && n < 10; w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	if (!n)
		return;
	if (p->nr_ops[cpu] >= EXEC_MAX_OPS_PER_CPU) {
		fail(ps, "CPU%u has more than %u operations", cpu, EXEC_MAX_OPS_PER_CPU);
		return;
	}
	op = &p->ops[cpu][p->nr_ops[cpu]++];
	memset(op, 0, sizeof(*op));

	if (!strcmp(words[0], "nop")) {
		/* The operand bytes matter once a profile turns nop into hotplug. */
		op->code = OPC_NOP;
		if (words[1]) {
			unsigned long a = number(ps, words[1], "nop operand", 0, 65535);

			op->b = (u8)number(ps, words[2], "nop operand", 0, 255);
			if (a > 255 || words[3]) {
				op->ext = true;
				op->c = op->b;
				op->b = (u8)(a >> 8);
			}
			op->a = (u8)(a & 0xff);
			used = 3;
			if (words[3]) {
				op->d = (u8)number(ps, words[3], "nop operand", 0, 255);
				used = 4;
			}
		}
	} else if (!strcmp(words[0], "idle")) {
		op->code = OPC_IDLE;
	} else if (!strcmp(words[0], "wake")) {
		op->code = OPC_WAKE;
	} else if (!strcmp(words[0], "tick")) {
		op->code = OPC_TICK;
	} else if (!strcmp(words[0], "irq")) {
		op->code = OPC_IRQ;
		op->ext = true;
	} else if (!strcmp(words[0], "clock")) {
		unsigned long q = number(ps, words[1], "clock (quarter ticks)", 0, 65535);

		op->code = OPC_CLOCK;
		op->ext = true;
		op->a = (u8)(q & 0xff);
		op->b = (u8)(q >> 8);
		used = 2;
	} else if (!strcmp(words[0], "arm")) {
		parse_arm(ps, op, words, n, &used);
	} else if (!strcmp(words[0], "cancel")) {
		unsigned long t = number(ps, words[1], "cancel timer", 0, (1UL << 24) - 1);

		op->code = OPC_CANCEL;
		op->ext = true;
		op->a = (u8)(t & 0xff);
		op->b = (u8)(t >> 8);
		op->c = (u8)(t >> 16);
		used = 2;
	} else if (!strcmp(words[0], "hotplug")) {
		unsigned long c = number(ps, words[1], "hotplug CPU", 0, EXEC_MAX_CPUS - 1);

		op->code = OPC_HOTPLUG;
		op->ext = true;
		op->a = (u8)(c & 0xff);
		op->b = (u8)(c >> 8);
		used = 2;
		if (words[used] && !strcmp(words[used], "idle")) {
			op->c = 1;
			used++;
		}
		if (words[used] && !strcmp(words[used], "nomem")) {
			op->d = (u8)number(ps, words[used + 1], "nomem (the allocation that fails)",
					   1, 255);
			used += 2;
		} else if (words[used]) {
			fail(ps, "hotplug takes 'idle' and 'nomem N' after the CPU (got '%s')",
			     words[used]);
		}
	} else {
		fail(ps, "unknown operation '%s'", words[0]);
		return;
	}
	exec_op_canonicalize(op);
	if (n > used)
		fail(ps, "unexpected '%s' after '%s'", words[used], words[0]);
}

/* A keyword with two values: false for @no, true for @yes, else an error. */
static bool choice(struct parser *ps, const char *key, const char *rest, const char *no,
		   const char *yes)
{
	if (rest && !strcmp(rest, yes))
		return true;
	if (!rest || strcmp(rest, no))
		fail(ps, "%s is '%s' or '%s'", key, no, yes);
	return false;
}

static void parse_line(struct parser *ps, struct exec_program *p, char *s, u8 *sched,
		       size_t cap, size_t *nsched)
{
	char *save = NULL, *key, *rest, err[sizeof(ps->err->msg)];

	key = strtok_r(s, " \t", &save);
	rest = strtok_r(NULL, "", &save);
	rest = rest ? strim(rest) : NULL;

	if (!strcmp(key, "cpus")) {
		p->cpus = (unsigned int)number(ps, rest, "cpus", 2, EXEC_MAX_CPUS);
	} else if (!strcmp(key, "nodes")) {
		p->nodes = (unsigned int)number(ps, rest, "nodes", 1, EXEC_MAX_NODES);
	} else if (!strcmp(key, "layout")) {
		p->layout = choice(ps, key, rest, "blocks", "interleaved") ? ENV_NODES_INTERLEAVED :
									      ENV_NODES_BLOCKS;
	} else if (!strcmp(key, "boot")) {
		p->parallel_boot = choice(ps, key, rest, "sequential", "parallel");
	} else if (!strcmp(key, "memory-nodes")) {
		p->memory_nodes = (unsigned int)number(ps, rest, "memory-nodes", 0,
						       EXEC_MAX_MEMORY_NODES);
	} else if (!strcmp(key, "absent-cpus")) {
		p->absent_no_node = choice(ps, key, rest, "node", "no-node");
	} else if (!strcmp(key, "nohz_full")) {
		p->nohz_full = choice(ps, key, rest, "off", "on");
	} else if (!strcmp(key, "online")) {
		if (!rest)
			fail(ps, "online needs a CPU list");
		else if (cpulist_parse(rest, key, p->online, EXEC_MAX_CPUS, &ps->online_end, err,
				       sizeof(err)))
			fail(ps, "%s", err);
	} else if (!strcmp(key, "isolcpus")) {
		if (cpulist_parse_isolcpus(rest, key, p->isolated, EXEC_MAX_CPUS,
					   &ps->isolcpus_end, err, sizeof(err)))
			fail(ps, "%s", err);
	} else if (!strcmp(key, "little")) {
		if (!rest)
			fail(ps, "little needs a CPU list (e.g. 'little 4-7')");
		else if (cpulist_parse(rest, key, p->little, EXEC_MAX_CPUS, &ps->little_end, err,
				       sizeof(err)))
			fail(ps, "%s", err);
	} else if (!strcmp(key, "cpu")) {
		char *colon = rest ? strchr(rest, ':') : NULL;
		unsigned int cpu;

		if (!colon) {
			fail(ps, "expected 'cpu N: op; op; ...'");
			return;
		}
		*colon = '\0';
		cpu = (unsigned int)number(ps, strim(rest), "cpu", 0, EXEC_MAX_CPUS - 1);
		for (char *op = colon + 1, *end; op && !ps->failed; op = end ? end + 1 : NULL) {
			char buf[128];

			end = strchr(op, ';');
			if (end)
				*end = '\0';
			snprintf(buf, sizeof(buf), "%s", op);
			parse_op(ps, p, cpu, strim(buf));
		}
	} else if (!strcmp(key, "schedule")) {
		char *save2 = NULL;

		if (!rest) {
			fail(ps, "schedule needs bytes (e.g. 'schedule 3 1 0 0')");
			return;
		}
		for (char *b = strtok_r(rest, " \t,", &save2); b; b = strtok_r(NULL, " \t,", &save2)) {
			u8 v = (u8)number(ps, b, "schedule byte", 0, 255);

			if (!sched || *nsched >= cap) {
				fail(ps, "schedule longer than %zu bytes", cap);
				return;
			}
			sched[(*nsched)++] = v;
		}
	} else {
		fail(ps, "unknown keyword '%s'", key);
	}
}

/* A CPU-list key (@end: 1 + its highest CPU) names only CPUs of 'cpus'. */
static void check_list_end(struct parser *ps, const char *key, unsigned int end,
			   unsigned int cpus)
{
	if (ps->failed || end <= cpus)
		return;
	ps->line = 0;
	fail(ps, "'%s' names CPU%u but only %u CPUs exist", key, end - 1, cpus);
}

int exec_text_parse(const char *text, struct exec_program *p, u8 *sched, size_t sched_cap,
		    size_t *sched_len, struct exec_text_error *err)
{
	struct parser ps = { .err = err };
	char *copy = strdup(text), *line, *next;
	size_t nsched = 0;

	memset(err, 0, sizeof(*err));
	if (!copy) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	memset(p, 0, offsetof(struct exec_program, ops));
	p->cpus = 2;
	p->nodes = 1;
	for (unsigned int c = 0; c < EXEC_MAX_CPUS; c++)
		p->online[c] = true;

	for (line = copy; line && !ps.failed; line = next) {
		char *hash, *s;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ps.line++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		s = strim(line);
		if (*s)
			parse_line(&ps, p, s, sched, sched_cap, &nsched);
	}
	free(copy);

	for (unsigned int c = p->cpus; c < EXEC_MAX_CPUS && !ps.failed; c++) {
		if (p->nr_ops[c]) {
			ps.line = 0;
			fail(&ps, "CPU%u has operations but only %u CPUs exist", c, p->cpus);
		}
	}
	check_list_end(&ps, "online", ps.online_end, p->cpus);
	check_list_end(&ps, "isolcpus", ps.isolcpus_end, p->cpus);
	check_list_end(&ps, "little", ps.little_end, p->cpus);
	if (!ps.failed && exec_nr_isolated(p) == p->cpus) {
		ps.line = 0;
		fail(&ps, "isolcpus must leave at least one housekeeping CPU");
	}
	if (p->nodes > p->cpus)
		p->nodes = p->cpus;
	p->online[0] = true;
	if (sched_len)
		*sched_len = nsched;
	return ps.failed ? -1 : 0;
}

static void format_op(const struct exec_program *p, const struct exec_op *op, struct strbuf *out)
{
	switch (op->code) {
	case OPC_ARM:
		/* Programs have EXEC_TIMERS_PER_CPU timers: the slot they reach. */
		strbuf_addf(out, "arm %u +%lu", exec_arm_slot(op) % EXEC_TIMERS_PER_CPU,
			    exec_arm_delay(op));
		if (exec_arm_slot(op) % EXEC_TIMERS_PER_CPU == 2)
			strbuf_addf(out, " on %u", exec_arm_target(p->cpus, op));
		if (exec_arm_from_irq(op))
			strbuf_addf(out, " irq");
		if (exec_arm_rearms(op))
			strbuf_addf(out, " rearm %u", exec_arm_rearms(op));
		break;
	case OPC_CANCEL:
		strbuf_addf(out, "cancel %u", exec_cancel_timer(p->cpus, EXEC_TIMERS_PER_CPU, op));
		break;
	case OPC_CLOCK:
		strbuf_addf(out, "clock %u", op->ext ? op->a | op->b << 8 : op->a);
		break;
	case OPC_HOTPLUG:
		strbuf_addf(out, "hotplug %u%s", exec_hotplug_target(p->cpus, op),
			    exec_hotplug_idle(op) ? " idle" : "");
		if (exec_hotplug_nomem(op))
			strbuf_addf(out, " nomem %u", exec_hotplug_nomem(op));
		break;
	case OPC_NOP:
		strbuf_addf(out, "nop");
		if (op->ext && op->d)
			strbuf_addf(out, " %u %u %u", op->a | op->b << 8, op->c, op->d);
		else if (op->ext)
			strbuf_addf(out, " %u %u", op->a | op->b << 8, op->c);
		else if (op->a || op->b)
			strbuf_addf(out, " %u %u", op->a, op->b);
		break;
	default:
		strbuf_addf(out, "%s", exec_opcode_name(op->code));
		break;
	}
}

bool exec_text_has_magic(const u8 *data, size_t size)
{
	size_t n = strlen(EXEC_TEXT_MAGIC);

	if (size < n || memcmp(data, EXEC_TEXT_MAGIC, n))
		return false;
	/* "# tmigr-programs" is not the magic line; "# tmigr-program v1" is. */
	return size == n || data[n] == '\n' || data[n] == '\r' || data[n] == ' ' ||
	       data[n] == '\t';
}

bool exec_text_looks_like_program(const u8 *data, size_t size)
{
	/* Every key parse_line() knows: a program may start with any of them. */
	static const char *const keywords[] = {
		"cpus", "nodes", "layout", "boot", "memory-nodes", "absent-cpus",
		"nohz_full", "online", "isolcpus", "little", "cpu", "schedule"
	};
	size_t i = 0, w;

	for (size_t j = 0; j < size; j++) {
		u8 c = data[j];

		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f)
			return false;
	}
	/* Skip blank lines and comments: the first other line decides. */
	for (;;) {
		while (i < size && isspace(data[i]))
			i++;
		if (i == size)
			return false;
		if (data[i] != '#')
			break;
		while (i < size && data[i] != '\n')
			i++;
	}
	for (w = i; w < size && (isalpha(data[w]) || data[w] == '-' || data[w] == '_'); w++)
		;
	if (w == size || (data[w] != ' ' && data[w] != '\t' && data[w] != ':'))
		return false;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (strlen(keywords[k]) == w - i && !memcmp(data + i, keywords[k], w - i))
			return true;
	return false;
}

/* "@key 0-3,8" for the CPUs set in @mask. */
static void format_cpu_list(struct strbuf *out, const char *key, const bool *mask,
			    unsigned int cpus)
{
	strbuf_addf(out, "%s ", key);
	cpulist_format(out, mask, cpus);
	strbuf_addf(out, "\n");
}

void exec_text_format(const struct exec_program *p, struct strbuf *out)
{
	bool all = true;
	size_t line;

	strbuf_addf(out, "cpus %u\nnodes %u\nlayout %s\n", p->cpus, p->nodes,
		    p->layout == ENV_NODES_INTERLEAVED ? "interleaved" : "blocks");
	if (p->parallel_boot)
		strbuf_addf(out, "boot parallel\n");
	if (p->memory_nodes)
		strbuf_addf(out, "memory-nodes %u\n", p->memory_nodes);
	if (p->absent_no_node)
		strbuf_addf(out, "absent-cpus no-node\n");
	if (p->nohz_full)
		strbuf_addf(out, "nohz_full on\n");
	if (exec_nr_isolated(p))
		format_cpu_list(out, "isolcpus", p->isolated, p->cpus);
	if (exec_nr_little(p))
		format_cpu_list(out, "little", p->little, p->cpus);
	for (unsigned int c = 0; c < p->cpus; c++)
		all &= p->online[c];
	if (!all)
		format_cpu_list(out, "online", p->online, p->cpus);
	for (unsigned int c = 0; c < p->cpus; c++) {
		if (!p->nr_ops[c])
			continue;
		line = out->len;
		strbuf_addf(out, "cpu %u:", c);
		for (unsigned int i = 0; i < p->nr_ops[c]; i++) {
			const struct exec_op *op = &p->ops[c][i];

			/* Lines of a program fit a mail: "cpu N:" lines append. */
			if (i && out->len - line > 64) {
				line = out->len + 1;
				strbuf_addf(out, "\ncpu %u: ", c);
			} else {
				strbuf_addf(out, "%s ", i ? ";" : "");
			}
			format_op(p, op, out);
		}
		strbuf_addf(out, "\n");
	}
	if (p->schedule_len) {
		line = out->len;
		strbuf_addf(out, "schedule");
		for (size_t i = 0; i < p->schedule_len; i++) {
			if (out->len - line > 75) {
				line = out->len + 1;
				strbuf_addf(out, "\nschedule");
			}
			strbuf_addf(out, " %u", p->schedule[i]);
		}
		strbuf_addf(out, "\n");
	}
}
