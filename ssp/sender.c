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
 * The sender half of an end (../shared/ssp-wire.md section 7.4): the list
 * of sent states (the first is the known receiver state, the last the
 * last state sent), the assumed receiver state, the frame, ack and
 * retransmission timers, and the instructions themselves.  A stream state
 * (the user's) goes in steps: 1 KB after idling, 8 times more per ack
 * while steps fill up (at most 64 KB), half on a resend; a resend never
 * makes a shorter state under a new number (section 10) but sends the
 * unacknowledged steps again one by one.
 */

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ssp/ssp-internal.h"

/* When the next ack and send are due, and the assumed receiver state. */
struct ssp_timers {
	uint64_t ack;
	uint64_t send;
	uint64_t mindelay;
	unsigned int assumed;
};

static unsigned int ssp_find_assumed(const struct ssp *, uint64_t);
static void ssp_calc(const struct ssp *, uint64_t, struct ssp_timers *);
static void ssp_rationalize(struct ssp *);
static void ssp_prospective(struct ssp *);
static void ssp_add_sent(struct ssp *, uint64_t, uint64_t, const void *);
static uint64_t ssp_random(struct ssp *);
static void ssp_send(struct ssp *, const struct tp_buf *, uint64_t, uint64_t,
    ssp_send_cb, void *);
static void ssp_send_empty(struct ssp *, uint64_t, ssp_send_cb, void *);
static void *ssp_cut(struct ssp *);
static int ssp_replay_due(const struct ssp *);
static void ssp_replay(struct ssp *, uint64_t, ssp_send_cb, void *);
static void ssp_step_adapt(struct ssp *, uint64_t, int);
static void ssp_send_data(
    struct ssp *, uint64_t, const void *, ssp_send_cb, void *);

/* Start the sender with state 0, a copy of local. */
void
ssp_sender_init(struct ssp *s, void *local, uint64_t now)
{
	s->current = local;
	s->sent[0].num = 0;
	s->sent[0].time = now;
	s->sent[0].state = s->lops->clone(local);
	s->nsent = 1;
	s->assumed = 0;
	s->next_ack = now;
	s->next_send = now;
	s->mindelay = SSP_NEVER;
	s->srtt = 1000;
	s->rto = 1000;
	s->shutdown_start = SSP_NEVER;
	s->rng = 0x9e3779b97f4a7c15ULL ^ now;
	s->last_send = now;
	s->step = SSP_STEP_MIN;
}

/* Free the sent states and the current state. */
void
ssp_sender_free(struct ssp *s)
{
	unsigned int i;

	for (i = 0; i < s->nsent; i++)
		s->lops->free(s->sent[i].state);
	s->lops->free(s->current);
	tp_buf_free(&s->diff);
	tp_buf_free(&s->alt);
}

/* The frame interval: half the smoothed RTT, clamped to 20-250 ms. */
int
ssp_send_interval(const struct ssp *s)
{
	double v;

	v = ceil(s->srtt / 2.0);
	if (v < SSP_SEND_INTERVAL_MIN)
		return (SSP_SEND_INTERVAL_MIN);
	if (v > SSP_SEND_INTERVAL_MAX)
		return (SSP_SEND_INTERVAL_MAX);
	return ((int)v);
}

/* The peer has our state ack: forget every older sent state. */
void
ssp_sender_ack(struct ssp *s, uint64_t ack)
{
	unsigned int i, j;

	for (i = 0; i < s->nsent; i++) {
		if (s->sent[i].num == ack)
			break;
	}
	if (i == 0 || i == s->nsent)
		return;
	for (j = 0; j < i; j++)
		s->lops->free(s->sent[j].state);
	memmove(s->sent, s->sent + i, (s->nsent - i) * sizeof *s->sent);
	s->nsent -= i;
	s->assumed = s->assumed >= i ? s->assumed - i : 0;
	if (s->step_full)
		s->step = s->step < SSP_STEP_MAX / SSP_STEP_GROW
		    ? s->step * SSP_STEP_GROW
		    : SSP_STEP_MAX;
	s->step_full = 0;
	s->step_cut = 0;
}

/* Newest sent state still within RTO + ACK_DELAY of now, walking from
 * the known one and stopping at the first older one. */
static unsigned int
ssp_find_assumed(const struct ssp *s, uint64_t now)
{
	uint64_t limit, age;
	unsigned int i, assumed = 0;

	limit = (uint64_t)s->rto + SSP_ACK_DELAY;
	for (i = 1; i < s->nsent; i++) {
		age = now > s->sent[i].time ? now - s->sent[i].time : 0;
		if (age >= limit)
			break;
		assumed = i;
	}
	return (assumed);
}

/* Work out the timers as section 7.4's table says, without changing s. */
static void
ssp_calc(const struct ssp *s, uint64_t now, struct ssp_timers *t)
{
	const struct ssp_stamped *back = &s->sent[s->nsent - 1];
	const struct ssp_state_ops *ops = s->lops;
	uint64_t interval, mindelay;
	int heard;

	interval = ssp_send_interval(s);
	mindelay = s->is_server ? SSP_MINDELAY_SERVER : SSP_MINDELAY_CLIENT;
	heard = s->heard && s->last_heard + SSP_ACTIVE_RETRY > now;
	t->assumed = ssp_find_assumed(s, now);
	t->mindelay = s->mindelay;
	t->ack = s->next_ack;
	if (s->pending_data_ack && t->ack > now + SSP_ACK_DELAY)
		t->ack = now + SSP_ACK_DELAY;
	if (!ops->equal(s->current, back->state)) {
		if (t->mindelay == SSP_NEVER)
			t->mindelay = now;
		t->send = t->mindelay + mindelay;
		if (t->send < s->last_send + interval)
			t->send = s->last_send + interval;
	} else if (heard &&
	    !ops->equal(s->current, s->sent[t->assumed].state)) {
		t->send = s->last_send + interval;
		if (t->mindelay != SSP_NEVER &&
		    t->send < t->mindelay + mindelay)
			t->send = t->mindelay + mindelay;
	} else if (heard && !ops->equal(s->current, s->sent[0].state))
		t->send = s->last_send + s->rto + SSP_ACK_DELAY;
	else
		t->send = SSP_NEVER;
	if (s->shutdown || s->ack_num == TP_SHUTDOWN_NUM)
		t->ack = s->last_send + interval;
}

/* Drop from every state what the known receiver state already holds. */
static void
ssp_rationalize(struct ssp *s)
{
	const void *known = s->sent[0].state;
	unsigned int i;

	if (s->lops->subtract == NULL)
		return;
	s->lops->subtract(s->current, known);
	for (i = s->nsent - 1; i > 0; i--)
		s->lops->subtract(s->sent[i].state, known);
	s->lops->subtract(s->sent[0].state, known);
}

/* Resend against the known state instead when that costs little more. */
static void
ssp_prospective(struct ssp *s)
{
	struct tp_buf swap;
	size_t d, r;

	if (s->assumed == 0)
		return;
	tp_buf_reset(&s->alt);
	s->lops->diff(s->sent[0].state, s->current, &s->alt);
	d = s->diff.len;
	r = s->alt.len;
	if (r <= d ||
	    (r < SSP_PROSPECTIVE_SMALL && r - d < SSP_PROSPECTIVE_SLACK)) {
		s->assumed = 0;
		swap = s->diff;
		s->diff = s->alt;
		s->alt = swap;
	}
}

/* Remember a copy of a state as sent; keep at most 32. */
static void
ssp_add_sent(struct ssp *s, uint64_t now, uint64_t num, const void *state)
{
	struct ssp_stamped *st;
	unsigned int drop;

	st = &s->sent[s->nsent++];
	st->num = num;
	st->time = now;
	st->state = s->lops->clone(state);
	if (s->nsent <= SSP_SENT_MAX)
		return;
	drop = s->nsent - SSP_SENT_DROP;
	s->lops->free(s->sent[drop].state);
	memmove(s->sent + drop, s->sent + drop + 1,
	    (s->nsent - drop - 1) * sizeof *s->sent);
	s->nsent--;
	if (s->assumed >= s->nsent)
		s->assumed = s->nsent - 1;
}

/* Next value of the chaff generator (xorshift64*). */
static uint64_t
ssp_random(struct ssp *s)
{
	uint64_t x = s->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return (x * 0x2545f4914f6cdd1dULL);
}

/* Build one instruction and hand it to the caller. */
static void
ssp_send(struct ssp *s, const struct tp_buf *diff, uint64_t old_num,
    uint64_t new_num, ssp_send_cb cb, void *arg)
{
	struct tp_instruction inst;
	uint8_t chaff[SSP_CHAFF_MAX];
	size_t i, n;

	memset(&inst, 0, sizeof inst);
	inst.protocol_version = TP_PROTOCOL_VERSION;
	inst.old_num = old_num;
	inst.new_num = new_num;
	inst.ack_num = s->ack_num;
	inst.throwaway_num = s->sent[0].num;
	inst.diff = *diff;
	n = (ssp_random(s) >> 56) % (SSP_CHAFF_MAX + 1);
	for (i = 0; i < n; i++)
		chaff[i] = ssp_random(s) >> 56;
	inst.chaff.data = chaff;
	inst.chaff.len = inst.chaff.size = n;
	if (new_num == TP_SHUTDOWN_NUM)
		s->shutdown_tries++;
	if (cb != NULL)
		cb(arg, &inst);
	s->last_ack_sent = s->ack_num;
	s->pending_data_ack = 0;
}

/* Send an empty ack; even a heartbeat takes a new state number. */
static void
ssp_send_empty(struct ssp *s, uint64_t now, ssp_send_cb cb, void *arg)
{
	struct tp_buf empty;
	uint64_t old_num, new_num;

	memset(&empty, 0, sizeof empty);
	old_num = s->sent[s->assumed].num;
	new_num = s->sent[s->nsent - 1].num + 1;
	if (s->shutdown)
		new_num = TP_SHUTDOWN_NUM;
	ssp_add_sent(s, now, new_num, s->current);
	ssp_send(s, &empty, old_num, new_num, cb, arg);
	s->last_send = now;
	s->next_ack = now + SSP_ACK_INTERVAL;
	s->next_send = SSP_NEVER;
}

/* A diff bigger than one step: a state part of the way there (the diff
 * in s->diff is then its diff), or NULL. */
static void *
ssp_cut(struct ssp *s)
{
	size_t max = s->shutdown ? SSP_DIFF_MAX : s->step;
	void *step;

	if (s->diff.len <= max || s->lops->cut == NULL)
		return (NULL);
	step = s->lops->cut(s->sent[s->assumed].state, s->current, max);
	if (step == NULL)
		return (NULL);
	s->step_full = 1;
	tp_buf_reset(&s->diff);
	s->lops->diff(s->sent[s->assumed].state, step, &s->diff);
	return (step);
}

/* Send the diff in s->diff to state (the current state or a step towards
 * it): a new state, or the last one again. */
static void
ssp_send_data(
    struct ssp *s, uint64_t now, const void *state, ssp_send_cb cb, void *arg)
{
	struct ssp_stamped *back = &s->sent[s->nsent - 1];
	uint64_t old_num, new_num;

	old_num = s->sent[s->assumed].num;
	if (s->lops->equal(state, back->state))
		new_num = back->num;
	else
		new_num = back->num + 1;
	if (s->shutdown)
		new_num = TP_SHUTDOWN_NUM;
	if (new_num == back->num)
		back->time = now;
	else
		ssp_add_sent(s, now, new_num, state);
	ssp_send(s, &s->diff, old_num, new_num, cb, arg);
	s->assumed = s->nsent - 1;
	s->last_send = now;
	s->next_ack = now + SSP_ACK_INTERVAL;
	s->next_send = SSP_NEVER;
}

/* Would a new step from the assumed state fall short of the last state
 * sent?  Then the chain rule (section 10) allows no new state from there:
 * the sent state after the assumed one goes again instead. */
static int
ssp_replay_due(const struct ssp *s)
{
	void *c;

	if (s->lops->cut == NULL || s->shutdown || s->assumed + 1 >= s->nsent)
		return (0);
	c = s->lops->cut(
	    s->sent[s->assumed].state, s->sent[s->nsent - 1].state, s->step);
	if (c == NULL)
		return (0);
	s->lops->free(c);
	return (1);
}

/* Send the sent state after the assumed one again, against it, under
 * its own number; it becomes the assumed state. */
static void
ssp_replay(struct ssp *s, uint64_t now, ssp_send_cb cb, void *arg)
{
	struct ssp_stamped *from = &s->sent[s->assumed];
	struct ssp_stamped *to = from + 1;

	tp_buf_reset(&s->diff);
	s->lops->diff(from->state, to->state, &s->diff);
	to->time = now;
	ssp_send(s, &s->diff, from->num, to->num, cb, arg);
	s->assumed++;
	s->last_send = now;
	s->next_ack = now + SSP_ACK_INTERVAL;
	s->next_send = SSP_NEVER;
}

/* Before sending data: halve the step, once per ack, when resending (the
 * assumed state fell behind the last one sent); start small after idling. */
static void
ssp_step_adapt(struct ssp *s, uint64_t now, int resend)
{
	if (s->nsent == 1 && now >= s->last_send + SSP_STEP_IDLE) {
		s->step = SSP_STEP_MIN;
		s->step_full = 0;
	} else if (resend && !s->step_cut) {
		s->step =
		    s->step / 2 > SSP_STEP_MIN ? s->step / 2 : SSP_STEP_MIN;
		s->step_full = 0;
		s->step_cut = 1;
	}
}

/* Send whatever is due now: data, a retransmission or an empty ack. */
void
ssp_tick(struct ssp *s, uint64_t now, ssp_send_cb cb, void *arg)
{
	struct ssp_timers t;
	void *step;

	ssp_rationalize(s);
	ssp_calc(s, now, &t);
	s->assumed = t.assumed;
	s->next_ack = t.ack;
	s->next_send = t.send;
	s->mindelay = t.mindelay;
	if (now < s->next_ack && now < s->next_send)
		return;
	tp_buf_reset(&s->diff);
	s->lops->diff(s->sent[s->assumed].state, s->current, &s->diff);
	ssp_prospective(s);
	if (s->diff.len == 0) {
		if (now >= s->next_ack) {
			ssp_send_empty(s, now, cb, arg);
			s->mindelay = SSP_NEVER;
		}
		if (now >= s->next_send) {
			s->next_send = SSP_NEVER;
			s->mindelay = SSP_NEVER;
		}
	} else if (now >= s->next_send || now >= s->next_ack) {
		ssp_step_adapt(s, now, t.assumed + 1 < s->nsent);
		if (ssp_replay_due(s)) {
			ssp_replay(s, now, cb, arg);
			s->mindelay = SSP_NEVER;
			return;
		}
		step = ssp_cut(s);
		ssp_send_data(
		    s, now, step != NULL ? step : s->current, cb, arg);
		if (step != NULL)
			s->lops->free(step);
		s->mindelay = SSP_NEVER;
	}
}

/* Milliseconds until ssp_tick has something to do, at most 5000. */
int
ssp_wait_time(const struct ssp *s, uint64_t now)
{
	struct ssp_timers t;
	uint64_t wake;

	ssp_calc(s, now, &t);
	wake = t.ack < t.send ? t.ack : t.send;
	if (wake <= now)
		return (0);
	if (wake - now > SSP_WAIT_MAX)
		return (SSP_WAIT_MAX);
	return ((int)(wake - now));
}

/* When the next frame could go out: last send plus the frame interval. */
uint64_t
ssp_next_frame_time(const struct ssp *s)
{
	return (s->last_send + ssp_send_interval(s));
}

/* Note that the application changed the current state. */
void
ssp_changed(struct ssp *s, uint64_t now)
{
	if (s->mindelay != SSP_NEVER)
		return;
	if (!s->lops->equal(s->current, s->sent[s->nsent - 1].state))
		s->mindelay = now;
}

/* Set the smoothed RTT and the retransmission timeout. */
void
ssp_set_timing(struct ssp *s, double srtt, int rto)
{
	if (srtt > 0 && srtt < 1e9)
		s->srtt = srtt;
	if (rto > 0)
		s->rto = rto;
}
