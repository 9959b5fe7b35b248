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

/* Unit tests for the emulator's screen: cells, cursor, modes, history. */

#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"
#include "tests/test.h"
#include "tests/emulator/emu-test.h"

/* Printing, CR, LF, BS and wrapping. */
static void
test_basic(void)
{
	struct emu *e = emu_new(10, 4, 100);

	put(e, "hello\r\nworld");
	ROW(e, 0, "hello", "basic: row 0");
	ROW(e, 1, "world", "basic: row 1");
	CURSOR(e, 1, 5, "basic: cursor");
	put(e, "\b\bX");
	ROW(e, 1, "worXd", "basic: backspace");
	put(e, "\r\n0123456789");
	CURSOR(e, 2, 9, "wrap: pending wrap keeps the cursor at the edge");
	put(e, "A");
	ROW(e, 3, "A", "wrap: next char wraps");
	CHECK(emu_row_wrapped(e, 2), "wrap: row marked wrapped");
	put(e, "\r\nB");
	ROW(e, 0, "worXd", "scroll: top line scrolled away");
	CHECK_INT(emu_history_lines(e), 1, "scroll: one history line");
	emu_free(e);
}

/* CUP, ED, EL and SGR. */
static void
test_csi(void)
{
	struct emu *e = emu_new(20, 5, 0);
	struct emu_cell gc;

	put(e, "\033[2;3Hab\033[1;31mc\033[m");
	ROW(e, 1, "  abc", "CUP then print");
	emu_cell(e, 1, 4, &gc);
	CHECK_INT(gc.attr, EMU_ATTR_BOLD, "SGR 1 bold");
	CHECK_INT(gc.fg, EMU_COLOR_PALETTE | 1, "SGR 31 red");
	put(e, "\033[38;2;1;2;3m\033[48:2::4:5:6mX");
	emu_cell(e, 1, 5, &gc);
	CHECK_INT(gc.fg, EMU_COLOR_RGB | 0x010203, "SGR 38;2 true colour");
	CHECK_INT(gc.bg, EMU_COLOR_RGB | 0x040506, "SGR 48:2:: true colour");
	put(e, "\033[m\033[2;4H\033[K");
	ROW(e, 1, "  a", "EL 0");
	put(e, "\033[2J");
	ROW(e, 1, "", "ED 2");
	emu_free(e);
}

/* Replies go to the callback. */
static void
test_replies(void)
{
	struct emu *e = emu_new(20, 5, 0);
	struct replies r = { "", 0 };

	emu_set_reply(e, on_reply, &r);
	put(e, "\033[3;4H\033[6n\033[5n\033[c\033[>c");
	CHECK_STR(r.buf, "\033[3;4R\033[0n\033[?62;22c\033[>1;10;0c",
	    "replies: CPR, DSR, DA, DA2");
	emu_free(e);
}

/* Wide characters and clusters. */
static void
test_unicode(void)
{
	struct emu *e = emu_new(6, 3, 0);
	struct emu_cell gc;

	put(e,
	    "a\xe4\xb8\x80"
	    "b");
	emu_cell(e, 0, 1, &gc);
	CHECK_STR(gc.text, "\xe4\xb8\x80", "wide: text");
	CHECK_INT(gc.width, 2, "wide: width 2");
	emu_cell(e, 0, 2, &gc);
	CHECK_INT(gc.width, 0, "wide: right half width 0");
	CURSOR(e, 0, 4, "wide: cursor after");
	put(e, "\r\ne\xcc\x81x");
	emu_cell(e, 1, 0, &gc);
	CHECK_STR(gc.text, "e\xcc\x81", "combining: joins the base");
	CURSOR(e, 1, 2, "combining: no column used");
	put(e, "\r\n\xff");
	emu_cell(e, 2, 0, &gc);
	CHECK_STR(gc.text, "\xef\xbf\xbd", "invalid UTF-8: U+FFFD");
	emu_free(e);
}

/* Grapheme clusters: ZWJ sequences, flags, modifiers, the size cap. */
static void
test_clusters(void)
{
	struct emu *e = emu_new(10, 4, 0);
	struct emu_cell gc;
	int i;

	put(e,
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7|");
	emu_cell(e, 0, 0, &gc);
	CHECK(strlen(gc.text) == 18 && gc.width == 2, "ZWJ family: one cell");
	CURSOR(e, 0, 3, "ZWJ family: two columns");
	put(e,
	    "\r\n\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9"
	    "\xf0\x9f\x87\xaa");
	emu_cell(e, 1, 0, &gc);
	CHECK_STR(gc.text, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
	    "flags: regional indicators pair up");
	put(e, "\r\n\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
	emu_cell(e, 2, 0, &gc);
	CHECK(strlen(gc.text) == 8 && gc.width == 2, "skin tone joins");
	put(e, "\r\na");
	for (i = 0; i < 40; i++)
		put(e, "\xcc\x81");
	put(e, "b");
	emu_cell(e, 3, 0, &gc);
	CHECK(strlen(gc.text) <= EMU_CELL_MAXBYTES - 1 && gc.text[0] == 'a',
	    "40 combining marks: capped, extra dropped");
	emu_cell(e, 3, 1, &gc);
	CHECK_STR(gc.text, "b", "after the capped cluster");
	emu_free(e);
}

/* History: limit, compact storage, attributes and wide cells kept. */
static void
test_history(void)
{
	struct emu *e = emu_new(80, 24, 1000);
	struct emu_cell gc;
	char line[128];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(
		    line, sizeof line, "line %d of a short history\r\n", i);
		put(e, line);
	}
	CHECK_INT(emu_history_lines(e), 1000, "history: limit kept");
	CHECK(emu_history_bytes(e) / 1000 < 80,
	    "history: under 80 bytes per short line");
	emu_history_cell(e, 999, 5, &gc);
	CHECK_STR(gc.text, "1", "history: newest line's text");
	put(e, "\033[1;32mG\033[m\xe4\xb8\x80\r\n");
	for (i = 0; i < 23; i++)
		put(e, "\r\n");
	emu_history_cell(e, 999, 0, &gc);
	CHECK(strcmp(gc.text, "G") == 0 && gc.attr == EMU_ATTR_BOLD &&
		gc.fg == (EMU_COLOR_PALETTE | 2),
	    "history: attributes kept");
	emu_history_cell(e, 999, 1, &gc);
	CHECK(strcmp(gc.text, "\xe4\xb8\x80") == 0 && gc.width == 2,
	    "history: wide cell kept");
	emu_history_cell(e, 999, 2, &gc);
	CHECK_INT(gc.width, 0, "history: wide right half");
	emu_set_history_limit(e, 10);
	CHECK_INT(emu_history_lines(e), 10, "history: lowered limit");
	emu_history_cell(e, 9, 0, &gc);
	CHECK_STR(gc.text, "G", "history: newest kept when lowering");
	put(e, "\033[3J");
	CHECK_INT(emu_history_lines(e), 0, "ED 3 clears history");
	emu_free(e);
}

int
main(void)
{
	test_basic();
	test_csi();
	test_replies();
	test_unicode();
	test_clusters();
	test_history();
	return (test_done());
}
