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
 * tp_conn tests: forged, truncated, reflected and short datagrams are
 * dropped and counted without any state change; a replay is delivered
 * but not fresh; every drop reason is reachable.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/transport/tp-test.h"

/* Feed a datagram that must be dropped for why, changing nothing. */
static void
expect_drop(struct tp_conn *c, const uint8_t *d, size_t len, enum tp_drop why,
    const char *what)
{
	struct tp_instruction out = { 0 };
	struct tp_conn_state before, after;
	unsigned long n = tp_conn_drops(c, why);
	char msg[128];
	int fresh = 1;

	tp_conn_get_state(c, &before);
	snprintf(msg, sizeof msg, "%s: dropped", what);
	CHECK_INT(tp_conn_receive(c, 99999, d, len, &out, &fresh), -1, msg);
	snprintf(msg, sizeof msg, "%s: counted", what);
	CHECK_INT(tp_conn_drops(c, why), n + 1, msg);
	snprintf(msg, sizeof msg, "%s: not fresh", what);
	CHECK(!fresh, msg);
	tp_conn_get_state(c, &after);
	snprintf(msg, sizeof msg, "%s: no state change", what);
	CHECK(state_equal(&before, &after), msg);
	tp_instruction_free(&out);
}

/* A server part-way through an instruction, with RTT and a timestamp. */
static struct tp_conn *
setup_server(const struct tp_key *key, struct sink *s)
{
	struct tp_conn *client = tp_conn_new(key, 0);
	struct tp_conn *server = tp_conn_new(key, 1);
	struct tp_instruction inst, out = { 0 };
	uint8_t big[5000];
	size_t i;
	int fresh;

	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 7919 >> 3);
	srandom(1);
	for (i = 0; i < sizeof big; i++)
		big[i] ^= (uint8_t)random();
	make_instruction(&inst, 1, big, sizeof big);
	tp_conn_send(client, 1000, &inst, sink_cb, s);
	CHECK(s->n >= 3, "setup: a multi-fragment instruction");
	CHECK_INT(
	    tp_conn_receive(server, 1010, s->d[0], s->len[0], &out, &fresh), 0,
	    "setup: first fragment accepted");
	CHECK(fresh, "setup: fresh");
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	return (server);
}

/* Bit flips anywhere, truncation and oversize. */
static void
test_forged(void)
{
	struct sink s = { 0 };
	struct tp_key key;
	struct tp_conn *server;
	uint8_t d[TP_RECEIVE_MTU + 8];
	size_t len, pos[] = { 0, 7, 8, 12, 30, 0, 0 };
	char what[64];
	int i;

	test_key(&key);
	server = setup_server(&key, &s);
	len = s.len[1];
	pos[5] = len - 17;
	pos[6] = len - 1;
	for (i = 0; i < 7; i++) {
		memcpy(d, s.d[1], len);
		d[pos[i]] ^= 0x10;
		snprintf(what, sizeof what, "bit flip at byte %zu", pos[i]);
		expect_drop(server, d, len, TP_DROP_AUTH, what);
	}
	expect_drop(server, s.d[1], len - 1, TP_DROP_AUTH, "truncated by 1");
	expect_drop(server, s.d[1], 40, TP_DROP_AUTH, "truncated to 40");
	expect_drop(server, s.d[1], 24, TP_DROP_AUTH, "truncated to 24");
	expect_drop(server, s.d[1], 23, TP_DROP_SHORT, "truncated to 23");
	expect_drop(server, s.d[1], 0, TP_DROP_SHORT, "empty");
	memset(d, 0, sizeof d);
	expect_drop(server, d, TP_RECEIVE_MTU + 1, TP_DROP_SHORT, "oversize");
	memcpy(d, s.d[1], len);
	memcpy(d + len, d, 8);
	expect_drop(server, d, len + 8, TP_DROP_AUTH, "trailing bytes");
	tp_conn_free(server);
	sink_free(&s);
}

/* A datagram with the receiver's own direction bit. */
static void
test_reflected(void)
{
	struct sink s = { 0 }, own = { 0 };
	struct tp_instruction inst;
	struct tp_conn *server, *client;
	struct tp_key key;

	test_key(&key);
	server = setup_server(&key, &s);
	make_instruction(&inst, 1, "x", 1);
	tp_conn_send(server, 2000, &inst, sink_cb, &own);
	CHECK(own.n == 1 && (own.d[0][0] & 0x80), "server sets direction 1");
	expect_drop(server, own.d[0], own.len[0], TP_DROP_DIRECTION,
	    "server's own datagram reflected");
	client = tp_conn_new(&key, 0);
	expect_drop(client, s.d[1], s.len[1], TP_DROP_DIRECTION,
	    "client's datagram to a client");
	tp_instruction_free(&inst);
	tp_conn_free(client);
	tp_conn_free(server);
	sink_free(&own);
	sink_free(&s);
}

/* Authentic bodies too short for timestamps and a fragment header. */
static void
test_short_body(void)
{
	struct sink s = { 0 };
	struct tp_conn *server;
	struct tp_key key;
	uint8_t body[16] = { 0 }, d[64];
	char what[64];
	size_t n;

	test_key(&key);
	server = setup_server(&key, &s);
	for (n = 0; n < 14; n += 3) {
		snprintf(what, sizeof what, "authentic %zu-byte body", n);
		expect_drop(server, d, seal_body(&key, 50, body, n, d),
		    TP_DROP_BODY, what);
	}
	expect_drop(server, d, seal_body(&key, 50, body, 13, d), TP_DROP_BODY,
	    "authentic 13-byte body");
	tp_conn_free(server);
	sink_free(&s);
}

/* A replay is delivered again but is not fresh and changes no timing. */
static void
test_replay(void)
{
	struct tp_instruction inst, out = { 0 };
	struct tp_conn_state before, after;
	struct tp_conn *client, *server;
	struct sink s = { 0 };
	struct tp_key key;
	int fresh;

	test_key(&key);
	client = tp_conn_new(&key, 0);
	server = tp_conn_new(&key, 1);
	make_instruction(&inst, 1, "a", 1);
	tp_conn_send(client, 100, &inst, sink_cb, &s);
	tp_instruction_free(&inst);
	make_instruction(&inst, 2, "b", 1);
	tp_conn_send(client, 200, &inst, sink_cb, &s);
	CHECK_INT(tp_conn_receive(server, 110, s.d[0], s.len[0], &out, &fresh),
	    1, "seq 0 delivered");
	CHECK(fresh, "seq 0 fresh");
	CHECK_INT(tp_conn_receive(server, 210, s.d[1], s.len[1], &out, &fresh),
	    1, "seq 1 delivered");
	CHECK(fresh && out.new_num == 2, "seq 1 fresh");
	CHECK_INT(tp_conn_last_heard(server), 210, "last heard 210");
	tp_conn_get_state(server, &before);
	CHECK_INT(before.expected_seq, 2, "expected seq 2");
	CHECK_INT(tp_conn_receive(server, 5000, s.d[0], s.len[0], &out, &fresh),
	    1, "replayed seq 0 still delivered");
	CHECK(!fresh && out.new_num == 1, "replay not fresh");
	tp_conn_get_state(server, &after);
	/* Delivered, so the reassembler now remembers id 1 again. */
	CHECK_INT(after.frag_id, 1, "replay went through reassembly");
	after.frag_id = before.frag_id;
	CHECK(state_equal(&before, &after),
	    "replay: no seq, timestamp or last-heard change");
	CHECK_INT(tp_conn_drops(server, TP_DROP_COUNT), 0, "nothing dropped");
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	tp_conn_free(server);
	sink_free(&s);
}

/* Seal body as datagram v and check it is dropped once, counted as why. */
static void
later_drop(struct tp_conn *server, const struct tp_key *key, uint64_t v,
    const struct tp_buf *body, enum tp_drop why, const char *what,
    const char *counted)
{
	struct tp_instruction out = { 0 };
	uint8_t d[TP_RECEIVE_MTU];
	size_t len;

	len = seal_body(key, v, body->data, body->len, d);
	CHECK_INT(tp_conn_receive(server, 1, d, len, &out, NULL), -1, what);
	CHECK_INT(tp_conn_drops(server, why), 1, counted);
	tp_instruction_free(&out);
}

/* Bodies that complete an instruction that then fails a later check. */
static void
test_later_drops(void)
{
	static const uint8_t notzlib[] = { 1, 2, 3, 4, 5 };
	struct tp_instruction inst;
	struct tp_conn *server;
	struct tp_buf plain = { 0 }, z = { 0 }, body = { 0 };
	struct tp_key key;
	uint8_t hdr[14] = { 0 };

	test_key(&key);
	server = tp_conn_new(&key, 1);
	tp_frag_header(hdr + 4, 7, 0, 1);
	tp_buf_add(&body, hdr, sizeof hdr);
	tp_buf_add(&body, notzlib, sizeof notzlib);
	later_drop(server, &key, 1, &body, TP_DROP_INFLATE,
	    "not a zlib stream dropped", "counted as inflate");
	tp_compress(notzlib, sizeof notzlib, &z);
	body.len = sizeof hdr;
	tp_buf_add(&body, z.data, z.len);
	tp_frag_header(body.data + 4, 8, 0, 1);
	later_drop(server, &key, 2, &body, TP_DROP_PARSE,
	    "zlib of garbage dropped", "counted as parse");
	make_instruction(&inst, 1, "v", 1);
	inst.protocol_version = 3;
	tp_instruction_encode(&inst, &plain);
	tp_compress(plain.data, plain.len, &z);
	body.len = sizeof hdr;
	tp_buf_add(&body, z.data, z.len);
	tp_frag_header(body.data + 4, 9, 0, 1);
	later_drop(server, &key, 3, &body, TP_DROP_VERSION, "version 3 dropped",
	    "counted as version");
	CHECK_INT(tp_conn_drops(server, TP_DROP_COUNT), 3, "three drops");
	CHECK_INT(tp_conn_last_heard(server), 0, "none of them was heard");
	tp_instruction_free(&inst);
	tp_buf_free(&plain);
	tp_buf_free(&z);
	tp_buf_free(&body);
	tp_conn_free(server);
}

/* Sequence numbers, direction and instruction ids on the wire. */
static void
test_numbering(void)
{
	struct tp_instruction inst;
	struct tp_conn *server;
	struct tp_conn_state st;
	struct sink s = { 0 };
	struct tp_key key;
	int i;

	test_key(&key);
	server = tp_conn_new(&key, 1);
	make_instruction(&inst, 1, "", 0);
	for (i = 0; i < 6; i++)
		tp_conn_send(server, 1, &inst, sink_cb, &s);
	CHECK(s.n == 6 && s.d[5][0] == 0x80 && s.d[5][7] == 5,
	    "6th server datagram starts 80 00 00 00 00 00 00 05");
	tp_conn_get_state(server, &st);
	CHECK_INT(st.next_seq, 6, "next seq 6");
	CHECK_INT(st.last_id, 6, "a fresh id per instruction");
	CHECK_INT(st.mtu, 1252, "IPv4 MTU by default");
	tp_conn_set_mtu(server, 1, 0);
	tp_conn_get_state(server, &st);
	CHECK_INT(st.mtu, 1216, "IPv6 MTU");
	tp_conn_set_mtu(server, 0, 1);
	tp_conn_get_state(server, &st);
	CHECK_INT(st.mtu, 500, "small MTU after EMSGSIZE");
	tp_instruction_free(&inst);
	tp_conn_free(server);
	sink_free(&s);
}

int
main(void)
{
	test_forged();
	test_reflected();
	test_short_body();
	test_replay();
	test_later_drops();
	test_numbering();
	return (test_done());
}
