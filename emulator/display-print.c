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

#include <string.h>
#include <utf8proc.h>

#include "emulator/display-internal.h"

/*
 * Printing cells: move there, set the pen, write the cluster.  The text is
 * made safe first (controls, C1 as UTF-8 and invalid bytes become U+FFFD,
 * so a cell can never smuggle a sequence through), a cluster starting with
 * a combining mark goes after a NBSP as mosh does, and a cluster that the
 * receiver would join to the one printed just before it (the two were
 * apart on the screen) is kept apart with an explicit move.
 */

static int display_leading_mark(const char *);
static int display_first_cp(const char *);
static int display_joins(
    struct display *, const char *, const struct display_pen *);
static void display_text(struct display *, const char *);

/* Does text start with a mark that would join the previous character? */
static int
display_leading_mark(const char *text)
{
	utf8proc_int32_t cp;
	utf8proc_category_t cat;

	if (utf8proc_iterate((const utf8proc_uint8_t *)text, -1, &cp) <= 0)
		return (0);
	if (cp == 0x200d)
		return (1);
	cat = utf8proc_category(cp);
	return (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	    cat == UTF8PROC_CATEGORY_ME);
}

/* The first code point of text, or -1. */
static int
display_first_cp(const char *text)
{
	utf8proc_int32_t cp;

	if (utf8proc_iterate((const utf8proc_uint8_t *)text, -1, &cp) <= 0)
		return (-1);
	return (cp);
}

/* Would the receiver join text to the cluster it printed last? */
static int
display_joins(
    struct display *d, const char *text, const struct display_pen *pen)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)d->last_text;
	utf8proc_int32_t cp, prev = -1, first;
	utf8proc_int32_t state = 0;
	utf8proc_ssize_t n, left;

	if (d->buf->len != d->last_end || d->last_text[0] == '\0')
		return (0); /* something was sent in between */
	if (!d->pen_known || !display_pen_equal(&d->pen, pen))
		return (0); /* an SGR will come in between */
	first = display_first_cp(text);
	if (first < 0x80 || display_leading_mark(text))
		return (0);
	/* Stop at the NUL: utf8proc_iterate would read on past it. */
	left = strnlen(d->last_text, sizeof d->last_text);
	while (left > 0 && (n = utf8proc_iterate(p, left, &cp)) > 0) {
		if (prev >= 0)
			utf8proc_grapheme_break_stateful(prev, cp, &state);
		prev = cp;
		p += n;
		left -= n;
	}
	if (prev < 0x80)
		return (0);
	return (!utf8proc_grapheme_break_stateful(prev, first, &state));
}

/* Append a cell's text, with controls and invalid UTF-8 as U+FFFD. */
static void
display_text(struct display *d, const char *text)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	if (display_leading_mark(text))
		display_add(d, "\xc2\xa0", 2);
	while (*p != '\0') {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			display_add(d, "\xef\xbf\xbd", 3);
			p++;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			display_add(d, "\xef\xbf\xbd", 3);
		else
			display_add(d, (const char *)p, n);
		p += n;
	}
}

/* Remember the cluster left of the cursor, which the receiver printed last. */
void
display_print_init(struct display *d)
{
	struct emu_cell *cell;
	int col = d->cx;

	d->last_end = d->buf->len;
	d->last_text[0] = '\0';
	if (d->cursor == DISPLAY_CURSOR_UNKNOWN)
		return;
	if (d->cursor == DISPLAY_CURSOR_KNOWN)
		col--;
	if (col > 0 && display_model(d, d->cy, col)->width == 0)
		col--;
	if (col < 0)
		return;
	cell = display_model(d, d->cy, col);
	if (cell->width != DISPLAY_WIDTH_UNKNOWN)
		memcpy(d->last_text, cell->text, sizeof d->last_text);
}

/*
 * Print cell at (row, col) and record it in the model.  If the cursor waits
 * to wrap at the end of the row above and wrap is set, the print itself is
 * the move (the terminal wraps).  A wide cell at the last column makes the
 * terminal blank that column and wrap, printing at the next row's start.
 */
void
display_print_cell(
    struct display *d, int row, int col, const struct emu_cell *cell, int wrap)
{
	struct display_pen pen;
	int end = col + (cell->width == 2 ? 2 : 1);

	pen.attr = cell->attr;
	pen.fg = cell->fg;
	pen.bg = cell->bg;
	if (display_joins(d, cell->text, &pen))
		d->cursor = DISPLAY_CURSOR_UNKNOWN; /* a CUP keeps them apart */
	if (wrap && col == 0 && d->cursor == DISPLAY_CURSOR_PENDING &&
	    d->cy == row - 1)
		d->model_wrapped[row - 1] = 1;
	else
		display_move(d, row, col);
	display_set_pen(d, &pen);
	if (cell->text[0] == '\0')
		display_addc(d, ' '); /* a blank that keeps attributes */
	else
		display_text(d, cell->text);
	d->last_end = d->buf->len;
	memcpy(d->last_text, cell->text, sizeof d->last_text);

	if (display_model(d, row, col)->width == 0)
		display_forget(d, row, col - 1);
	if (end > d->cols) {
		display_cell_blank(display_model(d, row, col), cell->bg);
		d->model_wrapped[row] = 1;
		row++;
		col = 0;
		end = 2;
	}
	if (display_model(d, row, end - 1)->width == 2)
		display_forget(d, row, end);
	d->same[row] = 0; /* compare the row again */
	*display_model(d, row, col) = *cell;
	if (end - col == 2)
		display_cell_blank(display_model(d, row, col + 1), cell->bg);
	display_advance(d, row, end);
}

/* Print the wanted cell at (row, col); return the next column. */
int
display_print(struct display *d, int row, int col)
{
	struct emu_cell *want = display_want(d, row, col);
	int end = col + want->width;

	display_print_cell(d, row, col, want, d->force_row == row);
	if (want->width == 2)
		*display_model(d, row, col + 1) =
		    *display_want(d, row, col + 1);
	if (end >= d->cols && display_wrap_ok(d, row))
		d->force_row = row + 1;
	return (end);
}

/* Mark the model cell at (row, col) as possibly wrong, if it exists. */
void
display_forget(struct display *d, int row, int col)
{
	if (col >= 0 && col < d->cols) {
		display_model(d, row, col)->width = DISPLAY_WIDTH_UNKNOWN;
		d->same[row] = 0;
	}
}
