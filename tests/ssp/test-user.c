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
 * The user stream state type: events with absolute indexes, the
 * UserMessage diff (consecutive keys merged into one Keystroke, each
 * resize its own item), apply, subtract, and the chain rule of
 * ../shared/ssp-wire.md section 10.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/test.h"
#include "ssp/ssp.h"

/* The ops on a user stream, as void pointers. */
#define U (&ssp_user_ops)

static void dump(
    const struct ssp_user *u, uint64_t from, char *out, size_t size);
static void describe(const struct tp_buf *b, char *out, size_t size);
static void test_diff(void);
static void test_apply(void);
static void test_chain(void);
static void test_garbage(void);

/* Serialize everything in u beyond index from as text for comparison. */
static void
dump(const struct ssp_user *u, uint64_t from, char *out, size_t size)
{
	const struct ssp_event *ev;
	size_t n, i, off, len = 0;

	out[0] = '\0';
	n = ssp_user_events(u, from, &ev);
	for (i = 0; i < n && len + 32 < size; i++) {
		if (ev[i].type == SSP_EVENT_RESIZE) {
			len += snprintf(out + len, size - len, "[%dx%d]",
			    ev[i].width, ev[i].height);
			continue;
		}
		off = from > ev[i].index ? from - ev[i].index : 0;
		for (; off < ev[i].len && len + 2 < size; off++)
			out[len++] = ev[i].keys[off];
		out[len] = '\0';
	}
}

/* Decode a diff and describe its items. */
static void
describe(const struct tp_buf *b, char *out, size_t size)
{
	struct tp_message msg = { 0 };
	size_t i, len = 0;

	out[0] = '\0';
	if (tp_message_decode(b->data, b->len, 0, &msg) != 0) {
		snprintf(out, size, "bad");
		return;
	}
	for (i = 0; i < msg.n; i++) {
		if (msg.items[i].type == TP_ITEM_RESIZE)
			len += snprintf(out + len, size - len, "R%dx%d;",
			    msg.items[i].width, msg.items[i].height);
		else
			len += snprintf(out + len, size - len, "K%.*s;",
			    (int)msg.items[i].bytes.len,
			    (char *)msg.items[i].bytes.data);
	}
	tp_message_free(&msg);
}

/* Merging, item order and the exact bytes of a Resize. */
static void
test_diff(void)
{
	struct ssp_user *e = ssp_user_new(), *u = ssp_user_new(), *s1;
	struct tp_buf b = { 0 };
	const uint8_t resize[] = { 0x0a, 0x06, 0x1a, 0x04, 0x28, 0x50, 0x30,
		0x18 };
	char d[256];

	ssp_user_push_resize(u, 80, 24);
	U->diff(e, u, &b);
	CHECK(b.len == sizeof resize && memcmp(b.data, resize, b.len) == 0,
	    "Resize 80x24 is 0a 06 1a 04 28 50 30 18");
	ssp_user_push_keys(u, "ab", 2);
	s1 = U->clone(u);
	ssp_user_push_keys(u, "c", 1);
	ssp_user_push_keys(u, "", 0);
	ssp_user_push_resize(u, 100, 30);
	ssp_user_push_resize(u, 0, 30);
	ssp_user_push_resize(u, 100, -1);
	ssp_user_push_resize(u, 100000, 30);
	ssp_user_push_keys(u, "d", 1);
	CHECK_INT(ssp_user_end(u), 6, "end counts bytes and resizes");
	tp_buf_reset(&b);
	U->diff(e, u, &b);
	describe(&b, d, sizeof d);
	CHECK_STR(d, "R80x24;Kabc;R100x30;Kd;", "diff from the start");
	tp_buf_reset(&b);
	U->diff(s1, u, &b);
	describe(&b, d, sizeof d);
	CHECK_STR(d, "Kc;R100x30;Kd;", "diff from a middle state");
	tp_buf_reset(&b);
	U->diff(u, u, &b);
	CHECK_INT(b.len, 0, "no diff to itself");
	CHECK(!U->equal(s1, u) && U->equal(u, u), "equal");
	tp_buf_free(&b);
	U->free(e);
	U->free(s1);
	U->free(u);
}

/* Apply on a receiver, then subtract, keeping the indexes. */
static void
test_apply(void)
{
	struct ssp_user *a = ssp_user_new(), *r = ssp_user_new(), *r1;
	struct tp_message msg = { 0 };
	struct tp_buf b = { 0 };
	char d[256];

	ssp_user_push_keys(a, "hello", 5);
	ssp_user_push_resize(a, 90, 20);
	U->diff(r, a, &b);
	CHECK_INT(U->apply(r, b.data, b.len), 0, "apply");
	CHECK(U->equal(r, a), "receiver ends where the sender does");
	r1 = U->clone(r);
	ssp_user_push_keys(a, " world", 6);
	tp_buf_reset(&b);
	U->diff(r1, a, &b);
	CHECK_INT(U->apply(r, b.data, b.len), 0, "apply the next diff");
	dump(r, 0, d, sizeof d);
	CHECK_STR(d, "hello[90x20] world", "events in order");
	dump(r, ssp_user_end(r1), d, sizeof d);
	CHECK_STR(d, " world", "events since the older state");
	dump(r, 3, d, sizeof d);
	CHECK_STR(d, "lo[90x20] world", "from inside an event");
	U->subtract(r, r1);
	dump(r, 0, d, sizeof d);
	CHECK_STR(d, " world", "subtract drops the shared prefix");
	CHECK_INT(ssp_user_end(r), 12, "but keeps the indexes");
	U->subtract(r1, r1);
	CHECK_INT(ssp_user_end(r1), 6, "subtracting itself keeps its end");
	tp_buf_reset(&b);
	U->diff(r1, r, &b);
	describe(&b, d, sizeof d);
	CHECK_STR(d, "K world;", "diffs still work after subtracting");
	/* Unsafe and malformed input. */
	tp_message_add_resize(&msg, 0, 24);
	tp_buf_reset(&b);
	tp_message_encode(&msg, 0, &b);
	CHECK_INT(U->apply(r, b.data, b.len), -1, "Resize 0x24 refused");
	tp_message_free(&msg);
	memset(&msg, 0, sizeof msg);
	tp_message_add_bytes(&msg, "x", 1);
	tp_message_add_resize(&msg, 80, 100000);
	tp_buf_reset(&b);
	tp_message_encode(&msg, 0, &b);
	CHECK_INT(U->apply(r, b.data, b.len), -1, "Resize 80x100000 refused");
	CHECK_INT(ssp_user_end(r), 12, "a refused diff adds nothing");
	CHECK_INT(U->apply(r, (const uint8_t *)"\x0a\x05\x12", 3), -1,
	    "malformed protobuf refused");
	tp_message_free(&msg);
	tp_buf_free(&b);
	U->free(a);
	U->free(r);
	U->free(r1);
}

/* Random chains: any older state plus the diff gives the newer one. */
static void
test_chain(void)
{
	struct ssp_user *st[40], *r;
	struct tp_buf b = { 0 };
	char want[4096], got[4096], key[8];
	unsigned int seed = 7, i, j, k, n, ok = 1;

	st[0] = ssp_user_new();
	for (i = 1; i < 40; i++) {
		st[i] = U->clone(st[i - 1]);
		n = rand_r(&seed) % 4;
		for (k = 0; k < n; k++) {
			if (rand_r(&seed) % 5 == 0) {
				ssp_user_push_resize(st[i],
				    1 + rand_r(&seed) % 300,
				    1 + rand_r(&seed) % 100);
				continue;
			}
			j = 1 + rand_r(&seed) % 5;
			memset(key, 'a' + rand_r(&seed) % 26, j);
			ssp_user_push_keys(st[i], key, j);
		}
	}
	for (k = 0; k < 200; k++) {
		i = rand_r(&seed) % 40;
		j = i + rand_r(&seed) % (40 - i);
		r = U->clone(st[i]);
		U->subtract(r, r);
		tp_buf_reset(&b);
		U->diff(st[i], st[j], &b);
		ok &= U->apply(r, b.data, b.len) == 0;
		ok &= U->equal(r, st[j]);
		dump(r, ssp_user_end(st[i]), got, sizeof got);
		dump(st[j], ssp_user_end(st[i]), want, sizeof want);
		ok &= strcmp(got, want) == 0;
		U->free(r);
	}
	CHECK(ok, "200 random (older, newer) pairs: diff + apply = newer");
	for (i = 0; i < 40; i++)
		U->free(st[i]);
	tp_buf_free(&b);
}

/* Mutated and random diffs are applied or refused, never a crash. */
static void
test_garbage(void)
{
	struct ssp_user *a = ssp_user_new(), *b = ssp_user_new(), *r;
	struct tp_buf d = { 0 };
	uint8_t buf[512];
	unsigned int seed = 5, i, k, n, ok = 0;

	ssp_user_push_keys(b, "hello", 5);
	ssp_user_push_resize(b, 80, 24);
	ssp_user_push_keys(b, "\033OA", 3);
	U->diff(a, b, &d);
	for (i = 0; i < 3000; i++) {
		n = d.len;
		memcpy(buf, d.data, n);
		if (i % 3 == 0)
			n = rand_r(&seed) % (n + 1);
		for (k = 0; n > 0 && k < 1 + i % 4; k++)
			buf[rand_r(&seed) % n] = rand_r(&seed);
		r = U->clone(a);
		ok += U->apply(r, buf, n) == 0;
		U->free(r);
	}
	printf("# 3000 mutated diffs: %u applied\n", ok);
	CHECK(1, "mutated UserMessages: no crash");
	tp_buf_free(&d);
	U->free(a);
	U->free(b);
}

/* Run the user stream tests. */
int
main(void)
{
	test_diff();
	test_apply();
	test_chain();
	test_garbage();
	return (test_done());
}
