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
 * zlib for whole instructions (section 5): one-shot compress() on the
 * sending side; a bounded inflate on the receiving side that never holds
 * more than TP_MAX_INSTRUCTION bytes and rejects anything larger.
 */

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "transport/tp-internal.h"

static int tp_inflate_more(z_stream *, struct tp_buf *);

/* Compress a whole buffer into out (replacing its contents). */
void
tp_compress(const uint8_t *in, size_t len, struct tp_buf *out)
{
	uLongf zlen = compressBound(len);

	if (out->size < zlen) {
		out->data = tp_xrealloc(out->data, zlen);
		out->size = zlen;
	}
	if (compress(out->data, &zlen, in, len) != Z_OK)
		abort();
	out->len = zlen;
}

/* Grow the output window, up to the bound; -1 when it is full. */
static int
tp_inflate_more(z_stream *zs, struct tp_buf *out)
{
	size_t want;

	out->len = zs->total_out;
	if (out->size >= TP_MAX_INSTRUCTION)
		return (-1);
	want = out->size < 4096 ? 4096 : out->size * 2;
	if (want > TP_MAX_INSTRUCTION)
		want = TP_MAX_INSTRUCTION;
	out->data = tp_xrealloc(out->data, want);
	out->size = want;
	zs->next_out = out->data + out->len;
	zs->avail_out = (uInt)(want - out->len);
	return (0);
}

/* Inflate a zlib stream into out; 0, or -1 if corrupt or too large. */
int
tp_uncompress(const uint8_t *in, size_t len, struct tp_buf *out)
{
	z_stream zs;
	uint8_t extra;
	int ret;

	memset(&zs, 0, sizeof zs);
	if (inflateInit(&zs) != Z_OK)
		return (-1);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out->data;
	zs.avail_out = (uInt)out->size;
	do {
		if (zs.avail_out == 0 && tp_inflate_more(&zs, out) != 0) {
			/* Full at the bound: one more byte means too large. */
			zs.next_out = &extra;
			zs.avail_out = 1;
			ret = inflate(&zs, Z_FINISH);
			if (zs.avail_out == 0)
				ret = Z_DATA_ERROR;
			break;
		}
		ret = inflate(&zs, Z_NO_FLUSH);
	} while (ret == Z_OK || (ret == Z_BUF_ERROR && zs.avail_out == 0));
	out->len = zs.total_out > out->size ? out->size : zs.total_out;
	inflateEnd(&zs);
	return (ret == Z_STREAM_END ? 0 : -1);
}
