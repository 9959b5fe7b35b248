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
 * Shared helpers for the transport tests: a datagram sink for
 * tp_conn_send, state comparison, and sealing hand-made bodies.
 */

#ifndef MOSHMUX_TP_TEST_H
#define MOSHMUX_TP_TEST_H

#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "transport/tp-internal.h"

/* Datagrams collected from tp_conn_send. */
struct sink {
	uint8_t **d;
	size_t *len;
	size_t n;
	size_t size;
};

/* Store one datagram in the sink. */
static inline void
sink_cb(void *arg, const uint8_t *d, size_t len)
{
	struct sink *s = arg;

	if (s->n == s->size) {
		s->size = s->size == 0 ? 16 : s->size * 2;
		s->d = tp_xrealloc(s->d, s->size * sizeof *s->d);
		s->len = tp_xrealloc(s->len, s->size * sizeof *s->len);
	}
	s->d[s->n] = tp_xmalloc(len);
	memcpy(s->d[s->n], d, len);
	s->len[s->n++] = len;
}

/* Empty the sink. */
static inline void
sink_free(struct sink *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->d[i]);
	free(s->d);
	free(s->len);
	memset(s, 0, sizeof *s);
}

/* Are two connection states the same? */
static inline int
state_equal(const struct tp_conn_state *a, const struct tp_conn_state *b)
{
	return (a->next_seq == b->next_seq &&
	    a->expected_seq == b->expected_seq && a->last_id == b->last_id &&
	    a->last_heard == b->last_heard && a->srtt == b->srtt &&
	    a->rttvar == b->rttvar && a->rtt_hit == b->rtt_hit &&
	    a->saved_ts == b->saved_ts && a->saved_ts_at == b->saved_ts_at &&
	    a->mtu == b->mtu && a->frag_id == b->frag_id &&
	    a->frag_count == b->frag_count && a->frag_bytes == b->frag_bytes);
}

/* The 3.7 key. */
static inline void
test_key(struct tp_key *key)
{
	const char *why;

	tp_key_parse("AAECAwQFBgcICQoLDA0ODw", key, &why);
}

/* Seal a hand-made body with a crypto context and nonce value v;
 * returns the datagram length. */
static inline size_t
seal_with(struct tp_crypto *c, uint64_t v, const uint8_t *body, size_t len,
    uint8_t *out)
{
	uint8_t nonce[TP_NONCE_LEN];

	tp_put64(out, v);
	tp_crypto_nonce(nonce, v);
	tp_crypto_seal(c, nonce, NULL, 0, body, len, out + TP_SEQ_LEN);
	return (TP_SEQ_LEN + len + TP_TAG_LEN);
}

/* The same with a key. */
static inline size_t
seal_body(const struct tp_key *key, uint64_t v, const uint8_t *body, size_t len,
    uint8_t *out)
{
	struct tp_crypto *c = tp_crypto_new(key->bytes);

	len = seal_with(c, v, body, len, out);
	tp_crypto_free(c);
	return (len);
}

/* A simple instruction with a diff of the given bytes. */
static inline void
make_instruction(
    struct tp_instruction *inst, uint64_t num, const void *diff, size_t len)
{
	memset(inst, 0, sizeof *inst);
	inst->protocol_version = TP_PROTOCOL_VERSION;
	inst->old_num = num - 1;
	inst->new_num = num;
	tp_buf_add(&inst->diff, diff, len);
}

#endif
