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
 * emu_screen_equal: row generations prove equality only within one family
 * of clones; unrelated terminals are compared cell by cell.
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

int
main(void)
{
	test_unrelated();
	test_clone();
	return (test_done());
}
