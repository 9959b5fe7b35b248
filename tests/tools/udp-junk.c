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
 * udp-junk: throw seeded random datagrams at a UDP port.
 *
 *   udp-junk [-S seed] [-n count] [-b bindip] IP PORT
 *
 * Lengths are spread over the interesting ranges of the mosh datagram
 * layout: empty, shorter than a nonce (8), shorter than nonce + tag (24),
 * around the smallest real datagram, typical sizes, the 1280-byte MTU, and
 * oversize ones beyond 2048 bytes.  The first 8 bytes are sometimes made to
 * look like a plausible nonce (small sequence number, either direction).
 * Prints "sent N" and exits 0.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define JUNK_MAX 4096

/* A length range and its weight out of 16. */
struct junk_range {
	size_t lo;
	size_t hi;
	unsigned int weight;
};

static const struct junk_range junk_ranges[] = {
	{ 0, 0, 1 },
	{ 1, 7, 2 },
	{ 8, 23, 2 },
	{ 24, 40, 3 },
	{ 41, 300, 3 },
	{ 301, 1400, 3 },
	{ 2049, JUNK_MAX, 2 },
};

static uint64_t junk_next(uint64_t *);
static size_t junk_length(uint64_t *);
static void junk_fill(uint64_t *, unsigned char *, size_t);
static void junk_usage(void);
static int junk_socket(const char *);
static unsigned long junk_send(
    int, const struct sockaddr_in *, uint64_t, unsigned long);

/* Advance a xorshift64* generator and return its next value. */
static uint64_t
junk_next(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (*state * 0x2545F4914F6CDD1DULL);
}

/* Pick a datagram length from the weighted ranges. */
static size_t
junk_length(uint64_t *state)
{
	const struct junk_range *jr;
	unsigned int pick, i;

	pick = (unsigned int)(junk_next(state) % 16);
	for (i = 0; i < sizeof junk_ranges / sizeof junk_ranges[0]; i++) {
		jr = &junk_ranges[i];
		if (pick < jr->weight)
			return (
			    jr->lo + junk_next(state) % (jr->hi - jr->lo + 1));
		pick -= jr->weight;
	}
	return (64);
}

/* Fill a datagram with random bytes, sometimes with a plausible nonce. */
static void
junk_fill(uint64_t *state, unsigned char *buf, size_t len)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)junk_next(state);
	if (len < 8 || junk_next(state) % 2 == 0)
		return;
	v = junk_next(state) % 64;
	if (junk_next(state) % 2)
		v |= 1ULL << 63;
	for (i = 0; i < 8; i++)
		buf[i] = (unsigned char)(v >> (56 - 8 * i));
}

/* Print the usage line and exit. */
static void
junk_usage(void)
{
	fprintf(stderr,
	    "usage: udp-junk [-S seed] [-n count] [-b bindip] IP PORT\n");
	exit(2);
}

/* Open a UDP socket, bound to bindip when given; -1 on failure. */
static int
junk_socket(const char *bindip)
{
	struct sockaddr_in from;
	int fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return (-1);
	if (bindip == NULL)
		return (fd);
	memset(&from, 0, sizeof from);
	from.sin_family = AF_INET;
	if (inet_pton(AF_INET, bindip, &from.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&from, sizeof from) != 0) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Send count random datagrams to to; return how many went out. */
static unsigned long
junk_send(
    int fd, const struct sockaddr_in *to, uint64_t state, unsigned long count)
{
	unsigned char buf[JUNK_MAX];
	unsigned long i, sent = 0;
	size_t len;

	for (i = 0; i < count; i++) {
		len = junk_length(&state);
		junk_fill(&state, buf, len);
		if (sendto(fd, buf, len, 0, (const struct sockaddr *)to,
			sizeof *to) >= 0)
			sent++;
		if (i % 32 == 31)
			usleep(1000);
	}
	return (sent);
}

/* Parse the arguments and send the datagrams. */
int
main(int argc, char **argv)
{
	struct sockaddr_in to;
	uint64_t state = 1;
	unsigned long count = 200;
	const char *bindip = NULL;
	int ch, fd;

	while ((ch = getopt(argc, argv, "S:n:b:")) != -1) {
		switch (ch) {
		case 'S':
			state = strtoull(optarg, NULL, 10) | 1;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		case 'b':
			bindip = optarg;
			break;
		default:
			junk_usage();
		}
	}
	if (argc - optind != 2)
		junk_usage();
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)atoi(argv[optind + 1]));
	if (inet_pton(AF_INET, argv[optind], &to.sin_addr) != 1)
		junk_usage();
	if ((fd = junk_socket(bindip)) == -1)
		return (1);
	printf("sent %lu\n", junk_send(fd, &to, state, count));
	close(fd);
	return (0);
}
