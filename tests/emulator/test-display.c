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
 * The display diff's property test: for many seeded random pairs of
 * screens A and B (built by feeding realistic escape streams to fresh
 * emulators, or B grown from a copy of A), a receiver showing A that is
 * fed emu_display(A -> B) must show B cell for cell, with B's cursor, pen
 * and visible modes.  Run for both targets, for a receiver of unknown
 * state (from == NULL, fed into a fresh emulator), for a receiver that got
 * A from our own repaint (as SSP's receivers do), for a resized receiver,
 * and for a terminal without ECH or BCE and with fewer colours.  Soft-wrap
 * marks must match too, except on the bottom row (a wrap into the row
 * below the screen cannot be drawn).  Every
 * byte of the mosh-target output is checked against what a stock
 * mosh-client 1.4 accepts (ssp-wire.md 9.2/9.4).
 *
 *	test-display [PAIRS [FIRST-SEED]]
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"
#include "tests/test.h"

/* How each pair is turned into a receiver and a target. */
enum td_mode {
	TD_MOSH,     /* receiver shows A, mosh target */
	TD_TERM,     /* receiver shows A, terminal target, full caps */
	TD_NULL,     /* fresh receiver, from == NULL, mosh target */
	TD_DEGRADED, /* receiver shows A, terminal without ECH/BCE */
	TD_REPAINT,  /* receiver got A from our own repaint, mosh target */
	TD_COUNT
};
static const char *const td_mode_names[TD_COUNT] = { "mosh", "term", "null",
	"degraded", "repaint" };

/* A random stream in the making. */
struct td_gen {
	uint64_t s;
	int cols;
	int rows;
	struct emu_buf out;
};

/* Failures printed in detail before going quiet. */
#define TD_MAX_REPORTS 6

static uint32_t td_rand(struct td_gen *);
static int td_pick(struct td_gen *, int);
static void td_add(struct td_gen *, const char *, size_t);
static void td_addf(struct td_gen *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void td_utf8(struct td_gen *, uint32_t);
static void td_text(struct td_gen *);
static void td_sgr(struct td_gen *);
static void td_motion(struct td_gen *);
static void td_edit(struct td_gen *);
static void td_modes(struct td_gen *);
static void td_strings(struct td_gen *);
static void td_lines(struct td_gen *);
static void td_stream(struct td_gen *, int, int);
static void td_normalize(struct td_gen *);
static void td_feed(struct emu *, struct td_gen *);
static int td_blank(const char *);
static int td_kept_blank(const struct emu_cell *, const struct emu_cell *);
static int td_color_ok(uint32_t, uint32_t, int);
static void td_dump(const char *, const char *, size_t);
static int td_compare(
    const struct emu *, const struct emu *, int, char *, size_t);
static int td_comparable(const struct emu *, const struct emu *);
static int td_scan_csi(const unsigned char *, size_t, size_t *);
static int td_scan_osc(const unsigned char *, size_t, size_t *);
static int td_scan_mosh(const char *, size_t, char *, size_t);
static void td_no_reply(void *, const char *, size_t);
static int td_pair(uint64_t, enum td_mode, char *, size_t, size_t *);

/* Next random number (xorshift64*). */
static uint32_t
td_rand(struct td_gen *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return ((g->s * 0x2545f4914f6cdd1dULL) >> 32);
}

/* A random number in [0, n). */
static int
td_pick(struct td_gen *g, int n)
{
	return (n <= 0 ? 0 : (int)(td_rand(g) % (uint32_t)n));
}

/* Append bytes to the stream. */
static void
td_add(struct td_gen *g, const char *s, size_t len)
{
	if (g->out.size - g->out.len < len + 1) {
		g->out.size = (g->out.size + len) * 2 + 64;
		g->out.data = emu_xrealloc(g->out.data, g->out.size);
	}
	memcpy(g->out.data + g->out.len, s, len);
	g->out.len += len;
}

/* Append a formatted string to the stream. */
static void
td_addf(struct td_gen *g, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		td_add(g, tmp, (size_t)n < sizeof tmp ? (size_t)n : 0);
}

/* Append one code point as UTF-8. */
static void
td_utf8(struct td_gen *g, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = cp;
		td_add(g, b, 1);
	} else if (cp < 0x800) {
		b[0] = 0xc0 | (cp >> 6);
		b[1] = 0x80 | (cp & 0x3f);
		td_add(g, b, 2);
	} else if (cp < 0x10000) {
		b[0] = 0xe0 | (cp >> 12);
		b[1] = 0x80 | ((cp >> 6) & 0x3f);
		b[2] = 0x80 | (cp & 0x3f);
		td_add(g, b, 3);
	} else {
		b[0] = 0xf0 | (cp >> 18);
		b[1] = 0x80 | ((cp >> 12) & 0x3f);
		b[2] = 0x80 | ((cp >> 6) & 0x3f);
		b[3] = 0x80 | (cp & 0x3f);
		td_add(g, b, 4);
	}
}

/* A run of text: ASCII words, Latin, box drawing, CJK, emoji, marks. */
static void
td_text(struct td_gen *g)
{
	static const char words[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				    "    .,;:-_=+()[]{}<>/\\|!?#$%&*'\"`~^@";
	int n = 1 + td_pick(g, 24), i, k;

	for (i = 0; i < n; i++) {
		k = td_pick(g, 40);
		if (k < 30)
			td_add(g, &words[td_pick(g, sizeof words - 1)], 1);
		else if (k < 32)
			td_utf8(g, 0xe0 + td_pick(g, 32)); /* Latin-1 */
		else if (k < 34)
			td_utf8(g, 0x2500 + td_pick(g, 0x80)); /* box */
		else if (k < 37)
			td_utf8(g, 0x4e00 + td_pick(g, 500)); /* CJK, wide */
		else if (k < 38)
			td_utf8(g, 0x1f600 + td_pick(g, 64)); /* emoji */
		else if (k < 39) {
			td_add(g, "e", 1); /* base + combining mark */
			td_utf8(g, 0x300 + td_pick(g, 0x30));
		} else
			td_utf8(g, 0xac00 + td_pick(g, 2000)); /* Hangul */
	}
}

/* An SGR sequence with a few random parameters. */
static void
td_sgr(struct td_gen *g)
{
	static const int simple[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 21, 22, 23, 24,
		25, 27, 28, 29, 39, 49, 53, 55 };
	int n = 1 + td_pick(g, 3), i, k;

	td_add(g, "\033[", 2);
	for (i = 0; i < n; i++) {
		if (i > 0)
			td_add(g, ";", 1);
		k = td_pick(g, 10);
		if (k < 4)
			td_addf(g, "%d", simple[td_pick(g, 21)]);
		else if (k < 6)
			td_addf(g, "%d",
			    (td_pick(g, 2) ? 30 : 40) + td_pick(g, 8) +
				(td_pick(g, 3) == 0 ? 60 : 0));
		else if (k < 8)
			td_addf(g, "%d;5;%d", td_pick(g, 2) ? 38 : 48,
			    td_pick(g, 256));
		else
			td_addf(g, "%d;2;%d;%d;%d", td_pick(g, 2) ? 38 : 48,
			    td_pick(g, 256), td_pick(g, 256), td_pick(g, 256));
	}
	td_add(g, "m", 1);
}

/* A cursor motion. */
static void
td_motion(struct td_gen *g)
{
	static const char finals[] = "ABCDEFGd`";

	switch (td_pick(g, 8)) {
	case 0:
	case 1:
		td_addf(g, "\033[%d;%dH", 1 + td_pick(g, g->rows),
		    1 + td_pick(g, g->cols));
		break;
	case 2:
		td_addf(g, "\033[%d%c", td_pick(g, 6), finals[td_pick(g, 9)]);
		break;
	case 3:
		td_add(g, "\r", 1);
		break;
	case 4:
		td_add(g, "\b", 1);
		break;
	case 5:
		td_add(g, "\t", 1);
		break;
	case 6:
		td_add(g, td_pick(g, 2) ? "\0337" : "\0338", 2);
		break;
	default:
		td_addf(g, "\033[%d;%dH", g->rows, 1 + td_pick(g, g->cols));
		break;
	}
}

/* An erasure, insertion, deletion or scroll. */
static void
td_edit(struct td_gen *g)
{
	static const char finals[] = "JKX@PLMST";
	int top;

	switch (td_pick(g, 6)) {
	case 0:
	case 1:
	case 2:
		td_addf(g, "\033[%d%c", td_pick(g, 4), finals[td_pick(g, 9)]);
		break;
	case 3:
		top = 1 + td_pick(g, g->rows);
		td_addf(g, "\033[%d;%dr", top, top + td_pick(g, g->rows));
		break;
	case 4:
		td_add(g, td_pick(g, 2) ? "\033M" : "\033D", 2);
		break;
	default:
		td_add(g, td_pick(g, 4) ? "\033[r" : "\033E", 3);
		break;
	}
}

/* A mode change. */
static void
td_modes(struct td_gen *g)
{
	static const int decset[] = { 25, 25, 25, 5, 2004, 9, 1000, 1001, 1002,
		1003, 1004, 1005, 1006, 1015, 6, 7, 1, 1049, 47, 1007 };
	const char *hl = td_pick(g, 2) ? "h" : "l";

	switch (td_pick(g, 6)) {
	case 0:
		td_addf(g, "\033[4%s", hl);
		break;
	case 1:
		td_add(g, td_pick(g, 2) ? "\033(0" : "\033(B", 3);
		break;
	default:
		td_addf(g, "\033[?%d%s", decset[td_pick(g, 20)], hl);
		break;
	}
}

/* A title, icon name, clipboard, bell or query. */
static void
td_strings(struct td_gen *g)
{
	static const char *const titles[] = { "vim", "bash", "top - 12:00",
		"caf\xc3\xa9", "\xe6\xbc\xa2\xe5\xad\x97", "" };
	static const char *const clips[] = { "aGVsbG8=", "d29ybGQ=", "" };
	static const char *const queries[] = { "\033[c", "\033[>c", "\033[5n",
		"\033[6n", "\033[0c" };

	switch (td_pick(g, 6)) {
	case 0:
	case 1:
		td_addf(
		    g, "\033]%d;%s\007", td_pick(g, 3), titles[td_pick(g, 6)]);
		break;
	case 2:
		td_addf(g, "\033]52;c;%s\007", clips[td_pick(g, 3)]);
		break;
	case 3:
		td_add(g, "\007", 1);
		break;
	default:
		td_addf(g, "%s", queries[td_pick(g, 5)]);
		break;
	}
}

/* A burst of lines, as a shell or a log scrolls. */
static void
td_lines(struct td_gen *g)
{
	int n = 1 + td_pick(g, 4), i;

	for (i = 0; i < n; i++) {
		td_text(g);
		td_add(g, "\r\n", 2);
	}
}

/* Generate ops operations; plain limits it to text, SGR and moves. */
static void
td_stream(struct td_gen *g, int ops, int plain)
{
	int i, k;

	for (i = 0; i < ops; i++) {
		k = td_pick(g, 100);
		if (k < 35)
			td_text(g);
		else if (k < 50)
			td_sgr(g);
		else if (k < 62 && plain) /* DECRC could restore charsets */
			td_addf(g, "\033[%d;%dH", 1 + td_pick(g, g->rows),
			    1 + td_pick(g, g->cols));
		else if (k < 62)
			td_motion(g);
		else if (k < 72)
			td_lines(g);
		else if (plain)
			td_add(g, "\r\n", 2);
		else if (k < 88)
			td_edit(g);
		else if (k < 96)
			td_modes(g);
		else
			td_strings(g);
	}
}

/*
 * Put back the state a receiver of our diffs always has (no scroll region,
 * no insert or origin mode, autowrap, ASCII charsets) without losing the
 * cursor: the receiver of A is A itself.
 */
static void
td_normalize(struct td_gen *g)
{
	static const char reset[] =
	    "\033[4l\033[?6l\033[?7h\033(B\033)B\017\033[r";

	td_add(g, reset, sizeof reset - 1);
	td_addf(
	    g, "\033[%d;%dH", 1 + td_pick(g, g->rows), 1 + td_pick(g, g->cols));
	td_stream(g, td_pick(g, 6), 1);
}

/* Feed the stream so far to an emulator and empty it. */
static void
td_feed(struct emu *e, struct td_gen *g)
{
	emu_write(e, g->out.data, g->out.len);
	g->out.len = 0;
}

/* Is a cell's text blank for a terminal (empty or a space)? */
static int
td_blank(const char *text)
{
	return (text[0] == '\0' || strcmp(text, " ") == 0);
}

/*
 * Is got a space standing for want, a blank that kept attributes or a
 * colour (the half of a wide character cut apart): they look the same and
 * no erase can make such a blank.
 */
static int
td_kept_blank(const struct emu_cell *got, const struct emu_cell *want)
{
	return (want->text[0] == '\0' && strcmp(got->text, " ") == 0 &&
	    (want->attr != 0 || want->fg != EMU_COLOR_DEFAULT));
}

/* Is got an acceptable picture of want on a terminal with colors? */
static int
td_color_ok(uint32_t got, uint32_t want, int colors)
{
	uint32_t v = EMU_COLOR_VALUE(got);

	if (got == want) /* drawn exactly, or left as the receiver had it */
		return (1);
	if (colors == 0 || want == EMU_COLOR_DEFAULT)
		return (0);
	if (EMU_COLOR_TYPE(want) == EMU_COLOR_PALETTE &&
	    EMU_COLOR_VALUE(want) < 8)
		return (got == want);
	if (EMU_COLOR_TYPE(got) != EMU_COLOR_PALETTE)
		return (0);
	return (v < (uint32_t)(colors < 256 ? colors : 256));
}

/*
 * Does r show what b shows?  colors == 0 asks for exact cells; otherwise
 * blanks may be spaces and colours degraded to that many.  On a mismatch,
 * describe the first difference in why.
 */
static int
td_compare(
    const struct emu *r, const struct emu *b, int colors, char *why, size_t len)
{
	struct emu_cell gc, wc;
	uint16_t ga, wa;
	uint32_t gf, wf, gb, wb;
	int row, col, gy, gx, wy, wx, same;

	if (emu_cols(r) != emu_cols(b) || emu_rows(r) != emu_rows(b)) {
		snprintf(why, len, "size %dx%d, want %dx%d", emu_cols(r),
		    emu_rows(r), emu_cols(b), emu_rows(b));
		return (0);
	}
	for (row = 0; row < emu_rows(b); row++) {
		for (col = 0; col < emu_cols(b); col++) {
			emu_cell(r, row, col, &gc);
			emu_cell(b, row, col, &wc);
			if (colors == 0)
				same = (strcmp(gc.text, wc.text) == 0 ||
					   td_kept_blank(&gc, &wc)) &&
				    gc.fg == wc.fg && gc.bg == wc.bg;
			else
				same = (strcmp(gc.text, wc.text) == 0 ||
					   (td_blank(gc.text) &&
					       td_blank(wc.text))) &&
				    td_color_ok(gc.fg, wc.fg, colors) &&
				    td_color_ok(gc.bg, wc.bg, colors);
			if (same && gc.width == wc.width && gc.attr == wc.attr)
				continue;
			snprintf(why, len,
			    "row %d col %d: got \"%s\" w%d a%x fg%x bg%x, "
			    "want \"%s\" w%d a%x fg%x bg%x",
			    row, col, gc.text, gc.width, gc.attr, gc.fg, gc.bg,
			    wc.text, wc.width, wc.attr, wc.fg, wc.bg);
			return (0);
		}
	}
	for (row = 0; row + 1 < emu_rows(b); row++) {
		if (emu_row_wrapped(r, row) != emu_row_wrapped(b, row)) {
			snprintf(why, len, "row %d: soft wrap %d, want %d", row,
			    emu_row_wrapped(r, row), emu_row_wrapped(b, row));
			return (0);
		}
	}
	emu_cursor(r, &gy, &gx);
	emu_cursor(b, &wy, &wx);
	if (gy != wy || gx != wx) {
		snprintf(why, len, "cursor %d,%d, want %d,%d", gy, gx, wy, wx);
		return (0);
	}
	if (emu_mode(r, EMU_MODE_CURSOR_VISIBLE) !=
		emu_mode(b, EMU_MODE_CURSOR_VISIBLE) ||
	    emu_mode(r, EMU_MODE_REVERSE_VIDEO) !=
		emu_mode(b, EMU_MODE_REVERSE_VIDEO) ||
	    emu_mode(r, EMU_MODE_BRACKETED_PASTE) !=
		emu_mode(b, EMU_MODE_BRACKETED_PASTE) ||
	    emu_mode(r, EMU_MODE_FOCUS) != emu_mode(b, EMU_MODE_FOCUS) ||
	    emu_mouse(r) != emu_mouse(b) ||
	    emu_mouse_encoding(r) != emu_mouse_encoding(b)) {
		snprintf(why, len, "modes differ");
		return (0);
	}
	emu_pen(r, &ga, &gf, &gb);
	emu_pen(b, &wa, &wf, &wb);
	if (ga != wa || !td_color_ok(gf, wf, colors) ||
	    !td_color_ok(gb, wb, colors)) {
		snprintf(why, len, "pen a%x fg%x bg%x, want a%x fg%x bg%x", ga,
		    gf, gb, wa, wf, wb);
		return (0);
	}
	if (colors == 0 &&
	    ((emu_title_set(b) && strcmp(emu_title(r), emu_title(b)) != 0) ||
		strcmp(emu_icon(r), emu_icon(b)) != 0)) {
		snprintf(why, len, "title \"%s\"/\"%s\", want \"%s\"/\"%s\"",
		    emu_title(r), emu_icon(r), emu_title(b), emu_icon(b));
		return (0);
	}
	if (emu_clipboard(b)[0] != '\0' &&
	    strcmp(emu_clipboard(r), emu_clipboard(b)) != 0) {
		snprintf(why, len, "clipboard \"%s\", want \"%s\"",
		    emu_clipboard(r), emu_clipboard(b));
		return (0);
	}
	return (1);
}

/*
 * Can emu_screen_equal agree?  It also compares what no diff can set: the
 * bell count (one BEL stands for any number), a title never set, a
 * clipboard emptied, and blanks that kept attributes (drawn as spaces).
 */
static int
td_comparable(const struct emu *r, const struct emu *b)
{
	struct emu_cell c;
	int row, col;

	for (row = 0; row < emu_rows(b); row++) {
		for (col = 0; col < emu_cols(b); col++) {
			emu_cell(b, row, col, &c);
			if (c.text[0] == '\0' && c.width == 1 &&
			    (c.attr != 0 || c.fg != EMU_COLOR_DEFAULT))
				return (0); /* drawn as a space */
		}
	}
	return (emu_bell_count(r) == emu_bell_count(b) &&
	    emu_title_set(r) == emu_title_set(b) &&
	    strcmp(emu_clipboard(r), emu_clipboard(b)) == 0);
}

/* Check one CSI sequence at s (after ESC [); set *used. */
static int
td_scan_csi(const unsigned char *s, size_t len, size_t *used)
{
	static const int ok_decset[] = { 5, 25, 2004, 9, 1000, 1001, 1002, 1003,
		1004, 1005, 1006, 1015 };
	size_t i = 0, j;
	int priv = 0, param = 0, found;

	if (i < len && s[i] == '?') {
		priv = 1;
		i++;
	}
	for (;; i++) {
		if (i >= len)
			return (0); /* split sequence */
		if (s[i] >= '0' && s[i] <= '9') {
			if (param < 100000)
				param = param * 10 + (s[i] - '0');
			continue;
		}
		if (s[i] == ';' && priv) {
			for (found = 0, j = 0; j < 12; j++)
				found |= ok_decset[j] == param;
			if (!found)
				return (0);
			param = 0;
			continue;
		}
		if (s[i] == ';') {
			param = 0;
			continue;
		}
		break;
	}
	*used = i + 1;
	if (priv) {
		if (s[i] != 'h' && s[i] != 'l')
			return (0);
		for (found = 0, j = 0; j < 12; j++)
			found |= ok_decset[j] == param;
		return (found);
	}
	if (s[i] == 'J')
		return (param == 2);
	return (strchr("HKXmrABCD", s[i]) != NULL && s[i] != '\0');
}

/* Check one OSC string at s (after ESC ]); set *used. */
static int
td_scan_osc(const unsigned char *s, size_t len, size_t *used)
{
	size_t i;

	if (len < 2)
		return (0);
	if (!((s[0] >= '0' && s[0] <= '2' && s[1] == ';') ||
		(len > 5 && memcmp(s, "52;c;", 5) == 0)))
		return (0);
	for (i = 0; i < len; i++) {
		if (s[i] == '\007') {
			*used = i + 1;
			return (1);
		}
		if (s[i] < 0x20 || s[i] == 0x7f)
			return (0);
	}
	return (0); /* split */
}

/* Is every byte something a stock mosh-client 1.4 applies safely? */
static int
td_scan_mosh(const char *data, size_t len, char *why, size_t wlen)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, used;
	int ok;

	while (i < len) {
		used = 1;
		if (s[i] == 0x1b && i + 1 < len && s[i + 1] == '[')
			ok = td_scan_csi(s + i + 2, len - i - 2, &used);
		else if (s[i] == 0x1b && i + 1 < len && s[i + 1] == ']')
			ok = td_scan_osc(s + i + 2, len - i - 2, &used);
		else if (s[i] == 0x1b && i + 1 < len && s[i + 1] == 'M') {
			ok = 1;
			used = 0;
		} else if (s[i] == 0x1b)
			ok = 0;
		else if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] < 0xa0)
			ok = 0; /* a C1 control as UTF-8 */
		else if (s[i] < 0x20 || s[i] == 0x7f)
			ok = strchr("\007\b\n\r", s[i]) != NULL;
		else
			ok = 1;
		if (!ok) {
			snprintf(why, wlen, "byte %zu: bad sequence \"%.12s\"",
			    i, data + i + 1);
			return (0);
		}
		i += s[i] == 0x1b ? used + 2 : 1;
	}
	return (1);
}

/* Print bytes with escapes made visible (for TD_DEBUG). */
static void
td_dump(const char *what, const char *data, size_t len)
{
	size_t i;

	printf("%s (%zu bytes): ", what, len);
	for (i = 0; i < len; i++) {
		if (data[i] == 0x1b)
			printf("\\e");
		else if ((unsigned char)data[i] < 0x20)
			printf("^%c", data[i] + 64);
		else
			putchar(data[i]);
	}
	putchar('\n');
}

/* Flag a reply: a diff must never make the receiver answer. */
static void
td_no_reply(void *arg, const char *buf, size_t len)
{
	*(int *)arg = 1;
}

/*
 * One random pair: build A and B, apply the diff to a receiver and compare.
 * Returns 1 if B is reproduced; *bytes gets the diff's size.
 */
static int
td_pair(uint64_t seed, enum td_mode mode, char *why, size_t len, size_t *bytes)
{
	static const struct emu_termcaps full = { 1, 1, 0x1000000, 1, NULL };
	static const int degraded_colors[] = { 256, 16, 8 };
	struct emu_termcaps caps = { 0, 0, 256, 1, NULL };
	struct td_gen g = { 0 };
	struct emu *a, *b, *r;
	struct emu_buf buf = { 0 };
	int kind, replied = 0, ok, colors = 0, bcols, brows;

	g.s = seed * 0x9e3779b97f4a7c15ULL + 1;
	g.cols = td_pick(&g, 4) == 0 ? 80 : 2 + td_pick(&g, 99);
	g.rows = td_pick(&g, 4) == 0 ? 24 : 1 + td_pick(&g, 30);
	a = emu_new(g.cols, g.rows, 0);
	td_stream(&g, 5 + td_pick(&g, 80), 0);
	td_normalize(&g);
	td_feed(a, &g);

	kind = td_pick(&g, 10);
	if (kind < 6) { /* B grows from A, as successive frames do */
		b = emu_clone(a, 0);
		td_stream(&g, td_pick(&g, 30), 0);
	} else if (kind < 9) { /* unrelated screens */
		b = emu_new(g.cols, g.rows, 0);
		td_stream(&g, 5 + td_pick(&g, 80), 0);
	} else { /* resized */
		b = emu_clone(a, 0);
		emu_resize(b, 2 + td_pick(&g, 99), 1 + td_pick(&g, 30));
		g.cols = emu_cols(b);
		g.rows = emu_rows(b);
		td_stream(&g, td_pick(&g, 30), 0);
	}
	td_feed(b, &g);
	bcols = emu_cols(b);
	brows = emu_rows(b);

	if (mode == TD_NULL)
		r = emu_new(bcols, brows, 0);
	else if (mode == TD_REPAINT) {
		/* As SSP: A is what our own bytes made of a fresh terminal. */
		r = emu_new(emu_cols(a), emu_rows(a), 0);
		emu_display(&buf, NULL, a, EMU_DISPLAY_MOSH, NULL);
		emu_write(r, buf.data, buf.len);
		buf.len = 0;
		emu_free(a);
		a = emu_clone(r, 0);
		if (emu_cols(r) != bcols || emu_rows(r) != brows)
			emu_resize(r, bcols, brows);
	} else {
		r = emu_clone(a, 0);
		if (emu_cols(r) != bcols || emu_rows(r) != brows)
			emu_resize(r, bcols, brows);
	}
	emu_set_reply(r, td_no_reply, &replied);
	if (mode == TD_DEGRADED) {
		colors = degraded_colors[seed % 3];
		caps.colors = colors;
		caps.has_ech = seed % 2;
	}
	emu_display(&buf, mode == TD_NULL ? NULL : a, b,
	    mode == TD_TERM || mode == TD_DEGRADED ? EMU_DISPLAY_TERM
						   : EMU_DISPLAY_MOSH,
	    mode == TD_DEGRADED ? &caps : &full);
	*bytes = buf.len;
	emu_write(r, buf.data, buf.len);
	if (getenv("TD_DEBUG") != NULL) {
		td_dump("diff", buf.data, buf.len);
		td_dump("b", g.out.data, 0);
	}

	ok = td_compare(r, b, colors, why, len);
	if (ok && colors == 0 && td_comparable(r, b) &&
	    !emu_screen_equal(r, b)) {
		snprintf(why, len, "emu_screen_equal says they differ");
		ok = 0;
	}
	if (ok && replied) {
		snprintf(why, len, "the receiver replied to a query");
		ok = 0;
	}
	if (ok && mode != TD_TERM && mode != TD_DEGRADED)
		ok = td_scan_mosh(buf.data, buf.len, why, len);
	emu_buf_free(&buf);
	emu_free(r);
	emu_free(b);
	emu_free(a);
	free(g.out.data);
	return (ok);
}

int
main(int argc, char **argv)
{
	char why[512], what[128];
	uint64_t first = 1, seed;
	long pairs = 2000;
	size_t bytes, total;
	int mode, failed, reports = 0;

	if (argc > 1)
		pairs = strtol(argv[1], NULL, 10);
	if (argc > 2)
		first = strtoull(argv[2], NULL, 10);
	for (mode = 0; mode < TD_COUNT; mode++) {
		failed = 0;
		total = 0;
		for (seed = first; seed < first + (uint64_t)pairs; seed++) {
			if (td_pair(seed, mode, why, sizeof why, &bytes)) {
				total += bytes;
				continue;
			}
			failed++;
			if (reports++ < TD_MAX_REPORTS)
				printf("  %s seed %llu: %s\n",
				    td_mode_names[mode],
				    (unsigned long long)seed, why);
		}
		snprintf(what, sizeof what,
		    "%s: %ld random pairs reproduced (%d failed, %zu bytes)",
		    td_mode_names[mode], pairs, failed, total);
		CHECK(failed == 0, what);
	}
	return (test_done());
}
