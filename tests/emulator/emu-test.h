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
 * Helpers shared by the emulator's unit tests: feeding strings, collecting
 * replies, checking rows, scrollback lines and the cursor, and the grid's
 * internal invariants.
 */

#ifndef MOSHMUX_EMU_TEST_H
#define MOSHMUX_EMU_TEST_H

#include <string.h>

#include "emulator/emu-internal.h"
#include "tests/test.h"

/* Bytes the reply callback received. */
struct replies {
	char buf[4096];
	size_t len;
};

/* Collect replies into the struct replies given as the callback argument. */
static inline void
on_reply(void *arg, const char *buf, size_t len)
{
	struct replies *r = arg;

	if (r->len + len < sizeof r->buf) {
		memcpy(r->buf + r->len, buf, len);
		r->len += len;
		r->buf[r->len] = '\0';
	}
}

/* Feed a string to a terminal. */
static inline void
put(struct emu *e, const char *s)
{
	emu_write(e, s, strlen(s));
}

/* A screen row (history 0) or scrollback line as text in buf, no trailing
 * blanks. */
static inline const char *
line_text(struct emu *e, int history, int n, char *buf, size_t size)
{
	struct emu_cell gc;
	size_t len = 0, keep = 0, k;
	int x, width;

	width = history ? emu_history_width(e, n) : emu_cols(e);
	for (x = 0; x < width; x++) {
		if (history)
			emu_history_cell(e, n, x, &gc);
		else
			emu_cell(e, n, x, &gc);
		if (gc.width == 0)
			continue;
		if (gc.text[0] == '\0')
			strcpy(gc.text, " ");
		k = strlen(gc.text);
		if (len + k + 1 >= size)
			break;
		memcpy(buf + len, gc.text, k);
		len += k;
		if (strcmp(gc.text, " ") != 0)
			keep = len;
	}
	buf[keep] = '\0';
	return (buf);
}

/* Check a row's text. */
#define ROW(e, r, want, what)                                                  \
	do {                                                                   \
		char rb_[1024];                                                \
		CHECK_STR(                                                     \
		    line_text((e), 0, (r), rb_, sizeof rb_), (want), (what));  \
	} while (0)

/* Check a scrollback line's text. */
#define HIST(e, n, want, what)                                                 \
	do {                                                                   \
		char hb_[1024];                                                \
		CHECK_STR(                                                     \
		    line_text((e), 1, (n), hb_, sizeof hb_), (want), (what));  \
	} while (0)

/* Check the cursor. */
#define CURSOR(e, r, c, what)                                                  \
	do {                                                                   \
		int cr_, cc_;                                                  \
		emu_cursor((e), &cr_, &cc_);                                   \
		CHECK_INT(cr_ * 1000 + cc_, (r)*1000 + (c), (what));           \
	} while (0)

/* Do extents bound the written cells and has each cluster a slot of its own? */
static inline int
line_slots_ok(const struct emu_line *l, int cols)
{
	static const struct emu_icell blank = { 0, 0, 0, 0, 1, 0 };
	int x, x2;

	for (x = 0; x < cols; x++) {
		if (x >= l->extent &&
		    memcmp(&l->cells[x], &blank, sizeof blank))
			return (0);
		if ((l->cells[x].cp & EMU_CP_EXT) == 0)
			continue;
		if ((l->cells[x].cp & ~EMU_CP_EXT) >= l->next)
			return (0);
		for (x2 = x + 1; x2 < cols; x2++) {
			if (l->cells[x2].cp == l->cells[x].cp)
				return (0);
		}
	}
	return (1);
}

/* Has every wide cell its right half, and every right half its wide cell? */
static inline int
line_wide_ok(const struct emu_line *l, int cols)
{
	int x;

	for (x = 0; x < cols; x++) {
		if (l->cells[x].width == 0 &&
		    (x == 0 || l->cells[x - 1].width != 2))
			return (0);
		if (l->cells[x].width == 2 &&
		    (x == cols - 1 || l->cells[x + 1].width))
			return (0);
	}
	return (1);
}

/*
 * Do the internal invariants hold on both grids (line_slots_ok; with strict,
 * line_wide_ok too and the cursor on the screen)?
 */
static inline int
invariants(struct emu *e, int strict)
{
	struct emu_line *l;
	int g, y;

	for (g = 0; g < 2; g++) {
		for (y = 0; y < e->rows; y++) {
			l = &e->grid[g].lines[y];
			if (!line_slots_ok(l, e->cols))
				return (0);
			if (strict && !line_wide_ok(l, e->cols))
				return (0);
		}
	}
	return (!strict ||
	    (e->cx >= 0 && e->cx < e->cols && e->cy >= 0 && e->cy < e->rows));
}

#endif
