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
 * AES-128-OCB (RFC 7253) through OpenSSL EVP, as section 3.6 describes:
 * one context per direction, 12-byte nonce, 16-byte tag appended to the
 * ciphertext.  The key is set once; each packet passes only its nonce.
 */

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "transport/tp-internal.h"

struct tp_crypto {
	EVP_CIPHER_CTX *enc;
	EVP_CIPHER_CTX *dec;
};

static EVP_CIPHER_CTX *tp_crypto_ctx(const uint8_t *, int);

/* Make one context for one direction, keyed, nonce length 12. */
static EVP_CIPHER_CTX *
tp_crypto_ctx(const uint8_t *key, int enc)
{
	EVP_CIPHER_CTX *ctx;

	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		abort();
	if (EVP_CipherInit_ex(ctx, EVP_aes_128_ocb(), NULL, NULL, NULL, enc) !=
		1 ||
	    EVP_CIPHER_CTX_ctrl(
		ctx, EVP_CTRL_AEAD_SET_IVLEN, TP_NONCE_LEN, NULL) != 1)
		abort();
	if (enc &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, TP_TAG_LEN, NULL) !=
		1)
		abort();
	if (EVP_CipherInit_ex(ctx, NULL, NULL, key, NULL, enc) != 1)
		abort();
	return (ctx);
}

/* Create the two contexts for a key. */
struct tp_crypto *
tp_crypto_new(const uint8_t key[TP_KEY_LEN])
{
	struct tp_crypto *c = tp_xcalloc(1, sizeof *c);

	c->enc = tp_crypto_ctx(key, 1);
	c->dec = tp_crypto_ctx(key, 0);
	return (c);
}

/* Free both contexts. */
void
tp_crypto_free(struct tp_crypto *c)
{
	if (c == NULL)
		return;
	EVP_CIPHER_CTX_free(c->enc);
	EVP_CIPHER_CTX_free(c->dec);
	free(c);
}

/* Build mosh's nonce: four zero bytes, then v big-endian. */
void
tp_crypto_nonce(uint8_t nonce[TP_NONCE_LEN], uint64_t v)
{
	memset(nonce, 0, 4);
	tp_put64(nonce + 4, v);
}

/* Encrypt and authenticate; out receives plen bytes and the tag. */
int
tp_crypto_seal(struct tp_crypto *c, const uint8_t nonce[TP_NONCE_LEN],
    const uint8_t *aad, size_t alen, const uint8_t *plain, size_t plen,
    uint8_t *out)
{
	int n, done = 0;

	if (EVP_EncryptInit_ex(c->enc, NULL, NULL, NULL, nonce) != 1)
		return (-1);
	if (alen != 0 &&
	    EVP_EncryptUpdate(c->enc, NULL, &n, aad, (int)alen) != 1)
		return (-1);
	if (plen != 0 &&
	    EVP_EncryptUpdate(c->enc, out, &done, plain, (int)plen) != 1)
		return (-1);
	if (EVP_EncryptFinal_ex(c->enc, out + done, &n) != 1)
		return (-1);
	if ((size_t)(done + n) != plen)
		return (-1);
	if (EVP_CIPHER_CTX_ctrl(
		c->enc, EVP_CTRL_AEAD_GET_TAG, TP_TAG_LEN, out + plen) != 1)
		return (-1);
	return (0);
}

/* Verify and decrypt; returns the plaintext length or -1. */
ssize_t
tp_crypto_open(struct tp_crypto *c, const uint8_t nonce[TP_NONCE_LEN],
    const uint8_t *aad, size_t alen, const uint8_t *in, size_t clen,
    uint8_t *out)
{
	uint8_t tag[TP_TAG_LEN];
	size_t plen;
	int n, done = 0;

	if (clen < TP_TAG_LEN)
		return (-1);
	plen = clen - TP_TAG_LEN;
	memcpy(tag, in + plen, TP_TAG_LEN);
	if (EVP_DecryptInit_ex(c->dec, NULL, NULL, NULL, nonce) != 1 ||
	    EVP_CIPHER_CTX_ctrl(
		c->dec, EVP_CTRL_AEAD_SET_TAG, TP_TAG_LEN, tag) != 1)
		return (-1);
	if (alen != 0 &&
	    EVP_DecryptUpdate(c->dec, NULL, &n, aad, (int)alen) != 1)
		return (-1);
	if (plen != 0 &&
	    EVP_DecryptUpdate(c->dec, out, &done, in, (int)plen) != 1)
		return (-1);
	if (EVP_DecryptFinal_ex(c->dec, out + done, &n) != 1)
		return (-1);
	if ((size_t)(done + n) != plen)
		return (-1);
	return ((ssize_t)plen);
}
