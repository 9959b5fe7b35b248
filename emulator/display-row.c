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

#include "emulator/display-internal.h"

/*
 * Drawing rows: each changed row is walked left to right; unchanged cells
 * cost nothing, runs of blank cells become ECH (or EL at the end of the
 * row), other cells are printed with their pen.  A soft-wrapped row is
 * written up to its last column and the terminal is left to wrap by itself
 * into the next row, so that it too knows the line continues.  The model
 * (what the receiver shows) is updated as bytes are emitted.
 */

static int display_erase_extent(struct display *, int, int);
static void display_erase_pen(struct display *, uint32_t);
static int display_erase_run(struct display *, int, int);
static int display_draw_at(struct display *, int, int);
static int display_bridge(struct display *, int, int);
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
	    a->bg != b->bg || a->text[0] != b->text[0])
		return (0);
	if (a->text[0] == '\0')
		return (1);
	return (strcmp(a->text + 1, b->text + 1) == 0);
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
int
display_cell_erasable(const struct emu_cell *cell)
{
	return (cell->text[0] == '\0' && cell->width == 1 && cell->attr == 0 &&
	    cell->fg == EMU_COLOR_DEFAULT);
}

/* Is this a cell with text that a print can make? */
int
display_cell_printable(const struct emu_cell *cell)
{
	return (!display_cell_erasable(cell) &&
	    (cell->width == 1 || cell->width == 2));
}

/*
 * How many cells from (row, col) one erase should cover: the run of equal
 * blanks, without the unchanged ones at its end unless it reaches the end
 * of the row (where EL covers them for free).
 */
static int
display_erase_extent(struct display *d, int row, int col)
{
	struct emu_cell *want = display_want(d, row, col), *cell;
	int end, n;

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
	return (n);
}

/*
 * Set the pen an erase of background bg needs.  An erase takes only the
 * background in mosh's emulator and ours, so for the mosh target any pen
 * with that background will do; a real terminal gets exactly the blank's.
 */
static void
display_erase_pen(struct display *d, uint32_t bg)
{
	struct display_pen pen;

	if (d->target == EMU_DISPLAY_MOSH && d->pen_known && d->pen.bg == bg)
		return;
	display_pen_default(&pen);
	pen.bg = bg;
	display_set_pen(d, &pen);
}

/* Erase a run of blank cells from (row, col); return the next column. */
static int
display_erase_run(struct display *d, int row, int col)
{
	uint32_t bg = display_want(d, row, col)->bg;
	int n, i, spaces, el;

	n = display_erase_extent(d, row, col);
	display_move(d, row, col);
	display_erase_pen(d, bg);
	el = col + n == d->cols && !d->want_wrapped[row];
	spaces = d->target == EMU_DISPLAY_TERM &&
	    ((!d->caps.has_bce && bg != EMU_COLOR_DEFAULT) ||
		(!d->caps.has_ech && !el));
	if (spaces) {
		for (i = 0; i < n; i++)
			display_addc(d, ' ');
		display_advance(d, row, col + n);
	} else if (el) {
		display_adds(d, "\033[K");
		d->model_wrapped[row] = 0;
	} else if (n == 1)
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

/*
 * Is rewriting the unchanged cells from (row, col) up to the next change
 * cheaper than moving over them?  It is for up to three plain ASCII cells
 * in the current pen, the cursor being right there.
 */
static int
display_bridge(struct display *d, int row, int col)
{
	struct emu_cell *want;
	int end;

	if (d->cursor != DISPLAY_CURSOR_KNOWN || d->cy != row || d->cx != col ||
	    !d->pen_known)
		return (0);
	for (end = col; end < d->cols && end <= col + 3; end++) {
		want = display_want(d, row, end);
		if (!display_cell_equal(display_model(d, row, end), want))
			return (end > col);
		if (want->width != 1 || want->attr != d->pen.attr ||
		    want->fg != d->pen.fg || want->bg != d->pen.bg ||
		    want->text[0] < 0x20 || want->text[0] > 0x7e ||
		    want->text[1] != '\0')
			return (0);
	}
	return (0);
}

/* Is the row already shown as wanted? */
int
display_row_equal(struct display *d, int row)
{
	int col;

	if (!display_wrap_equal(d, row))
		return (0);
	if (d->same_valid)
		return (d->same[row]);
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
	if (d->force_row == row) /* the row above wraps into this one */
		display_print(d, row, 0);
	display_wrap_row(d, row);
	force_last = display_wrap_ok(d, row) && !d->model_wrapped[row];
	while (col < d->cols) {
		forced = force_last && col >= last;
		if (!forced &&
		    display_cell_equal(display_model(d, row, col),
			display_want(d, row, col))) {
			if (display_bridge(d, row, col))
				display_print(d, row, col);
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

/* Count the rows whose cells differ from the model, noting which. */
int
display_changed_rows(struct display *d)
{
	int row, col, n = 0;

	for (row = 0; row < d->rows; row++) {
		d->same[row] = 1;
		for (col = 0; col < d->cols; col++) {
			if (!display_cell_equal(display_model(d, row, col),
				display_want(d, row, col))) {
				d->same[row] = 0;
				n++;
				break;
			}
		}
	}
	d->same_valid = 1;
	return (n);
}
