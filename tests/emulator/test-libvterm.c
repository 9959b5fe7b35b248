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
 * A runner for libvterm's test scripts (tests/data/libvterm, NN*.test) against
 * our emulator.  Script lines:
 *
 *	INIT			a fresh 80x25 terminal
 *	RESET			emu_reset
 *	RESIZE r,c		emu_resize
 *	PUSH "..."[xN]		bytes (Perl escapes), optionally repeated
 *	SETDEFAULTCOL c [c]	how default colours are written (rgb(r,g,b))
 *	!heading		names the checks that follow
 *	?query ... = value	checked against our state (see lv_queries)
 *	output "..."		bytes the terminal sent back since the PUSH
 *	UTF8, WANTSTATE, WANTSCREEN, # comments: nothing to do for us
 *	lower-case lines	libvterm's callback events: ignored
 *
 * Every query is one check, named "FILE:LINE heading: query".  A reply
 * nobody expected before the next PUSH or RESET is a failure too.
 *
 * Normalisations, each because the value is libvterm's own convention:
 * default colours are written rgb(240,240,240) on rgb(0,0,0) (or what
 * SETDEFAULTCOL set); palette entries 0-15 as libvterm's palette; a cell's
 * codepoints are compared up to libvterm's limit of 6; fonts (SGR 10-19,
 * "F1") and super/subscript (SGR 73-75, "S^"/"S_") are not terminal
 * state xterm or tmux keep, so their letters are dropped from expected
 * attrs and their ?pen queries skipped; DECSCNM shows as reverse on every
 * cell, as libvterm's screen layer reports it.
 */

#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "emulator/emulator.h"
#include "tests/test.h"
#include "tests/emulator/emu-text.h"

/* libvterm's default screen size. */
#define LV_ROWS 25
#define LV_COLS 80
/* Codepoints libvterm keeps per cell (VTERM_MAX_CHARS_PER_CELL). */
#define LV_MAX_CHARS 6
/* putglyph events remembered per PUSH. */
#define LV_MAX_GLYPHS 512

/* A putglyph event: a cell that should show this after the PUSH. */
struct lv_glyph {
	int line;
	int row;
	int col;
	int width;
	char cps[64]; /* the codepoints as written, e.g. 0x65,0x301 */
	char heading[128];
};

struct lv {
	struct emu *e;
	struct emu_buf out; /* replies since the last PUSH */
	size_t used;	    /* bytes of out matched by output lines */
	const char *file;
	int line;
	char heading[128];
	char deffg[32]; /* how the default colours are written */
	char defbg[32];
	struct lv_glyph glyphs[LV_MAX_GLYPHS]; /* putglyph since the PUSH */
	int nglyphs;
};

/* Checks skipped: one block (heading) or one query in a file, and why. */
static const struct {
	const char *file;
	const char *heading;
	const char *query; /* NULL: the whole block */
	const char *reason;
} lv_skips[] = {
	/* DECSLRM (left/right margins, ?69) is not in the issue's list. */
	{ "15state_mode.test", "Origin mode with DECSLRM", NULL, "DECSLRM" },
	{ "12state_scroll.test", "DECRQSS on DECSLRM", NULL, "DECSLRM" },
	/* libvterm stores bold+colour 7 as colour 15; xterm keeps 7. */
	{ "30state_pen.test", "Bold+ANSI colour == highbright", "foreground",
	    "bold-as-bright is a libvterm rendering choice" },
	/* emulator.h has single and double underline, no curly (4:3). */
	{ "30state_pen.test", "Underline", "underline = 3",
	    "no curly underline" },
	/* xterm's REP wraps onto the next line (vt100-parser t0040-REP). */
	{ "31state_rep.test", "REP till end of line", "putglyph 0x62",
	    "xterm wraps REP; libvterm and tmux stop at the margin" },
	/* An erased cell's foreground never shows; xterm keeps only bg. */
	{ "64screen_pen.test",
	    "EL sets only colours to end of line, not other attrs", NULL,
	    "foreground of an erased cell" },
};

/* ?pen attributes that are libvterm extensions, not terminal state. */
static const char *lv_pen_ignored[] = { "font", "small", "baseline" };

/* libvterm's palette entries 0-15 as r,g,b. */
static const unsigned char lv_palette[16][3] = {
	{ 0, 0, 0 },
	{ 224, 0, 0 },
	{ 0, 224, 0 },
	{ 224, 224, 0 },
	{ 0, 0, 224 },
	{ 224, 0, 224 },
	{ 0, 224, 224 },
	{ 224, 224, 224 },
	{ 128, 128, 128 },
	{ 255, 64, 64 },
	{ 64, 255, 64 },
	{ 255, 255, 64 },
	{ 64, 64, 255 },
	{ 255, 64, 255 },
	{ 64, 255, 255 },
	{ 255, 255, 255 },
};

static void lv_reply(void *, const char *, size_t);
static void lv_check(
    struct lv *, int, const char *, const char *, const char *);
static const char *lv_skipped(struct lv *, const char *);
static int lv_hexval(char);
static int lv_unquote(const char *, char **, size_t *, const char **);
static int lv_hexlist(const char *, int, char **);
static int lv_expect_text(const char *, int, char **);
static void lv_squash(char *);
static void lv_color(uint32_t, const char *, char *, size_t);
static void lv_pen_color(uint32_t, int, char *, size_t);
static char *lv_rect_text(struct lv *, int, int, int, int);
static char *lv_escape(const char *, size_t);
static void lv_unexpected(struct lv *);
static void lv_cell_cps(const struct emu_cell *, char *, size_t);
static void lv_glyph_add(struct lv *, const char *);
static void lv_glyph_check(struct lv *);
static void lv_group_end(struct lv *);
static void lv_init(struct lv *);
static void lv_push(struct lv *, const char *);
static void lv_output(struct lv *, const char *);
static void lv_q_cursor(struct lv *, const char *, const char *);
static void lv_q_pen(struct lv *, const char *, const char *);
static void lv_q_row(struct lv *, const char *, const char *);
static void lv_q_chars(struct lv *, const char *, const char *);
static void lv_q_text(struct lv *, const char *, const char *);
static void lv_q_cell(struct lv *, const char *, const char *);
static void lv_q_lineinfo(struct lv *, const char *, const char *);
static void lv_q_eol(struct lv *, const char *, const char *);
static void lv_query(struct lv *, char *, const char *);
static void lv_line(struct lv *, char *, const char *);
static void lv_file(const char *, const char *);
static int lv_compare(const void *, const void *);

/* The queries this runner answers. */
static const struct {
	const char *name;
	void (*fn)(struct lv *, const char *, const char *);
} lv_queries[] = {
	{ "?cursor", lv_q_cursor },
	{ "?lineinfo", lv_q_lineinfo },
	{ "?pen", lv_q_pen },
	{ "?screen_cell", lv_q_cell },
	{ "?screen_chars", lv_q_chars },
	{ "?screen_eol", lv_q_eol },
	{ "?screen_row", lv_q_row },
	{ "?screen_text", lv_q_text },
};

/* Collect replies from the emulator. */
static void
lv_reply(void *arg, const char *buf, size_t len)
{
	struct emu_buf *eb = arg;

	if (eb->len + len + 1 > eb->size) {
		eb->size = (eb->len + len + 1) * 2;
		eb->data = emu_xrealloc(eb->data, eb->size);
	}
	memcpy(eb->data + eb->len, buf, len);
	eb->len += len;
	eb->data[eb->len] = '\0';
}

/* Record one check, naming file, line, heading and the query. */
static void
lv_check(
    struct lv *lv, int ok, const char *query, const char *got, const char *want)
{
	char what[512];

	snprintf(what, sizeof what, "%s:%d %s: %s", lv->file, lv->line,
	    lv->heading, query);
	if (!ok && got != NULL)
		printf("  got  %s\n  want %s\n", got, want);
	CHECK(ok, what);
}

/* The reason this query is skipped, or NULL. */
static const char *
lv_skipped(struct lv *lv, const char *query)
{
	size_t i;

	for (i = 0; i < sizeof lv_skips / sizeof lv_skips[0]; i++) {
		if (strcmp(lv_skips[i].file, lv->file) != 0 ||
		    strcmp(lv_skips[i].heading, lv->heading) != 0)
			continue;
		if (lv_skips[i].query == NULL ||
		    strstr(query, lv_skips[i].query) != NULL)
			return (lv_skips[i].reason);
	}
	return (NULL);
}

/* The value of a hexadecimal digit. */
static int
lv_hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return (ch - '0');
	return (tolower((unsigned char)ch) - 'a' + 10);
}

/*
 * Decode a Perl double-quoted string at s into malloc'd bytes; *rest is
 * set after the closing quote.  Returns -1 if malformed.
 */
static int
lv_unquote(const char *s, char **out, size_t *lenp, const char **rest)
{
	char *buf;
	size_t len = 0;
	int n, v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s++ != '"')
		return (-1);
	buf = emu_xmalloc(strlen(s) + 1);
	for (; *s != '"'; s++) {
		if (*s == '\0') {
			free(buf);
			return (-1);
		}
		if (*s != '\\') {
			buf[len++] = *s;
			continue;
		}
		switch (*++s) {
		case 'e':
			buf[len++] = 0x1b;
			break;
		case 'n':
			buf[len++] = '\n';
			break;
		case 'r':
			buf[len++] = '\r';
			break;
		case 't':
			buf[len++] = '\t';
			break;
		case 'b':
			buf[len++] = '\b';
			break;
		case 'a':
			buf[len++] = '\a';
			break;
		case 'f':
			buf[len++] = '\f';
			break;
		case '0':
			buf[len++] = '\0';
			break;
		case 'x':
			v = 0;
			for (n = 0; n < 2 && isxdigit((unsigned char)s[1]); n++)
				v = v * 16 + lv_hexval(*++s);
			buf[len++] = v;
			break;
		case '\0':
			free(buf);
			return (-1);
		default: /* \\ \" \$ \@ and the like: the character itself */
			buf[len++] = *s;
			break;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	*rest = s + 1;
	return (0);
}

/*
 * Parse a comma-separated list of hex numbers: codepoints (as UTF-8) if
 * codepoints is set, else bytes.  Returns -1 if malformed.
 */
static int
lv_hexlist(const char *s, int codepoints, char **out)
{
	char *buf, *end;
	size_t len = 0;
	unsigned long v;

	buf = emu_xmalloc(strlen(s) * 4 + 1);
	while (*s != '\0') {
		while (isspace((unsigned char)*s) || *s == ',')
			s++;
		if (*s == '\0')
			break;
		v = strtoul(s, &end, 16);
		if (end == s || v > 0x10ffff) {
			free(buf);
			return (-1);
		}
		s = end;
		if (codepoints)
			len += utf8proc_encode_char(v, (uint8_t *)buf + len);
		else
			buf[len++] = v;
	}
	buf[len] = '\0';
	*out = buf;
	return (0);
}

/* An expected text: a quoted string or a hex list. */
static int
lv_expect_text(const char *v, int codepoints, char **out)
{
	const char *rest;
	size_t len;

	while (isspace((unsigned char)*v))
		v++;
	if (*v == '"')
		return (lv_unquote(v, out, &len, &rest));
	return (lv_hexlist(v, codepoints, out));
}

/* Remove every space from s. */
static void
lv_squash(char *s)
{
	char *d = s;

	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			*d++ = *s;
	}
	*d = '\0';
}

/* Write a cell colour as libvterm does: rgb(r,g,b), def if default. */
static void
lv_color(uint32_t c, const char *def, char *buf, size_t size)
{
	uint32_t v = EMU_COLOR_VALUE(c);

	if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE && v < 16)
		snprintf(buf, size, "rgb(%d,%d,%d)", lv_palette[v][0],
		    lv_palette[v][1], lv_palette[v][2]);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE)
		snprintf(buf, size, "idx(%u)", v);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_RGB)
		snprintf(buf, size, "rgb(%u,%u,%u)", v >> 16, (v >> 8) & 0xff,
		    v & 0xff);
	else
		snprintf(buf, size, "%s", def);
}

/* Write a pen colour as libvterm's ?pen foreground/background does. */
static void
lv_pen_color(uint32_t c, int bg, char *buf, size_t size)
{
	uint32_t v = EMU_COLOR_VALUE(c);

	if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE)
		snprintf(buf, size, "idx(%u)", v);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_RGB)
		snprintf(buf, size, "rgb(%u,%u,%u)", v >> 16, (v >> 8) & 0xff,
		    v & 0xff);
	else if (bg)
		snprintf(buf, size, "rgb(0,0,0,is_default_bg)");
	else
		snprintf(buf, size, "rgb(240,240,240,is_default_fg)");
}

/*
 * The text of rows r0..r1-1, columns c0..c1-1, each row's trailing blanks
 * removed, rows joined by newlines (trailing empty rows dropped).
 */
static char *
lv_rect_text(struct lv *lv, int r0, int c0, int r1, int c1)
{
	struct emu_cell c;
	char *out;
	size_t len = 0, end = 0, rowend, n;
	int r, col;

	out = emu_xmalloc(
	    (size_t)(r1 - r0 + 1) * (c1 - c0 + 1) * EMU_CELL_MAXBYTES + 1);
	for (r = r0; r < r1 && r < emu_rows(lv->e); r++) {
		if (r != r0)
			out[len++] = '\n';
		rowend = len;
		for (col = c0; col < c1 && col < emu_cols(lv->e); col++) {
			emu_cell(lv->e, r, col, &c);
			if (c.width == 0)
				continue;
			n = strnlen(c.text, EMU_CELL_MAXBYTES);
			if (n == 0)
				out[len++] = ' ';
			memcpy(out + len, c.text, n);
			len += n;
			if (n != 0 && strcmp(c.text, " ") != 0)
				rowend = end = len;
		}
		len = rowend;
	}
	out[end] = '\0';
	return (out);
}

/* A malloc'd copy of bytes with ESC and other controls made visible. */
static char *
lv_escape(const char *buf, size_t len)
{
	char *out, *p;
	size_t i;

	p = out = emu_xmalloc(len * 4 + 1);
	for (i = 0; i < len; i++) {
		if (buf[i] == 0x1b)
			p += sprintf(p, "\\e");
		else if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			p += sprintf(p, "\\x%02x", (unsigned char)buf[i]);
		else
			*p++ = buf[i];
	}
	*p = '\0';
	return (out);
}

/* Fail if the emulator replied with bytes no output line expected. */
static void
lv_unexpected(struct lv *lv)
{
	char *got;

	if (lv->out.len > lv->used) {
		got =
		    lv_escape(lv->out.data + lv->used, lv->out.len - lv->used);
		lv_check(lv, 0, "no unexpected reply", got, "(nothing)");
		free(got);
	}
	lv->out.len = lv->used = 0;
}

/* Write a cell's codepoints as 0x41,0x301 (at most LV_MAX_CHARS). */
static void
lv_cell_cps(const struct emu_cell *c, char *buf, size_t size)
{
	const uint8_t *s = (const uint8_t *)c->text;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < LV_MAX_CHARS && *s != '\0' && len < size; i++, s += n) {
		if ((n = utf8proc_iterate(s, -1, &cp)) <= 0)
			break;
		len += snprintf(buf + len, size - len, "%s0x%x", i ? "," : "",
		    (unsigned)cp);
	}
}

/* Remember a putglyph event: "CPS WIDTH ROW,COL". */
static void
lv_glyph_add(struct lv *lv, const char *args)
{
	struct lv_glyph *g;

	if (lv->nglyphs == LV_MAX_GLYPHS)
		return;
	g = &lv->glyphs[lv->nglyphs];
	if (sscanf(args, " %63s %d %d,%d", g->cps, &g->width, &g->row,
		&g->col) != 4) {
		lv_check(lv, 0, "putglyph parses", NULL, NULL);
		return;
	}
	g->line = lv->line;
	snprintf(g->heading, sizeof g->heading, "%s", lv->heading);
	lv->nglyphs++;
}

/*
 * Check the putglyph events of the PUSH just finished: each cell shows its
 * glyph, unless a later glyph in the same PUSH went to the same cell.  An
 * event that moves or erases cells (moverect, scrollrect, erase, sb_*)
 * drops the glyphs before it, whose cells it may have changed.
 */
static void
lv_glyph_check(struct lv *lv)
{
	struct lv_glyph *g;
	struct emu_cell c;
	char got[128], want[128], query[192];
	int i, j, line = lv->line;

	for (i = 0; i < lv->nglyphs; i++) {
		g = &lv->glyphs[i];
		for (j = i + 1; j < lv->nglyphs; j++) {
			if (lv->glyphs[j].row == g->row &&
			    lv->glyphs[j].col == g->col)
				break;
		}
		if (j < lv->nglyphs)
			continue;
		lv->line = g->line;
		snprintf(lv->heading, sizeof lv->heading, "%s", g->heading);
		snprintf(want, sizeof want, "%s %d", g->cps, g->width);
		snprintf(query, sizeof query, "putglyph %s %d,%d", want, g->row,
		    g->col);
		if (lv_skipped(lv, query) != NULL) {
			printf("skip - %s:%d %s: %s\n", lv->file, lv->line,
			    lv->heading, query);
			continue;
		}
		if (g->row >= emu_rows(lv->e) || g->col >= emu_cols(lv->e)) {
			lv_check(
			    lv, 0, "putglyph", "(outside the screen)", want);
			continue;
		}
		emu_cell(lv->e, g->row, g->col, &c);
		lv_cell_cps(&c, got, sizeof got - 8);
		snprintf(got + strlen(got), 8, " %d", c.width);
		lv_check(lv, strcmp(got, want) == 0, "putglyph", got, want);
	}
	lv->line = line;
	lv->nglyphs = 0;
}

/* A PUSH's events end: check its glyphs and its replies. */
static void
lv_group_end(struct lv *lv)
{
	char heading[sizeof lv->heading];

	snprintf(heading, sizeof heading, "%s", lv->heading);
	lv_glyph_check(lv);
	snprintf(lv->heading, sizeof lv->heading, "%s", heading);
	lv_unexpected(lv);
}

/* INIT: a fresh terminal of libvterm's default size. */
static void
lv_init(struct lv *lv)
{
	if (lv->e != NULL)
		emu_free(lv->e);
	lv->e = emu_new(LV_COLS, LV_ROWS, 1000);
	emu_set_reply(lv->e, lv_reply, &lv->out);
	lv->out.len = lv->used = 0;
	snprintf(lv->deffg, sizeof lv->deffg, "%s", "rgb(240,240,240)");
	snprintf(lv->defbg, sizeof lv->defbg, "%s", "rgb(0,0,0)");
}

/* PUSH "..." [x N]: feed the bytes, N times. */
static void
lv_push(struct lv *lv, const char *args)
{
	char *buf;
	size_t len;
	const char *rest;
	int count = 1;

	lv_group_end(lv);
	if (lv_unquote(args, &buf, &len, &rest) != 0) {
		lv_check(lv, 0, "PUSH parses", NULL, NULL);
		return;
	}
	while (isspace((unsigned char)*rest))
		rest++;
	if (*rest == 'x')
		count = atoi(rest + 1);
	while (count-- > 0)
		emu_write(lv->e, buf, len);
	free(buf);
}

/* output "...": the next bytes the terminal sent back. */
static void
lv_output(struct lv *lv, const char *args)
{
	char *want, *got, *shown = NULL;
	size_t len, avail;
	const char *rest;
	int ok;

	if (lv_unquote(args, &want, &len, &rest) != 0) {
		lv_check(lv, 0, "output parses", NULL, NULL);
		return;
	}
	avail = lv->out.len - lv->used;
	ok = avail >= len && memcmp(lv->out.data + lv->used, want, len) == 0;
	got = lv_escape(lv->out.data + lv->used, avail);
	if (lv_skipped(lv, "output") != NULL)
		printf("skip - %s:%d %s: output\n", lv->file, lv->line,
		    lv->heading);
	else
		lv_check(lv, ok, "output", got, shown = lv_escape(want, len));
	lv->used += ok ? len : avail;
	free(got);
	free(want);
	free(shown);
}

/* ?cursor = r,c */
static void
lv_q_cursor(struct lv *lv, const char *args, const char *want)
{
	char got[32];
	int row, col;

	emu_cursor(lv->e, &row, &col);
	snprintf(got, sizeof got, "%d,%d", row, col);
	lv_check(lv, strcmp(got, want) == 0, "?cursor", got, want);
}

/* ?pen NAME = VALUE */
static void
lv_q_pen(struct lv *lv, const char *args, const char *want)
{
	static const struct {
		const char *name;
		uint16_t bit;
	} flags[] = {
		{ "bold", EMU_ATTR_BOLD },
		{ "italic", EMU_ATTR_ITALIC },
		{ "blink", EMU_ATTR_BLINK },
		{ "reverse", EMU_ATTR_INVERSE },
		{ "strike", EMU_ATTR_STRIKE },
		{ "conceal", EMU_ATTR_INVISIBLE },
	};
	char got[64], query[64];
	uint16_t attr;
	uint32_t fg, bg;
	size_t i;

	emu_pen(lv->e, &attr, &fg, &bg);
	snprintf(query, sizeof query, "?pen %s", args);
	got[0] = '\0';
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		if (strcmp(args, flags[i].name) == 0)
			snprintf(got, sizeof got, "%s",
			    (attr & flags[i].bit) ? "on" : "off");
	}
	if (strcmp(args, "underline") == 0)
		snprintf(got, sizeof got, "%d",
		    (attr & EMU_ATTR_DUNDERLINE)      ? 2
			: (attr & EMU_ATTR_UNDERLINE) ? 1
						      : 0);
	else if (strcmp(args, "foreground") == 0)
		lv_pen_color(fg, 0, got, sizeof got);
	else if (strcmp(args, "background") == 0)
		lv_pen_color(bg, 1, got, sizeof got);
	lv_check(lv, strcmp(got, want) == 0, query, got, want);
}

/* ?screen_row N = "text" or codepoint list */
static void
lv_q_row(struct lv *lv, const char *args, const char *value)
{
	char *want, *got;
	int row = atoi(args);

	if (lv_expect_text(value, 1, &want) != 0 || row < 0 ||
	    row >= emu_rows(lv->e)) {
		lv_check(lv, 0, "?screen_row parses", NULL, NULL);
		return;
	}
	got = emu_text_line(lv->e, 0, row);
	lv_check(lv, strcmp(got, want) == 0, "?screen_row", got, want);
	free(got);
	free(want);
}

/* ?screen_chars r0,c0,r1,c1 = "text" */
static void
lv_q_chars(struct lv *lv, const char *args, const char *value)
{
	char *want, *got;
	int r0, c0, r1, c1;

	if (sscanf(args, "%d,%d,%d,%d", &r0, &c0, &r1, &c1) != 4 ||
	    lv_expect_text(value, 1, &want) != 0) {
		lv_check(lv, 0, "?screen_chars parses", NULL, NULL);
		return;
	}
	got = lv_rect_text(lv, r0, c0, r1, c1);
	lv_check(lv, strcmp(got, want) == 0, "?screen_chars", got, want);
	free(got);
	free(want);
}

/* ?screen_text r0,c0,r1,c1 = byte list */
static void
lv_q_text(struct lv *lv, const char *args, const char *value)
{
	char *want, *got;
	int r0, c0, r1, c1;

	if (sscanf(args, "%d,%d,%d,%d", &r0, &c0, &r1, &c1) != 4 ||
	    lv_expect_text(value, 0, &want) != 0) {
		lv_check(lv, 0, "?screen_text parses", NULL, NULL);
		return;
	}
	got = lv_rect_text(lv, r0, c0, r1, c1);
	lv_check(lv, strcmp(got, want) == 0, "?screen_text", got, want);
	free(got);
	free(want);
}

/* ?screen_cell r,c = {cps} width=N attrs={...} fg=... bg=... */
static void
lv_q_cell(struct lv *lv, const char *args, const char *value)
{
	struct emu_cell c;
	char got[512], want[512], fg[32], bg[32], *p, *q;
	size_t len = 0;
	int row, col;
	uint16_t attr;

	if (sscanf(args, "%d,%d", &row, &col) != 2 || row < 0 || col < 0 ||
	    row >= emu_rows(lv->e) || col >= emu_cols(lv->e)) {
		lv_check(lv, 0, "?screen_cell parses", NULL, NULL);
		return;
	}
	emu_cell(lv->e, row, col, &c);
	attr = c.attr;
	if (emu_mode(lv->e, EMU_MODE_REVERSE_VIDEO))
		attr ^= EMU_ATTR_INVERSE;
	len += snprintf(got + len, sizeof got - len, "{");
	lv_cell_cps(&c, got + len, sizeof got - len - 1);
	len = strlen(got);
	lv_color(c.fg, lv->deffg, fg, sizeof fg);
	lv_color(c.bg, lv->defbg, bg, sizeof bg);
	snprintf(got + len, sizeof got - len,
	    "}width=%d attrs={%s%s%s%s%s%s} fg=%s bg=%s", c.width,
	    (attr & EMU_ATTR_BOLD) ? "B" : "",
	    (attr & EMU_ATTR_DUNDERLINE) ? "U2" : "",
	    (attr & EMU_ATTR_UNDERLINE) ? "U1" : "",
	    (attr & EMU_ATTR_ITALIC) ? "I" : "",
	    (attr & EMU_ATTR_BLINK) ? "K" : "",
	    (attr & EMU_ATTR_INVERSE) ? "R" : "", fg, bg);
	lv_squash(got);
	snprintf(want, sizeof want, "%s", value);
	lv_squash(want);
	/* Drop font (F<n>) and super/subscript (S^, S_) letters. */
	if ((p = strstr(want, "attrs={")) != NULL) {
		for (p += 7, q = p; *p != '}' && *p != '\0'; p++) {
			if (*p == 'F' && isdigit((unsigned char)p[1]))
				p++;
			else if (*p == 'S' && (p[1] == '^' || p[1] == '_'))
				p++;
			else
				*q++ = *p;
		}
		memmove(q, p, strlen(p) + 1);
	}
	lv_check(lv, strcmp(got, want) == 0, "?screen_cell", got, want);
}

/* ?lineinfo N = [cont]: is row N a continuation of row N-1? */
static void
lv_q_lineinfo(struct lv *lv, const char *args, const char *want)
{
	int row = atoi(args), cont;

	cont =
	    row > 0 && row < emu_rows(lv->e) && emu_row_wrapped(lv->e, row - 1);
	lv_check(lv, strcmp(cont ? "cont" : "", want) == 0, "?lineinfo",
	    cont ? "cont" : "(none)", *want ? want : "(none)");
}

/* ?screen_eol r,c = 0|1: is everything from column c on blank? */
static void
lv_q_eol(struct lv *lv, const char *args, const char *want)
{
	struct emu_cell c;
	int row, col, eol = 1;

	if (sscanf(args, "%d,%d", &row, &col) != 2 || row < 0 ||
	    row >= emu_rows(lv->e)) {
		lv_check(lv, 0, "?screen_eol parses", NULL, NULL);
		return;
	}
	for (; col < emu_cols(lv->e); col++) {
		emu_cell(lv->e, row, col, &c);
		if (c.text[0] != '\0' && strcmp(c.text, " ") != 0)
			eol = 0;
	}
	lv_check(lv, atoi(want) == eol, "?screen_eol", eol ? "1" : "0", want);
}

/* A ?query line: find its handler and check it (or say why skipped). */
static void
lv_query(struct lv *lv, char *line, const char *raw)
{
	char *eq, *args, *value, *end;
	const char *reason;
	size_t i, n;

	if ((eq = strchr(line, '=')) == NULL) {
		lv_check(lv, 0, "query has =", NULL, NULL);
		return;
	}
	*eq = '\0';
	value = eq + 1;
	while (isspace((unsigned char)*value))
		value++;
	end = value + strlen(value);
	while (end > value && isspace((unsigned char)end[-1]))
		*--end = '\0';
	end = eq;
	while (end > line && isspace((unsigned char)end[-1]))
		*--end = '\0';
	n = strcspn(line, " \t");
	args = line + n;
	while (isspace((unsigned char)*args))
		args++;
	line[n] = '\0';
	if ((reason = lv_skipped(lv, raw)) != NULL) {
		printf("skip - %s:%d %s: %s (%s)\n", lv->file, lv->line,
		    lv->heading, raw, reason);
		return;
	}
	for (i = 0; i < sizeof lv_pen_ignored / sizeof lv_pen_ignored[0]; i++) {
		if (strcmp(line, "?pen") == 0 &&
		    strcmp(args, lv_pen_ignored[i]) == 0)
			return;
	}
	for (i = 0; i < sizeof lv_queries / sizeof lv_queries[0]; i++) {
		if (strcmp(lv_queries[i].name, line) == 0) {
			lv_queries[i].fn(lv, args, value);
			return;
		}
	}
	lv_check(lv, 0, "known query", line, "a known query");
}

/* Handle one script line. */
static void
lv_line(struct lv *lv, char *line, const char *raw)
{
	char word[32];
	const char *args;
	size_t n;

	while (isspace((unsigned char)*line))
		line++;
	if (*line == '\0' || *line == '#')
		return;
	if (*line == '!') {
		snprintf(lv->heading, sizeof lv->heading, "%s", line + 1);
		return;
	}
	if (*line == '?') {
		lv_query(lv, line, raw);
		return;
	}
	n = strcspn(line, " \t");
	snprintf(word, sizeof word, "%.*s", (int)(n < 31 ? n : 31), line);
	args = line + n;
	if (strcmp(word, "INIT") == 0) {
		lv_group_end(lv);
		lv_init(lv);
	} else if (strcmp(word, "RESET") == 0) {
		lv_group_end(lv);
		emu_reset(lv->e);
	} else if (strcmp(word, "putglyph") == 0)
		lv_glyph_add(lv, args);
	else if (strcmp(word, "moverect") == 0 ||
	    strcmp(word, "scrollrect") == 0 || strcmp(word, "erase") == 0 ||
	    strncmp(word, "sb_", 3) == 0)
		lv->nglyphs = 0;
	else if (strcmp(word, "RESIZE") == 0) {
		lv_group_end(lv);
		int rows, cols;
		if (sscanf(args, "%d,%d", &rows, &cols) == 2)
			emu_resize(lv->e, cols, rows);
	} else if (strcmp(word, "PUSH") == 0)
		lv_push(lv, args);
	else if (strcmp(word, "output") == 0)
		lv_output(lv, args);
	else if (strcmp(word, "SETDEFAULTCOL") == 0) {
		char fg[32] = "", bg[32] = "";
		if (sscanf(args, " %31s %31s", fg, bg) >= 1) {
			snprintf(lv->deffg, sizeof lv->deffg, "%s", fg);
			if (bg[0] != '\0')
				snprintf(lv->defbg, sizeof lv->defbg, "%s", bg);
		}
	}
	/* UTF8, WANTSTATE, WANTSCREEN and lower-case events: nothing. */
}

/* Run one script. */
static void
lv_file(const char *dir, const char *name)
{
	struct lv lv;
	FILE *f;
	char *path, *line = NULL, *raw;
	size_t size = 0;
	ssize_t n;

	memset(&lv, 0, sizeof lv);
	lv.file = name;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		abort();
	f = fopen(path, "r");
	free(path);
	if (f == NULL) {
		lv_check(&lv, 0, "file opens", NULL, NULL);
		return;
	}
	lv_init(&lv);
	while ((n = getline(&line, &size, f)) != -1) {
		lv.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		raw = strdup(line + strspn(line, " \t"));
		lv_line(&lv, line, raw);
		free(raw);
	}
	lv_group_end(&lv);
	free(line);
	fclose(f);
	emu_free(lv.e);
	free(lv.out.data);
}

/* qsort comparison for file names. */
static int
lv_compare(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Run every libvterm test script. */
int
main(void)
{
	DIR *d;
	struct dirent *de;
	char *dir, **names = NULL;
	size_t n = 0, i, len;

	if ((dir = emu_text_datadir("libvterm")) == NULL ||
	    (d = opendir(dir)) == NULL) {
		CHECK(0, "libvterm test data found");
		return (test_done());
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".test") != 0)
			continue;
		names = emu_xreallocarray(names, n + 1, sizeof *names);
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, lv_compare);
	CHECK(n >= 10, "libvterm data has at least 10 scripts");
	for (i = 0; i < n; i++) {
		lv_file(dir, names[i]);
		free(names[i]);
	}
	free(names);
	free(dir);
	return (test_done());
}
