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
 * UDP sockets (sections 1.5, 4.3 and 8).  A server tp_sock is one socket
 * bound in a port range whose peer is the source of the newest fresh
 * authentic datagram.  A client tp_sock is a set of up to ten sockets aimed
 * at one server address: it sends from the newest, reads them all, and
 * opens a new one (a new source port) when the link has been silent.
 * Every socket is non-blocking, marks ECT(0) and lets IP fragment.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/ip.h>

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "transport/tp-internal.h"

#define TP_ECT0		  0x02
#define TP_HOP_INTERVAL	  10000 /* ms without round trip before a hop */
#define TP_MAX_PORTS	  10	/* client sockets kept */
#define TP_OLD_SOCKET_AGE 60000 /* ms before old sockets are closed */

struct tp_sock {
	int server;
	int family;
	int fds[TP_MAX_PORTS + 1]; /* oldest first */
	int nfds;
	struct sockaddr_storage peer;
	socklen_t peerlen;
	int has_peer;
	char *bind_ip; /* client: local address, or NULL */
	int hop_known; /* last_hop is set */
	uint64_t last_hop;
	int last_tos;
	unsigned generation;
};

static void tp_sock_options(int, int);
static int tp_sock_open(int, const struct sockaddr *, socklen_t);
static void tp_sock_setport(struct sockaddr *, int);
static int tp_sock_bind_range(const struct addrinfo *, int, int);
static int tp_sock_push(struct tp_sock *, const char *);
static void tp_sock_close_oldest(struct tp_sock *, int);
static uint64_t tp_elapsed(uint64_t, uint64_t);
static void tp_sock_tos(struct tp_sock *, struct msghdr *);

/* Set ECN, fragmentation and TOS-reporting options (failures ignored). */
static void
tp_sock_options(int fd, int family)
{
	int tos = TP_ECT0, one = 1, dont = IP_PMTUDISC_DONT;
	int dont6 = IPV6_PMTUDISC_DONT;

	setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
	setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof dont);
	setsockopt(fd, IPPROTO_IP, IP_RECVTOS, &one, sizeof one);
	if (family != AF_INET6)
		return;
	setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
	setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &dont6, sizeof dont6);
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, &one, sizeof one);
}

/* Open a datagram socket, bound to sa if given; the fd or -1. */
static int
tp_sock_open(int family, const struct sockaddr *sa, socklen_t salen)
{
	int fd, saved;

	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return (-1);
	tp_sock_options(fd, family);
	if (sa != NULL && bind(fd, sa, salen) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	return (fd);
}

/* Set the port of an IPv4 or IPv6 address. */
static void
tp_sock_setport(struct sockaddr *sa, int port)
{
	if (sa->sa_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)sa)->sin_port = htons(port);
}

/* Bind the first free port of [lo, hi] (0: any); the fd or -1. */
static int
tp_sock_bind_range(const struct addrinfo *ai, int lo, int hi)
{
	struct sockaddr_storage ss;
	int port, fd = -1, off = 0;

	memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
	for (port = lo; port <= hi && fd == -1; port++) {
		tp_sock_setport((struct sockaddr *)&ss, port);
		fd = socket(ai->ai_family,
		    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd == -1)
			return (-1);
		if (ai->ai_family == AF_INET6)
			setsockopt(
			    fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
		tp_sock_options(fd, ai->ai_family);
		if (bind(fd, (struct sockaddr *)&ss, ai->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	return (fd);
}

/* Bind a server socket on ip (NULL: any address) in [lo, hi]. */
struct tp_sock *
tp_sock_server(const char *ip, int lo, int hi, const char **why)
{
	struct addrinfo hints, *ai;
	struct tp_sock *s;
	int fd, error;

	if (lo < 0 || hi > 65535 || lo > hi) {
		*why = "bad port range";
		return (NULL);
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	if ((error = getaddrinfo(ip, "0", &hints, &ai)) != 0) {
		*why = gai_strerror(error);
		return (NULL);
	}
	fd = tp_sock_bind_range(ai, lo, hi);
	error = errno;
	s = tp_xcalloc(1, sizeof *s);
	s->family = ai->ai_family;
	freeaddrinfo(ai);
	if (fd == -1) {
		free(s);
		*why = error == EADDRINUSE ? "no free UDP port in range"
					   : strerror(error);
		return (NULL);
	}
	s->server = 1;
	s->fds[s->nfds++] = fd;
	s->last_tos = -1;
	return (s);
}

/* Open a client socket, bound to ip if given, as the newest. */
static int
tp_sock_push(struct tp_sock *s, const char *ip)
{
	struct addrinfo hints, *ai = NULL;
	int fd;

	if (ip != NULL) {
		memset(&hints, 0, sizeof hints);
		hints.ai_family = s->family;
		hints.ai_socktype = SOCK_DGRAM;
		hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
		if (getaddrinfo(ip, "0", &hints, &ai) != 0) {
			errno = EADDRNOTAVAIL;
			return (-1);
		}
	}
	fd = tp_sock_open(
	    s->family, ai ? ai->ai_addr : NULL, ai ? ai->ai_addrlen : 0);
	if (ai != NULL)
		freeaddrinfo(ai);
	if (fd == -1)
		return (-1);
	if (s->nfds == TP_MAX_PORTS + 1)
		tp_sock_close_oldest(s, 1);
	s->fds[s->nfds++] = fd;
	s->generation++;
	return (0);
}

/* A client socket set aimed at host:port, both numeric. */
struct tp_sock *
tp_sock_client(
    const char *host, const char *port, const char *bind_ip, const char **why)
{
	struct addrinfo hints, *ai;
	struct tp_sock *s;
	int error;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((error = getaddrinfo(host, port, &hints, &ai)) != 0) {
		*why = gai_strerror(error);
		return (NULL);
	}
	s = tp_xcalloc(1, sizeof *s);
	s->family = ai->ai_family;
	memcpy(&s->peer, ai->ai_addr, ai->ai_addrlen);
	s->peerlen = ai->ai_addrlen;
	s->has_peer = 1;
	s->last_tos = -1;
	freeaddrinfo(ai);
	if (tp_sock_push(s, bind_ip) != 0) {
		*why = strerror(errno);
		free(s);
		return (NULL);
	}
	if (bind_ip != NULL)
		s->bind_ip = tp_xstrdup(bind_ip);
	return (s);
}

/* Close every socket and free the set. */
void
tp_sock_free(struct tp_sock *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfds; i++)
		close(s->fds[i]);
	free(s->bind_ip);
	free(s);
}

/* Close the n oldest sockets. */
static void
tp_sock_close_oldest(struct tp_sock *s, int n)
{
	int i;

	if (n <= 0)
		return;
	for (i = 0; i < n; i++)
		close(s->fds[i]);
	memmove(s->fds, s->fds + n, (s->nfds - n) * sizeof s->fds[0]);
	s->nfds -= n;
	s->generation++;
}

/* The local port of the (newest) socket, or -1. */
int
tp_sock_port(const struct tp_sock *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(s->fds[s->nfds - 1], (struct sockaddr *)&ss, &len) != 0)
		return (-1);
	if (ss.ss_family == AF_INET6)
		return (ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	return (ntohs(((struct sockaddr_in *)&ss)->sin_port));
}

/* Client: move to a new local address with a new socket; 0 or -1. */
int
tp_sock_rebind(struct tp_sock *s, const char *bind_ip)
{
	if (s->server) {
		errno = EINVAL;
		return (-1);
	}
	if (tp_sock_push(s, bind_ip) != 0)
		return (-1);
	free(s->bind_ip);
	s->bind_ip = bind_ip != NULL ? tp_xstrdup(bind_ip) : NULL;
	s->hop_known = 0;
	return (0);
}

/* Copy out up to max descriptors, oldest first; returns the count. */
int
tp_sock_fds(const struct tp_sock *s, int *fds, int max)
{
	int i;

	for (i = 0; i < s->nfds && i < max; i++)
		fds[i] = s->fds[i];
	return (i);
}

/* Remember the TOS or traffic class byte from the control messages. */
static void
tp_sock_tos(struct tp_sock *s, struct msghdr *mh)
{
	struct cmsghdr *cm;
	int v;

	s->last_tos = -1;
	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    (cm->cmsg_type == IP_TOS || cm->cmsg_type == IP_RECVTOS))
			s->last_tos = *(uint8_t *)CMSG_DATA(cm);
		else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_TCLASS) {
			memcpy(&v, CMSG_DATA(cm), sizeof v);
			s->last_tos = v & 0xff;
		}
	}
}

/* Receive one datagram; -1 with EMSGSIZE if it was over 2048 bytes or
 * did not fit in buf (and it is dropped). */
ssize_t
tp_sock_recv(struct tp_sock *s, int fd, uint8_t *buf, size_t len,
    struct sockaddr_storage *from, socklen_t *fromlen)
{
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(int)) * 2];
	} control;
	struct iovec iov = { buf, len };
	struct msghdr mh;
	ssize_t n;

	memset(&mh, 0, sizeof mh);
	mh.msg_name = from;
	mh.msg_namelen = sizeof *from;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control.buf;
	mh.msg_controllen = sizeof control.buf;
	if ((n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_TRUNC)) < 0)
		return (-1);
	*fromlen = mh.msg_namelen;
	tp_sock_tos(s, &mh);
	if ((size_t)n > len || n > TP_RECEIVE_MTU ||
	    (mh.msg_flags & MSG_TRUNC)) {
		errno = EMSGSIZE;
		return (-1);
	}
	return (n);
}

/* Set the address replies go to. */
void
tp_sock_set_peer(struct tp_sock *s, const struct sockaddr *sa, socklen_t len)
{
	if (len > sizeof s->peer)
		return;
	memcpy(&s->peer, sa, len);
	s->peerlen = len;
	s->has_peer = 1;
}

/* Is there an address to send to? */
int
tp_sock_has_peer(const struct tp_sock *s)
{
	return (s->has_peer);
}

/* Forget the peer address (the server detaches). */
void
tp_sock_clear_peer(struct tp_sock *s)
{
	s->has_peer = 0;
}

/* Copy the peer address; 0, or -1 if there is none. */
int
tp_sock_peer(
    const struct tp_sock *s, struct sockaddr_storage *ss, socklen_t *len)
{
	if (!s->has_peer)
		return (-1);
	memcpy(ss, &s->peer, s->peerlen);
	*len = s->peerlen;
	return (0);
}

/* Send one datagram to the peer from the newest socket, never blocking. */
int
tp_sock_send(struct tp_sock *s, const uint8_t *buf, size_t len)
{
	ssize_t n;

	if (!s->has_peer) {
		errno = ENOTCONN;
		return (-1);
	}
	n = sendto(s->fds[s->nfds - 1], buf, len, MSG_DONTWAIT,
	    (struct sockaddr *)&s->peer, s->peerlen);
	return (n == (ssize_t)len ? 0 : -1);
}

/* Milliseconds from then to now, 0 if the clock is behind. */
static uint64_t
tp_elapsed(uint64_t now, uint64_t then)
{
	return (now > then ? now - then : 0);
}

/* Client, after a send: hop to a new port after 10 s without a round trip
 * and without a hop; close old sockets after 60 s, keep at most ten. */
void
tp_sock_maybe_hop(
    struct tp_sock *s, uint64_t now, uint64_t last_roundtrip_success)
{
	if (s->server)
		return;
	if (!s->hop_known) {
		s->hop_known = 1;
		s->last_hop = now;
	} else if (tp_elapsed(now, s->last_hop) > TP_HOP_INTERVAL &&
	    tp_elapsed(now, last_roundtrip_success) > TP_HOP_INTERVAL) {
		if (tp_sock_push(s, s->bind_ip) == 0)
			s->last_hop = now;
	}
	if (s->nfds > 1 && tp_elapsed(now, s->last_hop) > TP_OLD_SOCKET_AGE)
		tp_sock_close_oldest(s, s->nfds - 1);
	if (s->nfds > TP_MAX_PORTS)
		tp_sock_close_oldest(s, s->nfds - TP_MAX_PORTS);
}

/* The TOS byte of the last datagram received, or -1. */
int
tp_sock_last_tos(const struct tp_sock *s)
{
	return (s->last_tos);
}

/* A counter that moves whenever the descriptors change. */
unsigned
tp_sock_generation(const struct tp_sock *s)
{
	return (s->generation);
}

/* The address family of the sockets. */
int
tp_sock_family(const struct tp_sock *s)
{
	return (s->family);
}
