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
 * Cursor movement, tab stops and margins: the CSI sequences that move the
 * cursor (ECMA-48 and DEC VT100/VT220), sorted for emu_seq_find.
 */

#include "emulator/emu-internal.h"

static void emu_cuu(struct emu *);
static void emu_cud(struct emu *);
static void emu_cuf(struct emu *);
static void emu_cub(struct emu *);
static void emu_vpb(struct emu *);
static void emu_cnl(struct emu *);
static void emu_cpl(struct emu *);
static void emu_cha(struct emu *);
static void emu_cup(struct emu *);
static void emu_cht(struct emu *);
static void emu_cbt(struct emu *);
static void emu_vpa(struct emu *);
static void emu_tbc(struct emu *);
static void emu_decstbm(struct emu *);
static void emu_scosc(struct emu *);
static void emu_scorc(struct emu *);
static void emu_cursor_up(struct emu *, int);
static void emu_cursor_down(struct emu *, int);
static void emu_cursor_row(struct emu *, int);

static const struct emu_seq emu_cursor_seqs[] = {
	{ 'A', 0, 0, emu_cuu, "CUU" },
	{ 'B', 0, 0, emu_cud, "CUD" },
	{ 'C', 0, 0, emu_cuf, "CUF" },
	{ 'D', 0, 0, emu_cub, "CUB" },
	{ 'E', 0, 0, emu_cnl, "CNL" },
	{ 'F', 0, 0, emu_cpl, "CPL" },
	{ 'G', 0, 0, emu_cha, "CHA" },
	{ 'H', 0, 0, emu_cup, "CUP" },
	{ 'I', 0, 0, emu_cht, "CHT" },
	{ 'Z', 0, 0, emu_cbt, "CBT" },
	{ '`', 0, 0, emu_cha, "HPA" },
	{ 'a', 0, 0, emu_cuf, "HPR" },
	{ 'd', 0, 0, emu_vpa, "VPA" },
	{ 'e', 0, 0, emu_cud, "VPR" },
	{ 'f', 0, 0, emu_cup, "HVP" },
	{ 'g', 0, 0, emu_tbc, "TBC" },
	{ 'j', 0, 0, emu_cub, "HPB" },
	{ 'k', 0, 0, emu_vpb, "VPB" },
	{ 'r', 0, 0, emu_decstbm, "DECSTBM" },
	{ 's', 0, 0, emu_scosc, "SCOSC" },
	{ 'u', 0, 0, emu_scorc, "SCORC" },
};
const struct emu_seq_table emu_seqs_cursor = { "cursor", emu_cursor_seqs,
	sizeof emu_cursor_seqs / sizeof emu_cursor_seqs[0] };

/* Move up n rows, stopping at the top margin if inside the region. */
static void
emu_cursor_up(struct emu *e, int n)
{
	int limit = e->cy >= e->top ? e->top : 0;

	e->cy = e->cy - n < limit ? limit : e->cy - n;
	e->wrap_pending = 0;
}

/* Move down n rows, stopping at the bottom margin if inside the region. */
static void
emu_cursor_down(struct emu *e, int n)
{
	int limit = e->cy <= e->bottom ? e->bottom : e->rows - 1;

	e->cy = e->cy + n > limit ? limit : e->cy + n;
	e->wrap_pending = 0;
}

/* Move to a row counted from 0, relative to the region in origin mode. */
static void
emu_cursor_row(struct emu *e, int row)
{
	if (e->modes[EMU_MODE_ORIGIN]) {
		row += e->top;
		if (row > e->bottom)
			row = e->bottom;
	}
	emu_scr_goto(e, row, e->cx);
}

/* CUU: cursor up. */
static void
emu_cuu(struct emu *e)
{
	emu_cursor_up(e, emu_param_n(e, 0));
}

/* CUD, VPR: cursor down. */
static void
emu_cud(struct emu *e)
{
	emu_cursor_down(e, emu_param_n(e, 0));
}

/* CUF, HPR: cursor forward. */
static void
emu_cuf(struct emu *e)
{
	emu_scr_goto(e, e->cy, e->cx + emu_param_n(e, 0));
}

/* CUB, HPB: cursor backward. */
static void
emu_cub(struct emu *e)
{
	emu_scr_goto(e, e->cy, e->cx - emu_param_n(e, 0));
}

/* VPB: cursor up, as CUU. */
static void
emu_vpb(struct emu *e)
{
	emu_cursor_up(e, emu_param_n(e, 0));
}

/* CNL: cursor to the start of a following line. */
static void
emu_cnl(struct emu *e)
{
	emu_cursor_down(e, emu_param_n(e, 0));
	e->cx = 0;
}

/* CPL: cursor to the start of a preceding line. */
static void
emu_cpl(struct emu *e)
{
	emu_cursor_up(e, emu_param_n(e, 0));
	e->cx = 0;
}

/* CHA, HPA: cursor to a column. */
static void
emu_cha(struct emu *e)
{
	emu_scr_goto(e, e->cy, emu_param_n(e, 0) - 1);
}

/* CUP, HVP: cursor to a row and column. */
static void
emu_cup(struct emu *e)
{
	e->cx = emu_param_n(e, 1) - 1;
	emu_cursor_row(e, emu_param_n(e, 0) - 1);
}

/* CHT: forward n tab stops. */
static void
emu_cht(struct emu *e)
{
	emu_scr_tab(e, emu_param_n(e, 0));
}

/* CBT: back n tab stops. */
static void
emu_cbt(struct emu *e)
{
	emu_scr_tab(e, -emu_param_n(e, 0));
}

/* VPA: cursor to a row, same column. */
static void
emu_vpa(struct emu *e)
{
	emu_cursor_row(e, emu_param_n(e, 0) - 1);
}

/* TBC: clear the tab stop here (0) or all of them (3). */
static void
emu_tbc(struct emu *e)
{
	int x;

	switch (emu_param(e, 0, 0)) {
	case 0:
		e->tabs[e->cx] = 0;
		break;
	case 3:
		for (x = 0; x < EMU_MAX_SIZE; x++)
			e->tabs[x] = 0;
		break;
	}
}

/* DECSTBM: set the scroll region and home the cursor. */
static void
emu_decstbm(struct emu *e)
{
	int top = emu_param_n(e, 0) - 1;
	int bottom = emu_param(e, 1, e->rows);

	if (bottom == 0 || bottom > e->rows)
		bottom = e->rows;
	bottom--;
	if (top >= bottom)
		return;
	e->top = top;
	e->bottom = bottom;
	e->cx = 0;
	emu_cursor_row(e, 0);
}

/* SCOSC: save the cursor, as DECSC. */
static void
emu_scosc(struct emu *e)
{
	if (e->p.nparams == 0)
		emu_scr_save_cursor(e);
}

/* SCORC: restore the cursor, as DECRC. */
static void
emu_scorc(struct emu *e)
{
	if (e->p.nparams == 0)
		emu_scr_restore_cursor(e);
}
