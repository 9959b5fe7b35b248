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
 * Crypto tests: the RFC 7253 Appendix A sample results (AES-128, 128-bit
 * tag), the mosh datagram of ssp-wire.md 3.7 byte for byte, and key
 * parsing with mosh's error messages.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test.h"
#include "transport/tp-internal.h"

/* One sample: nonce's last byte, lengths of A and P (prefixes of
 * 00 01 02 ...), and the expected ciphertext with tag. */
static const struct {
	uint8_t n;
	size_t alen;
	size_t plen;
	const char *c;
} rfc7253[] = {
	{ 0x00, 0, 0, "785407BFFFC8AD9EDCC5520AC9111EE6" },
	{ 0x01, 8, 8, "6820B3657B6F615A5725BDA0D3B4EB3A257C9AF1F8F03009" },
	{ 0x02, 8, 0, "81017F8203F081277152FADE694A0A00" },
	{ 0x03, 0, 8, "45DD69F8F5AAE72414054CD1F35D82760B2CD00D2F99BFA9" },
	{ 0x04, 16, 16,
	    "571D535B60B277188BE5147170A9A22C3AD7A4FF3835B8C5"
	    "701C1CCEC8FC3358" },
	{ 0x05, 16, 0, "8CF761B6902EF764462AD86498CA6B97" },
	{ 0x06, 0, 16,
	    "5CE88EC2E0692706A915C00AEB8B2396F40E1C743F52436B"
	    "DF06D8FA1ECA343D" },
	{ 0x07, 24, 24,
	    "1CA2207308C87C010756104D8840CE1952F09673A448A122"
	    "C92C62241051F57356D7F3C90BB0E07F" },
	{ 0x08, 24, 0, "6DC225A071FC1B9F7C69F93B0F1E10DE" },
	{ 0x09, 0, 24,
	    "221BD0DE7FA6FE993ECCD769460A0AF2D6CDED0C395B1C3C"
	    "E725F32494B9F914D85C0B1EB38357FF" },
	{ 0x0a, 32, 32,
	    "BD6F6C496201C69296C11EFD138A467ABD3C707924B964DE"
	    "AFFC40319AF5A48540FBBA186C5553C68AD9F592A79A4240" },
	{ 0x0b, 32, 0, "FE80690BEE8A485D11F32965BC9D2A32" },
	{ 0x0c, 0, 32,
	    "2942BFC773BDA23CABC6ACFD9BFD5835BD300F0973792EF4"
	    "6040C53F1432BCDFB5E1DDE3BC18A5F840B52E653444D5DF" },
	{ 0x0d, 40, 40,
	    "D5CA91748410C1751FF8A2F618255B68A0A12E093FF45460"
	    "6E59F9C1D0DDC54B65E8628E568BAD7AED07BA06A4A69483"
	    "A7035490C5769E60" },
	{ 0x0e, 40, 0, "C5CD9D1850C141E358649994EE701B68" },
	{ 0x0f, 0, 40,
	    "4412923493C57D5DE0D700F753CCE0D1D2D95060122E9F15"
	    "A5DDBFC5787E50B5CC55EE507BCB084E479AD363AC366B95"
	    "A98CA5F3000B1479" },
};

/* Decode hex into out; returns the byte count. */
static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned int v;

	while (s[0] != '\0' && s[1] != '\0' && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return (n);
}

/* Every Appendix A sample through tp_crypto_seal and tp_crypto_open. */
static void
test_rfc7253(void)
{
	uint8_t key[16], seq[64], nonce[12], want[128], out[128], back[64];
	struct tp_crypto *c;
	char what[64];
	size_t i, n;
	ssize_t got;

	for (i = 0; i < sizeof seq; i++)
		seq[i] = (uint8_t)i;
	memcpy(key, seq, 16);
	unhex("BBAA99887766554433221100", nonce);
	c = tp_crypto_new(key);
	for (i = 0; i < sizeof rfc7253 / sizeof rfc7253[0]; i++) {
		nonce[11] = rfc7253[i].n;
		n = unhex(rfc7253[i].c, want);
		tp_crypto_seal(
		    c, nonce, seq, rfc7253[i].alen, seq, rfc7253[i].plen, out);
		snprintf(what, sizeof what, "RFC 7253 sample N=..%02X seals",
		    rfc7253[i].n);
		CHECK(n == rfc7253[i].plen + 16 && memcmp(out, want, n) == 0,
		    what);
		got = tp_crypto_open(
		    c, nonce, seq, rfc7253[i].alen, want, n, back);
		snprintf(what, sizeof what, "RFC 7253 sample N=..%02X opens",
		    rfc7253[i].n);
		CHECK(got == (ssize_t)rfc7253[i].plen &&
			memcmp(back, seq, rfc7253[i].plen) == 0,
		    what);
		want[n - 1] ^= 1;
		snprintf(what, sizeof what, "RFC 7253 N=..%02X bad tag fails",
		    rfc7253[i].n);
		CHECK_INT(tp_crypto_open(
			      c, nonce, seq, rfc7253[i].alen, want, n, back),
		    -1, what);
	}
	tp_crypto_free(c);
}

/* Collect datagrams from tp_conn_send. */
struct sink {
	uint8_t d[8][TP_RECEIVE_MTU];
	size_t len[8];
	int n;
};

/* Store one datagram. */
static void
sink_cb(void *arg, const uint8_t *d, size_t len)
{
	struct sink *s = arg;

	if (s->n < 8) {
		memcpy(s->d[s->n], d, len);
		s->len[s->n++] = len;
	}
}

/* The 68-byte client datagram of ssp-wire.md 3.7, both ways. */
static void
test_mosh_vector(void)
{
	static const char *dgram = "0000000000000000fafdb408c6e944e03d8f50c4"
				   "68055ca102428c8571949d686f4420ca31f0060c"
				   "a43d50ffb19e12e522a8cf6edd905e763b6fbbc8"
				   "f59c183ae245141f";
	struct tp_instruction inst = { 0 }, out = { 0 };
	struct tp_message msg = { 0 };
	struct sink s = { 0 };
	struct tp_conn *client, *server;
	struct tp_key key;
	const char *why;
	uint8_t want[68];
	int fresh;

	CHECK_INT(tp_key_parse("AAECAwQFBgcICQoLDA0ODw", &key, &why), 0,
	    "3.7 key parses");
	client = tp_conn_new(&key, 0);
	server = tp_conn_new(&key, 1);
	inst.protocol_version = 2;
	inst.new_num = 1;
	tp_message_add_resize(&msg, 80, 24);
	tp_message_encode(&msg, 0, &inst.diff);
	tp_conn_send(client, 1000, &inst, sink_cb, &s);
	unhex(dgram, want);
	CHECK_INT(s.n, 1, "3.7 one datagram");
	CHECK_INT(s.len[0], 68, "3.7 68 bytes");
	CHECK(s.len[0] == 68 && memcmp(s.d[0], want, 68) == 0,
	    "3.7 datagram byte for byte");
	CHECK_INT(tp_conn_receive(server, 5, want, 68, &out, &fresh), 1,
	    "3.7 server opens it");
	CHECK(fresh, "3.7 fresh");
	CHECK(out.protocol_version == 2 && out.new_num == 1 &&
		out.diff.len == 8 &&
		memcmp(out.diff.data, inst.diff.data, 8) == 0,
	    "3.7 instruction back");
	tp_message_free(&msg);
	CHECK_INT(tp_message_decode(out.diff.data, out.diff.len, 0, &msg), 0,
	    "3.7 diff parses");
	CHECK(msg.n == 1 && msg.items[0].type == TP_ITEM_RESIZE &&
		msg.items[0].width == 80 && msg.items[0].height == 24,
	    "3.7 resize 80x24");
	tp_message_free(&msg);
	tp_instruction_free(&inst);
	tp_instruction_free(&out);
	tp_conn_free(client);
	tp_conn_free(server);
}

/* Key parsing and formatting. */
static void
test_keys(void)
{
	static const struct {
		const char *s;
		const char *why;
	} bad[] = {
		{ "AAECAwQFBgcICQoLDA0OD", "Key must be 22 letters long." },
		{ "AAECAwQFBgcICQoLDA0ODwA", "Key must be 22 letters long." },
		{ "", "Key must be 22 letters long." },
		{ "AAECAwQFBgcICQoLDA0O=w", "Key must be well-formed base64." },
		{ "AAECAwQFBgcICQoLDA0O w", "Key must be well-formed base64." },
		{ "AAECAwQFBgcICQoLDA0O-w", "Key must be well-formed base64." },
		{ "AAECAwQFBgcICQoLDA0ODx",
		    "Base64 key was not encoded 128-bit key." },
		{ "AAECAwQFBgcICQoLDA0OD/",
		    "Base64 key was not encoded 128-bit key." },
	};
	static const char last[] = "AQgw";
	struct tp_key key, k2;
	char out[TP_KEY_B64_LEN + 1], s[TP_KEY_B64_LEN + 1];
	const char *why;
	size_t i;
	int good = 0;

	CHECK_INT(tp_key_parse("sDvD28KfK1W9xXnmdaaaXg", &key, &why), 0,
	    "live key parses");
	tp_key_format(&key, out);
	CHECK_STR(out, "sDvD28KfK1W9xXnmdaaaXg", "live key formats back");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		CHECK_INT(tp_key_parse(bad[i].s, &key, &why), -1, bad[i].why);
		CHECK_STR(why, bad[i].why, "  message");
	}
	strcpy(s, "AAECAwQFBgcICQoLDA0ODw");
	for (i = 0; i < 64; i++) {
		s[21] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789+/"[i];
		if ((tp_key_parse(s, &key, &why) == 0) ==
		    (strchr(last, s[21]) != NULL))
			good++;
	}
	CHECK_INT(good, 64, "22nd character must be one of AQgw");
	tp_key_random(&key);
	tp_key_format(&key, out);
	CHECK_INT(strlen(out), 22, "random key is 22 characters");
	CHECK(tp_key_parse(out, &k2, &why) == 0 &&
		memcmp(k2.bytes, key.bytes, 16) == 0,
	    "random key round trip");
}

int
main(void)
{
	test_rfc7253();
	test_mosh_vector();
	test_keys();
	return (test_done());
}
