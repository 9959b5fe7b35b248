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
 * UTF-8 decoding for the parser: a byte-at-a-time decoder that survives
 * sequences split across writes, and a whole-sequence fast path.  Invalid
 * input decodes to U+FFFD, one per maximal invalid subpart (Unicode 3.9),
 * so overlongs, surrogates and values past U+10FFFF never come out.
 */

#include <string.h>

#include "emulator/emu-internal.h"

static int emu_utf8_first(struct emu_parser *, uint8_t, uint32_t *);

/*
 * Feed one byte.  Returns EMU_UTF8_MORE if the sequence goes on,
 * EMU_UTF8_DONE with *cp set, or EMU_UTF8_AGAIN with *cp = U+FFFD when b
 * broke the sequence and must be handled again on its own.
 */
int
emu_utf8_feed(struct emu_parser *p, uint8_t b, uint32_t *cp)
{
	if (p->u8need == 0)
		return (emu_utf8_first(p, b, cp));
	if (b < p->u8lo || b > p->u8hi) {
		p->u8need = 0;
		*cp = 0xfffd;
		return (EMU_UTF8_AGAIN);
	}
	p->u8cp = (p->u8cp << 6) | (b & 0x3f);
	p->u8lo = 0x80;
	p->u8hi = 0xbf;
	if (--p->u8need != 0)
		return (EMU_UTF8_MORE);
	*cp = p->u8cp;
	return (EMU_UTF8_DONE);
}

/* Start a sequence with its first byte (0x80 or above). */
static int
emu_utf8_first(struct emu_parser *p, uint8_t b, uint32_t *cp)
{
	p->u8lo = 0x80;
	p->u8hi = 0xbf;
	if (b >= 0xc2 && b <= 0xdf) {
		p->u8need = 1;
		p->u8cp = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		p->u8need = 2;
		p->u8cp = b & 0x0f;
		if (b == 0xe0)
			p->u8lo = 0xa0; /* no overlongs */
		if (b == 0xed)
			p->u8hi = 0x9f; /* no surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		p->u8need = 3;
		p->u8cp = b & 0x07;
		if (b == 0xf0)
			p->u8lo = 0x90; /* no overlongs */
		if (b == 0xf4)
			p->u8hi = 0x8f; /* nothing past U+10FFFF */
	} else {
		*cp = 0xfffd;
		return (EMU_UTF8_DONE);
	}
	return (EMU_UTF8_MORE);
}

/*
 * Decode a whole well-formed sequence of two to four bytes at buf; returns
 * its length, or 0 to leave it to emu_utf8_feed.
 */
size_t
emu_utf8_whole(const uint8_t *buf, size_t len, uint32_t *cp)
{
	if (buf[0] >= 0xc2 && buf[0] <= 0xdf && len >= 2 &&
	    (buf[1] & 0xc0) == 0x80) {
		*cp = ((buf[0] & 0x1f) << 6) | (buf[1] & 0x3f);
		return (2);
	}
	if (buf[0] >= 0xe1 && buf[0] <= 0xef && buf[0] != 0xed && len >= 3 &&
	    (buf[1] & 0xc0) == 0x80 && (buf[2] & 0xc0) == 0x80) {
		*cp = ((buf[0] & 0x0f) << 12) | ((buf[1] & 0x3f) << 6) |
		    (buf[2] & 0x3f);
		return (3);
	}
	if (buf[0] == 0xf0 && len >= 4 && buf[1] >= 0x90 && buf[1] <= 0xbf &&
	    (buf[2] & 0xc0) == 0x80 && (buf[3] & 0xc0) == 0x80) {
		*cp = ((buf[1] & 0x3f) << 12) | ((buf[2] & 0x3f) << 6) |
		    (buf[3] & 0x3f);
		return (4);
	}
	return (0);
}

/* The end of the run of printable ASCII in buf from i (eight at a time). */
size_t
emu_ascii_run(const uint8_t *buf, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t w;

	while (i + 8 <= len) {
		memcpy(&w, buf + i, 8);
		/* A byte below 0x20, or at or above 0x7f, sets its top bit. */
		if ((((w - ones * 0x20) & ~w) | (w + ones * 0x01) | w) & high)
			break;
		i += 8;
	}
	while (i < len && buf[i] >= 0x20 && buf[i] < 0x7f)
		i++;
	return (i);
}
