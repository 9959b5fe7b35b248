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
 * The vt100-parser cases whose expectation is HTML (tNNNN-name.html: the
 * screen inside <pre>, runs of styled text as <span style="...">): each
 * .in goes to an 80x24 emulator and every line of history and screen, as
 * runs of text with the same style, must equal the HTML's line.  Styles are
 * written the way the data's renderer writes them: bold, italic, underline
 * (double: with a border), blink, hidden, line-through, overline, colours as
 * xterm's palette, inverse as swapped colours with black on white for default.
 * That renderer shows faint, fraktur and frames as plain text, so faint
 * is not written.
 */

#include <sys/types.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"
#include "tests/test.h"
#include "tests/emulator/emu-text.h"

/* A line being built: "[style]text" per run of equally styled text. */
struct sgr_line {
	char buf[4096];
	size_t len;
	char style[256]; /* the current run's style */
	int open;	 /* a run has been started */
};

static void sgr_add(struct sgr_line *, const char *, const char *);
static int sgr_prop_compare(const void *, const void *);
static void sgr_canon(const char *, char *, size_t);
static const char *sgr_color(uint32_t);
static void sgr_cell_style(const struct emu_cell *, char *, size_t);
static void sgr_cell(const struct emu *, int, int, struct emu_cell *);
static void sgr_row(const struct emu *, int, struct sgr_line *);
static char *sgr_html_line(const char **);
static char *sgr_read(const char *);
static void sgr_run(const char *, const char *);

/* xterm's palette entries 0-15, as the renderer writes them. */
static const char *sgr_palette[16] = { "#000000", "#cd0000", "#00cd00",
	"#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5", "#7f7f7f",
	"#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff",
	"#ffffff" };

/* Append text in the given (canonical) style, starting a run if needed. */
static void
sgr_add(struct sgr_line *l, const char *style, const char *text)
{
	size_t n;

	if (!l->open || strcmp(style, l->style) != 0) {
		snprintf(l->style, sizeof l->style, "%s", style);
		n = snprintf(
		    l->buf + l->len, sizeof l->buf - l->len, "[%s]", style);
		l->len =
		    l->len + n < sizeof l->buf ? l->len + n : sizeof l->buf - 1;
		l->open = 1;
	}
	n = snprintf(l->buf + l->len, sizeof l->buf - l->len, "%s", text);
	l->len = l->len + n < sizeof l->buf ? l->len + n : sizeof l->buf - 1;
}

/* qsort comparison for style properties. */
static int
sgr_prop_compare(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Canonical form of a style: properties without spaces, sorted. */
static void
sgr_canon(const char *style, char *out, size_t size)
{
	char copy[256], *props[16], *p, *tok;
	int n = 0, i, j;
	size_t len = 0;

	snprintf(copy, sizeof copy, "%s", style);
	for (p = copy; (tok = strsep(&p, ";")) != NULL && n < 16;) {
		for (i = j = 0; tok[i] != '\0'; i++) {
			if (tok[i] != ' ')
				tok[j++] = tok[i];
		}
		tok[j] = '\0';
		if (*tok != '\0')
			props[n++] = tok;
	}
	qsort(props, n, sizeof *props, sgr_prop_compare);
	out[0] = '\0';
	for (i = 0; i < n && len < size; i++) {
		len += snprintf(
		    out + len, size - len, "%s%s", i ? ";" : "", props[i]);
	}
}

/* A colour as the renderer writes it, or NULL for the default. */
static const char *
sgr_color(uint32_t c)
{
	static char buf[16];
	uint32_t v = EMU_COLOR_VALUE(c);

	if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE && v < 16)
		return (sgr_palette[v]);
	if (EMU_COLOR_TYPE(c) == EMU_COLOR_DEFAULT)
		return (NULL);
	snprintf(buf, sizeof buf, "?%06x", v);
	return (buf);
}

/* A cell's style, canonical. */
static void
sgr_cell_style(const struct emu_cell *c, char *out, size_t size)
{
	char style[256], fgs[16], bgs[16];
	const char *fg, *bg, *deco = NULL;
	size_t len = 0;

	style[0] = '\0';
	if (c->attr & EMU_ATTR_BOLD)
		len += snprintf(
		    style + len, sizeof style - len, "font-weight:bold;");
	if (c->attr & EMU_ATTR_ITALIC)
		len += snprintf(
		    style + len, sizeof style - len, "font-style:italic;");
	if (c->attr & EMU_ATTR_DUNDERLINE)
		len += snprintf(style + len, sizeof style - len,
		    "border-bottom:1px solid;");
	if (c->attr & (EMU_ATTR_UNDERLINE | EMU_ATTR_DUNDERLINE))
		deco = "underline";
	else if (c->attr & EMU_ATTR_BLINK)
		deco = "blink";
	else if (c->attr & EMU_ATTR_STRIKE)
		deco = "line-through";
	else if (c->attr & EMU_ATTR_OVERLINE)
		deco = "overline";
	if (deco != NULL)
		len += snprintf(style + len, sizeof style - len,
		    "text-decoration:%s;", deco);
	if (c->attr & EMU_ATTR_INVISIBLE)
		len += snprintf(
		    style + len, sizeof style - len, "visibility:hidden;");
	fg = sgr_color(c->fg);
	snprintf(fgs, sizeof fgs, "%s", fg != NULL ? fg : "");
	bg = sgr_color(c->bg);
	snprintf(bgs, sizeof bgs, "%s", bg != NULL ? bg : "");
	if (c->attr & EMU_ATTR_INVERSE)
		snprintf(style + len, sizeof style - len,
		    "color:%s;background-color:%s",
		    *bgs != '\0' ? bgs : "white", *fgs != '\0' ? fgs : "black");
	else if (*fgs != '\0' || *bgs != '\0')
		snprintf(style + len, sizeof style - len, "%s%s%s%s",
		    *fgs != '\0' ? "color:" : "", fgs,
		    *bgs != '\0' ? ";background-color:" : "", bgs);
	sgr_canon(style, out, size);
}

/* Cell col of line n of history plus screen. */
static void
sgr_cell(const struct emu *e, int n, int col, struct emu_cell *c)
{
	int hist = emu_history_lines(e);

	if (n < hist)
		emu_history_cell(e, n, col, c);
	else
		emu_cell(e, n - hist, col, c);
}

/*
 * Line n of history plus screen as styled runs, trailing blanks removed.
 */
static void
sgr_row(const struct emu *e, int n, struct sgr_line *l)
{
	struct emu_cell c;
	char style[256];
	int col, last = -1, hist = emu_history_lines(e), width;

	width = n < hist ? emu_history_width(e, n) : emu_cols(e);
	for (col = 0; col < width; col++) {
		sgr_cell(e, n, col, &c);
		if (c.text[0] != '\0' && strcmp(c.text, " ") != 0)
			last = col;
	}
	for (col = 0; col <= last; col++) {
		sgr_cell(e, n, col, &c);
		if (c.width == 0)
			continue;
		sgr_cell_style(&c, style, sizeof style);
		sgr_add(l, style, c.text[0] != '\0' ? c.text : " ");
	}
}

/*
 * The next line of the HTML at *pp as styled runs (malloc'd), or NULL at
 * </pre> or the end.
 */
static char *
sgr_html_line(const char **pp)
{
	static const struct {
		const char *name;
		const char *text;
	} entities[] = { { "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" },
		{ "&quot;", "\"" } };
	struct sgr_line l;
	const char *p = *pp, *end;
	char style[256], canon[256], ch[2] = { 0, 0 };
	size_t i;

	if (*p == '\0' || strncmp(p, "</pre>", 6) == 0)
		return (NULL);
	memset(&l, 0, sizeof l);
	canon[0] = '\0';
	while (*p != '\0' && *p != '\n') {
		if (strncmp(p, "<span style=\"", 13) == 0 &&
		    (end = strchr(p + 13, '"')) != NULL) {
			snprintf(style, sizeof style, "%.*s",
			    (int)(end - p - 13), p + 13);
			sgr_canon(style, canon, sizeof canon);
			p = strchr(end, '>') != NULL ? strchr(end, '>') + 1
						     : end + 1;
			continue;
		}
		if (strncmp(p, "</span>", 7) == 0) {
			canon[0] = '\0';
			p += 7;
			continue;
		}
		for (i = 0; i < sizeof entities / sizeof entities[0]; i++) {
			if (strncmp(p, entities[i].name,
				strlen(entities[i].name)) == 0)
				break;
		}
		if (i < sizeof entities / sizeof entities[0]) {
			sgr_add(&l, canon, entities[i].text);
			p += strlen(entities[i].name);
			continue;
		}
		ch[0] = *p++;
		sgr_add(&l, canon, ch);
	}
	*pp = *p == '\n' ? p + 1 : p;
	return (strdup(l.buf));
}

/* Read a whole file as a malloc'd string, or NULL. */
static char *
sgr_read(const char *path)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[8192];

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf = emu_xrealloc(buf, len + n + 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (buf == NULL)
		buf = emu_xcalloc(1, 1);
	buf[len] = '\0';
	return (buf);
}

/* Run one case: dir/name.in against dir/name.html, row by row. */
static void
sgr_run(const char *dir, const char *name)
{
	struct sgr_line got;
	struct emu *e;
	char *path, *in, *html, *want, what[256];
	const char *p;
	int row, ok = 1, lines;

	if (asprintf(&path, "%s/%s.in", dir, name) < 0)
		abort();
	in = sgr_read(path);
	free(path);
	if (asprintf(&path, "%s/%s.html", dir, name) < 0)
		abort();
	html = sgr_read(path);
	free(path);
	snprintf(what, sizeof what, "vt100-parser %s (HTML)", name);
	if (in == NULL || html == NULL ||
	    (p = strstr(html, "<pre>\n")) == NULL) {
		CHECK(0, what);
		free(in);
		free(html);
		return;
	}
	p += 6;
	e = emu_new(80, 24, 1000);
	emu_write(e, in, strlen(in));
	lines = emu_history_lines(e) + emu_rows(e);
	for (row = 0; row < lines && ok; row++) {
		memset(&got, 0, sizeof got);
		sgr_row(e, row, &got);
		if ((want = sgr_html_line(&p)) == NULL)
			want = strdup("");
		if (strcmp(got.buf, want) != 0) {
			printf("  row %d: want %s\n  row %d: got  %s\n", row,
			    want, row, got.buf);
			ok = 0;
		}
		free(want);
	}
	while (ok && (want = sgr_html_line(&p)) != NULL) {
		if (*want != '\0') {
			printf("  HTML has more lines: %s\n", want);
			ok = 0;
		}
		free(want);
	}
	CHECK(ok, what);
	emu_free(e);
	free(in);
	free(html);
}

/* Run every vt100-parser case that has an HTML expectation. */
int
main(void)
{
	DIR *d;
	struct dirent *de;
	char *dir;
	size_t len;
	int n = 0;

	if ((dir = emu_text_datadir("vt100-parser")) == NULL ||
	    (d = opendir(dir)) == NULL) {
		CHECK(0, "vt100-parser data found");
		return (test_done());
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".html") != 0)
			continue;
		de->d_name[len - 5] = '\0';
		sgr_run(dir, de->d_name);
		n++;
	}
	closedir(d);
	CHECK(n >= 2, "vt100-parser has its HTML cases");
	free(dir);
	return (test_done());
}
