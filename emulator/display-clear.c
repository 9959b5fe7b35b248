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
 * Clearing the receiver's screen: the full reset of an unknown or resized
 * receiver (no scroll region, default pen, blank screen), and the clear
 * (ED 2) that is cheaper than erasing row by row when most of the screen
 * goes blank, as after clear(1) or when a full-screen program exits.
 */

/* Bytes a move and a pen change cost on average, for the estimate. */
#define DISPLAY_ROW_OVERHEAD 6

static void display_blank_model(struct display *);
static int display_row_cost(struct display *, int, int);

/* Make the model a blank screen with the default colours. */
static void
display_blank_model(struct display *d)
{
	int row, col;

	for (row = 0; row < d->rows; row++) {
		d->model_wrapped[row] = 0;
		for (col = 0; col < d->cols; col++)
			display_cell_blank(
			    display_model(d, row, col), EMU_COLOR_DEFAULT);
	}
}

/* Reset an unknown or resized receiver: no region, default pen, blank. */
void
display_reset(struct display *d)
{
	struct display_pen pen;

	if (d->target == EMU_DISPLAY_TERM) {
		display_adds(d, "\033[?25l\033[4l\033[?7h");
		d->cursor_visible = 0;
	}
	display_adds(d, "\033[r\033[0m\033[H\033[2J");
	display_pen_default(&pen);
	d->pen = pen;
	d->pen_known = 1;
	d->cursor = DISPLAY_CURSOR_KNOWN;
	d->cy = 0;
	d->cx = 0;
	display_blank_model(d);
}

/*
 * Estimate the bytes that draw the wanted row over the model's row (or
 * over a blank row): one per differing cell with text, three per run of
 * differing blanks, plus a move and a pen change if anything differs.
 */
static int
display_row_cost(struct display *d, int row, int blank)
{
	struct emu_cell empty, *have, *want;
	int col, cost = 0, in_run = 0;

	display_cell_blank(&empty, EMU_COLOR_DEFAULT);
	for (col = 0; col < d->cols; col++) {
		have = blank ? &empty : display_model(d, row, col);
		want = display_want(d, row, col);
		if (display_cell_equal(have, want)) {
			in_run = 0;
			continue;
		}
		if (!display_cell_erasable(want)) {
			cost += want->width == 0 ? 0 : 1;
			in_run = 0;
		} else if (!in_run) {
			cost += 3;
			in_run = 1;
		}
	}
	return (cost == 0 ? 0 : cost + DISPLAY_ROW_OVERHEAD);
}

/* Clear the screen first if cheaper (changed rows differ); 1 if done. */
int
display_clear(struct display *d, int changed)
{
	struct display_pen pen;
	int row, keep = 0, clear = 4;

	if (changed * 2 < d->rows)
		return (0); /* redrawing the rest would cost more */
	for (row = 0; row < d->rows; row++) {
		keep += display_row_cost(d, row, 0);
		clear += display_row_cost(d, row, 1);
		if (d->model_wrapped[row] && !d->want_wrapped[row])
			keep += DISPLAY_ROW_OVERHEAD;
	}
	if (clear >= keep)
		return (0);
	display_pen_default(&pen);
	display_set_pen(d, &pen);
	display_adds(d, "\033[2J");
	display_blank_model(d);
	d->same_valid = 0;
	return (1);
}
