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
 * The receiver half of an end (../shared/ssp-wire.md section 7.3): the
 * peer's states we hold, sorted by number, each made by applying a diff
 * to an older held state.  Replays, reordering and unknown references
 * are harmless: they change nothing.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp-internal.h"

static size_t ssp_held_find(const struct ssp *, uint64_t);
static void ssp_throwaway(struct ssp *, uint64_t);
static size_t ssp_held_insert(struct ssp *, uint64_t, uint64_t, void *);

/* Start the receiver holding the peer's state 0. */
void
ssp_receiver_init(struct ssp *s, void *remote0, uint64_t now)
{
	s->heldsize = 16;
	s->held = ssp_xcalloc(s->heldsize, sizeof *s->held);
	s->held[0].num = 0;
	s->held[0].time = now;
	s->held[0].state = remote0;
	s->nheld = 1;
}

/* Free every held state. */
void
ssp_receiver_free(struct ssp *s)
{
	size_t i;

	for (i = 0; i < s->nheld; i++)
		s->rops->free(s->held[i].state);
	free(s->held);
}

/* Index of the held state numbered num, or nheld if there is none. */
static size_t
ssp_held_find(const struct ssp *s, uint64_t num)
{
	size_t lo = 0, hi = s->nheld, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->held[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nheld && s->held[lo].num == num)
		return (lo);
	return (s->nheld);
}

/* Discard held states numbered below num, always keeping the newest. */
static void
ssp_throwaway(struct ssp *s, uint64_t num)
{
	size_t i, n = 0;

	while (n < s->nheld - 1 && s->held[n].num < num)
		n++;
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		s->rops->free(s->held[i].state);
	memmove(s->held, s->held + n, (s->nheld - n) * sizeof *s->held);
	s->nheld -= n;
}

/* Insert a new state in number order and return its index. */
static size_t
ssp_held_insert(struct ssp *s, uint64_t num, uint64_t now, void *state)
{
	size_t i;

	if (s->nheld == s->heldsize) {
		s->heldsize *= 2;
		s->held =
		    ssp_xreallocarray(s->held, s->heldsize, sizeof *s->held);
	}
	for (i = s->nheld; i > 0 && s->held[i - 1].num > num; i--)
		;
	memmove(s->held + i + 1, s->held + i, (s->nheld - i) * sizeof *s->held);
	s->held[i].num = num;
	s->held[i].time = now;
	s->held[i].state = state;
	s->nheld++;
	return (i);
}

/* Take one complete instruction from the peer. */
void
ssp_receive(struct ssp *s, uint64_t now, const struct tp_instruction *inst)
{
	size_t ref;
	void *state;
	uint64_t gap;

	if (inst->protocol_version != TP_PROTOCOL_VERSION) {
		s->dropped++;
		return;
	}
	ssp_sender_ack(s, inst->ack_num);
	if (ssp_held_find(s, inst->new_num) != s->nheld)
		return;
	if (ssp_held_find(s, inst->old_num) == s->nheld)
		return;
	/* Never throw away the reference state (nor anything above it). */
	if (inst->throwaway_num < inst->old_num)
		ssp_throwaway(s, inst->throwaway_num);
	else
		ssp_throwaway(s, inst->old_num);
	if (s->nheld > SSP_HELD_MAX) {
		if (now < s->quench) {
			s->dropped++;
			return;
		}
		s->quench = now + SSP_QUENCH;
	}
	ref = ssp_held_find(s, inst->old_num);
	state = s->rops->clone(s->held[ref].state);
	if (inst->diff.len != 0 &&
	    s->rops->apply(state, inst->diff.data, inst->diff.len) != 0) {
		s->rops->free(state);
		s->dropped++;
		return;
	}
	if (ssp_held_insert(s, inst->new_num, now, state) != s->nheld - 1)
		return;
	s->ack_num = inst->new_num;
	gap = s->heard ? now - s->last_heard : 0;
	s->last_heard = now;
	s->heard = 1;
	if (inst->diff.len != 0 || gap > SSP_ACK_INTERVAL + 1000) {
		s->pending_data_ack = 1;
		if (s->next_ack > now + SSP_ACK_DELAY)
			s->next_ack = now + SSP_ACK_DELAY;
	}
}

/* The application took everything in the newest state: drop what every
 * held state shares with the oldest one (streams only). */
void
ssp_remote_consumed(struct ssp *s)
{
	const void *oldest = s->held[0].state;
	size_t i;

	if (s->rops->subtract == NULL)
		return;
	for (i = s->nheld - 1; i > 0; i--)
		s->rops->subtract(s->held[i].state, oldest);
	s->rops->subtract(s->held[0].state, oldest);
}
