/*
 * Copyright (c) 2026 moshmux developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF MIND, USE, DATA OR PROFITS, WHETHER
 * IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING
 * OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * The byte parser: a state machine after Paul Williams' DEC ANSI parser
 * (vt100.net/emu/dec_ansi_parser).  Each state has a name, enter and exit
 * hooks and a table of byte ranges, each with an action and a next state.
 *
 * Deviations from the diagram:
 * - bytes 0x80-0xff are UTF-8: in the ground state they are decoded
 *   (invalid sequences print U+FFFD), and decoded U+0080-U+009F act as C1
 *   controls, as xterm does; inside OSC strings they are kept as data;
 *   elsewhere they are ignored;
 * - ':' is a parameter separator (sub-parameters, as in 38:2::r:g:b);
 * - BEL ends an OSC string as ST does (xterm);
 * - runs of printable ASCII in the ground state bypass the tables.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* One transition: bytes first-last run action, then go to next. */
struct emu_trans {
	uint8_t first;
	uint8_t last;
	void (*action)(struct emu *, uint8_t);
	uint8_t next; /* an enum emu_pstate, or EMU_PS_COUNT to stay */
};

/* One state. */
struct emu_state {
	const char *name;
	void (*enter)(struct emu *);
	void (*exit)(struct emu *);
	const struct emu_trans *trans; /* ends with first > last */
};

static void emu_clear(struct emu *);
static void emu_osc_start(struct emu *);
static void emu_osc_end(struct emu *);
static void emu_act_execute(struct emu *, uint8_t);
static void emu_act_ignore(struct emu *, uint8_t);
static void emu_act_print(struct emu *, uint8_t);
static void emu_act_collect(struct emu *, uint8_t);
static void emu_act_param(struct emu *, uint8_t);
static void emu_act_esc(struct emu *, uint8_t);
static void emu_act_csi(struct emu *, uint8_t);
static void emu_act_put(struct emu *, uint8_t);
static void emu_act_hook(struct emu *, uint8_t);
static void emu_dcs_end(struct emu *);
static void emu_str_put(struct emu *, uint8_t, size_t);
static void emu_act_osc_put(struct emu *, uint8_t);
static void emu_parse_byte(struct emu *, uint8_t);
static void emu_codepoint(struct emu *, uint32_t);
static size_t emu_ground(struct emu *, const uint8_t *, size_t);
static int emu_parse_fast(struct emu *, uint8_t);

#define STAY EMU_PS_COUNT
#define END                                                                    \
	{                                                                      \
		1, 0, NULL, STAY                                               \
	}

/* Transitions from every state. */
static const struct emu_trans emu_anywhere[] = { { 0x18, 0x18, emu_act_execute,
						     EMU_PS_GROUND },
	{ 0x1a, 0x1a, emu_act_execute, EMU_PS_GROUND },
	{ 0x1b, 0x1b, NULL, EMU_PS_ESCAPE }, END };

/* C0 controls other than CAN, SUB and ESC run in these states. */
#define C0_EXECUTE                                                             \
	{ 0x00, 0x17, emu_act_execute, STAY },                                 \
	    { 0x19, 0x19, emu_act_execute, STAY },                             \
	{                                                                      \
		0x1c, 0x1f, emu_act_execute, STAY                              \
	}
#define C0_IGNORE                                                              \
	{ 0x00, 0x17, emu_act_ignore, STAY },                                  \
	    { 0x19, 0x19, emu_act_ignore, STAY },                              \
	{                                                                      \
		0x1c, 0x1f, emu_act_ignore, STAY                               \
	}

static const struct emu_trans emu_t_ground[] = { C0_EXECUTE,
	{ 0x20, 0x7e, emu_act_print, STAY },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_escape[] = { C0_EXECUTE,
	{ 0x20, 0x2f, emu_act_collect, EMU_PS_ESC_INTER },
	{ 0x30, 0x4f, emu_act_esc, EMU_PS_GROUND },
	{ 0x50, 0x50, NULL, EMU_PS_DCS_ENTRY },
	{ 0x51, 0x57, emu_act_esc, EMU_PS_GROUND },
	{ 0x58, 0x58, NULL, EMU_PS_SOS },
	{ 0x59, 0x5a, emu_act_esc, EMU_PS_GROUND },
	{ 0x5b, 0x5b, NULL, EMU_PS_CSI_ENTRY },
	{ 0x5c, 0x5c, emu_act_esc, EMU_PS_GROUND },
	{ 0x5d, 0x5d, NULL, EMU_PS_OSC }, { 0x5e, 0x5f, NULL, EMU_PS_SOS },
	{ 0x60, 0x7e, emu_act_esc, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_esc_inter[] = { C0_EXECUTE,
	{ 0x20, 0x2f, emu_act_collect, STAY },
	{ 0x30, 0x7e, emu_act_esc, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_csi_entry[] = { C0_EXECUTE,
	{ 0x20, 0x2f, emu_act_collect, EMU_PS_CSI_INTER },
	{ 0x30, 0x3b, emu_act_param, EMU_PS_CSI_PARAM },
	{ 0x3c, 0x3f, emu_act_collect, EMU_PS_CSI_PARAM },
	{ 0x40, 0x7e, emu_act_csi, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_csi_param[] = { C0_EXECUTE,
	{ 0x20, 0x2f, emu_act_collect, EMU_PS_CSI_INTER },
	{ 0x30, 0x3b, emu_act_param, STAY },
	{ 0x3c, 0x3f, NULL, EMU_PS_CSI_IGNORE },
	{ 0x40, 0x7e, emu_act_csi, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_csi_inter[] = { C0_EXECUTE,
	{ 0x20, 0x2f, emu_act_collect, STAY },
	{ 0x30, 0x3f, NULL, EMU_PS_CSI_IGNORE },
	{ 0x40, 0x7e, emu_act_csi, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_csi_ignore[] = { C0_EXECUTE,
	{ 0x20, 0x3f, emu_act_ignore, STAY },
	{ 0x40, 0x7e, NULL, EMU_PS_GROUND },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_dcs_entry[] = { C0_IGNORE,
	{ 0x20, 0x2f, emu_act_collect, EMU_PS_DCS_INTER },
	{ 0x30, 0x3b, emu_act_param, EMU_PS_DCS_PARAM },
	{ 0x3c, 0x3f, emu_act_collect, EMU_PS_DCS_PARAM },
	{ 0x40, 0x7e, emu_act_hook, EMU_PS_DCS_PASS },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_dcs_param[] = { C0_IGNORE,
	{ 0x20, 0x2f, emu_act_collect, EMU_PS_DCS_INTER },
	{ 0x30, 0x3b, emu_act_param, STAY },
	{ 0x3c, 0x3f, NULL, EMU_PS_DCS_IGNORE },
	{ 0x40, 0x7e, emu_act_hook, EMU_PS_DCS_PASS },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_dcs_inter[] = { C0_IGNORE,
	{ 0x20, 0x2f, emu_act_collect, STAY },
	{ 0x30, 0x3f, NULL, EMU_PS_DCS_IGNORE },
	{ 0x40, 0x7e, emu_act_hook, EMU_PS_DCS_PASS },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_dcs_pass[] = { { 0x00, 0x17, emu_act_put,
						       STAY },
	{ 0x19, 0x19, emu_act_put, STAY }, { 0x1c, 0x7e, emu_act_put, STAY },
	{ 0x7f, 0xff, emu_act_ignore, STAY }, END };

static const struct emu_trans emu_t_string_ignore[] = {
	{ 0x00, 0x17, emu_act_ignore, STAY },
	{ 0x19, 0x19, emu_act_ignore, STAY },
	{ 0x1c, 0xff, emu_act_ignore, STAY }, END
};

static const struct emu_trans emu_t_osc[] = { { 0x00, 0x06, emu_act_ignore,
						  STAY },
	{ 0x07, 0x07, NULL, EMU_PS_GROUND },
	{ 0x08, 0x17, emu_act_ignore, STAY },
	{ 0x19, 0x19, emu_act_ignore, STAY },
	{ 0x1c, 0x1f, emu_act_ignore, STAY },
	{ 0x20, 0xff, emu_act_osc_put, STAY }, END };

/* The states, indexed by enum emu_pstate. */
static const struct emu_state emu_states[EMU_PS_COUNT] = {
	{ "ground", NULL, NULL, emu_t_ground },
	{ "escape", emu_clear, NULL, emu_t_escape },
	{ "escape_intermediate", NULL, NULL, emu_t_esc_inter },
	{ "csi_entry", emu_clear, NULL, emu_t_csi_entry },
	{ "csi_param", NULL, NULL, emu_t_csi_param },
	{ "csi_intermediate", NULL, NULL, emu_t_csi_inter },
	{ "csi_ignore", NULL, NULL, emu_t_csi_ignore },
	{ "dcs_entry", emu_clear, NULL, emu_t_dcs_entry },
	{ "dcs_param", NULL, NULL, emu_t_dcs_param },
	{ "dcs_intermediate", NULL, NULL, emu_t_dcs_inter },
	{ "dcs_passthrough", NULL, emu_dcs_end, emu_t_dcs_pass },
	{ "dcs_ignore", NULL, NULL, emu_t_string_ignore },
	{ "osc_string", emu_osc_start, emu_osc_end, emu_t_osc },
	{ "sos_pm_apc_string", NULL, NULL, emu_t_string_ignore },
};

/* Forget the sequence being collected. */
static void
emu_clear(struct emu *e)
{
	struct emu_parser *p = &e->p;

	p->nparams = 0;
	p->colon = 0;
	p->param_open = 0;
	p->inter = 0;
	p->priv = 0;
	p->bad = 0;
}

/* Start an OSC string. */
static void
emu_osc_start(struct emu *e)
{
	e->p.len = 0;
	e->p.str_over = 0;
}

/* End an OSC string: dispatch it unless it was too long. */
static void
emu_osc_end(struct emu *e)
{
	struct emu_parser *p = &e->p;

	if (!p->str_over && p->str != NULL) {
		p->str[p->len] = '\0';
		emu_osc_dispatch(e);
	}
	if (p->size > 4096) {
		free(p->str);
		p->str = NULL;
		p->size = 0;
	}
	p->len = 0;
}

/* Run a C0 control. */
static void
emu_act_execute(struct emu *e, uint8_t b)
{
	emu_execute(e, b);
}

/* Do nothing with a byte. */
static void
emu_act_ignore(struct emu *e, uint8_t b)
{
}

/* Print a byte outside the fast path. */
static void
emu_act_print(struct emu *e, uint8_t b)
{
	emu_print(e, b);
}

/* Keep an intermediate byte or a private marker. */
static void
emu_act_collect(struct emu *e, uint8_t b)
{
	struct emu_parser *p = &e->p;

	if (b >= 0x3c && b <= 0x3f) {
		if (p->priv != 0 || p->nparams != 0)
			p->bad = 1;
		p->priv = b;
	} else if (p->inter != 0)
		p->bad = 1;
	else
		p->inter = b;
}

/* Read a parameter byte: a digit, ';' or ':'. */
static void
emu_act_param(struct emu *e, uint8_t b)
{
	struct emu_parser *p = &e->p;
	int *v;

	if (p->nparams == 0) {
		p->params[0] = -1;
		p->nparams = 1;
	}
	if (b == ';' || b == ':') {
		if (p->nparams == EMU_MAX_PARAMS) {
			p->param_open = -1; /* full: drop the rest */
			return;
		}
		if (b == ':')
			p->colon |= 1u << p->nparams;
		p->params[p->nparams++] = -1;
		return;
	}
	if (p->param_open == -1)
		return;
	v = &p->params[p->nparams - 1];
	if (*v == -1)
		*v = 0;
	*v = *v * 10 + (b - '0');
	if (*v > EMU_PARAM_MAX)
		*v = EMU_PARAM_MAX;
}

/* Dispatch an escape sequence. */
static void
emu_act_esc(struct emu *e, uint8_t b)
{
	const struct emu_seq *s;
	struct emu_parser *p = &e->p;

	static const struct emu_seq_table *const esc[] = { &emu_seqs_esc };

	e->last_valid = 0;
	if (p->bad)
		return;
	p->final = b;
	s = emu_seq_find(esc, 1, b, 0, p->inter);
	if (s == NULL && p->inter != 0)
		s = emu_seq_find(esc, 1, 0, 0, p->inter); /* designations */
	if (s != NULL)
		s->fn(e);
}

/* Dispatch a control sequence. */
static void
emu_act_csi(struct emu *e, uint8_t b)
{
	const struct emu_seq *s;
	struct emu_parser *p = &e->p;
	uint32_t key;

	if (b != 'b')
		e->last_valid = 0;
	if (p->bad)
		return;
	p->final = b;
	key = 0x1000000 | (p->inter << 16) | (p->priv << 8) | b;
	if (key == p->last_key)
		s = p->last_seq; /* runs of one sequence, SGR above all */
	else {
		s = emu_seq_find(
		    emu_csi_families, emu_csi_nfamilies, b, p->priv, p->inter);
		p->last_key = key;
		p->last_seq = s;
	}
	if (s != NULL)
		s->fn(e);
	if (b == 'b')
		e->last_valid = 0;
}

/* Keep a DCS data byte, up to the (small) DCS limit. */
static void
emu_act_put(struct emu *e, uint8_t b)
{
	emu_str_put(e, b, EMU_DCS_MAX);
}

/* Start a DCS string: remember its final byte. */
static void
emu_act_hook(struct emu *e, uint8_t b)
{
	e->p.final = b;
	e->p.len = 0;
	e->p.str_over = 0;
}

/* End a DCS string: dispatch it unless it was too long. */
static void
emu_dcs_end(struct emu *e)
{
	struct emu_parser *p = &e->p;

	if (!p->str_over && !p->bad) {
		emu_str_put(e, '\0', EMU_DCS_MAX + 1);
		p->len--;
		emu_dcs_dispatch(e);
	}
	p->len = 0;
}
/* Keep an OSC string byte, up to the limit. */
static void
emu_act_osc_put(struct emu *e, uint8_t b)
{
	emu_str_put(e, b, EMU_STR_MAX);
}

/* Append a byte to the string buffer, or mark it too long past max. */
static void
emu_str_put(struct emu *e, uint8_t b, size_t max)
{
	struct emu_parser *p = &e->p;

	if (p->len + 1 >= max) {
		p->str_over = 1;
		return;
	}
	if (p->len + 1 >= p->size) {
		p->size = p->size == 0 ? 256 : p->size * 2;
		p->str = emu_xrealloc(p->str, p->size);
	}
	p->str[p->len++] = b;
}
/* Run one byte through the state tables. */
static void
emu_parse_byte(struct emu *e, uint8_t b)
{
	const struct emu_state *st = &emu_states[e->p.state];
	const struct emu_trans *t;

	for (t = emu_anywhere; b < 0x20 && t->first <= t->last; t++) {
		if (b >= t->first && b <= t->last)
			goto found;
	}
	for (t = st->trans; t->first <= t->last; t++) {
		if (b >= t->first && b <= t->last)
			goto found;
	}
	return;
found:
	if (b == 0x18 || b == 0x1a)
		e->p.str_over = 1; /* CAN, SUB: an OSC or DCS is abandoned */
	if (t->next == STAY) {
		if (t->action != NULL)
			t->action(e, b);
		return;
	}
	if (st->exit != NULL)
		st->exit(e);
	if (t->action != NULL)
		t->action(e, b);
	e->p.state = t->next;
	if (emu_states[t->next].enter != NULL)
		emu_states[t->next].enter(e);
}

/* Handle a decoded code point: C1 controls act, others print. */
static void
emu_codepoint(struct emu *e, uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9f) {
		emu_parse_byte(e, 0x1b);
		emu_parse_byte(e, cp - 0x40);
		return;
	}
	emu_print(e, cp);
}

/* Consume bytes in the ground state; returns how many were used. */
static size_t
emu_ground(struct emu *e, const uint8_t *buf, size_t len)
{
	size_t i = 0, j;
	uint32_t cp;
	uint8_t b;

	while (i < len && e->p.state == EMU_PS_GROUND) {
		b = buf[i];
		if (e->p.u8need == 0 && b >= 0x20 && b < 0x7f) {
			j = emu_ascii_run(buf, i + 1, len);
			emu_print_ascii(e, buf + i, j - i);
			i = j;
		} else if (e->p.u8need == 0 && b >= 0x80 &&
		    (j = emu_utf8_whole(buf + i, len - i, &cp)) != 0) {
			emu_codepoint(e, cp);
			i += j;
		} else if (e->p.u8need != 0 || b >= 0x80) {
			switch (emu_utf8_feed(&e->p, b, &cp)) {
			case EMU_UTF8_DONE:
				emu_codepoint(e, cp);
				/* FALLTHROUGH */
			case EMU_UTF8_MORE:
				i++;
				break;
			case EMU_UTF8_AGAIN:
				emu_codepoint(e, cp);
				break;
			}
		} else if (b != 0x18 && b != 0x1a && b != 0x1b) {
			emu_execute(e, b); /* C0, as the ground table would */
			i++;
		} else
			emu_parse_byte(e, buf[i++]);
	}
	return (i);
}

/*
 * The transitions that make up most escape sequences, without the tables:
 * ESC [, CSI parameters and CSI final bytes (these states have no exit or
 * entry hooks but csi_entry's).  Returns 0 to use the tables.
 */
static int
emu_parse_fast(struct emu *e, uint8_t b)
{
	switch (e->p.state) {
	case EMU_PS_ESCAPE:
		if (b != '[')
			return (0);
		e->p.state = EMU_PS_CSI_ENTRY;
		emu_clear(e);
		return (1);
	case EMU_PS_CSI_ENTRY:
	case EMU_PS_CSI_PARAM:
		if (b >= '0' && b <= ';') {
			e->p.state = EMU_PS_CSI_PARAM;
			emu_act_param(e, b);
			return (1);
		}
		if (b < 0x40 || b > 0x7e)
			return (0);
		e->p.state = EMU_PS_GROUND;
		emu_act_csi(e, b);
		return (1);
	default:
		return (0);
	}
}

/* Feed bytes from the application. */
void
emu_write(struct emu *e, const void *buf, size_t len)
{
	const uint8_t *s = buf;
	size_t i = 0;

	while (i < len) {
		if (e->p.state == EMU_PS_GROUND) {
			i += emu_ground(e, s + i, len - i);
			continue;
		}
		if (!emu_parse_fast(e, s[i]))
			emu_parse_byte(e, s[i]);
		i++;
	}
}

/* Parameter n, or def if it is missing or empty. */
int
emu_param(const struct emu *e, int n, int def)
{
	if (n < 0 || n >= e->p.nparams || e->p.params[n] == -1)
		return (def);
	return (e->p.params[n]);
}

/* Parameter n as a count: missing or 0 means 1. */
int
emu_param_n(const struct emu *e, int n)
{
	int v = emu_param(e, n, 1);

	return (v == 0 ? 1 : v);
}

/* Run a C0 control character. */
void
emu_execute(struct emu *e, uint8_t b)
{
	switch (b) {
	case 0x07: /* BEL */
		e->bells++;
		break;
	case 0x08: /* BS */
		emu_scr_backspace(e);
		break;
	case 0x09: /* HT */
		emu_scr_tab(e, 1);
		break;
	case 0x0a: /* LF */
	case 0x0b: /* VT */
	case 0x0c: /* FF */
		emu_scr_linefeed(e);
		if (e->lnm)
			emu_scr_carriage_return(e);
		break;
	case 0x0d: /* CR */
		emu_scr_carriage_return(e);
		break;
	case 0x0e: /* SO */
		e->gl = 1;
		break;
	case 0x0f: /* SI */
		e->gl = 0;
		break;
	default:
		return;
	}
	e->last_valid = 0;
}

/* Put the parser in the ground state and drop any partial sequence. */
void
emu_parser_reset(struct emu *e)
{
	e->p.state = EMU_PS_GROUND;
	e->p.u8need = 0;
	e->p.len = 0;
	emu_clear(e);
}

/* Free the parser's string buffer. */
void
emu_parser_free(struct emu_parser *p)
{
	free(p->str);
	p->str = NULL;
	p->size = 0;
}
