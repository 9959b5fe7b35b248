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
 * A tp_conn is one end of a session without a socket: it turns an
 * Instruction into sealed datagrams (serialize, compress, fragment, add
 * timestamps, encrypt) and datagrams back into Instructions.  Every
 * rejected datagram is counted by reason and leaves the connection as it
 * was; only an accepted one moves the expected sequence number, the
 * timestamps and RTT, and the time last heard.
 */

#include <stdlib.h>
#include <string.h>

#include "transport/tp-internal.h"

struct tp_conn {
	struct tp_crypto *crypto;
	int is_server;
	uint64_t next_seq;
	uint64_t expected_seq;
	uint64_t last_id;
	int mtu;
	struct tp_timing timing;
	uint64_t last_heard;
	struct tp_reasm *reasm;
	struct tp_zlib *zlib;
	unsigned long drops[TP_DROP_COUNT];
	struct tp_buf plain; /* serialized instruction */
	struct tp_buf zbuf;  /* compressed instruction */
	struct tp_buf inflated;
};

static void tp_conn_seal(struct tp_conn *, uint64_t, const uint8_t *, size_t,
    int, tp_send_cb, void *);
static int tp_conn_drop(struct tp_conn *, enum tp_drop);
static int tp_conn_complete(struct tp_conn *, struct tp_instruction *);
static void tp_conn_accept(
    struct tp_conn *, uint64_t, uint64_t, const uint8_t *, int *);

/* Create a connection for a key; the server sends with direction 1. */
struct tp_conn *
tp_conn_new(const struct tp_key *key, int is_server)
{
	struct tp_conn *c = tp_xcalloc(1, sizeof *c);

	c->crypto = tp_crypto_new(key->bytes);
	c->is_server = is_server != 0;
	c->mtu = TP_MTU_IPV4;
	tp_timing_init(&c->timing);
	c->reasm = tp_reasm_new();
	c->zlib = tp_zlib_new();
	return (c);
}

/* Free a connection. */
void
tp_conn_free(struct tp_conn *c)
{
	if (c == NULL)
		return;
	tp_crypto_free(c->crypto);
	tp_reasm_free(c->reasm);
	tp_zlib_free(c->zlib);
	tp_buf_free(&c->plain);
	tp_buf_free(&c->zbuf);
	tp_buf_free(&c->inflated);
	free(c);
}

/* Seal one fragment with fresh timestamps and hand it to the callback. */
static void
tp_conn_seal(struct tp_conn *c, uint64_t now, const uint8_t *slice, size_t len,
    int num, tp_send_cb cb, void *arg)
{
	uint8_t body[TP_RECEIVE_MTU], out[TP_RECEIVE_MTU];
	uint8_t nonce[TP_NONCE_LEN];
	int final = (slice + len == c->zbuf.data + c->zbuf.len);
	uint64_t v;
	size_t blen = TP_TS_LEN + TP_FRAG_HDR + len;

	tp_put16(body, tp_timestamp16(now));
	tp_put16(body + 2, tp_timing_reply(&c->timing, now));
	tp_frag_header(body + TP_TS_LEN, c->last_id, (uint16_t)num, final);
	memcpy(body + TP_TS_LEN + TP_FRAG_HDR, slice, len);
	v = (c->next_seq++ & TP_SEQ_MASK) |
	    (c->is_server ? TP_DIRECTION_BIT : 0);
	tp_put64(out, v);
	tp_crypto_nonce(nonce, v);
	if (tp_crypto_seal(
		c->crypto, nonce, NULL, 0, body, blen, out + TP_SEQ_LEN) != 0)
		abort();
	cb(arg, out, TP_SEQ_LEN + blen + TP_TAG_LEN);
}

/* Serialize, compress, fragment to the MTU and seal an instruction.  One
 * that would need more than 32768 fragments is not sent. */
void
tp_conn_send(struct tp_conn *c, uint64_t now, const struct tp_instruction *inst,
    tp_send_cb cb, void *arg)
{
	size_t room = (size_t)c->mtu - TP_OVERHEAD - TP_FRAG_HDR, off, n;
	int num = 0;

	tp_buf_reset(&c->plain);
	tp_instruction_encode(inst, &c->plain);
	tp_zlib_compress(c->zlib, c->plain.data, c->plain.len, &c->zbuf);
	if ((c->zbuf.len + room - 1) / room > TP_FRAG_MAXNUM + 1)
		return;
	c->last_id++;
	for (off = 0; off < c->zbuf.len; off += n) {
		n = c->zbuf.len - off < room ? c->zbuf.len - off : room;
		tp_conn_seal(c, now, c->zbuf.data + off, n, num++, cb, arg);
	}
}

/* Count a dropped datagram. */
static int
tp_conn_drop(struct tp_conn *c, enum tp_drop why)
{
	c->drops[why]++;
	return (-1);
}

/* Inflate and parse a complete instruction; 1, or -1 when dropped. */
static int
tp_conn_complete(struct tp_conn *c, struct tp_instruction *out)
{
	if (tp_zlib_uncompress(
		c->zlib, c->zbuf.data, c->zbuf.len, &c->inflated) != 0) {
		/* Do not keep a bomb's worth of memory around. */
		tp_buf_free(&c->inflated);
		return (tp_conn_drop(c, TP_DROP_INFLATE));
	}
	if (tp_instruction_decode(c->inflated.data, c->inflated.len, out) != 0)
		return (tp_conn_drop(c, TP_DROP_PARSE));
	if (out->protocol_version != TP_PROTOCOL_VERSION)
		return (tp_conn_drop(c, TP_DROP_VERSION));
	return (1);
}

/* Take an accepted datagram's sequence number and timestamps. */
static void
tp_conn_accept(struct tp_conn *c, uint64_t now, uint64_t v, const uint8_t *body,
    int *fresh)
{
	uint64_t seq = v & TP_SEQ_MASK;

	*fresh = seq >= c->expected_seq;
	if (!*fresh)
		return;
	c->expected_seq = seq + 1;
	tp_timing_receive(&c->timing, now, tp_get16(body), tp_get16(body + 2));
	c->last_heard = now;
}

/* Open one datagram: 1 with *out filled, 0 if accepted, -1 if dropped. */
int
tp_conn_receive(struct tp_conn *c, uint64_t now, const uint8_t *dgram,
    size_t len, struct tp_instruction *out, int *fresh)
{
	uint8_t body[TP_RECEIVE_MTU], nonce[TP_NONCE_LEN];
	struct tp_frag f;
	uint64_t v;
	ssize_t blen;
	int rv, isfresh;

	if (fresh != NULL)
		*fresh = 0;
	if (len < TP_MIN_DATAGRAM || len > TP_RECEIVE_MTU)
		return (tp_conn_drop(c, TP_DROP_SHORT));
	v = tp_get64(dgram);
	tp_crypto_nonce(nonce, v);
	blen = tp_crypto_open(c->crypto, nonce, NULL, 0, dgram + TP_SEQ_LEN,
	    len - TP_SEQ_LEN, body);
	if (blen < 0)
		return (tp_conn_drop(c, TP_DROP_AUTH));
	if (((v & TP_DIRECTION_BIT) != 0) == c->is_server)
		return (tp_conn_drop(c, TP_DROP_DIRECTION));
	if (blen < TP_TS_LEN + TP_FRAG_HDR)
		return (tp_conn_drop(c, TP_DROP_BODY));
	tp_frag_parse(body + TP_TS_LEN, (size_t)blen - TP_TS_LEN, &f);
	if (tp_reasm_check(c->reasm, &f) != 0) {
		tp_reasm_drop(c->reasm);
		return (tp_conn_drop(c, TP_DROP_FRAGMENT));
	}
	if ((rv = tp_reasm_add(c->reasm, &f, &c->zbuf)) == 1 &&
	    tp_conn_complete(c, out) != 1)
		return (-1);
	tp_conn_accept(c, now, v, body, &isfresh);
	if (fresh != NULL)
		*fresh = isfresh;
	return (rv);
}

/* The smoothed round-trip time in milliseconds. */
double
tp_conn_srtt(const struct tp_conn *c)
{
	return (c->timing.srtt);
}

/* The retransmission timeout in milliseconds. */
int
tp_conn_rto(const struct tp_conn *c)
{
	return (tp_timing_rto(&c->timing));
}

/* The frame interval in milliseconds. */
int
tp_conn_send_interval(const struct tp_conn *c)
{
	return (tp_timing_interval(&c->timing));
}

/* Choose the datagram size: small after EMSGSIZE, else the family's. */
void
tp_conn_set_mtu(struct tp_conn *c, int ipv6, int small)
{
	if (small)
		c->mtu = TP_MTU_SMALL;
	else
		c->mtu = ipv6 ? TP_MTU_IPV6 : TP_MTU_IPV4;
}

/* Datagrams dropped for one reason, or for all with TP_DROP_COUNT. */
unsigned long
tp_conn_drops(const struct tp_conn *c, enum tp_drop why)
{
	unsigned long n = 0;
	int i;

	if (why < TP_DROP_COUNT)
		return (c->drops[why]);
	for (i = 0; i < TP_DROP_COUNT; i++)
		n += c->drops[i];
	return (n);
}

/* When the last fresh accepted datagram arrived. */
uint64_t
tp_conn_last_heard(const struct tp_conn *c)
{
	return (c->last_heard);
}

/* Penalize the held timestamp of a datagram that carried ECN CE. */
void
tp_conn_congestion(struct tp_conn *c)
{
	tp_timing_congestion(&c->timing);
}

/* Copy out the connection's inner state. */
void
tp_conn_get_state(const struct tp_conn *c, struct tp_conn_state *st)
{
	memset(st, 0, sizeof *st);
	st->next_seq = c->next_seq;
	st->expected_seq = c->expected_seq;
	st->last_id = c->last_id;
	st->last_heard = c->last_heard;
	st->srtt = c->timing.srtt;
	st->rttvar = c->timing.rttvar;
	st->rtt_hit = c->timing.rtt_hit;
	st->saved_ts = c->timing.saved_ts;
	st->saved_ts_at = c->timing.saved_ts_at;
	st->mtu = c->mtu;
	tp_reasm_state(
	    c->reasm, &st->frag_id, &st->frag_count, &st->frag_bytes);
}
