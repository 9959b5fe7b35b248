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
 * Protobuf tests: the exact encodings of ssp-wire.md 6.1 to 6.3, unknown
 * fields skipped and malformed input rejected.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "transport/tp-internal.h"

/* Encode a message and compare it with the expected bytes. */
static void
check_encoding(const struct tp_message *msg, int host, const uint8_t *want,
    size_t len, const char *what)
{
	struct tp_buf b = { 0 };

	tp_message_encode(msg, host, &b);
	CHECK_INT(b.len, len, what);
	CHECK(b.len == len && memcmp(b.data, want, len) == 0, what);
	tp_buf_free(&b);
}

/* The host message of 6.2 and the user resize of 6.3. */
static void
test_examples(void)
{
	static const uint8_t host[] = { 0x0a, 0x04, 0x3a, 0x02, 0x40, 0x01,
		0x0a, 0x06, 0x1a, 0x04, 0x28, 0x64, 0x30, 0x1e, 0x0a, 0x06,
		0x12, 0x04, 0x22, 0x02, 0x68, 0x69 };
	static const uint8_t user[] = { 0x0a, 0x06, 0x1a, 0x04, 0x28, 0x50,
		0x30, 0x18 };
	struct tp_message msg = { 0 }, out = { 0 };

	tp_message_add_echoack(&msg, 1);
	tp_message_add_resize(&msg, 100, 30);
	tp_message_add_bytes(&msg, "hi", 2);
	check_encoding(&msg, 1, host, sizeof host, "6.2 host message bytes");
	CHECK_INT(
	    tp_message_decode(host, sizeof host, 1, &out), 0, "6.2 decodes");
	CHECK_INT(out.n, 3, "6.2 three items");
	if (out.n == 3) {
		CHECK_INT(out.items[0].type, TP_ITEM_ECHOACK, "item 0 ack");
		CHECK_INT(out.items[0].echo_ack, 1, "echo ack 1");
		CHECK_INT(out.items[1].type, TP_ITEM_RESIZE, "item 1 resize");
		CHECK_INT(out.items[1].width, 100, "width 100");
		CHECK_INT(out.items[1].height, 30, "height 30");
		CHECK_INT(out.items[2].type, TP_ITEM_BYTES, "item 2 bytes");
		CHECK(out.items[2].bytes.len == 2 &&
			memcmp(out.items[2].bytes.data, "hi", 2) == 0,
		    "bytes hi");
	}
	tp_message_free(&msg);
	tp_message_add_resize(&msg, 80, 24);
	check_encoding(&msg, 0, user, sizeof user, "6.3 resize 80x24");
	CHECK_INT(
	    tp_message_decode(user, sizeof user, 0, &out), 0, "6.3 decodes");
	CHECK(
	    out.n == 1 && out.items[0].width == 80 && out.items[0].height == 24,
	    "6.3 resize back");
	tp_message_free(&msg);
	tp_message_free(&out);
}

/* The instruction of 3.7 and the ten-byte -1. */
static void
test_instruction(void)
{
	static const uint8_t want[] = { 0x08, 0x02, 0x10, 0x00, 0x18, 0x01,
		0x20, 0x00, 0x28, 0x00, 0x32, 0x08, 0x0a, 0x06, 0x1a, 0x04,
		0x28, 0x50, 0x30, 0x18, 0x3a, 0x00 };
	static const uint8_t minus1[] = { 0x18, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0x01 };
	struct tp_instruction inst = { 0 }, out = { 0 };
	struct tp_message msg = { 0 };
	struct tp_buf b = { 0 };

	inst.protocol_version = 2;
	inst.new_num = 1;
	tp_message_add_resize(&msg, 80, 24);
	tp_message_encode(&msg, 0, &inst.diff);
	tp_instruction_encode(&inst, &b);
	CHECK(b.len == sizeof want && memcmp(b.data, want, b.len) == 0,
	    "3.7 instruction bytes");
	CHECK_INT(tp_instruction_decode(b.data, b.len, &out), 0,
	    "3.7 instruction decodes");
	CHECK(out.protocol_version == 2 && out.new_num == 1 &&
		out.diff.len == 8 && out.chaff.len == 0,
	    "3.7 fields back");
	tp_buf_reset(&b);
	tp_pb_put_uint(&b, 3, UINT64_MAX);
	CHECK(b.len == sizeof minus1 && memcmp(b.data, minus1, b.len) == 0,
	    "uint64 -1 is a ten-byte varint");
	CHECK_INT(tp_instruction_decode(b.data, b.len, &out), 0, "-1 decodes");
	CHECK(out.new_num == UINT64_MAX, "-1 round trip");
	tp_buf_free(&b);
	tp_message_free(&msg);
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
}

/* Unknown fields of every skippable wire type are ignored. */
static void
test_unknown(void)
{
	static const uint8_t inst[] = { 0x08, 0x02, 0x40, 0x07, /* 8: v */
		0x79, 1, 2, 3, 4, 5, 6, 7, 8,	    /* 15: fixed64 */
		0x18, 0x05, 0x85, 0x01, 1, 2, 3, 4, /* 16: fixed32 */
		0x8a, 0x01, 0x02, 0xaa, 0xbb,	    /* 17: bytes */
		0x12, 0x03, 0x01, 0x02, 0x03 };	    /* 2 as bytes */
	static const uint8_t host[] = { 0x28, 0x01, /* 5: unknown */
		0x0a, 0x02, 0x48, 0x01,		    /* item: only 9 */
		0x0a, 0x08, 0x3a, 0x04, 0x40, 0x05, 0x48, 0x01, 0x50, 0x02,
		0x0a, 0x06, 0x12, 0x04, 0x22, 0x02, 0x68, 0x69 };
	static const uint8_t prio[] = { 0x0a, 0x0c, 0x3a, 0x02, 0x40, 0x09,
		0x1a, 0x02, 0x28, 0x07, 0x12, 0x02, 0x22, 0x00 };
	struct tp_instruction out = { 0 };
	struct tp_message msg = { 0 };

	CHECK_INT(tp_instruction_decode(inst, sizeof inst, &out), 0,
	    "instruction with unknown fields parses");
	CHECK(out.protocol_version == 2 && out.new_num == 5 && out.old_num == 0,
	    "known fields kept, mistyped field skipped");
	CHECK_INT(tp_message_decode(host, sizeof host, 1, &msg), 0,
	    "host message with unknown fields parses");
	CHECK(msg.n == 2 && msg.items[0].type == TP_ITEM_ECHOACK &&
		msg.items[0].echo_ack == 5 &&
		msg.items[1].type == TP_ITEM_BYTES,
	    "extension-less item ignored, rest kept");
	CHECK_INT(tp_message_decode(host, sizeof host, 0, &msg), 0,
	    "user parse of echo ack skips it");
	CHECK(msg.n == 1 && msg.items[0].type == TP_ITEM_BYTES,
	    "user side has no echo ack");
	CHECK_INT(tp_message_decode(prio, sizeof prio, 1, &msg), 0,
	    "three extensions in one item parse");
	CHECK(msg.n == 1 && msg.items[0].type == TP_ITEM_BYTES &&
		msg.items[0].bytes.len == 0,
	    "bytes win over resize and ack");
	tp_message_free(&msg);
	tp_instruction_free(&out);
}

/* Truncated varints, lengths past the end and bad wire types fail. */
static void
test_malformed(void)
{
	static const struct {
		const char *what;
		uint8_t bytes[16];
		size_t len;
	} bad[] = {
		{ "truncated varint", { 0x08, 0x80 }, 2 },
		{ "truncated key", { 0x88 }, 1 },
		{ "eleven-byte varint",
		    { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0x01 },
		    12 },
		{ "length past end", { 0x32, 0x05, 0x01 }, 3 },
		{ "wire type 3", { 0x0b }, 1 },
		{ "wire type 4", { 0x0c }, 1 },
		{ "wire type 6", { 0x0e }, 1 },
		{ "field 0", { 0x00, 0x01 }, 2 },
		{ "short fixed64", { 0x41, 1, 2 }, 3 },
		{ "short fixed32", { 0x45, 1 }, 2 },
	};
	static const uint8_t badmsg[] = { 0x0a, 0x04, 0x12, 0x05, 0x22, 0x00 };
	struct tp_instruction out = { 0 };
	struct tp_message msg = { 0 };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(tp_instruction_decode(bad[i].bytes, bad[i].len, &out),
		    -1, bad[i].what);
		CHECK_INT(tp_message_decode(bad[i].bytes, bad[i].len, 1, &msg),
		    -1, bad[i].what);
	}
	CHECK_INT(tp_message_decode(badmsg, sizeof badmsg, 1, &msg), -1,
	    "inner length past the item");
	tp_message_free(&msg);
	tp_instruction_free(&out);
}

/* Negative sizes go out as ten-byte varints and come back. */
static void
test_negative(void)
{
	struct tp_message msg = { 0 }, out = { 0 };
	struct tp_buf b = { 0 };

	tp_message_add_resize(&msg, -1, 5);
	tp_message_encode(&msg, 0, &b);
	CHECK_INT(b.len, 2 + 2 + 1 + 10 + 2, "negative int32 encoding size");
	CHECK_INT(
	    tp_message_decode(b.data, b.len, 0, &out), 0, "negative decodes");
	CHECK(out.n == 1 && out.items[0].width == -1, "width -1 back");
	tp_buf_free(&b);
	tp_message_free(&msg);
	tp_message_free(&out);
}

int
main(void)
{
	test_examples();
	test_instruction();
	test_unknown();
	test_malformed();
	test_negative();
	return (test_done());
}
