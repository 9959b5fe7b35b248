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
 * A tp_buf is a growable byte array: data holds len bytes in an
 * allocation of size bytes (data is NULL until the first add).
 */

#include <stdlib.h>
#include <string.h>

#include "transport/tp-internal.h"

/* Append len bytes, growing by doubling. */
void
tp_buf_add(struct tp_buf *b, const void *data, size_t len)
{
	size_t want;

	if (len == 0)
		return;
	if (b->len + len > b->size) {
		want = b->size < 64 ? 64 : b->size;
		while (want < b->len + len)
			want *= 2;
		b->data = tp_xrealloc(b->data, want);
		b->size = want;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

/* Empty the buffer, keeping its allocation. */
void
tp_buf_reset(struct tp_buf *b)
{
	b->len = 0;
}

/* Release the buffer's memory. */
void
tp_buf_free(struct tp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

/* Store a 16-bit value big-endian. */
void
tp_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Store a 64-bit value big-endian. */
void
tp_put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = v & 0xff;
		v >>= 8;
	}
}

/* Load a 16-bit big-endian value. */
uint16_t
tp_get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

/* Load a 64-bit big-endian value. */
uint64_t
tp_get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (v);
}
