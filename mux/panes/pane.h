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
 * The pane's public face.
 *
 * A struct pane is one pseudo-terminal with a child process on its slave
 * side (the user's login shell or a given command) and the terminal
 * emulator that its output is fed into.  The pane reads output in large
 * non-blocking chunks, writes input (translating cursor keys for DECCKM)
 * through a bounded buffer so that a slow application never blocks the
 * caller, answers the application's queries through the pty, resizes the
 * pty and the emulator together, and reaps the child.
 *
 * There is no event loop inside: the caller polls pane_fd() for reading
 * (and for writing while pane_want_write() says so) and calls pane_read()
 * and pane_flush().  Only mux/ and server.c use this module.
 */

#ifndef MOSHMUX_PANE_H
#define MOSHMUX_PANE_H

#include <sys/types.h>

#include <stddef.h>

#include "emulator/emulator.h"

/* Bytes read from the pty in one read call. */
#define PANE_READ_SIZE 65536
/* Largest input backlog kept for a slow application; more is dropped. */
#define PANE_WRITE_MAX (4 * 1024 * 1024)
/* Size limits applied to every resize and to pane_new. */
#define PANE_MAX_COLS 1000
#define PANE_MAX_ROWS 500

struct pane;

/* What to run and how.  Every pointer may be NULL. */
struct pane_spec {
	char *const *argv; /* command; NULL runs the user's login shell */
	const char *term;  /* TERM for the child; NULL: xterm-256color */
	char *const *env;  /* extra NAME=VALUE strings, NULL-terminated */
	const char *cwd;   /* starting directory; NULL: $HOME */
	int cols;	   /* size; out-of-range values are clamped */
	int rows;
	int history; /* scrollback lines kept by the emulator */
};

/* Start a pane; on failure return NULL and set *cause (static text). */
struct pane *pane_new(const struct pane_spec *, const char **cause);
/* Close the pty (the child gets SIGHUP from the kernel) and free. */
void pane_free(struct pane *);

/* The pty master, non-blocking and close-on-exec. */
int pane_fd(const struct pane *);
/* The child's pid (also its process group). */
pid_t pane_pid(const struct pane *);
/* The emulator holding the pane's screen. */
struct emu *pane_emu(const struct pane *);

/*
 * Read what the pty holds (up to a bounded amount per call) into the
 * emulator.  Returns the bytes read (> 0), 0 at end of file (the slave
 * side is closed), or -1 with errno set (EAGAIN: nothing to read).
 */
ssize_t pane_read(struct pane *);

/* Queue typed bytes for the application (ESC O A..D translated unless
 * the application set DECCKM); returns bytes dropped for lack of room. */
size_t pane_write_keys(struct pane *, const void *, size_t);
/* Queue bytes unchanged (pastes, replies). Returns bytes dropped. */
size_t pane_write_raw(struct pane *, const void *, size_t);
/* Write as much of the queue as the pty takes; -1 on a write error. */
int pane_flush(struct pane *);
/* Are bytes waiting for the pty to become writable? */
int pane_want_write(const struct pane *);

/* Resize the pty (the child gets SIGWINCH) and the emulator. */
void pane_resize(struct pane *, int cols, int rows);
int pane_cols(const struct pane *);
int pane_rows(const struct pane *);

/* Send a signal to the child's process group; -1 if it is gone. */
int pane_kill(struct pane *, int sig);
/* Reap the child if it has exited; returns 1 once it has. */
int pane_exited(struct pane *);
/* The child's wait status (valid once pane_exited returned 1). */
int pane_status(const struct pane *);

/* Allocation helpers that abort on failure. */
void *pane_xcalloc(size_t, size_t);
void *pane_xrealloc(void *, size_t);

#endif
