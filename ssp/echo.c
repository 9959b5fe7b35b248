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
 * client states that carried user input, with the time each was applied.
 * The echo-ack is the newest of them applied at least 50 ms ago, so the
 * application has had time to echo the input; it never decreases.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp-internal.h"

#define SSP_ECHO_MAX 1024 /* pending entries kept */

struct ssp_echo_entry {
	uint64_t num;
	uint64_t time;
};

struct ssp_echo {
	struct ssp_echo_entry *e;
	size_t n;
	uint64_t ack;
};

/* A tracker with echo-ack 0. */
struct ssp_echo *
ssp_echo_new(void)
{
	struct ssp_echo *ec;

	ec = ssp_xcalloc(1, sizeof *ec);
	ec->e = ssp_xcalloc(SSP_ECHO_MAX, sizeof *ec->e);
	return (ec);
}

/* Free a tracker. */
void
ssp_echo_free(struct ssp_echo *ec)
{
	if (ec == NULL)
		return;
	free(ec->e);
	free(ec);
}

/* Client state num, holding user input, was applied at now. */
void
ssp_echo_record(struct ssp_echo *ec, uint64_t num, uint64_t now)
{
	if (num <= ec->ack)
		return;
	if (ec->n > 0 && num <= ec->e[ec->n - 1].num)
		return;
	if (ec->n == SSP_ECHO_MAX)
		ec->n--; /* the newest entry is replaced: its ack comes later */
	ec->e[ec->n].num = num;
	ec->e[ec->n].time = now;
	ec->n++;
}

/* Bring the echo-ack up to date at now and return it. */
uint64_t
ssp_echo_update(struct ssp_echo *ec, uint64_t now)
{
	size_t i = 0;

	while (i < ec->n && ec->e[i].time + SSP_ECHO_TIMEOUT <= now) {
		ec->ack = ec->e[i].num;
		i++;
	}
	memmove(ec->e, ec->e + i, (ec->n - i) * sizeof *ec->e);
	ec->n -= i;
	return (ec->ack);
}

/* The current echo-ack (as of the last update). */
uint64_t
ssp_echo_ack(const struct ssp_echo *ec)
{
	return (ec->ack);
}

/* When the echo-ack next changes, or UINT64_MAX if nothing is pending. */
uint64_t
ssp_echo_next_due(const struct ssp_echo *ec)
{
	if (ec->n == 0)
		return (UINT64_MAX);
	return (ec->e[0].time + SSP_ECHO_TIMEOUT);
}
