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
 * Regressions found by review, valgrind and fuzzing: emu_screen_equal on
 * unrelated terminals, and wide characters in a one-column terminal.
 */

#include "emulator/emulator.h"
#include "tests/test.h"

/* Two fresh terminals with one different character are not equal. */
static void
test_unrelated(void)
{
	struct emu *a = emu_new(10, 3, 0), *b = emu_new(10, 3, 0);

	emu_write(a, "x\r", 2);
	emu_write(b, "y\r", 2);
	CHECK(!emu_screen_equal(a, b), "unrelated terminals: x != y");
	emu_write(b, "x\r", 2);
	CHECK(emu_screen_equal(a, b), "unrelated terminals: x == x");
	emu_free(a);
	emu_free(b);
}

/* A clone is equal until one side changes. */
static void
test_clone(void)
{
	struct emu *a = emu_new(10, 3, 0), *c;

	emu_write(a, "hello", 5);
	c = emu_clone(a, 0);
	CHECK(emu_screen_equal(a, c), "a clone equals its source");
	emu_write(c, "\rj", 2);
	CHECK(!emu_screen_equal(a, c), "a changed clone differs");
	emu_free(a);
	emu_free(c);
}

/* A wide character cannot fit one column: it is dropped, so a repaint
 * after widening reproduces the screen (found by the strict fuzzer). */
static void
test_wide_one_column(void)
{
	struct emu *e = emu_new(1, 5, 0), *r;
	struct emu_buf b = { 0 };
	struct emu_cell c;

	emu_write(e, "\xe4\xa4\x92", 3);
	emu_cell(e, 0, 0, &c);
	CHECK_STR(
	    c.text, "", "wide character dropped in a one-column terminal");
	emu_write(e, "x", 1);
	emu_cell(e, 0, 0, &c);
	CHECK_STR(c.text, "x", "the next character prints in its place");
	emu_resize(e, 10, 5);
	emu_display(&b, NULL, e, EMU_DISPLAY_MOSH, NULL);
	r = emu_new(10, 5, 0);
	emu_write(r, b.data, b.len);
	CHECK(emu_screen_equal(r, e), "repaint after widening reproduces it");
	emu_buf_free(&b);
	emu_free(e);
	emu_free(r);
}

int
main(void)
{
	test_unrelated();
	test_clone();
	test_wide_one_column();
	return (test_done());
}
