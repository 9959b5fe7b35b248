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
 * Interoperability with the stock mosh-server (Debian mosh 1.4.0) on
 * loopback: our transport sends the client's first state (Resize 80x24)
 * and must open the server's replies, which acknowledge it and carry a
 * HostMessage that parses.  Skipped when mosh-server is not installed.
 * The server is killed by its PID (its pty child then gets SIGHUP).
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <poll.h>
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

int
main(void)
{
	struct mosh_server ms;
	struct tp_conn *conn;
	struct tp_sock *sock;
	struct tp_key key;
	const char *why;
	int acked = 0, parsed = 0, hostbytes = 0;

	if (system("command -v mosh-server >/dev/null 2>&1") != 0) {
		printf("# mosh-server not installed: skipped\n");
		return (test_done());
	}
	CHECK_INT(start_server(&ms), 0, "stock mosh-server started");
	if (ms.pid <= 0)
		return (test_done());
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
	return (test_done());
}
