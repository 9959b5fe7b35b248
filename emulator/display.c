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

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "emulator/display-internal.h"

/*
 * The display diff: the escape bytes that turn the screen a receiver shows
 * (from) into a new one (to), in the order mosh 1.4's new_frame uses (see
 * ssp-wire.md 9.2): bell, title, clipboard, reverse video, a clear when the
 * receiver is unknown or resized, a scroll, the changed rows, the cursor,
 * its visibility, the pen, and the input modes.  The receiver's hidden
 * state (scroll region, origin and insert modes, charsets) is assumed to
 * be as earlier frames left it: the defaults.
 *
 * Everything the diff can send (ssp-wire.md 9.2, plus from the 9.4 list
 * the moves CUU/CUD/CUB/CUF, RI and ED 2, all of which mosh 1.4 applies):
 *	BEL				the application rang (once per frame)
 *	OSC 0/1/2 ; text BEL		title and icon name, no controls
 *	OSC 52 ; c ; base64 BEL		clipboard
 *	CSI ? 5 h/l			reverse video
 *	CSI r, CSI 0 m, CSI H, CSI 2 J	reset of an unknown or resized receiver
 *	CSI ? 25 l, CSI 4 l, CSI ? 7 h	the same, real terminal only
 *	CSI 2 J				clear when cheaper than erasing rows
 *	CSI t ; b r, LF..., RI..., CSI r	scroll of a region or the screen
 *	CR, LF, BS, CSI n A/B/C/D, CSI r ; c H	cursor moves
 *	CSI 0 ; ... m			pen: 1 2 3 4 5 7 8 9 21 53, 30-37,
 *					90-97 (real terminal, 16 colours),
 *					38;5;n, 38;2;r;g;b, and 40-49 likewise
 *	CSI n X, CSI K			erase characters, erase to end of line
 *	UTF-8 text			a cell's cluster, controls made U+FFFD
 *	CSI ? 25 h/l			cursor visibility (hidden while drawing
 *					on a real terminal)
 *	CSI ? 2004 / 9 / 1000-1003 / 1004 / 1005 / 1006 / 1015 h/l
 *					bracketed paste, mouse, focus, encoding
 * Never a query, the alternate screen, charsets, insert or origin mode.
 */

/* Capabilities a stock mosh-client's emulator has. */
static const struct emu_termcaps display_mosh_caps = { 1, 1, 0x1000000, 1,
	NULL };

/* Capabilities assumed when a caller gives none. */
static const struct emu_termcaps display_default_caps = { 1, 1, 256, 1, NULL };

static void display_init(struct display *, struct emu_buf *, const struct emu *,
    const struct emu *, enum emu_display_target, const struct emu_termcaps *);
static void display_fetch(
    struct display *, const struct emu *, struct emu_cell *, int *);
static void display_init_from(struct display *, const struct emu *);
static void display_free(struct display *);
static void display_bell(struct display *);
static void display_osc_text(struct display *, const char *, const char *);
static void display_title(struct display *);
static void display_clipboard(struct display *);
static void display_flag(struct display *, enum emu_mode, const char *);
static void display_cursor(struct display *);
static void display_mouse(struct display *);
static void display_mouse_encoding(struct display *);

/* Copy a terminal's cells and soft-wrap marks into a frame's arrays. */
static void
display_fetch(struct display *d, const struct emu *e, struct emu_cell *cells,
    int *wrapped)
{
	int row, col;

	for (row = 0; row < d->rows; row++) {
		wrapped[row] = emu_row_wrapped(e, row);
		for (col = 0; col < d->cols; col++)
			emu_cell(
			    e, row, col, &cells[(size_t)row * d->cols + col]);
	}
}

/* What the receiver is known to show: from's screen, cursor and pen. */
static void
display_init_from(struct display *d, const struct emu *from)
{
	d->cursor_visible = emu_mode(from, EMU_MODE_CURSOR_VISIBLE);
	emu_pen(from, &d->pen.attr, &d->pen.fg, &d->pen.bg);
	d->pen_known = 1;
	if (emu_cols(from) != d->cols || emu_rows(from) != d->rows)
		return;
	display_fetch(d, from, d->model, d->model_wrapped);
	emu_cursor(from, &d->cy, &d->cx);
	if (d->cy < 0 || d->cy >= d->rows || d->cx < 0 || d->cx >= d->cols)
		return; /* unknown */
	if (d->cx < d->cols - 1)
		d->cursor = DISPLAY_CURSOR_KNOWN;
	else
		d->cursor = DISPLAY_CURSOR_EDGE;
}

/* Set up a frame: fetch the wanted screen and the receiver's model. */
static void
display_init(struct display *d, struct emu_buf *buf, const struct emu *from,
    const struct emu *to, enum emu_display_target target,
    const struct emu_termcaps *caps)
{
	size_t cells;

	memset(d, 0, sizeof *d);
	d->buf = buf;
	d->from = from;
	d->to = to;
	d->target = target;
	if (target == EMU_DISPLAY_MOSH)
		d->caps = display_mosh_caps;
	else
		d->caps = caps != NULL ? *caps : display_default_caps;
	d->cols = emu_cols(to);
	d->rows = emu_rows(to);
	cells = (size_t)d->cols * d->rows;
	d->want = emu_xreallocarray(NULL, cells, sizeof *d->want);
	d->model = emu_xreallocarray(NULL, cells, sizeof *d->model);
	d->want_wrapped = emu_xcalloc(d->rows, sizeof *d->want_wrapped);
	d->model_wrapped = emu_xcalloc(d->rows, sizeof *d->model_wrapped);
	d->same = emu_xcalloc(d->rows, sizeof *d->same);
	display_fetch(d, to, d->want, d->want_wrapped);
	d->force_row = -1;
	d->cursor = DISPLAY_CURSOR_UNKNOWN;
	d->cursor_visible = -1;
	if (from != NULL)
		display_init_from(d, from);
}

/* Free a frame's arrays. */
static void
display_free(struct display *d)
{
	free(d->want);
	free(d->model);
	free(d->want_wrapped);
	free(d->model_wrapped);
	free(d->same);
}

/* One BEL if the application rang the bell since the last frame. */
static void
display_bell(struct display *d)
{
	if (d->from != NULL && emu_bell_count(d->from) != emu_bell_count(d->to))
		display_addc(d, '\007');
}

/* Append an OSC string: prefix and text, valid UTF-8 with no control. */
static void
display_osc_text(struct display *d, const char *prefix, const char *text)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	if (prefix != NULL)
		display_osc_text(d, NULL, prefix);
	while (*p != '\0') {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			p++;
			continue;
		}
		if (cp >= 0x20 && (cp < 0x7f || cp >= 0xa0))
			display_add(d, (const char *)p, n);
		p += n;
	}
}

/* Window title and icon name, when the application set or changed them. */
static void
display_title(struct display *d)
{
	const char *title = emu_title(d->to), *icon = emu_icon(d->to);
	const char *prefix = NULL;
	int set = emu_title_set(d->to), new_title, new_icon;

	if (d->target == EMU_DISPLAY_TERM) {
		if (!d->caps.has_title)
			return;
		prefix = d->caps.title_prefix;
	}
	new_title = set &&
	    (d->from == NULL || !emu_title_set(d->from) ||
		strcmp(emu_title(d->from), title) != 0);
	if (d->from == NULL)
		new_icon = *icon != '\0';
	else
		new_icon = strcmp(emu_icon(d->from), icon) != 0;
	if (set && (new_title || new_icon) && strcmp(title, icon) == 0) {
		display_adds(d, "\033]0;");
		display_osc_text(d, prefix, title);
		display_addc(d, '\007');
		return;
	}
	if (new_icon) {
		display_adds(d, "\033]1;");
		display_osc_text(d, prefix, icon);
		display_addc(d, '\007');
	}
	if (new_title) {
		display_adds(d, "\033]2;");
		display_osc_text(d, prefix, title);
		display_addc(d, '\007');
	}
}

/* The OSC 52 clipboard, when it changed (base64 data, selection c). */
static void
display_clipboard(struct display *d)
{
	const char *cb = emu_clipboard(d->to), *old, *data, *p;

	old = d->from != NULL ? emu_clipboard(d->from) : "";
	if (strcmp(cb, old) == 0)
		return;
	data = strrchr(cb, ';');
	data = data != NULL ? data + 1 : cb;
	display_adds(d, "\033]52;c;");
	for (p = data; *p != '\0'; p++) {
		if (strchr(
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789+/=",
			*p) != NULL)
			display_addc(d, *p);
	}
	display_addc(d, '\007');
}

/* A DECSET mode, when unknown or changed. */
static void
display_flag(struct display *d, enum emu_mode mode, const char *number)
{
	int on = emu_mode(d->to, mode);

	if (d->from != NULL && emu_mode(d->from, mode) == on)
		return;
	display_addf(d, "\033[?%s%c", number, on ? 'h' : 'l');
}

/* Place the cursor and set its visibility as the application has them. */
static void
display_cursor(struct display *d)
{
	int row, col, visible;

	emu_cursor(d->to, &row, &col);
	if (row < 0 || row >= d->rows)
		row = row < 0 ? 0 : d->rows - 1;
	if (col < 0 || col >= d->cols)
		col = col < 0 ? 0 : d->cols - 1;
	display_move(d, row, col);
	visible = emu_mode(d->to, EMU_MODE_CURSOR_VISIBLE) != 0;
	if (d->cursor_visible != visible)
		display_adds(d, visible ? "\033[?25h" : "\033[?25l");
}

/* Mouse tracking mode, when unknown or changed. */
static void
display_mouse(struct display *d)
{
	enum emu_mouse m = emu_mouse(d->to), old;

	if (d->from == NULL) {
		display_adds(d,
		    "\033[?1003l\033[?1002l\033[?1001l\033[?1000l"
		    "\033[?9l");
		old = EMU_MOUSE_NONE;
	} else
		old = emu_mouse(d->from);
	if (m == old)
		return;
	if (old != EMU_MOUSE_NONE)
		display_addf(d, "\033[?%dl", (int)old);
	if (m != EMU_MOUSE_NONE)
		display_addf(d, "\033[?%dh", (int)m);
}

/* Mouse encoding, when unknown or changed. */
static void
display_mouse_encoding(struct display *d)
{
	enum emu_mouse_enc e = emu_mouse_encoding(d->to), old;

	if (d->from == NULL) {
		display_adds(d, "\033[?1015l\033[?1006l\033[?1005l");
		old = EMU_MOUSE_ENC_DEFAULT;
	} else
		old = emu_mouse_encoding(d->from);
	if (e == old)
		return;
	if (old != EMU_MOUSE_ENC_DEFAULT)
		display_addf(d, "\033[?%dl", (int)old);
	if (e != EMU_MOUSE_ENC_DEFAULT)
		display_addf(d, "\033[?%dh", (int)e);
}

/* Append the bytes that turn what from shows into what to shows. */
void
emu_display(struct emu_buf *buf, const struct emu *from, const struct emu *to,
    enum emu_display_target target, const struct emu_termcaps *caps)
{
	struct display d;
	struct display_pen pen;
	int resized, changed;

	display_init(&d, buf, from, to, target, caps);
	resized = from == NULL || emu_cols(from) != d.cols ||
	    emu_rows(from) != d.rows;
	display_bell(&d);
	display_title(&d);
	display_clipboard(&d);
	display_flag(&d, EMU_MODE_REVERSE_VIDEO, "5");
	d.hide_moves = target == EMU_DISPLAY_TERM;
	display_print_init(&d);
	if (resized)
		display_reset(&d);
	else if ((changed = display_changed_rows(&d)) != 0) {
		if (display_scroll(&d, changed))
			changed = display_changed_rows(&d);
		display_clear(&d, changed);
	}
	display_rows(&d);
	d.hide_moves = 0;
	display_cursor(&d);
	emu_pen(to, &pen.attr, &pen.fg, &pen.bg);
	display_set_pen(&d, &pen);
	display_flag(&d, EMU_MODE_BRACKETED_PASTE, "2004");
	display_mouse(&d);
	display_flag(&d, EMU_MODE_FOCUS, "1004");
	display_mouse_encoding(&d);
	display_free(&d);
}
