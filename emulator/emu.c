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
 * A terminal's life cycle: creation, cloning, reset, and the small
 * helpers the other files share (generations, replies, tab stops).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

static int emu_clamp_size(int);
static void emu_grid_init(struct emu *, struct emu_grid *);
static void emu_grid_free(struct emu *, struct emu_grid *);
static void emu_strings_free(struct emu *);

/* Keep a size within 1 and EMU_MAX_SIZE. */
static int
emu_clamp_size(int n)
{
	if (n < 1)
		return (1);
	if (n > EMU_MAX_SIZE)
		return (EMU_MAX_SIZE);
	return (n);
}

/* Fill a grid with blank lines of the terminal's size. */
static void
emu_grid_init(struct emu *e, struct emu_grid *g)
{
	int y;

	g->lines = emu_xcalloc(e->rows, sizeof *g->lines);
	for (y = 0; y < e->rows; y++) {
		emu_line_init(&g->lines[y], e->cols, 0);
		emu_touch(e, &g->lines[y]);
	}
	memset(&g->saved, 0, sizeof g->saved);
}

/* Free a grid's lines. */
static void
emu_grid_free(struct emu *e, struct emu_grid *g)
{
	int y;

	if (g->lines == NULL)
		return;
	for (y = 0; y < e->rows; y++)
		emu_line_free(&g->lines[y]);
	free(g->lines);
	g->lines = NULL;
}

/* Free title, icon and clipboard. */
static void
emu_strings_free(struct emu *e)
{
	free(e->title);
	free(e->icon);
	free(e->clip);
	e->title = e->icon = e->clip = NULL;
	emu_titles_free(e);
}

/* Create a terminal of cols x rows keeping history_limit scrollback lines. */
struct emu *
emu_new(int cols, int rows, int history_limit)
{
	struct emu *e;

	e = emu_xcalloc(1, sizeof *e);
	e->cols = emu_clamp_size(cols);
	e->rows = emu_clamp_size(rows);
	e->gens = emu_xcalloc(1, sizeof *e->gens);
	e->gens->refs = 1;
	/*
	 * Clones share the counter, so their generations never collide; a
	 * random start keeps unrelated terminals apart as well (a collision
	 * needs two of 2^62 starting points within a few billion).
	 */
	e->gens->next = ((uint64_t)arc4random() << 30 ^ arc4random()) | 1;
	emu_hist_init(&e->hist, history_limit);
	emu_grid_init(e, &e->grid[0]);
	emu_grid_init(e, &e->grid[1]);
	e->tabs = emu_xcalloc(EMU_MAX_SIZE, 1);
	emu_reset(e);
	return (e);
}

/* Free a terminal. */
void
emu_free(struct emu *e)
{
	if (e == NULL)
		return;
	emu_grid_free(e, &e->grid[0]);
	emu_grid_free(e, &e->grid[1]);
	emu_hist_free(&e->hist);
	emu_parser_free(&e->p);
	emu_strings_free(e);
	free(e->tabs);
	if (--e->gens->refs == 0)
		free(e->gens);
	free(e);
}

/* Deep-copy a terminal, with or without its history. */
struct emu *
emu_clone(const struct emu *src, int with_history)
{
	struct emu *e;
	int g, y;

	e = emu_xmalloc(sizeof *e);
	*e = *src;
	e->reply = NULL;
	e->reply_arg = NULL;
	e->gens->refs++;
	for (g = 0; g < 2; g++) {
		e->grid[g].lines =
		    emu_xcalloc(e->rows, sizeof *e->grid[g].lines);
		for (y = 0; y < e->rows; y++) {
			emu_line_copy(&e->grid[g].lines[y],
			    &src->grid[g].lines[y], e->cols);
		}
	}
	e->tabs = emu_xmalloc(EMU_MAX_SIZE);
	memcpy(e->tabs, src->tabs, EMU_MAX_SIZE);
	e->title = src->title ? emu_xstrdup(src->title) : NULL;
	e->icon = src->icon ? emu_xstrdup(src->icon) : NULL;
	e->clip = src->clip ? emu_xstrdup(src->clip) : NULL;
	emu_titles_copy(e, src);
	e->p.str = NULL;
	e->p.size = 0;
	if (src->p.str != NULL) {
		e->p.str = emu_xmalloc(src->p.size);
		memcpy(e->p.str, src->p.str, src->p.len);
		e->p.size = src->p.size;
	}
	if (with_history)
		emu_hist_copy(&e->hist, &src->hist);
	else
		emu_hist_init(&e->hist, src->hist.limit);
	return (e);
}

/* Set the callback that receives replies to queries. */
void
emu_set_reply(struct emu *e, emu_reply_cb cb, void *arg)
{
	e->reply = cb;
	e->reply_arg = arg;
}

/* Change how many scrollback lines are kept. */
void
emu_set_history_limit(struct emu *e, int lines)
{
	emu_hist_set_limit(&e->hist, lines);
}

/* Reset modes, pen, charsets and scroll region (DECSTR and part of RIS). */
void
emu_soft_reset(struct emu *e)
{
	memset(&e->pen, 0, sizeof e->pen);
	memset(e->g, EMU_CS_ASCII, sizeof e->g);
	e->gl = 0;
	e->ss = 0;
	e->top = 0;
	e->bottom = e->rows - 1;
	e->wrap_pending = 0;
	e->modes[EMU_MODE_CURSOR_VISIBLE] = 1;
	e->modes[EMU_MODE_APP_CURSOR] = 0;
	e->modes[EMU_MODE_APP_KEYPAD] = 0;
	e->modes[EMU_MODE_INSERT] = 0;
	e->modes[EMU_MODE_ORIGIN] = 0;
	e->modes[EMU_MODE_AUTOWRAP] = 1;
	memset(&e->grid[e->alt].saved, 0, sizeof e->grid[e->alt].saved);
}

/* Hard reset (RIS), keeping size and history. */
void
emu_reset(struct emu *e)
{
	int y;

	e->alt = 0;
	for (y = 0; y < e->rows; y++) {
		emu_line_clear(&e->grid[0].lines[y], 0, e->cols, 0);
		e->grid[0].lines[y].wrapped = 0;
		emu_touch(e, &e->grid[0].lines[y]);
		emu_line_clear(&e->grid[1].lines[y], 0, e->cols, 0);
		e->grid[1].lines[y].wrapped = 0;
		emu_touch(e, &e->grid[1].lines[y]);
	}
	memset(&e->grid[0].saved, 0, sizeof e->grid[0].saved);
	memset(&e->grid[1].saved, 0, sizeof e->grid[1].saved);
	memset(e->modes, 0, sizeof e->modes);
	emu_soft_reset(e);
	e->cx = e->cy = 0;
	e->mouse = EMU_MOUSE_NONE;
	e->mouse_enc = EMU_MOUSE_ENC_DEFAULT;
	emu_tabs_reset(e);
	emu_strings_free(e);
	e->title_set = 0;
	e->last_valid = 0;
	e->lnm = 0;
	e->revwrap = 0;
	e->decsca = 0;
	emu_parser_reset(e);
}

/* Put a tab stop every eight columns. */
void
emu_tabs_reset(struct emu *e)
{
	int x;

	for (x = 0; x < EMU_MAX_SIZE; x++)
		e->tabs[x] = (x % 8 == 0 && x != 0);
}

/* Give a line a new generation: it has changed. */
void
emu_touch(struct emu *e, struct emu_line *l)
{
	l->gen = ++e->gens->next;
}

/* Hand bytes to the reply callback, if any. */
void
emu_reply(struct emu *e, const char *buf, size_t len)
{
	if (e->reply != NULL)
		e->reply(e->reply_arg, buf, len);
}

/* Format a reply and hand it to the callback. */
void
emu_replyf(struct emu *e, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof buf)
		emu_reply(e, buf, n);
}
