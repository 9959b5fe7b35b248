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
 * Protobuf wire format (varints and length-delimited fields) and the
 * TransportBuffers.Instruction message of section 6.1.  The encoder emits
 * all seven fields in field order as mosh does; the decoder skips unknown
 * fields of wire types 0, 1, 2 and 5 and fails on anything malformed.
 */

#include <string.h>

#include "transport/tp-internal.h"

#define TP_PB_VARINT	0
#define TP_PB_FIXED64	1
#define TP_PB_BYTES	2
#define TP_PB_FIXED32	5
#define TP_PB_MAXVARINT 10

static int tp_instruction_field(
    struct tp_pb *, int, int, struct tp_instruction *);

/* Append a base-128 varint. */
void
tp_pb_put_varint(struct tp_buf *b, uint64_t v)
{
	uint8_t tmp[TP_PB_MAXVARINT];
	size_t n = 0;

	do {
		tmp[n] = v & 0x7f;
		v >>= 7;
		if (v != 0)
			tmp[n] |= 0x80;
		n++;
	} while (v != 0);
	tp_buf_add(b, tmp, n);
}

/* Append a varint field. */
void
tp_pb_put_uint(struct tp_buf *b, int field, uint64_t v)
{
	tp_pb_put_varint(b, (uint64_t)field << 3 | TP_PB_VARINT);
	tp_pb_put_varint(b, v);
}

/* Append a length-delimited field. */
void
tp_pb_put_bytes(struct tp_buf *b, int field, const void *data, size_t len)
{
	tp_pb_put_varint(b, (uint64_t)field << 3 | TP_PB_BYTES);
	tp_pb_put_varint(b, len);
	tp_buf_add(b, data, len);
}

/* Read a varint; -1 if truncated or longer than ten bytes. */
int
tp_pb_varint(struct tp_pb *pb, uint64_t *v)
{
	uint64_t out = 0;
	int i;

	for (i = 0; i < TP_PB_MAXVARINT; i++) {
		if (pb->p >= pb->end)
			return (-1);
		out |= (uint64_t)(*pb->p & 0x7f) << (7 * i);
		if ((*pb->p++ & 0x80) == 0) {
			*v = out;
			return (0);
		}
	}
	return (-1);
}

/* Read a field key; 1 on success, 0 at the end, -1 if malformed. */
int
tp_pb_key(struct tp_pb *pb, int *field, int *wire)
{
	uint64_t key;

	if (pb->p == pb->end)
		return (0);
	if (tp_pb_varint(pb, &key) != 0)
		return (-1);
	if ((key >> 3) == 0 || (key >> 3) > 0x1fffffff)
		return (-1);
	*field = (int)(key >> 3);
	*wire = (int)(key & 7);
	return (1);
}

/* Read a length-delimited extent; -1 if it runs past the end. */
int
tp_pb_bytes(struct tp_pb *pb, const uint8_t **data, size_t *len)
{
	uint64_t n;

	if (tp_pb_varint(pb, &n) != 0)
		return (-1);
	if (n > (uint64_t)(pb->end - pb->p))
		return (-1);
	*data = pb->p;
	*len = (size_t)n;
	pb->p += n;
	return (0);
}

/* Skip one field's value; -1 for other wire types or truncation. */
int
tp_pb_skip(struct tp_pb *pb, int wire)
{
	const uint8_t *data;
	uint64_t v;
	size_t len;

	switch (wire) {
	case TP_PB_VARINT:
		return (tp_pb_varint(pb, &v));
	case TP_PB_BYTES:
		return (tp_pb_bytes(pb, &data, &len));
	case TP_PB_FIXED64:
	case TP_PB_FIXED32:
		len = wire == TP_PB_FIXED64 ? 8 : 4;
		if (len > (size_t)(pb->end - pb->p))
			return (-1);
		pb->p += len;
		return (0);
	}
	return (-1);
}

/* Free an instruction's buffers. */
void
tp_instruction_free(struct tp_instruction *inst)
{
	tp_buf_free(&inst->diff);
	tp_buf_free(&inst->chaff);
}

/* Serialize all seven fields in field order, as mosh does. */
void
tp_instruction_encode(const struct tp_instruction *inst, struct tp_buf *b)
{
	tp_pb_put_uint(b, 1, inst->protocol_version);
	tp_pb_put_uint(b, 2, inst->old_num);
	tp_pb_put_uint(b, 3, inst->new_num);
	tp_pb_put_uint(b, 4, inst->ack_num);
	tp_pb_put_uint(b, 5, inst->throwaway_num);
	tp_pb_put_bytes(b, 6, inst->diff.data, inst->diff.len);
	tp_pb_put_bytes(b, 7, inst->chaff.data, inst->chaff.len);
}

/* Decode one field into the instruction, skipping unknown ones. */
static int
tp_instruction_field(
    struct tp_pb *pb, int field, int wire, struct tp_instruction *inst)
{
	uint64_t *nums[] = { NULL, NULL, &inst->old_num, &inst->new_num,
		&inst->ack_num, &inst->throwaway_num };
	struct tp_buf *b;
	const uint8_t *data;
	uint64_t v;
	size_t len;

	if (field >= 1 && field <= 5 && wire == TP_PB_VARINT) {
		if (tp_pb_varint(pb, &v) != 0)
			return (-1);
		if (field == 1)
			inst->protocol_version = (uint32_t)v;
		else
			*nums[field] = v;
		return (0);
	}
	if ((field == 6 || field == 7) && wire == TP_PB_BYTES) {
		if (tp_pb_bytes(pb, &data, &len) != 0)
			return (-1);
		b = field == 6 ? &inst->diff : &inst->chaff;
		tp_buf_reset(b);
		tp_buf_add(b, data, len);
		return (0);
	}
	return (tp_pb_skip(pb, wire));
}

/* Parse an instruction into inst (zeroed or reused); 0 or -1. */
int
tp_instruction_decode(
    const uint8_t *data, size_t len, struct tp_instruction *inst)
{
	struct tp_pb pb = { data, data + len };
	int field, wire, rv;

	inst->protocol_version = 0;
	inst->old_num = inst->new_num = inst->ack_num = 0;
	inst->throwaway_num = 0;
	tp_buf_reset(&inst->diff);
	tp_buf_reset(&inst->chaff);
	while ((rv = tp_pb_key(&pb, &field, &wire)) == 1) {
		if (tp_instruction_field(&pb, field, wire, inst) != 0)
			return (-1);
	}
	return (rv);
}
