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
 * Hostile-input tests (seeded): random datagrams, random authentic bodies
 * and mutated protobuf never crash, never grow memory past the bounds,
 * and random datagrams change nothing; random messages round-trip.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/transport/tp-test.h"

/* Random datagrams without the key are all dropped, changing nothing. */
static void
test_random_datagrams(void)
{
	struct tp_instruction out = { 0 };
	struct tp_conn_state before, after;
	struct tp_conn *c;
	struct tp_key key;
	uint8_t d[2100];
	size_t len, i, j;
	int bad = 0;

	test_key(&key);
	c = tp_conn_new(&key, 1);
	tp_conn_get_state(c, &before);
	srandom(42);
	for (i = 0; i < 20000; i++) {
		len = (size_t)random() % sizeof d;
		for (j = 0; j < len; j++)
			d[j] = (uint8_t)random();
		if (tp_conn_receive(c, i, d, len, &out, NULL) != -1)
			bad++;
	}
	tp_conn_get_state(c, &after);
	CHECK_INT(bad, 0, "20000 random datagrams all dropped");
	CHECK_INT(tp_conn_drops(c, TP_DROP_COUNT), 20000, "all counted");
	CHECK(state_equal(&before, &after), "and nothing changed");
	tp_instruction_free(&out);
	tp_conn_free(c);
}

/* Build a random authentic body: timestamps, a fragment header with a
 * small id and number, and random or zlib payload. */
static size_t
random_body(uint8_t *body, size_t max, struct tp_buf *z)
{
	size_t len = (size_t)random() % max, i;
	uint8_t junk[200];

	for (i = 0; i < len; i++)
		body[i] = (uint8_t)random();
	if (len >= 14) {
		tp_frag_header(body + 4, (uint64_t)(random() % 4),
		    (uint16_t)(random() % 3 == 0 ? random() : random() % 6),
		    random() % 3 == 0);
	}
	if (len >= 14 && random() % 8 == 0) {
		for (i = 0; i < sizeof junk; i++)
			junk[i] = (uint8_t)(random() % 4 == 0 ? random() : 0);
		tp_compress(junk, (size_t)random() % sizeof junk, z);
		if (14 + z->len <= max) {
			memcpy(body + 14, z->data, z->len);
			len = 14 + z->len;
		}
	}
	return (len);
}

/* Random authentic bodies: every outcome is -1, 0 or 1 and memory held
 * by reassembly stays under the bound. */
static void
test_random_bodies(void)
{
	struct tp_instruction out = { 0 };
	struct tp_conn_state st;
	struct tp_buf z = { 0 };
	struct tp_crypto *crypto;
	struct tp_conn *c;
	struct tp_key key;
	uint8_t body[2020], d[TP_RECEIVE_MTU];
	size_t len, i;
	int rv, bad = 0, done = 0;
	char what[96];

	test_key(&key);
	c = tp_conn_new(&key, 1);
	crypto = tp_crypto_new(key.bytes);
	srandom(7);
	for (i = 0; i < 20000; i++) {
		len = random_body(body, sizeof body, &z);
		len = seal_with(crypto, i, body, len, d);
		rv = tp_conn_receive(c, i, d, len, &out, NULL);
		if (rv < -1 || rv > 1)
			bad++;
		done += rv == 1;
		tp_conn_get_state(c, &st);
		if (st.frag_bytes > TP_FRAG_MAXBYTES)
			bad++;
	}
	CHECK_INT(bad, 0, "20000 random authentic bodies handled");
	snprintf(what, sizeof what,
	    "drops counted (%lu body, %lu fragment, %lu inflate, %lu parse,"
	    " %lu version, %d delivered)",
	    tp_conn_drops(c, TP_DROP_BODY), tp_conn_drops(c, TP_DROP_FRAGMENT),
	    tp_conn_drops(c, TP_DROP_INFLATE), tp_conn_drops(c, TP_DROP_PARSE),
	    tp_conn_drops(c, TP_DROP_VERSION), done);
	CHECK(tp_conn_drops(c, TP_DROP_BODY) > 0 &&
		tp_conn_drops(c, TP_DROP_FRAGMENT) > 0 &&
		tp_conn_drops(c, TP_DROP_INFLATE) > 0,
	    what);
	tp_crypto_free(crypto);
	tp_buf_free(&z);
	tp_instruction_free(&out);
	tp_conn_free(c);
}

/* A random message with every item type. */
static void
random_message(struct tp_message *msg, int host)
{
	uint8_t bytes[300];
	size_t n = (size_t)random() % 6, i, j, len;

	for (i = 0; i < n; i++) {
		switch (random() % (host ? 3 : 2)) {
		case 0:
			len = (size_t)random() % sizeof bytes;
			for (j = 0; j < len; j++)
				bytes[j] = (uint8_t)random();
			tp_message_add_bytes(msg, bytes, len);
			break;
		case 1:
			tp_message_add_resize(msg,
			    (int)(random() - RAND_MAX / 2),
			    (int)random() % 1000);
			break;
		default:
			tp_message_add_echoack(
			    msg, (uint64_t)random() << 33 ^ (uint64_t)random());
			break;
		}
	}
}

/* Are two messages the same? */
static int
message_equal(const struct tp_message *a, const struct tp_message *b)
{
	const struct tp_item *x, *y;
	size_t i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		x = &a->items[i];
		y = &b->items[i];
		if (x->type != y->type || x->bytes.len != y->bytes.len ||
		    (x->bytes.len != 0 &&
			memcmp(x->bytes.data, y->bytes.data, x->bytes.len) !=
			    0))
			return (0);
		if (x->type == TP_ITEM_RESIZE &&
		    (x->width != y->width || x->height != y->height))
			return (0);
		if (x->type == TP_ITEM_ECHOACK && x->echo_ack != y->echo_ack)
			return (0);
	}
	return (1);
}

/* Random messages round-trip; mutated encodings never crash. */
static void
test_messages(void)
{
	struct tp_message msg = { 0 }, back = { 0 };
	struct tp_instruction inst = { 0 };
	struct tp_buf b = { 0 };
	int i, j, host, same = 0, ok = 0, fail = 0;

	srandom(3);
	for (i = 0; i < 2000; i++) {
		host = i & 1;
		random_message(&msg, host);
		tp_buf_reset(&b);
		tp_message_encode(&msg, host, &b);
		if (tp_message_decode(b.data, b.len, host, &back) == 0 &&
		    message_equal(&msg, &back))
			same++;
		tp_message_free(&msg);
		for (j = 0; j < 4 && b.len > 0; j++)
			b.data[(size_t)random() % b.len] = (uint8_t)random();
		if (tp_message_decode(b.data, b.len, host, &back) == 0)
			ok++;
		else
			fail++;
		if (tp_instruction_decode(b.data, b.len, &inst) == 0)
			ok++;
		else
			fail++;
	}
	CHECK_INT(same, 2000, "2000 random messages round-trip");
	printf("# mutated: %d parsed, %d rejected\n", ok, fail);
	CHECK(ok + fail == 4000, "4000 mutated decodes returned");
	tp_buf_free(&b);
	tp_message_free(&back);
	tp_instruction_free(&inst);
}

int
main(void)
{
	test_random_datagrams();
	test_random_bodies();
	test_messages();
	return (test_done());
}
