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
 * Tests of server.c through the moshmux binary ($MOSHMUX, else
 * $O/moshmux): `moshmux mosh-server new` is started as mosh would start
 * it and talked to by SSP clients built from transport/ and ssp/, and
 * through its control socket.  Loopback only; every wait is bounded and
 * every server is killed by pid at the end.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emulator/emulator.h"
#include "ssp/ssp.h"
#include "tests/test.h"
#include "transport/transport.h"

/* One test client: a socket, a transport end and an SSP end. */
struct tc {
	struct tp_sock *ts;
	struct tp_conn *conn;
	struct ssp *ssp;
	uint64_t now;
};

/* A started server: its daemon pid, port and key. */
struct srv {
	pid_t pid;
	int port;
	char key[TP_KEY_B64_LEN + 1];
	char out[512];
	char err[2048];
	int status; /* of the foreground process */
};

static char tmpdir[64];
static char binary[1024];

/* Milliseconds from the monotonic clock. */
static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Read from fd until EOF or the deadline; returns 0 at EOF. */
static int
read_all(int fd, char *buf, size_t size, uint64_t deadline)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t len = 0;
	ssize_t n;

	for (;;) {
		if (now_ms() > deadline)
			return (-1);
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += n;
		if (len == size - 1)
			break;
	}
	buf[len] = '\0';
	return (0);
}

/*
 * Run moshmux with argv as mosh's wrapper does: read its stdout until
 * EOF (which only comes once the daemon let go of it), wait for the
 * foreground process and parse MOSH CONNECT and the daemon's pid.
 */
static int
srv_start(struct srv *sv, char *const argv[])
{
	int out[2], err[2], eof;
	pid_t pid;
	char *p;

	memset(sv, 0, sizeof *sv);
	if (pipe(out) != 0 || pipe(err) != 0)
		return (-1);
	if ((pid = fork()) == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(binary, argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	eof = read_all(out[0], sv->out, sizeof sv->out, now_ms() + 5000);
	read_all(err[0], sv->err, sizeof sv->err, now_ms() + 2000);
	close(out[0]);
	close(err[0]);
	waitpid(pid, &sv->status, 0);
	if ((p = strstr(sv->err, "pid = ")) != NULL)
		sv->pid = atoi(p + 6);
	if ((p = strstr(sv->out, "MOSH CONNECT ")) != NULL &&
	    sscanf(p, "MOSH CONNECT %d %22s", &sv->port, sv->key) != 2)
		sv->port = 0;
	return (eof);
}

/* Wait up to ms for the daemon (our child as subreaper) to exit. */
static int
srv_wait_exit(struct srv *sv, int ms)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end) {
		if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid)
			return (1);
		usleep(20000);
	}
	return (0);
}

/* Kill a daemon that is still running. */
static void
srv_kill(struct srv *sv)
{
	if (sv->pid <= 0)
		return;
	if (kill(sv->pid, SIGKILL) == 0)
		waitpid(sv->pid, NULL, 0);
	sv->pid = 0;
}

/* SSP callback: seal and send one instruction. */
static void
tc_send_dgram(void *arg, const uint8_t *buf, size_t len)
{
	struct tc *tc = arg;

	tp_sock_send(tc->ts, buf, len);
}

/* SSP callback: hand an instruction to the transport. */
static void
tc_send(void *arg, const struct tp_instruction *inst)
{
	struct tc *tc = arg;

	tp_conn_send(tc->conn, tc->now, inst, tc_send_dgram, tc);
}

/* A client of the given size for port and key. */
static struct tc *
tc_new(int port, const char *b64, int cols, int rows)
{
	struct tp_key key;
	const char *why;
	char portstr[16];
	struct tc *tc;

	if (tp_key_parse(b64, &key, &why) != 0)
		return (NULL);
	tc = calloc(1, sizeof *tc);
	snprintf(portstr, sizeof portstr, "%d", port);
	tc->ts = tp_sock_client("127.0.0.1", portstr, NULL, &why);
	if (tc->ts == NULL) {
		free(tc);
		return (NULL);
	}
	tc->now = now_ms();
	tc->conn = tp_conn_new(&key, 0);
	tc->ssp = ssp_new(&ssp_user_ops, ssp_user_new(), &ssp_host_ops,
	    ssp_host_new(emu_new(cols, rows, 0)), 0, tc->now);
	ssp_user_push_resize(ssp_local(tc->ssp), cols, rows);
	ssp_changed(tc->ssp, tc->now);
	return (tc);
}

/* Free a client. */
static void
tc_free(struct tc *tc)
{
	if (tc == NULL)
		return;
	ssp_free(tc->ssp);
	tp_conn_free(tc->conn);
	tp_sock_free(tc->ts);
	free(tc);
}

/* Read every datagram waiting for a client. */
static void
tc_receive(struct tc *tc)
{
	struct sockaddr_storage from;
	struct tp_instruction inst;
	socklen_t fromlen;
	uint8_t buf[4096];
	int fds[16], nfds, i, fresh;
	ssize_t n;

	nfds = tp_sock_fds(tc->ts, fds, 16);
	for (i = 0; i < nfds; i++) {
		for (;;) {
			fromlen = sizeof from;
			n = tp_sock_recv(
			    tc->ts, fds[i], buf, sizeof buf, &from, &fromlen);
			if (n < 0)
				break;
			memset(&inst, 0, sizeof inst);
			if (tp_conn_receive(tc->conn, tc->now, buf, n, &inst,
				&fresh) == 1) {
				ssp_receive(tc->ssp, tc->now, &inst);
				tp_instruction_free(&inst);
			}
		}
	}
}

/* Run the clients (NULL entries skipped) for ms milliseconds. */
static void
tc_pump(struct tc **tcs, int n, int ms)
{
	uint64_t end = now_ms() + ms;
	int i;

	do {
		for (i = 0; i < n; i++) {
			if (tcs[i] == NULL)
				continue;
			tcs[i]->now = now_ms();
			tc_receive(tcs[i]);
			ssp_set_timing(tcs[i]->ssp, tp_conn_srtt(tcs[i]->conn),
			    tp_conn_rto(tcs[i]->conn));
			ssp_tick(tcs[i]->ssp, tcs[i]->now, tc_send, tcs[i]);
		}
		usleep(2000);
	} while (now_ms() < end);
}

/* The client's copy of the server's screen. */
static struct emu *
tc_emu(struct tc *tc)
{
	return (ssp_host_emu(ssp_remote(tc->ssp)));
}

/* Type into a client. */
static void
tc_type(struct tc *tc, const char *s)
{
	ssp_user_push_keys(ssp_local(tc->ssp), s, strlen(s));
	ssp_changed(tc->ssp, now_ms());
}

/* Does a row of the screen equal s (trailing blanks ignored)? */
static int
screen_has_row(struct emu *e, const char *s)
{
	struct emu_cell gc;
	char row[1024];
	size_t len, keep;
	int r, c;

	for (r = 0; r < emu_rows(e); r++) {
		len = keep = 0;
		for (c = 0; c < emu_cols(e) && len < sizeof row - 40; c++) {
			emu_cell(e, r, c, &gc);
			if (gc.width == 0)
				continue;
			if (gc.text[0] == '\0')
				strcpy(gc.text, " ");
			memcpy(row + len, gc.text, strlen(gc.text));
			len += strlen(gc.text);
			if (strcmp(gc.text, " ") != 0)
				keep = len;
		}
		row[keep] = '\0';
		if (strcmp(row, s) == 0)
			return (1);
	}
	return (0);
}

/* Print a screen as comment lines (for a failed wait). */
static void
screen_dump(struct emu *e)
{
	struct emu_cell gc;
	int r, c;

	printf("# screen %dx%d\n", emu_cols(e), emu_rows(e));
	for (r = 0; r < emu_rows(e); r++) {
		printf("# |");
		for (c = 0; c < emu_cols(e); c++) {
			emu_cell(e, r, c, &gc);
			if (gc.width != 0)
				printf(
				    "%s", gc.text[0] != '\0' ? gc.text : " ");
		}
		printf("|\n");
	}
}

/* Pump the clients until client w's screen has a row s, or timeout. */
static int
tc_wait_row(struct tc **tcs, int n, int w, const char *s, int ms)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end) {
		tc_pump(tcs, n, 20);
		if (screen_has_row(tc_emu(tcs[w]), s))
			return (1);
	}
	screen_dump(tc_emu(tcs[w]));
	return (0);
}

/* Send one control request; return the answer (static) or NULL. */
static const char *
ctl(const char *name, const char *req, size_t len)
{
	static char answer[1024];
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s/moshmux-%ld/%s", tmpdir,
	    (long)getuid(), name);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		close(fd);
		return (NULL);
	}
	if (write(fd, req, len) != (ssize_t)len)
		return (NULL);
	shutdown(fd, SHUT_WR);
	read_all(fd, answer, sizeof answer, now_ms() + 3000);
	close(fd);
	return (answer);
}

/* Throw random and truncated datagrams at a port. */
static void
junk(int port)
{
	struct sockaddr_in sin;
	uint8_t buf[3000];
	int fd, i, len;
	size_t j;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srandom(42);
	for (i = 0; i < 300; i++) {
		len = random() % (i % 3 == 0 ? 40 : sizeof buf);
		for (j = 0; j < (size_t)len; j++)
			buf[j] = random();
		sendto(fd, buf, len, 0, (struct sockaddr *)&sin, sizeof sin);
	}
	close(fd);
}

/* Bootstrap: MOSH CONNECT, prompt detach, pid line. */
static int
test_bootstrap(struct srv *sv)
{
	static char *argv[] = { "moshmux", "mosh-server", "new", "-i",
		"127.0.0.1", "-p", "0", "-S", "t1", "--", "env", "PS1=$ ",
		"/bin/sh", NULL };
	int eof;

	eof = srv_start(sv, argv);
	CHECK(eof == 0, "stdout reaches EOF: the daemon keeps no stdio");
	CHECK(WIFEXITED(sv->status) && WEXITSTATUS(sv->status) == 0,
	    "foreground process exits 0");
	CHECK(sv->port > 0 && strlen(sv->key) == 22,
	    "MOSH CONNECT <port> <22-character key>");
	CHECK(strncmp(sv->out, "MOSH CONNECT ", 13) == 0,
	    "MOSH CONNECT is the first line");
	CHECK(strstr(sv->err, "[moshmux server detached, pid = ") != NULL &&
		sv->pid > 0,
	    "detached line with the pid");
	return (sv->port > 0 && sv->pid > 0);
}

/* One client: prompt, typing, echo ack, resize. */
static void
test_one_client(struct tc **tcs)
{
	struct ssp_host *h;

	CHECK(tc_wait_row(tcs, 1, 0, "$", 5000), "prompt shows");
	tc_type(tcs[0], "echo hel''lo\r");
	CHECK(tc_wait_row(tcs, 1, 0, "hello", 5000), "typed command runs");
	tc_type(tcs[0], "echo P=$MOSHMUX_PANE T=$TERM\r");
	CHECK(tc_wait_row(tcs, 1, 0, "P=%0 T=xterm-256color", 5000),
	    "pane environment");
	tc_pump(tcs, 1, 300);
	h = (struct ssp_host *)ssp_remote(tcs[0]->ssp);
	CHECK(ssp_host_echo_ack(h) > 0, "server sends EchoAck");
	ssp_user_push_resize(ssp_local(tcs[0]->ssp), 100, 30);
	ssp_changed(tcs[0]->ssp, now_ms());
	tc_type(tcs[0], "stty size\r");
	CHECK(tc_wait_row(tcs, 1, 0, "30 100", 5000), "resize reaches shell");
	CHECK(emu_cols(tc_emu(tcs[0])) == 100 && emu_rows(tc_emu(tcs[0])) == 30,
	    "client's screen has its size");
}

/* A second client through the control socket; the smaller size wins. */
static void
test_attach(struct srv *sv, struct tc **tcs)
{
	const char *a;
	char key[32];
	int port;

	a = ctl("t1", "frob\0x\0\0", 8);
	CHECK_STR(a, "E unknown command: frob\nX 1\n", "unknown command");
	a = ctl("t1", "attach\0\0", 8);
	CHECK(a != NULL &&
		sscanf(a, "O MOSH CONNECT %d %22s", &port, key) == 2 &&
		strstr(a, "\nX 0\n") != NULL,
	    "attach answers MOSH CONNECT and X 0");
	if (a == NULL || strcmp(key, sv->key) == 0 || port != sv->port) {
		CHECK(0, "attach gives a fresh key on the same port");
		return;
	}
	tcs[1] = tc_new(port, key, 60, 20);
	CHECK(tcs[1] != NULL, "second client");
	if (tcs[1] == NULL)
		return;
	CHECK(tc_wait_row(tcs, 2, 1, "30 100", 5000),
	    "second client sees the session");
	tc_type(tcs[1], "clear; stty size\r");
	CHECK(tc_wait_row(tcs, 2, 1, "20 60", 5000),
	    "pane takes the smallest client's size");
	CHECK(tc_wait_row(tcs, 2, 0, "20 60", 5000),
	    "first client sees the second's typing");
	CHECK(emu_cols(tc_emu(tcs[0])) == 100, "first client keeps its size");
	a = ctl("t1", "list-clients\0\0", 14);
	CHECK(a != NULL && strstr(a, "client0: 127.0.0.1:") != NULL &&
		strstr(a, "[100x30]") != NULL && strstr(a, "[60x20]") != NULL &&
		strstr(a, "X 0\n") != NULL,
	    "list-clients shows both clients and their sizes");
}

/* Junk, a client's quit (a detach), then kill-server. */
static void
test_quit_and_kill(struct srv *sv, struct tc **tcs)
{
	uint64_t end;
	char path[256];

	junk(sv->port);
	tc_type(tcs[1], "echo after-junk\r");
	CHECK(tc_wait_row(tcs, 2, 0, "after-junk", 5000),
	    "session works after junk datagrams");

	ssp_start_shutdown(tcs[0]->ssp, now_ms());
	end = now_ms() + 5000;
	while (!ssp_shutdown_acked(tcs[0]->ssp) && now_ms() < end)
		tc_pump(tcs, 2, 20);
	CHECK(ssp_shutdown_acked(tcs[0]->ssp), "a client's quit is acked");
	tc_free(tcs[0]);
	tcs[0] = NULL;
	tc_type(tcs[1], "echo still-here\r");
	CHECK(tc_wait_row(tcs, 2, 1, "still-here", 5000),
	    "the session lives on after a client quits");

	CHECK_STR(ctl("t1", "kill-server\0\0", 13), "X 0\n", "kill-server");
	end = now_ms() + 5000;
	while (!ssp_peer_shutdown(tcs[1]->ssp) && now_ms() < end)
		tc_pump(tcs, 2, 20);
	CHECK(ssp_peer_shutdown(tcs[1]->ssp), "client gets the shutdown");
	tc_pump(tcs, 2, 200);
	CHECK(srv_wait_exit(sv, 5000), "server exits after kill-server");
	sv->pid = 0;
	snprintf(
	    path, sizeof path, "%s/moshmux-%ld/t1", tmpdir, (long)getuid());
	CHECK(access(path, F_OK) != 0, "control socket removed");
}

/* The full session test. */
static void
test_session(void)
{
	struct tc *tcs[2] = { NULL, NULL };
	struct srv sv;

	if (!test_bootstrap(&sv)) {
		srv_kill(&sv);
		return;
	}
	tcs[0] = tc_new(sv.port, sv.key, 80, 24);
	CHECK(tcs[0] != NULL, "client socket");
	if (tcs[0] != NULL) {
		test_one_client(tcs);
		test_attach(&sv, tcs);
		if (tcs[1] != NULL)
			test_quit_and_kill(&sv, tcs);
	}
	tc_free(tcs[0]);
	tc_free(tcs[1]);
	srv_kill(&sv);
}

/* A shell that ends before any client: the first client sees its end. */
static void
test_early_exit(void)
{
	static char *argv[] = { "moshmux", "mosh-server", "new", "-i",
		"127.0.0.1", "-p", "0", "--", "/bin/sh", "-c",
		"echo bye-bye; exit 0", NULL };
	struct tc *tcs[1];
	struct srv sv;
	uint64_t end;

	srv_start(&sv, argv);
	usleep(300000);
	tcs[0] = tc_new(sv.port, sv.key, 80, 24);
	if (tcs[0] == NULL) {
		CHECK(0, "client for the early exit");
		srv_kill(&sv);
		return;
	}
	CHECK(tc_wait_row(tcs, 1, 0, "bye-bye", 5000),
	    "client sees the output of a shell that already ended");
	end = now_ms() + 5000;
	while (!ssp_peer_shutdown(tcs[0]->ssp) && now_ms() < end)
		tc_pump(tcs, 1, 20);
	CHECK(ssp_peer_shutdown(tcs[0]->ssp), "then the shutdown");
	tc_pump(tcs, 1, 200);
	CHECK(srv_wait_exit(&sv, 5000), "and the server exits");
	sv.pid = 0;
	tc_free(tcs[0]);
	srv_kill(&sv);
}

/* Start a plain server running /bin/sh and connect one 80x24 client. */
static struct tc *
start_plain(struct srv *sv)
{
	static char *argv[] = { "moshmux", "mosh-server", "new", "-i",
		"127.0.0.1", "-p", "0", "--", "env", "PS1=$ ", "/bin/sh",
		NULL };
	struct tc *tcs[1];

	srv_start(sv, argv);
	if (sv->port == 0)
		return (NULL);
	tcs[0] = tc_new(sv->port, sv->key, 80, 24);
	if (tcs[0] != NULL && !tc_wait_row(tcs, 1, 0, "$", 5000)) {
		tc_free(tcs[0]);
		return (NULL);
	}
	return (tcs[0]);
}

/* Pump until the server's shutdown reaches the client, then expect the
 * server to exit. */
static void
expect_shutdown(struct srv *sv, struct tc *tc, const char *what)
{
	char msg[128];
	uint64_t end = now_ms() + 8000;

	while (!ssp_peer_shutdown(tc->ssp) && now_ms() < end)
		tc_pump(&tc, 1, 20);
	snprintf(msg, sizeof msg, "%s: client gets the shutdown", what);
	CHECK(ssp_peer_shutdown(tc->ssp), msg);
	tc_pump(&tc, 1, 200);
	snprintf(msg, sizeof msg, "%s: server exits", what);
	CHECK(srv_wait_exit(sv, 5000), msg);
	sv->pid = 0;
}

/* The client moves to another source address; the server follows. */
static void
test_roam(void)
{
	struct srv sv;
	struct tc *tc = start_plain(&sv);

	CHECK(tc != NULL, "roaming: connected");
	if (tc == NULL) {
		srv_kill(&sv);
		return;
	}
	CHECK(tp_sock_rebind(tc->ts, "127.0.0.2") == 0,
	    "roaming: client rebinds to 127.0.0.2");
	tc_type(tc, "echo moved-$((6*7))\r");
	CHECK(tc_wait_row(&tc, 1, 0, "moved-42", 5000),
	    "roaming: session follows the client");
	kill(sv.pid, SIGTERM);
	expect_shutdown(&sv, tc, "SIGTERM");
	tc_free(tc);
	srv_kill(&sv);
}

/* MOSH_SERVER_NETWORK_TMOUT ends the session when the client is silent. */
static void
test_network_timeout(void)
{
	struct srv sv;
	struct tc *tc;

	setenv("MOSH_SERVER_NETWORK_TMOUT", "2", 1);
	tc = start_plain(&sv);
	unsetenv("MOSH_SERVER_NETWORK_TMOUT");
	CHECK(tc != NULL, "idle timeout: connected");
	if (tc == NULL) {
		srv_kill(&sv);
		return;
	}
	usleep(3500000); /* silent: no datagrams for 3.5 s */
	expect_shutdown(&sv, tc, "idle timeout");
	tc_free(tc);
	srv_kill(&sv);
}

/* Bad command lines fail with status 1 and start nothing. */
static void
test_usage(void)
{
	static char *bad1[] = { "moshmux", "mosh-server", "new", "-Z", NULL };
	static char *bad2[] = { "moshmux", "mosh-server", "new", "-p", "70000",
		NULL };
	static char *bad3[] = { "moshmux", "mosh-server", "frob", NULL };
	char *const *bad[] = { bad1, bad2, bad3 };
	struct srv sv;
	size_t i;

	for (i = 0; i < 3; i++) {
		srv_start(&sv, bad[i]);
		CHECK(WIFEXITED(sv.status) && WEXITSTATUS(sv.status) == 1 &&
			sv.port == 0 && sv.pid == 0,
		    "bad command line: exit 1, no server");
		srv_kill(&sv);
	}
}

/* Count (and print) sanitizer logs the servers left in tmpdir. */
static int
sanitizer_reports(void)
{
	char cmd[256];
	FILE *f;
	int n = 0, ch;

	snprintf(cmd, sizeof cmd, "cat %s/san.* 2>/dev/null", tmpdir);
	if ((f = popen(cmd, "r")) == NULL)
		return (0);
	while ((ch = fgetc(f)) != EOF) {
		putchar(ch);
		n++;
	}
	pclose(f);
	snprintf(cmd, sizeof cmd, "rm -f %s/san.*", tmpdir);
	if (system(cmd) != 0)
		n++;
	return (n);
}

/* Find the binary, make a private TMPDIR, and run the tests. */
int
main(void)
{
	const char *o = getenv("O"), *m = getenv("MOSHMUX");
	char log[128];

	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (m != NULL)
		snprintf(binary, sizeof binary, "%s", m);
	else
		snprintf(binary, sizeof binary, "%s/moshmux", o ? o : ".");
	CHECK(access(binary, X_OK) == 0, "moshmux binary found");
	strcpy(tmpdir, "/tmp/moshmux-test-server.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return (1);
	setenv("TMPDIR", tmpdir, 1);
	snprintf(log, sizeof log, "log_path=%s/san", tmpdir);
	setenv("ASAN_OPTIONS", log, 0);
	setenv("UBSAN_OPTIONS", log, 0);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("HOME", tmpdir, 1);
	test_usage();
	test_session();
	test_early_exit();
	test_roam();
	test_network_timeout();
	CHECK(sanitizer_reports() == 0, "no sanitizer reports from servers");
	rmdir(tmpdir); /* the moshmux-<uid> directory stays if non-empty */
	return (test_done());
}
