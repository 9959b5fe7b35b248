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
 * Modes: SM/RM (ANSI) and DECSET/DECRST (DEC private), soft reset and
 * mode requests.  Each mode is a table entry sorted by number; a flag mode
 * names its slot in e->modes, others have a handler for the side effects.
 */

#include <stdlib.h>

#include "emulator/emu-internal.h"

/* One mode. */
struct emu_mode_def {
	int number;
	int flag; /* an enum emu_mode, or -1 */
	void (*fn)(struct emu *, int, int);
	int (*get)(const struct emu *, int);
};

static void emu_mode_origin(struct emu *, int, int);
static void emu_mode_lnm(struct emu *, int, int);
static int emu_mode_get_lnm(const struct emu *, int);
static void emu_mode_revwrap(struct emu *, int, int);
static int emu_mode_get_revwrap(const struct emu *, int);
static void emu_mode_mouse(struct emu *, int, int);
static int emu_mode_get_mouse(const struct emu *, int);
static void emu_mode_enc(struct emu *, int, int);
static int emu_mode_get_enc(const struct emu *, int);
static void emu_mode_alt47(struct emu *, int, int);
static void emu_mode_alt1047(struct emu *, int, int);
static void emu_mode_save1048(struct emu *, int, int);
static void emu_mode_alt1049(struct emu *, int, int);
static int emu_mode_get_alt(const struct emu *, int);
static int emu_mode_cmp(const void *, const void *);
static const struct emu_mode_def *emu_mode_find(int, int);
static void emu_mode_apply(struct emu *, int);
static void emu_sm(struct emu *);
static void emu_rm(struct emu *);
static void emu_decstr(struct emu *);
static void emu_decrqm(struct emu *);

/* ANSI modes (SM, RM). */
static const struct emu_mode_def emu_ansi_modes[] = {
	{ 4, EMU_MODE_INSERT, NULL, NULL },	    /* IRM */
	{ 20, -1, emu_mode_lnm, emu_mode_get_lnm }, /* LNM */
};

/* DEC private modes (DECSET, DECRST). */
static const struct emu_mode_def emu_dec_modes[] = {
	{ 1, EMU_MODE_APP_CURSOR, NULL, NULL },	       /* DECCKM */
	{ 5, EMU_MODE_REVERSE_VIDEO, NULL, NULL },     /* DECSCNM */
	{ 6, EMU_MODE_ORIGIN, emu_mode_origin, NULL }, /* DECOM */
	{ 7, EMU_MODE_AUTOWRAP, NULL, NULL },	       /* DECAWM */
	{ 9, -1, emu_mode_mouse, emu_mode_get_mouse }, /* X10 mouse */
	{ 25, EMU_MODE_CURSOR_VISIBLE, NULL, NULL },   /* DECTCEM */
	{ 45, -1, emu_mode_revwrap, emu_mode_get_revwrap },
	{ 47, -1, emu_mode_alt47, emu_mode_get_alt },
	{ 66, EMU_MODE_APP_KEYPAD, NULL, NULL }, /* DECNKM */
	{ 1000, -1, emu_mode_mouse, emu_mode_get_mouse },
	{ 1001, -1, emu_mode_mouse, emu_mode_get_mouse },
	{ 1002, -1, emu_mode_mouse, emu_mode_get_mouse },
	{ 1003, -1, emu_mode_mouse, emu_mode_get_mouse },
	{ 1004, EMU_MODE_FOCUS, NULL, NULL },
	{ 1005, -1, emu_mode_enc, emu_mode_get_enc },
	{ 1006, -1, emu_mode_enc, emu_mode_get_enc },
	{ 1007, EMU_MODE_ALT_SCROLL, NULL, NULL },
	{ 1015, -1, emu_mode_enc, emu_mode_get_enc },
	{ 1047, -1, emu_mode_alt1047, emu_mode_get_alt },
	{ 1048, -1, emu_mode_save1048, NULL },
	{ 1049, -1, emu_mode_alt1049, emu_mode_get_alt },
	{ 2004, EMU_MODE_BRACKETED_PASTE, NULL, NULL },
};

static const struct emu_seq emu_mode_seqs[] = {
	{ 'h', 0, 0, emu_sm, "SM" },
	{ 'h', '?', 0, emu_sm, "DECSET" },
	{ 'l', 0, 0, emu_rm, "RM" },
	{ 'l', '?', 0, emu_rm, "DECRST" },
	{ 'p', 0, '!', emu_decstr, "DECSTR" },
	{ 'p', 0, '$', emu_decrqm, "DECRQM" },
	{ 'p', '?', '$', emu_decrqm, "DECRQM" },
};
const struct emu_seq_table emu_seqs_mode = { "mode", emu_mode_seqs,
	sizeof emu_mode_seqs / sizeof emu_mode_seqs[0] };

/* DECOM moves the cursor home. */
static void
emu_mode_origin(struct emu *e, int n, int set)
{
	emu_scr_goto(e, set ? e->top : 0, 0);
}

/* LNM: line feed is also a carriage return. */
static void
emu_mode_lnm(struct emu *e, int n, int set)
{
	e->lnm = set;
}

/* Is LNM set? */
static int
emu_mode_get_lnm(const struct emu *e, int n)
{
	return (e->lnm);
}

/* ?45: reverse wraparound. */
static void
emu_mode_revwrap(struct emu *e, int n, int set)
{
	e->revwrap = set;
}

/* Is reverse wraparound set? */
static int
emu_mode_get_revwrap(const struct emu *e, int n)
{
	return (e->revwrap);
}

/* Mouse tracking: setting picks the mode, resetting turns it off. */
static void
emu_mode_mouse(struct emu *e, int n, int set)
{
	e->mouse = set ? n : EMU_MOUSE_NONE;
}

/* Is this mouse mode on? */
static int
emu_mode_get_mouse(const struct emu *e, int n)
{
	return (e->mouse == n);
}

/* Mouse encoding: resetting the current one goes back to the default. */
static void
emu_mode_enc(struct emu *e, int n, int set)
{
	if (set)
		e->mouse_enc = n;
	else if (e->mouse_enc == n)
		e->mouse_enc = EMU_MOUSE_ENC_DEFAULT;
}

/* Is this mouse encoding on? */
static int
emu_mode_get_enc(const struct emu *e, int n)
{
	return (e->mouse_enc == n);
}

/* ?47: switch screens. */
static void
emu_mode_alt47(struct emu *e, int n, int set)
{
	emu_scr_switch(e, set, 0);
}

/* ?1047: switch screens, clearing the alternate one on the way out. */
static void
emu_mode_alt1047(struct emu *e, int n, int set)
{
	if (!set && e->alt)
		emu_scr_switch(e, 1, 1);
	emu_scr_switch(e, set, 0);
}

/* ?1048: save or restore the cursor. */
static void
emu_mode_save1048(struct emu *e, int n, int set)
{
	if (set)
		emu_scr_save_cursor(e);
	else
		emu_scr_restore_cursor(e);
}

/* ?1049: save the cursor and switch to a cleared alternate screen. */
static void
emu_mode_alt1049(struct emu *e, int n, int set)
{
	if (set && !e->alt) {
		emu_scr_save_cursor(e);
		emu_scr_switch(e, 1, 1);
	} else if (!set && e->alt) {
		emu_scr_switch(e, 0, 0);
		emu_scr_restore_cursor(e);
	}
}

/* Is the alternate screen shown? */
static int
emu_mode_get_alt(const struct emu *e, int n)
{
	return (e->alt);
}

/* Order mode entries by number. */
static int
emu_mode_cmp(const void *a, const void *b)
{
	const struct emu_mode_def *ma = a, *mb = b;

	return (ma->number - mb->number);
}

/* Find an ANSI (priv 0) or DEC private mode. */
static const struct emu_mode_def *
emu_mode_find(int number, int priv)
{
	struct emu_mode_def key = { number, -1, NULL, NULL };

	if (priv == '?')
		return (bsearch(&key, emu_dec_modes,
		    sizeof emu_dec_modes / sizeof emu_dec_modes[0], sizeof key,
		    emu_mode_cmp));
	if (priv == 0)
		return (bsearch(&key, emu_ansi_modes,
		    sizeof emu_ansi_modes / sizeof emu_ansi_modes[0],
		    sizeof key, emu_mode_cmp));
	return (NULL);
}

/* Set or reset every mode named by the parameters. */
static void
emu_mode_apply(struct emu *e, int set)
{
	const struct emu_mode_def *m;
	int i;

	for (i = 0; i < e->p.nparams; i++) {
		m = emu_mode_find(emu_param(e, i, 0), e->p.priv);
		if (m == NULL)
			continue;
		if (m->flag >= 0)
			e->modes[m->flag] = set;
		if (m->fn != NULL)
			m->fn(e, m->number, set);
	}
}

/* SM, DECSET: set modes. */
static void
emu_sm(struct emu *e)
{
	emu_mode_apply(e, 1);
}

/* RM, DECRST: reset modes. */
static void
emu_rm(struct emu *e)
{
	emu_mode_apply(e, 0);
}

/* DECSTR: soft terminal reset. */
static void
emu_decstr(struct emu *e)
{
	emu_soft_reset(e);
}

/* DECRQM: report whether a mode is set (1), reset (2) or unknown (0). */
static void
emu_decrqm(struct emu *e)
{
	const struct emu_mode_def *m;
	int n = emu_param(e, 0, 0), v = 0;

	m = emu_mode_find(n, e->p.priv);
	if (m != NULL && m->flag >= 0)
		v = e->modes[m->flag] ? 1 : 2;
	else if (m != NULL && m->get != NULL)
		v = m->get(e, n) ? 1 : 2;
	if (e->p.priv == '?')
		emu_replyf(e, "\033[?%d;%d$y", n, v);
	else
		emu_replyf(e, "\033[%d;%d$y", n, v);
}
