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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/display-internal.h"

/*
 * The display's output buffer: a growing byte string (struct emu_buf, the
 * public type) and the append helpers the rest of the display uses.
 */

/* Make room for len more bytes in buf. */
static void
display_buf_grow(struct emu_buf *buf, size_t len)
{
	size_t size;

	if (buf->size - buf->len >= len)
		return;
	size = buf->size == 0 ? 256 : buf->size;
	while (size - buf->len < len)
		size *= 2;
	buf->data = emu_xrealloc(buf->data, size);
	buf->size = size;
}

/* Append len bytes. */
void
display_add(struct display *d, const char *s, size_t len)
{
	struct emu_buf *buf = d->buf;

	display_buf_grow(buf, len);
	memcpy(buf->data + buf->len, s, len);
	buf->len += len;
}

/* Append a NUL-terminated string. */
void
display_adds(struct display *d, const char *s)
{
	display_add(d, s, strlen(s));
}

/* Append one byte. */
void
display_addc(struct display *d, char c)
{
	display_add(d, &c, 1);
}

/* Append a formatted string (short: escape sequences and numbers). */
void
display_addf(struct display *d, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	display_add(d, tmp, n);
}

/* Free a buffer's data and leave it empty. */
void
emu_buf_free(struct emu_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->size = 0;
}
