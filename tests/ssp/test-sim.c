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
 * Simulation: a client end (user stream out, host screen in) and a
 * server end (the opposite) joined through real tp_conn datagrams
 * (fragments, zlib, AES-OCB) over a fake link that drops, duplicates,
 * reorders and delays them, with a fake clock.  The server echoes the
 * keystrokes into its terminal and makes other screen changes; the client
 * types and resizes.  After the link heals, within bounded time, the
 * client's newest screen must equal the server's and every keystroke must
 * have arrived once, in order.  Every instruction is checked against the
 * must-nots of ../shared/ssp-wire.md section 12 on the way.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/test.h"
#include "ssp/ssp.h"
#include "tests/ssp/ssp-test.h"

#define T0	 10000000ULL
#define LOSSY_MS 15000 /* activity over the bad link */
#define HEAL_MS	 40000 /* bound for convergence after the heal */
#define MAX_LOG	 65536

/* A datagram in flight. */
struct pkt {
	uint64_t due;
	int to_server;
	uint8_t *data;
	size_t len;
};

struct link {
	struct pkt *p;
	size_t n;
	size_t size;
	uint64_t rng;
	int loss;  /* percent */
	int dup;   /* percent */
	int delay; /* ms, maximum */
	unsigned long sent;
	unsigned long dropped;
};

/* One simulated session. */
struct sim {
	uint64_t now;
	struct link link;
	struct tp_conn *cconn;
	struct tp_conn *sconn;
	struct ssp *client;
	struct ssp *server;
	struct ssp_echo *echo;
	uint64_t consumed; /* user events the server has taken */
	char typed[MAX_LOG];
	size_t ntyped;
	char got[MAX_LOG];
	size_t ngot;
	uint64_t last_echo;	/* newest echo-ack the client has seen */
	int to_server;		/* direction of the datagrams being sent */
	unsigned long queries;	/* HostBytes holding a query */
	unsigned long badsize;	/* a Resize below 1 */
	unsigned long badthrow; /* throwaway_num above old_num */
	unsigned long badecho;	/* the client saw echo-ack go down */
	unsigned long replies;	/* HostBytes that made an emulator reply */
	size_t maxdiff;
	uint64_t in_num[MAX_LOG];  /* client states with input ... */
	uint64_t in_time[MAX_LOG]; /* ... and when the server applied them */
	size_t nin;
	int loss; /* the link before the heal */
	int dup;
};

static uint64_t sim_rand(struct link *l);
static void link_queue(
    struct link *l, uint64_t now, int to_server, const uint8_t *d, size_t len);
static void sim_dgram(void *arg, const uint8_t *d, size_t len);
static void sim_reply(void *arg, const char *buf, size_t len);
static void check_echo(struct sim *sm, uint64_t num);
static void check_host_diff(struct sim *sm, const struct tp_buf *diff);
static void sim_send(void *arg, const struct tp_instruction *inst);
static void server_take(struct sim *sm);
static void sim_deliver(struct sim *sm, const struct pkt *p);
static void link_run(struct sim *sm);
static uint64_t link_next(const struct link *l);
static void sim_act(struct sim *sm);
static int screens_equal(const struct emu *a, const struct emu *b);
static int sim_converged(struct sim *sm);
static void sim_tick(struct sim *sm);
static uint64_t sim_next(struct sim *sm, uint64_t act);
static long sim_run(uint64_t seed, struct sim *sm);
static int sim_shutdown(struct sim *sm, uint64_t seed);
static void sim_free(struct sim *sm);

/* Next pseudo-random number of the link (xorshift64*). */
static uint64_t
sim_rand(struct link *l)
{
	l->rng ^= l->rng >> 12;
	l->rng ^= l->rng << 25;
	l->rng ^= l->rng >> 27;
	return ((l->rng * 0x2545f4914f6cdd1dULL) >> 11);
}

/* Queue one copy of a datagram with a random delay. */
static void
link_queue(
    struct link *l, uint64_t now, int to_server, const uint8_t *d, size_t len)
{
	struct pkt *p;

	if (l->n == l->size) {
		l->size = l->size ? l->size * 2 : 64;
		l->p = realloc(l->p, l->size * sizeof *l->p);
	}
	p = &l->p[l->n++];
	p->due = now + (l->delay ? sim_rand(l) % (l->delay + 1) : 0);
	p->to_server = to_server;
	p->data = malloc(len);
	memcpy(p->data, d, len);
	p->len = len;
}

/* tp_send_cb: a datagram leaves one end. */
static void
sim_dgram(void *arg, const uint8_t *d, size_t len)
{
	struct sim *sm = arg;
	struct link *l = &sm->link;

	l->sent++;
	if ((int)(sim_rand(l) % 100) < l->loss) {
		l->dropped++;
		return;
	}
	link_queue(l, sm->now, sm->to_server, d, len);
	if ((int)(sim_rand(l) % 100) < l->dup)
		link_queue(l, sm->now, sm->to_server, d, len);
}

/* Emulator reply callback: count replies (a query reached the client). */
static void
sim_reply(void *arg, const char *buf, size_t len)
{
	struct sim *sm = arg;

	sm->replies++;
}

/* An EchoAck must name a client state with input applied >= 50 ms ago. */
static void
check_echo(struct sim *sm, uint64_t num)
{
	size_t i;

	for (i = sm->nin; i > 0; i--) {
		if (sm->in_num[i - 1] == num) {
			if (sm->now < sm->in_time[i - 1] + 50)
				sm->badecho++;
			return;
		}
	}
	sm->badecho++;
}

/* Check one server instruction's HostMessage against the must-nots. */
static void
check_host_diff(struct sim *sm, const struct tp_buf *diff)
{
	struct tp_message msg = { 0 };
	struct emu *e;
	size_t i;

	if (diff->len > sm->maxdiff)
		sm->maxdiff = diff->len;
	if (diff->len == 0)
		return;
	if (tp_message_decode(diff->data, diff->len, 1, &msg) != 0) {
		sm->queries++;
		return;
	}
	for (i = 0; i < msg.n; i++) {
		if (msg.items[i].type == TP_ITEM_ECHOACK)
			check_echo(sm, msg.items[i].echo_ack);
		if (msg.items[i].type == TP_ITEM_RESIZE &&
		    (msg.items[i].width < 1 || msg.items[i].height < 1))
			sm->badsize++;
		if (msg.items[i].type != TP_ITEM_BYTES)
			continue;
		if (has_query(msg.items[i].bytes.data, msg.items[i].bytes.len))
			sm->queries++;
		e = emu_new(80, 24, 0);
		emu_set_reply(e, sim_reply, sm);
		emu_write(e, msg.items[i].bytes.data, msg.items[i].bytes.len);
		emu_free(e);
	}
	tp_message_free(&msg);
}

/* ssp_send_cb: an end sends an instruction through its tp_conn. */
static void
sim_send(void *arg, const struct tp_instruction *inst)
{
	struct sim *sm = arg;

	if (inst->throwaway_num > inst->old_num)
		sm->badthrow++;
	if (sm->to_server)
		tp_conn_send(sm->cconn, sm->now, inst, sim_dgram, sm);
	else {
		check_host_diff(sm, &inst->diff);
		tp_conn_send(sm->sconn, sm->now, inst, sim_dgram, sm);
	}
}

/* The server takes the new user events: keys are echoed as text. */
static void
server_take(struct sim *sm)
{
	const struct ssp_user *u = ssp_remote(sm->server);
	struct emu *e = ssp_host_emu(ssp_local(sm->server));
	const struct ssp_event *ev;
	size_t n, i, off, k;

	if (ssp_user_end(u) <= sm->consumed)
		return;
	n = ssp_user_events(u, sm->consumed, &ev);
	for (i = 0; i < n; i++) {
		if (ev[i].type == SSP_EVENT_RESIZE) {
			emu_resize(e, ev[i].width, ev[i].height);
			continue;
		}
		off =
		    sm->consumed > ev[i].index ? sm->consumed - ev[i].index : 0;
		for (k = off; k < ev[i].len && sm->ngot < MAX_LOG; k++)
			sm->got[sm->ngot++] = ev[i].keys[k];
		emu_write(e, ev[i].keys + off, ev[i].len - off);
	}
	sm->consumed = ssp_user_end(u);
	ssp_remote_consumed(sm->server);
	ssp_echo_record(sm->echo, ssp_remote_num(sm->server), sm->now);
	if (sm->nin < MAX_LOG) {
		sm->in_num[sm->nin] = ssp_remote_num(sm->server);
		sm->in_time[sm->nin++] = sm->now;
	}
	ssp_changed(sm->server, sm->now);
}

/* Deliver one datagram to its end. */
static void
sim_deliver(struct sim *sm, const struct pkt *p)
{
	struct tp_instruction in;
	struct tp_conn *c = p->to_server ? sm->sconn : sm->cconn;
	struct ssp *s = p->to_server ? sm->server : sm->client;
	const struct ssp_host *h;

	memset(&in, 0, sizeof in);
	if (tp_conn_receive(c, sm->now, p->data, p->len, &in, NULL) == 1) {
		ssp_receive(s, sm->now, &in);
		ssp_set_timing(s, tp_conn_srtt(c), tp_conn_rto(c));
	}
	tp_instruction_free(&in);
	if (p->to_server) {
		server_take(sm);
		return;
	}
	h = ssp_remote(sm->client);
	if (ssp_host_echo_ack(h) < sm->last_echo)
		sm->badecho++;
	sm->last_echo = ssp_host_echo_ack(h);
}

/* Deliver every datagram due by now, in due order. */
static void
link_run(struct sim *sm)
{
	struct link *l = &sm->link;
	struct pkt p;
	size_t i, best;

	for (;;) {
		best = l->n;
		for (i = 0; i < l->n; i++) {
			if (l->p[i].due <= sm->now &&
			    (best == l->n || l->p[i].due < l->p[best].due))
				best = i;
		}
		if (best == l->n)
			return;
		p = l->p[best];
		l->p[best] = l->p[--l->n];
		sim_deliver(sm, &p);
		free(p.data);
	}
}

/* Earliest time a datagram is due, or UINT64_MAX. */
static uint64_t
link_next(const struct link *l)
{
	uint64_t t = UINT64_MAX;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->p[i].due < t)
			t = l->p[i].due;
	}
	return (t);
}

static const char *const screen_changes[] = {
	"\033[31mred\033[0m ",
	"\033[2J\033[H",
	"\033[5;10Hxy",
	"line\r\n",
	"\033[1;44m bold \033[m",
	"\xe4\xb8\xad\xe6\x96\x87 ",
	"\033[?25l",
	"\033[?25h",
	"\033]0;title\007",
	"\033[6n",
	"\033[c",
	"\033[K",
	"\033[3L",
	"\033[4;12r\033[12H\n\n\033[r",
	"\033[38;5;200mpink\033[m",
	"\033[38;2;1;2;3;48;5;17mrgb\033[m",
	"\033[?2004h",
	"\033[?1000h",
	"\033[?5h",
	"\033[?5l",
	"\033[2P",
	"\033[3@",
	"\033[7;1H\033[J",
	"e\xcc\x81",
	"\033[4h ins \033[4l",
	"\033[100;100H!",
	"\r\n\r\n\r\n",
};

/* One random action of the user or the application. */
static void
sim_act(struct sim *sm)
{
	struct ssp_user *u = ssp_local(sm->client);
	struct emu *e = ssp_host_emu(ssp_local(sm->server));
	char keys[8];
	uint64_t r = sim_rand(&sm->link) % 100;
	size_t n, i;

	if (r < 50) {
		n = 1 + sim_rand(&sm->link) % 4;
		for (i = 0; i < n; i++)
			keys[i] =
			    "abcdefghij klmnop\r"[sim_rand(&sm->link) % 18];
		if (sm->ntyped + n > MAX_LOG)
			return;
		memcpy(sm->typed + sm->ntyped, keys, n);
		sm->ntyped += n;
		ssp_user_push_keys(u, keys, n);
		ssp_changed(sm->client, sm->now);
	} else if (r < 53) {
		ssp_user_push_resize(u, 20 + sim_rand(&sm->link) % 100,
		    5 + sim_rand(&sm->link) % 40);
		ssp_changed(sm->client, sm->now);
	} else {
		i = sim_rand(&sm->link) %
		    (sizeof screen_changes / sizeof *screen_changes);
		emu_write(e, screen_changes[i], strlen(screen_changes[i]));
		ssp_changed(sm->server, sm->now);
	}
}

/* Do the two screens match cell for cell, cursor included? */
static int
screens_equal(const struct emu *a, const struct emu *b)
{
	struct emu_cell ca, cb;
	int r, c, ar, ac, br, bc;

	if (emu_cols(a) != emu_cols(b) || emu_rows(a) != emu_rows(b))
		return (0);
	if (!emu_screen_equal(a, b))
		return (0);
	emu_cursor(a, &ar, &ac);
	emu_cursor(b, &br, &bc);
	if (ar != br || ac != bc)
		return (0);
	for (r = 0; r < emu_rows(a); r++) {
		for (c = 0; c < emu_cols(a); c++) {
			emu_cell(a, r, c, &ca);
			emu_cell(b, r, c, &cb);
			if (strcmp(ca.text, cb.text) != 0 || ca.fg != cb.fg ||
			    ca.bg != cb.bg || ca.attr != cb.attr ||
			    ca.width != cb.width)
				return (0);
		}
	}
	return (1);
}

/* Have the two ends converged? */
static int
sim_converged(struct sim *sm)
{
	const struct ssp_host *ch = ssp_remote(sm->client);
	const struct ssp_host *sh = ssp_local(sm->server);

	if (sm->nin > 0 && ssp_echo_ack(sm->echo) != sm->in_num[sm->nin - 1])
		return (0);
	return (sm->ngot == sm->ntyped &&
	    memcmp(sm->got, sm->typed, sm->ntyped) == 0 &&
	    ssp_host_echo_ack(ch) == ssp_host_echo_ack(sh) &&
	    screens_equal(ssp_host_emu(ch), ssp_host_emu(sh)));
}

/* Tick both ends and bring the echo-ack up to date. */
static void
sim_tick(struct sim *sm)
{
	struct ssp_host *h = ssp_local(sm->server);
	uint64_t ack;

	ack = ssp_echo_update(sm->echo, sm->now);
	if (ack > ssp_host_echo_ack(h)) {
		ssp_host_set_echo_ack(h, ack);
		ssp_changed(sm->server, sm->now);
	}
	sm->to_server = 1;
	ssp_tick(sm->client, sm->now, sim_send, sm);
	sm->to_server = 0;
	ssp_tick(sm->server, sm->now, sim_send, sm);
}

/* The next time anything happens. */
static uint64_t
sim_next(struct sim *sm, uint64_t act)
{
	uint64_t t = act, v;

	v = sm->now + ssp_wait_time(sm->client, sm->now);
	t = v < t ? v : t;
	v = sm->now + ssp_wait_time(sm->server, sm->now);
	t = v < t ? v : t;
	v = link_next(&sm->link);
	t = v < t ? v : t;
	v = ssp_echo_next_due(sm->echo);
	t = v < t ? v : t;
	return (t > sm->now ? t : sm->now + 1);
}

/* Run one seed; return the milliseconds it took to converge after the
 * heal, or -1. */
static long
sim_run(uint64_t seed, struct sim *sm)
{
	struct tp_key key;
	uint64_t act, heal, steps = 0;
	long result = -1;

	memset(sm, 0, sizeof *sm);
	memset(key.bytes, (int)seed, sizeof key.bytes);
	sm->link.rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	sm->link.loss = sim_rand(&sm->link) % 51;
	sm->link.dup = sim_rand(&sm->link) % 21;
	sm->link.delay = sim_rand(&sm->link) % 1001;
	sm->loss = sm->link.loss;
	sm->dup = sm->link.dup;
	sm->now = T0;
	sm->cconn = tp_conn_new(&key, 0);
	sm->sconn = tp_conn_new(&key, 1);
	sm->client = ssp_new(&ssp_user_ops, ssp_user_new(), &ssp_host_ops,
	    ssp_host_new(emu_new(80, 24, 0)), 0, T0);
	sm->server = ssp_new(&ssp_host_ops, ssp_host_new(emu_new(80, 24, 0)),
	    &ssp_user_ops, ssp_user_new(), 1, T0);
	ssp_set_seed(sm->client, seed + 1);
	ssp_set_seed(sm->server, seed + 2);
	sm->echo = ssp_echo_new();
	ssp_user_push_resize(ssp_local(sm->client), 100, 30);
	heal = T0 + LOSSY_MS;
	act = T0 + 10;
	while (sm->now < heal + HEAL_MS && steps++ < 2000000) {
		link_run(sm);
		while (act <= sm->now && sm->now < heal) {
			sim_act(sm);
			act += 1 + sim_rand(&sm->link) % 150;
		}
		sim_tick(sm);
		if (sm->now >= heal) {
			sm->link.loss = 0;
			sm->link.dup = 0;
			if (sm->link.n == 0 && sim_converged(sm)) {
				result = (long)(sm->now - heal);
				break;
			}
		}
		sm->now = sim_next(sm, act < heal ? act : heal);
	}
	return (result);
}

/* After convergence, one end shuts down (the client for odd seeds);
 * return 1 if the handshake completed cleanly on both sides. */
static int
sim_shutdown(struct sim *sm, uint64_t seed)
{
	struct ssp *a = seed % 2 ? sm->client : sm->server;
	struct ssp *b = seed % 2 ? sm->server : sm->client;
	uint64_t end = sm->now + 12000;

	ssp_start_shutdown(a, sm->now);
	while (sm->now < end) {
		link_run(sm);
		sim_tick(sm);
		if (ssp_shutdown_acked(a) || ssp_shutdown_expired(a, sm->now))
			break;
		sm->now = sim_next(sm, UINT64_MAX);
	}
	return (ssp_shutdown_acked(a) && ssp_peer_shutdown(b) &&
	    ssp_peer_shutdown_acked(b));
}

/* Free what one run made. */
static void
sim_free(struct sim *sm)
{
	size_t i;

	for (i = 0; i < sm->link.n; i++)
		free(sm->link.p[i].data);
	free(sm->link.p);
	ssp_free(sm->client);
	ssp_free(sm->server);
	ssp_echo_free(sm->echo);
	tp_conn_free(sm->cconn);
	tp_conn_free(sm->sconn);
}

/* Run the simulation for many seeds (argument: how many). */
int
main(int argc, char **argv)
{
	struct sim sm;
	uint64_t seed, nseeds = argc > 1 ? strtoull(argv[1], NULL, 10) : 60;
	long t, worst = 0;
	char what[256];
	int all = 1, clean = 0;

	for (seed = 1; seed <= nseeds; seed++) {
		t = sim_run(seed, &sm);
		snprintf(what, sizeof what,
		    "seed %llu (loss %d%%, dup %d%%, delay 0-%d ms): "
		    "converged %ld ms after the heal, %zu keys",
		    (unsigned long long)seed, sm.loss, sm.dup, sm.link.delay, t,
		    sm.ntyped);
		CHECK(t >= 0, what);
		clean += t >= 0 && sim_shutdown(&sm, seed);
		if (t > worst)
			worst = t;
		all &= sm.queries == 0 && sm.replies == 0 && sm.badsize == 0 &&
		    sm.badthrow == 0 && sm.badecho == 0 &&
		    ssp_dropped(sm.client) == 0 &&
		    ssp_dropped(sm.server) == 0 && sm.maxdiff < 1024 * 1024;
		if (!all)
			printf("# seed %llu: queries %lu replies %lu badsize "
			       "%lu badthrow %lu badecho %lu dropped %lu/%lu "
			       "maxdiff %zu\n",
			    (unsigned long long)seed, sm.queries, sm.replies,
			    sm.badsize, sm.badthrow, sm.badecho,
			    ssp_dropped(sm.client), ssp_dropped(sm.server),
			    sm.maxdiff);
		sim_free(&sm);
	}
	CHECK(all,
	    "no must-not: queries, Resize < 1, throwaway > old_num, "
	    "echo-ack going down or early, dropped diffs, huge diffs");
	CHECK_INT(clean, nseeds,
	    "then a clean shutdown handshake (client or server first)");
	printf("# worst convergence after the heal: %ld ms\n", worst);
	return (test_done());
}
