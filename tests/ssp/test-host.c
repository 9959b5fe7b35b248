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
 * The host screen state type: the HostMessage diff (EchoAck, Resize,
 * HostBytes in that order, one extension per item), apply and its
 * refusals, equality, and the must-nots of ../shared/ssp-wire.md
 * section 12: no query in HostBytes, no Resize below 1, no decreasing
 * EchoAck.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/test.h"
#include "ssp/ssp.h"
#include "tests/ssp/ssp-test.h"

#define H (&ssp_host_ops)

static int replies;

static void reply_cb(void *arg, const char *buf, size_t len);
static struct ssp_host *mkhost(int cols, int rows, const char *text);
static void describe(const struct tp_buf *b, char *out, size_t size);
static int roundtrip(const struct ssp_host *from, const struct ssp_host *to,
    const struct tp_buf *b);
static void test_items(void);
static void test_refuse(void);
static void test_queries(void);
static void test_equal(void);
static void test_size(void);
static void test_garbage(void);

/* Count replies from an emulator. */
static void
reply_cb(void *arg, const char *buf, size_t len)
{
	replies++;
}

/* A host state of the given size with text written into it. */
static struct ssp_host *
mkhost(int cols, int rows, const char *text)
{
	struct ssp_host *h = ssp_host_new(emu_new(cols, rows, 0));

	emu_write(ssp_host_emu(h), text, strlen(text));
	return (h);
}

/* Describe a diff's items: E<n>; R<w>x<h>; B<len>; */
static void
describe(const struct tp_buf *b, char *out, size_t size)
{
	struct tp_message msg = { 0 };
	size_t i, len = 0;

	out[0] = '\0';
	if (tp_message_decode(b->data, b->len, 1, &msg) != 0) {
		snprintf(out, size, "bad");
		return;
	}
	for (i = 0; i < msg.n; i++) {
		if (msg.items[i].type == TP_ITEM_ECHOACK)
			len += snprintf(out + len, size - len, "E%llu;",
			    (unsigned long long)msg.items[i].echo_ack);
		else if (msg.items[i].type == TP_ITEM_RESIZE)
			len += snprintf(out + len, size - len, "R%dx%d;",
			    msg.items[i].width, msg.items[i].height);
		else
			len += snprintf(out + len, size - len, "B;");
	}
	tp_message_free(&msg);
}

/* Apply a diff to a copy of from and compare with to. */
static int
roundtrip(const struct ssp_host *from, const struct ssp_host *to,
    const struct tp_buf *b)
{
	struct ssp_host *r = H->clone(from);
	int ok;

	ok = H->apply(r, b->data, b->len) == 0 && H->equal(r, to) &&
	    emu_screen_equal(ssp_host_emu(r), ssp_host_emu(to));
	H->free(r);
	return (ok);
}

/* Item order and content. */
static void
test_items(void)
{
	struct ssp_host *a = mkhost(80, 24, ""), *b, *c, *big;
	struct tp_buf d = { 0 };
	char s[128];

	b = mkhost(80, 24, "hello");
	H->diff(a, a, &d);
	CHECK_INT(d.len, 0, "equal states: empty diff");
	CHECK(H->equal(a, a) && !H->equal(a, b), "equal");
	H->diff(a, b, &d);
	describe(&d, s, sizeof s);
	CHECK_STR(s, "B;", "text: one HostBytes");
	CHECK(roundtrip(a, b, &d), "text applies");
	ssp_host_set_echo_ack(b, 3);
	ssp_host_set_echo_ack(b, 2);
	CHECK_INT(ssp_host_echo_ack(b), 3, "set_echo_ack never lowers");
	tp_buf_reset(&d);
	H->diff(a, b, &d);
	describe(&d, s, sizeof s);
	CHECK_STR(s, "E3;B;", "EchoAck first");
	c = H->clone(b);
	ssp_host_set_echo_ack(c, 4);
	tp_buf_reset(&d);
	H->diff(b, c, &d);
	describe(&d, s, sizeof s);
	CHECK_STR(s, "E4;", "echo-ack alone");
	CHECK(roundtrip(b, c, &d), "echo-ack applies");
	emu_resize(ssp_host_emu(c), 100, 30);
	emu_write(ssp_host_emu(c), "\033[31mX", 6);
	tp_buf_reset(&d);
	H->diff(a, c, &d);
	describe(&d, s, sizeof s);
	CHECK_STR(s, "E4;R100x30;B;", "EchoAck, Resize, HostBytes");
	CHECK(roundtrip(a, c, &d), "applies on the old size");
	big = mkhost(100, 30, "");
	CHECK(roundtrip(big, c, &d),
	    "applies on a blank terminal of the new size (ssp-wire 7.1)");
	emu_write(ssp_host_emu(big), "junk\033[5;5Hmore\033[?25l", 21);
	CHECK(roundtrip(big, c, &d), "a resize is a full repaint");
	tp_buf_reset(&d);
	H->diff(c, a, &d);
	describe(&d, s, sizeof s);
	CHECK_STR(s, "R80x24;B;", "a lower echo-ack is never sent");
	ssp_host_set_emu(b, emu_clone(ssp_host_emu(c), 0));
	CHECK(emu_screen_equal(ssp_host_emu(b), ssp_host_emu(c)),
	    "ssp_host_set_emu");
	tp_buf_free(&d);
	H->free(a);
	H->free(b);
	H->free(c);
	H->free(big);
}

/* What apply refuses. */
static void
test_refuse(void)
{
	struct ssp_host *h = mkhost(80, 24, "x");
	struct tp_message msg = { 0 };
	struct tp_buf b = { 0 };
	static const int sizes[][2] = { { 0, 24 }, { 80, 0 }, { -1, 24 },
		{ 80, 5000 }, { 4096, 4096 } };
	size_t i;

	ssp_host_set_echo_ack(h, 5);
	tp_message_add_echoack(&msg, 4);
	tp_message_encode(&msg, 1, &b);
	CHECK_INT(H->apply(h, b.data, b.len), -1, "EchoAck going down refused");
	tp_message_free(&msg);
	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		memset(&msg, 0, sizeof msg);
		tp_buf_reset(&b);
		tp_message_add_resize(&msg, sizes[i][0], sizes[i][1]);
		tp_message_encode(&msg, 1, &b);
		CHECK_INT(H->apply(h, b.data, b.len), -1, "bad Resize refused");
		tp_message_free(&msg);
	}
	CHECK_INT(emu_cols(ssp_host_emu(h)), 80, "size unchanged");
	CHECK_INT(H->apply(h, (const uint8_t *)"\x0a\x09\x12", 3), -1,
	    "malformed protobuf refused");
	memset(&msg, 0, sizeof msg);
	tp_buf_reset(&b);
	tp_message_add_echoack(&msg, 5);
	tp_message_add_resize(&msg, 90, 20);
	tp_message_add_bytes(&msg, "ok", 2);
	tp_message_encode(&msg, 1, &b);
	CHECK_INT(H->apply(h, b.data, b.len), 0, "a good message applies");
	CHECK_INT(emu_cols(ssp_host_emu(h)), 90, "resized");
	tp_message_free(&msg);
	tp_buf_free(&b);
	H->free(h);
}

/* Queries written by the application never reach the diff. */
static void
test_queries(void)
{
	static const char q[] = "a\033[6nb\033[c\033[>c\033[5n\033[0c"
				"\033[?1$p\033Z\033[>0c\033[?6n c";
	struct ssp_host *a = mkhost(80, 24, ""), *b = mkhost(80, 24, q);
	struct tp_message msg = { 0 };
	struct tp_buf d = { 0 };
	struct emu *e = emu_new(80, 24, 0);
	size_t i;
	int found = 0;

	H->diff(a, b, &d);
	CHECK(tp_message_decode(d.data, d.len, 1, &msg) == 0, "decodes");
	for (i = 0; i < msg.n; i++) {
		if (msg.items[i].type != TP_ITEM_BYTES)
			continue;
		found |=
		    has_query(msg.items[i].bytes.data, msg.items[i].bytes.len);
		emu_set_reply(e, reply_cb, NULL);
		emu_write(e, msg.items[i].bytes.data, msg.items[i].bytes.len);
	}
	CHECK(!found, "no query in HostBytes");
	CHECK_INT(replies, 0, "the diff makes no emulator reply");
	CHECK(roundtrip(a, b, &d), "the text still arrives");
	tp_message_free(&msg);
	tp_buf_free(&d);
	emu_free(e);
	H->free(a);
	H->free(b);
}

/* Title, bell and modes alone are changes too. */
static void
test_equal(void)
{
	static const char *const one[] = { "\033]2;t\007", "\007",
		"\033[?2004h", "\033[?1000h", "\033[?5h", "\033[1m",
		"\033[?25l", "\033[?1004h" };
	struct ssp_host *a = mkhost(80, 24, ""), *b;
	struct tp_buf d = { 0 };
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof one / sizeof *one; i++) {
		b = mkhost(80, 24, one[i]);
		tp_buf_reset(&d);
		H->diff(a, b, &d);
		ok &= !H->equal(a, b) && d.len > 0;
		H->free(b);
	}
	CHECK(ok, "title, bell, paste, mouse, reverse, pen, cursor, focus");
	tp_buf_free(&d);
	H->free(a);
}

/* A screen of distinct true-colour cells: the diff stays small. */
static void
test_size(void)
{
	struct ssp_host *a = mkhost(200, 60, ""), *b = mkhost(200, 60, "");
	struct tp_buf d = { 0 };
	char cell[64];
	int i, n;

	for (i = 0; i < 200 * 60; i++) {
		n = snprintf(cell, sizeof cell,
		    "\033[38;2;%d;%d;%d;48;2;%d;%d;%dm%c", i & 255,
		    (i >> 3) & 255, (i >> 5) & 255, (i * 7) & 255,
		    (i * 3) & 255, (i * 11) & 255, 'a' + i % 26);
		emu_write(ssp_host_emu(b), cell, n);
	}
	H->diff(a, b, &d);
	printf("# 200x60 true-colour screen: diff %zu bytes\n", d.len);
	CHECK(d.len < 1024 * 1024, "diff under 1 MiB");
	CHECK(roundtrip(a, b, &d), "and it applies");
	tp_buf_free(&d);
	H->free(a);
	H->free(b);
}

/* Mutated and random diffs are applied or refused, never a crash. */
static void
test_garbage(void)
{
	struct ssp_host *a = mkhost(80, 24, ""), *b, *r;
	struct tp_buf d = { 0 };
	uint8_t buf[4096];
	unsigned int seed = 3, i, k, n, ok = 0, bad = 0;

	b = mkhost(80, 24, "\033[31mhello\033[5;5Hworld\033]0;t\007");
	ssp_host_set_echo_ack(b, 7);
	emu_resize(ssp_host_emu(b), 50, 10);
	H->diff(a, b, &d);
	for (i = 0; i < 3000; i++) {
		n = d.len < sizeof buf ? d.len : sizeof buf;
		memcpy(buf, d.data, n);
		if (i % 3 == 0)
			n = rand_r(&seed) % (n + 1);
		for (k = 0; n > 0 && k < 1 + i % 4; k++)
			buf[rand_r(&seed) % n] = rand_r(&seed);
		if (i % 7 == 0) {
			n = rand_r(&seed) % 64;
			for (k = 0; k < n; k++)
				buf[k] = rand_r(&seed);
		}
		r = H->clone(a);
		if (H->apply(r, buf, n) == 0)
			ok++;
		else
			bad++;
		H->free(r);
	}
	printf("# 3000 mutated diffs: %u applied, %u refused\n", ok, bad);
	CHECK(ok + bad == 3000, "mutated HostMessages: no crash");
	tp_buf_free(&d);
	H->free(a);
	H->free(b);
}

/* Run the host screen tests. */
int
main(void)
{
	test_items();
	test_refuse();
	test_queries();
	test_equal();
	test_size();
	test_garbage();
	return (test_done());
}
