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
 * The display diff's targeted tests: what typical frames cost (an
 * unchanged screen, a one-line scroll, one typed character, scrolls in a
 * region and backwards), that a mosh-target diff never carries a query or
 * a sequence a stock mosh-client ignores, the full repaint after a resize,
 * the bell, titles with a prefix, colour degrading and terminals without
 * BCE or ECH, and chains of frames applied one after the other as SSP does.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"
#include "tests/test.h"
#include "tests/emulator/emu-test.h"

/* Sequences a mosh-target diff must never contain. */
static const char *const tc_forbidden[] = { "\033[c", "\033[0c", "\033[>c",
	"\033[5n", "\033[6n", "\033[?1049h", "\033[?1047h", "\033[?47h",
	"\033(0", "\033)0", "\033[4h", "\033[?6h", "\033[?1h", "\016" };

static const struct emu_termcaps tc_full = { 1, 1, 0x1000000, 1, NULL };

/* A frame change on a filled 80x24 screen and what its diff may cost. */
struct tc_frame {
	const char *setup;     /* fed to the first screen after filling it */
	const char *change;    /* fed to its copy, the second screen */
	size_t limit;	       /* the diff is shorter than this */
	const char *what;      /* the check, followed by the diff's size */
	const char *uses[2];   /* sequences the diff must contain, or NULL */
	const char *uses_what; /* the check on those sequences */
};

/* Scrolls in a region and backwards, and clear(1). */
static const struct tc_frame tc_frames[] = {
	{ "\033[24H\033[7mstatus line\033[K\033[m\033[1;23r\033[23H",
	    "\r\nnew line in the region", 200, "scroll above a status line",
	    { "\033[1;23r", "\033[r" },
	    "region scroll uses DECSTBM and resets it" },
	{ "\033[6;23r\033[23H", "\r\nlower pane output\r\nand more", 100,
	    "two-line scroll of a lower pane", { "\033[6;23r", NULL },
	    "the pane's region is used" },
	{ "", "\033[H\033Mprevious line", 200, "one-line reverse scroll",
	    { NULL, NULL }, NULL },
	{ "", "\033[H\033[2J$ ", 30, "clear(1) of a full 80x24", { NULL, NULL },
	    NULL },
};

static struct emu *tc_emu(int, int, const char *);
static size_t tc_diff(struct emu_buf *, const struct emu *, const struct emu *,
    enum emu_display_target, const struct emu_termcaps *);
static int tc_same(const struct emu *, const struct emu *);
static int tc_contains(const struct emu_buf *, const char *);
static void tc_fill(struct emu *);
static size_t tc_apply(const struct emu *, const struct emu *,
    enum emu_display_target, const struct emu_termcaps *, int *);
static void tc_cost(
    const struct emu *, const struct emu *, size_t, const char *);
static void test_unchanged(void);
static void test_scroll(void);
static void test_frames(void);
static void test_typing(void);
static void test_mosh_safe(void);
static void test_resize(void);
static void test_bell_title(void);
static void test_colors(void);
static void test_no_bce(void);
static void test_hidden_moves(void);
static void test_wrap(void);
static void test_chain(void);

/* A new terminal fed a string. */
static struct emu *
tc_emu(int cols, int rows, const char *s)
{
	struct emu *e = emu_new(cols, rows, 0);

	put(e, s);
	return (e);
}

/* Replace buf's contents with the diff from a to b; return its length. */
static size_t
tc_diff(struct emu_buf *buf, const struct emu *a, const struct emu *b,
    enum emu_display_target target, const struct emu_termcaps *caps)
{
	buf->len = 0;
	emu_display(buf, a, b, target, caps);
	return (buf->len);
}

/* Do two terminals show the same cells and cursor? */
static int
tc_same(const struct emu *r, const struct emu *b)
{
	struct emu_cell x, y;
	int row, col, ry, rx, by, bx;

	if (emu_cols(r) != emu_cols(b) || emu_rows(r) != emu_rows(b))
		return (0);
	for (row = 0; row < emu_rows(b); row++) {
		for (col = 0; col < emu_cols(b); col++) {
			emu_cell(r, row, col, &x);
			emu_cell(b, row, col, &y);
			if (strcmp(x.text, y.text) != 0 || x.width != y.width ||
			    x.attr != y.attr || x.fg != y.fg || x.bg != y.bg)
				return (0);
		}
	}
	emu_cursor(r, &ry, &rx);
	emu_cursor(b, &by, &bx);
	return (ry == by && rx == bx);
}

/* Does the buffer contain this byte string? */
static int
tc_contains(const struct emu_buf *buf, const char *s)
{
	return (
	    buf->len != 0 && memmem(buf->data, buf->len, s, strlen(s)) != NULL);
}

/* Fill a terminal with a screenful of numbered coloured lines. */
static void
tc_fill(struct emu *e)
{
	char line[128];
	int i, n;

	for (i = 0; i < emu_rows(e); i++) {
		n = snprintf(line, sizeof line,
		    "%s\033[3%dmline %d: the quick brown fox jumps over the "
		    "lazy dog\033[m",
		    i == 0 ? "" : "\r\n", i % 8, i);
		emu_write(e, line, n);
	}
}

/* Apply the diff a -> b to a copy of a; return its size, set *same. */
static size_t
tc_apply(const struct emu *a, const struct emu *b,
    enum emu_display_target target, const struct emu_termcaps *caps, int *same)
{
	struct emu_buf buf = { 0 };
	struct emu *r = emu_clone(a, 0);
	size_t len;

	if (emu_cols(r) != emu_cols(b) || emu_rows(r) != emu_rows(b))
		emu_resize(r, emu_cols(b), emu_rows(b));
	len = tc_diff(&buf, a, b, target, caps);
	emu_write(r, buf.data, buf.len);
	*same = tc_same(r, b);
	emu_buf_free(&buf);
	emu_free(r);
	return (len);
}

/* Check that the mosh-target diff a -> b reproduces b in under limit bytes. */
static void
tc_cost(
    const struct emu *a, const struct emu *b, size_t limit, const char *what)
{
	char msg[128];
	size_t len;
	int same;

	len = tc_apply(a, b, EMU_DISPLAY_MOSH, NULL, &same);
	snprintf(msg, sizeof msg, "%s: %zu bytes", what, len);
	CHECK(same && len < limit, msg);
}

/* An unchanged screen costs nothing. */
static void
test_unchanged(void)
{
	struct emu_buf buf = { 0 };
	struct emu *a, *b;

	a = tc_emu(80, 24, "\033]0;title\007\033[?2004h\033[?1002h\033[1;31m");
	tc_fill(a);
	put(a, "\033[5;10H\033[44mhello \xe6\xbc\xa2\xe5\xad\x97");
	b = emu_clone(a, 0);
	CHECK_INT(tc_diff(&buf, a, a, EMU_DISPLAY_MOSH, NULL), 0,
	    "unchanged frame (same terminal): 0 bytes");
	CHECK_INT(tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL), 0,
	    "unchanged frame (a copy): 0 bytes, mosh target");
	CHECK_INT(tc_diff(&buf, a, b, EMU_DISPLAY_TERM, &tc_full), 0,
	    "unchanged frame (a copy): 0 bytes, terminal target");
	emu_buf_free(&buf);
	emu_free(b);
	emu_free(a);
}

/* A one-line scroll of a full 80x24 screen costs a scroll. */
static void
test_scroll(void)
{
	struct emu *a, *b;
	size_t len;
	int same;
	char what[128];

	a = emu_new(80, 24, 0);
	tc_fill(a);
	b = emu_clone(a, 0);
	put(b, "\r\n$ next command line");
	len = tc_apply(a, b, EMU_DISPLAY_MOSH, NULL, &same);
	CHECK(same, "one-line scroll reproduced");
	snprintf(what, sizeof what, "one-line scroll of 80x24: %zu bytes", len);
	CHECK(len < 200, what);
	len = tc_apply(a, b, EMU_DISPLAY_TERM, &tc_full, &same);
	CHECK(same && len < 200, "one-line scroll, terminal target");

	put(b, "\r\n1\r\n2\r\n3\r\n4\r\n5");
	tc_cost(a, b, 200, "six-line scroll of 80x24");
	emu_free(b);
	emu_free(a);
}

/* Each frame change in tc_frames is reproduced within its cost. */
static void
test_frames(void)
{
	const struct tc_frame *f;
	struct emu_buf buf = { 0 };
	struct emu *a, *b;
	size_t i;
	int used;

	for (i = 0; i < sizeof tc_frames / sizeof *tc_frames; i++) {
		f = &tc_frames[i];
		a = emu_new(80, 24, 0);
		tc_fill(a);
		put(a, f->setup);
		b = emu_clone(a, 0);
		put(b, f->change);
		tc_cost(a, b, f->limit, f->what);
		if (f->uses[0] != NULL) {
			tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL);
			used = tc_contains(&buf, f->uses[0]);
			if (f->uses[1] != NULL)
				used = used && tc_contains(&buf, f->uses[1]);
			CHECK(used, f->uses_what);
		}
		emu_free(b);
		emu_free(a);
	}
	emu_buf_free(&buf);
}

/* Typing one character at a prompt. */
static void
test_typing(void)
{
	struct emu *a, *b;

	a = tc_emu(80, 24, "\033[1;32muser@host\033[m:~$ ls");
	b = emu_clone(a, 0);
	put(b, "x");
	tc_cost(a, b, 3, "typing one character");
	put(a, "\033[1m"); /* the app's pen differs from the text */
	emu_free(b);
	b = emu_clone(a, 0);
	put(b, "\033[mx\033[1m");
	tc_cost(a, b, 20, "typing with a pen change");
	emu_free(b);
	emu_free(a);
}

/* Queries, the alternate screen and charsets never reach a mosh client. */
static void
test_mosh_safe(void)
{
	static const char stream[] = "\033[c\033[>c\033[5n\033[6n\033[?1049h"
				     "\033(0lqqk\r\nx  x\r\nmqqj\033(B\033[4h"
				     "\033[?6h\033[?1hins\033]0;t\033[6nt\007"
				     "\302\233"
				     "6n\033P$q\033\\";
	struct emu_buf buf = { 0 };
	struct emu *b;
	size_t i;
	int bad = 0;

	b = tc_emu(40, 10, stream);
	tc_diff(&buf, NULL, b, EMU_DISPLAY_MOSH, NULL);
	for (i = 0; i < sizeof tc_forbidden / sizeof *tc_forbidden; i++)
		bad |= tc_contains(&buf, tc_forbidden[i]);
	CHECK(!bad, "mosh target: no query, alternate screen, charset, IRM");
	CHECK(!tc_contains(&buf, "\302\233"), "mosh target: no C1 control");
	CHECK(tc_contains(&buf, "\xe2\x94\x8c"),
	    "line drawing sent as UTF-8 box characters");
	emu_buf_free(&buf);
	emu_free(b);
}

/* A resized receiver gets a full repaint. */
static void
test_resize(void)
{
	struct emu_buf buf = { 0 };
	struct emu *a, *b;
	size_t len;
	int same;
	char what[128];

	a = emu_new(80, 24, 0);
	tc_fill(a);
	b = emu_clone(a, 0);
	emu_resize(b, 100, 30);
	put(b, "\r\nafter resize");
	len = tc_apply(a, b, EMU_DISPLAY_MOSH, NULL, &same);
	snprintf(what, sizeof what, "resize 80x24 -> 100x30: %zu bytes", len);
	CHECK(same, what);
	tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(tc_contains(&buf, "\033[r\033[0m\033[H\033[2J"),
	    "resize: the repaint starts with a clear");
	emu_resize(b, 20, 5);
	tc_apply(a, b, EMU_DISPLAY_MOSH, NULL, &same);
	CHECK(same, "resize 80x24 -> 20x5");
	emu_buf_free(&buf);
	emu_free(b);
	emu_free(a);
}

/* One BEL for any number of bells; titles, with the terminal's prefix. */
static void
test_bell_title(void)
{
	static const struct emu_termcaps caps = { 1, 1, 256, 1, "[mosh] " };
	static const struct emu_termcaps notitle = { 1, 1, 256, 0, NULL };
	struct emu_buf buf = { 0 };
	struct emu *a, *b;

	a = tc_emu(80, 24, "$ ");
	b = emu_clone(a, 0);
	put(b, "\007\007\007\033]2;my title\007\033]1;icon\007");
	tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(memchr(buf.data, '\007', buf.len) == buf.data &&
		buf.data[1] != '\007',
	    "three bells: one BEL first");
	CHECK(tc_contains(&buf, "\033]1;icon\007\033]2;my title\007"),
	    "icon and title sent");
	tc_diff(&buf, a, b, EMU_DISPLAY_TERM, &caps);
	CHECK(tc_contains(&buf, "\033]2;[mosh] my title\007"),
	    "terminal title with its prefix");
	tc_diff(&buf, a, b, EMU_DISPLAY_TERM, &notitle);
	CHECK(!tc_contains(&buf, "\033]"), "no title without the capability");
	emu_free(b);
	b = emu_clone(a, 0);
	put(b, "\033]0;t\033[6n\001x\007");
	tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(!tc_contains(&buf, "\033[6n") && !tc_contains(&buf, "\001"),
	    "title text without controls");
	emu_buf_free(&buf);
	emu_free(b);
	emu_free(a);
}

/* Colours as each terminal can show them. */
static void
test_colors(void)
{
	static const struct emu_termcaps c256 = { 1, 1, 256, 0, NULL };
	static const struct emu_termcaps c16 = { 1, 1, 16, 0, NULL };
	static const struct emu_termcaps c8 = { 1, 1, 8, 0, NULL };
	struct emu_buf buf = { 0 };
	struct emu *b;

	b = tc_emu(40, 5, "\033[38;2;255;0;0mR\033[91mB\033[38;5;208mO");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(tc_contains(&buf, "38;2;255;0;0mR") &&
		tc_contains(&buf, "38;5;9mB") &&
		tc_contains(&buf, "38;5;208mO"),
	    "mosh target: true colour, bright as 38;5;n, 256 colours");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_TERM, &c256);
	CHECK(tc_contains(&buf, "38;5;196mR"), "true colour -> 256");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_TERM, &c16);
	CHECK(tc_contains(&buf, "91mR") && tc_contains(&buf, "91mB"),
	    "true colour and bright -> 16");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_TERM, &c8);
	CHECK(tc_contains(&buf, "31mR") && !tc_contains(&buf, ";9"),
	    "true colour and bright -> 8");
	emu_buf_free(&buf);
	emu_free(b);
}

/* Without BCE, coloured blanks are spaces; without ECH, runs are spaces. */
static void
test_no_bce(void)
{
	static const struct emu_termcaps caps = { 0, 0, 256, 0, NULL };
	struct emu_buf buf = { 0 };
	struct emu *b;

	b = tc_emu(20, 3, "\033[44m\033[2K\033[mab\033[10Ccd");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_TERM, &caps);
	CHECK(tc_contains(&buf, "44m          \033[0mcd\033[0;44m      "),
	    "no BCE: a blue line drawn with spaces");
	CHECK(!tc_contains(&buf, "X"), "no ECH: no erase-characters");
	tc_diff(&buf, NULL, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(tc_contains(&buf, "44m\033[K"), "with BCE: EL in colour");
	emu_buf_free(&buf);
	emu_free(b);
}

/* A real terminal's cursor is hidden while drawing, shown again after. */
static void
test_hidden_moves(void)
{
	struct emu_buf buf = { 0 };
	struct emu *a, *b;
	const char *hide, *show;

	a = tc_emu(80, 24, "$ ");
	b = emu_clone(a, 0);
	put(b, "\0337\033[10;10Hsomewhere\0338");
	tc_diff(&buf, a, b, EMU_DISPLAY_TERM, &tc_full);
	hide = memmem(buf.data, buf.len, "\033[?25l", 6);
	show = memmem(buf.data, buf.len, "\033[?25h", 6);
	CHECK(hide != NULL && show != NULL && hide < show &&
		hide < (char *)memmem(buf.data, buf.len, "somewhere", 9),
	    "terminal target: cursor hidden while drawing");
	tc_diff(&buf, a, b, EMU_DISPLAY_MOSH, NULL);
	CHECK(!tc_contains(&buf, "\033[?25"),
	    "mosh target: no cursor hiding for the moves");
	emu_buf_free(&buf);
	emu_free(b);
	emu_free(a);
}

/* A long line wraps by itself in the receiver, keeping the soft wrap. */
static void
test_wrap(void)
{
	struct emu_buf buf = { 0 };
	struct emu *b, *r;
	char line[200];

	memset(line, 'w', sizeof line);

	b = emu_new(80, 24, 0);
	emu_write(b, line, 170);
	r = emu_new(80, 24, 0);
	tc_diff(&buf, NULL, b, EMU_DISPLAY_MOSH, NULL);
	emu_write(r, buf.data, buf.len);
	CHECK(tc_same(r, b) && emu_row_wrapped(r, 0) && emu_row_wrapped(r, 1) &&
		!emu_row_wrapped(r, 2),
	    "soft-wrapped rows stay soft-wrapped");
	line[170] = '\0';
	CHECK(tc_contains(&buf, line),
	    "the wrap is the terminal's own (no move in between)");
	emu_buf_free(&buf);
	emu_free(r);
	emu_free(b);
}

/* Frames applied one after another, as a receiver of SSP diffs does. */
static void
test_chain(void)
{
	static const char *const chunks[] = { "ls -l\r\n",
		"\033[1;34mdir\033[m  ", "file.c\r\n", "\033[2J\033[H",
		"\033[?25l", "\033[?25h", "\033[5;5H\033[41m  \033[m",
		"\xe6\xbc\xa2\xe5\xad\x97 ", "\033[K", "\033[3L", "\033[2M",
		"\033[?2004h", "\033[10;20r", "\033[r", "\033M", "\r\n\r\n\r\n",
		"e\xcc\x81", "\033[?1000h", "\033]0;vim\007",
		"\033[38;2;1;2;3mrgb\033[m", "\t|",
		"0123456789012345678901234567890123456789" };
	struct emu_buf buf = { 0 };
	struct emu *pane, *prev, *cur, *r[2];
	uint64_t s = 12345;
	int chain, frame, i, t, ok = 1, n;

	for (chain = 0; chain < 100 && ok; chain++) {
		pane = emu_new(40 + chain % 41, 5 + chain % 20, 0);
		prev = emu_clone(pane, 0);
		for (t = 0; t < 2; t++)
			r[t] = emu_new(emu_cols(pane), emu_rows(pane), 0);
		for (frame = 0; frame < 12 && ok; frame++) {
			n = 1 + (int)(s % 6);
			for (i = 0; i < n; i++) {
				s = s * 6364136223846793005ULL +
				    1442695040888963407ULL;
				t = (int)((s >> 33) %
				    (sizeof chunks / sizeof *chunks));
				emu_write(pane, chunks[t], strlen(chunks[t]));
			}
			cur = emu_clone(pane, 0);
			for (t = 0; t < 2; t++) {
				tc_diff(&buf, prev, cur,
				    t == 0 ? EMU_DISPLAY_MOSH
					   : EMU_DISPLAY_TERM,
				    &tc_full);
				emu_write(r[t], buf.data, buf.len);
				ok &= tc_same(r[t], cur);
			}
			emu_free(prev);
			prev = cur;
		}
		for (t = 0; t < 2; t++)
			emu_free(r[t]);
		emu_free(prev);
		emu_free(pane);
	}
	CHECK(ok, "100 chains of 12 frames, each applied to the last");
	emu_buf_free(&buf);
}

int
main(void)
{
	test_unchanged();
	test_scroll();
	test_frames();
	test_typing();
	test_mosh_safe();
	test_resize();
	test_bell_title();
	test_colors();
	test_no_bce();
	test_hidden_moves();
	test_wrap();
	test_chain();
	return (test_done());
}
