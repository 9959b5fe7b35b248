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
 * Unit tests for mux/panes: real children on real ptys, every wait
 * bounded.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mux/panes/pane.h"
#include "tests/test.h"

/* Milliseconds from the monotonic clock. */
static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000L);
}

/* Copy screen row into buf as text with trailing blanks removed. */
static void
row_text(struct emu *e, int row, char *buf, size_t size)
{
	struct emu_cell gc;
	size_t len = 0, keep = 0, n;
	int col;

	for (col = 0; col < emu_cols(e); col++) {
		emu_cell(e, row, col, &gc);
		if (gc.width == 0)
			continue;
		if (gc.text[0] == '\0')
			strcpy(gc.text, " ");
		n = strlen(gc.text);
		if (len + n + 1 > size)
			break;
		memcpy(buf + len, gc.text, n);
		len += n;
		if (strcmp(gc.text, " ") != 0)
			keep = len;
	}
	buf[keep] = '\0';
}

/* Does any screen row contain s? */
static int
screen_has(struct emu *e, const char *s)
{
	char buf[4096];
	int row;

	for (row = 0; row < emu_rows(e); row++) {
		row_text(e, row, buf, sizeof buf);
		if (strstr(buf, s) != NULL)
			return (1);
	}
	return (0);
}

/* Read the pane until its screen shows s, EOF, or timeout. */
static int
wait_screen(struct pane *wp, const char *s, int timeout)
{
	long end = now_ms() + timeout;
	struct pollfd pfd;
	ssize_t n;

	while (!screen_has(pane_emu(wp), s)) {
		if (now_ms() > end)
			return (0);
		pfd.fd = pane_fd(wp);
		pfd.events = POLLIN;
		if (pane_want_write(wp))
			pfd.events |= POLLOUT;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		if (pfd.revents & POLLOUT)
			pane_flush(wp);
		n = pane_read(wp);
		if (n == 0)
			return (screen_has(pane_emu(wp), s));
	}
	return (1);
}

/* Read until EOF and the child is reaped, or timeout. */
static int
wait_exit(struct pane *wp, int timeout)
{
	long end = now_ms() + timeout;
	struct pollfd pfd;
	int eof = 0;

	while (now_ms() < end) {
		if (eof && pane_exited(wp))
			return (1);
		pfd.fd = pane_fd(wp);
		pfd.events = POLLIN;
		if (eof || poll(&pfd, 1, 50) <= 0) {
			usleep(10000);
			continue;
		}
		if (pane_read(wp) == 0)
			eof = 1;
	}
	return (0);
}

/* Start /bin/sh -c script in a pane of the given size. */
static struct pane *
start(const char *script, int cols, int rows)
{
	static char *argv[4];
	struct pane_spec spec;
	const char *cause = NULL;
	struct pane *wp;

	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = (char *)script;
	argv[3] = NULL;
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.cols = cols;
	spec.rows = rows;
	spec.cwd = "/";
	wp = pane_new(&spec, &cause);
	if (wp == NULL)
		printf("# pane_new: %s\n", cause);
	return (wp);
}

/* Output of the child reaches the emulator; a signal ends it. */
static void
test_output(void)
{
	struct pane *wp = start("printf hello; sleep 5", 80, 24);

	CHECK(wp != NULL, "pane_new starts /bin/sh -c");
	if (wp == NULL)
		return;
	CHECK(pane_fd(wp) >= 0 && pane_pid(wp) > 0, "fd and pid");
	CHECK(wait_screen(wp, "hello", 5000), "child output reaches emulator");
	CHECK_INT(emu_cols(pane_emu(wp)), 80, "emulator width");
	CHECK_INT(emu_rows(pane_emu(wp)), 24, "emulator height");
	CHECK(!pane_exited(wp), "child still running");
	CHECK(pane_kill(wp, SIGTERM) == 0, "pane_kill signals the child");
	CHECK(wait_exit(wp, 5000), "killed child is reaped");
	CHECK(WIFSIGNALED(pane_status(wp)), "status says signalled");
	pane_free(wp);
}

/* The exit status is reaped after end of file. */
static void
test_exit_status(void)
{
	struct pane *wp = start("echo bye; exit 3", 80, 24);

	if (wp == NULL)
		return;
	CHECK(wait_exit(wp, 5000), "EOF and exit seen");
	CHECK(WIFEXITED(pane_status(wp)) && WEXITSTATUS(pane_status(wp)) == 3,
	    "exit status 3");
	CHECK(screen_has(pane_emu(wp), "bye"), "output before exit kept");
	CHECK(pane_exited(wp), "pane_exited stays 1");
	pane_free(wp);
}

/* A resize reaches the child and is clamped. */
static void
test_resize(void)
{
	struct pane *wp =
	    start("stty size; read x; stty size; sleep 5", 80, 24);

	if (wp == NULL)
		return;
	CHECK(wait_screen(wp, "24 80", 5000), "initial size reaches child");
	pane_resize(wp, 100, 30);
	CHECK_INT(pane_cols(wp), 100, "pane width");
	CHECK_INT(emu_rows(pane_emu(wp)), 30, "emulator height after resize");
	pane_write_keys(wp, "go\r", 3);
	CHECK(wait_screen(wp, "30 100", 5000), "resize reaches child");
	pane_resize(wp, 0, -5);
	CHECK(pane_cols(wp) == 1 && pane_rows(wp) == 1, "size clamped to 1");
	pane_resize(wp, 100000, 100000);
	CHECK(pane_cols(wp) == PANE_MAX_COLS && pane_rows(wp) == PANE_MAX_ROWS,
	    "size clamped to maximum");
	pane_free(wp);
}

/* The emulator answers a DA query through the pty. */
static void
test_query(void)
{
	struct pane *wp =
	    start("stty -echo -icanon min 1 time 20;"
		  "printf '\\033[c';"
		  "r=$(dd bs=1 count=3 2>/dev/null | od -An -c | tr -d ' ');"
		  "printf 'R=%s.' \"$r\"; sleep 5",
		80, 24);

	if (wp == NULL)
		return;
	CHECK(wait_screen(wp, "R=033[?.", 5000), "DA query answered via pty");
	pane_free(wp);
}

/* Cursor keys are translated unless the application set DECCKM. */
static void
test_keys(void)
{
	struct pane *wp =
	    start("stty raw -echo;"
		  "r=$(dd bs=1 count=3 2>/dev/null | od -An -c | tr -d ' ');"
		  "printf '\\033[?1hA=%s.' \"$r\";"
		  "r=$(dd bs=1 count=3 2>/dev/null | od -An -c | tr -d ' ');"
		  "printf 'B=%s.' \"$r\"; sleep 5",
		80, 24);

	if (wp == NULL)
		return;
	usleep(100000);
	pane_write_keys(wp, "\033OA", 3);
	CHECK(wait_screen(wp, "A=033[A.", 5000), "ESC O A becomes ESC [ A");
	pane_write_keys(wp, "\033OB", 3);
	CHECK(wait_screen(wp, "B=033OB.", 5000), "kept with DECCKM set");
	pane_free(wp);
}

/* The child gets TERM, NCURSES_NO_UTF8_ACS, IUTF8 and its cwd. */
static void
test_env(void)
{
	struct pane *wp =
	    start("echo T=$TERM.$NCURSES_NO_UTF8_ACS.$(pwd).;"
		  "stty -a | grep -o -- '-*iutf8' | head -1; sleep 5",
		80, 24);

	if (wp == NULL)
		return;
	CHECK(wait_screen(wp, "T=xterm-256color.1./.", 5000),
	    "TERM, NCURSES_NO_UTF8_ACS and cwd");
	CHECK(wait_screen(wp, "iutf8", 5000), "stty shows iutf8");
	CHECK(!screen_has(pane_emu(wp), "-iutf8"), "IUTF8 is on");
	pane_free(wp);
}

/* A child that never reads never blocks the writer. */
static void
test_slow_reader(void)
{
	struct pane *wp = start("sleep 5", 80, 24);
	static char big[1024 * 1024];
	size_t dropped = 0;
	long start_ms = now_ms();
	int i;

	if (wp == NULL)
		return;
	memset(big, 'x', sizeof big);
	for (i = 0; i < 8; i++)
		dropped += pane_write_raw(wp, big, sizeof big);
	CHECK(
	    now_ms() - start_ms < 2000, "writes to a stuck child never block");
	CHECK(dropped > 0, "backlog over the limit is dropped");
	CHECK(pane_want_write(wp), "backlog waits for the pty");
	pane_free(wp);
}

/* A command that cannot run exits with 127. */
static void
test_bad_command(void)
{
	static char *argv[] = { "/nonexistent/moshmux-test", NULL };
	struct pane_spec spec;
	const char *cause;
	struct pane *wp;

	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.cols = 80;
	spec.rows = 24;
	wp = pane_new(&spec, &cause);
	CHECK(wp != NULL, "pane for a missing command still starts");
	if (wp == NULL)
		return;
	CHECK(wait_exit(wp, 5000), "missing command exits");
	CHECK(WEXITSTATUS(pane_status(wp)) == 127, "exit status 127");
	pane_free(wp);
}

/* Run every pane test. */
int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_output();
	test_exit_status();
	test_resize();
	test_query();
	test_keys();
	test_env();
	test_slow_reader();
	test_bad_command();
	return (test_done());
}
