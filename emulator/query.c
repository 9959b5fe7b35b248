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

/* Read-only accessors: geometry, cells, modes and other state. */

#include <string.h>

#include "emulator/emu-internal.h"

static int emu_str_equal(const char *, const char *);
static int emu_lines_equal(
    const struct emu *, const struct emu_line *, const struct emu_line *);

/* The width in columns. */
int
emu_cols(const struct emu *e)
{
	return (e->cols);
}

/* The height in rows. */
int
emu_rows(const struct emu *e)
{
	return (e->rows);
}

/* The cursor position, 0-based. */
void
emu_cursor(const struct emu *e, int *row, int *col)
{
	*row = e->cy;
	*col = e->cx;
}

/* Fill gc with the visible cell at row, col (a blank when out of range). */
void
emu_cell(const struct emu *e, int row, int col, struct emu_cell *gc)
{
	const struct emu_line *l;

	if (row < 0 || row >= e->rows || col < 0 || col >= e->cols) {
		memset(gc, 0, sizeof *gc);
		gc->width = 1;
		return;
	}
	l = &e->grid[e->alt].lines[row];
	emu_icell_expand(l, &l->cells[col], gc);
}

/* Does the row's text continue on the next row? */
int
emu_row_wrapped(const struct emu *e, int row)
{
	if (row < 0 || row >= e->rows)
		return (0);
	return (e->grid[e->alt].lines[row].wrapped);
}

/* The row's generation: equal generations mean equal contents. */
uint64_t
emu_row_generation(const struct emu *e, int row)
{
	if (row < 0 || row >= e->rows)
		return (0);
	return (e->grid[e->alt].lines[row].gen);
}

/* Is a mode set? */
int
emu_mode(const struct emu *e, enum emu_mode m)
{
	if ((int)m < 0 || m >= EMU_MODE_COUNT)
		return (0);
	if (m == EMU_MODE_ALT_SCREEN)
		return (e->alt);
	return (e->modes[m]);
}

/* The mouse tracking mode. */
enum emu_mouse
emu_mouse(const struct emu *e)
{
	return (e->mouse);
}

/* The mouse encoding. */
enum emu_mouse_enc
emu_mouse_encoding(const struct emu *e)
{
	return (e->mouse_enc);
}

/* The current pen. */
void
emu_pen(const struct emu *e, uint16_t *attr, uint32_t *fg, uint32_t *bg)
{
	*attr = e->pen.attr;
	*fg = e->pen.fg;
	*bg = e->pen.bg;
}

/* The window title, "" if never set. */
const char *
emu_title(const struct emu *e)
{
	return (e->title != NULL ? e->title : "");
}

/* The icon name, "" if never set. */
const char *
emu_icon(const struct emu *e)
{
	return (e->icon != NULL ? e->icon : "");
}

/* Has the application set a title? */
int
emu_title_set(const struct emu *e)
{
	return (e->title_set);
}

/* The last OSC 52 clipboard, as "selection;base64", "" if none. */
const char *
emu_clipboard(const struct emu *e)
{
	return (e->clip != NULL ? e->clip : "");
}

/* Bells rung since creation. */
unsigned int
emu_bell_count(const struct emu *e)
{
	return (e->bells);
}

/* Compare two possibly NULL strings, NULL being "". */
static int
emu_str_equal(const char *a, const char *b)
{
	return (strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0);
}

/* Do two lines hold the same cells? */
static int
emu_lines_equal(
    const struct emu *e, const struct emu_line *a, const struct emu_line *b)
{
	const struct emu_icell *ca, *cb;
	char ta[EMU_CELL_MAXBYTES], tb[EMU_CELL_MAXBYTES];
	int x;

	for (x = 0; x < e->cols; x++) {
		ca = &a->cells[x];
		cb = &b->cells[x];
		if (ca->fg != cb->fg || ca->bg != cb->bg ||
		    ca->attr != cb->attr || ca->width != cb->width)
			return (0);
		if (ca->cp == cb->cp && (ca->cp & EMU_CP_EXT) == 0)
			continue;
		emu_cell_text(a, ca, ta);
		emu_cell_text(b, cb, tb);
		if (strcmp(ta, tb) != 0)
			return (0);
	}
	return (1);
}

/* Do two terminals show the same screen, cursor and visible modes? */
int
emu_screen_equal(const struct emu *a, const struct emu *b)
{
	static const enum emu_mode shown[] = { EMU_MODE_CURSOR_VISIBLE,
		EMU_MODE_REVERSE_VIDEO, EMU_MODE_BRACKETED_PASTE,
		EMU_MODE_FOCUS };
	const struct emu_line *la, *lb;
	size_t i;
	int y;

	if (a->cols != b->cols || a->rows != b->rows || a->cx != b->cx ||
	    a->cy != b->cy)
		return (0);
	for (i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		if (emu_mode(a, shown[i]) != emu_mode(b, shown[i]))
			return (0);
	}
	if (a->mouse != b->mouse || a->mouse_enc != b->mouse_enc ||
	    a->bells != b->bells || a->title_set != b->title_set)
		return (0);
	if (!emu_str_equal(a->title, b->title) ||
	    !emu_str_equal(a->icon, b->icon) ||
	    !emu_str_equal(a->clip, b->clip))
		return (0);
	for (y = 0; y < a->rows; y++) {
		la = &a->grid[a->alt].lines[y];
		lb = &b->grid[b->alt].lines[y];
		/* Equal generations prove equal rows only within one family
		 * of clones, which shares the counter. */
		if ((a->gens != b->gens || la->gen != lb->gen) &&
		    !emu_lines_equal(a, la, lb))
			return (0);
	}
	return (1);
}
