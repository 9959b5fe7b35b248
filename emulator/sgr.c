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
 * SGR: select graphic rendition.  Attributes are a table of bits each
 * code sets and clears; colours take 16, 256 (38;5;n, 38:5:n) and true
 * colour (38;2;r;g;b, 38:2:r:g:b, 38:2::r:g:b) forms.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* One attribute code: the bits it sets and clears. */
struct emu_sgr_attr {
	int code;
	uint16_t set;
	uint16_t clear;
};

static const struct emu_sgr_attr emu_sgr_attrs[] = {
	{ 1, EMU_ATTR_BOLD, 0 },
	{ 2, EMU_ATTR_FAINT, 0 },
	{ 3, EMU_ATTR_ITALIC, 0 },
	{ 4, EMU_ATTR_UNDERLINE, EMU_ATTR_DUNDERLINE },
	{ 5, EMU_ATTR_BLINK, 0 },
	{ 6, EMU_ATTR_BLINK, 0 },
	{ 7, EMU_ATTR_INVERSE, 0 },
	{ 8, EMU_ATTR_INVISIBLE, 0 },
	{ 9, EMU_ATTR_STRIKE, 0 },
	{ 21, EMU_ATTR_DUNDERLINE, EMU_ATTR_UNDERLINE },
	{ 22, 0, EMU_ATTR_BOLD | EMU_ATTR_FAINT },
	{ 23, 0, EMU_ATTR_ITALIC },
	{ 24, 0, EMU_ATTR_UNDERLINE | EMU_ATTR_DUNDERLINE },
	{ 25, 0, EMU_ATTR_BLINK },
	{ 27, 0, EMU_ATTR_INVERSE },
	{ 28, 0, EMU_ATTR_INVISIBLE },
	{ 29, 0, EMU_ATTR_STRIKE },
	{ 53, EMU_ATTR_OVERLINE, 0 },
	{ 55, 0, EMU_ATTR_OVERLINE },
};

static void emu_sgr_sgr(struct emu *);
static void emu_sgr_reset(struct emu *);
static int emu_sgr_attr_cmp(const void *, const void *);
static int emu_sgr_group(const struct emu *, int);
static int emu_sgr_colour(const struct emu *, int, int, uint32_t *);
static void emu_sgr_underline(struct emu *, int);
static int emu_sgr_one(struct emu *, int);

static const struct emu_seq emu_sgr_seqs[] = {
	{ 'm', 0, 0, emu_sgr_sgr, "SGR" },
};
const struct emu_seq_table emu_seqs_sgr = { "sgr", emu_sgr_seqs,
	sizeof emu_sgr_seqs / sizeof emu_sgr_seqs[0] };

/* SGR 0: default colours and attributes (DECSCA protection stays). */
static void
emu_sgr_reset(struct emu *e)
{
	e->pen.fg = e->pen.bg = 0;
	e->pen.attr = 0;
}

/* Order attribute codes. */
static int
emu_sgr_attr_cmp(const void *a, const void *b)
{
	return (((const struct emu_sgr_attr *)a)->code -
	    ((const struct emu_sgr_attr *)b)->code);
}

/* How many parameters, from i, belong to one colon-joined group. */
static int
emu_sgr_group(const struct emu *e, int i)
{
	int n = 1;

	while (i + n < e->p.nparams && (e->p.colon & (1u << (i + n))))
		n++;
	return (n);
}

/*
 * Read the colour of an extended colour code (38, 48) at i whose group is
 * glen long; returns how many parameters it used.
 */
static int
emu_sgr_colour(const struct emu *e, int i, int glen, uint32_t *c)
{
	int kind = emu_param(e, i + 1, -1), v, r, g, b, at = i + 2;

	if (kind == 5) {
		v = emu_param(e, i + 2, -1);
		if (v >= 0 && v <= 255)
			*c = EMU_COLOR_PALETTE | v;
		return (glen > 1 ? glen : 3);
	}
	if (kind != 2)
		return (glen > 1 ? glen : 2);
	if (glen >= 6)
		at = i + 3; /* 38:2:colourspace:r:g:b */
	r = emu_param(e, at, 0);
	g = emu_param(e, at + 1, 0);
	b = emu_param(e, at + 2, 0);
	if (r <= 255 && g <= 255 && b <= 255)
		*c = EMU_COLOR_RGB | (r << 16) | (g << 8) | b;
	return (glen > 1 ? glen : 5);
}

/* SGR 4 with a sub-parameter: 0 none, 2 double, others single. */
static void
emu_sgr_underline(struct emu *e, int style)
{
	e->pen.attr &= ~(EMU_ATTR_UNDERLINE | EMU_ATTR_DUNDERLINE);
	if (style == 2)
		e->pen.attr |= EMU_ATTR_DUNDERLINE;
	else if (style != 0)
		e->pen.attr |= EMU_ATTR_UNDERLINE;
}

/* Apply the code at parameter i; returns how many parameters it used. */
static int
emu_sgr_one(struct emu *e, int i)
{
	struct emu_sgr_attr key, *a;
	int code = emu_param(e, i, 0), glen = emu_sgr_group(e, i);

	if (code == 0)
		emu_sgr_reset(e);
	else if (code == 4 && glen > 1)
		emu_sgr_underline(e, emu_param(e, i + 1, 1));
	else if (code >= 30 && code <= 37)
		e->pen.fg = EMU_COLOR_PALETTE | (code - 30);
	else if (code == 38)
		return (emu_sgr_colour(e, i, glen, &e->pen.fg));
	else if (code == 39)
		e->pen.fg = EMU_COLOR_DEFAULT;
	else if (code >= 40 && code <= 47)
		e->pen.bg = EMU_COLOR_PALETTE | (code - 40);
	else if (code == 48)
		return (emu_sgr_colour(e, i, glen, &e->pen.bg));
	else if (code == 49)
		e->pen.bg = EMU_COLOR_DEFAULT;
	else if (code >= 90 && code <= 97)
		e->pen.fg = EMU_COLOR_PALETTE | (code - 90 + 8);
	else if (code >= 100 && code <= 107)
		e->pen.bg = EMU_COLOR_PALETTE | (code - 100 + 8);
	else {
		key.code = code;
		a = bsearch(&key, emu_sgr_attrs,
		    sizeof emu_sgr_attrs / sizeof emu_sgr_attrs[0], sizeof key,
		    emu_sgr_attr_cmp);
		if (a != NULL)
			e->pen.attr = (e->pen.attr & ~a->clear) | a->set;
	}
	return (glen);
}

/* SGR: apply every code in turn. */
static void
emu_sgr_sgr(struct emu *e)
{
	int i = 0;

	if (e->p.nparams == 0) {
		emu_sgr_reset(e);
		return;
	}
	while (i < e->p.nparams)
		i += emu_sgr_one(e, i);
}
