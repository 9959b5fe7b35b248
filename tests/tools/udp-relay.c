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
 * udp-relay: a UDP relay for the end-to-end tests and the wire benchmark.
 *
 *   udp-relay [-s statsfile] [-d dropflag] [-l logfile] [-n keep]
 *       [-t seconds] [-L loss%] [-D dup%] [-O reorder%] [-S seed]
 *       LISTEN_IP LISTEN_PORT TARGET_IP TARGET_PORT
 *
 * Datagrams arriving on LISTEN_IP:LISTEN_PORT are forwarded to the target
 * from a second socket; datagrams the target sends back go to the newest
 * client address seen.  A LISTEN_PORT of 0 picks a free port; the relay
 * prints "PORT <n>" on stdout once it is ready either way.
 *
 * Signals: SIGUSR1 writes the statistics file (also written at exit);
 * SIGUSR2 replays the last `keep` datagrams of each direction unchanged;
 * SIGHUP replays truncated copies of them; SIGTERM and SIGINT end it.
 * While the file `dropflag` exists every datagram is dropped (and counted).
 * -L, -D and -O impair both directions with a seeded generator: a datagram
 * is lost, sent twice, or held back and sent after the next one (or after
 * 30 ms) with the given percent chances.
 * With -l every datagram is logged as "<ms> c2s|s2c <length> [dropped]"
 * (monotonic milliseconds).  The relay exits by itself after `-t` seconds
 * (default 900).
 */

#include <sys/types.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RELAY_MAX_KEEP	64
#define RELAY_DGRAM_MAX 4096
#define RELAY_RECV_MAX	65536
#define RELAY_HOLD_MS	30 /* a held-back datagram waits at most this long */

/* One direction: client to server (0) or server to client (1). */
enum { RELAY_C2S, RELAY_S2C, RELAY_NDIR };

/* A kept datagram for replay. */
struct relay_kept {
	size_t len;
	unsigned char data[RELAY_DGRAM_MAX];
};

/* Counters and the replay ring of one direction. */
struct relay_dir {
	unsigned long long datagrams;
	unsigned long long bytes;
	unsigned long long dropped;
	unsigned long long replayed;
	unsigned long long lost;
	struct relay_kept held;
	long long held_at; /* ms, or -1 when nothing is held */
	struct relay_kept kept[RELAY_MAX_KEEP];
	unsigned int next;
	unsigned int count;
};

/* The relay's whole state. */
struct relay {
	int listen_fd;
	int up_fd;
	int sig_fd;
	struct sockaddr_in target;
	struct sockaddr_in client;
	int have_client;
	const char *stats;
	const char *dropflag;
	FILE *log;
	unsigned int keep;
	unsigned int limit;
	unsigned int loss;
	unsigned int dup;
	unsigned int reorder;
	uint64_t rng;
	struct relay_dir dir[RELAY_NDIR];
	unsigned char buf[RELAY_RECV_MAX];
};

static void relay_usage(void);
static int relay_parse_addr(struct sockaddr_in *, const char *, const char *);
static int relay_bind(const char *, const char *);
static void relay_write_stats(struct relay *);
static void relay_keep(
    struct relay_dir *, const unsigned char *, size_t, unsigned int);
static int relay_dropping(struct relay *);
static void relay_send(struct relay *, int, const unsigned char *, size_t);
static void relay_log(struct relay *, int, size_t, int);
static long long relay_now(void);
static int relay_chance(struct relay *, unsigned int);
static void relay_impair(struct relay *, int, const unsigned char *, size_t);
static void relay_flush(struct relay *, int);
static void relay_forward(struct relay *, int);
static void relay_replay(struct relay *, int);
static int relay_signal(struct relay *);
static int relay_loop(struct relay *);
static int relay_options(struct relay *, int, char **);
static int relay_signals(void);

/* Print the usage line and exit. */
static void
relay_usage(void)
{
	fprintf(stderr,
	    "usage: udp-relay [-s statsfile] [-d dropflag] [-l logfile] "
	    "[-n keep] [-t seconds]\n"
	    "                 [-L loss%%] [-D dup%%] [-O reorder%%] [-S seed] "
	    "LISTEN_IP LISTEN_PORT\n"
	    "                 TARGET_IP TARGET_PORT\n");
	exit(2);
}

/* Fill an IPv4 socket address from numeric strings; 0 on success. */
static int
relay_parse_addr(struct sockaddr_in *sin, const char *ip, const char *port)
{
	char *end;
	long p;

	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, ip, &sin->sin_addr) != 1)
		return (-1);
	p = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || p < 0 || p > 65535)
		return (-1);
	sin->sin_port = htons((uint16_t)p);
	return (0);
}

/* Open a UDP socket bound to ip:port; -1 on failure. */
static int
relay_bind(const char *ip, const char *port)
{
	struct sockaddr_in sin;
	int fd;

	if (relay_parse_addr(&sin, ip, port) != 0)
		return (-1);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return (-1);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Write the counters to the statistics file (atomically, via rename). */
static void
relay_write_stats(struct relay *r)
{
	static const char *names[RELAY_NDIR] = { "c2s", "s2c" };
	char tmp[4096], ip[INET_ADDRSTRLEN] = "none";
	FILE *f;
	int i;

	if (r->stats == NULL)
		return;
	if (snprintf(tmp, sizeof tmp, "%s.tmp", r->stats) >= (int)sizeof tmp)
		return;
	if ((f = fopen(tmp, "w")) == NULL)
		return;
	for (i = 0; i < RELAY_NDIR; i++) {
		fprintf(
		    f, "%s_datagrams %llu\n", names[i], r->dir[i].datagrams);
		fprintf(f, "%s_bytes %llu\n", names[i], r->dir[i].bytes);
		fprintf(f, "%s_dropped %llu\n", names[i], r->dir[i].dropped);
		fprintf(f, "%s_replayed %llu\n", names[i], r->dir[i].replayed);
		fprintf(f, "%s_lost %llu\n", names[i], r->dir[i].lost);
	}
	if (r->have_client)
		inet_ntop(AF_INET, &r->client.sin_addr, ip, sizeof ip);
	fprintf(f, "client %s %u\n", ip, (unsigned)ntohs(r->client.sin_port));
	if (fclose(f) == 0)
		rename(tmp, r->stats);
}

/* Remember a forwarded datagram in a direction's replay ring. */
static void
relay_keep(struct relay_dir *d, const unsigned char *buf, size_t len,
    unsigned int keep)
{
	struct relay_kept *k;

	if (keep == 0 || len > RELAY_DGRAM_MAX)
		return;
	k = &d->kept[d->next];
	memcpy(k->data, buf, len);
	k->len = len;
	d->next = (d->next + 1) % keep;
	if (d->count < keep)
		d->count++;
}

/* Return whether the drop flag file exists. */
static int
relay_dropping(struct relay *r)
{
	struct stat sb;

	return (r->dropflag != NULL && stat(r->dropflag, &sb) == 0);
}

/* Send one datagram in a direction, ignoring errors (UDP may lose it). */
static void
relay_send(struct relay *r, int dir, const unsigned char *buf, size_t len)
{
	if (dir == RELAY_C2S) {
		sendto(r->up_fd, buf, len, 0, (struct sockaddr *)&r->target,
		    sizeof r->target);
	} else if (r->have_client) {
		sendto(r->listen_fd, buf, len, 0, (struct sockaddr *)&r->client,
		    sizeof r->client);
	}
}

/* Log one datagram when a log file was given. */
static void
relay_log(struct relay *r, int dir, size_t len, int dropped)
{
	struct timespec ts;

	if (r->log == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(r->log, "%lld %s %zu%s\n",
	    (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
	    dir == RELAY_C2S ? "c2s" : "s2c", len, dropped ? " dropped" : "");
	fflush(r->log);
}

/* Milliseconds from the monotonic clock. */
static long long
relay_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Return 1 with a chance of pct percent (xorshift64* generator). */
static int
relay_chance(struct relay *r, unsigned int pct)
{
	if (pct == 0)
		return (0);
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return ((r->rng * 0x2545F4914F6CDD1DULL) % 100 < pct);
}

/* Send a datagram through the impairments: lose, hold back or duplicate. */
static void
relay_impair(struct relay *r, int dir, const unsigned char *buf, size_t len)
{
	struct relay_dir *d = &r->dir[dir];

	if (relay_chance(r, r->loss)) {
		d->lost++;
		return;
	}
	if (d->held_at < 0 && len <= RELAY_DGRAM_MAX &&
	    relay_chance(r, r->reorder)) {
		memcpy(d->held.data, buf, len);
		d->held.len = len;
		d->held_at = relay_now();
		return;
	}
	relay_send(r, dir, buf, len);
	if (relay_chance(r, r->dup))
		relay_send(r, dir, buf, len);
	relay_flush(r, dir);
}

/* Send the held-back datagram of a direction, if any. */
static void
relay_flush(struct relay *r, int dir)
{
	struct relay_dir *d = &r->dir[dir];

	if (d->held_at < 0)
		return;
	relay_send(r, dir, d->held.data, d->held.len);
	d->held_at = -1;
}

/* Drain one socket, forwarding (or dropping) each datagram. */
static void
relay_forward(struct relay *r, int dir)
{
	unsigned char *buf = r->buf;
	struct sockaddr_in from;
	socklen_t fromlen;
	ssize_t n;
	int fd, i;

	fd = (dir == RELAY_C2S) ? r->listen_fd : r->up_fd;
	for (i = 0; i < 256; i++) {
		fromlen = sizeof from;
		n = recvfrom(fd, buf, RELAY_RECV_MAX, 0,
		    (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			return;
		if (dir == RELAY_C2S && from.sin_family == AF_INET) {
			r->client = from;
			r->have_client = 1;
		}
		if (relay_dropping(r)) {
			r->dir[dir].dropped++;
			relay_log(r, dir, (size_t)n, 1);
			continue;
		}
		relay_log(r, dir, (size_t)n, 0);
		r->dir[dir].datagrams++;
		r->dir[dir].bytes += (unsigned long long)n;
		relay_keep(&r->dir[dir], buf, (size_t)n, r->keep);
		relay_impair(r, dir, buf, (size_t)n);
	}
}

/* Replay the kept datagrams of both directions, whole or truncated. */
static void
relay_replay(struct relay *r, int truncated)
{
	static const size_t cuts[] = { 0, 1, 3, 4, 8, 12, 13, 14, 20, 30 };
	struct relay_kept *k;
	unsigned int i, c;
	int dir;

	for (dir = 0; dir < RELAY_NDIR; dir++) {
		for (i = 0; i < r->dir[dir].count; i++) {
			k = &r->dir[dir].kept[i];
			if (!truncated) {
				relay_send(r, dir, k->data, k->len);
				r->dir[dir].replayed++;
				continue;
			}
			for (c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
				if (cuts[c] >= k->len)
					break;
				relay_send(r, dir, k->data, cuts[c]);
				r->dir[dir].replayed++;
			}
			if (k->len > 1) {
				relay_send(r, dir, k->data, k->len - 1);
				relay_send(r, dir, k->data, k->len / 2);
				r->dir[dir].replayed += 2;
			}
		}
	}
}

/* Handle one pending signal; return 1 when the relay should stop. */
static int
relay_signal(struct relay *r)
{
	struct signalfd_siginfo si;

	if (read(r->sig_fd, &si, sizeof si) != (ssize_t)sizeof si)
		return (0);
	switch (si.ssi_signo) {
	case SIGUSR1:
		relay_write_stats(r);
		return (0);
	case SIGUSR2:
		relay_replay(r, 0);
		return (0);
	case SIGHUP:
		relay_replay(r, 1);
		return (0);
	default:
		return (1);
	}
}

/* Run until a terminating signal or the time limit. */
static int
relay_loop(struct relay *r)
{
	struct pollfd pfd[3];
	time_t end;
	int dir, wait;

	end = time(NULL) + (time_t)r->limit;
	pfd[0].fd = r->listen_fd;
	pfd[1].fd = r->up_fd;
	pfd[2].fd = r->sig_fd;
	pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;
	while (time(NULL) < end) {
		wait = 200;
		for (dir = 0; dir < RELAY_NDIR; dir++) {
			if (r->dir[dir].held_at >= 0)
				wait = 10;
			if (r->dir[dir].held_at >= 0 &&
			    relay_now() - r->dir[dir].held_at >= RELAY_HOLD_MS)
				relay_flush(r, dir);
		}
		if (poll(pfd, 3, wait) < 0 && errno != EINTR)
			return (1);
		if (pfd[0].revents & POLLIN)
			relay_forward(r, RELAY_C2S);
		if (pfd[1].revents & POLLIN)
			relay_forward(r, RELAY_S2C);
		if ((pfd[2].revents & POLLIN) && relay_signal(r))
			break;
	}
	relay_write_stats(r);
	return (0);
}

/* Parse the options into r; return the index of the first operand. */
static int
relay_options(struct relay *r, int argc, char **argv)
{
	int ch;

	r->keep = 16;
	r->limit = 900;
	r->rng = 1;
	r->dir[0].held_at = r->dir[1].held_at = -1;
	while ((ch = getopt(argc, argv, "D:L:O:S:d:l:n:s:t:")) != -1) {
		switch (ch) {
		case 'D':
			r->dup = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'L':
			r->loss = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'O':
			r->reorder = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'S':
			r->rng = strtoull(optarg, NULL, 10) | 1;
			break;
		case 'd':
			r->dropflag = optarg;
			break;
		case 'l':
			if ((r->log = fopen(optarg, "w")) == NULL)
				relay_usage();
			break;
		case 'n':
			r->keep = (unsigned int)strtoul(optarg, NULL, 10);
			if (r->keep > RELAY_MAX_KEEP)
				r->keep = RELAY_MAX_KEEP;
			break;
		case 's':
			r->stats = optarg;
			break;
		case 't':
			r->limit = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		default:
			relay_usage();
		}
	}
	return (optind);
}

/* Block the signals the relay handles and return a signalfd for them. */
static int
relay_signals(void)
{
	static const int signals[] = { SIGUSR1, SIGUSR2, SIGHUP, SIGTERM,
		SIGINT };
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaddset(&set, signals[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return (signalfd(-1, &set, SFD_NONBLOCK));
}

/* Parse the arguments, open the sockets and relay. */
int
main(int argc, char **argv)
{
	static struct relay r;
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int first;

	first = relay_options(&r, argc, argv);
	argc -= first;
	argv += first;
	if (argc != 4 || relay_parse_addr(&r.target, argv[2], argv[3]) != 0)
		relay_usage();
	r.sig_fd = relay_signals();
	r.listen_fd = relay_bind(argv[0], argv[1]);
	r.up_fd = relay_bind(argv[0], "0");
	if (r.sig_fd == -1 || r.listen_fd == -1 || r.up_fd == -1) {
		fprintf(stderr, "udp-relay: setup: %s\n", strerror(errno));
		return (1);
	}
	if (getsockname(r.listen_fd, (struct sockaddr *)&sin, &len) != 0)
		return (1);
	printf("PORT %u\n", (unsigned)ntohs(sin.sin_port));
	fflush(stdout);
	relay_write_stats(&r);
	return (relay_loop(&r));
}
