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
 * replies and checking rows, scrollback lines and the cursor.
 */

#ifndef MOSHMUX_EMU_TEST_H
#define MOSHMUX_EMU_TEST_H

#include <string.h>

#include "emulator/emulator.h"
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

#endif
