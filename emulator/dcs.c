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
 * Device control strings.  Only DECRQSS (DCS $ q Pt ST, request status
 * string) is answered, for SGR, DECSTBM and DECSCA; other DCS strings are
 * consumed and dropped by the parser.
 */

#include <stdio.h>
#include <string.h>

#include "emulator/emu-internal.h"

static void emu_dcs_decrqss(struct emu *);
static size_t emu_dcs_sgr(const struct emu *, char *, size_t);
static void emu_dcs_colour(uint32_t, int, char *, size_t);

/* Run the DCS string the parser collected. */
void
emu_dcs_dispatch(struct emu *e)
{
	if (e->p.final == 'q' && e->p.inter == '$' && e->p.priv == 0)
		emu_dcs_decrqss(e);
}

/* Append the SGR parameters of colour c, base 30 or 40, to buf. */
static void
emu_dcs_colour(uint32_t c, int base, char *buf, size_t size)
{
	size_t len = strlen(buf);
	uint32_t v = EMU_COLOR_VALUE(c);

	if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE && v < 8)
		snprintf(buf + len, size - len, ";%u", base + v);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE && v < 16)
		snprintf(buf + len, size - len, ";%u", base + 60 + v - 8);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_PALETTE)
		snprintf(buf + len, size - len, ";%d:5:%u", base + 8, v);
	else if (EMU_COLOR_TYPE(c) == EMU_COLOR_RGB)
		snprintf(buf + len, size - len, ";%d:2::%u:%u:%u", base + 8,
		    v >> 16, (v >> 8) & 0xff, v & 0xff);
}

/* The pen as SGR parameters, starting with 0. */
static size_t
emu_dcs_sgr(const struct emu *e, char *buf, size_t size)
{
	static const struct {
		uint16_t attr;
		const char *code;
	} attrs[] = { { EMU_ATTR_BOLD, ";1" }, { EMU_ATTR_FAINT, ";2" },
		{ EMU_ATTR_ITALIC, ";3" }, { EMU_ATTR_UNDERLINE, ";4" },
		{ EMU_ATTR_BLINK, ";5" }, { EMU_ATTR_INVERSE, ";7" },
		{ EMU_ATTR_INVISIBLE, ";8" }, { EMU_ATTR_STRIKE, ";9" },
		{ EMU_ATTR_DUNDERLINE, ";21" }, { EMU_ATTR_OVERLINE, ";53" } };
	size_t i, len;

	snprintf(buf, size, "0");
	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		len = strlen(buf);
		if (e->pen.attr & attrs[i].attr)
			snprintf(buf + len, size - len, "%s", attrs[i].code);
	}
	emu_dcs_colour(e->pen.fg, 30, buf, size);
	emu_dcs_colour(e->pen.bg, 40, buf, size);
	return (strlen(buf));
}

/* DECRQSS: report a setting as DCS 1 $ r Pt ST, or DCS 0 $ r ST. */
static void
emu_dcs_decrqss(struct emu *e)
{
	const char *q = e->p.str;
	char buf[256];

	if (strcmp(q, "m") == 0) {
		emu_dcs_sgr(e, buf, sizeof buf);
		emu_replyf(e, "\033P1$r%sm\033\\", buf);
	} else if (strcmp(q, "r") == 0)
		emu_replyf(
		    e, "\033P1$r%d;%dr\033\\", e->top + 1, e->bottom + 1);
	else if (strcmp(q, "\"q") == 0)
		emu_replyf(e, "\033P1$r%d\"q\033\\", e->decsca);
	else
		emu_replyf(e, "\033P0$r\033\\");
}
