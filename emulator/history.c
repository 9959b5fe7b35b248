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
 * Scrollback history: a ring of packed lines (hpack.c) whose bytes live in
 * an arena of chunks.  Lines are only ever added as the newest and dropped
 * as the oldest (or, when a resize pulls them back, taken as the newest),
 * so the arena is a queue: lines are carved from the newest chunk, and a
 * chunk is freed when its last line is dropped.  A short line costs its
 * packed bytes, an 8-byte header and its 8-byte ring slot.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* Bytes of line data in a chunk, unless one line needs more. */
#define EMU_HCHUNK_SIZE 16384

/* A chunk of the arena. */
struct emu_hchunk {
	struct emu_hchunk *prev; /* older */
	struct emu_hchunk *next; /* newer */
	uint32_t used;		 /* bytes carved */
	uint32_t live;		 /* lines still kept */
	uint32_t size;		 /* bytes of data */
	uint8_t data[];
};

static size_t emu_hist_space(size_t);
static struct emu_hline *emu_hist_carve(struct emu_hist *, size_t);
static void emu_hist_drop_chunk(struct emu_hist *, struct emu_hchunk *);
static void emu_hist_drop_oldest(struct emu_hist *);
static void emu_hist_drop_newest(struct emu_hist *);
static int emu_hist_slot(struct emu_hist *);
static void emu_hist_regrow(struct emu_hist *, int);

/* The arena bytes a line of n packed bytes takes (4-byte aligned). */
static size_t
emu_hist_space(size_t n)
{
	return ((sizeof(struct emu_hline) + n + 3) & ~(size_t)3);
}

/* Carve room for a line of n packed bytes from the newest chunk. */
static struct emu_hline *
emu_hist_carve(struct emu_hist *h, size_t n)
{
	struct emu_hchunk *c = h->tail;
	struct emu_hline *hl;
	size_t need = emu_hist_space(n), size;

	if (c == NULL || c->size - c->used < need) {
		size = need > EMU_HCHUNK_SIZE ? need : EMU_HCHUNK_SIZE;
		c = emu_xmalloc(sizeof *c + size);
		c->used = c->live = 0;
		c->size = size;
		c->next = NULL;
		c->prev = h->tail;
		if (h->tail != NULL)
			h->tail->next = c;
		else
			h->head = c;
		h->tail = c;
		h->bytes += sizeof *c + size;
	}
	hl = (struct emu_hline *)(c->data + c->used);
	c->used += need;
	c->live++;
	hl->len = n;
	return (hl);
}

/* Free a chunk no line uses any more. */
static void
emu_hist_drop_chunk(struct emu_hist *h, struct emu_hchunk *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		h->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		h->tail = c->prev;
	h->bytes -= sizeof *c + c->size;
	free(c);
}

/* Drop the oldest line. */
static void
emu_hist_drop_oldest(struct emu_hist *h)
{
	struct emu_hchunk *c = h->head;

	h->start = (h->start + 1) % h->size;
	h->count--;
	if (--c->live == 0) {
		if (c == h->tail)
			c->used = 0; /* keep the only chunk for reuse */
		else
			emu_hist_drop_chunk(h, c);
	}
}

/* Drop the newest line (the last one carved). */
static void
emu_hist_drop_newest(struct emu_hist *h)
{
	struct emu_hchunk *c = h->tail;
	struct emu_hline *hl = h->ring[(h->start + h->count - 1) % h->size];

	h->count--;
	c->used = (uint8_t *)hl - c->data;
	if (--c->live == 0)
		emu_hist_drop_chunk(h, c);
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
	struct emu_hchunk *c, *next;

	for (c = h->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(h->ring);
	free(h->buf);
	emu_hist_init(h, h->limit);
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

/* Make room for one more line, dropping the oldest if full; its slot. */
static int
emu_hist_slot(struct emu_hist *h)
{
	int size;

	if (h->count == h->limit)
		emu_hist_drop_oldest(h);
	if (h->count == h->size) {
		size = h->size < 64 ? 64 : h->size + h->size / 2;
		emu_hist_regrow(h, size > h->limit ? h->limit : size);
	}
	return ((h->start + h->count++) % h->size);
}

/* Add a line of cols cells as the newest. */
void
emu_hist_push(struct emu_hist *h, const struct emu_line *l, int cols)
{
	struct emu_hline *hl;
	size_t n;
	int slot;

	if (h->limit == 0)
		return;
	n = emu_hpack(l, cols, &h->buf, &h->bufsize);
	slot = emu_hist_slot(h);
	hl = h->ring[slot] = emu_hist_carve(h, n);
	hl->width = cols;
	hl->wrapped = l->wrapped;
	if (l->wrapped && (l->cells[cols - 1].flags & EMU_CF_PAD))
		hl->wrapped = 2;
	hl->pad = 0;
	if (n > 0)
		memcpy(hl->data, h->buf, n);
}

/* Add a copy of a packed line (from another history) as the newest. */
void
emu_hist_push_copy(struct emu_hist *h, const struct emu_hline *src)
{
	struct emu_hline *hl;
	int slot;

	if (h->limit == 0)
		return;
	slot = emu_hist_slot(h);
	hl = h->ring[slot] = emu_hist_carve(h, src->len);
	memcpy(hl, src, sizeof *hl + src->len);
}

/* Make dst a deep copy of src. */
void
emu_hist_copy(struct emu_hist *dst, const struct emu_hist *src)
{
	int i;

	emu_hist_init(dst, src->limit);
	for (i = 0; i < src->count; i++)
		emu_hist_push_copy(dst, emu_hist_get(src, i));
}

/* Take the newest line back into l (cols cells); 0 if there is none. */
int
emu_hist_pop(struct emu_hist *h, struct emu_line *l, int cols)
{
	if (h->count == 0)
		return (0);
	emu_hist_unpack(emu_hist_get(h, h->count - 1), l, cols);
	emu_hist_drop_newest(h);
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
	while (h->count > limit)
		emu_hist_drop_oldest(h);
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
	if (line < 0 || line >= e->hist.count || col < 0) {
		memset(gc, 0, sizeof *gc);
		gc->width = 1;
		return;
	}
	emu_hline_cell(emu_hist_get(&e->hist, line), col, gc);
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

/* Bytes the scrollback uses: its arena chunks and its ring. */
size_t
emu_history_bytes(const struct emu *e)
{
	return (e->hist.bytes + e->hist.size * sizeof *e->hist.ring);
}

/* Forget every scrollback line. */
void
emu_history_clear(struct emu *e)
{
	emu_hist_free(&e->hist);
}
