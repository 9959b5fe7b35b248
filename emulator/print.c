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
 * Printing characters: the fast path for runs of printable ASCII, the
 * general path with character sets, widths and grapheme clusters from
 * utf8proc, deferred autowrap and insert mode.
 */

#include <string.h>
#include <utf8proc.h>

#include "emulator/emu-internal.h"

static uint32_t emu_print_map(struct emu *, uint32_t);
static int emu_print_join(struct emu *, uint32_t);
static void emu_print_wrap(struct emu *);
static void emu_print_cell(struct emu *, uint32_t, int);
static int emu_print_wide_edge(struct emu *);
static int emu_print_plain_wide(uint32_t);

/* DEC special graphics for 0x5f-0x7e, as Unicode. */
static const uint16_t emu_dec_graphics[32] = { 0x00a0, 0x25c6, 0x2592, 0x2409,
	0x240c, 0x240d, 0x240a, 0x00b0, 0x00b1, 0x2424, 0x240b, 0x2518, 0x2510,
	0x250c, 0x2514, 0x253c, 0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c,
	0x2524, 0x2534, 0x252c, 0x2502, 0x2264, 0x2265, 0x03c0, 0x2260, 0x00a3,
	0x00b7 };

/* Map an ASCII character through the active character set. */
static uint32_t
emu_print_map(struct emu *e, uint32_t cp)
{
	int set = e->g[e->ss != 0 ? e->ss : e->gl];

	e->ss = 0;
	if (cp >= 0x80)
		return (cp);
	if (set == EMU_CS_DEC_GRAPHICS && cp >= 0x5f && cp <= 0x7e)
		return (emu_dec_graphics[cp - 0x5f]);
	if (set == EMU_CS_UK && cp == '#')
		return (0xa3);
	return (cp);
}

/* Join cp to the previous cell's cluster if it continues it. */
static int
emu_print_join(struct emu *e, uint32_t cp)
{
	struct emu_line *l;
	struct emu_icell *c;
	char buf[EMU_CELL_MAXBYTES + 4];
	size_t len, add;
	int brk;

	if (!e->last_valid)
		return (0);
	brk = utf8proc_grapheme_break_stateful(e->last_cp, cp, &e->gstate);
	e->last_cp = cp;
	if (brk)
		return (0);
	l = EMU_LINE(e, e->last_row);
	c = &l->cells[e->last_col];
	len = emu_cell_text(l, c, buf);
	add = emu_utf8_encode(cp, buf + len);
	if (len + add > EMU_CELL_MAXBYTES - 1)
		return (1); /* too long: drop the mark */
	len += add;
	emu_line_set_text(l, e->cols, e->last_col, buf, len);
	emu_touch(e, l);
	return (1);
}

/* Wrap to the start of the next line, marking this one soft-wrapped. */
static void
emu_print_wrap(struct emu *e)
{
	EMU_LINE(e, e->cy)->wrapped = 1;
	emu_touch(e, EMU_LINE(e, e->cy));
	emu_scr_linefeed(e);
	e->cx = 0;
}

/*
 * A wide character at the last column: wrap first, leaving a padding
 * blank; without autowrap, or in a one-column terminal where it can never
 * fit, drop it, as tmux does (and as shrinking to one column does).
 * Returns the width to print with, or 0 to drop it.
 */
static int
emu_print_wide_edge(struct emu *e)
{
	struct emu_line *l = EMU_LINE(e, e->cy);

	if (!e->modes[EMU_MODE_AUTOWRAP] || e->cols < 2) {
		e->last_valid = 0;
		return (0);
	}
	emu_scr_blank(e, e->cy, e->cx, e->cols);
	l->cells[e->cx].flags = EMU_CF_PAD;
	l->extent = e->cols;
	emu_print_wrap(e);
	return (2);
}

/* Put one character of the given width at the cursor and advance. */
static void
emu_print_cell(struct emu *e, uint32_t cp, int width)
{
	struct emu_line *l;
	struct emu_icell *c;

	if (e->wrap_pending && e->modes[EMU_MODE_AUTOWRAP])
		emu_print_wrap(e);
	e->wrap_pending = 0;
	if (width == 2 && e->cx == e->cols - 1 &&
	    (width = emu_print_wide_edge(e)) == 0)
		return;
	if (e->modes[EMU_MODE_INSERT])
		emu_scr_insert_cells(e, width);
	l = EMU_LINE(e, e->cy);
	c = &l->cells[e->cx];
	if (c[0].width != 1 || (e->cx + width < e->cols && c[width].width == 0))
		emu_scr_fix_wide(e, e->cy, e->cx, e->cx + width);
	c->cp = cp;
	c->fg = e->pen.fg;
	c->bg = e->pen.bg;
	c->attr = e->pen.attr;
	c->width = width;
	c->flags = e->pen.flags;
	if (width == 2) {
		c[1] = c[0];
		c[1].cp = 0;
		c[1].width = 0;
	}
	if (l->extent < e->cx + width)
		l->extent = e->cx + width;
	emu_touch(e, l);
	e->last_valid = 1;
	e->last_row = e->cy;
	e->last_col = e->cx;
	e->cx += width;
	if (e->cx >= e->cols) {
		e->cx = e->cols - 1;
		e->wrap_pending = e->modes[EMU_MODE_AUTOWRAP];
	}
}

/*
 * Is cp a wide character that never joins what precedes it, unless that is
 * a Prepend character (none is below U+0600)?  CJK ideographs and kana.
 */
static int
emu_print_plain_wide(uint32_t cp)
{
	return ((cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa));
}

/* Print one code point. */
void
emu_print(struct emu *e, uint32_t cp)
{
	int width;

	cp = emu_print_map(e, cp);
	if (cp >= 0xa0 && cp < 0x300 && e->last_cp < 0x300) {
		e->gstate = 0; /* Latin: width 1, no rule joins these */
		emu_print_cell(e, cp, 1);
		e->last_cp = cp;
		return;
	}
	if (emu_print_plain_wide(cp) &&
	    (e->last_cp < 0x600 || emu_print_plain_wide(e->last_cp))) {
		e->gstate = 0; /* a break: no rule joins these */
		emu_print_cell(e, cp, 2);
		e->last_cp = cp;
		return;
	}
	if (cp >= 0x80 && emu_print_join(e, cp))
		return;
	if (cp < 0x80) {
		e->last_cp = cp;
		e->gstate = 0;
		width = 1;
	} else {
		width = utf8proc_charwidth(cp);
		if (width == 0)
			return; /* a zero-width character with no base */
		if (width > 2)
			width = 2;
	}
	emu_print_cell(e, cp, width);
	e->last_cp = cp;
}

/* Print the last printed grapheme n more times (REP), wrapping as xterm. */
void
emu_print_repeat(struct emu *e, int n)
{
	struct emu_line *l;
	char text[EMU_CELL_MAXBYTES];
	utf8proc_int32_t cps[EMU_CELL_MAXBYTES];
	utf8proc_ssize_t len, off = 0, k;
	int ncp = 0, i;

	if (!e->last_valid)
		return;
	l = EMU_LINE(e, e->last_row);
	len = emu_cell_text(l, &l->cells[e->last_col], text);
	while (off < len && ncp < EMU_CELL_MAXBYTES) {
		k = utf8proc_iterate(
		    (const utf8proc_uint8_t *)text + off, len - off, &cps[ncp]);
		if (k <= 0)
			break;
		off += k;
		ncp++;
	}
	if (ncp == 0)
		cps[ncp++] = ' ';
	if (n > e->cols * e->rows)
		n = e->cols * e->rows;
	while (n-- > 0) {
		e->gstate = 0;
		emu_print_cell(
		    e, cps[0], l->cells[e->last_col].width == 2 ? 2 : 1);
		e->last_cp = cps[0];
		for (i = 1; i < ncp; i++)
			emu_print_join(e, cps[i]);
		l = EMU_LINE(e, e->last_row);
	}
}

/* Print a run of printable ASCII (0x20-0x7e) as fast as possible. */
void
emu_print_ascii(struct emu *e, const uint8_t *s, size_t n)
{
	struct emu_line *l;
	struct emu_icell *c, cell;
	size_t i, k;

	if (e->g[e->gl] != EMU_CS_ASCII || e->ss != 0 ||
	    e->modes[EMU_MODE_INSERT] || !e->modes[EMU_MODE_AUTOWRAP]) {
		for (i = 0; i < n; i++)
			emu_print(e, s[i]);
		return;
	}
	cell.fg = e->pen.fg;
	cell.bg = e->pen.bg;
	cell.attr = e->pen.attr;
	cell.width = 1;
	cell.flags = e->pen.flags;
	while (n > 0) {
		if (e->wrap_pending)
			emu_print_wrap(e);
		l = EMU_LINE(e, e->cy);
		k = e->cols - e->cx;
		if (k > n)
			k = n;
		emu_scr_fix_wide(e, e->cy, e->cx, e->cx + k);
		c = &l->cells[e->cx];
		for (i = 0; i < k; i++) {
			cell.cp = s[i];
			c[i] = cell;
		}
		if (l->extent < e->cx + k)
			l->extent = e->cx + k;
		emu_touch(e, l);
		e->last_row = e->cy;
		e->last_col = e->cx + k - 1;
		e->cx += k;
		if (e->cx >= e->cols) {
			e->cx = e->cols - 1;
			e->wrap_pending = 1;
		}
		s += k;
		n -= k;
	}
	e->last_valid = 1;
	e->last_cp = s[-1];
	e->gstate = 0;
}
