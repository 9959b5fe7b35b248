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
 * The vt100-parser conformance data (tests/data/vt100-parser): every
 * tNNNN-name.in is fed raw to an 80x24 emulator and its scrollback plus
 * screen, as text, must equal tNNNN-name.text (trailing spaces and
 * trailing empty lines removed).  Where the data has a .text-xterm (the
 * author followed gnome-terminal in .text), xterm's version is used.
 * One "ok"/"FAIL" line per file; on failure the first differing line.
 */

#include <sys/types.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator/emulator.h"
#include "tests/test.h"
#include "tests/emulator/emu-text.h"

/* Cases not run, each with its reason. */
static const struct {
	const char *name;
	const char *reason;
} vt_skips[] = {
	/*
	 * CBT from the pending-wrap state: .text follows gnome-terminal and
	 * .text-xterm records xterm keeping the wrap pending through CBT
	 * (data README: skip rather than bend the emulator).
	 */
	{ "t0084-CBT", "CBT past the end of line (gnome-terminal/xterm)" },
};

struct vt_text {
	char **lines;
	int n;
	int size;
};

static char *vt_read(const char *, size_t *);
static void vt_add(struct vt_text *, char *);
static void vt_trim(struct vt_text *);
static void vt_free(struct vt_text *);
static void vt_expected(const char *, struct vt_text *);
static void vt_actual(const char *, size_t, struct vt_text *);
static void vt_run(const char *, const char *);
static const char *vt_skipped(const char *);
static int vt_has_text(const char *, const char *);
static int vt_compare(const void *, const void *);

/* Read a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *
vt_read(const char *path, size_t *lenp)
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
	*lenp = len;
	return (buf);
}

/* Append a malloc'd line, its trailing spaces removed. */
static void
vt_add(struct vt_text *t, char *line)
{
	size_t len = strlen(line);

	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	if (t->n == t->size) {
		t->size = t->size ? t->size * 2 : 64;
		t->lines =
		    emu_xreallocarray(t->lines, t->size, sizeof *t->lines);
	}
	t->lines[t->n++] = line;
}

/* Drop trailing empty lines. */
static void
vt_trim(struct vt_text *t)
{
	while (t->n > 0 && t->lines[t->n - 1][0] == '\0')
		free(t->lines[--t->n]);
}

/* Free every line. */
static void
vt_free(struct vt_text *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->lines[i]);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

/* Split the expected file's text into lines. */
static void
vt_expected(const char *text, struct vt_text *t)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		vt_add(t, strndup(p, nl - p));
		p = (*nl == '\0') ? nl : nl + 1;
	}
	vt_trim(t);
}

/*
 * Feed the input to an 80x24 emulator and collect history plus screen.  The
 * header and footer lines that script(1) writes to a typescript ("Script
 * started on ...", "Script done on ...") are not terminal output: the
 * data's expectations leave them out.
 */
static void
vt_actual(const char *in, size_t len, struct vt_text *t)
{
	struct emu *e;
	const char *nl, *done;
	int i;

	if (len > 18 && strncmp(in, "Script started on ", 18) == 0 &&
	    (nl = memchr(in, '\n', len)) != NULL) {
		len -= nl + 1 - in;
		in = nl + 1;
	}
	if ((done = memmem(in, len, "\nScript done on ", 16)) != NULL)
		len = done + 1 - in;
	e = emu_new(80, 24, 10000);
	emu_write(e, in, len);
	for (i = 0; i < emu_history_lines(e); i++)
		vt_add(t, emu_text_line(e, 1, i));
	for (i = 0; i < emu_rows(e); i++)
		vt_add(t, emu_text_line(e, 0, i));
	vt_trim(t);
	emu_free(e);
}

/* The skip reason for a case name, or NULL. */
static const char *
vt_skipped(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof vt_skips / sizeof vt_skips[0]; i++) {
		if (strcmp(vt_skips[i].name, name) == 0)
			return (vt_skips[i].reason);
	}
	return (NULL);
}

/* Run one case: dir/name.in against name.text-xterm or name.text. */
static void
vt_run(const char *dir, const char *name)
{
	struct vt_text want = { 0 }, got = { 0 };
	char *path, *in, *text, what[256];
	size_t inlen, textlen;
	int i;

	if (asprintf(&path, "%s/%s.in", dir, name) < 0)
		abort();
	in = vt_read(path, &inlen);
	free(path);
	if (asprintf(&path, "%s/%s.text-xterm", dir, name) < 0)
		abort();
	if ((text = vt_read(path, &textlen)) == NULL) {
		path[strlen(path) - strlen("-xterm")] = '\0';
		text = vt_read(path, &textlen);
	}
	free(path);
	snprintf(what, sizeof what, "vt100-parser %s", name);
	if (in == NULL || text == NULL) {
		CHECK(0, what);
		goto out;
	}
	vt_expected(text, &want);
	vt_actual(in, inlen, &got);
	for (i = 0; i < want.n || i < got.n; i++) {
		if (i >= want.n || i >= got.n ||
		    strcmp(want.lines[i], got.lines[i]) != 0) {
			printf(
			    "  line %d: want \"%s\"\n  line %d: got  \"%s\"\n",
			    i + 1, i < want.n ? want.lines[i] : "(none)", i + 1,
			    i < got.n ? got.lines[i] : "(none)");
			break;
		}
	}
	CHECK(i == want.n && i == got.n, what);
out:
	vt_free(&want);
	vt_free(&got);
	free(in);
	free(text);
}

/* Has the case a text expectation (HTML-only ones are test-vt100-sgr's)? */
static int
vt_has_text(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s.text", dir, name);
	if (access(path, R_OK) == 0)
		return (1);
	snprintf(path, sizeof path, "%s/%s.text-xterm", dir, name);
	return (access(path, R_OK) == 0);
}

/* qsort comparison for case names. */
static int
vt_compare(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Run every case of the vt100-parser data. */
int
main(void)
{
	DIR *d;
	struct dirent *de;
	char *dir, **names = NULL, *name;
	size_t n = 0, i, len;
	const char *reason;

	if ((dir = emu_text_datadir("vt100-parser")) == NULL) {
		CHECK(0, "vt100-parser data found");
		return (test_done());
	}
	if ((d = opendir(dir)) == NULL) {
		CHECK(0, "vt100-parser data readable");
		return (test_done());
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 4 || strcmp(de->d_name + len - 3, ".in") != 0)
			continue;
		names = emu_xreallocarray(names, n + 1, sizeof *names);
		names[n++] = strndup(de->d_name, len - 3);
	}
	closedir(d);
	qsort(names, n, sizeof *names, vt_compare);
	CHECK(n >= 50, "vt100-parser has at least 50 cases");
	for (i = 0; i < n; i++) {
		name = names[i];
		if ((reason = vt_skipped(name)) != NULL)
			printf("skip - vt100-parser %s: %s\n", name, reason);
		else if (vt_has_text(dir, name))
			vt_run(dir, name);
		free(name);
	}
	free(names);
	free(dir);
	return (test_done());
}
