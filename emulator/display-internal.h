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
 * The display diff's private declarations.
 *
 * A struct display is one frame being built: the screen the receiver shows
 * now (the model, updated as bytes are emitted), the screen it must show
 * (want), and what the receiver's cursor and pen are known to be.  The
 * frame (display.c) sends the header items (bell, title, clipboard, modes),
 * detects a scroll (display-scroll.c), draws changed rows (display-row.c)
 * with the cheapest cursor moves (display-move.c) and SGR strings
 * (display-sgr.c), all appended to an emu_buf (display-buf.c).
 */

#ifndef MOSHMUX_DISPLAY_INTERNAL_H
#define MOSHMUX_DISPLAY_INTERNAL_H

#include "emulator/emulator.h"

/* A model cell whose content the receiver may show wrongly. */
#define DISPLAY_WIDTH_UNKNOWN 0xff

/* What is known about the receiver's cursor position. */
enum display_cursor {
	DISPLAY_CURSOR_KNOWN,	/* at (cy, cx), no pending wrap */
	DISPLAY_CURSOR_PENDING, /* at (cy, cols - 1), just written: a wrap
				   is pending */
	DISPLAY_CURSOR_EDGE,	/* at (cy, cols - 1), a wrap may be pending
				   or not: only CR or CUP move it */
	DISPLAY_CURSOR_UNKNOWN	/* anywhere: only CUP is safe */
};

/* A pen: attributes and colours. */
struct display_pen {
	uint16_t attr;
	uint32_t fg;
	uint32_t bg;
};

/* One frame in the making. */
struct display {
	struct emu_buf *buf;
	const struct emu *from; /* NULL when the receiver is unknown */
	const struct emu *to;
	enum emu_display_target target;
	struct emu_termcaps caps;
	int cols;
	int rows;

	struct emu_cell *model; /* what the receiver shows, rows * cols */
	int *model_wrapped;
	struct emu_cell *want; /* what it must show, rows * cols */
	int *want_wrapped;
	int *same; /* row's cells equal the model's (if same_valid) */
	int same_valid;

	enum display_cursor cursor;
	int cx;
	int cy;
	int cursor_visible; /* the receiver's DECTCEM, -1 if unknown */
	int hide_moves;	    /* hide the cursor before drawing moves */

	struct display_pen pen;
	int pen_known;

	int force_row; /* row whose first cell must be written, or -1 */

	size_t last_end; /* buffer length after the last printed cluster */
	char last_text[EMU_CELL_MAXBYTES]; /* and that cluster */
};

/* display-buf.c */
void display_add(struct display *, const char *, size_t);
void display_adds(struct display *, const char *);
void display_addc(struct display *, char);
void display_addf(struct display *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* display-sgr.c */
void display_pen_default(struct display_pen *);
int display_pen_equal(const struct display_pen *, const struct display_pen *);
void display_set_pen(struct display *, const struct display_pen *);
uint32_t display_color(const struct display *, uint32_t);

/* display-move.c */
void display_move(struct display *, int, int);
void display_advance(struct display *, int, int);

/* display-print.c */
void display_print_init(struct display *);
void display_print_cell(
    struct display *, int, int, const struct emu_cell *, int);
int display_print(struct display *, int, int);
void display_forget(struct display *, int, int);

/* display-wrap.c */
int display_wrap_ok(struct display *, int);
int display_wrap_equal(struct display *, int);
void display_wrap_row(struct display *, int);

/* display-row.c */
struct emu_cell *display_model(struct display *, int, int);
struct emu_cell *display_want(struct display *, int, int);
int display_cell_equal(const struct emu_cell *, const struct emu_cell *);
int display_cell_erasable(const struct emu_cell *);
int display_cell_printable(const struct emu_cell *);
void display_cell_blank(struct emu_cell *, uint32_t);
int display_row_equal(struct display *, int);
void display_rows(struct display *);
int display_changed_rows(struct display *);

/* display-clear.c */
void display_reset(struct display *);
int display_clear(struct display *, int);

/* display-scroll.c */
int display_scroll(struct display *, int);

#endif
