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
 * Fragments (section 5): a 10-byte header (instruction id, final bit and
 * number) and single-buffer reassembly.  A fragment of another id discards
 * the partial instruction; a repeated fragment must match byte for byte
 * and all fragments of an id must agree on which is final, or the partial
 * instruction is dropped (where the stock peer would abort).
 *
 * The held fragments are an array sorted by number, so the cost of a
 * fragment depends on how many are held, not on its number.
 */

#include <stdlib.h>
#include <string.h>

#include "transport/tp-internal.h"

/* Slots kept allocated between instructions (fragments of ~1.2 KB). */
#define TP_REASM_KEEP_SLOTS 4096

struct tp_slot {
	int num;
	uint8_t *data;
	size_t len;
};

struct tp_reasm {
	int have_id;
	uint64_t id;
	int poisoned;	       /* this id was dropped as inconsistent */
	struct tp_slot *slots; /* held fragments, sorted by number */
	size_t n;
	size_t size;
	int final_num; /* -1 until the final fragment arrives */
	size_t bytes;
};

static void tp_reasm_clear(struct tp_reasm *);
static size_t tp_reasm_find(const struct tp_reasm *, int);
static int tp_reasm_max(const struct tp_reasm *);
static int tp_reasm_check_new(const struct tp_reasm *, const struct tp_frag *);
static void tp_reasm_store(struct tp_reasm *, size_t, const struct tp_frag *);
static void tp_reasm_join(struct tp_reasm *, struct tp_buf *);

/* Create an empty reassembly buffer. */
struct tp_reasm *
tp_reasm_new(void)
{
	struct tp_reasm *r = tp_xcalloc(1, sizeof *r);

	r->final_num = -1;
	return (r);
}

/* Free the buffer. */
void
tp_reasm_free(struct tp_reasm *r)
{
	if (r == NULL)
		return;
	tp_reasm_clear(r);
	free(r->slots);
	free(r);
}

/* Read the header of a body of at least TP_FRAG_HDR bytes. */
void
tp_frag_parse(const uint8_t *p, size_t len, struct tp_frag *f)
{
	uint16_t word = tp_get16(p + 8);

	f->id = tp_get64(p);
	f->final = (word & TP_FRAG_FINAL) != 0;
	f->num = word & TP_FRAG_MAXNUM;
	f->data = p + TP_FRAG_HDR;
	f->len = len - TP_FRAG_HDR;
}

/* Write a fragment header. */
void
tp_frag_header(uint8_t *p, uint64_t id, uint16_t num, int final)
{
	tp_put64(p, id);
	tp_put16(p + 8, (num & TP_FRAG_MAXNUM) | (final ? TP_FRAG_FINAL : 0));
}

/* Forget the held fragments, keeping the id; a slot array grown large
 * is given back. */
static void
tp_reasm_clear(struct tp_reasm *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->slots[i].data);
	r->n = 0;
	if (r->size > TP_REASM_KEEP_SLOTS) {
		free(r->slots);
		r->slots = NULL;
		r->size = 0;
	}
	r->final_num = -1;
	r->bytes = 0;
}

/* The index of the first held fragment numbered num or more. */
static size_t
tp_reasm_find(const struct tp_reasm *r, int num)
{
	size_t lo = 0, hi = r->n, mid;

	if (r->n != 0 && r->slots[r->n - 1].num < num)
		return (r->n);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->slots[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* The highest number held, or -1. */
static int
tp_reasm_max(const struct tp_reasm *r)
{
	return (r->n == 0 ? -1 : r->slots[r->n - 1].num);
}

/* Check a fragment not held yet against what the id has seen. */
static int
tp_reasm_check_new(const struct tp_reasm *r, const struct tp_frag *f)
{
	if (r->final_num >= 0 && (f->final || f->num > r->final_num))
		return (-1);
	if (f->final && tp_reasm_max(r) > f->num)
		return (-1);
	if (r->bytes + f->len > TP_FRAG_MAXBYTES)
		return (-1);
	return (0);
}

/* Would this fragment be consistent with the buffer? 0 or -1. */
int
tp_reasm_check(const struct tp_reasm *r, const struct tp_frag *f)
{
	const struct tp_slot *s;
	size_t i;

	if (!r->have_id || f->id != r->id)
		return (0);
	if (r->poisoned)
		return (-1);
	i = tp_reasm_find(r, f->num);
	if (i == r->n || r->slots[i].num != f->num)
		return (tp_reasm_check_new(r, f));
	s = &r->slots[i];
	if (s->len != f->len || memcmp(s->data, f->data, f->len) != 0)
		return (-1);
	if (f->final != (f->num == r->final_num))
		return (-1);
	return (0);
}

/* Keep a copy of a new fragment at index i. */
static void
tp_reasm_store(struct tp_reasm *r, size_t i, const struct tp_frag *f)
{
	struct tp_slot *s;

	if (r->n == r->size) {
		r->size = r->size == 0 ? 8 : r->size * 2;
		r->slots = tp_xrealloc(r->slots, r->size * sizeof *r->slots);
	}
	memmove(r->slots + i + 1, r->slots + i, (r->n - i) * sizeof *r->slots);
	r->n++;
	s = &r->slots[i];
	s->num = f->num;
	s->data = tp_xmalloc(f->len);
	memcpy(s->data, f->data, f->len);
	s->len = f->len;
	if (f->final)
		r->final_num = f->num;
	r->bytes += f->len;
}

/* Concatenate the complete instruction into out. */
static void
tp_reasm_join(struct tp_reasm *r, struct tp_buf *out)
{
	size_t i;

	tp_buf_reset(out);
	for (i = 0; i < r->n; i++)
		tp_buf_add(out, r->slots[i].data, r->slots[i].len);
	tp_reasm_clear(r);
}

/* Add a checked fragment; 1 with out filled when complete, else 0. */
int
tp_reasm_add(struct tp_reasm *r, const struct tp_frag *f, struct tp_buf *out)
{
	size_t i;

	if (!r->have_id || f->id != r->id) {
		tp_reasm_clear(r);
		r->have_id = 1;
		r->id = f->id;
		r->poisoned = 0;
	}
	i = tp_reasm_find(r, f->num);
	if (i < r->n && r->slots[i].num == f->num)
		return (0);
	tp_reasm_store(r, i, f);
	if (r->final_num < 0 || r->n != (size_t)r->final_num + 1)
		return (0);
	tp_reasm_join(r, out);
	return (1);
}

/* Drop the partial instruction; later fragments of its id are refused. */
void
tp_reasm_drop(struct tp_reasm *r)
{
	tp_reasm_clear(r);
	r->poisoned = 1;
}

/* Report the id being assembled, fragments held and their bytes. */
void
tp_reasm_state(
    const struct tp_reasm *r, uint64_t *id, unsigned *count, size_t *bytes)
{
	*id = r->id;
	*count = (unsigned)r->n;
	*bytes = r->bytes;
}
