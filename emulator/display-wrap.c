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

#include "emulator/display-internal.h"

/*
 * Soft wraps.  A row whose text continues on the next one is marked so in
 * the receiver only by the terminal wrapping by itself: the last column is
 * printed and the next character goes to the next row's start.  When both
 * cells have text, the row drawing does it in passing; otherwise the wrap
 * is made first with a wide character that does not fit, or with spaces
 * that the row drawing then erases.  A mark the receiver has but should
 * not is cleared with EL, which resets it.
 */

static void display_unwrap(struct display *, int);
static void display_wrap_wide(struct display *, int);
static void display_wrap_spaces(struct display *, int);

/* Can the soft wrap at the end of row be made by letting text wrap? */
int
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

/* Does the receiver mark the row's soft wrap as wanted (where it can)? */
int
display_wrap_equal(struct display *d, int row)
{
	if (d->model_wrapped[row])
		return (d->want_wrapped[row]);
	return (!d->want_wrapped[row] || row + 1 >= d->rows);
}

/* Clear a soft-wrap mark: EL at the last column resets it. */
static void
display_unwrap(struct display *d, int row)
{
	struct display_pen pen;
	int col = d->cols - 1;

	display_move(d, row, col);
	if (!d->pen_known) {
		display_pen_default(&pen);
		display_set_pen(d, &pen);
	}
	display_adds(d, "\033[K");
	if (display_model(d, row, col)->width == 0)
		display_forget(d, row, col - 1);
	display_cell_blank(display_model(d, row, col), d->pen.bg);
	d->model_wrapped[row] = 0;
}

/* Wrap by printing the next row's wide first character at the last column. */
static void
display_wrap_wide(struct display *d, int row)
{
	display_print_cell(d, row, d->cols - 1, display_want(d, row + 1, 0), 0);
	*display_model(d, row + 1, 1) = *display_want(d, row + 1, 1);
}

/* Wrap with the row's last cell and the next row's first, or spaces. */
static void
display_wrap_spaces(struct display *d, int row)
{
	struct emu_cell space, *cell;
	int col = d->cols - 1;

	display_cell_blank(&space, EMU_COLOR_DEFAULT);
	space.text[0] = ' ';
	if (col > 0 && display_want(d, row, col)->width == 0)
		col--;
	cell = display_want(d, row, col);
	if (d->cursor == DISPLAY_CURSOR_PENDING && d->cy == row &&
	    display_cell_equal(display_model(d, row, col), cell))
		; /* just written: the wrap is pending already */
	else if (display_cell_printable(cell)) {
		display_print_cell(d, row, col, cell, 0);
		if (cell->width == 2)
			*display_model(d, row, col + 1) =
			    *display_want(d, row, col + 1);
	} else if (col == d->cols - 1) {
		display_print_cell(d, row, col, &space, 0);
		display_forget(d, row, col);
	} else
		return;
	cell = display_want(d, row + 1, 0);
	if (display_cell_printable(cell)) {
		display_print_cell(d, row + 1, 0, cell, 1);
		if (cell->width == 2)
			*display_model(d, row + 1, 1) =
			    *display_want(d, row + 1, 1);
	} else {
		display_print_cell(d, row + 1, 0, &space, 1);
		display_forget(d, row + 1, 0);
	}
}

/*
 * Before a row is drawn: clear a soft-wrap mark it should not have, or make
 * one that the drawing will not make in passing.
 */
void
display_wrap_row(struct display *d, int row)
{
	struct emu_cell *next;

	if (d->model_wrapped[row] && !d->want_wrapped[row]) {
		display_unwrap(d, row);
		return;
	}
	if (d->model_wrapped[row] || !d->want_wrapped[row] ||
	    row + 1 >= d->rows || display_wrap_ok(d, row))
		return;
	next = display_want(d, row + 1, 0);
	if (d->cols >= 2 &&
	    display_cell_erasable(display_want(d, row, d->cols - 1)) &&
	    next->width == 2 && display_cell_printable(next))
		display_wrap_wide(d, row);
	else
		display_wrap_spaces(d, row);
}
