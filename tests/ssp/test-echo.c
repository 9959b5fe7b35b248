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
 * The server's echo-ack tracker (../shared/ssp-wire.md section 9.5): the
 * newest input state applied at least 50 ms ago, never decreasing.
 */

#include <stdint.h>

#include "tests/test.h"
#include "ssp/ssp.h"

#define T 5000000ULL

/* Run the echo-ack tests. */
int
main(void)
{
	struct ssp_echo *ec = ssp_echo_new();
	uint64_t last = 0, v, now;
	int i, ok = 1;

	CHECK(ssp_echo_next_due(ec) == UINT64_MAX, "nothing pending");
	ssp_echo_record(ec, 4, T);
	CHECK_INT(ssp_echo_next_due(ec), T + 50, "due 50 ms later");
	CHECK_INT(ssp_echo_update(ec, T + 49), 0, "not at 49 ms");
	CHECK_INT(ssp_echo_update(ec, T + 50), 4, "4 at 50 ms");
	ssp_echo_record(ec, 6, T + 60);
	ssp_echo_record(ec, 8, T + 70);
	CHECK_INT(ssp_echo_update(ec, T + 110), 6, "6 at 110 ms");
	CHECK_INT(ssp_echo_next_due(ec), T + 120, "8 due at 120 ms");
	ssp_echo_record(ec, 5, T + 111);
	CHECK_INT(
	    ssp_echo_update(ec, T + 500), 8, "8, an older number ignored");
	CHECK_INT(ssp_echo_ack(ec), 8, "ssp_echo_ack");
	CHECK(ssp_echo_next_due(ec) == UINT64_MAX, "nothing pending again");
	ssp_echo_record(ec, 3, T + 600);
	CHECK_INT(ssp_echo_update(ec, T + 700), 8, "never decreases");
	now = T + 1000;
	for (i = 0; i < 100000; i++) {
		ssp_echo_record(ec, 9 + i, now);
		now += i % 3;
		v = ssp_echo_update(ec, now);
		ok &= v >= last;
		if (v != 0 && v > last)
			ok &= v <= (uint64_t)(9 + i);
		last = v;
	}
	CHECK(ok, "100000 records: monotonic, never ahead of the input");
	CHECK_INT(ssp_echo_update(ec, now + 50), 9 + 99999,
	    "the last one 50 ms later");
	ssp_echo_free(ec);
	return (test_done());
}
