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
 * Erasing and editing: the CSI sequences that erase, insert, delete,
 * scroll and repeat (ECMA-48, DEC VT100/VT220), sorted for emu_seq_find.
 */

#include "emulator/emu-internal.h"

static void emu_ich(struct emu *);
static void emu_ed(struct emu *);
static void emu_el(struct emu *);
static void emu_il(struct emu *);
static void emu_dl(struct emu *);
static void emu_dch(struct emu *);
static void emu_su(struct emu *);
static void emu_sd(struct emu *);
static void emu_ech(struct emu *);
static void emu_rep(struct emu *);
static void emu_decsed(struct emu *);
static void emu_decsel(struct emu *);
static void emu_decsca(struct emu *);

static const struct emu_seq emu_edit_seqs[] = {
	{ '@', 0, 0, emu_ich, "ICH" },
	{ 'J', 0, 0, emu_ed, "ED" },
	{ 'J', '?', 0, emu_decsed, "DECSED" },
	{ 'K', 0, 0, emu_el, "EL" },
	{ 'K', '?', 0, emu_decsel, "DECSEL" },
	{ 'L', 0, 0, emu_il, "IL" },
	{ 'M', 0, 0, emu_dl, "DL" },
	{ 'P', 0, 0, emu_dch, "DCH" },
	{ 'S', 0, 0, emu_su, "SU" },
	{ 'T', 0, 0, emu_sd, "SD" },
	{ 'X', 0, 0, emu_ech, "ECH" },
	{ 'b', 0, 0, emu_rep, "REP" },
	{ 'q', 0, '"', emu_decsca, "DECSCA" },
};
const struct emu_seq_table emu_seqs_edit = { "edit", emu_edit_seqs,
	sizeof emu_edit_seqs / sizeof emu_edit_seqs[0] };

/* ICH: insert blank characters. */
static void
emu_ich(struct emu *e)
{
	emu_scr_insert_cells(e, emu_param_n(e, 0));
}

/* ED: erase in display. */
static void
emu_ed(struct emu *e)
{
	emu_scr_erase_display(e, emu_param(e, 0, 0));
}

/* EL: erase in line. */
static void
emu_el(struct emu *e)
{
	emu_scr_erase_line(e, emu_param(e, 0, 0));
}

/* IL: insert lines. */
static void
emu_il(struct emu *e)
{
	emu_scr_insert_lines(e, emu_param_n(e, 0));
}

/* DL: delete lines. */
static void
emu_dl(struct emu *e)
{
	emu_scr_delete_lines(e, emu_param_n(e, 0));
}

/* DCH: delete characters. */
static void
emu_dch(struct emu *e)
{
	emu_scr_delete_cells(e, emu_param_n(e, 0));
}

/* SU: scroll up (text moves up). */
static void
emu_su(struct emu *e)
{
	emu_scr_scroll_up(e, e->top, e->bottom, emu_param_n(e, 0));
}

/* SD: scroll down (text moves down); five parameters is mouse tracking. */
static void
emu_sd(struct emu *e)
{
	if (e->p.nparams > 1)
		return;
	emu_scr_scroll_down(e, e->top, e->bottom, emu_param_n(e, 0));
}

/* ECH: erase characters. */
static void
emu_ech(struct emu *e)
{
	emu_scr_erase_cells(e, emu_param_n(e, 0));
}

/* REP: repeat the last printed character. */
static void
emu_rep(struct emu *e)
{
	emu_print_repeat(e, emu_param_n(e, 0));
}

/* DECSED: selective erase in display. */
static void
emu_decsed(struct emu *e)
{
	emu_scr_erase_selective(e, 1, emu_param(e, 0, 0));
}

/* DECSEL: selective erase in line. */
static void
emu_decsel(struct emu *e)
{
	emu_scr_erase_selective(e, 0, emu_param(e, 0, 0));
}

/* DECSCA: 1 protects the following characters from selective erase. */
static void
emu_decsca(struct emu *e)
{
	int n = emu_param(e, 0, 0);

	if (n > 2)
		return;
	e->decsca = n;
	if (n == 1)
		e->pen.flags |= EMU_CF_PROTECTED;
	else
		e->pen.flags &= ~EMU_CF_PROTECTED;
}
