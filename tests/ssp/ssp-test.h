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
 * Helpers shared by the ssp tests: a tiny fake state type (one number;
 * its diff is the new number, 8 bytes) for testing the engine without an
 * emulator, and a queue that captures the instructions an end sends,
 * deep-copied through the real protobuf encoder and decoder; and a scan
 * for terminal queries in host bytes.
 */

#ifndef MOSHMUX_SSP_TEST_H
#define MOSHMUX_SSP_TEST_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp.h"

/* The fake state: a number. */
struct reg {
	uint64_t v;
};

/* Copy a fake state. */
static inline void *
reg_clone(const void *p)
{
	struct reg *r = malloc(sizeof *r);

	memcpy(r, p, sizeof *r);
	return (r);
}

/* Free a fake state. */
static inline void
reg_free(void *p)
{
	free(p);
}

/* Do two fake states hold the same number? */
static inline int
reg_equal(const void *a, const void *b)
{
	return (((const struct reg *)a)->v == ((const struct reg *)b)->v);
}

/* The diff is the new value, little-endian, or nothing if equal. */
static inline void
reg_diff(const void *from, const void *to, struct tp_buf *out)
{
	uint64_t v = ((const struct reg *)to)->v;
	uint8_t b[8];
	int i;

	if (reg_equal(from, to))
		return;
	for (i = 0; i < 8; i++)
		b[i] = v >> (8 * i);
	tp_buf_add(out, b, 8);
}

/* Apply a diff: exactly 8 bytes, else -1. */
static inline int
reg_apply(void *p, const uint8_t *buf, size_t len)
{
	uint64_t v = 0;
	int i;

	if (len != 8)
		return (-1);
	for (i = 0; i < 8; i++)
		v |= (uint64_t)buf[i] << (8 * i);
	((struct reg *)p)->v = v;
	return (0);
}

static const struct ssp_state_ops reg_ops = {
	.name = "reg",
	.clone = reg_clone,
	.free = reg_free,
	.equal = reg_equal,
	.diff = reg_diff,
	.apply = reg_apply,
};

/* A fake state holding v. */
static inline struct reg *
reg_new(uint64_t v)
{
	struct reg *r = calloc(1, sizeof *r);

	r->v = v;
	return (r);
}

/* Captured instructions, each with the time it was sent. */
struct capq {
	struct tp_instruction *in;
	uint64_t *time;
	size_t n;
	size_t size;
	uint64_t now;
	int bad; /* an instruction that did not round-trip */
};

/* ssp_send_cb: copy the instruction through encode and decode. */
static inline void
capq_cb(void *arg, const struct tp_instruction *inst)
{
	struct capq *q = arg;
	struct tp_buf b;

	if (q->n == q->size) {
		q->size = q->size ? q->size * 2 : 16;
		q->in = realloc(q->in, q->size * sizeof *q->in);
		q->time = realloc(q->time, q->size * sizeof *q->time);
	}
	memset(&b, 0, sizeof b);
	memset(&q->in[q->n], 0, sizeof q->in[q->n]);
	tp_instruction_encode(inst, &b);
	if (tp_instruction_decode(b.data, b.len, &q->in[q->n]) != 0)
		q->bad++;
	if (q->in[q->n].chaff.len > 16)
		q->bad++;
	q->time[q->n] = q->now;
	q->n++;
	tp_buf_free(&b);
}

/* Forget the captured instructions. */
static inline void
capq_clear(struct capq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		tp_instruction_free(&q->in[i]);
	q->n = 0;
}

/* Free a capture queue. */
static inline void
capq_free(struct capq *q)
{
	capq_clear(q);
	free(q->in);
	free(q->time);
	memset(q, 0, sizeof *q);
}

/* Tick an end at now, capturing what it sends. */
static inline void
capq_tick(struct capq *q, struct ssp *s, uint64_t now)
{
	q->now = now;
	ssp_tick(s, now, capq_cb, q);
}

/* Run an end alone from start to end (ms), ticking when it asks to. */
static inline void
capq_run(struct capq *q, struct ssp *s, uint64_t start, uint64_t end)
{
	uint64_t now = start;
	int w, guard = 0;

	while (now <= end && guard++ < 100000) {
		capq_tick(q, s, now);
		w = ssp_wait_time(s, now);
		now += w > 0 ? w : 1;
	}
}

/* Does a byte string hold a query (DA, DA2, DSR, DECRQM, DECID)? */
static inline int
has_query(const uint8_t *b, size_t len)
{
	size_t i, j;

	for (i = 0; i + 1 < len; i++) {
		if (b[i] != 0x1b)
			continue;
		if (b[i + 1] == 'Z')
			return (1);
		if (b[i + 1] != '[')
			continue;
		for (j = i + 2; j < len && (b[j] < 0x40 || b[j] > 0x7e); j++)
			;
		if (j < len && (b[j] == 'c' || b[j] == 'n'))
			return (1);
		if (j < len && b[j] == 'p' && b[j - 1] == '$')
			return (1);
	}
	return (0);
}

#endif
