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
 * Timestamp and RTT tests with a fake clock, against values computed by
 * hand from section 4.2.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/transport/tp-test.h"

/* 16-bit timestamps and their replies. */
static void
test_timestamps(void)
{
	struct tp_timing t;

	CHECK_INT(tp_timestamp16(1000), 1000, "ts 1000");
	CHECK_INT(tp_timestamp16(65535), 0, "65535 becomes 0");
	CHECK_INT(tp_timestamp16(65536 + 5), 5, "wraps mod 65536");
	CHECK_INT(tp_timestamp16(131071), 0, "131071 becomes 0");
	tp_timing_init(&t);
	CHECK_INT(tp_timing_reply(&t, 10), 0xffff, "no reply before any ts");
	tp_timing_receive(&t, 5000, 1234, 0xffff);
	CHECK_INT(tp_timing_reply(&t, 5999), 1234 + 999,
	    "reply adds the 999 ms held");
	CHECK_INT(tp_timing_reply(&t, 6000), 0xffff, "reply given once");
	tp_timing_receive(&t, 7000, 1234, 0xffff);
	CHECK_INT(
	    tp_timing_reply(&t, 8000), 0xffff, "no reply after 1000 ms held");
	tp_timing_receive(&t, 9000, 65000, 0xffff);
	CHECK_INT(tp_timing_reply(&t, 9600), 64, "reply wraps mod 65536");
	tp_timing_receive(&t, 9700, 0xffff, 0xffff);
	CHECK_INT(tp_timing_reply(&t, 9701), 0xffff, "0xffff is not held");
	tp_timing_receive(&t, 0, 1000, 0xffff);
	tp_timing_congestion(&t);
	CHECK_INT(tp_timing_reply(&t, 10), 510, "CE penalty of 500 ms");
}

/* SRTT, RTTVAR, RTO and the send interval from samples. */
static void
test_samples(void)
{
	struct tp_timing t;

	tp_timing_init(&t);
	CHECK(t.srtt == 1000 && t.rttvar == 500, "initial 1000/500");
	CHECK_INT(tp_timing_rto(&t), 1000, "initial RTO clamps 3000 to 1000");
	CHECK_INT(tp_timing_interval(&t), 250, "initial interval 250");
	tp_timing_receive(&t, 10100, 0xffff, 10000);
	CHECK(t.srtt == 100 && t.rttvar == 50, "first sample 100: 100/50");
	CHECK_INT(tp_timing_rto(&t), 300, "RTO 300");
	CHECK_INT(tp_timing_interval(&t), 50, "interval 50");
	tp_timing_receive(&t, 20200, 0xffff, 20000);
	CHECK(t.srtt == 112.5 && t.rttvar == 62.5, "sample 200: 112.5/62.5");
	CHECK_INT(tp_timing_rto(&t), 363, "RTO ceil(362.5) = 363");
	CHECK_INT(tp_timing_interval(&t), 57, "interval ceil(56.25) = 57");
	tp_timing_receive(&t, 35000, 0xffff, 30000);
	CHECK(t.srtt == 112.5 && t.rttvar == 62.5, "sample 5000 ignored");
	tp_timing_receive(&t, 40000, 0xffff, 0xffff);
	CHECK(t.srtt == 112.5, "no reply, no sample");
	tp_timing_receive(&t, 44999, 0xffff, 40000);
	CHECK(t.srtt == 723.3125 && t.rttvar == 1268.5,
	    "sample 4999: 723.3125/1268.5");
	CHECK_INT(tp_timing_rto(&t), 1000, "RTO clamped to 1000");
	CHECK_INT(tp_timing_interval(&t), 250, "interval clamped to 250");
	tp_timing_init(&t);
	tp_timing_receive(&t, 65536 + 10, 0xffff, 65530);
	CHECK(t.srtt == 16 && t.rttvar == 8, "sample across the wrap: 16");
	CHECK_INT(tp_timing_rto(&t), 50, "RTO 48 clamped to 50");
	CHECK_INT(tp_timing_interval(&t), 20, "interval 8 clamped to 20");
}

/* The same through two connections. */
static void
test_conns(void)
{
	struct tp_instruction inst, out = { 0 };
	struct tp_conn *client, *server;
	struct tp_conn_state st;
	struct sink s = { 0 };
	struct tp_key key;

	test_key(&key);
	client = tp_conn_new(&key, 0);
	server = tp_conn_new(&key, 1);
	make_instruction(&inst, 1, "", 0);
	tp_conn_send(client, 1000, &inst, sink_cb, &s);
	tp_conn_receive(server, 1010, s.d[0], s.len[0], &out, NULL);
	tp_conn_send(server, 1030, &inst, sink_cb, &s);
	tp_conn_get_state(server, &st);
	CHECK_INT(st.saved_ts, -1, "server forgot the echoed timestamp");
	tp_conn_send(server, 1040, &inst, sink_cb, &s);
	tp_conn_receive(client, 1060, s.d[1], s.len[1], &out, NULL);
	CHECK(tp_conn_srtt(client) == 40, "client SRTT 40");
	CHECK_INT(tp_conn_rto(client), 120, "client RTO 120");
	CHECK_INT(tp_conn_send_interval(client), 20, "client interval 20");
	tp_conn_receive(client, 1200, s.d[2], s.len[2], &out, NULL);
	CHECK(tp_conn_srtt(client) == 40, "second reply-less datagram: same");
	CHECK_INT(tp_conn_last_heard(client), 1200, "last heard 1200");
	tp_conn_send(client, 5000, &inst, sink_cb, &s);
	tp_conn_receive(server, 5010, s.d[3], s.len[3], &out, NULL);
	tp_conn_send(server, 6010, &inst, sink_cb, &s);
	tp_conn_receive(client, 6020, s.d[4], s.len[4], &out, NULL);
	CHECK(tp_conn_srtt(client) == 40, "timestamp held 1000 ms not echoed");
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	tp_conn_free(server);
	sink_free(&s);
}

int
main(void)
{
	test_timestamps();
	test_samples();
	test_conns();
	return (test_done());
}
