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

/* The pane module's private header: the pane structure and helpers. */

#ifndef MOSHMUX_PANE_INTERNAL_H
#define MOSHMUX_PANE_INTERNAL_H

#include "mux/panes/pane.h"

/* Read calls per pane_read before giving the event loop back. */
#define PANE_READ_LOOPS 4
/* Scrollback lines when the spec asks for none. */
#define PANE_HISTORY_DEFAULT 2000

/* One pane: the pty master, the child and the emulator. */
struct pane {
	int fd;
	pid_t pid;
	int exited;
	int status;

	struct emu *emu;
	int cols;
	int rows;

	char *rbuf; /* PANE_READ_SIZE bytes */

	char *wbuf; /* input queue: bytes [woff, wlen) are pending */
	size_t woff;
	size_t wlen;
	size_t wsize;
};

/* pane-spawn.c */
pid_t pane_spawn(
    const struct pane_spec *, int cols, int rows, int *fd, const char **cause);

/* pane.c */
void pane_clamp_size(int *cols, int *rows);

#endif
