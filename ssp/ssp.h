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
 * The State Synchronization Protocol's public face
 * (../shared/ssp-wire.md section 7, 9.5 and 10).
 *
 * A struct ssp is one end of a session: the sender of our own state and
 * the receiver of the peer's.  It never touches a socket or a clock: the
 * caller passes the time in milliseconds, hands in complete instructions
 * from transport's tp_conn_receive and sends the instructions ssp_tick
 * gives it through tp_conn_send.
 *
 * States are values of a state type described by struct ssp_state_ops.
 * Two types are built in: the user stream (keystrokes and resizes, sent
 * by the client) and the host screen (a terminal plus echo-ack number,
 * sent by the server; its diff is EchoAck, Resize, HostBytes from the
 * emulator's mosh-safe display).
 */

#ifndef MOSHMUX_SSP_H
#define MOSHMUX_SSP_H

#include <stddef.h>
#include <stdint.h>

#include "emulator/emulator.h"
#include "transport/transport.h"

/* Operations of one state type. */
struct ssp_state_ops {
	const char *name;
	void *(*clone)(const void *);
	void (*free)(void *);
	int (*equal)(const void *, const void *);
	/* Append the serialized diff from -> to (may be empty). */
	void (*diff)(const void *from, const void *to, struct tp_buf *);
	/* Apply a serialized diff; -1 if it is malformed or unsafe. */
	int (*apply)(void *, const uint8_t *, size_t);
	/* Drop from s what prefix (an older state) already holds, if the type
	 * is a stream (NULL otherwise). */
	void (*subtract)(void *s, const void *prefix);
	/* A new state between from and to whose diff from from is at most
	 * about max bytes, or NULL if to is near enough (NULL: never cut). */
	void *(*cut)(const void *from, const void *to, size_t max);
};

/*
 * The user stream: events since the stream began.  Every event has an
 * absolute index; subtracting drops a prefix but keeps the indexes.
 */
enum ssp_event_type { SSP_EVENT_KEYS, SSP_EVENT_RESIZE };
struct ssp_event {
	enum ssp_event_type type;
	uint64_t index;
	uint8_t *keys; /* SSP_EVENT_KEYS */
	size_t len;
	int width; /* SSP_EVENT_RESIZE */
	int height;
};
struct ssp_user;
extern const struct ssp_state_ops ssp_user_ops;
struct ssp_user *ssp_user_new(void);
/* Append key bytes (one event) or a resize; a size outside 1-4096 (or
 * over 2^21 cells) is dropped, never sent. */
void ssp_user_push_keys(struct ssp_user *, const void *, size_t);
void ssp_user_push_resize(struct ssp_user *, int width, int height);
/* Events reaching beyond index from, for the server to feed what is new
 * (from = the ssp_user_end it took last).  Should from fall inside a keys
 * event, that event comes first: skip its first from - index bytes. */
size_t ssp_user_events(
    const struct ssp_user *, uint64_t from, const struct ssp_event **events);
/* One past the last event's index. */
uint64_t ssp_user_end(const struct ssp_user *);

/* The host screen: a terminal and the echo-ack number. */
struct ssp_host;
extern const struct ssp_state_ops ssp_host_ops;
/* Takes ownership of emu. */
struct ssp_host *ssp_host_new(struct emu *);
struct emu *ssp_host_emu(const struct ssp_host *);
/* Replace the terminal (the old one is freed; takes ownership). */
void ssp_host_set_emu(struct ssp_host *, struct emu *);
uint64_t ssp_host_echo_ack(const struct ssp_host *);
void ssp_host_set_echo_ack(struct ssp_host *, uint64_t);

/* One end of a session. */
struct ssp;

/* Called once per instruction to send (pass it to tp_conn_send); the
 * instruction's buffers belong to the ssp and are valid only during the
 * call. */
typedef void (*ssp_send_cb)(void *arg, const struct tp_instruction *);

/*
 * Create an end.  local is our current state (owned by the ssp; the
 * application changes it through ssp_local and then calls ssp_changed),
 * remote0 the peer's state 0 (owned).  is_server picks the 8 ms (server)
 * or 1 ms (client) collection delay.
 */
struct ssp *ssp_new(const struct ssp_state_ops *local_ops, void *local,
    const struct ssp_state_ops *remote_ops, void *remote0, int is_server,
    uint64_t now);
void ssp_free(struct ssp *);
/* Seed the chaff generator (tests; by default it is seeded from the
 * creation time). */
void ssp_set_seed(struct ssp *, uint64_t);

/* Our current state, to change in place, and the note that it changed. */
void *ssp_local(struct ssp *);
void ssp_changed(struct ssp *, uint64_t now);
/* Replace our current state (the old one is freed; takes ownership).  A
 * new host state must keep the echo-ack (or use ssp_host_set_emu). */
void ssp_set_local(struct ssp *, void *local, uint64_t now);
/* The number of the last state we sent (0 before the first). */
uint64_t ssp_sent_num(const struct ssp *);

/* Timing from the transport (SRTT and RTO in ms). */
void ssp_set_timing(struct ssp *, double srtt, int rto);

/* Hand in a complete instruction from the peer.  Bad ones (wrong
 * version, a diff that is malformed or unsafe) are dropped and counted. */
void ssp_receive(struct ssp *, uint64_t now, const struct tp_instruction *);
/* Instructions dropped so far. */
unsigned long ssp_dropped(const struct ssp *);

/* Send whatever is due now.  The server calls it only once it has a
 * peer address (before that the ssp just waits; its first ack is then
 * due at once). */
void ssp_tick(struct ssp *, uint64_t now, ssp_send_cb, void *arg);
/* Milliseconds until ssp_tick has something to do (capped at 5000). */
int ssp_wait_time(const struct ssp *, uint64_t now);
/* Earliest time a new frame could be sent (last send + interval); a
 * lazy application builds its state no sooner than this. */
uint64_t ssp_next_frame_time(const struct ssp *);

/* The peer's newest state and its number. */
const void *ssp_remote(const struct ssp *);
uint64_t ssp_remote_num(const struct ssp *);
/*
 * The application has taken what it needs from the newest remote state
 * (the server: its new user events): a stream type may now drop, from
 * every held state, the events all of them share.  Without this call
 * nothing is lost, but received user streams keep every event.
 */
void ssp_remote_consumed(struct ssp *);
/* When a new peer state last arrived (0 if never). */
uint64_t ssp_last_heard(const struct ssp *);
/* Send time of the newest state the peer acknowledged (the creation time
 * until the first ack), for tp_sock_maybe_hop. */
uint64_t ssp_last_roundtrip_success(const struct ssp *);
/* Has the peer acknowledged our current state? */
int ssp_acked(const struct ssp *);

/* Shutdown (section 7.6). */
void ssp_start_shutdown(struct ssp *, uint64_t now);
int ssp_shutdown_in_progress(const struct ssp *);
int ssp_shutdown_acked(const struct ssp *);
/* Gave up: 16 tries or 10 s without the peer's ack. */
int ssp_shutdown_expired(const struct ssp *, uint64_t now);
/* The peer asked to shut down (its new_num was 2^64-1). */
int ssp_peer_shutdown(const struct ssp *);
/* We have sent an instruction acking the peer's shutdown. */
int ssp_peer_shutdown_acked(const struct ssp *);

/*
 * The server's echo-ack tracker (section 9.5).  Record each client state
 * number whose user events were applied; ssp_echo_update gives the newest
 * one applied at least 50 ms ago (never decreasing): set it with
 * ssp_host_set_echo_ack and call ssp_changed when it moved.  Wake at
 * ssp_echo_next_due (UINT64_MAX: nothing pending).
 */
struct ssp_echo;
struct ssp_echo *ssp_echo_new(void);
void ssp_echo_free(struct ssp_echo *);
void ssp_echo_record(struct ssp_echo *, uint64_t num, uint64_t now);
uint64_t ssp_echo_update(struct ssp_echo *, uint64_t now);
uint64_t ssp_echo_ack(const struct ssp_echo *);
uint64_t ssp_echo_next_due(const struct ssp_echo *);

#endif
