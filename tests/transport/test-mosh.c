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
 * Interoperability with stock mosh 1.4.0 on loopback, transport only.
 * Against mosh-server: our client's first state (Resize 80x24) is acked
 * and the server's HostMessages open and parse.  Against mosh-client (on
 * a pty): its first state opens and our reply reaches it (it acks).
 * Skipped when mosh is not installed.
 * The server is killed by its PID (its pty child then gets SIGHUP).
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/test.h"
#include "transport/transport.h"

struct mosh_server {
	char port[16];
	char key[64];
	pid_t pid;
};

struct mosh_peer {
	pid_t pid;
	int master;
};

static uint64_t now_ms(void);
static int start_server(struct mosh_server *);
static void send_dgram(void *, const uint8_t *, size_t);
static void send_first(struct tp_conn *, struct tp_sock *, uint64_t);
static void exchange(struct tp_conn *, struct tp_sock *, int *, int *, int *);

/* Milliseconds from the monotonic clock. */
static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* Start mosh-server and read its port, key and daemon PID; 0 or -1. */
static int
start_server(struct mosh_server *ms)
{
	char line[512];
	FILE *f;
	int pid;

	memset(ms, 0, sizeof *ms);
	f = popen("LANG=C.UTF-8 MOSH_SERVER_NETWORK_TMOUT=20 mosh-server new"
		  " -i 127.0.0.1 -p 0 -- sleep 30 2>&1 </dev/null",
	    "r");
	if (f == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "MOSH CONNECT %15s %63s", ms->port, ms->key) ==
		    2)
			continue;
		if (sscanf(line, "[mosh-server detached, pid = %d]", &pid) == 1)
			ms->pid = pid;
	}
	pclose(f);
	return (ms->pid > 0 && ms->key[0] != '\0' ? 0 : -1);
}

/* Send one datagram through the socket. */
static void
send_dgram(void *arg, const uint8_t *d, size_t len)
{
	tp_sock_send(arg, d, len);
}

/* Send the client's first state: Resize 80x24 as state 1. */
static void
send_first(struct tp_conn *conn, struct tp_sock *sock, uint64_t now)
{
	struct tp_instruction inst;
	struct tp_message msg = { 0 };

	memset(&inst, 0, sizeof inst);
	inst.protocol_version = TP_PROTOCOL_VERSION;
	inst.new_num = 1;
	tp_message_add_resize(&msg, 80, 24);
	tp_message_encode(&msg, 0, &inst.diff);
	tp_conn_send(conn, now, &inst, send_dgram, sock);
	tp_message_free(&msg);
	tp_instruction_free(&inst);
}

/* Read the server's datagrams for up to two seconds. */
static void
exchange(struct tp_conn *conn, struct tp_sock *sock, int *acked, int *parsed,
    int *hostbytes)
{
	struct tp_instruction in = { 0 };
	struct tp_message msg = { 0 };
	struct sockaddr_storage from;
	struct pollfd pfd;
	socklen_t fromlen;
	uint64_t end = now_ms() + 2000;
	uint8_t buf[TP_RECEIVE_MTU];
	size_t i;
	ssize_t n;

	tp_sock_fds(sock, &pfd.fd, 1);
	pfd.events = POLLIN;
	while (now_ms() < end && !(*acked && *hostbytes)) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = tp_sock_recv(
		    sock, pfd.fd, buf, sizeof buf, &from, &fromlen);
		if (n < 0 ||
		    tp_conn_receive(
			conn, now_ms(), buf, (size_t)n, &in, NULL) != 1)
			continue;
		*acked |= in.ack_num == 1;
		if (tp_message_decode(in.diff.data, in.diff.len, 1, &msg) != 0)
			continue;
		(*parsed)++;
		for (i = 0; i < msg.n; i++)
			*hostbytes |= msg.items[i].type == TP_ITEM_BYTES;
	}
	tp_message_free(&msg);
	tp_instruction_free(&in);
}

/* Start mosh-client on a pty aimed at our socket. */
static int
start_client(
    const struct tp_key *key, struct tp_sock *sock, struct mosh_peer *mp)
{
	struct winsize ws = { 24, 80, 0, 0 };
	char b64[TP_KEY_B64_LEN + 1], port[16];

	tp_key_format(key, b64);
	snprintf(port, sizeof port, "%d", tp_sock_port(sock));
	mp->pid = forkpty(&mp->master, NULL, NULL, &ws);
	if (mp->pid == -1)
		return (-1);
	if (mp->pid == 0) {
		setenv("MOSH_KEY", b64, 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("TERM", "xterm", 1);
		execlp("mosh-client", "mosh-client", "127.0.0.1", port,
		    (char *)NULL);
		_exit(127);
	}
	return (0);
}

/* Answer the client's state 1 with our state 1 acking it; it carries
 * bytes so that the client acks it within its 100 ms ack delay. */
static void
reply_state1(struct tp_conn *conn, struct tp_sock *sock)
{
	struct tp_instruction inst;
	struct tp_message msg = { 0 };

	memset(&inst, 0, sizeof inst);
	inst.protocol_version = TP_PROTOCOL_VERSION;
	inst.new_num = 1;
	inst.ack_num = 1;
	tp_message_add_bytes(&msg, "hi", 2);
	tp_message_encode(&msg, 1, &inst.diff);
	tp_conn_send(conn, now_ms(), &inst, send_dgram, sock);
	tp_message_free(&msg);
	tp_instruction_free(&inst);
}

/* Take one datagram from the client; replies to its first state. */
static void
client_datagram(struct tp_conn *conn, struct tp_sock *sock, int fd,
    struct tp_instruction *first, int *state1, int *acked)
{
	struct tp_instruction in = { 0 };
	struct sockaddr_storage from;
	socklen_t fromlen;
	uint8_t buf[TP_RECEIVE_MTU];
	ssize_t n;
	int fresh;

	n = tp_sock_recv(sock, fd, buf, sizeof buf, &from, &fromlen);
	if (n < 0 ||
	    tp_conn_receive(conn, now_ms(), buf, (size_t)n, &in, &fresh) != 1)
		goto out;
	if (fresh)
		tp_sock_set_peer(sock, (struct sockaddr *)&from, fromlen);
	if (!*state1 && in.new_num == 1) {
		*state1 = 1;
		tp_buf_add(&first->diff, in.diff.data, in.diff.len);
	}
	*acked |= in.ack_num == 1;
	if (*state1 && !*acked)
		reply_state1(conn, sock);
out:
	tp_instruction_free(&in);
}

/* Run the exchange for up to five seconds, draining the pty. */
static void
client_exchange(struct tp_conn *conn, struct tp_sock *sock,
    struct mosh_peer *mp, struct tp_instruction *first, int *state1, int *acked)
{
	struct pollfd pfd[2];
	uint64_t end = now_ms() + 5000;
	char junk[4096];

	tp_sock_fds(sock, &pfd[0].fd, 1);
	pfd[1].fd = mp->master;
	pfd[0].events = pfd[1].events = POLLIN;
	while (now_ms() < end && !*acked) {
		if (poll(pfd, 2, 100) <= 0)
			continue;
		if ((pfd[1].revents & (POLLIN | POLLHUP)) &&
		    read(mp->master, junk, sizeof junk) <= 0)
			pfd[1].fd = -1;
		if (pfd[0].revents & POLLIN)
			client_datagram(
			    conn, sock, pfd[0].fd, first, state1, acked);
	}
}

/* Our client end against the stock server. */
static void
test_stock_server(void)
{
	struct mosh_server ms;
	struct tp_conn *conn;
	struct tp_sock *sock;
	struct tp_key key;
	const char *why;
	int acked = 0, parsed = 0, hostbytes = 0;

	CHECK_INT(start_server(&ms), 0, "stock mosh-server started");
	if (ms.pid <= 0)
		return;
	CHECK_INT(tp_key_parse(ms.key, &key, &why), 0, "its key parses");
	conn = tp_conn_new(&key, 0);
	sock = tp_sock_client("127.0.0.1", ms.port, NULL, &why);
	CHECK(sock != NULL, "client socket");
	if (sock != NULL) {
		send_first(conn, sock, now_ms());
		exchange(conn, sock, &acked, &parsed, &hostbytes);
	}
	CHECK(acked, "mosh-server acknowledged our state 1");
	CHECK(parsed > 0, "its HostMessages parse");
	CHECK(hostbytes, "it sent HostBytes");
	CHECK_INT(tp_conn_drops(conn, TP_DROP_COUNT), 0,
	    "none of its datagrams dropped");
	CHECK(tp_conn_srtt(conn) < 1000, "RTT sampled from its echo");
	/* SIGTERM would make it linger for its shutdown handshake. */
	kill(ms.pid, SIGKILL);
	tp_sock_free(sock);
	tp_conn_free(conn);
}

/* Our server end against the stock client; the first state must open
 * and our acknowledgement must reach it (it then acks state 1). */
static void
test_stock_client(void)
{
	struct tp_instruction in = { 0 };
	struct tp_message msg = { 0 };
	struct tp_conn *conn;
	struct tp_sock *sock;
	struct tp_key key;
	struct mosh_peer mp;
	const char *why;
	int state1 = 0, acked = 0;

	sock = tp_sock_server("127.0.0.1", 60001, 60999, &why);
	if (sock == NULL)
		return;
	tp_key_random(&key);
	conn = tp_conn_new(&key, 1);
	CHECK_INT(
	    start_client(&key, sock, &mp), 0, "stock mosh-client started");
	if (mp.pid > 0) {
		client_exchange(conn, sock, &mp, &in, &state1, &acked);
		kill(mp.pid, SIGKILL);
		waitpid(mp.pid, NULL, 0);
		close(mp.master);
	}
	CHECK(state1, "its state 1 opens");
	CHECK(tp_message_decode(in.diff.data, in.diff.len, 0, &msg) == 0 &&
		msg.n == 1 && msg.items[0].type == TP_ITEM_RESIZE &&
		msg.items[0].width == 80 && msg.items[0].height == 24,
	    "it is Resize 80x24");
	CHECK(acked, "it opened our reply and acked state 1");
	CHECK_INT(tp_conn_drops(conn, TP_DROP_COUNT), 0,
	    "none of its datagrams dropped");
	tp_message_free(&msg);
	tp_instruction_free(&in);
	tp_conn_free(conn);
	tp_sock_free(sock);
}

int
main(void)
{
	if (system("command -v mosh-server mosh-client >/dev/null 2>&1") != 0) {
		printf("# mosh not installed: skipped\n");
		return (test_done());
	}
	test_stock_server();
	test_stock_client();
	return (test_done());
}
