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
 * Drawing rows: each changed row is walked left to right; unchanged cells
 * cost nothing, runs of blank cells become ECH (or EL at the end of the
 * row), other cells are printed with their pen.  A soft-wrapped row is
 * written up to its last column and the terminal is left to wrap by itself
 * into the next row, so that it too knows the line continues.  The model
 * (what the receiver shows) is updated as bytes are emitted.
 */

static int display_cell_erasable(const struct emu_cell *);
static int display_cell_printable(const struct emu_cell *);
static int display_wrap_ok(struct display *, int);
static int display_leading_mark(const char *);
static void display_text(struct display *, const char *);
static void display_forget(struct display *, int, int);
static int display_print(struct display *, int, int);
static int display_erase_run(struct display *, int, int);
static int display_draw_at(struct display *, int, int);
static void display_row(struct display *, int);

/* The model cell at (row, col). */
struct emu_cell *
display_model(struct display *d, int row, int col)
{
	return (&d->model[(size_t)row * d->cols + col]);
}

/* The wanted cell at (row, col). */
struct emu_cell *
display_want(struct display *d, int row, int col)
{
	return (&d->want[(size_t)row * d->cols + col]);
}

/* Are two cells the same (text, width, attributes and colours)? */
int
display_cell_equal(const struct emu_cell *a, const struct emu_cell *b)
{
	if (a->width != b->width || a->attr != b->attr || a->fg != b->fg ||
	    a->bg != b->bg)
		return (0);
	return (strcmp(a->text, b->text) == 0);
}

/* Make a cell blank as an erase with background bg leaves it. */
void
display_cell_blank(struct emu_cell *cell, uint32_t bg)
{
	memset(cell, 0, sizeof *cell);
	cell->width = 1;
	cell->bg = bg;
}

/* Is this cell what an erase leaves (so ECH or EL can make it)? */
static int
display_cell_erasable(const struct emu_cell *cell)
{
	return (cell->text[0] == '\0' && cell->width == 1 && cell->attr == 0 &&
	    cell->fg == EMU_COLOR_DEFAULT);
}

/* Is this a cell with text that a print can make? */
static int
display_cell_printable(const struct emu_cell *cell)
{
	return (
	    cell->text[0] != '\0' && (cell->width == 1 || cell->width == 2));
}

/* Can the soft wrap at the end of row be made by letting text wrap? */
static int
display_wrap_ok(struct display *d, int row)
{
	struct emu_cell *last, *next;
	int c = d->cols - 1;

	if (!d->want_wrapped[row] || row + 1 >= d->rows)
		return (0);
	last = display_want(d, row, c);
	if (last->width == 0 && c > 0)
		last = display_want(d, row, c - 1);
	next = display_want(d, row + 1, 0);
	return (display_cell_printable(last) && display_cell_printable(next));
}

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

/* Mark the model cell at (row, col) as possibly wrong, if it exists. */
static void
display_forget(struct display *d, int row, int col)
{
	if (col >= 0 && col < d->cols)
		display_model(d, row, col)->width = DISPLAY_WIDTH_UNKNOWN;
}

/* Print the wanted cell at (row, col); return the next column. */
static int
display_print(struct display *d, int row, int col)
{
	struct emu_cell *want = display_want(d, row, col);
	struct display_pen pen;
	int width = want->width, end = col + width;

	if (d->cursor == DISPLAY_CURSOR_PENDING && d->force_row == row &&
	    col == 0 && d->cy == row - 1)
		d->model_wrapped[row - 1] = 1; /* the print wraps */
	else
		display_move(d, row, col);
	pen.attr = want->attr;
	pen.fg = want->fg;
	pen.bg = want->bg;
	display_set_pen(d, &pen);
	if (want->text[0] == '\0')
		display_addc(d, ' '); /* a blank that keeps attributes */
	else
		display_text(d, want->text);

	if (display_model(d, row, end - 1)->width == 2)
		display_forget(d, row, end);
	*display_model(d, row, col) = *want;
	if (width == 2)
		*display_model(d, row, col + 1) =
		    *display_want(d, row, col + 1);
	display_advance(d, row, end);
	if (end >= d->cols && display_wrap_ok(d, row))
		d->force_row = row + 1;
	return (end);
}

/* Erase a run of blank cells from (row, col); return the next column. */
static int
display_erase_run(struct display *d, int row, int col)
{
	struct emu_cell *want = display_want(d, row, col), *cell;
	struct display_pen pen;
	int n, end, i, spaces;

	for (end = col + 1; end < d->cols; end++) {
		cell = display_want(d, row, end);
		if (!display_cell_erasable(cell) ||
		    !display_cell_equal(cell, want))
			break;
	}
	n = end - col;
	if (end < d->cols) {
		while (n > 1 &&
		    display_cell_equal(display_model(d, row, col + n - 1),
			display_want(d, row, col + n - 1)))
			n--;
	}

	display_move(d, row, col);
	pen.attr = want->attr;
	pen.fg = want->fg;
	pen.bg = want->bg;
	display_set_pen(d, &pen);

	spaces = d->target == EMU_DISPLAY_TERM &&
	    (!d->caps.has_bce && pen.bg != EMU_COLOR_DEFAULT);
	if (spaces ||
	    (d->target == EMU_DISPLAY_TERM && !d->caps.has_ech &&
		col + n < d->cols)) {
		for (i = 0; i < n; i++)
			display_addc(d, ' ');
		display_advance(d, row, col + n);
	} else if (col + n == d->cols)
		display_adds(d, "\033[K");
	else if (n == 1)
		display_adds(d, "\033[X");
	else
		display_addf(d, "\033[%dX", n);

	if (display_model(d, row, col + n - 1)->width == 2)
		display_forget(d, row, col + n);
	for (i = col; i < col + n; i++)
		*display_model(d, row, i) = *display_want(d, row, i);
	return (col + n);
}

/* Draw what differs at (row, col); return the next column. */
static int
display_draw_at(struct display *d, int row, int col)
{
	struct emu_cell *want = display_want(d, row, col);

	if (want->width == 0) {
		if (col > 0 && display_want(d, row, col - 1)->width == 2) {
			display_print(d, row, col - 1);
			return (col + 1);
		}
		return (col + 1); /* an orphan right half: nothing to draw */
	}
	if (display_cell_erasable(want))
		return (display_erase_run(d, row, col));
	if (want->text[0] == '\0' && want->width != 1)
		return (col + 1);
	if (want->width == 2 && col + 1 >= d->cols)
		return (col + 1); /* cannot be printed without wrapping */
	return (display_print(d, row, col));
}

/* Is the row already shown as wanted? */
int
display_row_equal(struct display *d, int row)
{
	int col;

	if (display_wrap_ok(d, row) && !d->model_wrapped[row])
		return (0);
	for (col = 0; col < d->cols; col++) {
		if (!display_cell_equal(
			display_model(d, row, col), display_want(d, row, col)))
			return (0);
	}
	return (1);
}

/* Draw one row's changed cells. */
static void
display_row(struct display *d, int row)
{
	int col = 0, last, force_last, forced;

	last = d->cols - 1;
	if (last > 0 && display_want(d, row, last)->width == 0)
		last--;
	force_last = display_wrap_ok(d, row) && !d->model_wrapped[row];
	while (col < d->cols) {
		forced = (col == 0 && d->force_row == row) ||
		    (force_last && col >= last);
		if (!forced &&
		    display_cell_equal(display_model(d, row, col),
			display_want(d, row, col))) {
			col++;
			continue;
		}
		col = display_draw_at(d, row, col);
	}
}

/* Draw every row that differs from what the receiver shows. */
void
display_rows(struct display *d)
{
	int row;

	for (row = 0; row < d->rows; row++) {
		if (d->force_row != row && display_row_equal(d, row))
			continue;
		display_row(d, row);
	}
}
