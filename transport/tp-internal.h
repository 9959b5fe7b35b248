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
 * The transport's private header: the layers under struct tp_conn, each in
 * its own file (crypto.c, proto.c, fragment.c, compress.c, packet.c), and
 * the byte-order helpers they share.  Tests include it to reach the layers
 * one at a time.
 */

#ifndef MOSHMUX_TP_INTERNAL_H
#define MOSHMUX_TP_INTERNAL_H

#include "transport/transport.h"

/* Section 3: 12-byte nonce, 16-byte tag, 8 wire bytes of nonce. */
#define TP_NONCE_LEN	 12
#define TP_TAG_LEN	 16
#define TP_SEQ_LEN	 8
#define TP_DIRECTION_BIT (UINT64_C(1) << 63)
#define TP_SEQ_MASK	 (~TP_DIRECTION_BIT)

/* Section 4: two timestamps; 0xffff means none. */
#define TP_TS_LEN	4
#define TP_TS_NONE	0xffff
#define TP_OVERHEAD	(TP_SEQ_LEN + TP_TAG_LEN + TP_TS_LEN) /* 28 bytes */
#define TP_MIN_DATAGRAM (TP_SEQ_LEN + TP_TAG_LEN)	      /* 24 bytes */

/* Section 4.4: datagram payload limits. */
#define TP_MTU_IPV4  (1280 - 28)
#define TP_MTU_IPV6  (1280 - 64)
#define TP_MTU_SMALL 500

/* Section 4.2: timing constants, milliseconds. */
#define TP_REPLY_VALID	  1000 /* echo a timestamp held less than this */
#define TP_RTT_CEILING	  5000 /* ignore samples at or above this */
#define TP_SRTT_INITIAL	  1000.0
#define TP_RTTVAR_INITIAL 500.0
#define TP_RTO_MIN	  50
#define TP_RTO_MAX	  1000
#define TP_INTERVAL_MIN	  20
#define TP_INTERVAL_MAX	  250
#define TP_CE_PENALTY	  500 /* timestamp penalty on ECN CE */

/* Section 5.1: fragment header. */
#define TP_FRAG_HDR    10
#define TP_FRAG_FINAL  0x8000
#define TP_FRAG_MAXNUM 0x7fff
/* Compressed bytes one instruction may hold while reassembling: a zlib
 * stream of an instruction under 4 MiB is never much larger. */
#define TP_FRAG_MAXBYTES (TP_MAX_INSTRUCTION + 65536)

/* Big-endian helpers. */
void tp_put16(uint8_t *, uint16_t);
void tp_put64(uint8_t *, uint64_t);
uint16_t tp_get16(const uint8_t *);
uint64_t tp_get64(const uint8_t *);

/* crypto.c: AES-128-OCB through OpenSSL EVP. */
struct tp_crypto;
struct tp_crypto *tp_crypto_new(const uint8_t key[TP_KEY_LEN]);
void tp_crypto_free(struct tp_crypto *);
/* Seal plen bytes into out (plen + TP_TAG_LEN bytes); returns 0 or -1. */
int tp_crypto_seal(struct tp_crypto *, const uint8_t nonce[TP_NONCE_LEN],
    const uint8_t *aad, size_t alen, const uint8_t *plain, size_t plen,
    uint8_t *out);
/* Open clen bytes (ciphertext and tag) into out (clen - TP_TAG_LEN
 * bytes); returns the plaintext length or -1 if not authentic. */
ssize_t tp_crypto_open(struct tp_crypto *, const uint8_t nonce[TP_NONCE_LEN],
    const uint8_t *aad, size_t alen, const uint8_t *in, size_t clen,
    uint8_t *out);
/* The mosh nonce: four zero bytes and the 64-bit value big-endian. */
void tp_crypto_nonce(uint8_t nonce[TP_NONCE_LEN], uint64_t);

/* proto.c: protobuf wire primitives. */
struct tp_pb {
	const uint8_t *p;
	const uint8_t *end;
};
void tp_pb_put_varint(struct tp_buf *, uint64_t);
void tp_pb_put_uint(struct tp_buf *, int field, uint64_t);
void tp_pb_put_bytes(struct tp_buf *, int field, const void *, size_t);
/* Read one field key; returns 1, 0 at the end, -1 if malformed. */
int tp_pb_key(struct tp_pb *, int *field, int *wire);
int tp_pb_varint(struct tp_pb *, uint64_t *);
/* Read a length-delimited field's extent. */
int tp_pb_bytes(struct tp_pb *, const uint8_t **, size_t *);
/* Skip a field of wire type 0, 1, 2 or 5. */
int tp_pb_skip(struct tp_pb *, int wire);

/* compress.c: zlib, with streams kept between instructions. */
struct tp_zlib;
struct tp_zlib *tp_zlib_new(void);
void tp_zlib_free(struct tp_zlib *);
void tp_zlib_compress(
    struct tp_zlib *, const uint8_t *, size_t, struct tp_buf *);
int tp_zlib_uncompress(
    struct tp_zlib *, const uint8_t *, size_t, struct tp_buf *);
/* One-shot versions. */
void tp_compress(const uint8_t *, size_t, struct tp_buf *);
/* Inflate into out, at most TP_MAX_INSTRUCTION bytes; 0 or -1. */
int tp_uncompress(const uint8_t *, size_t, struct tp_buf *);

/* fragment.c: the fragment header and single-buffer reassembly. */
struct tp_frag {
	uint64_t id;
	uint16_t num;
	int final;
	const uint8_t *data;
	size_t len;
};
struct tp_reasm;
struct tp_reasm *tp_reasm_new(void);
void tp_reasm_free(struct tp_reasm *);
/* Parse a fragment from a body of at least TP_FRAG_HDR bytes. */
void tp_frag_parse(const uint8_t *, size_t, struct tp_frag *);
/* Write a fragment header. */
void tp_frag_header(uint8_t *, uint64_t id, uint16_t num, int final);
/* Check a fragment against the buffer without changing it; 0 or -1. */
int tp_reasm_check(const struct tp_reasm *, const struct tp_frag *);
/* Add a checked fragment; returns 1 and fills out (the compressed
 * instruction) when complete, else 0. */
int tp_reasm_add(struct tp_reasm *, const struct tp_frag *, struct tp_buf *out);
/* Discard the partial instruction (its id stays poisoned). */
void tp_reasm_drop(struct tp_reasm *);
void tp_reasm_state(
    const struct tp_reasm *, uint64_t *id, unsigned *count, size_t *bytes);

/* packet.c: timestamps and RTT. */
struct tp_timing {
	double srtt;
	double rttvar;
	int rtt_hit;
	int saved_ts; /* -1: none */
	uint64_t saved_ts_at;
};
void tp_timing_init(struct tp_timing *);
uint16_t tp_timestamp16(uint64_t now);
/* The reply for the next datagram, forgetting the held timestamp. */
uint16_t tp_timing_reply(struct tp_timing *, uint64_t now);
/* A fresh datagram arrived with these timestamps. */
void tp_timing_receive(
    struct tp_timing *, uint64_t now, uint16_t ts, uint16_t reply);
void tp_timing_congestion(struct tp_timing *);
int tp_timing_rto(const struct tp_timing *);
int tp_timing_interval(const struct tp_timing *);

#endif
