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

/* Unit tests for resizing: reflow, history, cursor, alternate screen. */

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "emulator/emu-internal.h"
#include "tests/test.h"
#include "tests/emulator/emu-test.h"

/* Narrowing splits soft-wrapped lines; widening joins them again. */
static void
test_reflow(void)
{
	struct emu *e = emu_new(20, 5, 100);

	put(e, "abcdefghijklmnopqrstuvw\r\nxy");
	CHECK(emu_row_wrapped(e, 0), "reflow: row 0 soft-wrapped");
	emu_resize(e, 10, 5);
	ROW(e, 0, "abcdefghij", "reflow narrow: row 0");
	ROW(e, 1, "klmnopqrst", "reflow narrow: row 1");
	ROW(e, 2, "uvw", "reflow narrow: row 2");
	ROW(e, 3, "xy", "reflow narrow: row 3");
	CURSOR(e, 3, 2, "reflow narrow: cursor follows its text");
	CHECK(emu_row_wrapped(e, 1) && !emu_row_wrapped(e, 2),
	    "reflow narrow: wrap flags");
	emu_resize(e, 30, 5);
	ROW(e, 0, "abcdefghijklmnopqrstuvw", "reflow widen: joined");
	ROW(e, 1, "xy", "reflow widen: next line");
	CURSOR(e, 1, 2, "reflow widen: cursor");
	CHECK_INT(emu_history_lines(e), 0, "reflow: nothing in history");
	emu_free(e);
}

/* Narrowing past the bottom pushes lines into history, and back. */
static void
test_reflow_history(void)
{
	struct emu *e = emu_new(10, 3, 100);

	put(e, "0123456789ABCDE\r\nline2\r\nline3");
	emu_resize(e, 5, 3);
	CHECK_INT(emu_history_lines(e), 2, "reflow: two lines pushed");
	HIST(e, 0, "01234", "reflow: history 0");
	HIST(e, 1, "56789", "reflow: history 1");
	ROW(e, 0, "ABCDE", "reflow: screen row 0");
	ROW(e, 2, "line3", "reflow: screen row 2");
	CURSOR(e, 2, 4, "reflow: cursor at its text's end");
	emu_resize(e, 10, 3);
	CHECK_INT(emu_history_lines(e), 1, "widen: joined in history");
	HIST(e, 0, "0123456789", "widen: history 0");
	ROW(e, 0, "ABCDE", "widen: row 0");
	emu_resize(e, 10, 4);
	CHECK_INT(emu_history_lines(e), 0, "grow: pulled back");
	ROW(e, 0, "0123456789", "grow: row 0");
	emu_free(e);
}

/* Shrinking rows keeps the cursor's line; growing pulls history back. */
static void
test_rows(void)
{
	struct emu *e = emu_new(10, 5, 100);

	put(e, "1\r\n2\r\n3\r\n4\r\n5");
	emu_resize(e, 10, 3);
	ROW(e, 0, "3", "shrink: top lines to history");
	ROW(e, 2, "5", "shrink: cursor row kept");
	CURSOR(e, 2, 1, "shrink: cursor");
	CHECK_INT(emu_history_lines(e), 2, "shrink: history");
	emu_resize(e, 10, 5);
	ROW(e, 0, "1", "grow: pulled back");
	ROW(e, 4, "5", "grow: bottom");
	CURSOR(e, 4, 1, "grow: cursor moves down with its text");
	CHECK_INT(emu_history_lines(e), 0, "grow: history emptied");
	put(e, "\033[H");
	emu_resize(e, 10, 2);
	ROW(e, 0, "1", "shrink with cursor at top: top stays");
	CURSOR(e, 0, 0, "shrink with cursor at top: cursor");
	emu_free(e);
}

/* The alternate screen is cut, and the saved cursor survives. */
static void
test_alt(void)
{
	struct emu *e = emu_new(10, 5, 100);

	put(e, "prompt\033[?1049h\033[5;1Halt");
	emu_resize(e, 8, 3);
	CHECK(emu_mode(e, EMU_MODE_ALT_SCREEN), "alt resize: still alt");
	ROW(e, 2, "alt", "alt resize: cursor row kept");
	put(e, "\033[?1049l");
	ROW(e, 0, "prompt", "alt resize: primary back");
	CURSOR(e, 0, 6, "alt resize: saved cursor restored");
	CHECK_INT(emu_history_lines(e), 0, "alt resize: no history");
	emu_free(e);
}

/* Wide characters move whole to the next line. */
static void
test_wide(void)
{
	struct emu *e = emu_new(6, 3, 10);
	struct emu_cell gc;

	put(e, "ab\xe4\xb8\x80\xe4\xb8\x80");
	emu_resize(e, 5, 3);
	ROW(e, 0, "ab\xe4\xb8\x80", "wide reflow: row 0");
	ROW(e, 1, "\xe4\xb8\x80", "wide reflow: moved whole");
	emu_cell(e, 1, 1, &gc);
	CHECK_INT(gc.width, 0, "wide reflow: right half");
	emu_resize(e, 2, 2);
	emu_resize(e, 80, 24);
	ROW(e, 0, "ab\xe4\xb8\x80\xe4\xb8\x80", "wide reflow: survives 2x2");
	emu_resize(e, 1, 1);
	emu_cell(e, 0, 0, &gc);
	CHECK_INT(gc.width, 1, "1x1: no wide cell in one column");
	emu_free(e);
}

/* Lines full of grapheme clusters survive reflow (slot tables remapped). */
static void
test_clusters(void)
{
	struct emu *e = emu_new(12, 3, 10);
	struct emu_cell gc;
	int i;

	for (i = 0; i < 12; i++)
		put(e, "e\xcc\x81");
	put(e, "\r\n");
	for (i = 0; i < 3; i++) {
		emu_resize(e, 5, 3);
		emu_resize(e, 7, 2);
		emu_resize(e, 12, 3);
	}
	emu_cell(e, 0, 11, &gc);
	CHECK_STR(gc.text, "e\xcc\x81", "clusters: last cell kept");
	emu_cell(e, 0, 0, &gc);
	CHECK_STR(gc.text, "e\xcc\x81", "clusters: first cell kept");
	emu_free(e);
}

/* All lines, history then screen, joined into one string. */
static char *
all_text(struct emu *e)
{
	char *out = emu_xcalloc(1, 1), line[1024];
	size_t len = 0, n;
	int i, h;

	for (i = 0; i < emu_history_lines(e) + emu_rows(e); i++) {
		h = i < emu_history_lines(e);
		line_text(
		    e, h, h ? i : i - emu_history_lines(e), line, sizeof line);
		n = strlen(line);
		out = emu_xrealloc(out, len + n + 2);
		memcpy(out + len, line, n);
		len += n;
		if (i < emu_history_lines(e)
			? !emu_history_wrapped(e, i)
			: !emu_row_wrapped(e, i - emu_history_lines(e)))
			out[len++] = '\n';
		out[len] = '\0';
	}
	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	return (out);
}

/*
 * Random text survives any sequence of resizes back to the first size, and
 * the cursor stays on its character (the split between history and screen
 * may differ).
 */
static void
test_roundtrip(void)
{
	struct emu *e;
	char *before, *after, word[16];
	unsigned int seed, rng;
	int i, j, ok = 1, cr, cc, cr2, cc2;

	for (seed = 1; seed <= 40; seed++) {
		rng = seed;
		e = emu_new(40, 10, 1000);
		for (i = 0; i < 60; i++) {
			rng = rng * 1103515245 + 12345;
			for (j = 0; j < (int)(rng >> 16) % 12; j++) {
				snprintf(word, sizeof word, "%c%u ", 'a' + j,
				    (rng >> 8) % 1000);
				put(e, word);
				if ((rng >> (j + 4)) % 4 == 0)
					put(e,
					    "\xe4\xb8\x80"
					    "e\xcc\x81\033[31m\xe4\xb8\x80\033["
					    "m");
			}
			put(e, (rng >> 20) % 5 == 0 ? "\r\n\r\n" : "\r\n");
		}
		put(e, "end");
		before = all_text(e);
		emu_cursor(e, &cr, &cc);
		cr += emu_history_lines(e);
		for (i = 0; i < 6; i++) {
			rng = rng * 1103515245 + 12345;
			emu_resize(
			    e, 10 + (rng >> 16) % 90, 3 + (rng >> 8) % 30);
			if (!invariants(e, 0)) {
				printf("  seed %u: invariants broken\n", seed);
				ok = 0;
			}
		}
		emu_resize(e, 40, 10);
		after = all_text(e);
		emu_cursor(e, &cr2, &cc2);
		cr2 += emu_history_lines(e);
		if (strcmp(before, after) != 0 || cr != cr2 || cc != cc2) {
			printf("  seed %u differs\n", seed);
			ok = 0;
		}
		free(before);
		free(after);
		emu_free(e);
	}
	CHECK(ok, "reflow round trips keep text and cursor (40 seeds)");
}

/* The history arena: lines dropped oldest first, taken back newest first. */
static void
test_arena(void)
{
	struct emu *e = emu_new(2000, 4, 50);
	char line[64], want[64], got[4096];
	int i, j, ok = 1;

	for (i = 0; i < 300; i++) {
		if (i % 37 == 0) {
			for (j = 0; j < 2000; j++)
				put(e, j % 2 ? "\033[31mx" : "\033[32my");
			put(e, "\033[m\r\n");
			continue;
		}
		snprintf(line, sizeof line, "line %d\r\n", i);
		put(e, line);
		if (i % 50 == 0) {
			emu_resize(e, 2000, 20);
			emu_resize(e, 2000, 4);
		}
	}
	CHECK_INT(emu_history_lines(e), 50, "arena: limit kept");
	for (i = 0; i < 50; i++) {
		j = 300 - 3 - 50 + i;
		line_text(e, 1, i, got, sizeof got);
		if (j % 37 == 0)
			ok = ok && strlen(got) == 2000;
		else {
			snprintf(want, sizeof want, "line %d", j);
			ok = ok && strcmp(got, want) == 0;
		}
	}
	CHECK(ok, "arena: the newest 50 lines, in order");
	CHECK(emu_history_bytes(e) < 200000, "arena: old chunks freed");
	emu_set_history_limit(e, 5);
	line_text(e, 1, 3, got, sizeof got);
	CHECK_STR(got, "line 295", "arena: lowered limit keeps the newest");
	emu_free(e);
}

int
main(void)
{
	test_reflow();
	test_reflow_history();
	test_rows();
	test_alt();
	test_wide();
	test_clusters();
	test_roundtrip();
	test_arena();
	return (test_done());
}
