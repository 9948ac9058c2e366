/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_rc.h: one reliable-connected queue pair between the two ranks of
 * verbs_lat, with everything around it: device and port choice, protection
 * domain, registered buffer, completion queue (and completion channel in
 * event mode), shared receive queue, and an async-event thread that counts
 * IBV_EVENT_SRQ_LIMIT_REACHED (refilling the SRQ and re-arming the limit).
 * Built only with libibverbs. No MPI and no printing here: the program
 * exchanges the records (verbs_xchg.h) and reports the errors.
 *
 * Every function that can fail returns 0, or ST_EIO (the device or fabric:
 * the programs exit 1) or ST_EUSAGE (asked for something the device does not
 * have or grant: exit 2) with a one-line message in err (stats/sterr.h) that
 * names the failing call and errno. verbs_rc_close releases whatever was set up, in
 * order, on every path.
 *
 * The buffer holds two areas of `area` bytes: [0, area) is what this rank
 * sends, or reads and fetches into; [area, 2 area) is what the peer writes
 * into or reads (its address and rkey go to the peer). */
#ifndef SRIOVSTAT_VERBS_RC_H
#define SRIOVSTAT_VERBS_RC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <infiniband/verbs.h>

#include "sterr.h"
#include "verbs_opts.h"
#include "verbs_xchg.h"

typedef struct verbs_rc {
	const verbs_opts *vo;
	struct ibv_device **list;
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_comp_channel *channel; /* event mode only */
	struct ibv_cq *cq;                /* sends and receives */
	struct ibv_srq *srq;              /* --srq only */
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	unsigned char *buf;
	uint64_t area;
	char devname[VERBS_DEV_NAME_MAX];
	int port, gid_index, use_grh;
	struct ibv_device_attr dev_attr;
	struct ibv_port_attr port_attr;
	union ibv_gid gid;
	uint32_t inline_probed;  /* largest max_inline_data an RC QP was granted */
	int inline_request;      /* what the QP asked for */
	uint32_t inline_granted; /* what it got */
	int rd_atomic, dest_rd_atomic;
	int needs_recv; /* this test posts receives (send, write in event mode) */
	verbs_xchg local;

	/* Completions: counts carried between waits, event bookkeeping. */
	uint64_t have_send, have_recv;
	int armed;
	unsigned unacked;
	uint64_t cq_events;
	uint64_t dry_since_ns; /* when the SRQ ran out of receives (srq limit), or 0 */
	struct ibv_recv_wr recv_wr;
	struct ibv_sge recv_sge;

	/* The async-event thread. */
	pthread_t async_thread;
	int async_running;
	int stop_fd;
	atomic_uint_fast64_t srq_limit_events, other_events, srq_posted, srq_consumed;
	atomic_int async_failed;
	char async_msg[256];
} verbs_rc;

/* Open the device and port the options name (or the first active ones),
 * check what the test needs, and create PD, buffer and MR, CQ (and channel),
 * SRQ and the QP in INIT state; fill r->local. max_size: the largest message. */
int verbs_rc_open(verbs_rc *r, const verbs_opts *vo, uint64_t max_size, st_err *err);

/* Check the peer's record, move the QP to RTR and RTS, post the receives,
 * arm the SRQ limit and start the async-event thread. */
int verbs_rc_connect(verbs_rc *r, const verbs_xchg *remote, st_err *err);

/* Wait for nsend send-side and nrecv receive completions (polling, or
 * blocking on the channel in event mode); completions that arrive early are
 * kept for the next wait. Each receive is re-posted, or counted for the
 * async thread to refill when the SRQ limit is armed. 0, or ST_EIO with err. */
int verbs_rc_wait(verbs_rc *r, int nsend, int nrecv, st_err *err);

/* Release everything in reverse order (safe on a partly opened r). 0, or
 * ST_EIO with err naming the first call that failed. */
int verbs_rc_close(verbs_rc *r, st_err *err);

/* The libibverbs opcode name of the test's work requests. */
const char *verbs_rc_opcode_name(const verbs_opts *vo);

#endif
