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
 * Moving bytes through a pane's pty: output is read in large chunks and
 * fed to the emulator; input waits in a bounded queue until the pty takes
 * it, so that an application that does not read never blocks the caller.
 */

#include <sys/types.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mux/panes/pane-internal.h"

static char *pane_queue_space(struct pane *, size_t *);

/* Read everything the pty holds (bounded per call) into the emulator. */
ssize_t
pane_read(struct pane *wp)
{
	ssize_t n, total = 0;
	int i;

	for (i = 0; i < PANE_READ_LOOPS; i++) {
		n = read(wp->fd, wp->rbuf, PANE_READ_SIZE);
		if (n > 0) {
			emu_write(wp->emu, wp->rbuf, n);
			total += n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		/* End of file, or EIO once the slave side is closed. */
		if (total > 0)
			break;
		return (0);
	}
	if (pane_want_write(wp))
		pane_flush(wp);
	if (total == 0) {
		errno = EAGAIN;
		return (-1);
	}
	return (total);
}

/* Make room for up to *len more queued bytes and return where they go. */
static char *
pane_queue_space(struct pane *wp, size_t *len)
{
	size_t pending = wp->wlen - wp->woff, room, want;

	if (wp->woff != 0) {
		memmove(wp->wbuf, wp->wbuf + wp->woff, pending);
		wp->woff = 0;
		wp->wlen = pending;
	}
	room = PANE_WRITE_MAX - pending;
	if (*len > room)
		*len = room;
	want = pending + *len;
	if (want > wp->wsize) {
		wp->wsize = want < 4096 ? 4096 : want * 2;
		if (wp->wsize > PANE_WRITE_MAX)
			wp->wsize = PANE_WRITE_MAX;
		wp->wbuf = pane_xrealloc(wp->wbuf, wp->wsize);
	}
	return (wp->wbuf + wp->wlen);
}

/* Queue typed bytes with cursor keys translated for the application. */
size_t
pane_write_keys(struct pane *wp, const void *buf, size_t len)
{
	size_t room = len, n;
	char *out;

	if (len == 0)
		return (0);
	out = pane_queue_space(wp, &room);
	n = emu_translate_keys(wp->emu, buf, room, out);
	wp->wlen += n;
	pane_flush(wp);
	return (len - room);
}

/* Queue bytes unchanged; returns how many did not fit. */
size_t
pane_write_raw(struct pane *wp, const void *buf, size_t len)
{
	size_t room = len;
	char *out;

	if (len == 0)
		return (0);
	out = pane_queue_space(wp, &room);
	memcpy(out, buf, room);
	wp->wlen += room;
	pane_flush(wp);
	return (len - room);
}

/* Write what the pty accepts now; -1 on a real write error. */
int
pane_flush(struct pane *wp)
{
	ssize_t n;

	while (wp->woff < wp->wlen) {
		n = write(wp->fd, wp->wbuf + wp->woff, wp->wlen - wp->woff);
		if (n > 0) {
			wp->woff += n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return (0);
		return (-1);
	}
	wp->woff = wp->wlen = 0;
	return (0);
}

/* Are bytes waiting for the pty? */
int
pane_want_write(const struct pane *wp)
{
	return (wp->woff < wp->wlen);
}
