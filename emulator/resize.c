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
 * Resizing: the grids change size keeping content as xterm does.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

static void emu_resize_grid(struct emu *, struct emu_grid *, int, int, int);

/* Resize one grid's lines to cols x rows, dropping rows from the bottom. */
static void
emu_resize_grid(
    struct emu *e, struct emu_grid *g, int cols, int rows, int shift)
{
	struct emu_line *lines;
	int y, oy;

	lines = emu_xcalloc(rows, sizeof *lines);
	for (y = 0; y < rows; y++) {
		oy = y + shift;
		if (oy >= 0 && oy < e->rows) {
			lines[y] = g->lines[oy];
			memset(&g->lines[oy], 0, sizeof g->lines[oy]);
			emu_line_resize(&lines[y], e->cols, cols);
		} else
			emu_line_init(&lines[y], cols, 0);
		emu_touch(e, &lines[y]);
	}
	for (y = 0; y < e->rows; y++)
		emu_line_free(&g->lines[y]);
	free(g->lines);
	g->lines = lines;
}

/* Resize both grids, keeping the cursor on its content. */
void
emu_resize_grids(struct emu *e, int cols, int rows)
{
	int shift = 0, y;

	if (e->cy >= rows)
		shift = e->cy - rows + 1;
	if (e->alt == 0) {
		for (y = 0; y < shift; y++)
			emu_hist_push(&e->hist, &e->grid[0].lines[y], e->cols);
	}
	emu_resize_grid(e, &e->grid[0], cols, rows, e->alt ? 0 : shift);
	emu_resize_grid(e, &e->grid[1], cols, rows, e->alt ? shift : 0);
	e->cy -= shift;
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
	emu_resize_grids(e, cols, rows);
	e->cols = cols;
	e->rows = rows;
	if (e->cx >= cols)
		e->cx = cols - 1;
	e->wrap_pending = 0;
	e->top = 0;
	e->bottom = rows - 1;
	e->last_valid = 0;
	memset(&e->grid[0].saved, 0, sizeof e->grid[0].saved);
	memset(&e->grid[1].saved, 0, sizeof e->grid[1].saved);
}
