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
 * Escape sequences other than CSI, OSC and DCS (ECMA-48 7-bit C1 forms and
 * DEC VT100/VT220), sorted for emu_seq_find.  Character set designations
 * (ESC ( F and friends) are found by their intermediate alone.
 */

#include "emulator/emu-internal.h"

static void emu_designate(struct emu *);
static void emu_decsc(struct emu *);
static void emu_decrc(struct emu *);
static void emu_decaln(struct emu *);
static void emu_deckpam(struct emu *);
static void emu_deckpnm(struct emu *);
static void emu_ind(struct emu *);
static void emu_nel(struct emu *);
static void emu_hts(struct emu *);
static void emu_ri(struct emu *);
static void emu_ss2(struct emu *);
static void emu_ss3(struct emu *);
static void emu_decid(struct emu *);
static void emu_st(struct emu *);
static void emu_ris(struct emu *);
static void emu_ls2(struct emu *);
static void emu_ls3(struct emu *);

static const struct emu_seq emu_esc_seqs[] = {
	{ 0, 0, '(', emu_designate, "SCS G0" },
	{ 0, 0, ')', emu_designate, "SCS G1" },
	{ 0, 0, '*', emu_designate, "SCS G2" },
	{ 0, 0, '+', emu_designate, "SCS G3" },
	{ '7', 0, 0, emu_decsc, "DECSC" },
	{ '8', 0, 0, emu_decrc, "DECRC" },
	{ '8', 0, '#', emu_decaln, "DECALN" },
	{ '=', 0, 0, emu_deckpam, "DECKPAM" },
	{ '>', 0, 0, emu_deckpnm, "DECKPNM" },
	{ 'D', 0, 0, emu_ind, "IND" },
	{ 'E', 0, 0, emu_nel, "NEL" },
	{ 'H', 0, 0, emu_hts, "HTS" },
	{ 'M', 0, 0, emu_ri, "RI" },
	{ 'N', 0, 0, emu_ss2, "SS2" },
	{ 'O', 0, 0, emu_ss3, "SS3" },
	{ 'Z', 0, 0, emu_decid, "DECID" },
	{ '\\', 0, 0, emu_st, "ST" },
	{ 'c', 0, 0, emu_ris, "RIS" },
	{ 'n', 0, 0, emu_ls2, "LS2" },
	{ 'o', 0, 0, emu_ls3, "LS3" },
};
const struct emu_seq_table emu_seqs_esc = { "esc", emu_esc_seqs,
	sizeof emu_esc_seqs / sizeof emu_esc_seqs[0] };

/* SCS: designate a character set into G0-G3. */
static void
emu_designate(struct emu *e)
{
	int set;

	switch (e->p.final) {
	case '0':
		set = EMU_CS_DEC_GRAPHICS;
		break;
	case 'A':
		set = EMU_CS_UK;
		break;
	default:
		set = EMU_CS_ASCII;
		break;
	}
	e->g[e->p.inter - '('] = set;
}

/* DECSC: save the cursor. */
static void
emu_decsc(struct emu *e)
{
	emu_scr_save_cursor(e);
}

/* DECRC: restore the cursor. */
static void
emu_decrc(struct emu *e)
{
	emu_scr_restore_cursor(e);
}

/* DECALN: screen alignment pattern. */
static void
emu_decaln(struct emu *e)
{
	emu_scr_alignment(e);
}

/* DECKPAM: application keypad. */
static void
emu_deckpam(struct emu *e)
{
	e->modes[EMU_MODE_APP_KEYPAD] = 1;
}

/* DECKPNM: numeric keypad. */
static void
emu_deckpnm(struct emu *e)
{
	e->modes[EMU_MODE_APP_KEYPAD] = 0;
}

/* IND: index (down a line, scrolling). */
static void
emu_ind(struct emu *e)
{
	emu_scr_linefeed(e);
}

/* NEL: next line. */
static void
emu_nel(struct emu *e)
{
	emu_scr_linefeed(e);
	emu_scr_carriage_return(e);
}

/* HTS: set a tab stop here. */
static void
emu_hts(struct emu *e)
{
	e->tabs[e->cx] = 1;
}

/* RI: reverse index (up a line, scrolling). */
static void
emu_ri(struct emu *e)
{
	emu_scr_reverse_index(e);
}

/* SS2: the next character comes from G2. */
static void
emu_ss2(struct emu *e)
{
	e->ss = 2;
}

/* SS3: the next character comes from G3. */
static void
emu_ss3(struct emu *e)
{
	e->ss = 3;
}

/* DECID: identify, as DA. */
static void
emu_decid(struct emu *e)
{
	emu_replyf(e, "\033[?62;22c");
}

/* ST: the end of a string, nothing to do on its own. */
static void
emu_st(struct emu *e)
{
}

/* RIS: hard reset. */
static void
emu_ris(struct emu *e)
{
	emu_reset(e);
}

/* LS2: shift G2 into GL. */
static void
emu_ls2(struct emu *e)
{
	e->gl = 2;
}

/* LS3: shift G3 into GL. */
static void
emu_ls3(struct emu *e)
{
	e->gl = 3;
}
