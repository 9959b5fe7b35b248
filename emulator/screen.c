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
 * Screen operations, one function per terminal operation, in screen
 * coordinates.  Callers clamp counts; these functions keep wide characters
 * whole and give changed lines a new generation.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

static void emu_scr_rotate_up(struct emu *, int, int, int, int);
static void emu_scr_clear_lines(struct emu *, int, int);
static void emu_scr_save_lines(struct emu *, int, int);
static void emu_scr_rotate(struct emu_line *, int, int);
static void emu_scr_blank_unprotected(struct emu *, int, int, int);

/* Blank cells [from, to) of row y with the pen's background. */
void
emu_scr_blank(struct emu *e, int y, int from, int to)
{
	struct emu_line *l = EMU_LINE(e, y);

	if (from < 0)
		from = 0;
	if (to > e->cols)
		to = e->cols;
	if (from >= to)
		return;
	emu_scr_fix_wide(e, y, from, to);
	emu_line_clear(l, from, to, e->pen.bg);
	emu_touch(e, l);
}

/* Before cells [from, to) of row y change, blank wide halves cut apart. */
void
emu_scr_fix_wide(struct emu *e, int y, int from, int to)
{
	struct emu_icell *c = EMU_LINE(e, y)->cells;

	if (from > 0 && from < e->cols && c[from].width == 0) {
		c[from - 1].cp = 0;
		c[from - 1].width = 1;
	}
	if (to < e->cols && c[to].width == 0) {
		c[to].cp = 0;
		c[to].width = 1;
	}
}

/* Blank rows [from, to) entirely, clearing their wrap flags. */
static void
emu_scr_clear_lines(struct emu *e, int from, int to)
{
	int y;

	for (y = from; y < to; y++) {
		emu_line_clear(EMU_LINE(e, y), 0, e->cols, e->pen.bg);
		EMU_LINE(e, y)->wrapped = 0;
		emu_touch(e, EMU_LINE(e, y));
	}
}

/* Rotate size lines left by n: line n becomes the first. */
static void
emu_scr_rotate(struct emu_line *lines, int size, int n)
{
	struct emu_line one, *tmp;

	if (n == 1) {
		one = lines[0];
		memmove(&lines[0], &lines[1], (size - 1) * sizeof one);
		lines[size - 1] = one;
		return;
	}
	if (n == size - 1) {
		one = lines[size - 1];
		memmove(&lines[1], &lines[0], (size - 1) * sizeof one);
		lines[0] = one;
		return;
	}
	tmp = emu_xreallocarray(NULL, n, sizeof *tmp);
	memcpy(tmp, lines, n * sizeof *tmp);
	memmove(&lines[0], &lines[n], (size - n) * sizeof *tmp);
	memcpy(&lines[size - n], tmp, n * sizeof *tmp);
	free(tmp);
}

/*
 * Save the n lines about to scroll off the top of rows [0, bottom]; as
 * xterm, more lines than the region holds add blank lines (at most a
 * screenful, so SU 65535 costs little).
 */
static void
emu_scr_save_lines(struct emu *e, int bottom, int n)
{
	struct emu_line blank;
	int y;

	for (y = 0; y < n && y <= bottom; y++)
		emu_hist_push(&e->hist, EMU_LINE(e, y), e->cols);
	if (n <= y)
		return;
	if (n - y > e->rows)
		n = y + e->rows;
	emu_line_init(&blank, e->cols, 0);
	for (; y < n; y++)
		emu_hist_push(&e->hist, &blank, e->cols);
	emu_line_free(&blank);
}

/* Move rows [top, bottom] up n, saving the lost ones if hist is set. */
static void
emu_scr_rotate_up(struct emu *e, int top, int bottom, int n, int hist)
{
	int size = bottom - top + 1;

	if (n <= 0)
		return;
	if (hist && e->alt == 0 && top == 0)
		emu_scr_save_lines(e, bottom, n);
	if (n > size)
		n = size;
	if (n < size)
		emu_scr_rotate(EMU_LINES(e) + top, size, n);
	emu_scr_clear_lines(e, bottom - n + 1, bottom + 1);
	e->last_valid = 0;
}

/* Scroll rows [top, bottom] up n lines (text moves up). */
void
emu_scr_scroll_up(struct emu *e, int top, int bottom, int n)
{
	emu_scr_rotate_up(e, top, bottom, n, 1);
}

/* Scroll rows [top, bottom] down n lines (text moves down). */
void
emu_scr_scroll_down(struct emu *e, int top, int bottom, int n)
{
	int size = bottom - top + 1;

	if (n > size)
		n = size;
	if (n <= 0)
		return;
	if (n < size)
		emu_scr_rotate(EMU_LINES(e) + top, size, size - n);
	emu_scr_clear_lines(e, top, top + n);
	e->last_valid = 0;
}

/* Move down a line, scrolling at the bottom of the scroll region (IND). */
void
emu_scr_linefeed(struct emu *e)
{
	e->wrap_pending = 0;
	if (e->cy == e->bottom)
		emu_scr_scroll_up(e, e->top, e->bottom, 1);
	else if (e->cy < e->rows - 1)
		e->cy++;
}

/* Move up a line, scrolling at the top of the scroll region (RI). */
void
emu_scr_reverse_index(struct emu *e)
{
	e->wrap_pending = 0;
	if (e->cy == e->top)
		emu_scr_scroll_down(e, e->top, e->bottom, 1);
	else if (e->cy > 0)
		e->cy--;
}

/* Move to the first column (CR). */
void
emu_scr_carriage_return(struct emu *e)
{
	e->wrap_pending = 0;
	e->cx = 0;
}

/*
 * Move one column left (BS).  With reverse wraparound (?45) and autowrap,
 * the first column goes to the end of the previous line (from the top
 * line, the bottom one), and a pending wrap is only cancelled, as xterm.
 */
void
emu_scr_backspace(struct emu *e)
{
	int rev = e->revwrap && e->modes[EMU_MODE_AUTOWRAP];

	if (rev && e->wrap_pending) {
		e->wrap_pending = 0;
		return;
	}
	e->wrap_pending = 0;
	if (e->cx > 0)
		e->cx--;
	else if (rev) {
		e->cx = e->cols - 1;
		e->cy = e->cy > 0 ? e->cy - 1 : e->rows - 1;
	}
}

/*
 * Move to the n-th next tab stop (n > 0) or previous one (n < 0).  As in
 * xterm, a forward tab at the last column keeps a pending wrap; as in tmux
 * (and the vt100-parser data), a backward tab from a pending wrap counts
 * from just past the last column, so a stop there is found.
 */
void
emu_scr_tab(struct emu *e, int n)
{
	if (n < 0 && e->wrap_pending)
		e->cx = e->cols;
	if (n < 0 || e->cx < e->cols - 1)
		e->wrap_pending = 0;
	for (; n > 0 && e->cx < e->cols - 1; n--) {
		while (++e->cx < e->cols - 1 && !e->tabs[e->cx])
			;
	}
	for (; n < 0 && e->cx > 0; n++) {
		while (--e->cx > 0 && !e->tabs[e->cx])
			;
	}
}

/* Move the cursor to row, col (screen coordinates, clamped). */
void
emu_scr_goto(struct emu *e, int row, int col)
{
	if (row < 0)
		row = 0;
	if (row >= e->rows)
		row = e->rows - 1;
	if (col < 0)
		col = 0;
	if (col >= e->cols)
		col = e->cols - 1;
	e->cy = row;
	e->cx = col;
	e->wrap_pending = 0;
}

/* Insert n blank cells at the cursor, shifting the rest right (ICH). */
void
emu_scr_insert_cells(struct emu *e, int n)
{
	struct emu_line *l = EMU_LINE(e, e->cy);
	int x = e->cx;

	e->wrap_pending = 0;
	if (n > e->cols - x)
		n = e->cols - x;
	if (n <= 0)
		return;
	emu_scr_fix_wide(e, e->cy, x, x);
	emu_scr_fix_wide(e, e->cy, e->cols - n, e->cols);
	memmove(&l->cells[x + n], &l->cells[x],
	    (e->cols - x - n) * sizeof *l->cells);
	if (l->extent > x)
		l->extent = l->extent + n > e->cols ? e->cols : l->extent + n;
	emu_line_clear(l, x, x + n, e->pen.bg);
	if (l->cells[e->cols - 1].width == 2) {
		l->cells[e->cols - 1].cp = 0;
		l->cells[e->cols - 1].width = 1;
	}
	emu_touch(e, l);
}

/* Delete n cells at the cursor, shifting the rest left (DCH). */
void
emu_scr_delete_cells(struct emu *e, int n)
{
	struct emu_line *l = EMU_LINE(e, e->cy);
	int x = e->cx;

	e->wrap_pending = 0;
	if (n > e->cols - x)
		n = e->cols - x;
	if (n <= 0)
		return;
	emu_scr_fix_wide(e, e->cy, x, x + n);
	memmove(&l->cells[x], &l->cells[x + n],
	    (e->cols - x - n) * sizeof *l->cells);
	emu_line_clear(l, e->cols - n, e->cols, e->pen.bg);
	emu_touch(e, l);
}

/* Blank n cells from the cursor (ECH). */
void
emu_scr_erase_cells(struct emu *e, int n)
{
	e->wrap_pending = 0;
	if (n > e->cols - e->cx)
		n = e->cols - e->cx;
	emu_scr_blank(e, e->cy, e->cx, e->cx + n);
}

/* Insert n blank lines at the cursor's row (IL). */
void
emu_scr_insert_lines(struct emu *e, int n)
{
	if (e->cy < e->top || e->cy > e->bottom)
		return;
	emu_scr_scroll_down(e, e->cy, e->bottom, n);
	e->wrap_pending = 0;
}

/* Delete n lines at the cursor's row (DL). */
void
emu_scr_delete_lines(struct emu *e, int n)
{
	if (e->cy < e->top || e->cy > e->bottom)
		return;
	emu_scr_rotate_up(e, e->cy, e->bottom, n, 0);
	e->wrap_pending = 0;
}

/* Erase in display (ED): 0 below, 1 above, 2 all, 3 scrollback. */
void
emu_scr_erase_display(struct emu *e, int mode)
{
	switch (mode) {
	case 0:
		emu_scr_blank(e, e->cy, e->cx, e->cols);
		EMU_LINE(e, e->cy)->wrapped = 0;
		emu_scr_clear_lines(e, e->cy + 1, e->rows);
		break;
	case 1:
		emu_scr_clear_lines(e, 0, e->cy);
		emu_scr_blank(e, e->cy, 0, e->cx + 1);
		break;
	case 2:
		emu_scr_clear_lines(e, 0, e->rows);
		break;
	case 3:
		emu_history_clear(e);
		break;
	}
	e->wrap_pending = 0;
}

/* Erase in line (EL): 0 right of the cursor, 1 left, 2 all. */
void
emu_scr_erase_line(struct emu *e, int mode)
{
	switch (mode) {
	case 0:
		emu_scr_blank(e, e->cy, e->cx, e->cols);
		EMU_LINE(e, e->cy)->wrapped = 0;
		break;
	case 1:
		emu_scr_blank(e, e->cy, 0, e->cx + 1);
		break;
	case 2:
		emu_scr_blank(e, e->cy, 0, e->cols);
		EMU_LINE(e, e->cy)->wrapped = 0;
		break;
	}
	e->wrap_pending = 0;
}

/* Blank the unprotected cells of [from, to) in row y. */
static void
emu_scr_blank_unprotected(struct emu *e, int y, int from, int to)
{
	struct emu_line *l = EMU_LINE(e, y);
	int x;

	if (to > e->cols)
		to = e->cols;
	for (x = from < 0 ? 0 : from; x < to; x++) {
		if (l->cells[x].flags & EMU_CF_PROTECTED)
			continue;
		if (l->cells[x].width == 2 || l->cells[x].width == 0)
			emu_scr_fix_wide(e, y, x, x + 1);
		emu_line_clear(l, x, x + 1, e->pen.bg);
	}
	emu_touch(e, l);
}

/*
 * Selective erase (DECSED if display, else DECSEL): as ED or EL in mode
 * 0, 1 or 2, but cells DECSCA protected are kept.
 */
void
emu_scr_erase_selective(struct emu *e, int display, int mode)
{
	int y, from = 0, to = e->rows;

	e->wrap_pending = 0;
	if (mode == 0) {
		emu_scr_blank_unprotected(e, e->cy, e->cx, e->cols);
		from = e->cy + 1;
	} else if (mode == 1) {
		emu_scr_blank_unprotected(e, e->cy, 0, e->cx + 1);
		to = e->cy;
	} else if (mode == 2 && !display)
		emu_scr_blank_unprotected(e, e->cy, 0, e->cols);
	if (!display || mode > 2)
		return;
	for (y = from; y < to; y++)
		emu_scr_blank_unprotected(e, y, 0, e->cols);
}

/* Fill the screen with E (DECALN). */
void
emu_scr_alignment(struct emu *e)
{
	struct emu_icell fill = { 'E', 0, 0, 0, 1, 0 };
	struct emu_line *l;
	int x, y;

	for (y = 0; y < e->rows; y++) {
		l = EMU_LINE(e, y);
		for (x = 0; x < e->cols; x++)
			l->cells[x] = fill;
		l->extent = e->cols;
		l->wrapped = 0;
		emu_touch(e, l);
	}
	e->top = 0;
	e->bottom = e->rows - 1;
	emu_scr_goto(e, 0, 0);
}

/* Show the alternate (alt 1) or primary grid, clearing it first if asked. */
void
emu_scr_switch(struct emu *e, int alt, int clear)
{
	int old = e->alt;

	if (old == alt && !clear)
		return;
	e->alt = alt;
	if (clear)
		emu_scr_clear_lines(e, 0, e->rows);
	e->last_valid = 0;
}

/* Save cursor, pen, charsets and origin mode (DECSC). */
void
emu_scr_save_cursor(struct emu *e)
{
	struct emu_saved *s = &e->grid[e->alt].saved;

	s->valid = 1;
	s->cx = e->cx;
	s->cy = e->cy;
	s->wrap_pending = e->wrap_pending;
	s->origin = e->modes[EMU_MODE_ORIGIN];
	s->pen = e->pen;
	memcpy(s->g, e->g, sizeof s->g);
	s->gl = e->gl;
}

/* Restore what DECSC saved, or the defaults if nothing was (DECRC). */
void
emu_scr_restore_cursor(struct emu *e)
{
	struct emu_saved *s = &e->grid[e->alt].saved;

	if (!s->valid) {
		memset(&e->pen, 0, sizeof e->pen);
		e->modes[EMU_MODE_ORIGIN] = 0;
		memset(e->g, EMU_CS_ASCII, sizeof e->g);
		e->gl = 0;
		emu_scr_goto(e, 0, 0);
		return;
	}
	e->pen = s->pen;
	memcpy(e->g, s->g, sizeof e->g);
	e->gl = s->gl;
	e->modes[EMU_MODE_ORIGIN] = s->origin;
	emu_scr_goto(e, s->cy, s->cx);
}
