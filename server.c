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
 * The server: one libevent loop that owns the UDP socket and its clients,
 * the Unix control socket, the pane and the signals, and wires them:
 * pane output goes to the pane's emulator and marks every client dirty;
 * a dirty client's screen is composed lazily, when its SSP sender could
 * send a frame; datagrams are matched to clients by their keys and their
 * user events go to the pane (keys) or resize it.
 *
 * This milestone serves one pane.  `moshmux mosh-server new ...` behaves
 * as mosh-server does (../shared/ssp-wire.md section 1.2 to 1.5): print
 * MOSH CONNECT with a fresh key, detach, serve.  With -S NAME the server
 * also listens on a Unix socket where `attach` hands out a fresh key for
 * a new client slot, so any number of clients may share the session.
 *
 * The control socket ($TMPDIR/moshmux-<uid>/NAME, directory mode 0700,
 * peers of another uid refused): the client writes its argv as
 * NUL-terminated strings, then one more NUL, and shuts down its write
 * side; the server answers with lines "O <text>" (stdout), "E <text>"
 * (stderr) and a last "X <exit code>", then closes.  Commands: attach
 * (O MOSH CONNECT <port> <fresh key>), kill-server, has-session,
 * list-clients.
 *
 * All of moshmux's global mutable server state lives in this file.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emulator/emulator.h"
#include "mux/panes/pane.h"
#include "ssp/ssp.h"
#include "transport/transport.h"

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)                             \
	for ((var) = TAILQ_FIRST(head);                                        \
	     (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);            \
	     (var) = (tvar))
#endif

#define SERVER_PORT_LOW		   60001
#define SERVER_PORT_HIGH	   60999
#define SERVER_ASSOCIATION_TIMEOUT 40000 /* ms: stop sending to a client */
#define SERVER_NO_CLIENT_TIMEOUT   60000 /* ms: a slot nobody opened */
#define SERVER_SHUTDOWN_LIMIT	   10000 /* ms: exit even if not acked */
#define SERVER_QUIT_LINGER	   2000	 /* ms: re-ack a client's quit */
#define SERVER_RECV_BURST	   64	 /* datagrams per read event */
#define SERVER_CTL_TIMEOUT	   10	 /* s: idle control connection */
#define SERVER_CTL_MAX		   65536 /* bytes of one control request */
#define SERVER_HISTORY		   2000	 /* pane scrollback lines */

/* One client: its key, transport, SSP end and address. */
struct server_client {
	TAILQ_ENTRY(server_client) entry;
	u_int id;
	struct tp_key key;
	struct tp_conn *conn;
	struct ssp *ssp;
	struct event *timer;
	uint64_t created;
	uint64_t now; /* the time of the current tick, for callbacks */

	struct sockaddr_storage addr;
	socklen_t addrlen;
	int has_addr;
	int small_mtu; /* EMSGSIZE seen: 500-byte datagrams from now on */

	uint64_t events_done; /* index of the next user event to apply */
	int cols;	      /* latest Resize, 0 before the first */
	int rows;
	int received;	      /* an instruction arrived in this read burst */
	int dirty;	      /* the pane changed since the last compose */
	uint64_t dirty_since; /* ... first at this time */
	uint64_t quit_time;   /* when we acked the client's own shutdown */

	struct ssp_echo *echo; /* echo acks due (ssp-wire.md 9.5) */
};
TAILQ_HEAD(server_clients, server_client);

/* One connection on the control socket. */
struct server_ctl {
	int fd;
	struct event *ev;
	char *buf;
	size_t len;
};

/* A command of the control socket. */
struct server_cmd {
	const char *name;
	int (*exec)(struct tp_buf *, int, char **);
};

/* Options of `mosh-server new`. */
struct server_opts {
	const char *ip;
	int bind_ssh;
	int port_lo;
	int port_hi;
	const char *term;
	const char *name;
	int verbose;
	char **locale;
	int nlocale;
	char **cmd;
};

static int server_parse(int, char **, struct server_opts *);
static int server_parse_opt(int, char *, struct server_opts *);
static int server_parse_port(const char *, int *, int *);
static void server_usage(void);
static int server_locale(const struct server_opts *);
static int server_locale_utf8(void);
static struct tp_sock *server_bind(const struct server_opts *);
static void server_size(int *, int *);
static void server_detach(int);
static void server_close_fds(void);
static int server_run(struct server_opts *, const struct tp_key *, int, int);
static void server_add_events(void);
static int server_start_pane(const struct server_opts *, int, int);
static void server_teardown(void);
static void server_log(const char *, ...) __attribute__((format(printf, 1, 2)));
static void server_vlog(const char *, va_list)
    __attribute__((format(printf, 1, 0)));
static void server_debug(const char *, ...)
    __attribute__((format(printf, 1, 2)));
static uint64_t server_now(void);

static struct server_client *server_client_new(const struct tp_key *, uint64_t);
static void server_client_free(struct server_client *);
static int server_client_wants_frame(const struct server_client *);
static void server_client_schedule(struct server_client *, uint64_t);
static void server_client_timer(evutil_socket_t, short, void *);
static void server_client_tick(struct server_client *, uint64_t);
static int server_client_finished(struct server_client *, uint64_t);
static void server_client_compose(struct server_client *, uint64_t);
static void server_client_echo(struct server_client *, uint64_t);
static uint64_t server_client_echo_next(const struct server_client *);
static void server_client_send(void *, const struct tp_instruction *);
static void server_client_send_dgram(void *, const uint8_t *, size_t);
static int server_client_try(struct server_client *, uint64_t, const uint8_t *,
    size_t, const struct sockaddr_storage *, socklen_t);
static void server_client_events(struct server_client *, uint64_t);
static int server_client_resize(struct server_client *, int, int);
static int server_client_counts(const struct server_client *, uint64_t);
static void server_client_dirty(struct server_client *, uint64_t);
static void server_mark_dirty(uint64_t);
static void server_resize_pane(uint64_t);

static void server_udp_read(evutil_socket_t, short, void *);
static void server_dispatch(uint64_t, const uint8_t *, size_t,
    const struct sockaddr_storage *, socklen_t);
static void server_pane_read(evutil_socket_t, short, void *);
static void server_pane_write(evutil_socket_t, short, void *);
static void server_pane_update(void);
static void server_pane_gone(const char *);
static void server_signal(evutil_socket_t, short, void *);
static void server_child(void);
static void server_housekeeping(evutil_socket_t, short, void *);
static void server_shutdown(const char *);
static void server_check_exit(void);

static int server_ctl_open(const char *);
static void server_ctl_accept(evutil_socket_t, short, void *);
static void server_ctl_read(evutil_socket_t, short, void *);
static void server_ctl_exec(struct server_ctl *);
static void server_ctl_free(struct server_ctl *);
static void server_ctl_line(struct tp_buf *, char, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static int server_cmd_attach(struct tp_buf *, int, char **);
static int server_cmd_kill(struct tp_buf *, int, char **);
static int server_cmd_has(struct tp_buf *, int, char **);
static int server_cmd_list(struct tp_buf *, int, char **);

/* Commands of the control socket, by name. */
static const struct server_cmd server_cmds[] = {
	{ "attach", server_cmd_attach },
	{ "attach-session", server_cmd_attach },
	{ "has-session", server_cmd_has },
	{ "kill-server", server_cmd_kill },
	{ "list-clients", server_cmd_list },
	{ "lsc", server_cmd_list },
};

/* Locale variables cleared before applying -l (mosh-server's list). */
static const char *const server_locale_vars[] = { "LANG", "LANGUAGE",
	"LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
	"LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE",
	"LC_MEASUREMENT", "LC_IDENTIFICATION", "LC_ALL" };

/* Signals the loop handles: SIGCHLD reaps, the others end the session. */
static const int server_signals[] = { SIGTERM, SIGINT, SIGUSR1, SIGCHLD };
#define SERVER_NSIGNALS (sizeof server_signals / sizeof server_signals[0])

static struct event_base *server_base;
static struct server_clients server_clients =
    TAILQ_HEAD_INITIALIZER(server_clients);
static u_int server_next_id;
static struct tp_sock *server_sock;
static int server_udp_fd = -1;
static struct event *server_udp_ev;
static int server_port;
static unsigned long server_dropped;

static struct pane *server_pane;
static struct event *server_pane_rev;
static struct event *server_pane_wev;
static uint64_t server_pane_dead; /* when the shell went, 0 while alive */

static int server_ctl_fd = -1;
static char *server_ctl_path;
static struct event *server_ctl_ev;

static struct event *server_sig_evs[SERVER_NSIGNALS];
static struct event *server_house_ev;
static int server_verbose;
static FILE *server_log_file;
static int server_exiting;
static uint64_t server_exit_start;
static uint64_t server_start;
static uint64_t server_heard; /* when the newest client state arrived */
static uint64_t server_net_timeout;
static uint64_t server_sig_timeout;

/* Run `moshmux mosh-server new [options] [-- command...]`. */
int
server_main(int argc, char **argv)
{
	struct server_opts opts;
	struct tp_sock *ts;
	struct tp_key key;
	char b64[TP_KEY_B64_LEN + 1];
	int cols, rows, ctl = -1;

	if (server_parse(argc, argv, &opts) != 0 || server_locale(&opts) != 0) {
		free(opts.locale);
		return (1);
	}
	free(opts.locale);
	opts.locale = NULL;
	opts.nlocale = 0;
	server_size(&cols, &rows);
	if ((ts = server_bind(&opts)) == NULL)
		return (1);
	if (opts.name != NULL && (ctl = server_ctl_open(opts.name)) == -1) {
		tp_sock_free(ts);
		return (1);
	}
	server_sock = ts;
	server_port = tp_sock_port(ts);
	tp_key_random(&key);
	tp_key_format(&key, b64);

	if (isatty(STDIN_FILENO))
		printf("\r\n");
	printf("MOSH CONNECT %d %s\n", server_port, b64);
	fflush(stdout);
	server_detach(opts.verbose);
	return (server_run(&opts, &key, cols, rows));
}

/* Print the usage text to stderr. */
static void
server_usage(void)
{
	fprintf(stderr,
	    "usage: moshmux mosh-server new [-s] [-v] [-i IP] "
	    "[-p PORT[:PORT2]] [-c COLORS] [-l NAME=VALUE] "
	    "[-S NAME] [-- command...]\n");
}

/* Parse the command line; -1 (after a message) if it is wrong. */
static int
server_parse(int argc, char **argv, struct server_opts *opts)
{
	int ch;

	memset(opts, 0, sizeof *opts);
	opts->port_lo = SERVER_PORT_LOW;
	opts->port_hi = SERVER_PORT_HIGH;
	opts->term = "xterm-256color";
	opts->locale = emu_xcalloc(argc + 1, sizeof *opts->locale);
	if (argc >= 2 && strcmp(argv[1], "new") != 0) {
		fprintf(stderr, "moshmux: mosh-server: unknown mode: %s\n",
		    argv[1]);
		server_usage();
		return (-1);
	}
	if (argc < 2)
		return (0);
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt(argc, argv, "+@:c:i:l:p:sS:v")) != -1) {
		if (server_parse_opt(ch, optarg, opts) != 0)
			return (-1);
	}
	if (optind < argc)
		opts->cmd = argv + optind;
	return (0);
}

/* Take one option; -1 (after a message) if it is wrong. */
static int
server_parse_opt(int ch, char *arg, struct server_opts *opts)
{
	switch (ch) {
	case '@': /* mosh-server swallows one argument */
		break;
	case 'c':
		opts->term =
		    strcmp(arg, "256") == 0 ? "xterm-256color" : "xterm";
		break;
	case 'i':
		opts->ip = arg;
		break;
	case 'l':
		opts->locale[opts->nlocale++] = arg;
		break;
	case 'p':
		if (server_parse_port(arg, &opts->port_lo, &opts->port_hi) !=
		    0) {
			fprintf(stderr, "moshmux: bad UDP port: %s\n", arg);
			return (-1);
		}
		break;
	case 's':
		opts->bind_ssh = 1;
		break;
	case 'S':
		if (*arg == '\0' || strchr(arg, '/') != NULL) {
			fprintf(stderr, "moshmux: bad name: %s\n", arg);
			return (-1);
		}
		opts->name = arg;
		break;
	case 'v':
		opts->verbose++;
		break;
	default:
		server_usage();
		return (-1);
	}
	return (0);
}

/* Parse PORT or PORT:PORT2 as mosh does (0 alone is any port). */
static int
server_parse_port(const char *s, int *lo, int *hi)
{
	char *end;
	long a, b;

	errno = 0;
	a = strtol(s, &end, 10);
	if (end == s || errno != 0 || a < 0 || a > 65535)
		return (-1);
	b = a;
	if (*end == ':') {
		s = end + 1;
		b = strtol(s, &end, 10);
		if (end == s || errno != 0 || b > 65535 || a < 1 || a > b)
			return (-1);
	}
	if (*end != '\0')
		return (-1);
	*lo = a;
	*hi = b;
	return (0);
}

/* Is the current LC_CTYPE UTF-8? */
static int
server_locale_utf8(void)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	return (cs != NULL && strcmp(cs, "UTF-8") == 0);
}

/* Get a UTF-8 locale: native, else the client's -l values, else C.UTF-8. */
static int
server_locale(const struct server_opts *opts)
{
	size_t i;
	char *eq;
	int j;

	if (server_locale_utf8())
		return (0);
	for (i = 0; i < sizeof server_locale_vars / sizeof *server_locale_vars;
	     i++)
		unsetenv(server_locale_vars[i]);
	for (j = 0; j < opts->nlocale; j++) {
		if ((eq = strchr(opts->locale[j], '=')) == NULL)
			continue;
		*eq = '\0';
		setenv(opts->locale[j], eq + 1, 1);
		*eq = '=';
	}
	if (server_locale_utf8())
		return (0);
	setenv("LC_ALL", "C.UTF-8", 1);
	if (server_locale_utf8()) {
		fprintf(stderr,
		    "moshmux: no UTF-8 locale given; using "
		    "C.UTF-8\n");
		return (0);
	}
	fprintf(stderr, "moshmux: needs a UTF-8 native locale to run.\n");
	return (-1);
}

/* The initial size: the caller's terminal, else 80x24. */
static void
server_size(int *cols, int *rows)
{
	struct winsize ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/* Bind the UDP socket on -i, -s's address or any, falling back to any. */
static struct tp_sock *
server_bind(const struct server_opts *opts)
{
	const char *ip = opts->ip, *why = NULL, *conn;
	static char sship[128];
	struct tp_sock *ts;

	if (ip == NULL && opts->bind_ssh) {
		conn = getenv("SSH_CONNECTION");
		if (conn == NULL || sscanf(conn, "%*s %*s %127s", sship) != 1) {
			fprintf(stderr,
			    "moshmux: SSH_CONNECTION not found; "
			    "binding to any interface.\n");
		} else {
			ip = sship;
			if (strncmp(ip, "::ffff:", 7) == 0 && strchr(ip, '.'))
				ip += 7;
		}
	}
	ts = tp_sock_server(ip, opts->port_lo, opts->port_hi, &why);
	if (ts == NULL && ip != NULL) {
		fprintf(stderr,
		    "moshmux: could not bind to %s (%s); trying "
		    "any interface\n",
		    ip, why ? why : "error");
		ts = tp_sock_server(NULL, opts->port_lo, opts->port_hi, &why);
	}
	if (ts == NULL)
		fprintf(stderr, "moshmux: could not bind a UDP port: %s\n",
		    why ? why : "error");
	return (ts);
}

/* Fork: the parent reports the daemon's pid and exits; the child goes on
 * in a new session with none of the caller's stdio (unless verbose). */
static void
server_detach(int verbose)
{
	pid_t pid;
	int fd;

	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "moshmux: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid != 0) {
		fprintf(stderr,
		    "\nmoshmux: a mosh-compatible terminal "
		    "multiplexer\n[moshmux server detached, pid = "
		    "%ld]\n",
		    (long)pid);
		fflush(stderr);
		_exit(0);
	}
	setsid();
	server_close_fds();
	if (verbose)
		return;
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
}

/* Close every inherited descriptor above stderr but our sockets, so that
 * no pipe or terminal of the caller stays open in the daemon. */
static void
server_close_fds(void)
{
	int keep[8], n = 0, i, j, t, lo = STDERR_FILENO + 1;

	n = tp_sock_fds(server_sock, keep, 6);
	if (server_ctl_fd != -1)
		keep[n++] = server_ctl_fd;
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	}
	for (i = 0; i < n; i++) {
		if (keep[i] > lo)
			close_range(lo, keep[i] - 1, 0);
		if (keep[i] >= lo)
			lo = keep[i] + 1;
	}
	close_range(lo, ~0U, 0);
}

/* Write one log line with a timestamp to the log file or stderr. */
static void
server_vlog(const char *fmt, va_list ap)
{
	FILE *f = server_log_file != NULL ? server_log_file : stderr;

	fprintf(f, "%llu moshmux server: ", (unsigned long long)server_now());
	vfprintf(f, fmt, ap);
	fprintf(f, "\n");
	fflush(f);
}

/* Log when verbose (only -v keeps stderr open) or to the file named by
 * $MOSHMUX_SERVER_LOG. */
static void
server_log(const char *fmt, ...)
{
	va_list ap;

	if (!server_verbose && server_log_file == NULL)
		return;
	va_start(ap, fmt);
	server_vlog(fmt, ap);
	va_end(ap);
}

/* Log details (-v -v, or with $MOSHMUX_SERVER_LOG). */
static void
server_debug(const char *fmt, ...)
{
	va_list ap;

	if (server_verbose < 2 && server_log_file == NULL)
		return;
	va_start(ap, fmt);
	server_vlog(fmt, ap);
	va_end(ap);
}

/* Milliseconds from the monotonic clock. */
static uint64_t
server_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Set up the loop, the pane and the first client, and serve. */
static int
server_run(
    struct server_opts *opts, const struct tp_key *key, int cols, int rows)
{
	const char *tmout, *path;
	uint64_t now = server_now();

	server_verbose = opts->verbose;
	if ((path = getenv("MOSHMUX_SERVER_LOG")) != NULL && *path != '\0')
		server_log_file = fopen(path, "a");
	server_start = now;
	if ((tmout = getenv("MOSH_SERVER_NETWORK_TMOUT")) != NULL &&
	    atoi(tmout) > 0)
		server_net_timeout = (uint64_t)atoi(tmout) * 1000;
	if ((tmout = getenv("MOSH_SERVER_SIGNAL_TMOUT")) != NULL &&
	    atoi(tmout) > 0)
		server_sig_timeout = (uint64_t)atoi(tmout) * 1000;
	server_base = event_base_new();
	if (server_base == NULL)
		return (1);
	server_add_events();
	if (server_start_pane(opts, cols, rows) != 0) {
		server_teardown();
		return (1);
	}
	server_client_new(key, now);
	server_log("serving on UDP port %d", server_port);
	event_base_dispatch(server_base);
	server_teardown();
	return (0);
}

/* Watch the UDP and control sockets, the signals and the clock. */
static void
server_add_events(void)
{
	struct timeval tv = { 1, 0 };
	int fds[1];
	size_t i;

	tp_sock_fds(server_sock, fds, 1);
	server_udp_fd = fds[0];
	fcntl(
	    server_udp_fd, F_SETFL, fcntl(server_udp_fd, F_GETFL) | O_NONBLOCK);
	fcntl(server_udp_fd, F_SETFD, FD_CLOEXEC);
	server_udp_ev = event_new(server_base, server_udp_fd,
	    EV_READ | EV_PERSIST, server_udp_read, NULL);
	event_add(server_udp_ev, NULL);
	if (server_ctl_fd != -1) {
		server_ctl_ev = event_new(server_base, server_ctl_fd,
		    EV_READ | EV_PERSIST, server_ctl_accept, NULL);
		event_add(server_ctl_ev, NULL);
	}
	for (i = 0; i < SERVER_NSIGNALS; i++) {
		server_sig_evs[i] = evsignal_new(
		    server_base, server_signals[i], server_signal, NULL);
		event_add(server_sig_evs[i], NULL);
	}
	server_house_ev =
	    event_new(server_base, -1, EV_PERSIST, server_housekeeping, NULL);
	event_add(server_house_ev, &tv);
}

/* Start the pane's child and watch its pty. */
static int
server_start_pane(const struct server_opts *opts, int cols, int rows)
{
	struct pane_spec spec;
	const char *cause;
	char *env[3] = { NULL, NULL, NULL };

	if (server_ctl_path != NULL) {
		if (asprintf(&env[0], "MOSHMUX=%s,%ld,0", server_ctl_path,
			(long)getpid()) == -1)
			env[0] = NULL;
		env[1] = "MOSHMUX_PANE=%0";
	}
	memset(&spec, 0, sizeof spec);
	spec.argv = opts->cmd;
	spec.term = opts->term;
	spec.env = env[0] != NULL ? env : NULL;
	spec.cols = cols;
	spec.rows = rows;
	spec.history = SERVER_HISTORY;
	server_pane = pane_new(&spec, &cause);
	free(env[0]);
	if (server_pane == NULL) {
		server_log("pane: %s", cause);
		return (-1);
	}
	server_pane_rev = event_new(server_base, pane_fd(server_pane),
	    EV_READ | EV_PERSIST, server_pane_read, NULL);
	server_pane_wev = event_new(server_base, pane_fd(server_pane),
	    EV_WRITE | EV_PERSIST, server_pane_write, NULL);
	event_add(server_pane_rev, NULL);
	return (0);
}

/* Free everything the loop used and remove the control socket. */
static void
server_teardown(void)
{
	size_t i;

	while (!TAILQ_EMPTY(&server_clients))
		server_client_free(TAILQ_FIRST(&server_clients));
	if (server_pane != NULL) {
		pane_kill(server_pane, SIGHUP);
		if (server_pane_rev != NULL)
			event_free(server_pane_rev);
		if (server_pane_wev != NULL)
			event_free(server_pane_wev);
		pane_free(server_pane);
		server_pane = NULL;
	}
	if (server_ctl_path != NULL) {
		unlink(server_ctl_path);
		free(server_ctl_path);
		server_ctl_path = NULL;
	}
	if (server_ctl_ev != NULL)
		event_free(server_ctl_ev);
	if (server_ctl_fd != -1)
		close(server_ctl_fd);
	for (i = 0; i < SERVER_NSIGNALS; i++)
		event_free(server_sig_evs[i]);
	event_free(server_house_ev);
	event_free(server_udp_ev);
	tp_sock_free(server_sock);
	server_log("exiting; %lu datagrams matched no client", server_dropped);
	event_base_free(server_base);
	if (server_log_file != NULL)
		fclose(server_log_file);
}

/* Create a client slot for a key; it waits for its first datagram. */
static struct server_client *
server_client_new(const struct tp_key *key, uint64_t now)
{
	struct server_client *c;
	struct emu *e;

	c = emu_xcalloc(1, sizeof *c);
	c->id = server_next_id++;
	c->key = *key;
	c->created = now;
	c->conn = tp_conn_new(key, 1);
	e = emu_new(pane_cols(server_pane), pane_rows(server_pane), 0);
	c->ssp = ssp_new(&ssp_host_ops, ssp_host_new(e), &ssp_user_ops,
	    ssp_user_new(), 1, now);
	c->timer = evtimer_new(server_base, server_client_timer, c);
	c->echo = ssp_echo_new();
	server_client_dirty(c, now);
	TAILQ_INSERT_TAIL(&server_clients, c, entry);
	server_log("client %u: new slot", c->id);
	return (c);
}

/* Forget a client. */
static void
server_client_free(struct server_client *c)
{
	server_log("client %u: gone", c->id);
	TAILQ_REMOVE(&server_clients, c, entry);
	event_free(c->timer);
	ssp_echo_free(c->echo);
	ssp_free(c->ssp);
	tp_conn_free(c->conn);
	free(c);
}

/* Does this client count for sizing (heard recently, not quitting)? */
static int
server_client_counts(const struct server_client *c, uint64_t now)
{
	uint64_t heard = ssp_last_heard(c->ssp);

	if (c->cols == 0 || heard == 0 || c->quit_time != 0)
		return (0);
	return (now - heard < SERVER_ASSOCIATION_TIMEOUT);
}

/* Does the client need a new frame (and may its state still change)? */
static int
server_client_wants_frame(const struct server_client *c)
{
	return (c->dirty && server_pane != NULL && c->quit_time == 0 &&
	    !server_exiting);
}

/* Arm the client's timer for its next deadline. */
static void
server_client_schedule(struct server_client *c, uint64_t now)
{
	struct timeval tv;
	uint64_t next, t;
	int wait;

	if (!c->has_addr && !server_exiting) {
		evtimer_del(c->timer);
		return;
	}
	wait = ssp_wait_time(c->ssp, now);
	if (wait < 0)
		wait = 0;
	next = now + wait;
	if (server_client_wants_frame(c)) {
		t = ssp_next_frame_time(c->ssp);
		next = t < now ? now : (t < next ? t : next);
	}
	t = server_client_echo_next(c);
	if (t != 0 && t < next)
		next = t < now ? now : t;
	if (c->quit_time != 0 && c->quit_time + SERVER_QUIT_LINGER < next)
		next = c->quit_time + SERVER_QUIT_LINGER;
	t = next > now ? next - now : 0;
	tv.tv_sec = t / 1000;
	tv.tv_usec = (t % 1000) * 1000;
	evtimer_add(c->timer, &tv);
}

/*
 * Timer callback: read the datagrams that are waiting first (as mosh's
 * loop does), so that after a stall the tick replies to the address the
 * client has moved to, then run the client's tick if it still exists.
 */
static void
server_client_timer(evutil_socket_t fd, short events, void *arg)
{
	struct server_client *c = arg, *loop;
	u_int id = c->id;

	server_udp_read(server_udp_fd, EV_READ, NULL);
	TAILQ_FOREACH(loop, &server_clients, entry)
	{
		if (loop == c && loop->id == id)
			break;
	}
	if (loop != NULL)
		server_client_tick(c, server_now());
}

/* Compose if due, send what SSP wants, and rearm (or drop the client). */
static void
server_client_tick(struct server_client *c, uint64_t now)
{
	if (!c->has_addr && !server_exiting)
		return;
	if (server_client_wants_frame(c) && now >= ssp_next_frame_time(c->ssp))
		server_client_compose(c, now);
	server_client_echo(c, now);

	c->now = now;
	ssp_set_timing(c->ssp, tp_conn_srtt(c->conn), tp_conn_rto(c->conn));
	if (c->has_addr)
		ssp_tick(c->ssp, now, server_client_send, c);
	if (server_client_finished(c, now)) {
		server_client_free(c);
		server_check_exit();
		return;
	}
	server_client_schedule(c, now);
}

/* Is the client done: its quit acked and lingered, or our shutdown over? */
static int
server_client_finished(struct server_client *c, uint64_t now)
{
	if (ssp_peer_shutdown(c->ssp) && ssp_peer_shutdown_acked(c->ssp)) {
		if (c->quit_time == 0) {
			c->quit_time = now;
			server_log("client %u: quit (detached)", c->id);
			server_resize_pane(now);
		}
		if (server_exiting || now >= c->quit_time + SERVER_QUIT_LINGER)
			return (1);
	}
	if (!server_exiting)
		return (0);
	if (!c->has_addr || ssp_last_heard(c->ssp) == 0)
		return (1);
	return (
	    ssp_shutdown_acked(c->ssp) || ssp_shutdown_expired(c->ssp, now));
}

/*
 * Give the client's SSP state a copy of the pane's screen at the client's
 * size.  The copy is exact (modes, title, bell count): the SSP diff from
 * the state the client holds turns it into bytes.
 */
static void
server_client_compose(struct server_client *c, uint64_t now)
{
	struct emu *pe = pane_emu(server_pane), *view;
	int cols = c->cols, rows = c->rows;

	if (cols == 0) {
		cols = emu_cols(pe);
		rows = emu_rows(pe);
	}
	view = emu_clone(pe, 0);
	if (cols != emu_cols(view) || rows != emu_rows(view))
		emu_resize(view, cols, rows);
	ssp_host_set_emu(ssp_local(c->ssp), view);
	ssp_changed(c->ssp, c->dirty_since < now ? c->dirty_since : now);
	c->dirty = 0;
}

/* When the next echo ack becomes due (0 if none). */
static uint64_t
server_client_echo_next(const struct server_client *c)
{
	uint64_t t = ssp_echo_next_due(c->echo);

	return (t == UINT64_MAX ? 0 : t);
}

/* Advance the echo ack to the newest input applied 50 ms ago. */
static void
server_client_echo(struct server_client *c, uint64_t now)
{
	struct ssp_host *h = ssp_local(c->ssp);
	uint64_t ack;

	ack = ssp_echo_update(c->echo, now);
	if (ack <= ssp_host_echo_ack(h) || c->quit_time != 0 || server_exiting)
		return;
	if (server_client_wants_frame(c))
		server_client_compose(c, now);
	ssp_host_set_echo_ack(h, ack);
	ssp_changed(c->ssp, now);
}

/* SSP callback: send one instruction through the client's transport. */
static void
server_client_send(void *arg, const struct tp_instruction *inst)
{
	struct server_client *c = arg;

	tp_conn_send(c->conn, c->now, inst, server_client_send_dgram, c);
}

/* Transport callback: send one datagram to the client's address. */
static void
server_client_send_dgram(void *arg, const uint8_t *dgram, size_t len)
{
	struct server_client *c = arg;
	uint64_t heard = tp_conn_last_heard(c->conn);

	if (!c->has_addr)
		return;
	if (heard != 0 && c->now - heard > SERVER_ASSOCIATION_TIMEOUT) {
		server_log("client %u: detached (silent for 40 s)", c->id);
		c->has_addr = 0;
		server_resize_pane(c->now);
		return;
	}
	server_debug("client %u: send %zu bytes", c->id, len);
	tp_sock_set_peer(server_sock, (struct sockaddr *)&c->addr, c->addrlen);
	if (tp_sock_send(server_sock, dgram, len) == -1 && errno == EMSGSIZE) {
		c->small_mtu = 1;
		tp_conn_set_mtu(c->conn, c->addr.ss_family == AF_INET6, 1);
	}
}

/* Read a burst of datagrams from the UDP socket, then let each client
 * that got an instruction reply once, to its newest address. */
static void
server_udp_read(evutil_socket_t fd, short events, void *arg)
{
	struct server_client *c, *next;
	struct sockaddr_storage from;
	socklen_t fromlen;
	uint8_t buf[TP_RECEIVE_MTU + 1];
	ssize_t n;
	int i;

	for (i = 0; i < SERVER_RECV_BURST; i++) {
		fromlen = sizeof from;
		n = tp_sock_recv(
		    server_sock, fd, buf, sizeof buf, &from, &fromlen);
		if (n < 0 && errno == EMSGSIZE) {
			server_dropped++;
			continue;
		}
		if (n < 0)
			break;
		server_dispatch(server_now(), buf, n, &from, fromlen);
	}
	TAILQ_FOREACH_SAFE(c, &server_clients, entry, next)
	{
		if (c->received) {
			c->received = 0;
			server_client_tick(c, server_now());
		}
	}
}

/* Find the client a datagram belongs to: the one last seen at its source
 * address first, then every other; count it if none opens it. */
static void
server_dispatch(uint64_t now, const uint8_t *buf, size_t len,
    const struct sockaddr_storage *from, socklen_t fromlen)
{
	struct server_client *c, *first = NULL, *next;

	if (len < 24 || len > TP_RECEIVE_MTU) {
		server_dropped++;
		return;
	}
	TAILQ_FOREACH(c, &server_clients, entry)
	{
		if (c->has_addr && c->addrlen == fromlen &&
		    memcmp(&c->addr, from, fromlen) == 0) {
			first = c;
			break;
		}
	}
	if (first != NULL &&
	    server_client_try(first, now, buf, len, from, fromlen))
		return;
	TAILQ_FOREACH_SAFE(c, &server_clients, entry, next)
	{
		if (c != first &&
		    server_client_try(c, now, buf, len, from, fromlen))
			return;
	}
	server_dropped++;
}

/* Offer a datagram to one client; 0 if its key does not open it. */
static int
server_client_try(struct server_client *c, uint64_t now, const uint8_t *buf,
    size_t len, const struct sockaddr_storage *from, socklen_t fromlen)
{
	struct tp_instruction inst;
	unsigned long auth = tp_conn_drops(c->conn, TP_DROP_AUTH);
	int r, fresh = 0;

	memset(&inst, 0, sizeof inst);
	r = tp_conn_receive(c->conn, now, buf, len, &inst, &fresh);
	if (r == -1 && tp_conn_drops(c->conn, TP_DROP_AUTH) != auth)
		return (0);
	if (fresh &&
	    (!c->has_addr || c->addrlen != fromlen ||
		memcmp(&c->addr, from, fromlen) != 0)) {
		memcpy(&c->addr, from, fromlen);
		c->addrlen = fromlen;
		c->has_addr = 1;
		tp_conn_set_mtu(
		    c->conn, from->ss_family == AF_INET6, c->small_mtu);
		server_log("client %u: now at a new address", c->id);
	}
	if (r != 1)
		return (1);

	server_debug("client %u: instruction old %llu new %llu ack %llu, "
		     "%zu bytes",
	    c->id, (unsigned long long)inst.old_num,
	    (unsigned long long)inst.new_num, (unsigned long long)inst.ack_num,
	    inst.diff.len);
	ssp_receive(c->ssp, now, &inst);
	tp_instruction_free(&inst);
	if (ssp_last_heard(c->ssp) > server_heard)
		server_heard = ssp_last_heard(c->ssp);
	if (c->quit_time == 0)
		server_client_events(c, now);
	if (server_pane_dead && !server_exiting && server_heard != 0) {
		server_client_compose(c, now);
		server_shutdown("shell exited");
	}
	c->received = 1;
	return (1);
}

/* Apply the user events the client sent since last time. */
static void
server_client_events(struct server_client *c, uint64_t now)
{
	const struct ssp_user *u = ssp_remote(c->ssp);
	const struct ssp_event *ev;
	size_t n, i, off;
	int fresh = 0;

	n = ssp_user_events(u, c->events_done, &ev);
	for (i = 0; i < n; i++) {
		off = 0;
		if (ev[i].index < c->events_done)
			off = c->events_done - ev[i].index;
		if (ev[i].type == SSP_EVENT_KEYS) {
			if (off >= ev[i].len)
				continue;
			fresh = 1;
			if (server_pane != NULL && !server_pane_dead &&
			    !server_exiting)
				pane_write_keys(server_pane, ev[i].keys + off,
				    ev[i].len - off);
			continue;
		}
		/* Only the last of consecutive resizes counts. */
		if (off != 0)
			continue;
		fresh = 1;
		if (i + 1 < n && ev[i + 1].type == SSP_EVENT_RESIZE)
			continue;
		/* Resize before the keys that follow reach the pty. */
		if (server_client_resize(c, ev[i].width, ev[i].height)) {
			server_client_dirty(c, now);
			server_resize_pane(now);
		}
	}
	if (ssp_user_end(u) > c->events_done)
		c->events_done = ssp_user_end(u);
	if (fresh)
		ssp_echo_record(c->echo, ssp_remote_num(c->ssp), now);
	ssp_remote_consumed(c->ssp);
	server_pane_update();
}

/* Take a Resize from the client; 1 if it was usable. */
static int
server_client_resize(struct server_client *c, int cols, int rows)
{
	if (cols < 1 || rows < 1)
		return (0);
	c->cols = cols > PANE_MAX_COLS ? PANE_MAX_COLS : cols;
	c->rows = rows > PANE_MAX_ROWS ? PANE_MAX_ROWS : rows;
	return (1);
}

/* Size the pane to the smallest client heard from recently. */
static void
server_resize_pane(uint64_t now)
{
	struct server_client *c;
	int cols = 0, rows = 0;

	if (server_pane == NULL)
		return;
	TAILQ_FOREACH(c, &server_clients, entry)
	{
		if (!server_client_counts(c, now))
			continue;
		if (cols == 0 || c->cols < cols)
			cols = c->cols;
		if (rows == 0 || c->rows < rows)
			rows = c->rows;
	}
	if (cols == 0)
		return;
	if (cols == pane_cols(server_pane) && rows == pane_rows(server_pane))
		return;
	server_log("pane resized to %dx%d", cols, rows);
	pane_resize(server_pane, cols, rows);
	server_mark_dirty(now);
}

/* Note that a client's view changed (the first change counts). */
static void
server_client_dirty(struct server_client *c, uint64_t now)
{
	if (!c->dirty)
		c->dirty_since = now;
	c->dirty = 1;
}

/* The pane changed: every client needs a new frame. */
static void
server_mark_dirty(uint64_t now)
{
	struct server_client *c;

	TAILQ_FOREACH(c, &server_clients, entry)
	{
		server_client_dirty(c, now);
		if (c->has_addr && c->quit_time == 0)
			server_client_schedule(c, now);
	}
}

/* The pane's pty is readable: feed its emulator. */
static void
server_pane_read(evutil_socket_t fd, short events, void *arg)
{
	ssize_t n;

	n = pane_read(server_pane);
	if (n > 0)
		server_mark_dirty(server_now());
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		server_pane_gone("shell closed the terminal");
	else if (pane_exited(server_pane))
		server_pane_gone("shell exited");
	if (server_pane != NULL)
		server_pane_update();
}

/* The pane's pty is writable: write queued input. */
static void
server_pane_write(evutil_socket_t fd, short events, void *arg)
{
	if (pane_flush(server_pane) == -1) {
		server_pane_gone("pty write failed");
		return;
	}
	server_pane_update();
}

/* Watch the pty for writing only while input is queued. */
static void
server_pane_update(void)
{
	if (server_pane == NULL || server_pane_dead)
		return;
	if (pane_want_write(server_pane))
		event_add(server_pane_wev, NULL);
	else
		event_del(server_pane_wev);
}

/*
 * The shell is gone: stop reading the pty and send the final screen, then
 * shut down; if no client was ever heard, wait for the first one so that
 * it sees the end (as mosh-server holds its child until the first client).
 */
static void
server_pane_gone(const char *why)
{
	struct server_client *c;
	uint64_t now = server_now();

	if (server_pane == NULL || server_pane_dead)
		return;
	server_log("%s", why);
	server_pane_dead = now;
	event_free(server_pane_rev);
	event_free(server_pane_wev);
	server_pane_rev = server_pane_wev = NULL;
	TAILQ_FOREACH(c, &server_clients, entry)
	{
		if (c->has_addr && c->dirty && c->quit_time == 0)
			server_client_compose(c, now);
	}
	if (server_heard != 0)
		server_shutdown(why);
	else
		server_log("waiting for a client to show the final screen");
}

/* SIGCHLD: reap; if the shell exited and its output is drained, end. */
static void
server_child(void)
{
	ssize_t n;

	if (server_pane != NULL && !server_pane_dead &&
	    pane_exited(server_pane)) {
		n = pane_read(server_pane);
		if (n > 0)
			server_mark_dirty(server_now());
		else
			server_pane_gone("shell exited");
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* SIGTERM, SIGINT, SIGUSR1 end the session (a second one ends it now);
 * SIGCHLD reaps. */
static void
server_signal(evutil_socket_t sig, short events, void *arg)
{
	if (sig == SIGCHLD) {
		server_child();
		return;
	}
	if (server_exiting) {
		event_base_loopexit(server_base, NULL);
		return;
	}
	if (sig == SIGUSR1 && server_sig_timeout != 0 &&
	    server_now() - server_heard < server_sig_timeout) {
		server_log("SIGUSR1 ignored: a client was heard recently");
		return;
	}
	server_shutdown("signal");
}

/* Start the shutdown handshake with every client that can hear it. */
static void
server_shutdown(const char *why)
{
	struct server_client *c, *next;
	uint64_t now = server_now();

	if (server_exiting)
		return;
	server_log("shutting down: %s", why);
	server_exiting = 1;
	server_exit_start = now;
	TAILQ_FOREACH_SAFE(c, &server_clients, entry, next)
	{
		if (!c->has_addr || ssp_last_heard(c->ssp) == 0 ||
		    c->quit_time != 0) {
			server_client_free(c);
			continue;
		}
		ssp_start_shutdown(c->ssp, now);
		server_client_schedule(c, now);
	}
	server_check_exit();
}

/* Leave the loop once shutting down and every client is done. */
static void
server_check_exit(void)
{
	if (server_exiting && TAILQ_EMPTY(&server_clients))
		event_base_loopexit(server_base, NULL);
}

/* Once a second: drop dead slots, resize for stale clients, time out. */
static void
server_housekeeping(evutil_socket_t fd, short events, void *arg)
{
	struct server_client *c, *next;
	uint64_t now = server_now();

	if (server_exiting) {
		if (now - server_exit_start > SERVER_SHUTDOWN_LIMIT)
			event_base_loopexit(server_base, NULL);
		return;
	}
	TAILQ_FOREACH_SAFE(c, &server_clients, entry, next)
	{
		if (ssp_last_heard(c->ssp) == 0 &&
		    now - c->created > SERVER_NO_CLIENT_TIMEOUT)
			server_client_free(c);
	}
	if (server_heard == 0 && server_ctl_fd == -1 &&
	    now - server_start > SERVER_NO_CLIENT_TIMEOUT) {
		server_log("no connection within 60 seconds");
		server_shutdown("no connection");
		return;
	}
	if (server_pane_dead != 0 &&
	    now - server_pane_dead > SERVER_NO_CLIENT_TIMEOUT) {
		server_shutdown("nobody came for the final screen");
		return;
	}
	if (server_pane != NULL && !server_pane_dead &&
	    pane_exited(server_pane))
		server_child(); /* a background job may hold the pty */
	if (server_net_timeout != 0 && server_heard != 0 &&
	    now - server_heard > server_net_timeout) {
		server_shutdown("network idle");
		return;
	}
	server_resize_pane(now);
}

/* Listen on $TMPDIR/moshmux-<uid>/NAME; -1 (after a message) on error. */
static int
server_ctl_open(const char *name)
{
	struct sockaddr_un sun;
	const char *tmp = getenv("TMPDIR");
	char dir[sizeof sun.sun_path];
	struct stat sb;
	int fd, n;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	n = snprintf(dir, sizeof dir, "%s/moshmux-%ld", tmp, (long)getuid());
	if (n < 0 || (size_t)n >= sizeof dir)
		goto toolong;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	if (lstat(dir, &sb) != 0)
		goto fail;
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid() ||
	    (sb.st_mode & 077) != 0) {
		fprintf(stderr, "moshmux: %s: not a private directory\n", dir);
		return (-1);
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	n = snprintf(sun.sun_path, sizeof sun.sun_path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof sun.sun_path)
		goto toolong;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0) {
		fprintf(stderr, "moshmux: a server is running on %s\n",
		    sun.sun_path);
		close(fd);
		return (-1);
	}
	unlink(sun.sun_path); /* stale */
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    listen(fd, 16) != 0) {
		close(fd);
		goto fail;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	server_ctl_fd = fd;
	server_ctl_path = emu_xstrdup(sun.sun_path);
	return (fd);

toolong:
	fprintf(stderr, "moshmux: socket path too long\n");
	return (-1);
fail:
	fprintf(stderr, "moshmux: %s: %s\n", dir, strerror(errno));
	return (-1);
}

/* Accept a control connection from our own user. */
static void
server_ctl_accept(evutil_socket_t lfd, short events, void *arg)
{
	struct server_ctl *sc;
	struct ucred cred;
	struct timeval tv = { SERVER_CTL_TIMEOUT, 0 };
	socklen_t len = sizeof cred;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
	    cred.uid != getuid()) {
		server_log("control: refused a peer of another user");
		close(fd);
		return;
	}
	sc = emu_xcalloc(1, sizeof *sc);
	sc->fd = fd;
	sc->buf = emu_xmalloc(SERVER_CTL_MAX);
	sc->ev = event_new(
	    server_base, fd, EV_READ | EV_PERSIST, server_ctl_read, sc);
	event_add(sc->ev, &tv);
}

/* Read a request (argv strings, an empty string ends it) and run it;
 * drop a peer that sends nothing for SERVER_CTL_TIMEOUT seconds. */
static void
server_ctl_read(evutil_socket_t fd, short events, void *arg)
{
	struct server_ctl *sc = arg;
	ssize_t n;

	if (events & EV_TIMEOUT) {
		server_log("control: request timed out");
		server_ctl_free(sc);
		return;
	}
	n = read(fd, sc->buf + sc->len, SERVER_CTL_MAX - sc->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		sc->len += n;
	if (n > 0 && sc->len < SERVER_CTL_MAX &&
	    memmem(sc->buf, sc->len, "\0\0", 2) == NULL &&
	    !(sc->len == 1 && sc->buf[0] == '\0'))
		return;
	if (n == -1) {
		server_ctl_free(sc);
		return;
	}
	server_ctl_exec(sc);
	server_ctl_free(sc);
}

/* Split the request into argv, run the command and write the answer. */
static void
server_ctl_exec(struct server_ctl *sc)
{
	struct tp_buf out = { NULL, 0, 0 };
	char *argv[256];
	size_t off = 0, len, i;
	int argc = 0, code = 1, flags;
	struct timeval tv = { 1, 0 };

	while (off < sc->len && argc < 255) {
		len = strnlen(sc->buf + off, sc->len - off);
		if (len == 0 || off + len == sc->len)
			break;
		argv[argc++] = sc->buf + off;
		off += len + 1;
	}
	argv[argc] = NULL;
	if (argc == 0)
		server_ctl_line(&out, 'E', "no command");
	for (i = 0; argc != 0 && i < sizeof server_cmds / sizeof *server_cmds;
	     i++) {
		if (strcmp(argv[0], server_cmds[i].name) == 0)
			break;
	}
	if (argc != 0 && i == sizeof server_cmds / sizeof *server_cmds)
		server_ctl_line(&out, 'E', "unknown command: %s", argv[0]);
	else if (argc != 0)
		code = server_cmds[i].exec(&out, argc, argv);
	server_ctl_line(&out, 'X', "%d", code);

	flags = fcntl(sc->fd, F_GETFL);
	fcntl(sc->fd, F_SETFL, flags & ~O_NONBLOCK);
	setsockopt(sc->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (write(sc->fd, out.data, out.len) != (ssize_t)out.len)
		server_log("control: short write");
	tp_buf_free(&out);
}

/* Close a control connection. */
static void
server_ctl_free(struct server_ctl *sc)
{
	event_free(sc->ev);
	close(sc->fd);
	free(sc->buf);
	free(sc);
}

/* Append one answer line: kind O (stdout), E (stderr) or X (exit). */
static void
server_ctl_line(struct tp_buf *out, char kind, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	line[0] = kind;
	line[1] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(line + 2, sizeof line - 3, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof line - 4)
		n = sizeof line - 4;
	line[2 + n] = '\n';
	tp_buf_add(out, line, n + 3);
}

/* attach: a fresh key for a new client slot. */
static int
server_cmd_attach(struct tp_buf *out, int argc, char **argv)
{
	char b64[TP_KEY_B64_LEN + 1];
	struct tp_key key;

	if (server_exiting || server_pane == NULL || server_pane_dead) {
		server_ctl_line(out, 'E', "server exiting");
		return (1);
	}
	tp_key_random(&key);
	tp_key_format(&key, b64);
	server_client_new(&key, server_now());
	server_ctl_line(out, 'O', "MOSH CONNECT %d %s", server_port, b64);
	return (0);
}

/* kill-server: hang up the pane and end the session. */
static int
server_cmd_kill(struct tp_buf *out, int argc, char **argv)
{
	if (server_pane != NULL)
		pane_kill(server_pane, SIGHUP);
	server_shutdown("kill-server");
	return (0);
}

/* has-session: succeed while the session runs. */
static int
server_cmd_has(struct tp_buf *out, int argc, char **argv)
{
	return (server_exiting || server_pane == NULL || server_pane_dead);
}

/* list-clients: one line per client that has been heard from. */
static int
server_cmd_list(struct tp_buf *out, int argc, char **argv)
{
	struct server_client *c;
	char host[NI_MAXHOST], port[NI_MAXSERV];
	uint64_t now = server_now(), heard;

	TAILQ_FOREACH(c, &server_clients, entry)
	{
		heard = ssp_last_heard(c->ssp);
		if (heard == 0)
			continue;
		if (!c->has_addr ||
		    getnameinfo((struct sockaddr *)&c->addr, c->addrlen, host,
			sizeof host, port, sizeof port,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
			snprintf(host, sizeof host, "-");
			snprintf(port, sizeof port, "-");
		}
		server_ctl_line(out, 'O',
		    "client%u: %s:%s [%dx%d] heard %llu ms ago%s", c->id, host,
		    port, c->cols, c->rows, (unsigned long long)(now - heard),
		    c->quit_time != 0 ? " (quit)" : "");
	}
	return (0);
}
