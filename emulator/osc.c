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
 * Operating system commands (OSC Ps ; Pt ST): window title and icon name
 * (0, 1, 2) and the clipboard (52), sorted by number for bsearch.  Others
 * are ignored; none is ever answered.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"

/* One OSC command. */
struct emu_osc {
	int number;
	void (*fn)(struct emu *, const char *);
};

static void emu_osc_set(char **, const char *, size_t);
static void emu_osc_title_icon(struct emu *, const char *);
static void emu_osc_icon(struct emu *, const char *);
static void emu_osc_title(struct emu *, const char *);
static void emu_osc_clipboard(struct emu *, const char *);
static int emu_osc_cmp(const void *, const void *);

static const struct emu_osc emu_oscs[] = {
	{ 0, emu_osc_title_icon },
	{ 1, emu_osc_icon },
	{ 2, emu_osc_title },
	{ 52, emu_osc_clipboard },
};

/* Replace a string with the first max bytes of s, on a UTF-8 boundary. */
static void
emu_osc_set(char **sp, const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len > max) {
		len = max;
		while (len > 0 && ((uint8_t)s[len] & 0xc0) == 0x80)
			len--;
	}
	free(*sp);
	*sp = emu_xmalloc(len + 1);
	memcpy(*sp, s, len);
	(*sp)[len] = '\0';
}

/* OSC 0: title and icon name. */
static void
emu_osc_title_icon(struct emu *e, const char *s)
{
	emu_osc_title(e, s);
	emu_osc_icon(e, s);
}

/* OSC 1: icon name. */
static void
emu_osc_icon(struct emu *e, const char *s)
{
	emu_osc_set(&e->icon, s, EMU_TITLE_MAX);
}

/* OSC 2: window title. */
static void
emu_osc_title(struct emu *e, const char *s)
{
	emu_osc_set(&e->title, s, EMU_TITLE_MAX);
	e->title_set = 1;
}

/* OSC 52: keep "selection;base64" as sent; queries ("?") are ignored. */
static void
emu_osc_clipboard(struct emu *e, const char *s)
{
	const char *data = strchr(s, ';');

	if (data == NULL || strcmp(data + 1, "?") == 0)
		return;
	if (strlen(s) > EMU_CLIP_MAX)
		return;
	emu_osc_set(&e->clip, s, EMU_CLIP_MAX);
}

/* Order OSC commands by number. */
static int
emu_osc_cmp(const void *a, const void *b)
{
	return (((const struct emu_osc *)a)->number -
	    ((const struct emu_osc *)b)->number);
}

/* Run the OSC string the parser collected. */
void
emu_osc_dispatch(struct emu *e)
{
	const char *s = e->p.str;
	struct emu_osc key = { 0, NULL }, *o;
	int n = 0;

	if (*s < '0' || *s > '9')
		return;
	while (*s >= '0' && *s <= '9' && n < 100000)
		n = n * 10 + (*s++ - '0');
	if (*s == ';')
		s++;
	else if (*s != '\0')
		return;
	key.number = n;
	o = bsearch(&key, emu_oscs, sizeof emu_oscs / sizeof emu_oscs[0],
	    sizeof key, emu_osc_cmp);
	if (o != NULL)
		o->fn(e, s);
}
