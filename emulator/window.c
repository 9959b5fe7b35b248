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
 * Window operations (XTWINOPS, CSI Ps ; Ps ; Ps t): only the title stack,
 * 22 (push) and 23 (pop), with 0 for title and icon name, 1 for the icon
 * name, 2 for the title, as xterm and tmux.  Resizing, moving and reports
 * are ignored: nothing here answers.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

static void emu_xtwinops(struct emu *);
static void emu_titles_push(struct emu *, int);
static void emu_titles_pop(struct emu *, int);
static char *emu_titles_dup(const char *);

static const struct emu_seq emu_window_seqs[] = {
	{ 't', 0, 0, emu_xtwinops, "XTWINOPS" },
};
const struct emu_seq_table emu_seqs_window = { "window", emu_window_seqs,
	sizeof emu_window_seqs / sizeof emu_window_seqs[0] };

/* Copy a possibly NULL string. */
static char *
emu_titles_dup(const char *s)
{
	return (s != NULL ? emu_xstrdup(s) : NULL);
}

/* Push the title (which 0 or 2) and icon name (0 or 1); the oldest goes. */
static void
emu_titles_push(struct emu *e, int which)
{
	struct emu_titles *t;

	if (e->ntitles == EMU_TITLE_STACK) {
		free(e->tstack[0].title);
		free(e->tstack[0].icon);
		memmove(&e->tstack[0], &e->tstack[1],
		    (EMU_TITLE_STACK - 1) * sizeof e->tstack[0]);
		e->ntitles--;
	}
	t = &e->tstack[e->ntitles++];
	t->title = which != 1 ? emu_titles_dup(emu_title(e)) : NULL;
	t->icon = which != 2 ? emu_titles_dup(emu_icon(e)) : NULL;
}

/* Pop what the last push saved of the title and icon name. */
static void
emu_titles_pop(struct emu *e, int which)
{
	struct emu_titles *t;

	if (e->ntitles == 0)
		return;
	t = &e->tstack[--e->ntitles];
	if (which != 1 && t->title != NULL) {
		free(e->title);
		e->title = t->title;
		t->title = NULL;
		e->title_set = 1;
	}
	if (which != 2 && t->icon != NULL) {
		free(e->icon);
		e->icon = t->icon;
		t->icon = NULL;
	}
	free(t->title);
	free(t->icon);
	t->title = t->icon = NULL;
}

/* XTWINOPS: the title stack only. */
static void
emu_xtwinops(struct emu *e)
{
	int which = emu_param(e, 1, 0);

	if (which > 2)
		return;
	switch (emu_param(e, 0, 0)) {
	case 22:
		emu_titles_push(e, which);
		break;
	case 23:
		emu_titles_pop(e, which);
		break;
	}
}

/* Forget the title stack. */
void
emu_titles_free(struct emu *e)
{
	int i;

	for (i = 0; i < e->ntitles; i++) {
		free(e->tstack[i].title);
		free(e->tstack[i].icon);
		e->tstack[i].title = e->tstack[i].icon = NULL;
	}
	e->ntitles = 0;
}

/* Make e's title stack a deep copy of src's. */
void
emu_titles_copy(struct emu *e, const struct emu *src)
{
	int i;

	for (i = 0; i < src->ntitles; i++) {
		e->tstack[i].title = emu_titles_dup(src->tstack[i].title);
		e->tstack[i].icon = emu_titles_dup(src->tstack[i].icon);
	}
	e->ntitles = src->ntitles;
}
