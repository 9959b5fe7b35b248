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
 * The State Synchronization Protocol's private header: the timing
 * constants of ../shared/ssp-wire.md section 2 and 7, the layout of one
 * end, and the allocation helpers.
 */

#ifndef MOSHMUX_SSP_INTERNAL_H
#define MOSHMUX_SSP_INTERNAL_H

#include "ssp/ssp.h"

#define SSP_NEVER UINT64_MAX

#define SSP_SEND_INTERVAL_MIN 20    /* ms, frame interval clamp */
#define SSP_SEND_INTERVAL_MAX 250   /* ms */
#define SSP_ACK_INTERVAL      3000  /* ms, heartbeat */
#define SSP_ACK_DELAY	      100   /* ms, delayed ack after data */
#define SSP_SHUTDOWN_RETRIES  16    /* shutdown instructions */
#define SSP_ACTIVE_RETRY      10000 /* ms, retransmit only if heard */
#define SSP_MINDELAY_SERVER   8	    /* ms, collection delay */
#define SSP_MINDELAY_CLIENT   1	    /* ms */
#define SSP_SENT_MAX	      32    /* sent states kept */
#define SSP_SENT_DROP	      16    /* on overflow drop this from newest */
#define SSP_HELD_MAX	      1024  /* received states kept */
#define SSP_QUENCH	      15000 /* ms, refuse new states when full */
#define SSP_CHAFF_MAX	      16    /* bytes */
#define SSP_PROSPECTIVE_SMALL 1000  /* resend diff shorter than this ... */
#define SSP_PROSPECTIVE_SLACK 100   /* ... and less than this longer */
#define SSP_ECHO_TIMEOUT      50    /* ms */
#define SSP_WAIT_MAX	      5000  /* ms, longest wait_time */
#define SSP_MAX_SIDE	      4096  /* columns or rows in a Resize */
#define SSP_DIFF_MAX	      (256 * 1024) /* bytes; more goes in steps */
#define SSP_STEP_MIN	      1024	   /* bytes; user step after idle */
#define SSP_STEP_MAX	      (64 * 1024)  /* bytes; largest user step */
#define SSP_STEP_GROW	      8		   /* step growth per ack */
#define SSP_STEP_IDLE	      1000	   /* ms idle: start small again */
#define SSP_MAX_CELLS	      (1 << 21)	   /* columns times rows */

/* A state with its number and time (sent, or received and held). */
struct ssp_stamped {
	uint64_t num;
	uint64_t time;
	void *state;
};

/* One end: sender of the local state, receiver of the remote one. */
struct ssp {
	const struct ssp_state_ops *lops;
	const struct ssp_state_ops *rops;
	int is_server;

	/* Sender. */
	void *current;
	struct ssp_stamped sent[SSP_SENT_MAX + 1];
	unsigned int nsent;
	unsigned int assumed;
	uint64_t next_ack;
	uint64_t next_send;
	uint64_t mindelay;
	uint64_t last_heard;
	int heard;
	int pending_data_ack;
	uint64_t ack_num;
	uint64_t last_ack_sent;
	double srtt;
	int rto;
	uint64_t rng;
	int shutdown;
	uint64_t shutdown_start;
	unsigned int shutdown_tries;
	struct tp_buf diff;
	struct tp_buf alt;
	uint64_t last_send; /* time of the last instruction */
	size_t step;	    /* most bytes of new data per state */
	int step_full;	    /* a step was cut since the last ack */
	int step_cut;	    /* the step was cut down since the last ack */

	/* Receiver. */
	struct ssp_stamped *held;
	size_t nheld;
	size_t heldsize;
	uint64_t quench;
	unsigned long dropped;
};

/* sender.c */
void ssp_sender_init(struct ssp *, void *, uint64_t);
void ssp_sender_free(struct ssp *);
void ssp_sender_ack(struct ssp *, uint64_t);
int ssp_send_interval(const struct ssp *);

/* receiver.c */
void ssp_receiver_init(struct ssp *, void *, uint64_t);
void ssp_receiver_free(struct ssp *);

/* host.c */
int ssp_size_ok(int64_t, int64_t);

/* xmalloc.c */
void *ssp_xmalloc(size_t);
void *ssp_xcalloc(size_t, size_t);
void *ssp_xreallocarray(void *, size_t, size_t);

#endif
