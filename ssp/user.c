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
 * The user stream, the client's state (../shared/ssp-wire.md section 10):
 * every keystroke and resize since the session began, in order.  Each
 * event has an absolute index (a key byte and a resize count one each),
 * so a state keeps its place in the one growing chain even after the
 * prefix that the peer already holds has been subtracted.  The diff is a
 * ClientBuffers.UserMessage of exactly the events beyond the older state.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp-internal.h"

struct ssp_user {
	struct ssp_event *ev;
	size_t n;
	size_t size;
	uint64_t end; /* one past the last event's index */
};

static void *ssp_user_clone(const void *);
static void ssp_user_free(void *);
static int ssp_user_equal(const void *, const void *);
static void ssp_user_diff(const void *, const void *, struct tp_buf *);
static int ssp_user_apply(void *, const uint8_t *, size_t);
static void ssp_user_subtract(void *, const void *);
static void *ssp_user_cut(const void *, const void *, size_t);
static void ssp_user_copy_event(
    struct ssp_user *, const struct ssp_event *, size_t);
static struct ssp_event *ssp_user_add(struct ssp_user *);
static uint64_t ssp_event_span(const struct ssp_event *);
static size_t ssp_user_first(const struct ssp_user *, uint64_t);

const struct ssp_state_ops ssp_user_ops = {
	.name = "user",
	.clone = ssp_user_clone,
	.free = ssp_user_free,
	.equal = ssp_user_equal,
	.diff = ssp_user_diff,
	.apply = ssp_user_apply,
	.subtract = ssp_user_subtract,
	.cut = ssp_user_cut,
};

/* An empty stream. */
struct ssp_user *
ssp_user_new(void)
{
	return (ssp_xcalloc(1, sizeof(struct ssp_user)));
}

/* How many indexes an event covers. */
static uint64_t
ssp_event_span(const struct ssp_event *ev)
{
	return (ev->type == SSP_EVENT_KEYS ? ev->len : 1);
}

/* Append a blank event at the end. */
static struct ssp_event *
ssp_user_add(struct ssp_user *u)
{
	struct ssp_event *ev;

	if (u->n == u->size) {
		u->size = u->size == 0 ? 8 : u->size * 2;
		u->ev = ssp_xreallocarray(u->ev, u->size, sizeof *u->ev);
	}
	ev = &u->ev[u->n++];
	memset(ev, 0, sizeof *ev);
	ev->index = u->end;
	return (ev);
}

/* Append key bytes as one event. */
void
ssp_user_push_keys(struct ssp_user *u, const void *buf, size_t len)
{
	struct ssp_event *ev;

	if (len == 0)
		return;
	ev = ssp_user_add(u);
	ev->type = SSP_EVENT_KEYS;
	ev->keys = ssp_xmalloc(len);
	memcpy(ev->keys, buf, len);
	ev->len = len;
	u->end += len;
}

/* Append a resize; a size ssp_size_ok refuses is dropped, never sent. */
void
ssp_user_push_resize(struct ssp_user *u, int width, int height)
{
	struct ssp_event *ev;

	if (!ssp_size_ok(width, height))
		return;
	ev = ssp_user_add(u);
	ev->type = SSP_EVENT_RESIZE;
	ev->width = width;
	ev->height = height;
	u->end++;
}

/* Index of the first event that reaches beyond index from. */
static size_t
ssp_user_first(const struct ssp_user *u, uint64_t from)
{
	size_t lo = 0, hi = u->n, mid;
	const struct ssp_event *ev;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		ev = &u->ev[mid];
		if (ev->index + ssp_event_span(ev) <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Events that reach beyond index from; the first may begin before it
 * if from is not the end of an earlier state of the same chain. */
size_t
ssp_user_events(
    const struct ssp_user *u, uint64_t from, const struct ssp_event **events)
{
	size_t first;

	first = ssp_user_first(u, from);
	*events = u->ev + first;
	return (u->n - first);
}

/* One past the last event's index. */
uint64_t
ssp_user_end(const struct ssp_user *u)
{
	return (u->end);
}

/* A deep copy. */
static void *
ssp_user_clone(const void *p)
{
	const struct ssp_user *u = p;
	struct ssp_user *c;
	size_t i;

	c = ssp_xcalloc(1, sizeof *c);
	c->end = u->end;
	c->n = c->size = u->n;
	if (u->n == 0)
		return (c);
	c->ev = ssp_xreallocarray(NULL, u->n, sizeof *c->ev);
	memcpy(c->ev, u->ev, u->n * sizeof *c->ev);
	for (i = 0; i < u->n; i++) {
		if (u->ev[i].type != SSP_EVENT_KEYS)
			continue;
		c->ev[i].keys = ssp_xmalloc(u->ev[i].len);
		memcpy(c->ev[i].keys, u->ev[i].keys, u->ev[i].len);
	}
	return (c);
}

/* Free a stream. */
static void
ssp_user_free(void *p)
{
	struct ssp_user *u = p;
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++)
		free(u->ev[i].keys);
	free(u->ev);
	free(u);
}

/* Two states of one chain are equal when they end at the same index. */
static int
ssp_user_equal(const void *a, const void *b)
{
	const struct ssp_user *ua = a, *ub = b;

	return (ua->end == ub->end);
}

/* The events of to beyond from, consecutive keys merged into one. */
static void
ssp_user_diff(const void *pfrom, const void *pto, struct tp_buf *out)
{
	const struct ssp_user *from = pfrom, *to = pto;
	const struct ssp_event *ev;
	struct tp_message msg;
	struct tp_buf keys;
	size_t i, off;

	memset(&msg, 0, sizeof msg);
	memset(&keys, 0, sizeof keys);
	for (i = ssp_user_first(to, from->end); i < to->n; i++) {
		ev = &to->ev[i];
		if (ev->type == SSP_EVENT_KEYS) {
			off = from->end > ev->index ? from->end - ev->index : 0;
			tp_buf_add(&keys, ev->keys + off, ev->len - off);
			continue;
		}
		if (keys.len != 0)
			tp_message_add_bytes(&msg, keys.data, keys.len);
		tp_buf_reset(&keys);
		tp_message_add_resize(&msg, ev->width, ev->height);
	}
	if (keys.len != 0)
		tp_message_add_bytes(&msg, keys.data, keys.len);
	if (msg.n != 0)
		tp_message_encode(&msg, 0, out);
	tp_message_free(&msg);
	tp_buf_free(&keys);
}

/* Append the events of a UserMessage; -1 if malformed or unsafe. */
static int
ssp_user_apply(void *p, const uint8_t *buf, size_t len)
{
	struct ssp_user *u = p;
	struct tp_message msg;
	struct tp_item *it;
	size_t i;

	memset(&msg, 0, sizeof msg);
	if (tp_message_decode(buf, len, 0, &msg) != 0)
		goto bad;
	for (i = 0; i < msg.n; i++) {
		it = &msg.items[i];
		if (it->type == TP_ITEM_RESIZE &&
		    !ssp_size_ok(it->width, it->height))
			goto bad;
	}
	for (i = 0; i < msg.n; i++) {
		it = &msg.items[i];
		if (it->type == TP_ITEM_BYTES)
			ssp_user_push_keys(u, it->bytes.data, it->bytes.len);
		else if (it->type == TP_ITEM_RESIZE)
			ssp_user_push_resize(u, it->width, it->height);
	}
	tp_message_free(&msg);
	return (0);
bad:
	tp_message_free(&msg);
	return (-1);
}

/* Drop the events that prefix (an older state) holds completely. */
static void
ssp_user_subtract(void *p, const void *pprefix)
{
	struct ssp_user *u = p;
	const struct ssp_user *prefix = pprefix;
	size_t i, n;

	n = ssp_user_first(u, prefix->end);
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		free(u->ev[i].keys);
	memmove(u->ev, u->ev + n, (u->n - n) * sizeof *u->ev);
	u->n -= n;
}

/* Append a copy of ev, keeping only its first len key bytes. */
static void
ssp_user_copy_event(struct ssp_user *u, const struct ssp_event *ev, size_t len)
{
	struct ssp_event *c;

	c = ssp_user_add(u);
	*c = *ev;
	if (ev->type == SSP_EVENT_KEYS) {
		c->len = len;
		c->keys = ssp_xmalloc(len);
		memcpy(c->keys, ev->keys, len);
	}
	u->end = c->index + ssp_event_span(c);
}

/* The stream to cut short so that its diff from from carries at most
 * about max bytes, or NULL if it already does. */
static void *
ssp_user_cut(const void *pfrom, const void *pto, size_t max)
{
	const struct ssp_user *from = pfrom, *to = pto;
	const struct ssp_event *ev;
	struct ssp_user *c;
	size_t i, last, off, span, total = 0;

	for (last = ssp_user_first(to, from->end); last < to->n; last++) {
		ev = &to->ev[last];
		off = from->end > ev->index ? from->end - ev->index : 0;
		span = ev->type == SSP_EVENT_KEYS ? ev->len - off : 16;
		if (total + span > max)
			break;
		total += span;
	}
	if (last == to->n)
		return (NULL);
	c = ssp_user_new();
	for (i = 0; i < last; i++)
		ssp_user_copy_event(c, &to->ev[i], to->ev[i].len);
	ev = &to->ev[last];
	off = from->end > ev->index ? from->end - ev->index : 0;
	if (ev->type == SSP_EVENT_KEYS)
		ssp_user_copy_event(
		    c, ev, off + (max > total ? max - total : 1));
	else if (total == 0)
		ssp_user_copy_event(c, ev, 0);
	if (c->n == 0)
		c->end = from->end;
	return (c);
}
