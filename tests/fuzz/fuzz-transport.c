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
 * libFuzzer target for the transport's parsers (make fuzz; not part of CI):
 *
 *	make fuzz O=/tmp/f
 *	/tmp/f/fuzz/fuzz-transport -max_len=8192 CORPUS
 *
 * The first byte picks the target: an Instruction, a HostMessage or
 * UserMessage (re-encoded when it parses), a bounded inflate, or a run of
 * length-prefixed bodies sealed with a fixed key and fed to one tp_conn,
 * so that reassembly state carries across datagrams.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transport/tp-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
static void fuzz_conn(const uint8_t *, size_t, struct tp_instruction *);

/* Seal each length-prefixed body and hand it to one connection. */
static void
fuzz_conn(const uint8_t *data, size_t size, struct tp_instruction *inst)
{
	static const struct tp_key key = { { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15 } };
	uint8_t d[TP_RECEIVE_MTU], nonce[TP_NONCE_LEN];
	struct tp_conn *c = tp_conn_new(&key, 1);
	struct tp_crypto *cr = tp_crypto_new(key.bytes);
	size_t off = 0, len;
	uint64_t seq = 0;

	while (off + 2 <= size) {
		len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		if (len > TP_RECEIVE_MTU - TP_MIN_DATAGRAM)
			len = TP_RECEIVE_MTU - TP_MIN_DATAGRAM;
		seq += data[off - 1] & 1;
		tp_put64(d, seq);
		tp_crypto_nonce(nonce, seq);
		tp_crypto_seal(
		    cr, nonce, NULL, 0, data + off, len, d + TP_SEQ_LEN);
		tp_conn_receive(c, seq, d, len + TP_MIN_DATAGRAM, inst, NULL);
		off += len;
	}
	tp_crypto_free(cr);
	tp_conn_free(c);
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_instruction inst = { 0 };
	struct tp_message msg = { 0 };
	struct tp_buf b = { 0 };
	int host;

	if (size < 1)
		return (0);
	host = (data[0] & 4) != 0;
	switch (data[0] % 4) {
	case 0:
		tp_instruction_decode(data + 1, size - 1, &inst);
		break;
	case 1:
		if (tp_message_decode(data + 1, size - 1, host, &msg) == 0)
			tp_message_encode(&msg, host, &b);
		break;
	case 2:
		tp_uncompress(data + 1, size - 1, &b);
		break;
	default:
		fuzz_conn(data + 1, size - 1, &inst);
		break;
	}
	tp_instruction_free(&inst);
	tp_message_free(&msg);
	tp_buf_free(&b);
	return (0);
}
