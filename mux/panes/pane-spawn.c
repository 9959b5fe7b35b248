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
 * Starting a pane's child: a new pty (forkpty), a clean signal state, the
 * terminal environment mosh-server gives its child (TERM,
 * NCURSES_NO_UTF8_ACS, IUTF8, the home directory) and the user's login
 * shell or the given command.
 */

#include <sys/types.h>
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mux/panes/pane-internal.h"

static void pane_child(const struct pane_spec *) __attribute__((noreturn));
static void pane_child_signals(void);
static void pane_child_env(const struct pane_spec *);
static void pane_child_exec_shell(void) __attribute__((noreturn));

/* Signals a server may catch or ignore; the child gets the defaults. */
static const int pane_child_sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
	SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU,
	SIGALRM };

/* Fork a child on a new pty; returns its pid and the master in *fd. */
pid_t
pane_spawn(const struct pane_spec *spec, int cols, int rows, int *fd,
    const char **cause)
{
	struct winsize ws;
	pid_t pid;
	int flags;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = cols;
	ws.ws_row = rows;
	pid = forkpty(fd, NULL, NULL, &ws);
	if (pid == -1) {
		*cause = "forkpty failed";
		return (-1);
	}
	if (pid == 0)
		pane_child(spec);

	flags = fcntl(*fd, F_GETFL);
	fcntl(*fd, F_SETFL, flags | O_NONBLOCK);
	fcntl(*fd, F_SETFD, FD_CLOEXEC);
	return (pid);
}

/* In the child: set up the terminal and environment, then exec. */
static void
pane_child(const struct pane_spec *spec)
{
	struct termios tio;

	pane_child_signals();
	closefrom(STDERR_FILENO + 1);

	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag |= IUTF8;
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	}
	pane_child_env(spec);

	if (spec->argv == NULL || spec->argv[0] == NULL)
		pane_child_exec_shell();
	execvp(spec->argv[0], spec->argv);
	fprintf(stderr, "moshmux: %s: %s\r\n", spec->argv[0], strerror(errno));
	_exit(127);
}

/* In the child: default dispositions and an empty signal mask. */
static void
pane_child_signals(void)
{
	struct sigaction sa;
	sigset_t set;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof pane_child_sigs / sizeof pane_child_sigs[0]; i++)
		sigaction(pane_child_sigs[i], &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}

/* In the child: TERM and friends, extra variables and the directory. */
static void
pane_child_env(const struct pane_spec *spec)
{
	const char *dir = spec->cwd;
	struct passwd *pw;
	char *const *ep;

	setenv("TERM", spec->term != NULL ? spec->term : "xterm-256color", 1);
	setenv("NCURSES_NO_UTF8_ACS", "1", 1);
	unsetenv("STY");
	unsetenv("MOSH_KEY");
	for (ep = spec->env; ep != NULL && *ep != NULL; ep++) {
		if (strchr(*ep, '=') != NULL)
			putenv(*ep);
	}

	if (dir == NULL)
		dir = getenv("HOME");
	if (dir == NULL && (pw = getpwuid(getuid())) != NULL)
		dir = pw->pw_dir;
	if (dir == NULL || chdir(dir) != 0) {
		dir = "/";
		if (chdir(dir) != 0)
			return;
	}
	setenv("PWD", dir, 1);
}

/* In the child: exec the user's shell as a login shell. */
static void
pane_child_exec_shell(void)
{
	const char *shell = getenv("SHELL"), *base;
	struct passwd *pw;
	char *argv0;

	if (shell == NULL || *shell == '\0' || access(shell, X_OK) != 0) {
		pw = getpwuid(getuid());
		shell = pw != NULL ? pw->pw_shell : NULL;
	}
	if (shell == NULL || *shell == '\0' || access(shell, X_OK) != 0)
		shell = "/bin/sh";
	base = strrchr(shell, '/');
	base = base != NULL ? base + 1 : shell;
	if (asprintf(&argv0, "-%s", base) == -1)
		_exit(127);
	execl(shell, argv0, (char *)NULL);
	fprintf(stderr, "moshmux: %s: %s\r\n", shell, strerror(errno));
	_exit(127);
}
