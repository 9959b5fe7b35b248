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
 * Timestamps and round-trip time (section 4.2).  Each datagram carries the
 * sender's clock mod 65536 and, at most once per received timestamp, that
 * timestamp echoed back plus the time it was held.  Echoes give RTT
 * samples; SRTT and RTTVAR follow RFC 6298 in floating point.
 */

#include <math.h>

#include "transport/tp-internal.h"

/* Start with mosh's initial estimates and no held timestamp. */
void
tp_timing_init(struct tp_timing *t)
{
	t->srtt = TP_SRTT_INITIAL;
	t->rttvar = TP_RTTVAR_INITIAL;
	t->rtt_hit = 0;
	t->saved_ts = -1;
	t->saved_ts_at = 0;
}

/* The 16-bit timestamp for now; 0xffff is never a real value. */
uint16_t
tp_timestamp16(uint64_t now)
{
	uint16_t ts = (uint16_t)(now % 65536);

	return (ts == TP_TS_NONE ? 0 : ts);
}

/* The reply for the next datagram: the held timestamp plus the time held,
 * if held under a second; it is then forgotten. */
uint16_t
tp_timing_reply(struct tp_timing *t, uint64_t now)
{
	uint16_t reply = TP_TS_NONE;

	if (t->saved_ts >= 0 && now >= t->saved_ts_at &&
	    now - t->saved_ts_at < TP_REPLY_VALID) {
		reply = (uint16_t)(t->saved_ts + (now - t->saved_ts_at));
		t->saved_ts = -1;
	}
	return (reply);
}

/* Take the timestamps of a fresh authentic datagram. */
void
tp_timing_receive(
    struct tp_timing *t, uint64_t now, uint16_t ts, uint16_t reply)
{
	double r;

	if (ts != TP_TS_NONE) {
		t->saved_ts = ts;
		t->saved_ts_at = now;
	}
	if (reply == TP_TS_NONE)
		return;
	r = (uint16_t)(tp_timestamp16(now) - reply);
	if (r >= TP_RTT_CEILING)
		return;
	if (!t->rtt_hit) {
		t->srtt = r;
		t->rttvar = r / 2;
		t->rtt_hit = 1;
	} else {
		t->rttvar = 0.75 * t->rttvar + 0.25 * fabs(t->srtt - r);
		t->srtt = 0.875 * t->srtt + 0.125 * r;
	}
}

/* The datagram just taken had ECN CE set: make its echo look older. */
void
tp_timing_congestion(struct tp_timing *t)
{
	if (t->saved_ts >= 0)
		t->saved_ts = (uint16_t)(t->saved_ts - TP_CE_PENALTY);
}

/* RTO = ceil(SRTT + 4 RTTVAR), clamped to 50..1000 ms. */
int
tp_timing_rto(const struct tp_timing *t)
{
	double rto = ceil(t->srtt + 4 * t->rttvar);

	if (rto < TP_RTO_MIN)
		return (TP_RTO_MIN);
	if (rto > TP_RTO_MAX)
		return (TP_RTO_MAX);
	return ((int)rto);
}

/* The frame interval: ceil(SRTT / 2), clamped to 20..250 ms. */
int
tp_timing_interval(const struct tp_timing *t)
{
	double iv = ceil(t->srtt / 2);

	if (iv < TP_INTERVAL_MIN)
		return (TP_INTERVAL_MIN);
	if (iv > TP_INTERVAL_MAX)
		return (TP_INTERVAL_MAX);
	return ((int)iv);
}
