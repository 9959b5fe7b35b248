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
 * The packed form of a scrollback line (history.c stores them).  It keeps
 * only the used cells (trailing default blanks are dropped), as bytes:
 *
 *   0x01 attr(2) fg(4) bg(4)   the following cells' attributes and colours
 *   0x02                       the next cell is wide (two columns)
 *   0x03                       a blank cell
 *   0x04 len bytes             a multi-code-point grapheme cluster
 *   UTF-8 (first byte >= 0x20) one cell with that code point
 *
 * Plain text therefore costs one byte per ASCII cell.
 */

#include <string.h>

#include "emulator/emu-internal.h"

/* A reader over a packed line. */
struct emu_hwalk {
	const uint8_t *p;
	const uint8_t *end;
	struct emu_pen pen;
};

static size_t emu_hpack_plain(uint8_t *restrict,
    const struct emu_icell *restrict, int, const struct emu_pen *, int *);
static size_t emu_hpack_cell(uint8_t *, const struct emu_line *,
    const struct emu_icell *, struct emu_pen *);
static int emu_hpack_walk(struct emu_hwalk *, struct emu_cell *);

/* Pack one cell into buf; returns the bytes written. */
static size_t
emu_hpack_cell(uint8_t *buf, const struct emu_line *l,
    const struct emu_icell *c, struct emu_pen *pen)
{
	char text[EMU_CELL_MAXBYTES];
	size_t n = 0, len;

	if (c->attr != pen->attr || c->fg != pen->fg || c->bg != pen->bg) {
		buf[n++] = 0x01;
		memcpy(buf + n, &c->attr, 2);
		memcpy(buf + n + 2, &c->fg, 4);
		memcpy(buf + n + 6, &c->bg, 4);
		n += 10;
		pen->attr = c->attr;
		pen->fg = c->fg;
		pen->bg = c->bg;
	}
	if (c->width == 2)
		buf[n++] = 0x02;
	if (c->cp >= 0x20 && (c->cp & EMU_CP_EXT) == 0)
		return (n + emu_utf8_encode(c->cp, (char *)buf + n));
	len = emu_cell_text(l, c, text);
	if (len == 0 || (uint8_t)text[0] < 0x20)
		buf[n++] = 0x03;
	else if (c->cp & EMU_CP_EXT) {
		buf[n++] = 0x04;
		buf[n++] = len;
		memcpy(buf + n, text, len);
		n += len;
	} else {
		memcpy(buf + n, text, len);
		n += len;
	}
	return (n);
}

/*
 * Pack the leading run of cells that are plain ASCII in the current pen,
 * one byte each; adds the cells used to *x and returns the bytes written.
 */
static size_t
emu_hpack_plain(uint8_t *restrict out, const struct emu_icell *restrict c,
    int n, const struct emu_pen *pen, int *x)
{
	struct emu_icell plain = { 0, pen->fg, pen->bg, pen->attr, 1, 0 };
	uint64_t want, have;
	uint32_t fg = pen->fg;
	int i;

	memcpy(&want, &plain.bg, sizeof want); /* bg, attr, width, pad */
	for (i = 0; i < n; i++) {
		memcpy(&have, &c[i].bg, sizeof have);
		if (c[i].cp - 0x20 >= 0x5f || have != want || c[i].fg != fg)
			break;
		out[i] = c[i].cp;
	}
	*x += i;
	return (i);
}

/*
 * Pack the first cols cells of a line into *buf (grown as needed); returns
 * the packed length.
 */
size_t
emu_hpack(const struct emu_line *l, int cols, uint8_t **buf, size_t *size)
{
	struct emu_pen pen = { 0, 0, 0, 0 };
	size_t n = 0, need;
	int x = 0, used = emu_line_used(l, cols);

	need = (size_t)used * (13 + EMU_CELL_MAXBYTES);
	if (need > *size) {
		*size = need;
		*buf = emu_xrealloc(*buf, need);
	}
	while (x < used) {
		n +=
		    emu_hpack_plain(*buf + n, l->cells + x, used - x, &pen, &x);
		if (x < used && l->cells[x].width != 0)
			n += emu_hpack_cell(*buf + n, l, &l->cells[x], &pen);
		x++;
	}
	return (n);
}

/* Read the next cell of a packed line; returns 0 at the end. */
static int
emu_hpack_walk(struct emu_hwalk *w, struct emu_cell *gc)
{
	size_t len;
	uint8_t b;

	gc->width = 1;
	while (w->p < w->end) {
		b = *w->p++;
		if (b == 0x01 && w->end - w->p >= 10) {
			memcpy(&w->pen.attr, w->p, 2);
			memcpy(&w->pen.fg, w->p + 2, 4);
			memcpy(&w->pen.bg, w->p + 6, 4);
			w->p += 10;
			continue;
		}
		if (b == 0x02) {
			gc->width = 2;
			continue;
		}
		gc->attr = w->pen.attr;
		gc->fg = w->pen.fg;
		gc->bg = w->pen.bg;
		if (b == 0x04 && w->p < w->end) {
			len = *w->p++;
			if (len > (size_t)(w->end - w->p))
				len = w->end - w->p;
			memcpy(gc->text, w->p, len);
			w->p += len;
		} else if (b >= 0x20) {
			len = b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
			if (len - 1 > (size_t)(w->end - w->p))
				len = 1 + (w->end - w->p);
			gc->text[0] = b;
			memcpy(gc->text + 1, w->p, len - 1);
			w->p += len - 1;
		} else
			len = 0;
		gc->text[len] = '\0';
		return (1);
	}
	return (0);
}

/* Unpack a packed line into l, which has cols cells. */
void
emu_hist_unpack(const struct emu_hline *hl, struct emu_line *l, int cols)
{
	struct emu_hwalk w = { hl->data, hl->data + hl->len, { 0, 0, 0, 0 } };
	struct emu_cell gc;
	struct emu_icell *c;
	int x = 0;

	emu_line_clear(l, 0, cols, 0);
	l->next = 0;
	l->wrapped = hl->wrapped != 0;
	while (x < cols && emu_hpack_walk(&w, &gc)) {
		if (gc.width == 2 && x == cols - 1)
			break;
		c = &l->cells[x];
		c->fg = gc.fg;
		c->bg = gc.bg;
		c->attr = gc.attr;
		c->width = gc.width;
		c->cp = 0; /* never an old slot */
		emu_line_set_cell_text(l, cols, x, gc.text);
		if (gc.width == 2) {
			l->cells[x + 1] = *c;
			l->cells[x + 1].cp = 0;
			l->cells[x + 1].width = 0;
		}
		x += gc.width;
		if (l->extent < x)
			l->extent = x; /* an upper bound: l may be wider */
	}
	if (hl->wrapped == 2 && cols == hl->width) {
		l->cells[cols - 1].flags = EMU_CF_PAD;
		l->extent = cols;
	}
}

/* How many cells a packed line holds. */
int
emu_hline_cells(const struct emu_hline *hl)
{
	struct emu_hwalk w = { hl->data, hl->data + hl->len, { 0, 0, 0, 0 } };
	struct emu_cell gc;
	int n = 0;

	while (emu_hpack_walk(&w, &gc))
		n += gc.width;
	return (n);
}

/* Fill gc with cell col of a packed line (a blank past its end). */
void
emu_hline_cell(const struct emu_hline *hl, int col, struct emu_cell *gc)
{
	struct emu_hwalk w = { hl->data, hl->data + hl->len, { 0, 0, 0, 0 } };
	int x = 0;

	while (emu_hpack_walk(&w, gc)) {
		if (x == col)
			return;
		if (gc->width == 2 && x + 1 == col) {
			gc->text[0] = '\0';
			gc->width = 0;
			return;
		}
		x += gc->width;
	}
	memset(gc, 0, sizeof *gc);
	gc->width = 1;
}
