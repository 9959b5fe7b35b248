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
 * emu-dump: feed standard input to a fresh emulator and print what it shows.
 *
 *	emu-dump COLS ROWS [-s] [-a|-g] [-r] < bytes
 *
 * Output, in this order:
 *  - with -s, every scrollback line, oldest first, as text;
 *  - exactly ROWS lines, one per screen row, as UTF-8 with trailing blanks
 *    removed (a wide character is printed once, a blank cell as a space);
 *  - one line "cursor ROW,COL" (0-based);
 *  - with -r, one line "reply TEXT": every byte the emulator sent back to
 *    the application, with ESC as \e, CR \r, LF \n, TAB \t, backslash \\
 *    and any other byte outside printable ASCII as \xHH.
 *
 * With -a, every text line (history or screen) that has cells with
 * non-default attributes or colours is followed by one line per run of
 * identical such cells:
 *
 *	  attrs: FIRST-LAST fg=C bg=C NAME...
 *
 * FIRST-LAST are the 0-based columns of the run (inclusive); fg= and bg=
 * appear only when not the default colour, C being a palette index in
 * decimal (0-255) or #rrggbb for true colour; NAME is each attribute set,
 * in this order: bold faint italic underline dunderline blink inverse
 * invisible strike overline.
 *
 * -g is -a for the characters only: a blank cell counts as default
 * whatever its colours (tmux's capture-pane -e drops blanks at the end
 * of a line, and what the blank half of a cut wide character keeps
 * differs between terminals), the right half of a wide character as its
 * left half.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator/emulator.h"

/* History lines kept by the dump's emulator. */
#define DUMP_HISTORY 100000

struct dump_opts {
	int cols;
	int rows;
	int history;
	int attrs;
	int replies;
};

/* Reads one cell of the screen (emu_cell) or of the history. */
typedef void (*dump_cell_fn)(const struct emu *, int, int, struct emu_cell *);

static void dump_usage(void);
static int dump_parse(int, char **, struct dump_opts *);
static void dump_reply(void *, const char *, size_t);
static int dump_feed(struct emu *);
static void dump_line(const struct emu *, dump_cell_fn, int, int, int);
static void dump_attrs(const struct emu *, dump_cell_fn, int, int, int);
static void dump_run(int, int, const struct emu_cell *);
static void dump_color(const char *, uint32_t);
static void dump_escaped(const char *, size_t);

/* Names of the attribute bits in the order -a prints them. */
static const struct {
	uint16_t bit;
	const char *name;
} dump_attr_names[] = {
	{ EMU_ATTR_BOLD, "bold" },
	{ EMU_ATTR_FAINT, "faint" },
	{ EMU_ATTR_ITALIC, "italic" },
	{ EMU_ATTR_UNDERLINE, "underline" },
	{ EMU_ATTR_DUNDERLINE, "dunderline" },
	{ EMU_ATTR_BLINK, "blink" },
	{ EMU_ATTR_INVERSE, "inverse" },
	{ EMU_ATTR_INVISIBLE, "invisible" },
	{ EMU_ATTR_STRIKE, "strike" },
	{ EMU_ATTR_OVERLINE, "overline" },
};

/* Print the usage text to stderr. */
static void
dump_usage(void)
{
	fprintf(stderr,
	    "usage: emu-dump COLS ROWS [-s] [-a|-g] [-r] < bytes\n"
	    "  prints ROWS screen lines (trailing blanks removed), then\n"
	    "  \"cursor ROW,COL\" (0-based)\n"
	    "  -s  print the scrollback lines first, oldest first\n"
	    "  -a  after each line, one \"  attrs: FIRST-LAST fg=C bg=C "
	    "NAME...\"\n"
	    "      line per run of non-default cells (C: palette index or\n"
	    "      #rrggbb; NAME: bold faint italic underline dunderline\n"
	    "      blink inverse invisible strike overline)\n"
	    "  -g  as -a, but blank cells count as default\n"
	    "  -r  print \"reply TEXT\" last: the bytes sent back, escaped\n"
	    "      (\\e \\r \\n \\t \\\\ \\xHH)\n");
}

/* Parse the command line into opts; returns -1 on a bad argument. */
static int
dump_parse(int argc, char **argv, struct dump_opts *opts)
{
	int i, npos = 0;
	long v;
	char *end;

	memset(opts, 0, sizeof *opts);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-s") == 0)
			opts->history = 1;
		else if (strcmp(argv[i], "-a") == 0)
			opts->attrs = 1;
		else if (strcmp(argv[i], "-g") == 0)
			opts->attrs = 2;
		else if (strcmp(argv[i], "-r") == 0)
			opts->replies = 1;
		else if (argv[i][0] == '-' || npos == 2)
			return (-1);
		else {
			errno = 0;
			v = strtol(argv[i], &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 || v > 10000)
				return (-1);
			if (npos++ == 0)
				opts->cols = v;
			else
				opts->rows = v;
		}
	}
	return (npos == 2 ? 0 : -1);
}

/* Collect the emulator's replies into the buffer given as arg. */
static void
dump_reply(void *arg, const char *buf, size_t len)
{
	struct emu_buf *eb = arg;

	if (eb->len + len > eb->size) {
		eb->size = (eb->len + len) * 2;
		eb->data = emu_xrealloc(eb->data, eb->size);
	}
	memcpy(eb->data + eb->len, buf, len);
	eb->len += len;
}

/* Feed all of standard input to the emulator; returns -1 on a read error. */
static int
dump_feed(struct emu *e)
{
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0)
			return (0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		emu_write(e, buf, n);
	}
}

/* Print one line of width cells as text, trailing blanks removed. */
static void
dump_line(
    const struct emu *e, dump_cell_fn cell, int line, int width, int attrs)
{
	struct emu_cell c;
	int col, end = 0;
	size_t len = 0;
	char *out;

	out = emu_xmalloc((size_t)width * EMU_CELL_MAXBYTES + 1);
	for (col = 0; col < width; col++) {
		cell(e, line, col, &c);
		if (c.width == 0)
			continue;
		if (c.text[0] == '\0')
			out[len++] = ' ';
		else {
			memcpy(out + len, c.text, strlen(c.text));
			len += strlen(c.text);
		}
		if (c.text[0] != '\0' && strcmp(c.text, " ") != 0)
			end = len;
	}
	fwrite(out, 1, end, stdout);
	putchar('\n');
	free(out);
	if (attrs)
		dump_attrs(e, cell, line, width, attrs == 2);
}

/*
 * Print the attribute runs of one line (see the comment at the top); with
 * glyphs set, blank cells count as default and the right half of a wide
 * character as its left half.
 */
static void
dump_attrs(
    const struct emu *e, dump_cell_fn cell, int line, int width, int glyphs)
{
	struct emu_cell c, run, prev;
	int col, first = -1;

	memset(&prev, 0, sizeof prev);
	memset(&run, 0, sizeof run);
	for (col = 0; col <= width; col++) {
		if (col < width)
			cell(e, line, col, &c);
		else
			memset(&c, 0, sizeof c);
		if (glyphs && col < width && c.width == 0)
			c = prev;
		else if (glyphs &&
		    (c.text[0] == '\0' || strcmp(c.text, " ") == 0))
			c.attr = c.fg = c.bg = 0;
		prev = c;
		if (first >= 0 &&
		    (col == width || c.attr != run.attr || c.fg != run.fg ||
			c.bg != run.bg)) {
			dump_run(first, col - 1, &run);
			first = -1;
		}
		if (col < width && first < 0 &&
		    (c.attr != 0 || c.fg != 0 || c.bg != 0)) {
			first = col;
			run = c;
		}
	}
}

/* Print one attribute run line. */
static void
dump_run(int first, int last, const struct emu_cell *c)
{
	size_t i;

	printf("  attrs: %d-%d", first, last);
	dump_color("fg", c->fg);
	dump_color("bg", c->bg);
	for (i = 0; i < sizeof dump_attr_names / sizeof dump_attr_names[0];
	     i++) {
		if (c->attr & dump_attr_names[i].bit)
			printf(" %s", dump_attr_names[i].name);
	}
	putchar('\n');
}

/* Print " name=C" for a non-default colour. */
static void
dump_color(const char *name, uint32_t color)
{
	switch (EMU_COLOR_TYPE(color)) {
	case EMU_COLOR_PALETTE:
		printf(" %s=%u", name, EMU_COLOR_VALUE(color));
		break;
	case EMU_COLOR_RGB:
		printf(" %s=#%06x", name, EMU_COLOR_VALUE(color));
		break;
	default:
		if (color != EMU_COLOR_DEFAULT)
			printf(" %s=?%08x", name, color);
		break;
	}
}

/* Print bytes with control and non-ASCII bytes escaped. */
static void
dump_escaped(const char *buf, size_t len)
{
	size_t i;
	unsigned char ch;

	for (i = 0; i < len; i++) {
		ch = buf[i];
		if (ch == 0x1b)
			fputs("\\e", stdout);
		else if (ch == '\r')
			fputs("\\r", stdout);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch == '\\')
			fputs("\\\\", stdout);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
}

/* Parse the arguments, feed standard input, print the dump. */
int
main(int argc, char **argv)
{
	struct dump_opts opts;
	struct emu *e;
	struct emu_buf replies = { NULL, 0, 0 };
	int i, row, col;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		dump_usage();
		return (0);
	}
	if (dump_parse(argc, argv, &opts) != 0) {
		dump_usage();
		return (1);
	}
	e = emu_new(opts.cols, opts.rows, DUMP_HISTORY);
	emu_set_reply(e, dump_reply, &replies);
	if (dump_feed(e) != 0) {
		fprintf(stderr, "emu-dump: read: %s\n", strerror(errno));
		return (1);
	}
	if (opts.history) {
		for (i = 0; i < emu_history_lines(e); i++)
			dump_line(e, emu_history_cell, i,
			    emu_history_width(e, i), opts.attrs);
	}
	for (i = 0; i < opts.rows; i++)
		dump_line(e, emu_cell, i, opts.cols, opts.attrs);
	emu_cursor(e, &row, &col);
	printf("cursor %d,%d\n", row, col);
	if (opts.replies) {
		fputs("reply ", stdout);
		dump_escaped(replies.data, replies.len);
		putchar('\n');
	}
	free(replies.data);
	emu_free(e);
	return (0);
}
