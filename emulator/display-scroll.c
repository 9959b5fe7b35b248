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

#include <stdlib.h>
#include <string.h>

#include "emulator/display-internal.h"

/*
 * Scroll detection: when the new screen is the old one moved up (or down)
 * by k lines, in the whole screen or in a region of it (a pane above or
 * below another, a status line),
 * the receiver is told to scroll (LFs at the bottom, or RIs at the top,
 * inside a DECSTBM region if needed) and only the new lines are drawn.
 * Rows are compared by hash; a collision only costs bytes, since the model
 * keeps the real cells and the row diff draws what differs.
 */

/* A candidate scroll: k lines up (k > 0) or down (k < 0), rows top..bottom. */
struct display_shift {
	int k;
	int top;
	int bottom;
	int cost; /* rows left to draw afterwards */
};

static uint64_t display_hash_mix(uint64_t, uint32_t);
static uint64_t display_hash_row(const struct emu_cell *, int);
static void display_shift_cost(
    const uint64_t *, const uint64_t *, int, uint64_t, struct display_shift *);
static int display_shift_match(const uint64_t *, const uint64_t *, int, int);
static void display_shift_model(struct display *, const struct display_shift *);
static void display_shift_emit(struct display *, const struct display_shift *);

/* Mix one 32-bit value into a hash. */
static uint64_t
display_hash_mix(uint64_t h, uint32_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ULL;
	return (h ^ (h >> 29));
}

/* Hash one row of cells. */
static uint64_t
display_hash_row(const struct emu_cell *cells, int cols)
{
	const struct emu_cell *cell;
	const unsigned char *p;
	uint64_t h = 0x243f6a8885a308d3ULL;
	uint32_t v;
	int col;

	for (col = 0; col < cols; col++) {
		cell = &cells[col];
		h = display_hash_mix(h, cell->fg);
		h = display_hash_mix(h, cell->bg);
		v = (uint32_t)cell->attr << 8 | cell->width;
		for (p = (const unsigned char *)cell->text; *p != '\0'; p++)
			v = v * 31 + *p;
		h = display_hash_mix(h, v);
	}
	return (h);
}

/* Does wanted row i show the model's row i + k (before the scroll)? */
static int
display_shift_match(const uint64_t *hm, const uint64_t *hw, int k, int i)
{
	return (k > 0 ? hw[i] == hm[i + k] : hw[i - k] == hm[i]);
}

/*
 * Work out the region and cost of scrolling by s->k lines: the region
 * holds the longest run of rows that the scroll puts in place, and the
 * cost counts the rows left to draw afterwards.
 */
static void
display_shift_cost(const uint64_t *hm, const uint64_t *hw, int rows,
    uint64_t blank, struct display_shift *s)
{
	int k = s->k < 0 ? -s->k : s->k, start = 0, m = 0, run, i;

	for (i = 0; i + k < rows; i += run + 1) {
		for (run = 0; i + run + k < rows &&
		     display_shift_match(hm, hw, s->k, i + run);
		     run++)
			;
		if (run > m) {
			start = i;
			m = run;
		}
	}
	s->top = start;
	s->bottom = start + m + k - 1;
	s->cost = rows + 1;
	if (m == 0 || s->bottom <= s->top)
		return;
	s->cost = 0;
	for (i = 0; i < k; i++) /* the new blank lines */
		s->cost += hw[s->k > 0 ? s->bottom - i : s->top + i] != blank;
	for (i = 0; i < rows; i++) {
		if (i < s->top || i > s->bottom)
			s->cost += hw[i] != hm[i];
	}
}

/* Move the model's rows top..bottom by k lines, blanking the new ones. */
static void
display_shift_model(struct display *d, const struct display_shift *s)
{
	size_t rowsize = (size_t)d->cols * sizeof *d->model;
	int n = s->k < 0 ? -s->k : s->k, keep = s->bottom + 1 - s->top - n;
	int from = s->k > 0 ? s->top + n : s->top;
	int to = s->k > 0 ? s->top : s->top + n, row, col, r;

	memmove(d->model + (size_t)to * d->cols,
	    d->model + (size_t)from * d->cols, keep * rowsize);
	memmove(d->model_wrapped + to, d->model_wrapped + from,
	    keep * sizeof *d->model_wrapped);
	for (row = 0; row < n; row++) {
		r = s->k > 0 ? s->bottom - row : s->top + row;
		for (col = 0; col < d->cols; col++)
			display_cell_blank(
			    display_model(d, r, col), EMU_COLOR_DEFAULT);
		d->model_wrapped[r] = 0;
	}
}

/* Send the scroll: LFs at the bottom or RIs at the top of the region. */
static void
display_shift_emit(struct display *d, const struct display_shift *s)
{
	struct display_pen pen;
	int n = s->k < 0 ? -s->k : s->k, region, i;

	display_pen_default(&pen);
	display_set_pen(d, &pen);
	region = s->top > 0 || s->bottom < d->rows - 1;
	if (region) {
		display_addf(d, "\033[%d;%dr", s->top + 1, s->bottom + 1);
		d->cursor = DISPLAY_CURSOR_KNOWN; /* DECSTBM homes the cursor */
		d->cy = 0;
		d->cx = 0;
	}
	display_move(d, s->k > 0 ? s->bottom : s->top, 0);
	for (i = 0; i < n; i++)
		display_adds(d, s->k > 0 ? "\n" : "\033M");
	if (region) {
		display_adds(d, "\033[r");
		d->cy = 0;
		d->cx = 0;
	}
	display_shift_model(d, s);
}

/* Find the best scroll (base rows differ without one); 1 if sent. */
int
display_scroll(struct display *d, int base)
{
	struct display_shift best, s;
	struct emu_cell *blankrow;
	uint64_t *hm, *hw, blank;
	int rows = d->rows, row, k;

	if (rows < 2)
		return (0);
	if (base < 3) /* no scroll can save two rows */
		return (0);
	hm = emu_xreallocarray(NULL, rows, sizeof *hm);
	hw = emu_xreallocarray(NULL, rows, sizeof *hw);
	for (row = 0; row < rows; row++) {
		hm[row] = display_hash_row(display_model(d, row, 0), d->cols);
		hw[row] = display_hash_row(display_want(d, row, 0), d->cols);
	}
	blankrow = emu_xreallocarray(NULL, d->cols, sizeof *blankrow);
	for (row = 0; row < d->cols; row++)
		display_cell_blank(&blankrow[row], EMU_COLOR_DEFAULT);
	blank = display_hash_row(blankrow, d->cols);
	free(blankrow);

	best.k = 0;
	best.cost = base - 2; /* a scroll must save at least two rows */
	for (k = 1 - rows; k < rows; k++) {
		if (k == 0)
			continue;
		s.k = k;
		display_shift_cost(hm, hw, rows, blank, &s);
		if (s.cost < best.cost)
			best = s;
	}
	if (best.k != 0) {
		display_shift_emit(d, &best);
		d->same_valid = 0;
	}
	free(hw);
	free(hm);
	return (best.k != 0);
}
