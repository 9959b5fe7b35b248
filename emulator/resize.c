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
 * Resizing, as xterm and tmux do it.  The alternate screen is cut or
 * extended.  The primary screen and its history are reflowed: soft-wrapped
 * lines are joined into logical lines and split again at the new width
 * (struct emu_reflow).  The screen's top row and the cursor are followed
 * through the reflow; then the new top is chosen so that growing pulls
 * lines back from history, shrinking pushes lines into it only when the
 * cursor or the content would otherwise fall off, and the cursor stays on
 * its character.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* A position followed through the reflow. */
struct emu_rf_point {
	int pending; /* its logical line is being collected */
	int off;     /* cell offset in the logical line */
	int past;    /* result: the offset is past the last column */
	int line;    /* result: physical line index (history lines first) */
	int col;     /* result: column */
};

/* The reflow's working state. */
struct emu_reflow {
	struct emu *e;
	int ncols;
	struct emu_hist nh;    /* the new history */
	struct emu_line acc;   /* the logical line being collected */
	int len;	       /* cells in acc */
	int cap;	       /* cells allocated in acc */
	struct emu_line *tail; /* physical lines after the history */
	int ntail;
	int tailcap;
	struct emu_rf_point top; /* the old screen's first row */
	struct emu_rf_point cur; /* the cursor */
};

static void emu_rf_copy(
    struct emu_line *, int, int, const struct emu_line *, int, int);
static void emu_rf_grow(struct emu_reflow *, int);
static void emu_rf_append(struct emu_reflow *, const struct emu_line *, int);
static void emu_rf_place(
    struct emu_reflow *, struct emu_rf_point *, int, int, int);
static void emu_rf_emit(struct emu_reflow *, struct emu_line *, int);
static void emu_rf_fix_edges(struct emu_line *, int);
static void emu_rf_flush(struct emu_reflow *, int);
static void emu_rf_history(struct emu_reflow *);
static void emu_rf_screen(struct emu_reflow *, int, int);
static int emu_rf_last_row(struct emu *, int);
static void emu_rf_install(struct emu_reflow *, int, int);
static void emu_resize_primary(struct emu *, int, int);
static void emu_resize_alt(struct emu *, int, int);
static void emu_resize_clamp(struct emu *, struct emu_saved *);

/* Make room for n cells in the logical line. */
static void
emu_rf_grow(struct emu_reflow *rf, int n)
{
	int ocap = rf->cap;

	if (n <= rf->cap)
		return;
	while (rf->cap < n)
		rf->cap = rf->cap == 0 ? 256 : rf->cap * 2;
	emu_line_resize(&rf->acc, ocap, rf->cap);
}

/* Copy n cells from src at sx to dst (dcols cells) at dx, with clusters. */
static void
emu_rf_copy(struct emu_line *dst, int dcols, int dx, const struct emu_line *src,
    int sx, int n)
{
	char text[EMU_CELL_MAXBYTES];
	int x;

	memcpy(&dst->cells[dx], &src->cells[sx], n * sizeof *dst->cells);
	for (x = 0; x < n; x++) {
		if (dst->cells[dx + x].cp & EMU_CP_EXT)
			dst->cells[dx + x].cp = 0; /* src's slot, not ours */
	}
	for (x = 0; x < n; x++) {
		if (src->cells[sx + x].cp & EMU_CP_EXT) {
			emu_cell_text(src, &src->cells[sx + x], text);
			emu_line_set_text(
			    dst, dcols, dx + x, text, strlen(text));
		}
	}
	if (dst->extent < dx + n)
		dst->extent = dx + n;
}

/* Append the first n cells of src to the logical line. */
static void
emu_rf_append(struct emu_reflow *rf, const struct emu_line *src, int n)
{
	emu_rf_grow(rf, rf->len + n);
	emu_rf_copy(&rf->acc, rf->cap, rf->len, src, 0, n);
	rf->len += n;
}

/* Resolve a pending point if its offset falls in [start, end). */
static void
emu_rf_place(struct emu_reflow *rf, struct emu_rf_point *pt, int line,
    int start, int end)
{
	if (!pt->pending || pt->off < start || (pt->off >= end && end != -1))
		return;
	pt->pending = 0;
	pt->line = line;
	pt->col = pt->off - start;
	if (pt->col >= rf->ncols) {
		pt->col = rf->ncols - 1;
		pt->past = 1;
	}
}

/* Add a physical line: into the new history, or to the tail. */
static void
emu_rf_emit(struct emu_reflow *rf, struct emu_line *l, int to_history)
{
	if (to_history) {
		emu_hist_push(&rf->nh, l, rf->ncols);
		emu_line_free(l);
		return;
	}
	if (rf->ntail == rf->tailcap) {
		rf->tailcap = rf->tailcap == 0 ? 64 : rf->tailcap * 2;
		rf->tail =
		    emu_xreallocarray(rf->tail, rf->tailcap, sizeof *rf->tail);
	}
	rf->tail[rf->ntail++] = *l;
}

/* Blank the halves of wide characters a split cut apart. */
static void
emu_rf_fix_edges(struct emu_line *l, int n)
{
	if (n > 0 && l->cells[0].width == 0) {
		l->cells[0].cp = 0;
		l->cells[0].width = 1;
	}
	if (n > 0 && l->cells[n - 1].width == 2) {
		l->cells[n - 1].cp = 0;
		l->cells[n - 1].width = 1;
	}
}

/* Split the logical line at the new width and emit its physical lines. */
static void
emu_rf_flush(struct emu_reflow *rf, int to_history)
{
	struct emu_line l;
	int start = 0, n, line;

	do {
		n = rf->len - start;
		if (n > rf->ncols)
			n = rf->ncols;
		if (n == rf->ncols && n > 1 &&
		    rf->acc.cells[start + n - 1].width == 2)
			n--; /* a wide character moves to the next line */
		emu_line_init(&l, rf->ncols, 0);
		emu_rf_copy(&l, rf->ncols, 0, &rf->acc, start, n);
		emu_rf_fix_edges(&l, n);
		l.wrapped = start + n < rf->len;
		if (l.wrapped && n < rf->ncols) {
			l.cells[n].flags = EMU_CF_PAD;
			l.extent = rf->ncols;
		}
		line = rf->nh.count + rf->ntail;
		emu_rf_place(
		    rf, &rf->top, line, start, l.wrapped ? start + n : -1);
		emu_rf_place(
		    rf, &rf->cur, line, start, l.wrapped ? start + n : -1);
		emu_rf_emit(rf, &l, to_history);
		start += n;
	} while (start < rf->len);
	emu_line_clear(&rf->acc, 0, rf->cap, 0);
	rf->len = 0;
	rf->acc.next = 0;
}

/* Reflow the old history into the new one, carrying a wrapped last line. */
static void
emu_rf_history(struct emu_reflow *rf)
{
	struct emu_hist *h = &rf->e->hist;
	const struct emu_hline *hl;
	struct emu_line scratch;
	int i, n;

	emu_line_init(&scratch, EMU_MAX_SIZE, 0);
	for (i = 0; i < h->count; i++) {
		hl = emu_hist_get(h, i);
		if (rf->len == 0 && !hl->wrapped &&
		    (hl->width <= rf->ncols ||
			emu_hline_cells(hl) <= rf->ncols)) {
			emu_hist_push_copy(&rf->nh, hl);
			continue; /* fits as it is: keep it packed */
		}
		emu_hist_unpack(hl, &scratch, hl->width);
		n = hl->wrapped ? hl->width - (hl->wrapped == 2)
				: emu_line_used(&scratch, hl->width);
		emu_rf_append(rf, &scratch, n);
		if (!hl->wrapped)
			emu_rf_flush(rf, 1);
	}
	emu_line_free(&scratch);
	emu_hist_free(h);
}

/* The last primary row worth keeping: written, or holding the cursor. */
static int
emu_rf_last_row(struct emu *e, int cy)
{
	struct emu_line *lines = e->grid[0].lines;
	int y;

	for (y = e->rows - 1; y > cy; y--) {
		if (emu_line_used(&lines[y], e->cols) != 0 || lines[y].wrapped)
			break;
	}
	return (y);
}

/* Reflow the primary screen's rows, following its top row and cursor. */
static void
emu_rf_screen(struct emu_reflow *rf, int cy, int cx)
{
	struct emu *e = rf->e;
	struct emu_line *l;
	int y, n, last = emu_rf_last_row(e, cy);

	for (y = 0; y <= last; y++) {
		l = &e->grid[0].lines[y];
		if (y == 0) {
			rf->top.pending = 1;
			rf->top.off = rf->len;
		}
		if (y == cy) {
			rf->cur.pending = 1;
			rf->cur.off = rf->len + cx;
		}
		n = emu_line_used(l, e->cols);
		if (l->wrapped)
			n = e->cols -
			    !!(l->cells[e->cols - 1].flags & EMU_CF_PAD);
		emu_rf_append(rf, l, n);
		if (y == cy && rf->len < rf->cur.off) {
			emu_rf_grow(rf, rf->cur.off);
			emu_line_clear(&rf->acc, rf->len, rf->cur.off, 0);
			rf->len = rf->cur.off;
		}
		if (!l->wrapped || y == last)
			emu_rf_flush(rf, 0);
	}
}

/* Choose the new top line and install history and screen. */
static void
emu_rf_install(struct emu_reflow *rf, int nrows, int orows)
{
	struct emu *e = rf->e;
	struct emu_line *lines;
	int H = rf->nh.count, P = H + rf->ntail, T = rf->top.line, y, i;

	if (nrows > orows)
		T -= nrows - orows;
	if (T < 0)
		T = 0;
	if (T < P - nrows)
		T = P - nrows;
	if (T > rf->cur.line)
		T = rf->cur.line;
	lines = emu_xcalloc(nrows, sizeof *lines);
	for (y = 0; y < nrows; y++)
		emu_line_init(&lines[y], rf->ncols, 0);
	for (y = H - T - 1; y >= 0; y--)
		emu_hist_pop(&rf->nh, &lines[y], rf->ncols);
	for (i = 0; i < rf->ntail; i++) {
		y = H + i - T;
		if (y < 0) {
			emu_hist_push(&rf->nh, &rf->tail[i], rf->ncols);
			emu_line_free(&rf->tail[i]);
		} else if (y < nrows) {
			emu_line_free(&lines[y]);
			lines[y] = rf->tail[i];
		} else
			emu_line_free(&rf->tail[i]);
	}
	for (y = 0; y < nrows; y++)
		emu_touch(e, &lines[y]);
	for (y = 0; y < e->rows; y++)
		emu_line_free(&e->grid[0].lines[y]);
	free(e->grid[0].lines);
	e->grid[0].lines = lines;
	rf->cur.line -= T;
}

/* Resize and reflow the primary screen and the history. */
static void
emu_resize_primary(struct emu *e, int ncols, int nrows)
{
	struct emu_reflow rf;
	struct emu_saved *sv = &e->grid[0].saved;
	int cy = e->cy, cx = e->cx;

	if (e->alt) {
		cy = sv->valid ? sv->cy : (e->cy < e->rows ? e->cy : 0);
		cx = sv->valid ? sv->cx : 0;
	}
	memset(&rf, 0, sizeof rf);
	rf.e = e;
	rf.ncols = ncols;
	emu_line_init(&rf.acc, 0, 0);
	if (ncols == e->cols) {
		rf.nh =
		    e->hist; /* same width: history lines stay as they are */
		emu_hist_init(&e->hist, rf.nh.limit);
	} else {
		emu_hist_init(&rf.nh, e->hist.limit);
		emu_rf_history(&rf);
	}
	emu_rf_screen(&rf, cy, cx);
	emu_rf_install(&rf, nrows, e->rows);
	emu_line_free(&rf.acc);
	free(rf.tail);
	e->hist = rf.nh;
	if (e->alt && sv->valid) {
		sv->cy = rf.cur.line;
		sv->cx = rf.cur.col;
	} else if (!e->alt) {
		e->cy = rf.cur.line;
		e->cx = rf.cur.col;
		e->wrap_pending = rf.cur.past && e->modes[EMU_MODE_AUTOWRAP];
	}
}

/* Resize the alternate screen: cut or extend, keeping the cursor's row. */
static void
emu_resize_alt(struct emu *e, int ncols, int nrows)
{
	struct emu_line *lines;
	int y, oy, shift = 0;

	if (e->alt && e->cy >= nrows)
		shift = e->cy - nrows + 1;
	lines = emu_xcalloc(nrows, sizeof *lines);
	for (y = 0; y < nrows; y++) {
		oy = y + shift;
		if (oy < e->rows) {
			lines[y] = e->grid[1].lines[oy];
			memset(&e->grid[1].lines[oy], 0, sizeof lines[y]);
			emu_line_resize(&lines[y], e->cols, ncols);
			lines[y].wrapped = 0;
		} else
			emu_line_init(&lines[y], ncols, 0);
		emu_touch(e, &lines[y]);
	}
	for (y = 0; y < e->rows; y++)
		emu_line_free(&e->grid[1].lines[y]);
	free(e->grid[1].lines);
	e->grid[1].lines = lines;
	if (e->alt)
		e->cy -= shift;
}

/* Keep a saved cursor inside the screen. */
static void
emu_resize_clamp(struct emu *e, struct emu_saved *sv)
{
	if (sv->cy >= e->rows)
		sv->cy = e->rows - 1;
	if (sv->cx >= e->cols)
		sv->cx = e->cols - 1;
}

/* Resize the terminal. */
void
emu_resize(struct emu *e, int cols, int rows)
{
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	if (cols > EMU_MAX_SIZE)
		cols = EMU_MAX_SIZE;
	if (rows > EMU_MAX_SIZE)
		rows = EMU_MAX_SIZE;
	if (cols == e->cols && rows == e->rows)
		return;
	e->wrap_pending = 0;
	emu_resize_alt(e, cols, rows);
	emu_resize_primary(e, cols, rows);
	e->cols = cols;
	e->rows = rows;
	if (e->cx >= cols)
		e->cx = cols - 1;
	if (e->cy >= rows)
		e->cy = rows - 1;
	emu_resize_clamp(e, &e->grid[0].saved);
	emu_resize_clamp(e, &e->grid[1].saved);
	e->top = 0;
	e->bottom = rows - 1;
	e->last_valid = 0;
}
