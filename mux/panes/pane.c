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
 * A pane is a pseudo-terminal, the child process on its slave side and
 * the emulator its output is fed into.  This file holds its life cycle,
 * geometry and exit status; pane-io.c moves bytes and pane-spawn.c starts
 * the child.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mux/panes/pane-internal.h"

static void pane_reply(void *, const char *, size_t);

/* Allocate zeroed memory or abort. */
void *
pane_xcalloc(size_t n, size_t size)
{
	return (emu_xcalloc(n, size));
}

/* Grow or shrink memory or abort. */
void *
pane_xrealloc(void *p, size_t size)
{
	return (emu_xrealloc(p, size));
}

/* Clamp a requested size to what a pane accepts. */
void
pane_clamp_size(int *cols, int *rows)
{
	if (*cols < 1)
		*cols = 1;
	if (*cols > PANE_MAX_COLS)
		*cols = PANE_MAX_COLS;
	if (*rows < 1)
		*rows = 1;
	if (*rows > PANE_MAX_ROWS)
		*rows = PANE_MAX_ROWS;
}

/* Start the child on a new pty and create its emulator. */
struct pane *
pane_new(const struct pane_spec *spec, const char **cause)
{
	struct pane *wp;
	int cols = spec->cols, rows = spec->rows, fd, history;
	pid_t pid;

	pane_clamp_size(&cols, &rows);
	pid = pane_spawn(spec, cols, rows, &fd, cause);
	if (pid == -1)
		return (NULL);

	wp = pane_xcalloc(1, sizeof *wp);
	wp->fd = fd;
	wp->pid = pid;
	wp->cols = cols;
	wp->rows = rows;
	history = spec->history > 0 ? spec->history : PANE_HISTORY_DEFAULT;
	wp->emu = emu_new(cols, rows, history);
	emu_set_reply(wp->emu, pane_reply, wp);
	wp->rbuf = pane_xcalloc(1, PANE_READ_SIZE);
	return (wp);
}

/* Close the pty, reap the child if it is gone already, and free. */
void
pane_free(struct pane *wp)
{
	if (wp == NULL)
		return;
	if (wp->fd != -1)
		close(wp->fd);
	if (!wp->exited) {
		kill(wp->pid, SIGHUP);
		pane_exited(wp);
	}
	emu_free(wp->emu);
	free(wp->rbuf);
	free(wp->wbuf);
	free(wp);
}

/* Emulator callback: queue a query's answer for the application. */
static void
pane_reply(void *arg, const char *buf, size_t len)
{
	pane_write_raw(arg, buf, len);
}

/* Return the pty master. */
int
pane_fd(const struct pane *wp)
{
	return (wp->fd);
}

/* Return the child's pid. */
pid_t
pane_pid(const struct pane *wp)
{
	return (wp->pid);
}

/* Return the pane's emulator. */
struct emu *
pane_emu(const struct pane *wp)
{
	return (wp->emu);
}

/* Return the pane's width. */
int
pane_cols(const struct pane *wp)
{
	return (wp->cols);
}

/* Return the pane's height. */
int
pane_rows(const struct pane *wp)
{
	return (wp->rows);
}

/* Resize the pty and the emulator together. */
void
pane_resize(struct pane *wp, int cols, int rows)
{
	struct winsize ws;

	pane_clamp_size(&cols, &rows);
	if (cols == wp->cols && rows == wp->rows)
		return;
	memset(&ws, 0, sizeof ws);
	ws.ws_col = cols;
	ws.ws_row = rows;
	if (wp->fd != -1)
		ioctl(wp->fd, TIOCSWINSZ, &ws);
	emu_resize(wp->emu, cols, rows);
	wp->cols = cols;
	wp->rows = rows;
}

/* Signal the child's process group (or the child if that fails). */
int
pane_kill(struct pane *wp, int sig)
{
	if (wp->exited)
		return (-1);
	if (kill(-wp->pid, sig) == 0)
		return (0);
	return (kill(wp->pid, sig));
}

/* Reap the child without blocking; 1 once it has exited. */
int
pane_exited(struct pane *wp)
{
	pid_t r;

	if (wp->exited)
		return (1);
	do
		r = waitpid(wp->pid, &wp->status, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == wp->pid || (r == -1 && errno == ECHILD)) {
		if (r == -1)
			wp->status = 0;
		wp->exited = 1;
	}
	return (wp->exited);
}

/* Return the child's wait status. */
int
pane_status(const struct pane *wp)
{
	return (wp->status);
}
