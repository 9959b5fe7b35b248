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
 * One end of an SSP session: creation, the application's view of the
 * local and remote states, and the shutdown handshake of
 * ../shared/ssp-wire.md section 7.6.
 */

#include <stdint.h>
#include <stdlib.h>

#include "ssp/ssp-internal.h"

/* Create an end holding local as our state and remote0 as the peer's. */
struct ssp *
ssp_new(const struct ssp_state_ops *lops, void *local,
    const struct ssp_state_ops *rops, void *remote0, int is_server,
    uint64_t now)
{
	struct ssp *s;

	s = ssp_xcalloc(1, sizeof *s);
	s->lops = lops;
	s->rops = rops;
	s->is_server = is_server;
	ssp_sender_init(s, local, now);
	ssp_receiver_init(s, remote0, now);
	return (s);
}

/* Free an end and every state it holds. */
void
ssp_free(struct ssp *s)
{
	if (s == NULL)
		return;
	ssp_sender_free(s);
	ssp_receiver_free(s);
	free(s);
}

/* Seed the chaff generator (tests use a fixed seed). */
void
ssp_set_seed(struct ssp *s, uint64_t seed)
{
	s->rng = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

/* Our current state, for the application to change in place. */
void *
ssp_local(struct ssp *s)
{
	return (s->current);
}

/* Replace our current state. */
void
ssp_set_local(struct ssp *s, void *local, uint64_t now)
{
	if (local == s->current)
		return;
	s->lops->free(s->current);
	s->current = local;
	ssp_changed(s, now);
}

/* The number of the last state we sent. */
uint64_t
ssp_sent_num(const struct ssp *s)
{
	return (s->sent[s->nsent - 1].num);
}

/* The peer's newest state. */
const void *
ssp_remote(const struct ssp *s)
{
	return (s->held[s->nheld - 1].state);
}

/* The number of the peer's newest state. */
uint64_t
ssp_remote_num(const struct ssp *s)
{
	return (s->held[s->nheld - 1].num);
}

/* When a new peer state last arrived, 0 if never. */
uint64_t
ssp_last_heard(const struct ssp *s)
{
	return (s->heard ? s->last_heard : 0);
}

/* Send time of the newest state the peer acknowledged. */
uint64_t
ssp_last_roundtrip_success(const struct ssp *s)
{
	return (s->sent[0].time);
}

/* Has the peer acknowledged our current state? */
int
ssp_acked(const struct ssp *s)
{
	return (s->lops->equal(s->current, s->sent[0].state));
}

/* Instructions dropped: bad version, bad diff, or the quench. */
unsigned long
ssp_dropped(const struct ssp *s)
{
	return (s->dropped);
}

/* Start the shutdown: every instruction from now on is 2^64-1. */
void
ssp_start_shutdown(struct ssp *s, uint64_t now)
{
	if (s->shutdown)
		return;
	s->shutdown = 1;
	s->shutdown_start = now;
}

/* Are we shutting down? */
int
ssp_shutdown_in_progress(const struct ssp *s)
{
	return (s->shutdown);
}

/* Has the peer acknowledged our shutdown state? */
int
ssp_shutdown_acked(const struct ssp *s)
{
	return (s->sent[0].num == TP_SHUTDOWN_NUM);
}

/* Have we given up on the peer's ack: 16 tries or 10 s? */
int
ssp_shutdown_expired(const struct ssp *s, uint64_t now)
{
	if (!s->shutdown)
		return (0);
	if (s->shutdown_tries >= SSP_SHUTDOWN_RETRIES)
		return (1);
	return (now >= s->shutdown_start &&
	    now - s->shutdown_start >= SSP_ACTIVE_RETRY);
}

/* Did the peer ask to shut down? */
int
ssp_peer_shutdown(const struct ssp *s)
{
	return (ssp_remote_num(s) == TP_SHUTDOWN_NUM);
}

/* Have we sent an instruction acking the peer's shutdown? */
int
ssp_peer_shutdown_acked(const struct ssp *s)
{
	return (s->last_ack_sent == TP_SHUTDOWN_NUM);
}
