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
 * The transport's public face: mosh protocol version 2 datagrams
 * (../shared/ssp-wire.md sections 3 to 6 and 8).
 *
 * - Keys: the 22-character base64 session key.
 * - struct tp_conn: one end of one session with no socket and no clock of
 *   its own (time is passed in as milliseconds): AES-128-OCB sealing and
 *   opening, sequence numbers and the direction bit, the two 16-bit
 *   timestamps and RTT/SRTT/RTTVAR/RTO, fragmentation and single-buffer
 *   reassembly, zlib, and the TransportBuffers.Instruction message.
 * - The diff messages: HostBuffers.HostMessage (server to client) and
 *   ClientBuffers.UserMessage (client to server) as lists of items.
 * - struct tp_sock: UDP sockets (IPv4 and IPv6): the server's bound socket
 *   and the client's socket set with port hopping.
 *
 * This module knows nothing of the rest of moshmux.
 */

#ifndef MOSHMUX_TRANSPORT_H
#define MOSHMUX_TRANSPORT_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#define TP_PROTOCOL_VERSION 2
#define TP_SHUTDOWN_NUM	    UINT64_MAX
#define TP_KEY_LEN	    16
#define TP_KEY_B64_LEN	    22
#define TP_RECEIVE_MTU	    2048
#define TP_MAX_INSTRUCTION  (4 * 1024 * 1024) /* inflated bytes */

/* A growable byte buffer. */
struct tp_buf {
	uint8_t *data;
	size_t len;
	size_t size;
};
void tp_buf_add(struct tp_buf *, const void *, size_t);
void tp_buf_reset(struct tp_buf *);
void tp_buf_free(struct tp_buf *);

/* Keys. */
struct tp_key {
	uint8_t bytes[TP_KEY_LEN];
};
/* Parse a MOSH_KEY; on error return -1 and set *why to mosh's message. */
int tp_key_parse(const char *, struct tp_key *, const char **why);
/* Format as 22 base64 characters plus NUL. */
void tp_key_format(const struct tp_key *, char out[TP_KEY_B64_LEN + 1]);
/* Fill with 16 random bytes from the kernel. */
void tp_key_random(struct tp_key *);

/* TransportBuffers.Instruction. */
struct tp_instruction {
	uint32_t protocol_version;
	uint64_t old_num;
	uint64_t new_num;
	uint64_t ack_num;
	uint64_t throwaway_num;
	struct tp_buf diff;
	struct tp_buf chaff;
};
void tp_instruction_free(struct tp_instruction *);
void tp_instruction_encode(const struct tp_instruction *, struct tp_buf *);
/* Decoding overwrites every field of a zeroed or previously used
 * instruction; returns 0, or -1 on malformed input. */
int tp_instruction_decode(const uint8_t *, size_t, struct tp_instruction *);

/*
 * Diff messages.  One item is one HostBuffers/ClientBuffers Instruction
 * with one extension: bytes (HostBytes.hoststring or Keystroke.keys),
 * resize (ResizeMessage) or echo ack (EchoAck, host side only).
 */
enum tp_item_type { TP_ITEM_BYTES, TP_ITEM_RESIZE, TP_ITEM_ECHOACK };
struct tp_item {
	enum tp_item_type type;
	struct tp_buf bytes;
	int32_t width;
	int32_t height;
	uint64_t echo_ack;
};
struct tp_message {
	struct tp_item *items;
	size_t n;
	size_t size;
};
/* Append an item; the bytes are copied. */
void tp_message_add_bytes(struct tp_message *, const void *, size_t);
void tp_message_add_resize(struct tp_message *, int width, int height);
void tp_message_add_echoack(struct tp_message *, uint64_t);
void tp_message_free(struct tp_message *);
/* Serialize / parse HostMessage (host = 1) or UserMessage (host = 0).
 * Parsing replaces the message's items, skips unknown fields, keeps one
 * extension per Instruction (bytes, else resize, else echo ack, as the
 * stock peers do; a missing width/height reads as 0), ignores
 * Instructions without one, and returns -1 on malformed input.  Echo
 * acks are neither encoded nor decoded in a UserMessage. */
void tp_message_encode(const struct tp_message *, int host, struct tp_buf *);
int tp_message_decode(const uint8_t *, size_t, int host, struct tp_message *);

/*
 * One end of a connection, without sockets.  is_server selects the
 * direction bit (the server sends with direction 1).  Times are
 * milliseconds from a monotonic clock chosen by the caller.
 */
struct tp_conn;

/* Why tp_conn_receive dropped a datagram (counted per reason). */
enum tp_drop {
	TP_DROP_SHORT,	   /* under 24 bytes, or over TP_RECEIVE_MTU */
	TP_DROP_AUTH,	   /* failed the integrity check */
	TP_DROP_DIRECTION, /* reflected: our own direction bit */
	TP_DROP_BODY,	   /* authentic body too short for a fragment */
	TP_DROP_FRAGMENT,  /* inconsistent fragment */
	TP_DROP_INFLATE,   /* not zlib, or over 4 MiB inflated */
	TP_DROP_PARSE,	   /* the Instruction did not parse */
	TP_DROP_VERSION,   /* protocol_version is not 2 */
	TP_DROP_COUNT
};

struct tp_conn *tp_conn_new(const struct tp_key *, int is_server);
void tp_conn_free(struct tp_conn *);

/* Called once per datagram that tp_conn_send produces (it must not call
 * back into the same tp_conn). */
typedef void (*tp_send_cb)(void *arg, const uint8_t *dgram, size_t len);
/* Serialize, compress, fragment (to the MTU) and seal an instruction,
 * under a fresh instruction id; one that would need more than 32768
 * fragments is not sent. */
void tp_conn_send(struct tp_conn *, uint64_t now, const struct tp_instruction *,
    tp_send_cb, void *arg);

/*
 * Open one datagram.  Returns 1 and fills *out (zeroed or reused) when an
 * instruction is complete, 0 when the datagram was accepted but nothing is
 * complete yet, -1 when it was dropped (and counted).  *fresh (may be
 * NULL) is set when the datagram was accepted and its sequence number new:
 * only then may the caller move the peer address (roaming).  A dropped
 * datagram changes nothing but the drop counter (an inconsistent fragment
 * also discards the partial instruction); a replayed one (old sequence
 * number) is still delivered but moves no timestamp, RTT or last-heard.
 */
int tp_conn_receive(struct tp_conn *, uint64_t now, const uint8_t *, size_t,
    struct tp_instruction *out, int *fresh);

/* Timing from the timestamps: SRTT, RTO (50-1000) and the frame
 * interval (ceil(SRTT/2) clamped to 20-250), in milliseconds. */
double tp_conn_srtt(const struct tp_conn *);
int tp_conn_rto(const struct tp_conn *);
int tp_conn_send_interval(const struct tp_conn *);
/* Use the small (500-byte) MTU after EMSGSIZE, or the family's own. */
void tp_conn_set_mtu(struct tp_conn *, int ipv6, int small);
/* Datagrams dropped for a reason, or for all (TP_DROP_COUNT). */
unsigned long tp_conn_drops(const struct tp_conn *, enum tp_drop);
/* When the last fresh authentic datagram arrived (0 if never). */
uint64_t tp_conn_last_heard(const struct tp_conn *);
/* Call right after a fresh tp_conn_receive whose datagram carried ECN CE
 * (tp_sock_last_tos() & 3 is 3): the held peer timestamp is echoed 500 ms
 * older, which slows the peer down (section 4.3). */
void tp_conn_congestion(struct tp_conn *);

/* A connection's inner state, for logs and for tests that check that a
 * rejected datagram changed nothing. */
struct tp_conn_state {
	uint64_t next_seq;     /* sequence number of the next datagram sent */
	uint64_t expected_seq; /* received seq >= this is fresh */
	uint64_t last_id;      /* last instruction id sent (first is 1) */
	uint64_t last_heard;
	double srtt;
	double rttvar;
	int rtt_hit;  /* an RTT sample has been taken */
	int saved_ts; /* held peer timestamp, -1 if none */
	uint64_t saved_ts_at;
	int mtu;	  /* datagram payload limit */
	uint64_t frag_id; /* reassembly: id, fragments held, bytes */
	unsigned frag_count;
	size_t frag_bytes;
};
void tp_conn_get_state(const struct tp_conn *, struct tp_conn_state *);

/*
 * UDP sockets.  A server socket is bound to one port and remembers the
 * source address of the newest fresh datagram as its peer.  A client
 * socket set sends to a fixed server address from its newest socket and
 * hops to a new source port as section 8.2 says; all are read.
 */
struct tp_sock;

/* Bind a server socket on ip (NULL: any) in port range [lo, hi]. */
struct tp_sock *tp_sock_server(
    const char *ip, int lo, int hi, const char **why);
/* A client socket set aimed at host:port (numeric); bind_ip may pick the
 * local source address (NULL: any). */
struct tp_sock *tp_sock_client(
    const char *host, const char *port, const char *bind_ip, const char **why);
void tp_sock_free(struct tp_sock *);
int tp_sock_port(const struct tp_sock *);
/* Change the client's local source address (a new socket). */
int tp_sock_rebind(struct tp_sock *, const char *bind_ip);
/* The descriptors to poll for reading (up to max); returns the count. */
int tp_sock_fds(const struct tp_sock *, int *fds, int max);
/* Receive one datagram from fd; returns its length or -1. The source
 * address is stored in *from. */
ssize_t tp_sock_recv(struct tp_sock *, int fd, uint8_t *buf, size_t len,
    struct sockaddr_storage *from, socklen_t *fromlen);
/* Server: set the peer address (after a fresh authentic datagram). */
void tp_sock_set_peer(struct tp_sock *, const struct sockaddr *, socklen_t);
int tp_sock_has_peer(const struct tp_sock *);
void tp_sock_clear_peer(struct tp_sock *);
/* Send to the peer; returns 0, or -1 with errno (EMSGSIZE matters). */
int tp_sock_send(struct tp_sock *, const uint8_t *, size_t);
/* Client: after a send, hop ports if needed (section 8.2). */
void tp_sock_maybe_hop(
    struct tp_sock *, uint64_t now, uint64_t last_roundtrip_success);
/* The IP_TOS / IPV6_TCLASS byte of the last datagram received (-1 if
 * unknown); (tos & 3) == 3 is ECN CE, see tp_conn_congestion. */
int tp_sock_last_tos(const struct tp_sock *);
/* Changes whenever the set of descriptors changes (hop, prune, rebind):
 * re-read tp_sock_fds when it does. */
unsigned tp_sock_generation(const struct tp_sock *);
/* AF_INET or AF_INET6: the family of the sockets (for tp_conn_set_mtu). */
int tp_sock_family(const struct tp_sock *);
/* Copy the peer address (the server's address for a client); 0, or -1
 * when there is none. */
int tp_sock_peer(
    const struct tp_sock *, struct sockaddr_storage *, socklen_t *);

/* Allocation helpers that abort on failure. */
void *tp_xmalloc(size_t);
void *tp_xcalloc(size_t, size_t);
void *tp_xrealloc(void *, size_t);
char *tp_xstrdup(const char *);

#endif
