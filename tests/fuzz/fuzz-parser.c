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
 * libFuzzer target for the emulator (make fuzz; not part of CI):
 *
 *	make fuzz O=/tmp/f
 *	UBSAN_OPTIONS=halt_on_error=1 /tmp/f/fuzz/fuzz-parser \
 *	    -dict=tests/fuzz/parser.dict -max_len=2048 CORPUS_DIR
 *
 * The first FUZZ_HEADER bytes choose the size (1-100 columns, 1-40 rows),
 * the history limit and a seed; the rest is fed to the emulator in pieces
 * whose lengths the seed picks.  Between pieces the seed may resize the
 * terminal, clone it, or run both display diffs from an earlier clone to
 * the current state, replaying the mosh-safe ones into a fresh terminal.
 * Every cell, the history and the other accessors are read at the end.
 *
 * With MOSHMUX_FUZZ_STRICT set in the environment, a replayed diff that
 * does not reproduce the screen aborts (a display bug, not a memory bug),
 * after printing what differs.  Compared: cursor, shown modes, mouse and
 * cells (a space and a blank cell alike); not bell counts (a repaint
 * rings one bell for any number), titles or clipboard (a display may clean
 * them, and cannot unset them).
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"

#define FUZZ_HEADER    4
#define FUZZ_MAX_INPUT (1 << 20)
#define FUZZ_MAX_COLS  100
#define FUZZ_MAX_ROWS  40
/* History lines read back at the end (the newest ones). */
#define FUZZ_READ_HISTORY 64

struct fuzz {
	struct emu *e;
	struct emu *old; /* an earlier clone, for the display diff */
	uint32_t rng;
	size_t replies;
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The modes a display diff carries (as emu_screen_equal compares). */
static const enum emu_mode fuzz_shown[] = { EMU_MODE_CURSOR_VISIBLE,
	EMU_MODE_REVERSE_VIDEO, EMU_MODE_BRACKETED_PASTE, EMU_MODE_FOCUS };

static uint32_t fuzz_rand(struct fuzz *);
static void fuzz_reply(void *, const char *, size_t);
static int fuzz_diff_state(const struct emu *, const struct emu *, int);
static int fuzz_same_text(const char *, const char *);
static int fuzz_diff_cells(const struct emu *, const struct emu *, int);
static void fuzz_display(struct fuzz *);
static void fuzz_check(const struct emu *, const struct emu *);
static void fuzz_step(struct fuzz *);
static void fuzz_read_all(const struct emu *);

/* The next pseudo-random number (xorshift32). */
static uint32_t
fuzz_rand(struct fuzz *fz)
{
	fz->rng ^= fz->rng << 13;
	fz->rng ^= fz->rng >> 17;
	fz->rng ^= fz->rng << 5;
	return (fz->rng);
}

/* Read the reply bytes (they would go back to the application). */
static void
fuzz_reply(void *arg, const char *buf, size_t len)
{
	struct fuzz *fz = arg;
	size_t i;

	for (i = 0; i < len; i++)
		fz->replies += (unsigned char)buf[i];
}

/*
 * Count (and with verbose, print) how a replayed diff differs from the
 * terminal it should match: cursor, the modes a screen shows (those
 * emu_screen_equal compares) and mouse.
 * Bell counts are not compared: a repaint rings one bell for any number.
 */
static int
fuzz_diff_state(const struct emu *got, const struct emu *want, int verbose)
{
	int r1, c1, r2, c2, n = 0;
	enum emu_mode m;
	size_t i;

	emu_cursor(got, &r1, &c1);
	emu_cursor(want, &r2, &c2);
	if (r1 != r2 || c1 != c2) {
		n++;
		if (verbose)
			fprintf(stderr, "  cursor %d,%d, want %d,%d\n", r1, c1,
			    r2, c2);
	}
	for (i = 0; i < sizeof fuzz_shown / sizeof fuzz_shown[0]; i++) {
		m = fuzz_shown[i];
		if (emu_mode(got, m) == emu_mode(want, m))
			continue;
		n++;
		if (verbose)
			fprintf(stderr, "  mode %d: %d, want %d\n", m,
			    emu_mode(got, m), emu_mode(want, m));
	}
	if (emu_mouse(got) != emu_mouse(want) ||
	    emu_mouse_encoding(got) != emu_mouse_encoding(want)) {
		n++;
		if (verbose)
			fprintf(stderr, "  mouse %d/%d, want %d/%d\n",
			    emu_mouse(got), emu_mouse_encoding(got),
			    emu_mouse(want), emu_mouse_encoding(want));
	}
	return (n);
}

/* Same cell text?  A space and a blank cell look the same. */
static int
fuzz_same_text(const char *a, const char *b)
{
	if (strcmp(a, " ") == 0)
		a = "";
	if (strcmp(b, " ") == 0)
		b = "";
	return (strcmp(a, b) == 0);
}

/*
 * Count (and with verbose, print the first of) the cells that differ, a
 * space and a blank cell with the same attributes counting as the same.
 */
static int
fuzz_diff_cells(const struct emu *got, const struct emu *want, int verbose)
{
	struct emu_cell a, b;
	int row, col, n = 0;

	for (row = 0; row < emu_rows(want); row++) {
		for (col = 0; col < emu_cols(want); col++) {
			emu_cell(got, row, col, &a);
			emu_cell(want, row, col, &b);
			if (fuzz_same_text(a.text, b.text) &&
			    a.attr == b.attr && a.fg == b.fg && a.bg == b.bg &&
			    a.width == b.width)
				continue;
			if (verbose && n < 10)
				fprintf(stderr,
				    "  %d,%d: \"%s\" w%d a%x %x/%x, want "
				    "\"%s\" w%d a%x %x/%x\n",
				    row, col, a.text, a.width, a.attr, a.fg,
				    a.bg, b.text, b.width, b.attr, b.fg, b.bg);
			n++;
		}
	}
	return (n);
}

/*
 * Display as SSP uses it: a receiver (a fresh terminal) gets a full
 * repaint of the earlier clone, then the diff from it to now; in strict
 * mode both must reproduce the screen.  The diff for a real terminal is
 * made too (not replayed).
 */
static void
fuzz_display(struct fuzz *fz)
{
	static const struct emu_termcaps caps = { 1, 1, 256, 1, "[fuzz] " };
	struct emu_buf b = { NULL, 0, 0 };
	struct emu *rx;

	if (fz->old == NULL || emu_cols(fz->old) != emu_cols(fz->e) ||
	    emu_rows(fz->old) != emu_rows(fz->e))
		return;
	emu_display(&b, fz->old, fz->e, EMU_DISPLAY_TERM, &caps);
	rx = emu_new(emu_cols(fz->e), emu_rows(fz->e), 0);
	b.len = 0;
	emu_display(&b, NULL, fz->old, EMU_DISPLAY_MOSH, NULL);
	emu_write(rx, b.data, b.len);
	fuzz_check(rx, fz->old);
	b.len = 0;
	emu_display(&b, fz->old, fz->e, EMU_DISPLAY_MOSH, NULL);
	emu_write(rx, b.data, b.len);
	fuzz_check(rx, fz->e);
	emu_free(rx);
	emu_buf_free(&b);
}

/* In strict mode, abort with a report unless got shows what want shows. */
static void
fuzz_check(const struct emu *got, const struct emu *want)
{
	if (getenv("MOSHMUX_FUZZ_STRICT") == NULL ||
	    emu_screen_equal(got, want))
		return;
	if (fuzz_diff_state(got, want, 0) + fuzz_diff_cells(got, want, 0) == 0)
		return;
	fprintf(stderr, "display replay differs (%dx%d):\n", emu_cols(want),
	    emu_rows(want));
	fuzz_diff_state(got, want, 1);
	fuzz_diff_cells(got, want, 1);
	abort();
}

/* One action between pieces of input, chosen by the seed. */
static void
fuzz_step(struct fuzz *fz)
{
	switch (fuzz_rand(fz) % 32) {
	case 0:
		emu_resize(
		    fz->e, 1 + fuzz_rand(fz) % 120, 1 + fuzz_rand(fz) % 50);
		break;
	case 1:
		if (fz->old != NULL)
			emu_free(fz->old);
		fz->old = emu_clone(fz->e, fuzz_rand(fz) % 2);
		break;
	case 2:
		fuzz_display(fz);
		break;
	case 3:
		if (fuzz_rand(fz) % 8 == 0)
			emu_reset(fz->e);
		break;
	case 4:
		emu_set_history_limit(fz->e, fuzz_rand(fz) % 100);
		break;
	default:
		break;
	}
}

/* Read every cell, the history and the other state. */
static void
fuzz_read_all(const struct emu *e)
{
	struct emu_cell c;
	int row, col, line, n;
	uint16_t attr;
	uint32_t fg, bg;
	char out[64];
	volatile size_t sink = 0;

	for (row = 0; row < emu_rows(e); row++) {
		for (col = 0; col < emu_cols(e); col++) {
			emu_cell(e, row, col, &c);
			sink += strnlen(c.text, sizeof c.text);
		}
		sink += emu_row_wrapped(e, row) + emu_row_generation(e, row);
	}
	n = emu_history_lines(e);
	for (line = n > FUZZ_READ_HISTORY ? n - FUZZ_READ_HISTORY : 0; line < n;
	     line++) {
		for (col = 0; col < emu_history_width(e, line); col++) {
			emu_history_cell(e, line, col, &c);
			sink += strnlen(c.text, sizeof c.text);
		}
		sink += emu_history_wrapped(e, line);
	}
	emu_cursor(e, &row, &col);
	emu_pen(e, &attr, &fg, &bg);
	sink += row + col + attr + fg + bg + emu_history_bytes(e);
	sink += strlen(emu_title(e)) + strlen(emu_icon(e)) + emu_title_set(e);
	sink += strlen(emu_clipboard(e)) + emu_bell_count(e);
	sink += emu_mode(e, EMU_MODE_APP_CURSOR) + emu_mouse(e) +
	    emu_mouse_encoding(e);
	sink += emu_translate_keys(e, "\033OA\033OB", 6, out);
	(void)sink;
}

/* Run one input (the libFuzzer entry point). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz fz;
	size_t off, n;

	if (size < FUZZ_HEADER || size > FUZZ_MAX_INPUT)
		return (0);
	memset(&fz, 0, sizeof fz);
	fz.rng = (data[3] << 8 | data[2]) * 2654435761u + 1;
	fz.e = emu_new(1 + data[0] % FUZZ_MAX_COLS, 1 + data[1] % FUZZ_MAX_ROWS,
	    data[2] % 64);
	emu_set_reply(fz.e, fuzz_reply, &fz);
	for (off = FUZZ_HEADER; off < size; off += n) {
		n = 1 + fuzz_rand(&fz) % 256;
		if (n > size - off)
			n = size - off;
		emu_write(fz.e, data + off, n);
		fuzz_step(&fz);
	}
	if (fz.old == NULL)
		fz.old = emu_clone(fz.e, 1);
	fuzz_display(&fz);
	fuzz_read_all(fz.e);
	emu_free(fz.old);
	emu_free(fz.e);
	return (0);
}
