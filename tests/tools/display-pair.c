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
 * display-pair: the bytes that paint screen A on a fresh terminal and then
 * turn it into screen B, for checking the display diff against another
 * terminal (tests/e2e/display-tmux.sh).
 *
 *	display-pair [-t] COLS ROWS A-FILE B-FILE > bytes
 *
 * A is a fresh COLS x ROWS terminal fed A-FILE; B is a copy of A then fed
 * B-FILE.  The output is emu_display(NULL -> A) followed by
 * emu_display(A -> B), for the mosh target (or with -t the terminal
 * target, full capabilities).  Feeding it to any terminal should show what
 * "cat A-FILE B-FILE | emu-dump COLS ROWS" prints.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator/emulator.h"

static void dp_feed(struct emu *, const char *);

/* Feed a file's bytes to a terminal. */
static void
dp_feed(struct emu *e, const char *path)
{
	char buf[65536];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		emu_write(e, buf, n);
	fclose(f);
}

int
main(int argc, char **argv)
{
	static const struct emu_termcaps caps = { 1, 1, 0x1000000, 1, NULL };
	enum emu_display_target target = EMU_DISPLAY_MOSH;
	struct emu_buf buf = { 0 };
	struct emu *a, *b;
	int c;

	while ((c = getopt(argc, argv, "t")) != -1) {
		if (c != 't') {
			fprintf(stderr,
			    "usage: display-pair [-t] COLS ROWS "
			    "A-FILE B-FILE\n");
			return (1);
		}
		target = EMU_DISPLAY_TERM;
	}
	argc -= optind;
	argv += optind;
	if (argc != 4) {
		fprintf(stderr, "usage: display-pair [-t] COLS ROWS A B\n");
		return (1);
	}
	a = emu_new(atoi(argv[0]), atoi(argv[1]), 0);
	dp_feed(a, argv[2]);
	b = emu_clone(a, 0);
	dp_feed(b, argv[3]);
	emu_display(&buf, NULL, a, target, &caps);
	emu_display(&buf, a, b, target, &caps);
	if (fwrite(buf.data, 1, buf.len, stdout) != buf.len)
		return (1);
	emu_buf_free(&buf);
	emu_free(b);
	emu_free(a);
	return (0);
}
