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
 * Scrollback history: a ring of packed lines.  A packed line keeps only
 * its used cells (trailing default blanks are dropped) as a byte string:
 *
 *   0x01 attr(2) fg(4) bg(4)   the following cells' attributes and colours
 *   0x02                       the next cell is wide (two columns)
 *   0x03                       a blank cell
 *   0x04 len bytes             a multi-code-point grapheme cluster
 *   UTF-8 (first byte >= 0x20) one cell with that code point
 *
 * Plain text therefore costs one byte per ASCII cell.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* A reader over a packed line. */
struct emu_hwalk {
	const uint8_t *p;
	const uint8_t *end;
	struct emu_pen pen;
};

static size_t emu_hist_cost(const struct emu_hline *);
static struct emu_hline *emu_hist_alloc(size_t);
static struct emu_hline *emu_hist_pack(
    struct emu_hist *, const struct emu_line *, int, struct emu_hline *);
static size_t emu_hist_pack_plain(uint8_t *restrict,
    const struct emu_icell *restrict, int, const struct emu_pen *, int *);
static size_t emu_hist_pack_cell(uint8_t *, const struct emu_line *,
    const struct emu_icell *, struct emu_pen *);
static int emu_hist_walk(struct emu_hwalk *, struct emu_cell *);
static void emu_hist_regrow(struct emu_hist *, int);

/* The bytes a packed line costs, with allocator overhead and its slot. */
static size_t
emu_hist_cost(const struct emu_hline *hl)
{
	size_t n = sizeof *hl + hl->len + 8; /* malloc header */

	if (hl->size16 != 0)
		n = hl->size16 * (size_t)16 + 8;
	return (((n + 15) & ~(size_t)15) + sizeof hl);
}

/* Allocate a packed line with room for n bytes, recording its size. */
static struct emu_hline *
emu_hist_alloc(size_t n)
{
	struct emu_hline *hl;
	size_t size = (sizeof *hl + n + 15) & ~(size_t)15;

	hl = emu_xmalloc(size);
	hl->size16 = size / 16 > 255 ? 0 : size / 16;
	return (hl);
}

/* Set up an empty history keeping at most limit lines. */
void
emu_hist_init(struct emu_hist *h, int limit)
{
	memset(h, 0, sizeof *h);
	if (limit < 0)
		limit = 0;
	if (limit > EMU_HISTORY_MAX)
		limit = EMU_HISTORY_MAX;
	h->limit = limit;
}

/* Free a history. */
void
emu_hist_free(struct emu_hist *h)
{
	int i;

	for (i = 0; i < h->count; i++)
		free(h->ring[(h->start + i) % h->size]);
	free(h->ring);
	free(h->buf);
	emu_hist_init(h, h->limit);
}

/* Make dst a deep copy of src. */
void
emu_hist_copy(struct emu_hist *dst, const struct emu_hist *src)
{
	const struct emu_hline *hl;
	int i;

	emu_hist_init(dst, src->limit);
	if (src->count == 0)
		return;
	dst->size = src->count;
	dst->ring = emu_xreallocarray(NULL, dst->size, sizeof *dst->ring);
	for (i = 0; i < src->count; i++) {
		hl = emu_hist_get(src, i);
		dst->ring[i] = emu_hist_alloc(hl->len);
		memcpy(dst->ring[i]->data, hl->data, hl->len);
		dst->ring[i]->len = hl->len;
		dst->ring[i]->width = hl->width;
		dst->ring[i]->wrapped = hl->wrapped;
	}
	dst->count = src->count;
	dst->bytes = src->bytes;
}

/* Pack one cell into buf; returns the bytes written. */
static size_t
emu_hist_pack_cell(uint8_t *buf, const struct emu_line *l,
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
emu_hist_pack_plain(uint8_t *restrict out, const struct emu_icell *restrict c,
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

/* Pack a line of cols cells. */
static struct emu_hline *
emu_hist_pack(struct emu_hist *h, const struct emu_line *l, int cols,
    struct emu_hline *reuse)
{
	struct emu_hline *hl;
	struct emu_pen pen = { 0, 0, 0, 0 };
	size_t n = 0, need;
	int x = 0, used = emu_line_used(l, cols);

	need = (size_t)used * (13 + EMU_CELL_MAXBYTES);
	if (need > h->bufsize) {
		h->bufsize = need;
		h->buf = emu_xrealloc(h->buf, need);
	}
	while (x < used) {
		n += emu_hist_pack_plain(
		    h->buf + n, l->cells + x, used - x, &pen, &x);
		if (x < used && l->cells[x].width != 0)
			n += emu_hist_pack_cell(
			    h->buf + n, l, &l->cells[x], &pen);
		x++;
	}
	if (reuse != NULL && reuse->size16 * (size_t)16 >= sizeof *hl + n)
		hl = reuse;
	else {
		free(reuse);
		hl = emu_hist_alloc(n);
	}
	hl->len = n;
	hl->width = cols;
	hl->wrapped = l->wrapped;
	if (l->wrapped && (l->cells[cols - 1].flags & EMU_CF_PAD))
		hl->wrapped = 2;
	if (n > 0)
		memcpy(hl->data, h->buf, n);
	return (hl);
}

/* Copy the ring into a new one of size slots, oldest first. */
static void
emu_hist_regrow(struct emu_hist *h, int size)
{
	struct emu_hline **ring;
	int i;

	ring = emu_xreallocarray(NULL, size, sizeof *ring);
	for (i = 0; i < h->count; i++)
		ring[i] = h->ring[(h->start + i) % h->size];
	free(h->ring);
	h->ring = ring;
	h->size = size;
	h->start = 0;
}

/* Add a line as the newest, dropping the oldest when full. */
void
emu_hist_push(struct emu_hist *h, const struct emu_line *l, int cols)
{
	int slot, size;

	if (h->limit == 0)
		return;
	if (h->count == h->limit) {
		slot = h->start;
		h->bytes -= emu_hist_cost(h->ring[slot]);
		h->start = (h->start + 1) % h->size;
		h->ring[slot] = emu_hist_pack(h, l, cols, h->ring[slot]);
	} else {
		if (h->count == h->size) {
			size = h->size < 64 ? 64 : h->size * 2;
			emu_hist_regrow(h, size > h->limit ? h->limit : size);
		}
		slot = (h->start + h->count++) % h->size;
		h->ring[slot] = emu_hist_pack(h, l, cols, NULL);
	}
	h->bytes += emu_hist_cost(h->ring[slot]);
}

/* Add an already packed line as the newest (the history takes it). */
void
emu_hist_push_packed(struct emu_hist *h, struct emu_hline *hl)
{
	int slot, size;

	if (h->limit == 0) {
		free(hl);
		return;
	}
	if (h->count == h->limit) {
		slot = h->start;
		h->bytes -= emu_hist_cost(h->ring[slot]);
		free(h->ring[slot]);
		h->start = (h->start + 1) % h->size;
	} else {
		if (h->count == h->size) {
			size = h->size < 64 ? 64 : h->size * 2;
			emu_hist_regrow(h, size > h->limit ? h->limit : size);
		}
		slot = (h->start + h->count++) % h->size;
	}
	h->ring[slot] = hl;
	h->bytes += emu_hist_cost(hl);
}

/* Take line i out of the history, leaving a hole only emu_hist_free likes. */
struct emu_hline *
emu_hist_steal(struct emu_hist *h, int i)
{
	struct emu_hline **slot = &h->ring[(h->start + i) % h->size];
	struct emu_hline *hl = *slot;

	*slot = NULL;
	return (hl);
}

/* How many cells a packed line holds. */
int
emu_hline_cells(const struct emu_hline *hl)
{
	struct emu_hwalk w = { hl->data, hl->data + hl->len, { 0, 0, 0, 0 } };
	struct emu_cell gc;
	int n = 0;

	while (emu_hist_walk(&w, &gc))
		n += gc.width;
	return (n);
}

/* Take the newest line back into l (cols cells); 0 if there is none. */
int
emu_hist_pop(struct emu_hist *h, struct emu_line *l, int cols)
{
	struct emu_hline *hl;
	int slot;

	if (h->count == 0)
		return (0);
	slot = (h->start + h->count - 1) % h->size;
	hl = h->ring[slot];
	emu_hist_unpack(hl, l, cols);
	h->bytes -= emu_hist_cost(hl);
	free(hl);
	h->count--;
	return (1);
}

/* Change the limit, dropping the oldest lines if there are too many. */
void
emu_hist_set_limit(struct emu_hist *h, int limit)
{
	if (limit < 0)
		limit = 0;
	if (limit > EMU_HISTORY_MAX)
		limit = EMU_HISTORY_MAX;
	while (h->count > limit) {
		h->bytes -= emu_hist_cost(h->ring[h->start]);
		free(h->ring[h->start]);
		h->start = (h->start + 1) % h->size;
		h->count--;
	}
	h->limit = limit;
	if (h->size != 0)
		emu_hist_regrow(h, h->count > 0 ? h->count : 1);
}

/* Line i, 0 being the oldest. */
const struct emu_hline *
emu_hist_get(const struct emu_hist *h, int i)
{
	return (h->ring[(h->start + i) % h->size]);
}

/* Read the next cell of a packed line; returns 0 at the end. */
static int
emu_hist_walk(struct emu_hwalk *w, struct emu_cell *gc)
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
	while (x < cols && emu_hist_walk(&w, &gc)) {
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

/* How many scrollback lines are kept. */
int
emu_history_lines(const struct emu *e)
{
	return (e->hist.count);
}

/* Fill gc with cell col of scrollback line (0 is the oldest). */
void
emu_history_cell(const struct emu *e, int line, int col, struct emu_cell *gc)
{
	const struct emu_hline *hl;
	struct emu_hwalk w;
	int x = 0;

	memset(gc, 0, sizeof *gc);
	gc->width = 1;
	if (line < 0 || line >= e->hist.count || col < 0)
		return;
	hl = emu_hist_get(&e->hist, line);
	w.p = hl->data;
	w.end = hl->data + hl->len;
	memset(&w.pen, 0, sizeof w.pen);
	while (emu_hist_walk(&w, gc)) {
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

/* The width the terminal had when the line was pushed. */
int
emu_history_width(const struct emu *e, int line)
{
	if (line < 0 || line >= e->hist.count)
		return (0);
	return (emu_hist_get(&e->hist, line)->width);
}

/* Does the scrollback line continue on the next one? */
int
emu_history_wrapped(const struct emu *e, int line)
{
	if (line < 0 || line >= e->hist.count)
		return (0);
	return (emu_hist_get(&e->hist, line)->wrapped != 0);
}

/* Bytes the scrollback uses: packed lines, allocator overhead, slots. */
size_t
emu_history_bytes(const struct emu *e)
{
	const struct emu_hist *h = &e->hist;

	return (h->bytes + (h->size - h->count) * sizeof *h->ring);
}

/* Forget every scrollback line. */
void
emu_history_clear(struct emu *e)
{
	emu_hist_free(&e->hist);
}
