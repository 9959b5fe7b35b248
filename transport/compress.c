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
 * zlib for whole instructions (section 5).  A tp_zlib keeps one deflate
 * and one inflate stream and resets them per instruction (deflate at the
 * default level gives the same bytes as compress()), because setting up a
 * deflate stream costs a quarter of a megabyte.  Inflating never holds
 * more than TP_MAX_INSTRUCTION bytes and rejects anything larger.
 */

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "transport/tp-internal.h"

struct tp_zlib {
	z_stream def;
	int def_ready;
	z_stream inf;
	int inf_ready;
};

static int tp_inflate_more(z_stream *, struct tp_buf *);
static int tp_inflate_run(z_stream *, struct tp_buf *);

/* Create a pair of streams, set up on first use. */
struct tp_zlib *
tp_zlib_new(void)
{
	return (tp_xcalloc(1, sizeof(struct tp_zlib)));
}

/* Free both streams. */
void
tp_zlib_free(struct tp_zlib *z)
{
	if (z == NULL)
		return;
	if (z->def_ready)
		deflateEnd(&z->def);
	if (z->inf_ready)
		inflateEnd(&z->inf);
	free(z);
}

/* Compress a whole buffer into out (replacing its contents). */
void
tp_zlib_compress(
    struct tp_zlib *z, const uint8_t *in, size_t len, struct tp_buf *out)
{
	size_t bound;

	if (!z->def_ready) {
		if (deflateInit(&z->def, Z_DEFAULT_COMPRESSION) != Z_OK)
			abort();
		z->def_ready = 1;
	} else
		deflateReset(&z->def);
	bound = deflateBound(&z->def, len);
	if (out->size < bound) {
		out->data = tp_xrealloc(out->data, bound);
		out->size = bound;
	}
	z->def.next_in = (Bytef *)in;
	z->def.avail_in = (uInt)len;
	z->def.next_out = out->data;
	z->def.avail_out = (uInt)bound;
	if (deflate(&z->def, Z_FINISH) != Z_STREAM_END)
		abort();
	out->len = z->def.total_out;
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

/* Inflate until the stream ends, fails, or passes the bound. */
static int
tp_inflate_run(z_stream *zs, struct tp_buf *out)
{
	uint8_t extra;
	int ret;

	do {
		if (zs->avail_out == 0 && tp_inflate_more(zs, out) != 0) {
			/* Full at the bound: one more byte means too large. */
			zs->next_out = &extra;
			zs->avail_out = 1;
			ret = inflate(zs, Z_FINISH);
			return (zs->avail_out == 0 ? Z_DATA_ERROR : ret);
		}
		ret = inflate(zs, Z_NO_FLUSH);
	} while (ret == Z_OK || (ret == Z_BUF_ERROR && zs->avail_out == 0));
	return (ret);
}

/* Inflate a zlib stream into out; 0, or -1 if corrupt or too large. */
int
tp_zlib_uncompress(
    struct tp_zlib *z, const uint8_t *in, size_t len, struct tp_buf *out)
{
	int ret;

	if (!z->inf_ready) {
		if (inflateInit(&z->inf) != Z_OK)
			return (-1);
		z->inf_ready = 1;
	} else
		inflateReset(&z->inf);
	z->inf.next_in = (Bytef *)in;
	z->inf.avail_in = (uInt)len;
	z->inf.next_out = out->data;
	z->inf.avail_out = (uInt)out->size;
	ret = tp_inflate_run(&z->inf, out);
	out->len = z->inf.total_out > out->size ? out->size : z->inf.total_out;
	return (ret == Z_STREAM_END ? 0 : -1);
}

/* One-shot compression (for tests and tools). */
void
tp_compress(const uint8_t *in, size_t len, struct tp_buf *out)
{
	struct tp_zlib *z = tp_zlib_new();

	tp_zlib_compress(z, in, len, out);
	tp_zlib_free(z);
}

/* One-shot bounded inflate (for tests and tools). */
int
tp_uncompress(const uint8_t *in, size_t len, struct tp_buf *out)
{
	struct tp_zlib *z = tp_zlib_new();
	int rv;

	rv = tp_zlib_uncompress(z, in, len, out);
	tp_zlib_free(z);
	return (rv);
}
