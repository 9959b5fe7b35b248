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

#include <stdio.h>
#include <string.h>

#include "emulator/display-internal.h"

/*
 * Cursor motion: the cheapest of CUP, CR, LF, BS, CUU/CUD/CUF/CUB that
 * takes the receiver's cursor where the next cell is drawn.  A cursor that
 * may have a wrap pending (after the last column was written) only moves
 * with CR or CUP, which every terminal resolves the same way; an unknown
 * cursor only with CUP.
 */

/* Longest part of a move (CUP with two five-digit numbers, and NUL). */
#define DISPLAY_MOVE_PART 16

/* Longest candidate move: CR, a vertical part and a horizontal part. */
#define DISPLAY_MOVE_MAX (1 + 2 * DISPLAY_MOVE_PART)

static size_t display_move_cup(char *, int, int);
static size_t display_move_vertical(char *, int, int);
static size_t display_move_horizontal(char *, int, int);

/* Write an absolute move (CUP) to out. */
static size_t
display_move_cup(char *out, int row, int col)
{
	if (row == 0 && col == 0)
		return (snprintf(out, DISPLAY_MOVE_PART, "\033[H"));
	if (col == 0)
		return (snprintf(out, DISPLAY_MOVE_PART, "\033[%dH", row + 1));
	return (
	    snprintf(out, DISPLAY_MOVE_PART, "\033[%d;%dH", row + 1, col + 1));
}

/* Write the shortest move from row from to row to, same column. */
static size_t
display_move_vertical(char *out, int from, int to)
{
	int n;

	if (to == from)
		return (0);
	if (to < from) {
		n = from - to;
		if (n == 1)
			return (snprintf(out, DISPLAY_MOVE_PART, "\033[A"));
		return (snprintf(out, DISPLAY_MOVE_PART, "\033[%dA", n));
	}
	n = to - from;
	if (n <= 3) {
		memset(out, '\n', n);
		return (n);
	}
	return (snprintf(out, DISPLAY_MOVE_PART, "\033[%dB", n));
}

/* Write the shortest move from column from to column to, same row. */
static size_t
display_move_horizontal(char *out, int from, int to)
{
	int n;

	if (to == from)
		return (0);
	if (to == 0) {
		*out = '\r';
		return (1);
	}
	if (to < from) {
		n = from - to;
		if (n <= 4) {
			memset(out, '\b', n);
			return (n);
		}
		return (snprintf(out, DISPLAY_MOVE_PART, "\033[%dD", n));
	}
	n = to - from;
	if (n == 1)
		return (snprintf(out, DISPLAY_MOVE_PART, "\033[C"));
	return (snprintf(out, DISPLAY_MOVE_PART, "\033[%dC", n));
}

/* Move the receiver's cursor to (row, col) as cheaply as possible. */
void
display_move(struct display *d, int row, int col)
{
	char best[DISPLAY_MOVE_MAX], cand[DISPLAY_MOVE_MAX];
	size_t bestlen, len;

	if (d->cursor == DISPLAY_CURSOR_KNOWN && d->cy == row && d->cx == col)
		return;
	if (d->hide_moves && d->cursor_visible != 0) {
		display_adds(d, "\033[?25l");
		d->cursor_visible = 0;
	}
	bestlen = display_move_cup(best, row, col);
	if (d->cursor != DISPLAY_CURSOR_UNKNOWN) {
		/* CR first: valid even with a wrap pending. */
		cand[0] = '\r';
		len = 1 + display_move_vertical(cand + 1, d->cy, row);
		len += display_move_horizontal(cand + len, 0, col);
		if (len < bestlen) {
			memcpy(best, cand, len);
			bestlen = len;
		}
	}
	if (d->cursor == DISPLAY_CURSOR_KNOWN) {
		len = display_move_vertical(cand, d->cy, row);
		len += display_move_horizontal(cand + len, d->cx, col);
		if (len < bestlen) {
			memcpy(best, cand, len);
			bestlen = len;
		}
	}
	display_add(d, best, bestlen);
	d->cursor = DISPLAY_CURSOR_KNOWN;
	d->cy = row;
	d->cx = col;
}

/* Record that something was written at (row, col) up to column end. */
void
display_advance(struct display *d, int row, int end)
{
	d->cy = row;
	if (end >= d->cols) {
		d->cx = d->cols - 1;
		d->cursor = DISPLAY_CURSOR_PENDING;
	} else {
		d->cx = end;
		d->cursor = DISPLAY_CURSOR_KNOWN;
	}
}
