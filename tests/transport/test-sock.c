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
 * Socket tests on loopback: the server's port range, a client moving
 * from 127.0.0.2 to 127.0.0.3, ECT(0) marking, oversize datagrams, port
 * hopping with a fake clock, and IPv6 when the machine has ::1.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test.h"
#include "transport/transport.h"

#define LO 60001
#define HI 60999

/* Wait up to two seconds for a datagram on one of the set's sockets. */
static ssize_t
wait_recv(
    struct tp_sock *s, uint8_t *buf, size_t len, struct sockaddr_storage *from)
{
	struct pollfd pfd[16];
	socklen_t fromlen;
	int fds[16], n, i;

	n = tp_sock_fds(s, fds, 16);
	for (i = 0; i < n; i++) {
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
	}
	if (poll(pfd, n, 2000) <= 0)
		return (-2);
	for (i = 0; i < n; i++) {
		if (pfd[i].revents & POLLIN)
			return (
			    tp_sock_recv(s, fds[i], buf, len, from, &fromlen));
	}
	return (-2);
}

/* The address part of a sockaddr as text. */
static const char *
addr_text(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a;

	if (ss->ss_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
	else
		a = &((const struct sockaddr_in *)ss)->sin_addr;
	return (inet_ntop(ss->ss_family, a, buf, len));
}

/* The port of a sockaddr. */
static int
addr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return (ntohs(((const struct sockaddr_in6 *)ss)->sin6_port));
	return (ntohs(((const struct sockaddr_in *)ss)->sin_port));
}

/* Two servers in one range get two ports; a full range fails. */
static void
test_range(void)
{
	struct tp_sock *a, *b, *c;
	const char *why = NULL;
	int pa, pb;

	a = tp_sock_server("127.0.0.1", LO, HI, &why);
	b = tp_sock_server("127.0.0.1", LO, HI, &why);
	CHECK(a != NULL && b != NULL, "two servers bind");
	if (a == NULL || b == NULL)
		return;
	pa = tp_sock_port(a);
	pb = tp_sock_port(b);
	CHECK(pa >= LO && pa <= HI && pb >= LO && pb <= HI && pa != pb,
	    "two different ports in range");
	c = tp_sock_server("127.0.0.1", pa, pa, &why);
	CHECK(c == NULL && why != NULL, "taken single port fails");
	CHECK_INT(tp_sock_family(a), AF_INET, "IPv4 family");
	CHECK(!tp_sock_has_peer(a), "no peer before the first datagram");
	tp_sock_free(a);
	tp_sock_free(b);
	c = tp_sock_server(NULL, 0, 0, &why);
	CHECK(c != NULL && tp_sock_port(c) > 0, "any address, any port");
	tp_sock_free(c);
}

/* The client moves from 127.0.0.2 to 127.0.0.3; the server follows. */
static void
test_roaming(void)
{
	struct sockaddr_storage from, peer;
	struct tp_sock *srv, *cli;
	const char *why = NULL;
	char port[16], text[64];
	uint8_t buf[4096];
	socklen_t len;
	unsigned gen;
	ssize_t n;

	srv = tp_sock_server("127.0.0.1", LO, HI, &why);
	if (srv == NULL)
		return;
	snprintf(port, sizeof port, "%d", tp_sock_port(srv));
	cli = tp_sock_client("127.0.0.1", port, "127.0.0.2", &why);
	CHECK(cli != NULL, "client bound to 127.0.0.2");
	if (cli == NULL)
		return;
	CHECK_INT(
	    tp_sock_send(cli, (const uint8_t *)"one", 3), 0, "client sends");
	n = wait_recv(srv, buf, sizeof buf, &from);
	CHECK_INT(n, 3, "server receives");
	CHECK_STR(
	    addr_text(&from, text, sizeof text), "127.0.0.2", "from 127.0.0.2");
	CHECK_INT(tp_sock_last_tos(srv) & 3, 2, "ECT(0) marked");
	tp_sock_set_peer(srv, (struct sockaddr *)&from, sizeof from);
	CHECK_INT(
	    tp_sock_send(srv, (const uint8_t *)"ack", 3), 0, "server replies");
	CHECK_INT(wait_recv(cli, buf, sizeof buf, &from), 3, "client receives");
	gen = tp_sock_generation(cli);
	CHECK_INT(tp_sock_rebind(cli, "127.0.0.3"), 0, "rebind to 127.0.0.3");
	CHECK(tp_sock_generation(cli) != gen, "generation moved");
	CHECK_INT(tp_sock_send(cli, (const uint8_t *)"two", 3), 0,
	    "client sends again");
	n = wait_recv(srv, buf, sizeof buf, &from);
	CHECK_INT(n, 3, "server receives again");
	CHECK_STR(addr_text(&from, text, sizeof text), "127.0.0.3",
	    "server sees 127.0.0.3");
	tp_sock_set_peer(srv, (struct sockaddr *)&from, sizeof from);
	CHECK(tp_sock_peer(srv, &peer, &len) == 0 &&
		addr_port(&peer) == addr_port(&from),
	    "peer moved");
	CHECK_INT(tp_sock_send(srv, (const uint8_t *)"ack2", 4), 0,
	    "server replies to the new address");
	CHECK_INT(wait_recv(cli, buf, sizeof buf, &from), 4,
	    "client receives on the new socket");
	memset(buf, 'x', sizeof buf);
	tp_sock_send(cli, buf, 3000);
	errno = 0;
	n = wait_recv(srv, buf, sizeof buf, &from);
	CHECK(n == -1 && errno == EMSGSIZE, "3000-byte datagram refused");
	tp_sock_clear_peer(srv);
	CHECK(tp_sock_send(srv, buf, 3) == -1 && !tp_sock_has_peer(srv),
	    "no peer, no send");
	tp_sock_free(cli);
	tp_sock_free(srv);
}

/* Port hopping after 10 s without a round trip, with a fake clock. */
static void
test_hopping(void)
{
	struct sockaddr_storage from;
	struct tp_sock *srv, *cli;
	const char *why = NULL;
	char port[16];
	uint8_t buf[64] = { 0 };
	uint64_t now;
	int fds[16], p1, p2, i, ok = 1;

	srv = tp_sock_server("127.0.0.1", LO, HI, &why);
	if (srv == NULL)
		return;
	snprintf(port, sizeof port, "%d", tp_sock_port(srv));
	cli = tp_sock_client("127.0.0.1", port, NULL, &why);
	tp_sock_maybe_hop(cli, 1000, 0);
	tp_sock_maybe_hop(cli, 11000, 0);
	CHECK_INT(tp_sock_fds(cli, fds, 16), 1, "no hop at exactly 10 s");
	tp_sock_send(cli, buf, 1);
	wait_recv(srv, buf, sizeof buf, &from);
	p1 = addr_port(&from);
	tp_sock_maybe_hop(cli, 11001, 0);
	CHECK_INT(tp_sock_fds(cli, fds, 16), 2, "hop after 10 s");
	tp_sock_send(cli, buf, 1);
	wait_recv(srv, buf, sizeof buf, &from);
	p2 = addr_port(&from);
	CHECK(p1 != p2, "new source port after the hop");
	tp_sock_maybe_hop(cli, 15000, 0);
	CHECK_INT(tp_sock_fds(cli, fds, 16), 2, "not 10 s since the hop");
	tp_sock_maybe_hop(cli, 30000, 25000);
	CHECK_INT(tp_sock_fds(cli, fds, 16), 2, "round trip 5 s ago");
	now = 30000;
	for (i = 0; i < 12; i++) {
		now += 10001;
		tp_sock_maybe_hop(cli, now, 0);
		ok &= tp_sock_fds(cli, fds, 16) == (i + 3 > 10 ? 10 : i + 3);
	}
	CHECK(ok, "one more socket per hop, at most 10 kept");
	i = tp_sock_fds(cli, fds, 16);
	tp_sock_maybe_hop(cli, now + 60001, now + 60000);
	CHECK_INT(tp_sock_fds(cli, fds + 10, 6), 1,
	    "old sockets closed once the newest is 60 s old");
	CHECK_INT(fds[10], fds[i - 1], "the newest is kept");
	tp_sock_free(cli);
	tp_sock_free(srv);
}

/* The same over ::1 if the machine has IPv6 loopback. */
static void
test_ipv6(void)
{
	struct sockaddr_storage from;
	struct tp_sock *srv, *cli;
	const char *why = NULL;
	char port[16], text[64];
	uint8_t buf[64];

	srv = tp_sock_server("::1", LO, HI, &why);
	if (srv == NULL) {
		printf("# no IPv6 loopback (%s): skipped\n", why);
		return;
	}
	snprintf(port, sizeof port, "%d", tp_sock_port(srv));
	cli = tp_sock_client("::1", port, NULL, &why);
	CHECK(cli != NULL && tp_sock_family(cli) == AF_INET6, "IPv6 client");
	if (cli != NULL) {
		tp_sock_send(cli, (const uint8_t *)"six", 3);
		CHECK_INT(wait_recv(srv, buf, sizeof buf, &from), 3,
		    "IPv6 datagram received");
		CHECK_STR(
		    addr_text(&from, text, sizeof text), "::1", "from ::1");
		CHECK_INT(tp_sock_last_tos(srv) & 3, 2, "IPv6 ECT(0) marked");
	}
	tp_sock_free(cli);
	tp_sock_free(srv);
}

/* A datagram marked CE is reported through tp_sock_last_tos. */
static void
test_ce(void)
{
	struct sockaddr_in sin;
	struct sockaddr_storage from;
	struct tp_sock *srv;
	const char *why = NULL;
	uint8_t buf[64];
	int fd, tos = 3;

	srv = tp_sock_server("127.0.0.1", LO, HI, &why);
	if (srv == NULL)
		return;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(tp_sock_port(srv));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sendto(fd, "ce", 2, 0, (struct sockaddr *)&sin, sizeof sin);
	CHECK_INT(wait_recv(srv, buf, sizeof buf, &from), 2, "CE datagram");
	CHECK_INT(tp_sock_last_tos(srv) & 3, 3, "CE reported");
	close(fd);
	tp_sock_free(srv);
}

/* A server on :: also takes IPv4 (dual stack). */
static void
test_dual_stack(void)
{
	struct sockaddr_storage from;
	struct tp_sock *srv, *cli;
	const char *why = NULL;
	char port[16];
	uint8_t buf[64];

	srv = tp_sock_server("::", LO, HI, &why);
	if (srv == NULL) {
		printf("# no IPv6 (%s): dual stack skipped\n", why);
		return;
	}
	snprintf(port, sizeof port, "%d", tp_sock_port(srv));
	cli = tp_sock_client("127.0.0.1", port, NULL, &why);
	if (cli != NULL)
		tp_sock_send(cli, (const uint8_t *)"v4", 2);
	CHECK_INT(wait_recv(srv, buf, sizeof buf, &from), 2,
	    "IPv4 datagram reaches a server on ::");
	tp_sock_set_peer(srv, (struct sockaddr *)&from, sizeof from);
	CHECK_INT(tp_sock_send(srv, (const uint8_t *)"ok", 2), 0,
	    "reply to the mapped address");
	CHECK(cli != NULL && wait_recv(cli, buf, sizeof buf, &from) == 2,
	    "IPv4 client gets it");
	tp_sock_free(cli);
	tp_sock_free(srv);
}

int
main(void)
{
	test_range();
	test_roaming();
	test_hopping();
	test_ipv6();
	test_ce();
	test_dual_stack();
	return (test_done());
}
