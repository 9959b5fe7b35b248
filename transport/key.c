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
 * The session key (section 1.3): 16 bytes written as 22 characters of
 * standard base64 without the trailing "==".  Parsing follows mosh: exactly
 * 22 characters, valid base64, 16 bytes, and re-encoding must give the same
 * 22 characters (so the last character is one of A, Q, g, w).
 */

#include <sys/random.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "transport/tp-internal.h"

static const char tp_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Parse a 22-character key; on error set *why to mosh's message. */
int
tp_key_parse(const char *s, struct tp_key *key, const char **why)
{
	unsigned char in[TP_KEY_B64_LEN + 3], out[TP_KEY_LEN + 3];
	char again[TP_KEY_B64_LEN + 1];

	if (strlen(s) != TP_KEY_B64_LEN) {
		*why = "Key must be 22 letters long.";
		return (-1);
	}
	if (strspn(s, tp_b64_alphabet) != TP_KEY_B64_LEN) {
		*why = "Key must be well-formed base64.";
		return (-1);
	}
	memcpy(in, s, TP_KEY_B64_LEN);
	memcpy(in + TP_KEY_B64_LEN, "==", 3);
	/* 24 characters decode to 18 bytes, the last two from padding. */
	if (EVP_DecodeBlock(out, in, TP_KEY_B64_LEN + 2) != TP_KEY_LEN + 2) {
		*why = "Key must represent 16 octets.";
		return (-1);
	}
	memcpy(key->bytes, out, TP_KEY_LEN);
	tp_key_format(key, again);
	if (strcmp(again, s) != 0) {
		*why = "Base64 key was not encoded 128-bit key.";
		return (-1);
	}
	return (0);
}

/* Write the key as 22 base64 characters and a NUL. */
void
tp_key_format(const struct tp_key *key, char out[TP_KEY_B64_LEN + 1])
{
	unsigned char tmp[TP_KEY_B64_LEN + 3];

	EVP_EncodeBlock(tmp, key->bytes, TP_KEY_LEN);
	memcpy(out, tmp, TP_KEY_B64_LEN);
	out[TP_KEY_B64_LEN] = '\0';
}

/* Fill the key from the kernel's random source; abort if there is none. */
void
tp_key_random(struct tp_key *key)
{
	size_t done = 0;
	ssize_t n;

	while (done < TP_KEY_LEN) {
		n = getrandom(key->bytes + done, TP_KEY_LEN - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "getrandom: %s\n", strerror(errno));
			abort();
		}
		done += (size_t)n;
	}
}
