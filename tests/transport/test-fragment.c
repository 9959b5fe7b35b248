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
 * Fragment and zlib tests: reassembly with loss, reordering and
 * duplication (seeded), instructions of 100 KB and 3 MB, inconsistent
 * duplicates and final-flag conflicts dropped, and the 4 MiB inflate
 * bound.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/transport/tp-test.h"

/* Fill with seeded pseudo-random (incompressible) bytes. */
static void
fill_random(uint8_t *p, size_t len, unsigned seed)
{
	size_t i;

	srandom(seed);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(random() >> 7);
}

/* Shuffle datagram order and duplicate some, seeded. */
static size_t
shuffle(struct sink *s, size_t *order, size_t max, unsigned seed)
{
	size_t i, j, n = 0, t;

	srandom(seed);
	for (i = 0; i < s->n; i++) {
		order[n++] = i;
		if (random() % 5 == 0 && n < max)
			order[n++] = i;
	}
	for (i = n - 1; i > 0; i--) {
		j = (size_t)random() % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	return (n);
}

/* Send a diff of len random bytes over a lossy, reordering link. */
static void
test_roundtrip(size_t len, unsigned seed, const char *what)
{
	struct tp_instruction inst, out = { 0 };
	struct tp_conn *client, *server;
	struct sink s = { 0 };
	struct tp_key key;
	size_t *order, i, n, lost = 0;
	uint8_t *diff = tp_xmalloc(len);
	int rv, done = 0, early = 0;
	char msg[128];

	test_key(&key);
	client = tp_conn_new(&key, 0);
	server = tp_conn_new(&key, 1);
	fill_random(diff, len, seed);
	make_instruction(&inst, 1, diff, len);
	/* First try: 10% loss, so it never completes. */
	tp_conn_send(client, 10, &inst, sink_cb, &s);
	srandom(seed + 1);
	for (i = 0; i < s.n; i++) {
		if (i == 0 || random() % 10 == 0) {
			lost++;
			continue;
		}
		if (tp_conn_receive(server, 20, s.d[i], s.len[i], &out, NULL) !=
		    0)
			early++;
	}
	snprintf(
	    msg, sizeof msg, "%s: lossy try incomplete (%zu lost)", what, lost);
	CHECK(early == 0 && lost > 0, msg);
	sink_free(&s);
	/* Second try: a new id, reordered with duplicates, no loss. */
	tp_conn_send(client, 30, &inst, sink_cb, &s);
	order = tp_xcalloc(s.n * 2, sizeof *order);
	n = shuffle(&s, order, s.n * 2, seed + 2);
	for (i = 0; i < n; i++) {
		rv = tp_conn_receive(
		    server, 40, s.d[order[i]], s.len[order[i]], &out, NULL);
		if (rv == 1)
			done++;
		else if (rv != 0)
			done = 100;
	}
	/* A duplicate of a one-datagram instruction is delivered again. */
	snprintf(
	    msg, sizeof msg, "%s: %zu datagrams, completes once", what, s.n);
	CHECK_INT(done, s.n == 1 ? n : 1, msg);
	snprintf(msg, sizeof msg, "%s: identical after reassembly", what);
	CHECK(
	    out.diff.len == len && memcmp(out.diff.data, diff, len) == 0, msg);
	snprintf(msg, sizeof msg, "%s: nothing dropped", what);
	CHECK_INT(tp_conn_drops(server, TP_DROP_COUNT), 0, msg);
	free(order);
	free(diff);
	sink_free(&s);
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	tp_conn_free(server);
}

/* Fragment sizes follow the MTU of section 4.4. */
static void
test_sizes(void)
{
	static const struct {
		int ipv6, small;
		size_t dgram;
	} mtu[] = { { 0, 0, 1252 }, { 1, 0, 1216 }, { 0, 1, 500 } };
	struct tp_instruction inst;
	struct tp_conn *c;
	struct sink s = { 0 };
	struct tp_key key;
	uint8_t diff[5000];
	size_t i, j;
	int ok;

	test_key(&key);
	fill_random(diff, sizeof diff, 9);
	make_instruction(&inst, 1, diff, sizeof diff);
	for (i = 0; i < 3; i++) {
		c = tp_conn_new(&key, 1);
		tp_conn_set_mtu(c, mtu[i].ipv6, mtu[i].small);
		tp_conn_send(c, 1, &inst, sink_cb, &s);
		ok = s.n > 1;
		for (j = 0; j + 1 < s.n; j++)
			ok &= s.len[j] == mtu[i].dgram;
		ok &= s.len[s.n - 1] <= mtu[i].dgram;
		CHECK(ok,
		    mtu[i].small ? "500-byte datagrams"
				 : (mtu[i].ipv6 ? "1216-byte IPv6 datagrams"
						: "1252-byte IPv4 datagrams"));
		sink_free(&s);
		tp_conn_free(c);
	}
	tp_instruction_free(&inst);
}

/* A fragment for the reassembler tests. */
static struct tp_frag
frag(uint64_t id, uint16_t num, int final, const char *data)
{
	struct tp_frag f = { id, num, final, (const uint8_t *)data,
		strlen(data) };

	return (f);
}

/* Check then add a fragment as tp_conn does; -1 if refused. */
static int
feed(struct tp_reasm *r, struct tp_frag f, struct tp_buf *out)
{
	if (tp_reasm_check(r, &f) != 0) {
		tp_reasm_drop(r);
		return (-1);
	}
	return (tp_reasm_add(r, &f, out));
}

/* Inconsistent duplicates and final flags drop the instruction. */
static void
test_inconsistent(void)
{
	struct tp_reasm *r = tp_reasm_new();
	struct tp_buf out = { 0 };

	CHECK_INT(feed(r, frag(5, 0, 0, "abc"), &out), 0, "id 5 #0");
	CHECK_INT(feed(r, frag(5, 0, 0, "abc"), &out), 0,
	    "identical duplicate accepted");
	CHECK_INT(feed(r, frag(5, 0, 0, "abd"), &out), -1,
	    "different duplicate refused");
	CHECK_INT(feed(r, frag(5, 1, 1, "x"), &out), -1,
	    "rest of the dropped id refused");
	CHECK_INT(feed(r, frag(6, 1, 1, "def"), &out), 0, "new id 6 #1 final");
	CHECK_INT(feed(r, frag(6, 0, 0, "abc"), &out), 1, "id 6 completes");
	CHECK(out.len == 6 && memcmp(out.data, "abcdef", 6) == 0,
	    "id 6 joined in order");
	CHECK_INT(feed(r, frag(6, 1, 1, "def"), &out), 0,
	    "late duplicate after completion starts again");
	CHECK_INT(feed(r, frag(7, 2, 0, "c"), &out), 0, "id 7 #2");
	CHECK_INT(feed(r, frag(7, 1, 1, "b"), &out), -1,
	    "final on #1 after #2 refused");
	CHECK_INT(feed(r, frag(8, 1, 1, "b"), &out), 0, "id 8 #1 final");
	CHECK_INT(
	    feed(r, frag(8, 2, 0, "c"), &out), -1, "#2 after final #1 refused");
	CHECK_INT(feed(r, frag(9, 1, 1, "b"), &out), 0, "id 9 #1 final");
	CHECK_INT(
	    feed(r, frag(9, 0, 1, "a"), &out), -1, "second final refused");
	CHECK_INT(feed(r, frag(10, 1, 1, "b"), &out), 0, "id 10 #1 final");
	CHECK_INT(feed(r, frag(10, 1, 0, "b"), &out), -1,
	    "duplicate without the final flag refused");
	CHECK_INT(
	    feed(r, frag(11, 0, 1, "z"), &out), 1, "single fragment completes");
	CHECK_INT(feed(r, frag(11, 0, 1, "z"), &out), 1,
	    "late duplicate of a single fragment delivered again");
	CHECK_INT(feed(r, frag(12, 0x7fff, 1, "z"), &out), 0,
	    "fragment 32767 alone held");
	tp_buf_free(&out);
	tp_reasm_free(r);
}

/* A refused fragment through tp_conn is counted and never crashes. */
static void
test_conn_inconsistent(void)
{
	struct tp_instruction out = { 0 };
	struct tp_conn *server;
	struct tp_conn_state st;
	struct tp_key key;
	uint8_t body[20] = { 0 }, d[64];
	size_t len;

	test_key(&key);
	server = tp_conn_new(&key, 1);
	tp_frag_header(body + 4, 3, 0, 0);
	memcpy(body + 14, "aaaaaa", 6);
	len = seal_body(&key, 0, body, 20, d);
	CHECK_INT(tp_conn_receive(server, 1, d, len, &out, NULL), 0,
	    "fragment #0 held");
	body[19] = 'b';
	len = seal_body(&key, 1, body, 20, d);
	CHECK_INT(tp_conn_receive(server, 2, d, len, &out, NULL), -1,
	    "different #0 dropped");
	CHECK_INT(
	    tp_conn_drops(server, TP_DROP_FRAGMENT), 1, "counted as fragment");
	tp_conn_get_state(server, &st);
	CHECK(st.frag_count == 0 && st.frag_bytes == 0,
	    "partial instruction discarded");
	CHECK_INT(st.expected_seq, 1, "the refused datagram was not taken");
	tp_instruction_free(&out);
	tp_conn_free(server);
}

/* The 4 MiB bound: exactly 4 MiB inflates, one byte more does not, and
 * the output never grows past the bound. */
static void
test_inflate_bound(void)
{
	struct tp_buf z = { 0 }, out = { 0 };
	uint8_t *zeros = tp_xcalloc(1, 5 << 20);

	tp_compress(zeros, TP_MAX_INSTRUCTION, &z);
	CHECK_INT(tp_uncompress(z.data, z.len, &out), 0, "4 MiB inflates");
	CHECK_INT(out.len, TP_MAX_INSTRUCTION, "4 MiB back");
	tp_buf_free(&out);
	tp_compress(zeros, TP_MAX_INSTRUCTION + 1, &z);
	CHECK_INT(tp_uncompress(z.data, z.len, &out), -1, "4 MiB + 1 rejected");
	CHECK(out.size <= TP_MAX_INSTRUCTION, "output held to the bound");
	tp_buf_free(&out);
	tp_compress(zeros, 5 << 20, &z);
	CHECK(z.len < 8000, "5 MiB bomb is small");
	CHECK_INT(tp_uncompress(z.data, z.len, &out), -1, "bomb rejected");
	CHECK(out.size <= TP_MAX_INSTRUCTION, "bomb held to the bound");
	CHECK_INT(tp_uncompress(z.data, z.len / 2, &out), -1,
	    "truncated stream rejected");
	z.data[0] = 0x1f;
	CHECK_INT(
	    tp_uncompress(z.data, z.len, &out), -1, "non-zlib header rejected");
	tp_buf_free(&out);
	tp_buf_free(&z);
	free(zeros);
}

/* A bomb through tp_conn is dropped and counted. */
static void
test_conn_bomb(void)
{
	struct tp_instruction inst, out = { 0 };
	struct tp_conn *client, *server;
	struct sink s = { 0 };
	struct tp_key key;
	uint8_t *zeros = tp_xcalloc(1, 4300000);
	size_t i;
	int bad = 0;

	test_key(&key);
	client = tp_conn_new(&key, 0);
	server = tp_conn_new(&key, 1);
	make_instruction(&inst, 1, zeros, 4300000);
	tp_conn_send(client, 1, &inst, sink_cb, &s);
	for (i = 0; i < s.n; i++)
		if (tp_conn_receive(server, 2, s.d[i], s.len[i], &out, NULL) !=
		    (i + 1 == s.n ? -1 : 0))
			bad++;
	CHECK_INT(bad, 0, "4.3 MB instruction: last fragment dropped");
	CHECK_INT(
	    tp_conn_drops(server, TP_DROP_INFLATE), 1, "counted as inflate");
	free(zeros);
	sink_free(&s);
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	tp_conn_free(server);
}

int
main(void)
{
	test_sizes();
	test_roundtrip(100 * 1000, 1, "100 KB");
	test_roundtrip(3 * 1000 * 1000, 2, "3 MB");
	test_roundtrip(1000, 3, "1 KB");
	test_inconsistent();
	test_conn_inconsistent();
	test_inflate_bound();
	test_conn_bomb();
	return (test_done());
}
