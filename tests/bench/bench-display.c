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
 * The display diff's cost per frame: for typical frames on 80x24 and
 * 200x60 screens, the bytes of the mosh-target diff and the time to make
 * it (best of BENCH_RUNS averages over BENCH_FRAMES frames, CLOCK_MONOTONIC).
 * The frames: an unchanged screen, one typed character, a one-line scroll
 * of a full screen, a status line updated (a clock), a lower pane
 * scrolling under a fixed upper one, clear(1), a screenful of new output
 * (a flood, no scroll match), and a full repaint for an unknown receiver.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emulator/emulator.h"

#define BENCH_FRAMES 2000
#define BENCH_RUNS   3

/* One kind of frame: how to turn the "from" screen into the "to" one. */
struct bench_frame {
	const char *name;
	const char *setup;  /* fed to from (and so to) first */
	const char *change; /* fed to to only */
	int unknown;	    /* diff from NULL */
};

static const struct bench_frame bench_frames[] = {
	{ "unchanged", "", "", 0 },
	{ "typing one character", "\033[1;32muser@host\033[m:~$ ls", "x", 0 },
	{ "one-line scroll", "", "\r\nnew line of output", 0 },
	{ "status clock tick", "\033[H\033[7m 12:34:56 \033[m\033[10;1H",
	    "\0337\033[H\033[7m 12:34:57 \033[m\0338", 0 },
	{ "lower pane scrolls", "\033[6;23r\033[23H", "\r\nlower pane output",
	    0 },
	{ "clear(1)", "", "\033[H\033[2J$ ", 0 },
	{ "flood (a screenful)", "", NULL, 0 },
	{ "full repaint (unknown)", "", "", 1 },
};

static double bench_now(void);
static void bench_write(struct emu *, const char *);
static void bench_fill(struct emu *, int);
static void bench_one(const struct bench_frame *, int, int);

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Feed a string. */
static void
bench_write(struct emu *e, const char *s)
{
	emu_write(e, s, strlen(s));
}

/* Fill the screen with coloured numbered lines, starting at number n. */
static void
bench_fill(struct emu *e, int n)
{
	char line[512];
	int i, len;

	for (i = 0; i < emu_rows(e); i++) {
		len = snprintf(line, sizeof line,
		    "\r\n\033[3%dm%6d\033[m drwxr-xr-x  2 user group  4096 "
		    "Dec  2 06:00 some/path/name-%d.c",
		    (n + i) % 8, n + i, n + i);
		emu_write(e, line, len);
	}
}

/* Time and measure one kind of frame at one size. */
static void
bench_one(const struct bench_frame *f, int cols, int rows)
{
	struct emu_buf buf = { 0 };
	struct emu *from, *to;
	double best = 1e9, t;
	int run, i;

	from = emu_new(cols, rows, 0);
	bench_fill(from, 0);
	bench_write(from, f->setup);
	to = emu_clone(from, 0);
	if (f->change != NULL)
		bench_write(to, f->change);
	else
		bench_fill(to, 1000);
	for (run = 0; run < BENCH_RUNS; run++) {
		t = bench_now();
		for (i = 0; i < BENCH_FRAMES; i++) {
			buf.len = 0;
			emu_display(&buf, f->unknown ? NULL : from, to,
			    EMU_DISPLAY_MOSH, NULL);
		}
		t = (bench_now() - t) / BENCH_FRAMES;
		if (t < best)
			best = t;
	}
	printf("%-24s %3dx%-3d %8zu bytes %9.1f us/frame\n", f->name, cols,
	    rows, buf.len, best * 1e6);
	emu_buf_free(&buf);
	emu_free(to);
	emu_free(from);
}

int
main(void)
{
	size_t i;

	printf("display diff, mosh target: bytes and time per frame\n");
	for (i = 0; i < sizeof bench_frames / sizeof *bench_frames; i++) {
		bench_one(&bench_frames[i], 80, 24);
		bench_one(&bench_frames[i], 200, 60);
	}
	return (0);
}
