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

#include <stdlib.h>
#include <string.h>

#include "emulator/display-internal.h"

/*
 * Pens as SGR strings.  A pen change is always a complete reset-and-set,
 * ESC [ 0 ; attributes ; foreground ; background m, as mosh sends it, so
 * the receiver's pen never depends on what it was before.  Colours are
 * degraded here for a real terminal with fewer colours.
 */

/* SGR numbers of the attributes, in the order they are sent. */
static const struct {
	uint16_t attr;
	const char *sgr;
} display_sgr_attrs[] = {
	{ EMU_ATTR_BOLD, ";1" },
	{ EMU_ATTR_FAINT, ";2" },
	{ EMU_ATTR_ITALIC, ";3" },
	{ EMU_ATTR_UNDERLINE, ";4" },
	{ EMU_ATTR_BLINK, ";5" },
	{ EMU_ATTR_INVERSE, ";7" },
	{ EMU_ATTR_INVISIBLE, ";8" },
	{ EMU_ATTR_STRIKE, ";9" },
	{ EMU_ATTR_DUNDERLINE, ";21" },
	{ EMU_ATTR_OVERLINE, ";53" },
};

/* The 16 basic colours as xterm shows them by default, 0xRRGGBB. */
static const uint32_t display_basic_rgb[16] = { 0x000000, 0xcd0000, 0x00cd00,
	0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000,
	0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff };

/* The six levels of each component in the 6x6x6 colour cube. */
static const int display_cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

static uint32_t display_256_rgb(int);
static int display_rgb_distance(uint32_t, uint32_t);
static int display_rgb_to_256(uint32_t);
static int display_256_to_16(int);
static void display_sgr_color(struct display *, uint32_t, int);

/* Set a pen to the default rendition. */
void
display_pen_default(struct display_pen *pen)
{
	pen->attr = 0;
	pen->fg = EMU_COLOR_DEFAULT;
	pen->bg = EMU_COLOR_DEFAULT;
}

/* Are two pens the same? */
int
display_pen_equal(const struct display_pen *a, const struct display_pen *b)
{
	return (a->attr == b->attr && a->fg == b->fg && a->bg == b->bg);
}

/* The RGB value of palette entry n (16-255) as xterm defines it. */
static uint32_t
display_256_rgb(int n)
{
	int r, g, b, v;

	if (n < 16)
		return (display_basic_rgb[n]);
	if (n >= 232) {
		v = 8 + 10 * (n - 232);
		return ((uint32_t)v << 16 | (uint32_t)v << 8 | (uint32_t)v);
	}
	n -= 16;
	r = display_cube_levels[n / 36];
	g = display_cube_levels[(n / 6) % 6];
	b = display_cube_levels[n % 6];
	return ((uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b);
}

/* Squared distance between two RGB values. */
static int
display_rgb_distance(uint32_t a, uint32_t b)
{
	int dr, dg, db;

	dr = (int)((a >> 16) & 0xff) - (int)((b >> 16) & 0xff);
	dg = (int)((a >> 8) & 0xff) - (int)((b >> 8) & 0xff);
	db = (int)(a & 0xff) - (int)(b & 0xff);
	return (dr * dr + dg * dg + db * db);
}

/* The nearest palette entry (16-255) to an RGB value. */
static int
display_rgb_to_256(uint32_t rgb)
{
	int comp[3], idx[3], i, j, cube, gray, avg;

	comp[0] = (rgb >> 16) & 0xff;
	comp[1] = (rgb >> 8) & 0xff;
	comp[2] = rgb & 0xff;
	for (i = 0; i < 3; i++) {
		idx[i] = 0;
		for (j = 1; j < 6; j++) {
			if (abs(display_cube_levels[j] - comp[i]) <
			    abs(display_cube_levels[idx[i]] - comp[i]))
				idx[i] = j;
		}
	}
	cube = 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
	avg = (comp[0] + comp[1] + comp[2]) / 3;
	gray = avg < 8 ? 0 : (avg - 3) / 10;
	if (gray > 23)
		gray = 23;
	gray += 232;
	if (display_rgb_distance(display_256_rgb(gray), rgb) <
	    display_rgb_distance(display_256_rgb(cube), rgb))
		return (gray);
	return (cube);
}

/* The nearest of the 16 basic colours to palette entry n. */
static int
display_256_to_16(int n)
{
	uint32_t rgb;
	int i, best, dist, d;

	if (n < 16)
		return (n);
	rgb = display_256_rgb(n);
	best = 0;
	dist = display_rgb_distance(display_basic_rgb[0], rgb);
	for (i = 1; i < 16; i++) {
		d = display_rgb_distance(display_basic_rgb[i], rgb);
		if (d < dist) {
			best = i;
			dist = d;
		}
	}
	return (best);
}

/* A colour as the receiver can show it (degraded for a real terminal). */
uint32_t
display_color(const struct display *d, uint32_t c)
{
	int n, colors = d->caps.colors;

	if (d->target != EMU_DISPLAY_TERM || colors >= 0x1000000)
		return (c);
	if (EMU_COLOR_TYPE(c) == EMU_COLOR_RGB)
		c = EMU_COLOR_PALETTE | display_rgb_to_256(EMU_COLOR_VALUE(c));
	if (EMU_COLOR_TYPE(c) != EMU_COLOR_PALETTE || colors >= 256)
		return (c);
	n = display_256_to_16(EMU_COLOR_VALUE(c) & 0xff);
	if (colors < 16 && n >= 8)
		n -= 8;
	return (EMU_COLOR_PALETTE | n);
}

/* Append one colour's SGR parameters; base is 30 (foreground) or 40. */
static void
display_sgr_color(struct display *d, uint32_t c, int base)
{
	uint32_t v;

	c = display_color(d, c);
	v = EMU_COLOR_VALUE(c);
	switch (EMU_COLOR_TYPE(c)) {
	case EMU_COLOR_PALETTE:
		v &= 0xff;
		if (v < 8)
			display_addf(d, ";%u", base + v);
		else if (v < 16 && d->target == EMU_DISPLAY_TERM &&
		    d->caps.colors < 256)
			display_addf(d, ";%u", base + 60 + v - 8);
		else
			display_addf(d, ";%d;5;%u", base + 8, v);
		break;
	case EMU_COLOR_RGB:
		display_addf(d, ";%d;2;%u;%u;%u", base + 8, (v >> 16) & 0xff,
		    (v >> 8) & 0xff, v & 0xff);
		break;
	}
}

/* Make the receiver's pen this one (a full SGR only if it changes). */
void
display_set_pen(struct display *d, const struct display_pen *pen)
{
	size_t i;

	if (d->pen_known && display_pen_equal(&d->pen, pen))
		return;
	display_adds(d, "\033[0");
	for (i = 0; i < sizeof display_sgr_attrs / sizeof *display_sgr_attrs;
	     i++) {
		if (pen->attr & display_sgr_attrs[i].attr)
			display_adds(d, display_sgr_attrs[i].sgr);
	}
	display_sgr_color(d, pen->fg, 30);
	display_sgr_color(d, pen->bg, 40);
	display_addc(d, 'm');
	d->pen = *pen;
	d->pen_known = 1;
}
