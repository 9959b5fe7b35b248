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
 * A big paste over a lossy link: a client end sends a 20 000-byte paste
 * of random printable bytes to a server end through real tp_conn
 * datagrams (fragments, zlib, AES-OCB) over a fake link that loses 30 %
 * of them in each direction, with a fake clock.  The paste must reach
 * the server whole, in order and within a bounded simulated time (the
 * engine sends small steps while states go unacknowledged; resending the
 * whole paste as one 17-fragment state took 13-40 s here), and every
 * user state on the wire must keep to the chain rule of
 * ../shared/ssp-wire.md section 10 (one number, one length; a higher
 * number never holds fewer events).  A 1 MiB paste over a clean link
 * must stay fast.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/test.h"
#include "ssp/ssp.h"
#include "tests/ssp/ssp-test.h"

#define T0	  10000000ULL
#define MAX_NUM	  20000 /* client state numbers tracked */
#define MAX_PKT	  8192	/* datagrams in flight */
#define LOSSY_MAX 15000 /* ms for 20 000 bytes at 30 % loss */
#define LOSSY_SUM 60000 /* ms for the ten seeds together */
#define CLEAN_MAX 2000	/* ms for 1 MiB on a clean link */
#define RUN_MAX	  60000 /* ms, give up */
#define READ_SIZE 4095	/* bytes per push, as a pty read */

/* A datagram in flight. */
struct lp_pkt {
	uint64_t due;
	int to_server;
	uint8_t *data;
	size_t len;
};

/* One run: the link, both ends and what the server took. */
struct lp {
	uint64_t now;
	uint64_t rng;
	int loss;
	int to_server;
	struct lp_pkt pkt[MAX_PKT];
	size_t npkt;
	struct tp_conn *cconn;
	struct tp_conn *sconn;
	struct ssp *client;
	struct ssp *server;
	uint8_t *got;
	size_t ngot;
	size_t size;
	int64_t end[MAX_NUM]; /* events in client state n, -1 unknown */
	unsigned long chain_bad;
	unsigned long sent; /* client datagrams */
};

static uint64_t lp_rand(struct lp *);
static void lp_dgram(void *, const uint8_t *, size_t);
static void lp_chain(struct lp *, const struct tp_instruction *);
static void lp_send(void *, const struct tp_instruction *);
static void lp_take(struct lp *);
static void lp_deliver(struct lp *, const struct lp_pkt *);
static void lp_link(struct lp *);
static uint64_t lp_next(struct lp *);
static long lp_run(struct lp *, uint64_t, int, size_t);
static void lp_free(struct lp *);

/* Next pseudo-random number of the link (xorshift64*). */
static uint64_t
lp_rand(struct lp *l)
{
	l->rng ^= l->rng >> 12;
	l->rng ^= l->rng << 25;
	l->rng ^= l->rng >> 27;
	return ((l->rng * 0x2545f4914f6cdd1dULL) >> 11);
}

/* tp_send_cb: lose the datagram or queue it with 10-20 ms of delay. */
static void
lp_dgram(void *arg, const uint8_t *d, size_t len)
{
	struct lp *l = arg;
	struct lp_pkt *p;

	if (l->to_server)
		l->sent++;
	if ((int)(lp_rand(l) % 100) < l->loss || l->npkt == MAX_PKT)
		return;
	p = &l->pkt[l->npkt++];
	p->due = l->now + 10 + lp_rand(l) % 11;
	p->to_server = l->to_server;
	p->data = malloc(len);
	memcpy(p->data, d, len);
	p->len = len;
}

/* Check a client instruction against the chain rule. */
static void
lp_chain(struct lp *l, const struct tp_instruction *in)
{
	struct tp_message msg = { 0 };
	int64_t n = 0;
	size_t i;

	if (in->new_num >= MAX_NUM || in->old_num >= MAX_NUM ||
	    l->end[in->old_num] < 0) {
		l->chain_bad += in->new_num != UINT64_MAX;
		return;
	}
	if (in->diff.len != 0 &&
	    tp_message_decode(in->diff.data, in->diff.len, 0, &msg) != 0) {
		l->chain_bad++;
		return;
	}
	for (i = 0; i < msg.n; i++)
		n += msg.items[i].type == TP_ITEM_BYTES
		    ? (int64_t)msg.items[i].bytes.len
		    : 1;
	tp_message_free(&msg);
	n += l->end[in->old_num];
	if (l->end[in->new_num] >= 0 && l->end[in->new_num] != n)
		l->chain_bad++;
	l->end[in->new_num] = n;
	for (i = 0; i < MAX_NUM; i++) {
		if (l->end[i] >= 0 &&
		    ((i < in->new_num && l->end[i] > n) ||
			(i > in->new_num && l->end[i] < n)))
			l->chain_bad++;
	}
}

/* ssp_send_cb: an end sends an instruction through its tp_conn. */
static void
lp_send(void *arg, const struct tp_instruction *in)
{
	struct lp *l = arg;

	if (l->to_server) {
		lp_chain(l, in);
		tp_conn_send(l->cconn, l->now, in, lp_dgram, l);
	} else
		tp_conn_send(l->sconn, l->now, in, lp_dgram, l);
}

/* The server takes the new key bytes. */
static void
lp_take(struct lp *l)
{
	const struct ssp_user *u = ssp_remote(l->server);
	const struct ssp_event *ev;
	size_t n, i, off, k;

	n = ssp_user_events(u, l->ngot, &ev);
	for (i = 0; i < n; i++) {
		off = l->ngot > ev[i].index ? l->ngot - ev[i].index : 0;
		for (k = off; k < ev[i].len && l->ngot < l->size; k++)
			l->got[l->ngot++] = ev[i].keys[k];
	}
	ssp_remote_consumed(l->server);
}

/* Deliver one datagram to its end. */
static void
lp_deliver(struct lp *l, const struct lp_pkt *p)
{
	struct tp_instruction in;
	struct tp_conn *c = p->to_server ? l->sconn : l->cconn;
	struct ssp *s = p->to_server ? l->server : l->client;

	memset(&in, 0, sizeof in);
	if (tp_conn_receive(c, l->now, p->data, p->len, &in, NULL) == 1) {
		ssp_receive(s, l->now, &in);
		ssp_set_timing(s, tp_conn_srtt(c), tp_conn_rto(c));
	}
	tp_instruction_free(&in);
	if (p->to_server)
		lp_take(l);
}

/* Deliver every datagram due by now, oldest first. */
static void
lp_link(struct lp *l)
{
	struct lp_pkt p;
	size_t i, best;

	for (;;) {
		best = l->npkt;
		for (i = 0; i < l->npkt; i++) {
			if (l->pkt[i].due <= l->now &&
			    (best == l->npkt ||
				l->pkt[i].due < l->pkt[best].due))
				best = i;
		}
		if (best == l->npkt)
			return;
		p = l->pkt[best];
		l->pkt[best] = l->pkt[--l->npkt];
		lp_deliver(l, &p);
		free(p.data);
	}
}

/* The next time anything happens. */
static uint64_t
lp_next(struct lp *l)
{
	uint64_t t, v;
	size_t i;

	t = l->now + ssp_wait_time(l->client, l->now);
	v = l->now + ssp_wait_time(l->server, l->now);
	t = v < t ? v : t;
	for (i = 0; i < l->npkt; i++)
		t = l->pkt[i].due < t ? l->pkt[i].due : t;
	return (t > l->now ? t : l->now + 1);
}

/* Paste size bytes (seeded) at loss percent; the ms until the server
 * has them all, or -1. */
static long
lp_run(struct lp *l, uint64_t seed, int loss, size_t size)
{
	struct tp_key key;
	uint8_t *paste;
	size_t i, n;
	long result = -1;

	memset(l, 0, sizeof *l);
	memset(key.bytes, (int)seed, sizeof key.bytes);
	memset(l->end, 0xff, sizeof l->end);
	l->end[0] = 0;
	l->rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	l->loss = loss;
	l->now = T0;
	l->size = size;
	l->got = malloc(size);
	l->cconn = tp_conn_new(&key, 0);
	l->sconn = tp_conn_new(&key, 1);
	l->client =
	    ssp_new(&ssp_user_ops, ssp_user_new(), &reg_ops, reg_new(0), 0, T0);
	l->server =
	    ssp_new(&reg_ops, reg_new(0), &ssp_user_ops, ssp_user_new(), 1, T0);
	ssp_set_seed(l->client, seed + 1);
	ssp_set_seed(l->server, seed + 2);
	paste = malloc(size);
	for (i = 0; i < size; i++)
		paste[i] = 33 + lp_rand(l) % 94;
	for (i = 0; i < size; i += n) {
		n = size - i < READ_SIZE ? size - i : READ_SIZE;
		ssp_user_push_keys(ssp_local(l->client), paste + i, n);
	}
	ssp_changed(l->client, T0);
	while (l->now < T0 + RUN_MAX) {
		lp_link(l);
		if (l->ngot == size) {
			result = (long)(l->now - T0);
			break;
		}
		l->to_server = 1;
		ssp_tick(l->client, l->now, lp_send, l);
		l->to_server = 0;
		ssp_tick(l->server, l->now, lp_send, l);
		l->now = lp_next(l);
	}
	if (memcmp(l->got, paste, l->ngot) != 0)
		l->chain_bad++;
	free(paste);
	return (result);
}

/* Free what one run made. */
static void
lp_free(struct lp *l)
{
	size_t i;

	for (i = 0; i < l->npkt; i++)
		free(l->pkt[i].data);
	free(l->got);
	ssp_free(l->client);
	ssp_free(l->server);
	tp_conn_free(l->cconn);
	tp_conn_free(l->sconn);
}

/* Paste over a 30 % lossy link for several seeds, then over a clean one. */
int
main(int argc, char **argv)
{
	static struct lp l;
	uint64_t seed, nseeds = argc > 1 ? strtoull(argv[1], NULL, 10) : 10;
	char what[256];
	long t, sum = 0;

	for (seed = 1; seed <= nseeds; seed++) {
		t = lp_run(&l, seed, 30, 20000);
		snprintf(what, sizeof what,
		    "seed %llu: 20000 bytes at 30 %% loss arrive in %ld ms "
		    "(%lu datagrams)",
		    (unsigned long long)seed, t, l.sent);
		CHECK(t >= 0 && t <= LOSSY_MAX, what);
		CHECK_INT(l.chain_bad, 0, "in order, one growing chain");
		sum += t >= 0 ? t : RUN_MAX;
		lp_free(&l);
	}
	snprintf(what, sizeof what, "all %llu seeds in %ld ms (at most %d)",
	    (unsigned long long)nseeds, sum, LOSSY_SUM);
	CHECK(nseeds != 10 || sum <= LOSSY_SUM, what);
	t = lp_run(&l, 1, 0, 1024 * 1024);
	snprintf(what, sizeof what,
	    "1 MiB on a clean link arrives in %ld ms (%lu datagrams)", t,
	    l.sent);
	CHECK(t >= 0 && t <= CLEAN_MAX, what);
	CHECK_INT(l.chain_bad, 0, "in order, one growing chain");
	lp_free(&l);
	return (test_done());
}
