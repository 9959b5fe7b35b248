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
 * The SSP engine with a fake state type (a number): first contact,
 * heartbeats, delayed ack, retransmission cadence, prospective resend,
 * the sent-state cap, the receiver's duplicate, replay, reorder,
 * throwaway and quench rules, and the shutdown handshake.
 */

#include <stdint.h>
#include <stdio.h>

#include "tests/test.h"
#include "ssp/ssp-internal.h"
#include "tests/ssp/ssp-test.h"

#define T0 1000000ULL

static void mkinst(struct tp_instruction *in, uint64_t old_num,
    uint64_t new_num, uint64_t ack, uint64_t throwaway, int has_value,
    uint64_t value);
static void feed(struct ssp *s, uint64_t now, uint64_t old_num,
    uint64_t new_num, uint64_t ack, uint64_t throwaway, int has_value,
    uint64_t value);
static struct ssp *mkend(int is_server, uint64_t v);
static void set_local(struct ssp *s, uint64_t v, uint64_t now);
static void test_heartbeat(void);
static void test_first_state(void);
static void test_delayed_ack(void);
static void test_retransmit(void);
static void test_prospective(void);
static void test_sent_cap(void);
static void test_receiver(void);
static void test_replay(void);
static void test_quench(void);
static void deliver(struct capq *q, size_t *from, struct ssp *s, uint64_t now);
static void pair_run(struct ssp *a, struct ssp *b, struct capq *qa,
    struct capq *qb, uint64_t start, uint64_t end);
static void shutdown_pair(int client_first);
static void test_shutdown_expiry(void);
static void test_big_paste(int pushes);

/* An instruction from the peer, optionally carrying a number. */
static void
mkinst(struct tp_instruction *in, uint64_t old_num, uint64_t new_num,
    uint64_t ack, uint64_t throwaway, int has_value, uint64_t value)
{
	struct reg from = { value + 1 }, to = { value };

	memset(in, 0, sizeof *in);
	in->protocol_version = 2;
	in->old_num = old_num;
	in->new_num = new_num;
	in->ack_num = ack;
	in->throwaway_num = throwaway;
	if (has_value)
		reg_diff(&from, &to, &in->diff);
}

/* Hand a crafted instruction to an end. */
static void
feed(struct ssp *s, uint64_t now, uint64_t old_num, uint64_t new_num,
    uint64_t ack, uint64_t throwaway, int has_value, uint64_t value)
{
	struct tp_instruction in;

	mkinst(&in, old_num, new_num, ack, throwaway, has_value, value);
	ssp_receive(s, now, &in);
	tp_instruction_free(&in);
}

/* An end with fake states on both sides and a fixed chaff seed. */
static struct ssp *
mkend(int is_server, uint64_t v)
{
	struct ssp *s;

	s = ssp_new(&reg_ops, reg_new(v), &reg_ops, reg_new(0), is_server, T0);
	ssp_set_seed(s, 42);
	return (s);
}

/* Change the local fake state and tell the end. */
static void
set_local(struct ssp *s, uint64_t v, uint64_t now)
{
	((struct reg *)ssp_local(s))->v = v;
	ssp_changed(s, now);
}

/* First instruction at once, then a heartbeat with a new number every 3 s. */
static void
test_heartbeat(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0);
	size_t i;
	int ok = 1;

	CHECK_INT(ssp_wait_time(a, T0), 0, "first ack is due at once");
	capq_run(&q, a, T0, T0 + 9500);
	CHECK_INT(q.n, 4, "instructions at 0, 3, 6, 9 s");
	for (i = 0; i < q.n && i < 4; i++) {
		ok &= q.time[i] == T0 + 3000 * i;
		ok &= q.in[i].new_num == i + 1 && q.in[i].old_num == 0;
		ok &= q.in[i].ack_num == 0 && q.in[i].throwaway_num == 0;
		ok &= q.in[i].diff.len == 0 && q.in[i].protocol_version == 2;
	}
	CHECK(ok, "heartbeats: new numbers 1..4, empty, every 3000 ms");
	CHECK_INT(q.bad, 0, "instructions round-trip, chaff <= 16 bytes");
	CHECK_INT(ssp_wait_time(a, T0 + 9000), 3000, "wait_time is 3000");
	CHECK_INT(ssp_sent_num(a), 4, "ssp_sent_num");
	ssp_set_local(a, reg_new(5), T0 + 9001);
	capq_tick(&q, a, T0 + 9251);
	CHECK(q.n == 5 && q.in[4].new_num == 5 && q.in[4].diff.len == 8,
	    "ssp_set_local: the new state is sent");
	capq_free(&q);
	ssp_free(a);
}

/* Unheard, the first state goes at once, then again only every 3 s. */
static void
test_first_state(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0);
	size_t i;
	int ok = 1;

	set_local(a, 7, T0);
	capq_run(&q, a, T0, T0 + 6500);
	CHECK_INT(q.n, 3, "unheard: sends at 0, 3, 6 s");
	for (i = 0; i < q.n && i < 3; i++) {
		ok &= q.time[i] == T0 + 3000 * i;
		ok &= q.in[i].new_num == 1 && q.in[i].old_num == 0;
		ok &= q.in[i].diff.len == 8;
	}
	CHECK(ok, "the same state 1 each time, against state 0");
	capq_free(&q);
	ssp_free(a);
}

/* A new peer state with data is acked within 100 ms. */
static void
test_delayed_ack(void)
{
	struct capq q = { 0 };
	struct ssp *b = mkend(1, 0);

	capq_tick(&q, b, T0);
	CHECK_INT(q.n, 1, "server's first ack at once");
	feed(b, T0 + 500, 0, 1, 0, 0, 1, 5);
	CHECK_INT(ssp_remote_num(b), 1, "state 1 applied");
	CHECK_INT(((const struct reg *)ssp_remote(b))->v, 5, "value 5");
	CHECK_INT(ssp_last_heard(b), T0 + 500, "last heard");
	CHECK_INT(ssp_wait_time(b, T0 + 500), 100, "ack due in 100 ms");
	capq_tick(&q, b, T0 + 599);
	CHECK_INT(q.n, 1, "nothing at 99 ms");
	capq_tick(&q, b, T0 + 600);
	CHECK_INT(q.n, 2, "ack at 100 ms");
	CHECK_INT(q.in[1].ack_num, 1, "acks state 1");
	CHECK_INT(q.in[1].new_num, 2, "with a new number");
	CHECK_INT(q.in[1].diff.len, 0, "and no diff");
	/* An empty peer state is not acked early. */
	feed(b, T0 + 700, 1, 2, 0, 0, 0, 0);
	CHECK_INT(ssp_wait_time(b, T0 + 700), 2900, "empty diff: no early ack");
	/* After a silence longer than a heartbeat (the peer was stopped or
	 * cut off), even an empty state is acked at once, so the peer's
	 * "Last reply" notice clears within one round trip. */
	capq_run(&q, b, T0 + 700, T0 + 19990);
	feed(b, T0 + 20000, 2, 3, q.in[q.n - 1].new_num, 0, 0, 0);
	CHECK_INT(ssp_wait_time(b, T0 + 20000), 100,
	    "empty state after 19 s of silence: ack due in 100 ms");
	capq_free(&q);
	ssp_free(b);
}

/* Resend RTO + 100 ms after the last send, then every frame interval
 * while the peer was heard within 10 s. */
static void
test_retransmit(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0);
	uint64_t s0;
	size_t i, n = 0;
	int ok = 1;

	capq_tick(&q, a, T0);
	feed(a, T0 + 10, 0, 1, 1, 0, 0, 0);
	ssp_set_timing(a, 100, 200); /* interval 50, RTO 200 */
	s0 = T0 + 1000;
	set_local(a, 9, s0);
	capq_run(&q, a, s0, s0 + 100);
	CHECK_INT(q.n, 2, "data sent");
	CHECK_INT(q.time[1], s0 + 1, "after the 1 ms client collection delay");
	CHECK(q.in[1].new_num == 2 && q.in[1].old_num == 1, "state 2 on 1");
	set_local(a, 10, s0 + 100);
	capq_run(&q, a, s0 + 100, s0 + 9000);
	CHECK(q.n > 100, "retransmissions");
	CHECK_INT(q.time[2], s0 + 101, "state 3 after the collection delay");
	CHECK(q.in[2].new_num == 3 && q.in[2].old_num == 1,
	    "state 3 on the known state (same size as on the assumed 2)");
	CHECK_INT(q.time[3], s0 + 101 + 300, "first resend RTO + 100 later");
	for (i = 3; i < q.n; i++) {
		ok &= q.time[i] == s0 + 401 + 50 * (i - 3);
		ok &= q.in[i].new_num == 3 && q.in[i].old_num == 1;
		ok &= q.in[i].diff.len == 8 && q.in[i].throwaway_num == 1;
	}
	CHECK(ok, "then every 50 ms, state 3 against the acked state 1");
	/* Ten seconds after the peer was last heard, only heartbeats. */
	capq_clear(&q);
	capq_run(&q, a, s0 + 9000, s0 + 20000);
	for (i = 0; i < q.n; i++)
		n += q.time[i] >= T0 + 10 + 10000;
	CHECK(n >= 3 && n <= 4 && n == q.n - 1,
	    "after 10 s of silence only the 3 s timer");
	feed(a, s0 + 20000, 1, 2, 3, 1, 0, 0);
	CHECK(ssp_acked(a), "ack of state 3 acknowledges everything");
	CHECK_INT(ssp_last_roundtrip_success(a), q.time[q.n - 1],
	    "last round-trip success: send time of state 3");
	capq_free(&q);
	ssp_free(a);
}

/* A diff against the known state is preferred when it costs no more. */
static void
test_prospective(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0);

	capq_tick(&q, a, T0);
	feed(a, T0 + 10, 0, 1, 1, 0, 0, 0);
	ssp_set_timing(a, 100, 200);
	set_local(a, 1, T0 + 100);
	capq_run(&q, a, T0 + 100, T0 + 150);
	CHECK(q.n == 2 && q.in[1].old_num == 1, "state 2 on known state 1");
	set_local(a, 2, T0 + 200);
	capq_run(&q, a, T0 + 200, T0 + 250);
	CHECK(q.n == 3 && q.in[2].new_num == 3, "state 3 sent");
	CHECK(q.n == 3 && q.in[2].old_num == 1,
	    "prospective resend: on the known state 1, not the assumed 2");
	capq_free(&q);
	ssp_free(a);
}

/* The sent list keeps at most 32 states, the known one first. */
static void
test_sent_cap(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(1, 0);
	uint64_t now = T0;
	int i, ok = 1;

	for (i = 1; i <= 60; i++) {
		set_local(a, i, now);
		capq_run(&q, a, now, now + 300);
		now += 300;
		ok &= a->nsent <= SSP_SENT_MAX;
	}
	CHECK(ok, "never more than 32 sent states");
	CHECK_INT(a->sent[0].num, 0, "the known state stays first");
	CHECK_INT(a->sent[a->nsent - 1].num, q.in[q.n - 1].new_num,
	    "the last sent state is last");
	feed(a, now, 0, 1, q.in[q.n - 1].new_num, 0, 0, 0);
	CHECK_INT(a->nsent, 1, "acking the newest leaves one");
	capq_free(&q);
	ssp_free(a);
}

/* Duplicates, replays, reordering and unknown references. */
static void
test_receiver(void)
{
	struct ssp *b = mkend(1, 0);
	struct tp_instruction in;

	feed(b, T0, 0, 1, 0, 0, 1, 11);
	feed(b, T0 + 1, 1, 3, 0, 0, 1, 33);
	CHECK_INT(ssp_remote_num(b), 3, "state 3");
	feed(b, T0 + 2, 1, 2, 0, 0, 1, 22);
	CHECK_INT(ssp_remote_num(b), 3, "late state 2 is not the newest");
	CHECK_INT(b->ack_num, 3, "ack stays 3");
	CHECK_INT(b->nheld, 4, "but it is held");
	feed(b, T0 + 3, 2, 3, 0, 0, 1, 99);
	CHECK_INT(((const struct reg *)ssp_remote(b))->v, 33,
	    "a duplicate new_num changes nothing");
	feed(b, T0 + 4, 7, 8, 0, 0, 1, 88);
	CHECK_INT(ssp_remote_num(b), 3, "unknown old_num ignored");
	mkinst(&in, 3, 4, 0, 0, 1, 44);
	in.protocol_version = 3;
	ssp_receive(b, T0 + 5, &in);
	CHECK_INT(ssp_remote_num(b), 3, "version 3 ignored");
	tp_instruction_free(&in);
	mkinst(&in, 3, 4, 0, 0, 0, 0);
	tp_buf_add(&in.diff, "bad", 3);
	ssp_receive(b, T0 + 6, &in);
	CHECK_INT(ssp_remote_num(b), 3, "malformed diff ignored");
	CHECK_INT(ssp_dropped(b), 2, "two dropped");
	tp_instruction_free(&in);
	/* Throwaway. */
	feed(b, T0 + 7, 3, 4, 0, 2, 1, 44);
	CHECK(b->nheld == 3 && b->held[0].num == 2, "throwaway 2 drops 0, 1");
	feed(b, T0 + 8, 4, 5, 0, 1000, 1, 55);
	CHECK(b->nheld == 2 && b->held[0].num == 4,
	    "throwaway above old_num: only states below old_num go");
	CHECK_INT(((const struct reg *)ssp_remote(b))->v, 55, "state 5 = 55");
	feed(b, T0 + 9, 3, 6, 0, 0, 1, 66);
	CHECK_INT(ssp_remote_num(b), 5, "discarded reference: ignored");
	feed(b, T0 + 10, 5, 6, 0, UINT64_MAX, 0, 0);
	CHECK(b->nheld == 2 && ssp_remote_num(b) == 6,
	    "throwaway 2^64-1 keeps the reference");
	feed(b, T0 + 11, 6, 7, 0, 7, 0, 0);
	CHECK(b->nheld >= 1 && ssp_remote_num(b) == 7, "never empty");
	ssp_free(b);
}

/* Replaying every instruction of a session changes nothing. */
static void
test_replay(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0), *b = mkend(1, 0);
	uint64_t now = T0, num, v, ack;
	size_t i, j, k;
	int ok = 1;

	for (i = 0; i < 20; i++) {
		set_local(a, i * 7, now);
		capq_run(&q, a, now, now + 400);
		now += 400;
	}
	for (i = 0; i < q.n; i++)
		ssp_receive(b, now, &q.in[i]);
	num = ssp_remote_num(b);
	v = ((const struct reg *)ssp_remote(b))->v;
	ack = b->ack_num;
	CHECK_INT(v, 19 * 7, "the receiver has the last value");
	for (k = 0; k < 3; k++) {
		for (i = 0; i < q.n; i++) {
			j = (i * 7919 + k * 13) % q.n;
			ssp_receive(b, now + 1 + k, &q.in[j]);
		}
		ok &= ssp_remote_num(b) == num && b->ack_num == ack;
		ok &= ((const struct reg *)ssp_remote(b))->v == v;
	}
	CHECK(ok, "replayed in any order: state, number and ack unchanged");
	capq_free(&q);
	ssp_free(a);
	ssp_free(b);
}

/* More than 1024 held states: one more per 15 s. */
static void
test_quench(void)
{
	struct ssp *b = mkend(1, 0);
	uint64_t i;

	for (i = 1; i <= 1100; i++)
		feed(b, T0 + i, 0, i, 0, 0, 1, i);
	CHECK_INT(b->nheld, 1026, "1025 held, then one more starts the quench");
	CHECK_INT(ssp_dropped(b), 1100 - 1025, "the rest dropped");
	feed(b, T0 + 15000, 0, 2000, 0, 0, 1, 1);
	CHECK_INT(b->nheld, 1026, "still quenched");
	feed(b, T0 + 1026 + 15000, 0, 2001, 0, 0, 1, 1);
	CHECK_INT(b->nheld, 1027, "one more after 15 s");
	feed(b, T0 + 20000, 2001, 2002, 0, 2001, 1, 1);
	CHECK_INT(b->nheld, 2, "throwaway clears them");
	ssp_free(b);
}

/* Deliver everything q holds from index *from to s. */
static void
deliver(struct capq *q, size_t *from, struct ssp *s, uint64_t now)
{
	for (; *from < q->n; (*from)++)
		ssp_receive(s, now, &q->in[*from]);
}

/* Run two ends over a perfect link until both are done or time is up. */
static void
pair_run(struct ssp *a, struct ssp *b, struct capq *qa, struct capq *qb,
    uint64_t start, uint64_t end)
{
	size_t da = qa->n, db = qb->n;
	uint64_t now = start;
	int wa, wb;

	while (now < end) {
		capq_tick(qa, a, now);
		capq_tick(qb, b, now);
		deliver(qa, &da, b, now);
		deliver(qb, &db, a, now);
		if (ssp_shutdown_acked(a) || ssp_shutdown_acked(b))
			break;
		wa = ssp_wait_time(a, now);
		wb = ssp_wait_time(b, now);
		now += (wa < wb ? wa : wb) > 0 ? (wa < wb ? wa : wb) : 1;
	}
}

/* The shutdown handshake, one initiator. */
static void
shutdown_pair(int client_first)
{
	struct capq qa = { 0 }, qb = { 0 };
	struct ssp *a = mkend(!client_first, 1), *b = mkend(client_first, 2);
	char what[128];
	size_t i;
	int ok = 1;

	pair_run(a, b, &qa, &qb, T0, T0 + 1000);
	ssp_start_shutdown(a, T0 + 1000);
	CHECK(ssp_shutdown_in_progress(a), "shutdown in progress");
	pair_run(a, b, &qa, &qb, T0 + 1000, T0 + 3000);
	snprintf(what, sizeof what, "%s initiates: peer sees it",
	    client_first ? "client" : "server");
	CHECK(ssp_peer_shutdown(b), what);
	CHECK(ssp_peer_shutdown_acked(b), "peer sent its ack of 2^64-1");
	CHECK(ssp_shutdown_acked(a), "initiator got the ack");
	CHECK(!ssp_shutdown_expired(a, T0 + 3000), "clean, not expired");
	for (i = 0; i < qa.n; i++) {
		if (qa.time[i] >= T0 + 1000)
			ok &= qa.in[i].new_num == UINT64_MAX;
	}
	CHECK(ok, "every instruction after the start is 2^64-1");
	CHECK(qb.n > 0 && qb.in[qb.n - 1].ack_num == UINT64_MAX &&
		qb.in[qb.n - 1].new_num != UINT64_MAX,
	    "peer acks with a normal number");
	capq_free(&qa);
	capq_free(&qb);
	ssp_free(a);
	ssp_free(b);
}

/* Shutdown without a peer: 16 tries, or 10 s. */
static void
test_shutdown_expiry(void)
{
	struct capq q = { 0 };
	struct ssp *a = mkend(0, 0);
	size_t i, n = 0;
	uint64_t now = T0 + 100;

	capq_tick(&q, a, T0);
	ssp_start_shutdown(a, now);
	while (!ssp_shutdown_expired(a, now) && now < T0 + 20000) {
		capq_tick(&q, a, now);
		now += ssp_wait_time(a, now) > 0 ? ssp_wait_time(a, now) : 1;
	}
	for (i = 0; i < q.n; i++)
		n += q.in[i].new_num == UINT64_MAX;
	CHECK_INT(n, 16, "16 shutdown instructions");
	CHECK_INT(q.time[q.n - 1], T0 + 4000, "every 250 ms: the 16th at 4 s");
	CHECK(!ssp_shutdown_acked(a), "not acked");
	capq_free(&q);
	ssp_free(a);
	a = mkend(0, 0);
	ssp_start_shutdown(a, T0);
	CHECK(!ssp_shutdown_expired(a, T0 + 9999), "not expired at 9.999 s");
	CHECK(ssp_shutdown_expired(a, T0 + 10000), "expired at 10 s");
	ssp_free(a);
}

/* A 1 MiB paste (one push, then many) goes in steps of at most 256 KiB,
 * in order, and arrives whole. */
static void
test_big_paste(int pushes)
{
	struct capq qa = { 0 }, qb = { 0 };
	struct ssp *a, *b;
	const struct ssp_event *ev;
	uint8_t *paste, *got;
	size_t n = 1024 * 1024 + 17, i, k, da = 0, db = 0, maxlen = 0, ngot = 0;
	uint64_t now = T0;
	char what[128];

	a = ssp_new(&ssp_user_ops, ssp_user_new(), &reg_ops, reg_new(0), 0, T0);
	b = ssp_new(&reg_ops, reg_new(0), &ssp_user_ops, ssp_user_new(), 1, T0);
	paste = malloc(n);
	got = malloc(n);
	for (i = 0; i < n; i++)
		paste[i] = 'a' + (i * 7) % 26;
	for (i = 0; i < (size_t)pushes; i++)
		ssp_user_push_keys(ssp_local(a), paste + n / pushes * i,
		    i + 1 == (size_t)pushes ? n - n / pushes * i : n / pushes);
	ssp_changed(a, now);
	while (now < T0 + 20000 && !ssp_acked(a)) {
		capq_tick(&qa, a, now);
		capq_tick(&qb, b, now);
		deliver(&qa, &da, b, now);
		deliver(&qb, &db, a, now);
		now += 10;
	}
	for (i = 0; i < qa.n; i++) {
		if (qa.in[i].diff.len > maxlen)
			maxlen = qa.in[i].diff.len;
	}
	snprintf(what, sizeof what, "%d push(es): every diff <= 256 KiB + 64",
	    pushes);
	CHECK(maxlen <= 256 * 1024 + 64, what);
	CHECK(ssp_acked(a), "the whole paste is acknowledged");
	k = ssp_user_events(ssp_remote(b), 0, &ev);
	for (i = 0; i < k; i++) {
		if (ev[i].type == SSP_EVENT_KEYS && ngot + ev[i].len <= n) {
			memcpy(got + ngot, ev[i].keys, ev[i].len);
			ngot += ev[i].len;
		}
	}
	CHECK(ngot == n && memcmp(got, paste, n) == 0,
	    "the server has every byte once, in order");
	free(paste);
	free(got);
	capq_free(&qa);
	capq_free(&qb);
	ssp_free(a);
	ssp_free(b);
}

/* Run the engine tests. */
int
main(void)
{
	test_heartbeat();
	test_first_state();
	test_delayed_ack();
	test_retransmit();
	test_prospective();
	test_sent_cap();
	test_receiver();
	test_replay();
	test_quench();
	shutdown_pair(1);
	shutdown_pair(0);
	test_shutdown_expiry();
	test_big_paste(1);
	test_big_paste(1000);
	return (test_done());
}
