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
 * The moshmux client: main(), the command line, the control socket
 * requests to the local server, and the terminal side of a session.
 *
 * A session (struct client) is what mosh-client is: the user's terminal in
 * raw mode, one SSP end whose local state is the user stream (keystrokes
 * and resizes) and whose remote state is the host screen, the UDP sockets
 * of the transport, and drawing: the newest host screen plus the
 * notification bar, diffed against what the terminal shows now.
 */

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "emulator/emulator.h"
#include "ssp/ssp.h"
#include "transport/transport.h"

/* After the project headers: term.h defines macros such as "lines". */
#include <curses.h>
#include <term.h>

#define CLIENT_VERSION "moshmux 0.1"

#define CLIENT_READ_SIZE       16384 /* bytes of keyboard input per read */
#define CLIENT_MAX_SOCKS       16    /* UDP sockets polled at once */
#define CLIENT_DGRAMS_PER_WAKE 64    /* datagrams read per readiness */
#define CLIENT_CONNECTING_MS   250   /* "Nothing received" after this */
#define CLIENT_CONNECT_TIMEOUT 15000 /* give up connecting */
#define CLIENT_SERVER_LATE     6500  /* "Last contact" after this */
#define CLIENT_REPLY_LATE      10000 /* "Last reply" after this */
#define CLIENT_MESSAGE_MS      1000  /* temporary messages */
#define CLIENT_BAR_REFRESH     1000  /* bar's count-up refresh */
#define CLIENT_BAR_MAX	       256
#define CLIENT_START_TIMEOUT   10000 /* wait for a started server's line */

/* What the bar's message is, for clearing it at the right time. */
enum client_msg { CLIENT_MSG_TEXT, CLIENT_MSG_HELP, CLIENT_MSG_CONNECTING };

/* The escape key (MOSH_ESCAPE_KEY) and its state. */
struct client_escape {
	int key;     /* 0 when disabled */
	int pass;    /* the key after it that gives a literal escape key */
	int pass2;   /* its lower-case form */
	int need_nl; /* a printable escape key works only after CR or LF */
	int after_nl;
	int pending; /* the escape key was the last byte */
};

/* One session of the client. */
struct client {
	const char *host;
	const char *port;
	struct tp_key key;
	struct tp_conn *conn;
	struct tp_sock *sock;
	struct ssp *ssp;
	int ipv6;
	int small_mtu; /* a send failed with EMSGSIZE */
	uint64_t start;
	uint64_t now;

	struct event_base *base;
	struct event *stdin_ev;
	struct event *timer_ev;
	struct event *sig_ev[10];
	int nsig;
	struct event *sock_ev[CLIENT_MAX_SOCKS];
	unsigned sock_gen;
	int nsock;

	int tty;
	struct termios saved;
	int active; /* raw mode and terminal set up */
	int term_init;
	const char *smcup;
	const char *rmcup;
	struct emu_termcaps caps;
	int cols;
	int rows;

	struct emu *drawn;
	uint64_t drawn_num;
	char drawn_bar[2 * CLIENT_BAR_MAX];
	int repaint;
	struct emu_buf out;

	char msg[CLIENT_BAR_MAX];
	enum client_msg msg_kind;
	uint64_t msg_until; /* 0: until replaced */
	int msg_quit;	    /* add the quit keystroke */
	struct client_escape esc;

	int done;
	int code;
};

/* A top-level command. */
struct client_cmd {
	const char *name;
	int (*exec)(const char *, int, char **);
};

int server_main(int, char **);

static uint64_t client_now(void);
static void client_usage(void);
static int client_cmd_connect(const char *, int, char **);
static int client_cmd_attach(const char *, int, char **);
static int client_cmd_default(const char *, int, char **);
static int client_cmd_kill(const char *, int, char **);
static int client_cmd_server(const char *, int, char **);
static void client_socket_path(const char *, char *, size_t);
static int client_ctl_open(const char *, int, char **);
static int client_ctl_reply(int, char *, size_t);
static void client_copy(char *, size_t, const char *);
static int client_parse_connect(const char *, char *, size_t, char *);
static int client_attach(const char *, int);
static int client_start_server(const char *, char *, size_t);
static int client_read_connect(int, char *, size_t);
static int client_run(const char *, const char *, const char *, const char *);
static int client_setup(struct client *, const char *);
static void client_finish(struct client *);
static int client_clean(struct client *);
static void client_escape_init(struct client_escape *);
static void client_escape_name(int, char *, size_t);
static void client_term_caps(struct client *);
static void client_term_size(struct client *);
static void client_term_raw(struct client *);
static void client_term_enter(struct client *);
static void client_term_leave(struct client *);
static void client_term_atexit(void);
static void client_term_fatal(int);
static int client_term_putc(int);
static void client_write(const char *, size_t);
static void client_events(struct client *);
static void client_stdin_cb(evutil_socket_t, short, void *);
static void client_sock_cb(evutil_socket_t, short, void *);
static void client_timer_cb(evutil_socket_t, short, void *);
static void client_signal_cb(evutil_socket_t, short, void *);
static void client_rebind(struct client *);
static void client_sock_sync(struct client *);
static void client_datagram(struct client *, const uint8_t *, size_t);
static void client_send_instruction(void *, const struct tp_instruction *);
static void client_send_datagram(void *, const uint8_t *, size_t);
static void client_step(struct client *);
static void client_check(struct client *);
static int client_check_exit(struct client *);
static void client_quit(struct client *, const char *);
static void client_keys(struct client *, const uint8_t *, size_t);
static int client_escape_byte(struct client *, uint8_t, uint8_t *, size_t *);
static void client_push_keys(struct client *, const uint8_t *, size_t);
static void client_suspend(struct client *);
static void client_resume(struct client *);
static void client_winch(struct client *, int);
static void client_message(struct client *, enum client_msg, uint64_t, int,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static int client_connected(struct client *);
static void client_duration(int, const char *, char *, size_t);
static void client_bar_text(struct client *, char *, size_t);
static int client_bar_wait(struct client *);
static void client_overlay_bar(struct emu *, const char *);
static void client_draw(struct client *);

/* The one session of this process (for atexit and tputs). */
static struct client client_session;

/* The commands, looked up by name. */
static const struct client_cmd client_cmds[] = {
	{ "a", client_cmd_attach },
	{ "attach", client_cmd_attach },
	{ "attach-session", client_cmd_attach },
	{ "connect", client_cmd_connect },
	{ "kill-server", client_cmd_kill },
	{ "mosh-server", client_cmd_server },
};

/* Signals the session handles. */
static const int client_signals[] = { SIGWINCH, SIGTERM, SIGINT, SIGHUP,
	SIGPIPE, SIGCONT, SIGUSR2 };

/* Dispatch the command line to a command. */
int
main(int argc, char **argv)
{
	const char *name = "default";
	size_t i;
	int ch;

	if (argc > 1 && strcmp(argv[1], "mosh-server") == 0)
		return server_main(argc - 1, argv + 1);
	while ((ch = getopt(argc, argv, "+L:V")) != -1) {
		switch (ch) {
		case 'L':
			name = optarg;
			break;
		case 'V':
			printf("%s\n", CLIENT_VERSION);
			return 0;
		default:
			client_usage();
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (strchr(name, '/') != NULL || *name == '\0') {
		fprintf(stderr, "bad socket name: %s\n", name);
		return 1;
	}
	if (argc == 0)
		return client_cmd_default(name, argc, argv);
	for (i = 0; i < sizeof client_cmds / sizeof client_cmds[0]; i++) {
		if (strcmp(argv[0], client_cmds[i].name) == 0)
			return client_cmds[i].exec(name, argc, argv);
	}
	fprintf(stderr, "unknown command: %s\n", argv[0]);
	return 1;
}

/* Print the usage text. */
static void
client_usage(void)
{
	fprintf(stderr,
	    "usage: moshmux [-V] [-L socket-name] [command [arguments]]\n"
	    "  (no command)       attach to the local server, starting it\n"
	    "  attach | a         attach to the local server\n"
	    "  kill-server        stop the local server\n"
	    "  connect [-b IP] HOST PORT\n"
	    "                     like mosh-client: MOSH_KEY=key in the\n"
	    "                     environment, -b (or MOSHMUX_BIND) picks\n"
	    "                     the local source address\n"
	    "  mosh-server new [-p PORT[:PORT2]] [-i IP] [-c COLORS]\n"
	    "                  [-l NAME=VALUE]... [-- command...]\n"
	    "environment: MOSH_ESCAPE_KEY, MOSH_NO_TERM_INIT, "
	    "MOSH_TITLE_NOPREFIX;\n"
	    "  MOSHMUX_REBIND_FILE (test hook): on SIGUSR2 the client "
	    "moves its UDP\n"
	    "  source address to the IP written in that file.\n");
}

/* Milliseconds from the monotonic clock. */
static uint64_t
client_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Command "mosh-server ...": the server, after options before it. */
static int
client_cmd_server(const char *name, int argc, char **argv)
{
	return server_main(argc, argv);
}

/* Command "connect [-b IP] HOST PORT" with MOSH_KEY, as mosh-client. */
static int
client_cmd_connect(const char *name, int argc, char **argv)
{
	const char *bind = getenv("MOSHMUX_BIND"), *env;
	char key[TP_KEY_B64_LEN + 1];
	int i = 1;

	while (i < argc && strcmp(argv[i], "-b") == 0 && i + 1 < argc) {
		bind = argv[i + 1];
		i += 2;
	}
	if (argc - i != 2 || argv[i + 1][0] == '\0' ||
	    strspn(argv[i + 1], "0123456789") != strlen(argv[i + 1])) {
		client_usage();
		return 1;
	}
	if ((env = getenv("MOSH_KEY")) == NULL) {
		fprintf(stderr, "MOSH_KEY environment variable not found.\n");
		return 1;
	}
	snprintf(key, sizeof key, "%s", env);
	if (strlen(env) != TP_KEY_B64_LEN)
		key[0] = '\0'; /* tp_key_parse reports the length */
	unsetenv("MOSH_KEY");
	if (bind != NULL && *bind == '\0')
		bind = NULL;
	return client_run(argv[i], argv[i + 1], key, bind);
}

/* Command "attach": ask the local server for a client and connect. */
static int
client_cmd_attach(const char *name, int argc, char **argv)
{
	if (argc > 1) {
		client_usage();
		return 1;
	}
	return client_attach(name, 0);
}

/* No command: attach, starting the local server if none answers. */
static int
client_cmd_default(const char *name, int argc, char **argv)
{
	return client_attach(name, 1);
}

/* Command "kill-server". */
static int
client_cmd_kill(const char *name, int argc, char **argv)
{
	char path[PATH_MAX], *req[] = { "kill-server" };
	int fd;

	client_socket_path(name, path, sizeof path);
	if ((fd = client_ctl_open(path, 1, req)) == -1) {
		fprintf(stderr, "no server running on %s\n", path);
		return 1;
	}
	return client_ctl_reply(fd, NULL, 0);
}

/* The control socket's path: $TMPDIR/moshmux-<uid>/<name>. */
static void
client_socket_path(const char *name, char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(out, size, "%s/moshmux-%ld/%s", tmp, (long)getuid(), name);
}

/* Connect to the control socket and send a request; -1 if none answers. */
static int
client_ctl_open(const char *path, int argc, char **argv)
{
	struct sockaddr_un sa;
	size_t len = 1, off = 0;
	char *buf;
	ssize_t n;
	int fd, i;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path)
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(fd);
		return -1;
	}
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	buf = tp_xmalloc(len);
	for (i = 0; i < argc; i++) {
		memcpy(buf + off, argv[i], strlen(argv[i]) + 1);
		off += strlen(argv[i]) + 1;
	}
	buf[off] = '\0';
	for (off = 0; off < len; off += n) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n <= 0 && errno != EINTR)
			break;
		if (n < 0)
			n = 0;
	}
	free(buf);
	shutdown(fd, SHUT_WR);
	return fd;
}

/*
 * Read the server's reply lines ("O text", "E text", "X code") and return
 * the exit code; with line, keep the MOSH CONNECT line instead of printing.
 */
static int
client_ctl_reply(int fd, char *line, size_t size)
{
	FILE *f;
	char *l = NULL;
	size_t lsize = 0;
	ssize_t n;
	int code = 1;

	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return 1;
	}
	while ((n = getline(&l, &lsize, f)) != -1) {
		l[strcspn(l, "\r\n")] = '\0';
		if (strncmp(l, "O ", 2) == 0) {
			if (line != NULL &&
			    strncmp(l + 2, "MOSH CONNECT ", 13) == 0)
				client_copy(line, size, l + 2);
			else
				printf("%s\n", l + 2);
		} else if (strncmp(l, "E ", 2) == 0)
			fprintf(stderr, "%s\n", l + 2);
		else if (strncmp(l, "X ", 2) == 0)
			code = atoi(l + 2);
	}
	free(l);
	fclose(f);
	fflush(stdout);
	return code;
}

/* Copy a string, cut to fit. */
static void
client_copy(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*
 * Parse "MOSH CONNECT <port> <key>" as mosh does: digits, one space, 22
 * base64 characters, optional trailing white space.
 */
static int
client_parse_connect(const char *s, char *port, size_t psize, char *key)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n;

	if (strncmp(s, "MOSH CONNECT ", 13) != 0)
		return -1;
	s += 13;
	n = strspn(s, "0123456789");
	if (n == 0 || n >= psize || s[n] != ' ')
		return -1;
	memcpy(port, s, n);
	port[n] = '\0';
	s += n + 1;
	if (strspn(s, b64) != TP_KEY_B64_LEN)
		return -1;
	memcpy(key, s, TP_KEY_B64_LEN);
	key[TP_KEY_B64_LEN] = '\0';
	s += TP_KEY_B64_LEN;
	s += strspn(s, " \t\r\n");
	if (*s != '\0' || atoi(port) < 1 || atoi(port) > 65535)
		return -1;
	return 0;
}

/* Attach through the control socket (start the server if asked). */
static int
client_attach(const char *name, int start)
{
	char path[PATH_MAX], line[256] = "", *req[] = { "attach" };
	char port[16], key[TP_KEY_B64_LEN + 1];
	int fd, code;

	client_socket_path(name, path, sizeof path);
	if ((fd = client_ctl_open(path, 1, req)) != -1) {
		code = client_ctl_reply(fd, line, sizeof line);
		if (code != 0)
			return code;
	} else if (!start) {
		fprintf(stderr, "no server running on %s\n", path);
		return 1;
	} else if (client_start_server(name, line, sizeof line) != 0)
		return 1;
	if (client_parse_connect(line, port, sizeof port, key) != 0) {
		fprintf(
		    stderr, "bad MOSH CONNECT string from server: %s\n", line);
		return 1;
	}
	return client_run("127.0.0.1", port, key, getenv("MOSHMUX_BIND"));
}

/*
 * Run "<this binary> mosh-server new ..." and read its MOSH CONNECT line;
 * its other output is shown only if no line comes.
 */
static int
client_start_server(const char *name, char *line, size_t size)
{
	char self[PATH_MAX];
	ssize_t n;
	pid_t pid;
	int p[2], status, i, found;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) <= 0) {
		fprintf(stderr, "/proc/self/exe: %s\n", strerror(errno));
		return -1;
	}
	self[n] = '\0';
	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		fprintf(stderr, "cannot start server: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		execl(self, "moshmux", "mosh-server", "new", "-i", "127.0.0.1",
		    "-S", name, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	found = client_read_connect(p[0], line, size);
	close(p[0]);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, &status, WNOHANG) != 0)
			break;
		usleep(50000);
	}
	return found ? 0 : -1;
}

/*
 * Read lines from fd until a valid MOSH CONNECT line (copied to line) or
 * EOF or a time limit; print the other output if no such line came.
 */
static int
client_read_connect(int fd, char *line, size_t size)
{
	char buf[8192], port[16], key[TP_KEY_B64_LEN + 1], *nl, *l;
	size_t len = 0;
	uint64_t end = client_now() + CLIENT_START_TIMEOUT;
	struct pollfd pfd = { fd, POLLIN, 0 };
	ssize_t n;

	while (len < sizeof buf - 1 && client_now() < end) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((n = read(fd, buf + len, sizeof buf - 1 - len)) <= 0)
			break;
		len += n;
		buf[len] = '\0';
		for (l = buf; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
			*nl = '\0';
			if (client_parse_connect(l, port, sizeof port, key) ==
			    0) {
				if (strlen(l) >= size)
					break;
				memcpy(line, l, strlen(l) + 1);
				return 1;
			}
			*nl = '\n';
		}
	}
	buf[len] = '\0';
	fprintf(stderr, "%sserver did not start\n", buf);
	return 0;
}

/* Run a session with the server at host:port; returns the exit status. */
static int
client_run(
    const char *host, const char *port, const char *key, const char *bind)
{
	struct client *c = &client_session;
	const char *why = NULL;

	memset(c, 0, sizeof *c);
	c->host = host;
	c->port = port;
	if (tp_key_parse(key, &c->key, &why) != 0) {
		fprintf(stderr, "Crypto exception: %s\n",
		    why != NULL ? why : "bad key");
		return 1;
	}
	c->sock = tp_sock_client(host, port, bind, &why);
	if (c->sock == NULL) {
		fprintf(stderr, "%s:%s: %s\n", host, port,
		    why != NULL ? why : "cannot open socket");
		return 1;
	}
	if (client_setup(c, bind) != 0)
		return 1;
	event_base_dispatch(c->base);
	client_finish(c);
	return c->code;
}

/* Set up the terminal, SSP and the events of a session. */
static int
client_setup(struct client *c, const char *bind)
{
	struct event_config *cfg;
	struct emu *e;

	c->ipv6 = strchr(c->host, ':') != NULL;
	c->start = c->now = client_now();
	c->conn = tp_conn_new(&c->key, 0);
	client_escape_init(&c->esc);
	client_term_caps(c);
	client_term_size(c);
	e = emu_new(c->cols, c->rows, 0);
	c->ssp = ssp_new(&ssp_user_ops, ssp_user_new(), &ssp_host_ops,
	    ssp_host_new(e), 0, c->now);
	ssp_user_push_resize(ssp_local(c->ssp), c->cols, c->rows);
	ssp_changed(c->ssp, c->now);

	cfg = event_config_new();
	event_config_avoid_method(cfg, "epoll"); /* sockets come and go */
	c->base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	if (c->base == NULL) {
		fprintf(stderr, "event_base_new failed\n");
		return -1;
	}
	c->tty = isatty(STDIN_FILENO);
	if (c->tty && tcgetattr(STDIN_FILENO, &c->saved) == -1)
		c->tty = 0;
	atexit(client_term_atexit);
	signal(SIGABRT, client_term_fatal);
	client_term_enter(c);
	client_events(c);
	client_step(c);
	return 0;
}

/* End a session: restore the terminal, say why, free everything. */
static void
client_finish(struct client *c)
{
	int i;

	client_term_leave(c);
	c->code = !client_clean(c); /* like mosh-client */
	if (ssp_remote_num(c->ssp) == 0) {
		printf("moshmux did not make a successful connection to "
		       "%s:%s.\nPlease verify that UDP port %s is not "
		       "firewalled and can reach the server.\n\n(By default, "
		       "the server uses a UDP port between 60000 and 61000; "
		       "its -p option selects a specific UDP port number.)\n",
		    c->host, c->port, c->port);
	} else if (c->code != 0) {
		printf("\nmoshmux did not shut down cleanly. Please note that "
		       "the\nmoshmux server process may still be running on "
		       "the server.\n");
	}
	printf("[moshmux is exiting.]\n");
	fflush(stdout);
	for (i = 0; i < c->nsock; i++)
		event_free(c->sock_ev[i]);
	for (i = 0; i < c->nsig; i++)
		event_free(c->sig_ev[i]);
	if (c->stdin_ev != NULL)
		event_free(c->stdin_ev);
	event_free(c->timer_ev);
	event_base_free(c->base);
	ssp_free(c->ssp);
	tp_conn_free(c->conn);
	tp_sock_free(c->sock);
	if (c->drawn != NULL)
		emu_free(c->drawn);
	emu_buf_free(&c->out);
}

/* Did the session end with an acknowledged shutdown, ours or the peer's? */
static int
client_clean(struct client *c)
{
	if (ssp_peer_shutdown(c->ssp) && ssp_peer_shutdown_acked(c->ssp))
		return 1;
	return ssp_shutdown_in_progress(c->ssp) && ssp_shutdown_acked(c->ssp);
}

/* Read MOSH_ESCAPE_KEY (ssp-wire.md 11.1). */
static void
client_escape_init(struct client_escape *e)
{
	const char *s = getenv("MOSH_ESCAPE_KEY");
	int ch;

	memset(e, 0, sizeof *e);
	e->key = 0x1e;
	e->pass = e->pass2 = '^';
	if (s == NULL)
		return;
	if (*s == '\0') {
		e->key = 0;
		return;
	}
	ch = (unsigned char)s[0];
	if (s[1] != '\0' || ch > 127 || strchr("\3\4\n\f\r", ch) != NULL)
		return;
	e->key = ch;
	if (ch < 32) {
		e->pass = ch + 64;
		e->pass2 = tolower(ch + 64);
	} else {
		e->pass = e->pass2 = ch;
		e->need_nl = 1;
	}
}

/* How the bar names a key: Ctrl-X for a control character, else quoted. */
static void
client_escape_name(int key, char *out, size_t size)
{
	if (key < 32)
		snprintf(out, size, "Ctrl-%c", key + 64);
	else
		snprintf(out, size, "\"%c\"", key);
}

/* Look up what the terminal can do (terminfo) for drawing. */
static void
client_term_caps(struct client *c)
{
	static const char *titled[] = { "xterm", "rxvt", "kterm", "Eterm",
		"alacritty", "screen", "tmux" };
	const char *term = getenv("TERM"), *s;
	int err, n;
	size_t i;

	c->caps.colors = 8;
	c->term_init = getenv("MOSH_NO_TERM_INIT") == NULL;
	if (getenv("MOSH_TITLE_NOPREFIX") == NULL)
		c->caps.title_prefix = "[moshmux] ";
	for (i = 0; term != NULL && i < sizeof titled / sizeof *titled; i++) {
		if (strncmp(term, titled[i], strlen(titled[i])) == 0)
			c->caps.has_title = 1;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return;
	if ((s = tigetstr("smcup")) != NULL && s != (char *)-1)
		c->smcup = s;
	if ((s = tigetstr("rmcup")) != NULL && s != (char *)-1)
		c->rmcup = s;
	s = tigetstr("ech");
	c->caps.has_ech = s != NULL && s != (char *)-1;
	c->caps.has_bce = tigetflag("bce") > 0;
	if ((n = tigetnum("colors")) >= 0x1000000)
		c->caps.colors = 0x1000000;
	else if (n >= 256)
		c->caps.colors = 256;
	else if (n >= 16)
		c->caps.colors = 16;
	s = getenv("COLORTERM");
	if (s != NULL &&
	    (strcmp(s, "truecolor") == 0 || strcmp(s, "24bit") == 0))
		c->caps.colors = 0x1000000;
}

/* Read the window size (80x24 when unknown). */
static void
client_term_size(struct client *c)
{
	struct winsize ws;

	c->cols = 80;
	c->rows = 24;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == -1 &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1)
		return;
	if (ws.ws_col > 0 && ws.ws_row > 0) {
		c->cols = ws.ws_col;
		c->rows = ws.ws_row;
	}
}

/* Put the terminal in raw mode (with IUTF8). */
static void
client_term_raw(struct client *c)
{
	struct termios t;

	if (!c->tty)
		return;
	t = c->saved;
	cfmakeraw(&t);
	t.c_iflag |= IUTF8;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

/* Set the terminal up: raw mode, smcup, application cursor keys. */
static void
client_term_enter(struct client *c)
{
	client_term_raw(c);
	if (c->term_init && c->smcup != NULL)
		tputs(c->smcup, 1, client_term_putc);
	client_term_putc(-1);
	client_write("\033[?1h", 5);
	c->active = 1;
	c->repaint = 1;
}

/* Restore the terminal as it was before the session. */
static void
client_term_leave(struct client *c)
{
	static const char reset[] = "\033[?1l\033[0m\033[?25h\033[?1003l"
				    "\033[?1002l\033[?1001l\033[?1000l"
				    "\033[?1015l\033[?1006l\033[?1005l"
				    "\033[?1004l\033[?2004l";

	if (!c->active)
		return;
	c->active = 0;
	client_write(reset, sizeof reset - 1);
	if (c->term_init && c->rmcup != NULL)
		tputs(c->rmcup, 1, client_term_putc);
	client_term_putc(-1);
	if (c->tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &c->saved);
}

/* Restore the terminal when the process exits some other way. */
static void
client_term_atexit(void)
{
	client_term_leave(&client_session);
}

/* abort(): restore the terminal with async-signal-safe calls only, then
 * die of the signal. */
static void
client_term_fatal(int sig)
{
	static const char reset[] = "\033[?1l\033[0m\033[?25h\r\n";
	struct client *c = &client_session;
	ssize_t n;

	if (c->active) {
		n = write(STDOUT_FILENO, reset, sizeof reset - 1);
		if (c->term_init && c->rmcup != NULL)
			n = write(STDOUT_FILENO, c->rmcup, strlen(c->rmcup));
		(void)n;
		if (c->tty)
			tcsetattr(STDIN_FILENO, TCSANOW, &c->saved);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Write one byte from tputs to the terminal; -1 flushes. */
static int
client_term_putc(int ch)
{
	static char buf[256];
	static size_t len;

	if (ch == -1 || len == sizeof buf) {
		client_write(buf, len);
		len = 0;
	}
	if (ch != -1)
		buf[len++] = ch;
	return ch;
}

/* Write everything to stdout, waiting while it is full. */
static void
client_write(const char *buf, size_t len)
{
	struct pollfd pfd = { STDOUT_FILENO, POLLOUT, 0 };
	ssize_t n;
	int waits = 0;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n > 0) {
			buf += n;
			len -= n;
		} else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && errno == EAGAIN && waits++ < 60)
			poll(&pfd, 1, 1000);
		else
			return; /* the terminal is gone */
	}
}

/* Register stdin, the timer and the signals. */
static void
client_events(struct client *c)
{
	size_t i;

	c->stdin_ev = event_new(
	    c->base, STDIN_FILENO, EV_READ | EV_PERSIST, client_stdin_cb, c);
	event_add(c->stdin_ev, NULL);
	c->timer_ev = evtimer_new(c->base, client_timer_cb, c);
	for (i = 0; i < sizeof client_signals / sizeof *client_signals; i++) {
		c->sig_ev[c->nsig] = evsignal_new(
		    c->base, client_signals[i], client_signal_cb, c);
		event_add(c->sig_ev[c->nsig++], NULL);
	}
	client_sock_sync(c);
}

/* Keyboard input (or EOF, which ends the session). */
static void
client_stdin_cb(evutil_socket_t fd, short events, void *arg)
{
	struct client *c = arg;
	uint8_t buf[CLIENT_READ_SIZE];
	ssize_t n;

	n = read(fd, buf, sizeof buf);
	c->now = client_now();
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		event_del(c->stdin_ev);
		client_quit(c, "Exiting...");
	} else
		client_keys(c, buf, n);
	client_step(c);
}

/* Datagrams on one of the UDP sockets. */
static void
client_sock_cb(evutil_socket_t fd, short events, void *arg)
{
	struct client *c = arg;
	uint8_t buf[TP_RECEIVE_MTU + 64];
	struct sockaddr_storage from;
	socklen_t fromlen;
	ssize_t n;
	int i;

	for (i = 0; i < CLIENT_DGRAMS_PER_WAKE; i++) {
		fromlen = sizeof from;
		n = tp_sock_recv(c->sock, fd, buf, sizeof buf, &from, &fromlen);
		if (n < 0)
			break;
		c->now = client_now();
		client_datagram(c, buf, n);
	}
	client_step(c);
}

/* Something is due: SSP timers, the bar or a timeout. */
static void
client_timer_cb(evutil_socket_t fd, short events, void *arg)
{
	client_step(arg);
}

/* A signal: resize, resume, rebind (test hook) or shut down. */
static void
client_signal_cb(evutil_socket_t sig, short events, void *arg)
{
	struct client *c = arg;

	c->now = client_now();
	switch (sig) {
	case SIGWINCH:
		client_winch(c, 1);
		break;
	case SIGCONT:
		client_resume(c);
		break;
	case SIGUSR2:
		client_rebind(c);
		break;
	default:
		if (ssp_shutdown_in_progress(c->ssp)) {
			c->done = 1;
			event_base_loopbreak(c->base);
			return;
		}
		client_quit(c, "Signal received, shutting down...");
		break;
	}
	client_step(c);
}

/*
 * Test hook for roaming tests: on SIGUSR2, move the UDP source address to
 * the IP in the file named by $MOSHMUX_REBIND_FILE.
 */
static void
client_rebind(struct client *c)
{
	const char *path = getenv("MOSHMUX_REBIND_FILE");
	char ip[128];
	FILE *f;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return;
	if (fgets(ip, sizeof ip, f) != NULL) {
		ip[strcspn(ip, " \t\r\n")] = '\0';
		if (tp_sock_rebind(c->sock, ip) != 0)
			client_message(c, CLIENT_MSG_TEXT,
			    c->now + CLIENT_MESSAGE_MS, 1, "Cannot bind %s.",
			    ip);
	}
	fclose(f);
	client_sock_sync(c);
}

/* Follow the transport's socket set (it changes when the port hops). */
static void
client_sock_sync(struct client *c)
{
	int fds[CLIENT_MAX_SOCKS], n, i;

	if (c->nsock != 0 && c->sock_gen == tp_sock_generation(c->sock))
		return;
	c->sock_gen = tp_sock_generation(c->sock);
	n = tp_sock_fds(c->sock, fds, CLIENT_MAX_SOCKS);
	for (i = 0; i < c->nsock; i++)
		event_free(c->sock_ev[i]);
	for (i = 0; i < n; i++) {
		c->sock_ev[i] = event_new(
		    c->base, fds[i], EV_READ | EV_PERSIST, client_sock_cb, c);
		event_add(c->sock_ev[i], NULL);
	}
	c->nsock = n;
}

/* Open one datagram and hand a complete instruction to SSP. */
static void
client_datagram(struct client *c, const uint8_t *buf, size_t len)
{
	struct tp_instruction in;
	int fresh = 0;

	memset(&in, 0, sizeof in);
	if (tp_conn_receive(c->conn, c->now, buf, len, &in, &fresh) != 1)
		return;
	ssp_receive(c->ssp, c->now, &in);
	tp_instruction_free(&in);
}

/* Send one instruction from SSP through the transport. */
static void
client_send_instruction(void *arg, const struct tp_instruction *in)
{
	struct client *c = arg;

	tp_conn_send(c->conn, c->now, in, client_send_datagram, c);
	if (c->small_mtu == 1) {
		tp_conn_set_mtu(c->conn, c->ipv6, 1);
		c->small_mtu = 2;
	}
}

/* Send one datagram; a failure is shown on the bar for a moment. */
static void
client_send_datagram(void *arg, const uint8_t *dgram, size_t len)
{
	struct client *c = arg;

	if (tp_sock_send(c->sock, dgram, len) == 0)
		return;
	if (errno == EMSGSIZE && c->small_mtu == 0)
		c->small_mtu = 1; /* not from inside tp_conn_send */
	client_message(c, CLIENT_MSG_TEXT, c->now + CLIENT_MESSAGE_MS, 1,
	    "sendto: %s", strerror(errno));
}

/* After any event: send what is due, maybe exit, draw, set the timer. */
static void
client_step(struct client *c)
{
	struct timeval tv;
	int wait, bar;

	if (c->done)
		return;
	c->now = client_now();
	client_check(c);
	ssp_set_timing(c->ssp, tp_conn_srtt(c->conn), tp_conn_rto(c->conn));
	ssp_tick(c->ssp, c->now, client_send_instruction, c);
	tp_sock_maybe_hop(c->sock, c->now, ssp_last_roundtrip_success(c->ssp));
	client_sock_sync(c);
	if (client_check_exit(c)) {
		c->done = 1;
		event_base_loopbreak(c->base);
		return;
	}
	client_draw(c);
	wait = ssp_wait_time(c->ssp, c->now);
	if ((bar = client_bar_wait(c)) < wait)
		wait = bar;
	if (wait < 1)
		wait = 1;
	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	evtimer_add(c->timer_ev, &tv);
}

/* Connection state: the "Nothing received" message and the timeout. */
static void
client_check(struct client *c)
{
	uint64_t since = c->now - c->start;

	if (client_connected(c)) {
		if (c->msg_kind == CLIENT_MSG_CONNECTING)
			c->msg[0] = '\0';
		return;
	}
	if (ssp_shutdown_in_progress(c->ssp))
		return;
	if (since >= CLIENT_CONNECT_TIMEOUT) {
		client_quit(c, "Timed out waiting for server...");
	} else if (since >= CLIENT_CONNECTING_MS && c->msg[0] == '\0') {
		client_message(c, CLIENT_MSG_CONNECTING, 0, 1,
		    "Nothing received from server on UDP port %s.", c->port);
	}
}

/* Is the session over (shutdown acked or given up, or the peer's)? */
static int
client_check_exit(struct client *c)
{
	if (ssp_peer_shutdown(c->ssp) && ssp_peer_shutdown_acked(c->ssp))
		return 1;
	if (!ssp_shutdown_in_progress(c->ssp))
		return 0;
	return ssp_shutdown_acked(c->ssp) ||
	    ssp_shutdown_expired(c->ssp, c->now);
}

/* Start the shutdown handshake, showing why. */
static void
client_quit(struct client *c, const char *why)
{
	if (ssp_shutdown_in_progress(c->ssp))
		return;
	client_message(c, CLIENT_MSG_TEXT, 0, 1, "%s", why);
	ssp_start_shutdown(c->ssp, c->now);
}

/* Handle typed bytes: the escape key and its commands, Ctrl-L, the rest
 * goes to the server. */
static void
client_keys(struct client *c, const uint8_t *buf, size_t len)
{
	uint8_t out[2 * CLIENT_READ_SIZE];
	size_t i, n = 0;

	for (i = 0; i < len && !c->done; i++) {
		if (client_escape_byte(c, buf[i], out, &n) != 0) {
			client_push_keys(c, out, n);
			n = 0;
			if (c->done)
				return;
		}
	}
	client_push_keys(c, out, n);
}

/*
 * One typed byte through the escape-key logic, appending what to send to
 * out; returns 1 when the bytes so far must be sent first (a command).
 */
static int
client_escape_byte(struct client *c, uint8_t b, uint8_t *out, size_t *n)
{
	struct client_escape *e = &c->esc;
	char name[16], help[128];

	if (e->pending) {
		e->pending = 0;
		if (c->msg_kind == CLIENT_MSG_HELP)
			c->msg[0] = '\0';
		if (b == '.') {
			client_push_keys(c, out, *n);
			*n = 0;
			if (ssp_shutdown_in_progress(c->ssp)) {
				c->done = 1;
				event_base_loopbreak(c->base);
			}
			client_quit(c, "Exiting on user request...");
			return 1;
		}
		if (b == 0x1a) {
			client_push_keys(c, out, *n);
			*n = 0;
			client_suspend(c);
			return 0;
		}
		out[(*n)++] = e->key;
		if (b != e->pass && b != e->pass2)
			out[(*n)++] = b;
		return 0;
	}
	if (e->key != 0 && b == e->key && (!e->need_nl || e->after_nl)) {
		e->pending = 1;
		e->after_nl = 0;
		client_escape_name(e->key, name, sizeof name);
		snprintf(help, sizeof help,
		    "Commands: Ctrl-Z suspends, \".\" "
		    "quits, \"%c\" gives literal %s",
		    e->pass, name);
		client_message(c, CLIENT_MSG_HELP, 0, 0, "%s", help);
		return 0;
	}
	e->after_nl = (b == '\n' || b == '\r');
	if (b == 0x0c)
		c->repaint = 1;
	out[(*n)++] = b;
	return 0;
}

/* Add keystrokes to the user stream (not once shutting down). */
static void
client_push_keys(struct client *c, const uint8_t *buf, size_t len)
{
	if (len == 0 || ssp_shutdown_in_progress(c->ssp))
		return;
	ssp_user_push_keys(ssp_local(c->ssp), buf, len);
	ssp_changed(c->ssp, c->now);
}

/* Suspend (Ctrl-^ Ctrl-Z): restore the terminal and stop. */
static void
client_suspend(struct client *c)
{
	static const char msg[] = "\n\033[37;44m[moshmux is suspended.]"
				  "\033[m\n";

	client_term_leave(c);
	client_write(msg, sizeof msg - 1);
	raise(SIGSTOP);
	c->now = client_now();
	client_resume(c);
}

/* Continue after a stop: raw mode again, a full repaint, a new size. */
static void
client_resume(struct client *c)
{
	if (!c->active)
		client_term_enter(c);
	else
		client_term_raw(c);
	c->repaint = 1;
	client_winch(c, 0);
}

/* The window may have changed size: tell the server (always, on SIGWINCH,
 * as mosh does) and repaint. */
static void
client_winch(struct client *c, int always)
{
	int cols = c->cols, rows = c->rows;

	client_term_size(c);
	if (cols != c->cols || rows != c->rows)
		c->repaint = 1;
	else if (!always)
		return;
	if (ssp_shutdown_in_progress(c->ssp))
		return;
	ssp_user_push_resize(ssp_local(c->ssp), c->cols, c->rows);
	ssp_changed(c->ssp, c->now);
}

/* Set the bar's message; until 0 keeps it until it is replaced. */
static void
client_message(struct client *c, enum client_msg kind, uint64_t until, int quit,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	c->msg_kind = kind;
	c->msg_until = until;
	c->msg_quit = quit;
}

/* Has any server state arrived? */
static int
client_connected(struct client *c)
{
	return ssp_remote_num(c->ssp) != 0;
}

/* Format seconds as mosh does: "N unit", M:SS or H:MM:SS. */
static void
client_duration(int secs, const char *unit, char *out, size_t size)
{
	if (secs < 60)
		snprintf(out, size, "%d %s", secs, unit);
	else if (secs < 3600)
		snprintf(out, size, "%d:%02d", secs / 60, secs % 60);
	else
		snprintf(out, size, "%d:%02d:%02d", secs / 3600,
		    (secs / 60) % 60, secs % 60);
}

/* The notification bar's text now ("" when there is no bar). */
static void
client_bar_text(struct client *c, char *out, size_t size)
{
	uint64_t heard = ssp_last_heard(c->ssp);
	uint64_t acked = ssp_last_roundtrip_success(c->ssp);
	char quit[64] = "", name[16], d[32];
	const char *what;
	int late_server, late_reply, secs;

	if (c->msg_until != 0 && c->now >= c->msg_until)
		c->msg[0] = '\0';
	heard = heard > c->start ? heard : c->start;
	acked = acked > c->start ? acked : c->start;
	late_server = c->now - heard > CLIENT_SERVER_LATE;
	late_reply = c->now - acked > CLIENT_REPLY_LATE;
	what = late_server ? "contact" : "reply";
	secs = (c->now - (late_server ? heard : acked)) / 1000;
	if (c->esc.key != 0) {
		client_escape_name(c->esc.key, name, sizeof name);
		snprintf(quit, sizeof quit, " [To quit: %s .]", name);
	}
	if (c->msg[0] != '\0' && !c->msg_quit)
		quit[0] = '\0';
	if (c->msg[0] == '\0' && !late_server && !late_reply)
		*out = '\0';
	else if (c->msg[0] == '\0') {
		client_duration(secs, "seconds", d, sizeof d);
		snprintf(
		    out, size, "moshmux: Last %s %s ago.%s", what, d, quit);
	} else if (!late_server && !late_reply)
		snprintf(out, size, "moshmux: %s%s", c->msg, quit);
	else {
		client_duration(secs, "s", d, sizeof d);
		snprintf(out, size, "moshmux: %s (%s without %s.)%s", c->msg, d,
		    what, quit);
	}
}

/* Milliseconds until the bar may change by itself. */
static int
client_bar_wait(struct client *c)
{
	uint64_t heard = ssp_last_heard(c->ssp), t[5];
	uint64_t acked = ssp_last_roundtrip_success(c->ssp);
	uint64_t best = c->now + CLIENT_BAR_REFRESH;
	size_t i;

	heard = heard > c->start ? heard : c->start;
	acked = acked > c->start ? acked : c->start;
	t[0] = c->msg_until;
	t[1] = heard + CLIENT_SERVER_LATE + 1;
	t[2] = acked + CLIENT_REPLY_LATE + 1;
	t[3] = c->start + CLIENT_CONNECTING_MS;
	t[4] = c->start + CLIENT_CONNECT_TIMEOUT;
	for (i = 0; i < sizeof t / sizeof *t; i++) {
		if (t[i] > c->now && t[i] < best)
			best = t[i];
	}
	return best - c->now;
}

/* Draw the bar over row 0 of a screen, keeping its cursor and pen. */
static void
client_overlay_bar(struct emu *ov, const char *bar)
{
	char buf[2 * CLIENT_BAR_MAX + 64];
	int row, col, cols = emu_cols(ov), len = strlen(bar), n;

	if (len > cols)
		len = cols;
	emu_cursor(ov, &row, &col);
	n = snprintf(buf, sizeof buf,
	    "\0337\033(B\017\033[?6l\033[4l\033[1;1H\033[0;1;37;44m%.*s%s"
	    "\033[0m\0338%s%s",
	    len, bar, len < cols ? "\033[K" : "",
	    emu_mode(ov, EMU_MODE_INSERT) ? "\033[4h" : "",
	    row == 0 ? "\033[?25l" : "");
	emu_write(ov, buf, n);
}

/* Draw the newest server screen and the bar if either changed. */
static void
client_draw(struct client *c)
{
	const struct ssp_host *h = ssp_remote(c->ssp);
	uint64_t num = ssp_remote_num(c->ssp);
	char bar[2 * CLIENT_BAR_MAX];
	struct emu *ov;

	if (!c->active && c->tty)
		return;
	client_bar_text(c, bar, sizeof bar);
	if (!c->repaint && c->drawn != NULL && num == c->drawn_num &&
	    strcmp(bar, c->drawn_bar) == 0)
		return;
	ov = emu_clone(ssp_host_emu(h), 0);
	if (emu_cols(ov) != c->cols || emu_rows(ov) != c->rows)
		emu_resize(ov, c->cols, c->rows);
	if (*bar != '\0')
		client_overlay_bar(ov, bar);
	if (c->repaint && c->drawn != NULL) {
		emu_free(c->drawn);
		c->drawn = NULL;
	}
	c->repaint = 0;
	c->out.len = 0;
	emu_display(&c->out, c->drawn, ov, EMU_DISPLAY_TERM, &c->caps);
	client_write(c->out.data, c->out.len);
	if (c->drawn != NULL)
		emu_free(c->drawn);
	c->drawn = ov;
	c->drawn_num = num;
	snprintf(c->drawn_bar, sizeof c->drawn_bar, "%s", bar);
}
