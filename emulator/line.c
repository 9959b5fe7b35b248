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
 * A line of cells.  Multi-code-point grapheme clusters live in the line's
 * cluster table (ext); a cell names its cluster by slot.  Slots of
 * overwritten cells are reclaimed when the table fills up.
 */

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "emulator/emu-internal.h"

static int emu_line_compact(struct emu_line *, int);

/* Set up a line of blank cells with background bg. */
void
emu_line_init(struct emu_line *l, int cols, uint32_t bg)
{
	memset(l, 0, sizeof *l);
	l->cells = emu_xreallocarray(NULL, cols, sizeof *l->cells);
	l->extent = cols; /* not yet written: clear it all */
	emu_line_clear(l, 0, cols, bg);
}

/* Free a line's storage. */
void
emu_line_free(struct emu_line *l)
{
	free(l->cells);
	free(l->ext);
	memset(l, 0, sizeof *l);
}

/* Make dst a deep copy of src (cols cells), keeping the generation. */
void
emu_line_copy(struct emu_line *dst, const struct emu_line *src, int cols)
{
	*dst = *src;
	dst->cells = emu_xreallocarray(NULL, cols, sizeof *dst->cells);
	memcpy(dst->cells, src->cells, cols * sizeof *dst->cells);
	if (src->maxext != 0) {
		dst->ext =
		    emu_xreallocarray(NULL, src->maxext, sizeof *dst->ext);
		memcpy(dst->ext, src->ext, src->next * sizeof *dst->ext);
	}
}

/* Change a line from ocols to ncols cells, blanking new ones. */
void
emu_line_resize(struct emu_line *l, int ocols, int ncols)
{
	l->cells = emu_xreallocarray(l->cells, ncols, sizeof *l->cells);
	if (l->extent > ncols)
		l->extent = ncols;
	if (ncols > ocols) {
		l->extent = ncols; /* the new cells are not yet written */
		emu_line_clear(l, ocols, ncols, 0);
		l->extent = emu_line_used(l, ocols);
	} else if (ncols > 0 && l->cells[ncols - 1].width == 2) {
		l->cells[ncols - 1].width = 1;
		l->cells[ncols - 1].cp = 0;
	}
}

/*
 * Blank cells [from, to) with background bg.  Cells past the extent are
 * default blanks already, so only the part before it is written.
 */
void
emu_line_clear(struct emu_line *l, int from, int to, uint32_t bg)
{
	struct emu_icell blank = { 0, 0, bg, 0, 1, 0 }, *c = l->cells + from;
	size_t n, done;

	if (bg == 0 && to >= l->extent) {
		to = l->extent;
		if (from < l->extent)
			l->extent = from;
	} else if (bg != 0 && to > l->extent)
		l->extent = to;
	if (from >= to)
		return;
	n = to - from;
	for (done = 0; done < n; done++)
		memcpy(&c[done], &blank, sizeof blank); /* one 16-byte store */
}

/* How many cells, from the left, hold something other than plain blanks. */
int
emu_line_used(const struct emu_line *l, int cols)
{
	static const struct emu_icell blank = { 0, 0, 0, 0, 1, 0 };
	uint64_t b[2], c[2];

	memcpy(b, &blank, sizeof b);
	if (cols > l->extent)
		cols = l->extent;
	while (cols > 0) {
		memcpy(c, &l->cells[cols - 1], sizeof c);
		if (c[0] != b[0] || c[1] != b[1])
			break;
		cols--;
	}
	return (cols);
}
/* Drop cluster slots no cell uses; returns the slots in use. */
static int
emu_line_compact(struct emu_line *l, int cols)
{
	char(*old)[EMU_CELL_MAXBYTES] = l->ext;
	int x, used = 0;

	l->ext = emu_xreallocarray(NULL, l->maxext, sizeof *l->ext);
	for (x = 0; x < cols; x++) {
		if ((l->cells[x].cp & EMU_CP_EXT) == 0)
			continue;
		if ((l->cells[x].cp & ~EMU_CP_EXT) >= l->maxext ||
		    used >= l->maxext) {
			l->cells[x].cp = 0xfffd; /* cannot happen; be safe */
			continue;
		}
		memcpy(l->ext[used], old[l->cells[x].cp & ~EMU_CP_EXT],
		    EMU_CELL_MAXBYTES);
		l->cells[x].cp = EMU_CP_EXT | used++;
	}
	free(old);
	l->next = used;
	return (used);
}

/* Give cell x the cluster text s (len bytes, less than the cell max). */
void
emu_line_set_text(
    struct emu_line *l, int cols, int x, const char *s, size_t len)
{
	int slot;

	if (l->cells[x].cp & EMU_CP_EXT) {
		slot = l->cells[x].cp & ~EMU_CP_EXT; /* the cell's own slot */
		memcpy(l->ext[slot], s, len);
		l->ext[slot][len] = '\0';
		return;
	}
	/* Compact when full; grow unless that freed half (amortised O(1)). */
	if (l->next == l->maxext &&
	    emu_line_compact(l, cols) >= l->maxext / 2) {
		l->maxext = l->maxext == 0 ? 4 : l->maxext * 2;
		l->ext = emu_xreallocarray(l->ext, l->maxext, sizeof *l->ext);
	}
	slot = l->next++;
	memcpy(l->ext[slot], s, len);
	l->ext[slot][len] = '\0';
	l->cells[x].cp = EMU_CP_EXT | slot;
}

/* Set cell x's text from a UTF-8 string (one cluster or ""). */
void
emu_line_set_cell_text(struct emu_line *l, int cols, int x, const char *s)
{
	utf8proc_int32_t cp;
	size_t len = strlen(s);
	utf8proc_ssize_t n;

	if (len == 0) {
		l->cells[x].cp = 0;
		return;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, len, &cp);
	if (n > 0 && (size_t)n == len && cp > 0)
		l->cells[x].cp = cp;
	else if (len < EMU_CELL_MAXBYTES)
		emu_line_set_text(l, cols, x, s, len);
	else
		l->cells[x].cp = 0xfffd;
}

/* Write cell c's text to buf (EMU_CELL_MAXBYTES bytes); returns length. */
size_t
emu_cell_text(const struct emu_line *l, const struct emu_icell *c, char *buf)
{
	size_t len;

	if (c->cp & EMU_CP_EXT) {
		len = strlen(l->ext[c->cp & ~EMU_CP_EXT]);
		memcpy(buf, l->ext[c->cp & ~EMU_CP_EXT], len + 1);
		return (len);
	}
	if (c->cp == 0) {
		buf[0] = '\0';
		return (0);
	}
	len = emu_utf8_encode(c->cp, buf);
	buf[len] = '\0';
	return (len);
}

/* Expand an internal cell into the public form. */
void
emu_icell_expand(
    const struct emu_line *l, const struct emu_icell *c, struct emu_cell *gc)
{
	emu_cell_text(l, c, gc->text);
	gc->fg = c->fg;
	gc->bg = c->bg;
	gc->attr = c->attr;
	gc->width = c->width;
}

/* Encode a code point as UTF-8 into buf (4 bytes); returns the length. */
size_t
emu_utf8_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		buf[0] = 0xc0 | (cp >> 6);
		buf[1] = 0x80 | (cp & 0x3f);
		return (2);
	}
	if (cp < 0x10000) {
		buf[0] = 0xe0 | (cp >> 12);
		buf[1] = 0x80 | ((cp >> 6) & 0x3f);
		buf[2] = 0x80 | (cp & 0x3f);
		return (3);
	}
	buf[0] = 0xf0 | (cp >> 18);
	buf[1] = 0x80 | ((cp >> 12) & 0x3f);
	buf[2] = 0x80 | ((cp >> 6) & 0x3f);
	buf[3] = 0x80 | (cp & 0x3f);
	return (4);
}
