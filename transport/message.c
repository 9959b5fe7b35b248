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
 * The diff messages of sections 6.2 and 6.3: HostBuffers.HostMessage and
 * ClientBuffers.UserMessage, each a list of Instructions holding exactly
 * one extension.  Bytes (HostBytes.hoststring or Keystroke.keys) are
 * extension 2 with field 4, Resize is extension 3 with fields 5 and 6, and
 * EchoAck (host only) is extension 7 with field 8.
 */

#include <stdlib.h>
#include <string.h>

#include "transport/tp-internal.h"

#define TP_MSG_ITEM    1
#define TP_EXT_BYTES   2
#define TP_EXT_RESIZE  3
#define TP_EXT_ECHOACK 7
#define TP_FLD_BYTES   4
#define TP_FLD_WIDTH   5
#define TP_FLD_HEIGHT  6
#define TP_FLD_ECHOACK 8

/* What one diff Instruction carried, before picking its extension. */
struct tp_item_parse {
	int has_bytes, has_resize, has_echoack;
	const uint8_t *bytes;
	size_t len;
	int32_t width, height;
	uint64_t echo_ack;
};

static struct tp_item *tp_message_grow(struct tp_message *);
static size_t tp_varint_len(uint64_t);
static void tp_encode_bytes(const struct tp_item *, struct tp_buf *);
static void tp_encode_small(const struct tp_item *, struct tp_buf *);
static int tp_decode_ext(const uint8_t *, size_t, int, struct tp_item_parse *);
static int tp_decode_item(const uint8_t *, size_t, int, struct tp_message *);

/* Make room for one more item and return it, zeroed. */
static struct tp_item *
tp_message_grow(struct tp_message *msg)
{
	struct tp_item *it;

	if (msg->n == msg->size) {
		msg->size = msg->size == 0 ? 4 : msg->size * 2;
		msg->items =
		    tp_xrealloc(msg->items, msg->size * sizeof *msg->items);
	}
	it = &msg->items[msg->n++];
	memset(it, 0, sizeof *it);
	return (it);
}

/* Append a bytes item (HostBytes or Keystroke). */
void
tp_message_add_bytes(struct tp_message *msg, const void *data, size_t len)
{
	struct tp_item *it = tp_message_grow(msg);

	it->type = TP_ITEM_BYTES;
	tp_buf_add(&it->bytes, data, len);
}

/* Append a resize item. */
void
tp_message_add_resize(struct tp_message *msg, int width, int height)
{
	struct tp_item *it = tp_message_grow(msg);

	it->type = TP_ITEM_RESIZE;
	it->width = width;
	it->height = height;
}

/* Append an echo-ack item. */
void
tp_message_add_echoack(struct tp_message *msg, uint64_t num)
{
	struct tp_item *it = tp_message_grow(msg);

	it->type = TP_ITEM_ECHOACK;
	it->echo_ack = num;
}

/* Free every item and the list. */
void
tp_message_free(struct tp_message *msg)
{
	size_t i;

	for (i = 0; i < msg->n; i++)
		tp_buf_free(&msg->items[i].bytes);
	free(msg->items);
	msg->items = NULL;
	msg->n = msg->size = 0;
}

/* The encoded length of a varint. */
static size_t
tp_varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return (n);
}

/* Encode a bytes item with one copy of the data. */
static void
tp_encode_bytes(const struct tp_item *it, struct tp_buf *b)
{
	size_t n = it->bytes.len, inner, ext;

	inner = 1 + tp_varint_len(n) + n;
	ext = 1 + tp_varint_len(inner) + inner;
	tp_pb_put_varint(b, TP_MSG_ITEM << 3 | 2);
	tp_pb_put_varint(b, ext);
	tp_pb_put_varint(b, TP_EXT_BYTES << 3 | 2);
	tp_pb_put_varint(b, inner);
	tp_pb_put_bytes(b, TP_FLD_BYTES, it->bytes.data, n);
}

/* Encode a resize or echo-ack item. */
static void
tp_encode_small(const struct tp_item *it, struct tp_buf *b)
{
	struct tp_buf inner = { 0 }, ext = { 0 };

	if (it->type == TP_ITEM_RESIZE) {
		tp_pb_put_uint(
		    &inner, TP_FLD_WIDTH, (uint64_t)(int64_t)it->width);
		tp_pb_put_uint(
		    &inner, TP_FLD_HEIGHT, (uint64_t)(int64_t)it->height);
		tp_pb_put_bytes(&ext, TP_EXT_RESIZE, inner.data, inner.len);
	} else {
		tp_pb_put_uint(&inner, TP_FLD_ECHOACK, it->echo_ack);
		tp_pb_put_bytes(&ext, TP_EXT_ECHOACK, inner.data, inner.len);
	}
	tp_pb_put_bytes(b, TP_MSG_ITEM, ext.data, ext.len);
	tp_buf_free(&inner);
	tp_buf_free(&ext);
}

/* Serialize a HostMessage (host) or UserMessage, one item each. */
void
tp_message_encode(const struct tp_message *msg, int host, struct tp_buf *b)
{
	const struct tp_item *it;
	size_t i;

	for (i = 0; i < msg->n; i++) {
		it = &msg->items[i];
		if (it->type == TP_ITEM_BYTES)
			tp_encode_bytes(it, b);
		else if (it->type == TP_ITEM_RESIZE || host)
			tp_encode_small(it, b);
	}
}

/* Parse the inside of one extension; unknown fields are skipped. */
static int
tp_decode_ext(
    const uint8_t *data, size_t len, int ext, struct tp_item_parse *ip)
{
	struct tp_pb pb = { data, data + len };
	int field, wire, rv;
	uint64_t v;

	while ((rv = tp_pb_key(&pb, &field, &wire)) == 1) {
		if (ext == TP_EXT_BYTES && field == TP_FLD_BYTES && wire == 2)
			rv = tp_pb_bytes(&pb, &ip->bytes, &ip->len);
		else if (wire != 0)
			rv = tp_pb_skip(&pb, wire);
		else if ((rv = tp_pb_varint(&pb, &v)) != 0)
			return (-1);
		else if (ext == TP_EXT_RESIZE && field == TP_FLD_WIDTH)
			ip->width = (int32_t)v;
		else if (ext == TP_EXT_RESIZE && field == TP_FLD_HEIGHT)
			ip->height = (int32_t)v;
		else if (ext == TP_EXT_ECHOACK && field == TP_FLD_ECHOACK)
			ip->echo_ack = v;
		if (rv != 0)
			return (-1);
	}
	return (rv);
}

/* Parse one diff Instruction and append its item, if it has one. */
static int
tp_decode_item(
    const uint8_t *data, size_t len, int host, struct tp_message *msg)
{
	struct tp_pb pb = { data, data + len };
	struct tp_item_parse ip = { 0 };
	const uint8_t *ext;
	size_t extlen;
	int field, wire, rv;

	while ((rv = tp_pb_key(&pb, &field, &wire)) == 1) {
		if (wire != 2 ||
		    (field != TP_EXT_BYTES && field != TP_EXT_RESIZE &&
			(field != TP_EXT_ECHOACK || !host))) {
			if (tp_pb_skip(&pb, wire) != 0)
				return (-1);
			continue;
		}
		if (tp_pb_bytes(&pb, &ext, &extlen) != 0 ||
		    tp_decode_ext(ext, extlen, field, &ip) != 0)
			return (-1);
		ip.has_bytes |= field == TP_EXT_BYTES;
		ip.has_resize |= field == TP_EXT_RESIZE;
		ip.has_echoack |= field == TP_EXT_ECHOACK;
	}
	if (rv != 0)
		return (-1);
	/* Like the stock peers, keep one: bytes, else resize, else ack. */
	if (ip.has_bytes)
		tp_message_add_bytes(msg, ip.bytes, ip.len);
	else if (ip.has_resize)
		tp_message_add_resize(msg, ip.width, ip.height);
	else if (ip.has_echoack)
		tp_message_add_echoack(msg, ip.echo_ack);
	return (0);
}

/* Parse a HostMessage (host) or UserMessage, replacing msg's items. */
int
tp_message_decode(
    const uint8_t *data, size_t len, int host, struct tp_message *msg)
{
	struct tp_pb pb = { data, data + len };
	const uint8_t *item;
	size_t itemlen;
	int field, wire, rv;

	tp_message_free(msg);
	while ((rv = tp_pb_key(&pb, &field, &wire)) == 1) {
		if (field != TP_MSG_ITEM || wire != 2) {
			if (tp_pb_skip(&pb, wire) != 0)
				return (-1);
			continue;
		}
		if (tp_pb_bytes(&pb, &item, &itemlen) != 0 ||
		    tp_decode_item(item, itemlen, host, msg) != 0)
			return (-1);
	}
	return (rv);
}
