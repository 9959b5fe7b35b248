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
 * Helpers shared by the conformance runners: a line of the screen or the
 * history as text, and where the conformance data lives.
 */

#ifndef MOSHMUX_EMU_TEXT_H
#define MOSHMUX_EMU_TEXT_H

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"

/*
 * A screen row (history 0) or history line (history 1) as malloc'd UTF-8:
 * a wide character once, a blank cell as a space, trailing blanks removed.
 */
static inline char *
emu_text_line(const struct emu *e, int history, int line)
{
	struct emu_cell c;
	int col, width;
	size_t len = 0, end = 0, n;
	char *out;

	width = history ? emu_history_width(e, line) : emu_cols(e);
	out = emu_xmalloc((size_t)width * EMU_CELL_MAXBYTES + 1);
	for (col = 0; col < width; col++) {
		if (history)
			emu_history_cell(e, line, col, &c);
		else
			emu_cell(e, line, col, &c);
		if (c.width == 0)
			continue;
		n = strnlen(c.text, EMU_CELL_MAXBYTES);
		if (n == 0)
			out[len++] = ' ';
		else
			memcpy(out + len, c.text, n);
		len += n;
		if (n != 0 && strcmp(c.text, " ") != 0)
			end = len;
	}
	out[end] = '\0';
	return (out);
}

/*
 * The folder holding the conformance data folder sub: $MOSHMUX_TESTDATA,
 * tests/data or ../shared/testdata (from the repository root).  Returns a
 * malloc'd path or NULL.
 */
static inline char *
emu_text_datadir(const char *sub)
{
	const char *bases[] = { getenv("MOSHMUX_TESTDATA"), "tests/data",
		"../shared/testdata" };
	struct stat sb;
	size_t i;
	char *path;

	for (i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		if (bases[i] == NULL)
			continue;
		if (asprintf(&path, "%s/%s", bases[i], sub) < 0)
			return (NULL);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return (path);
		free(path);
	}
	return (NULL);
}

#endif
