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
 * Emulator throughput, side by side with libvterm (a benchmark peer only).
 *
 * Three payloads of BENCH_SIZE bytes are built in memory: plain ASCII
 * lines; SGR-heavy output like "ls --color" and gcc diagnostics; UTF-8
 * text with CJK and emoji.  Each is fed in BENCH_CHUNK pieces (a pty read)
 * to our emulator (80x24, 2000 lines of history) and to libvterm
 * (vterm_new, UTF-8 on, vterm_obtain_screen, vterm_screen_reset,
 * vterm_input_write; libvterm keeps no scrollback without callbacks).  The
 * best of BENCH_RUNS timings (CLOCK_MONOTONIC) is reported in MB/s (1 MB =
 * 2^20 bytes), with the ratio ours / libvterm.
 *
 * Then the history's compactness: bytes per line after 10000 short lines,
 * next to tmux's ~132 bytes for a short 80-column line.
 *
 * BENCH_MB, BENCH_RUNS and BENCH_ONLY (a payload name) in the environment
 * shrink the run, for example under valgrind --tool=callgrind, whose
 * instruction counts do not depend on the machine's load.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vterm.h>

#include "emulator/emulator.h"

#define BENCH_SIZE	    (16u << 20)
#define BENCH_CHUNK	    65536
#define BENCH_RUNS	    3
#define BENCH_HISTORY_LINES 10000

struct bench_buf {
	char *data;
	size_t len;
	size_t size;
	uint64_t rng;
};

static uint32_t bench_rand(struct bench_buf *);
static void bench_put(struct bench_buf *, const char *);
static void bench_ascii(struct bench_buf *);
static void bench_sgr(struct bench_buf *);
static void bench_utf8(struct bench_buf *);
static double bench_now(void);
static double bench_ours(const struct bench_buf *);
static double bench_vterm(const struct bench_buf *);
static void bench_history(void);

/* Payloads: name and the function that appends one piece of it. */
static const struct {
	const char *name;
	void (*piece)(struct bench_buf *);
} bench_payloads[] = {
	{ "ascii", bench_ascii },
	{ "sgr", bench_sgr },
	{ "utf8", bench_utf8 },
};

static const char *bench_words[] = { "the", "quick", "brown", "fox", "jumps",
	"over", "lazy", "dog", "static", "int", "return", "struct", "buffer",
	"error", "warning", "include", "main", "value", "0x1f", "12345",
	"src/emulator.c", "--verbose", "(void)", "{", "}", "=" };

static const char *bench_cjk[] = { "中文", "日本語", "한국어", "漢字", "テスト",
	"かな", "文字化け", "终端", "模拟器" };

static const char *bench_emoji[] = { "😀", "🎉", "👍", "🚀", "🍕", "🐧", "✨", "🔥" };

/* The next pseudo-random number (xorshift64*). */
static uint32_t
bench_rand(struct bench_buf *b)
{
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return ((b->rng * 2685821657736338717ULL) >> 32);
}

/* Append a string. */
static void
bench_put(struct bench_buf *b, const char *s)
{
	size_t len = strlen(s);

	if (b->len + len > b->size) {
		b->size = (b->len + len) * 2;
		b->data = emu_xrealloc(b->data, b->size);
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
}

/* One line of plain ASCII words. */
static void
bench_ascii(struct bench_buf *b)
{
	int n = 3 + bench_rand(b) % 12;
	size_t nw = sizeof bench_words / sizeof bench_words[0];

	while (n-- > 0) {
		bench_put(b, bench_words[bench_rand(b) % nw]);
		bench_put(b, " ");
	}
	bench_put(b, "\r\n");
}

/* One line of ls --color output or one gcc diagnostic. */
static void
bench_sgr(struct bench_buf *b)
{
	static const char *ls[] = { "\033[0m\033[01;34mdirectory\033[0m",
		"\033[01;32mscript.sh\033[0m", "\033[00mplain.txt\033[0m",
		"\033[01;36mlink\033[0m", "\033[01;31marchive.tar.gz\033[0m",
		"\033[40;33;01mdevice\033[0m", "\033[38;5;208mconfig\033[0m",
		"\033[38;2;255;128;0mtruecolor\033[0m" };
	char line[512];
	int n, i;

	if (bench_rand(b) % 2) {
		n = 3 + bench_rand(b) % 5;
		for (i = 0; i < n; i++) {
			bench_put(b, ls[bench_rand(b) % 8]);
			bench_put(b, "  ");
		}
		bench_put(b, "\r\n");
		return;
	}
	snprintf(line, sizeof line,
	    "\033[01m\033[Ksrc/file%u.c:%u:%u:\033[m\033[K "
	    "\033[01;31m\033[Kerror: \033[m\033[K'\033[01m\033[Kfoo%u"
	    "\033[m\033[K' undeclared (first use in this function)\r\n"
	    "   %u |   \033[01;31m\033[Kx\033[m\033[K = foo;\r\n"
	    "      |   \033[01;32m\033[K^~~\033[m\033[K\r\n",
	    bench_rand(b) % 100, bench_rand(b) % 2000, bench_rand(b) % 80,
	    bench_rand(b) % 10, bench_rand(b) % 2000);
	bench_put(b, line);
}

/* One line of UTF-8: CJK words, accented Latin, emoji. */
static void
bench_utf8(struct bench_buf *b)
{
	int n = 3 + bench_rand(b) % 8;
	size_t nc = sizeof bench_cjk / sizeof bench_cjk[0];
	size_t ne = sizeof bench_emoji / sizeof bench_emoji[0];

	while (n-- > 0) {
		switch (bench_rand(b) % 4) {
		case 0:
			bench_put(b, "café résumé ");
			break;
		case 1:
			bench_put(b, bench_emoji[bench_rand(b) % ne]);
			bench_put(b, " ");
			break;
		default:
			bench_put(b, bench_cjk[bench_rand(b) % nc]);
			break;
		}
	}
	bench_put(b, "\r\n");
}

/* Monotonic time in seconds. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Seconds our emulator takes for the payload (one run). */
static double
bench_ours(const struct bench_buf *b)
{
	struct emu *e;
	size_t off, n;
	double t0, t;

	e = emu_new(80, 24, 2000);
	t0 = bench_now();
	for (off = 0; off < b->len; off += n) {
		n = b->len - off < BENCH_CHUNK ? b->len - off : BENCH_CHUNK;
		emu_write(e, b->data + off, n);
	}
	t = bench_now() - t0;
	emu_free(e);
	return (t);
}

/* Seconds libvterm takes for the payload (one run). */
static double
bench_vterm(const struct bench_buf *b)
{
	VTerm *vt;
	VTermScreen *vs;
	size_t off, n;
	double t0, t;

	vt = vterm_new(24, 80);
	vterm_set_utf8(vt, 1);
	vs = vterm_obtain_screen(vt);
	vterm_screen_reset(vs, 1);
	t0 = bench_now();
	for (off = 0; off < b->len; off += n) {
		n = b->len - off < BENCH_CHUNK ? b->len - off : BENCH_CHUNK;
		vterm_input_write(vt, b->data + off, n);
	}
	t = bench_now() - t0;
	vterm_free(vt);
	return (t);
}

/* History bytes per line after BENCH_HISTORY_LINES short lines. */
static void
bench_history(void)
{
	struct emu *e;
	char line[64];
	int i, lines;

	e = emu_new(80, 24, BENCH_HISTORY_LINES * 2);
	for (i = 0; i < BENCH_HISTORY_LINES; i++) {
		snprintf(line, sizeof line, "line %d: a short line\r\n", i);
		emu_write(e, line, strlen(line));
	}
	lines = emu_history_lines(e);
	printf("history: %d short lines, %zu bytes, %.1f bytes/line "
	       "(tmux: ~132 bytes/line)\n",
	    lines, emu_history_bytes(e),
	    lines ? (double)emu_history_bytes(e) / lines : 0.0);
	emu_free(e);
}

/* Build each payload, time both emulators, print the figures. */
int
main(void)
{
	struct bench_buf b;
	double ours, theirs, t, mb;
	size_t i, size = BENCH_SIZE;
	int run, runs = BENCH_RUNS;
	const char *env;

	if ((env = getenv("BENCH_MB")) != NULL && atoi(env) > 0)
		size = (size_t)atoi(env) << 20;
	if ((env = getenv("BENCH_RUNS")) != NULL && atoi(env) > 0)
		runs = atoi(env);

	printf("%-8s %8s %12s %14s %8s\n", "payload", "MB", "moshmux MB/s",
	    "libvterm MB/s", "ratio");
	for (i = 0; i < sizeof bench_payloads / sizeof bench_payloads[0]; i++) {
		if ((env = getenv("BENCH_ONLY")) != NULL &&
		    strcmp(env, bench_payloads[i].name) != 0)
			continue;
		memset(&b, 0, sizeof b);
		b.rng = 0x9e3779b97f4a7c15ULL + i;
		while (b.len < size)
			bench_payloads[i].piece(&b);
		ours = theirs = 1e9;
		for (run = 0; run < runs; run++) {
			if ((t = bench_ours(&b)) < ours)
				ours = t;
			if ((t = bench_vterm(&b)) < theirs)
				theirs = t;
		}
		mb = b.len / 1048576.0;
		printf("%-8s %8.1f %12.1f %14.1f %8.2f\n",
		    bench_payloads[i].name, mb, mb / ours, mb / theirs,
		    theirs / ours);
		free(b.data);
	}
	bench_history();
	return (0);
}
