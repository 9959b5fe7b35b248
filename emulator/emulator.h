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
 * The terminal emulator's public face.
 *
 * A struct emu is one terminal: a byte parser (VT500-series state machine,
 * UTF-8 with utf8proc widths and grapheme clusters), a screen of cells
 * (attributes, 16/256/true colour), the cursor and modes, an alternate
 * screen, tab stops, title, clipboard, bell count, and scrollback history.
 * Replies to queries (DA, DSR, CPR ...) are handed to a callback; nothing
 * else leaves the emulator.
 *
 * The display diff (emu_display_*) turns what a receiver shows (one struct
 * emu) into another (a second struct emu) as escape bytes, either limited
 * to what a stock mosh-client 1.4 understands, or painting a real terminal
 * with terminfo capabilities supplied by the caller.
 *
 * This module knows nothing of the rest of moshmux and touches no socket or
 * terminal.
 */

#ifndef MOSHMUX_EMULATOR_H
#define MOSHMUX_EMULATOR_H

#include <stddef.h>
#include <stdint.h>

struct emu;

/*
 * Colours: 0 is the default colour; EMU_COLOR_PALETTE | n is palette entry
 * n (0-255, including the bright 8-15 that SGR 90-97/100-107 select);
 * EMU_COLOR_RGB | 0xRRGGBB is true colour.
 */
#define EMU_COLOR_DEFAULT  0u
#define EMU_COLOR_PALETTE  0x01000000u
#define EMU_COLOR_RGB	   0x02000000u
#define EMU_COLOR_TYPE(c)  ((c)&0xff000000u)
#define EMU_COLOR_VALUE(c) ((c)&0x00ffffffu)

/* Attributes (struct emu_cell.attr and the pen). */
#define EMU_ATTR_BOLD	    0x0001
#define EMU_ATTR_FAINT	    0x0002
#define EMU_ATTR_ITALIC	    0x0004
#define EMU_ATTR_UNDERLINE  0x0008 /* single; see EMU_ATTR_DUNDERLINE */
#define EMU_ATTR_BLINK	    0x0010
#define EMU_ATTR_INVERSE    0x0020
#define EMU_ATTR_INVISIBLE  0x0040
#define EMU_ATTR_STRIKE	    0x0080
#define EMU_ATTR_DUNDERLINE 0x0100 /* SGR 21 / 4:2 */
#define EMU_ATTR_OVERLINE   0x0200

/* Bytes of UTF-8 in the largest grapheme cluster a cell keeps. */
#define EMU_CELL_MAXBYTES 32

/*
 * One cell as the outside world sees it.  A wide character occupies its
 * cell (width 2) and the next one (width 0, empty text).  A blank cell has
 * an empty text and width 1; erasing keeps the background colour.
 */
struct emu_cell {
	char text[EMU_CELL_MAXBYTES]; /* NUL-terminated UTF-8, "" if blank */
	uint32_t fg;
	uint32_t bg;
	uint16_t attr;
	uint8_t width; /* 1, 2, or 0 for the right half of a wide cell */
};

/* Modes a caller (display, pane, client) may need to read. */
enum emu_mode {
	EMU_MODE_CURSOR_VISIBLE,  /* DECTCEM ?25 */
	EMU_MODE_APP_CURSOR,	  /* DECCKM ?1 */
	EMU_MODE_APP_KEYPAD,	  /* DECKPAM / DECKPNM */
	EMU_MODE_INSERT,	  /* IRM 4 */
	EMU_MODE_ORIGIN,	  /* DECOM ?6 */
	EMU_MODE_AUTOWRAP,	  /* DECAWM ?7 */
	EMU_MODE_REVERSE_VIDEO,	  /* DECSCNM ?5 */
	EMU_MODE_ALT_SCREEN,	  /* ?47 / ?1047 / ?1049 active */
	EMU_MODE_BRACKETED_PASTE, /* ?2004 */
	EMU_MODE_FOCUS,		  /* ?1004 */
	EMU_MODE_ALT_SCROLL,	  /* ?1007 */
	EMU_MODE_COUNT
};

/* Mouse tracking (?9, ?1000-?1003) and its encoding (?1005/1006/1015). */
enum emu_mouse {
	EMU_MOUSE_NONE = 0,
	EMU_MOUSE_X10 = 9,
	EMU_MOUSE_NORMAL = 1000,
	EMU_MOUSE_HILITE = 1001,
	EMU_MOUSE_BUTTON = 1002,
	EMU_MOUSE_ANY = 1003
};
enum emu_mouse_enc {
	EMU_MOUSE_ENC_DEFAULT = 0,
	EMU_MOUSE_ENC_UTF8 = 1005,
	EMU_MOUSE_ENC_SGR = 1006,
	EMU_MOUSE_ENC_URXVT = 1015
};

/* Called with bytes the terminal sends back to the application. */
typedef void (*emu_reply_cb)(void *arg, const char *buf, size_t len);

/* Life cycle. */
struct emu *emu_new(int cols, int rows, int history_limit);
void emu_free(struct emu *);
/* A deep copy of the whole terminal state; history is copied only if
 * with_history is non-zero.  The copy has no reply callback. */
struct emu *emu_clone(const struct emu *, int with_history);
void emu_set_reply(struct emu *, emu_reply_cb, void *arg);
void emu_set_history_limit(struct emu *, int lines);
/* Hard reset (RIS), keeping size and history limit. */
void emu_reset(struct emu *);

/* Feed bytes from the application. */
void emu_write(struct emu *, const void *buf, size_t len);

/* Resize; content kept as xterm does, soft-wrapped lines reflowed. */
void emu_resize(struct emu *, int cols, int rows);

/* Geometry and cursor. */
int emu_cols(const struct emu *);
int emu_rows(const struct emu *);
void emu_cursor(const struct emu *, int *row, int *col);

/* The visible screen (row 0 is the top). */
void emu_cell(const struct emu *, int row, int col, struct emu_cell *);
/* Is row's end a soft wrap (the text continues on the next row)? */
int emu_row_wrapped(const struct emu *, int row);
/*
 * A number that changes whenever anything in the row changes.  Clones
 * share the counter, so equal generations in a family of clones mean equal
 * rows; unrelated terminals start their counters at random 62-bit points.
 */
uint64_t emu_row_generation(const struct emu *, int row);

/* Scrollback: line 0 is the oldest kept line. */
int emu_history_lines(const struct emu *);
void emu_history_cell(const struct emu *, int line, int col, struct emu_cell *);
int emu_history_width(const struct emu *, int line);
int emu_history_wrapped(const struct emu *, int line);
/* Bytes the history uses now (for the compactness figures). */
size_t emu_history_bytes(const struct emu *);
void emu_history_clear(struct emu *);

/* Modes and other state. */
int emu_mode(const struct emu *, enum emu_mode);
enum emu_mouse emu_mouse(const struct emu *);
enum emu_mouse_enc emu_mouse_encoding(const struct emu *);
/* The current pen: what the next printed character gets. */
void emu_pen(const struct emu *, uint16_t *attr, uint32_t *fg, uint32_t *bg);
/* Window title and icon name (OSC 0/1/2); "" when never set. */
const char *emu_title(const struct emu *);
const char *emu_icon(const struct emu *);
int emu_title_set(const struct emu *); /* has the application set one? */
/* Clipboard (OSC 52): selection letters and base64 data as sent. */
const char *emu_clipboard(const struct emu *);
/* Bells rung since creation. */
unsigned int emu_bell_count(const struct emu *);

/* Do two terminals show the same screen (cells, cursor, visible modes)? */
int emu_screen_equal(const struct emu *, const struct emu *);

/*
 * Key translation for input going to the application: given bytes typed
 * by a user whose terminal is in application cursor mode, rewrite
 * ESC O A..D to ESC [ A..D unless this terminal has DECCKM set.  Writes at
 * most len bytes to out and returns the count.
 */
size_t emu_translate_keys(
    const struct emu *, const char *in, size_t len, char *out);

/*
 * Display: the escape bytes that turn what the receiver shows (from) into
 * the new screen (to).  from may be NULL, meaning a fresh terminal state
 * whose whole content and modes are unknown (a full repaint).
 */
enum emu_display_target {
	EMU_DISPLAY_MOSH, /* only ssp-wire.md 9.2/9.4 sequences, no query */
	EMU_DISPLAY_TERM  /* a real terminal, with struct emu_termcaps */
};

/* Terminal capabilities for EMU_DISPLAY_TERM, from terminfo (caller). */
struct emu_termcaps {
	int has_ech;		  /* ech: erase characters */
	int has_bce;		  /* bce: erase uses background colour */
	int colors;		  /* 8, 16, 256, or 0x1000000 for true colour */
	int has_title;		  /* set the window title with OSC 0/2 */
	const char *title_prefix; /* e.g. "[moshmux] ", or NULL */
};

struct emu_buf {
	char *data;
	size_t len;
	size_t size;
};

/* Append the diff from -> to to buf (grown as needed). */
void emu_display(struct emu_buf *buf, const struct emu *from,
    const struct emu *to, enum emu_display_target,
    const struct emu_termcaps *caps);
void emu_buf_free(struct emu_buf *);

/* Allocation helpers that abort on failure (shared with emulator users). */
void *emu_xmalloc(size_t);
void *emu_xcalloc(size_t, size_t);
void *emu_xrealloc(void *, size_t);
void *emu_xreallocarray(void *, size_t, size_t);
char *emu_xstrdup(const char *);

#endif
