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
 * The host screen, the server's state (../shared/ssp-wire.md section 9):
 * a terminal and the echo-ack number.  The diff is a HostBuffers
 * HostMessage of EchoAck (if it changed), Resize (if the size changed)
 * and HostBytes from the emulator's mosh-safe display, one extension per
 * item, in that order.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/ssp-internal.h"

struct ssp_host {
	struct emu *emu;
	uint64_t echo_ack;
};

static void *ssp_host_clone(const void *);
static void ssp_host_free(void *);
static int ssp_host_equal(const void *, const void *);
static void ssp_host_diff(const void *, const void *, struct tp_buf *);
static int ssp_host_apply(void *, const uint8_t *, size_t);
static int ssp_host_same_emu(const struct emu *, const struct emu *);
static int ssp_host_same_str(const char *, const char *);
static void ssp_host_bytes(
    const struct emu *, const struct emu *, struct tp_message *);

const struct ssp_state_ops ssp_host_ops = {
	.name = "host",
	.clone = ssp_host_clone,
	.free = ssp_host_free,
	.equal = ssp_host_equal,
	.diff = ssp_host_diff,
	.apply = ssp_host_apply,
	.subtract = NULL,
};

/* The modes the display diff carries: a change in one is a change. */
static const enum emu_mode ssp_host_modes[] = {
	EMU_MODE_CURSOR_VISIBLE,
	EMU_MODE_REVERSE_VIDEO,
	EMU_MODE_BRACKETED_PASTE,
	EMU_MODE_FOCUS,
};

/* Is a terminal size one we send and accept? */
int
ssp_size_ok(int64_t width, int64_t height)
{
	if (width < 1 || height < 1)
		return (0);
	if (width > SSP_MAX_SIDE || height > SSP_MAX_SIDE)
		return (0);
	return (width * height <= SSP_MAX_CELLS);
}

/* A host state owning emu, with echo-ack 0. */
struct ssp_host *
ssp_host_new(struct emu *emu)
{
	struct ssp_host *h;

	h = ssp_xcalloc(1, sizeof *h);
	h->emu = emu;
	return (h);
}

/* The terminal of a host state. */
struct emu *
ssp_host_emu(const struct ssp_host *h)
{
	return (h->emu);
}

/* Replace the terminal of a host state. */
void
ssp_host_set_emu(struct ssp_host *h, struct emu *emu)
{
	if (emu == h->emu)
		return;
	emu_free(h->emu);
	h->emu = emu;
}

/* The echo-ack number of a host state. */
uint64_t
ssp_host_echo_ack(const struct ssp_host *h)
{
	return (h->echo_ack);
}

/* Raise the echo-ack number; it never goes down. */
void
ssp_host_set_echo_ack(struct ssp_host *h, uint64_t echo_ack)
{
	if (echo_ack > h->echo_ack)
		h->echo_ack = echo_ack;
}

/* A copy without the scrollback. */
static void *
ssp_host_clone(const void *p)
{
	const struct ssp_host *h = p;
	struct ssp_host *c;

	c = ssp_xcalloc(1, sizeof *c);
	c->emu = emu_clone(h->emu, 0);
	c->echo_ack = h->echo_ack;
	return (c);
}

/* Free a host state and its terminal. */
static void
ssp_host_free(void *p)
{
	struct ssp_host *h = p;

	if (h == NULL)
		return;
	emu_free(h->emu);
	free(h);
}

/* Compare two strings that may be NULL. */
static int
ssp_host_same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Would the display diff between two terminals be empty? */
static int
ssp_host_same_emu(const struct emu *a, const struct emu *b)
{
	uint32_t afg, abg, bfg, bbg;
	uint16_t aattr, battr;
	size_t i;

	if (emu_cols(a) != emu_cols(b) || emu_rows(a) != emu_rows(b))
		return (0);
	if (!emu_screen_equal(a, b))
		return (0);
	for (i = 0; i < sizeof ssp_host_modes / sizeof *ssp_host_modes; i++) {
		if (emu_mode(a, ssp_host_modes[i]) !=
		    emu_mode(b, ssp_host_modes[i]))
			return (0);
	}
	if (emu_mouse(a) != emu_mouse(b) ||
	    emu_mouse_encoding(a) != emu_mouse_encoding(b))
		return (0);
	emu_pen(a, &aattr, &afg, &abg);
	emu_pen(b, &battr, &bfg, &bbg);
	if (aattr != battr || afg != bfg || abg != bbg)
		return (0);
	if (emu_bell_count(a) != emu_bell_count(b) ||
	    emu_title_set(a) != emu_title_set(b))
		return (0);
	return (ssp_host_same_str(emu_title(a), emu_title(b)) &&
	    ssp_host_same_str(emu_icon(a), emu_icon(b)) &&
	    ssp_host_same_str(emu_clipboard(a), emu_clipboard(b)));
}

/* Same echo-ack and the same screen? */
static int
ssp_host_equal(const void *pa, const void *pb)
{
	const struct ssp_host *a = pa, *b = pb;

	return (
	    a->echo_ack == b->echo_ack && ssp_host_same_emu(a->emu, b->emu));
}

/* Add Resize and HostBytes turning from's terminal into to's.  After a
 * resize the bytes are a full repaint, valid however the receiver
 * resized its copy (a stock client cuts and pads, we may reflow). */
static void
ssp_host_bytes(
    const struct emu *from, const struct emu *to, struct tp_message *msg)
{
	struct emu_buf eb;

	memset(&eb, 0, sizeof eb);
	if (emu_cols(from) != emu_cols(to) || emu_rows(from) != emu_rows(to)) {
		tp_message_add_resize(msg, emu_cols(to), emu_rows(to));
		from = NULL;
	}
	emu_display(&eb, from, to, EMU_DISPLAY_MOSH, NULL);
	if (eb.len != 0)
		tp_message_add_bytes(msg, eb.data, eb.len);
	emu_buf_free(&eb);
}

/* The HostMessage turning from into to (empty if they are equal). */
static void
ssp_host_diff(const void *pfrom, const void *pto, struct tp_buf *out)
{
	const struct ssp_host *from = pfrom, *to = pto;
	struct tp_message msg;

	memset(&msg, 0, sizeof msg);
	if (to->echo_ack > from->echo_ack)
		tp_message_add_echoack(&msg, to->echo_ack);
	if (!ssp_host_same_emu(from->emu, to->emu))
		ssp_host_bytes(from->emu, to->emu, &msg);
	if (msg.n != 0)
		tp_message_encode(&msg, 1, out);
	tp_message_free(&msg);
}

/* Apply a HostMessage item by item; -1 if malformed or unsafe (a lower
 * echo-ack, a size out of range). */
static int
ssp_host_apply(void *p, const uint8_t *buf, size_t len)
{
	struct ssp_host *h = p;
	struct tp_message msg;
	struct tp_item *it;
	size_t i;
	int rc = -1;

	memset(&msg, 0, sizeof msg);
	if (tp_message_decode(buf, len, 1, &msg) != 0)
		goto out;
	for (i = 0; i < msg.n; i++) {
		it = &msg.items[i];
		switch (it->type) {
		case TP_ITEM_ECHOACK:
			if (it->echo_ack < h->echo_ack)
				goto out;
			h->echo_ack = it->echo_ack;
			break;
		case TP_ITEM_RESIZE:
			if (!ssp_size_ok(it->width, it->height))
				goto out;
			emu_resize(h->emu, it->width, it->height);
			break;
		case TP_ITEM_BYTES:
			emu_write(h->emu, it->bytes.data, it->bytes.len);
			break;
		}
	}
	rc = 0;
out:
	tp_message_free(&msg);
	return (rc);
}
