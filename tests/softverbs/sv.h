/* SPDX-License-Identifier: BSD-3-Clause */
/* sv.h: softverbs, a software stand-in for libibverbs used only by the
 * tests (never installed, never used for figures). Test copies of the verbs
 * benchmarks are linked against libsoftverbs.a instead of -libverbs, so the
 * MPI library's own libibverbs (UCX, Open MPI) never sees the fake device.
 *
 * Two or more processes on one machine share a "fabric": a file
 * $SOFTVERBS_DIR/fabric mapped by every process, holding the records of the
 * QPs, CQs, SRQs and MRs and one process-shared lock. A work request is
 * carried out by the process that posts it, at once: data move with
 * process_vm_writev/readv into or out of the peer's registered memory,
 * completions go into the CQ records (both sides), and the owner of a CQ or
 * SRQ is woken through named pipes in $SOFTVERBS_DIR (one per completion
 * channel, one per device context for asynchronous events), so a blocked
 * ibv_get_cq_event really sleeps in read(2).
 *
 * Environment:
 *   SOFTVERBS_DIR      the fabric directory (required; the same for all ranks)
 *   SOFTVERBS_PROFILE  pf (max_inline_data 400, LID 3) or vf (max_inline_data
 *                      0, LID 7); device mlx4_0, one InfiniBand port
 *   SOFTVERBS_FAULT    comma-separated faults, counted over the whole fabric:
 *                      post_send=N (the Nth ibv_post_send fails, ENOMEM),
 *                      post_recv=N (the Nth receive post fails, ENOMEM),
 *                      wc_error=N (the Nth send work request completes with
 *                      IBV_WC_RETRY_EXC_ERR), lost_async=N (the Nth
 *                      asynchronous event is never delivered)
 *   SOFTVERBS_DELAY_US each work request is delivered this long after it is
 *                      posted (the poster sleeps), for the event-mode check
 *
 * At exit, and whenever its last object is released, each process that used
 * the fabric writes $SOFTVERBS_DIR/report.PID: its live object counts (leaks), and its waits
 * (time in ibv_get_cq_event, wall and CPU; polls that found nothing). */
#ifndef SOFTVERBS_SV_H
#define SOFTVERBS_SV_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include <infiniband/verbs.h>

#define SV_MAX_QP        32
#define SV_MAX_CQ        32
#define SV_MAX_SRQ       8
#define SV_MAX_MR        64
#define SV_MAX_CHAN      64
#define SV_MAX_CTX       64
#define SV_MAX_SGE       4
#define SV_CQ_RING       4096 /* max_cqe */
#define SV_WQ_RING       1024 /* max_qp_wr and max_srq_wr */
#define SV_MAX_INLINE_PF 400

/* A posted receive. */
typedef struct sv_rwr {
	uint64_t wr_id;
	int nsge;
	struct ibv_sge sge[SV_MAX_SGE];
} sv_rwr;

typedef struct sv_mr_rec {
	int used, pd;
	pid_t pid;
	uint32_t lkey, rkey;
	uint64_t addr, len;
	int access;
} sv_mr_rec;

typedef struct sv_cq_rec {
	int used, ctx, cqe, armed, chan, overrun;
	pid_t pid;
	uint32_t head, tail; /* entries [head, tail) */
	struct ibv_wc wc[SV_CQ_RING];
	int qp[SV_CQ_RING];       /* QP record of a send-side entry, or -1 */
	uint64_t seq[SV_CQ_RING]; /* its send sequence number */
} sv_cq_rec;

typedef struct sv_srq_rec {
	int used, ctx, pd, max_wr, max_sge;
	uint32_t limit; /* armed limit, 0: not armed */
	pid_t pid;
	uint32_t head, tail;
	sv_rwr wr[SV_WQ_RING];
} sv_srq_rec;

typedef struct sv_qp_rec {
	int used, ctx, pd, state, port, access;
	pid_t pid;
	uint32_t qpn, dest_qpn, rq_psn, sq_psn;
	int send_cq, recv_cq, srq; /* record indices, srq -1 */
	uint32_t max_send_wr, max_recv_wr, max_send_sge, max_recv_sge, max_inline;
	int path_mtu, max_rd_atomic, max_dest_rd_atomic, retry_cnt, rnr_retry, timeout,
		min_rnr_timer;
	uint64_t sq_posted, sq_done; /* send sequence numbers: posted, last freed */
	uint32_t head, tail;         /* posted receives (no SRQ) */
	sv_rwr wr[SV_WQ_RING];
} sv_qp_rec;

/* The shared fabric. */
typedef struct sv_fabric {
	uint32_t magic;
	pthread_mutex_t lock;
	uint32_t next_qpn, next_key;
	int next_chan, next_ctx;
	uint64_t n_post_send, n_post_recv, n_send_wr, n_async;
	sv_mr_rec mr[SV_MAX_MR];
	sv_cq_rec cq[SV_MAX_CQ];
	sv_srq_rec srq[SV_MAX_SRQ];
	sv_qp_rec qp[SV_MAX_QP];
} sv_fabric;

/* The profile of the one device. */
typedef struct sv_profile {
	const char *name; /* "pf" or "vf" */
	uint32_t max_inline;
	uint16_t lid;
	uint64_t guid; /* node GUID (port GUID: +1) */
} sv_profile;

/* Process-local objects (the public struct first). */
typedef struct sv_ctx {
	struct ibv_context c;
	int id;
	char path[512];
} sv_ctx;
typedef struct sv_pd {
	struct ibv_pd pd;
	int id;
} sv_pd;
typedef struct sv_mr {
	struct ibv_mr mr;
	int idx;
} sv_mr;
typedef struct sv_chan {
	struct ibv_comp_channel ch;
	int id, ncq;
	char path[512];
} sv_chan;
typedef struct sv_cq {
	struct ibv_cq cq;
	int idx;
	unsigned events, acked;
} sv_cq;
typedef struct sv_qp {
	struct ibv_qp qp;
	int idx;
} sv_qp;
typedef struct sv_srq {
	struct ibv_srq srq;
	int idx;
} sv_srq;

/* Asynchronous event record written to a context's pipe. */
typedef struct sv_async_msg {
	int type, kind, idx; /* kind: 0 device/port, 1 QP, 2 CQ, 3 SRQ */
} sv_async_msg;

/* The per-process state. */
typedef struct sv_proc {
	sv_fabric *f;
	const sv_profile *prof;
	char dir[400];
	pid_t pid;
	uint64_t fault_post_send, fault_post_recv, fault_wc_error, fault_lost_async;
	unsigned delay_us;
	/* Live objects (leak counts). */
	int lists, ctxs, pds, mrs, chans, cqs, qps, srqs, async_unacked;
	/* Local objects by record index (owned by this process). */
	sv_cq *cq_of[SV_MAX_CQ];
	sv_qp *qp_of[SV_MAX_QP];
	sv_srq *srq_of[SV_MAX_SRQ];
	/* Waits. */
	uint64_t cq_event_calls, cq_event_wall_ns, cq_event_cpu_ns, polls, empty_polls;
	uint64_t srq_limit_events; /* delivered by ibv_get_async_event */
	int next_pd;
} sv_proc;

extern sv_proc sv;

/* Attach to the fabric (once); 0, or -1 with errno and a message on stderr. */
int sv_attach(void);
void sv_lock(void);
/* Write the report now when nothing is live (a process killed later, e.g.
 * by MPI_Abort after cleaning up, still leaves its report). */
void sv_released(void);
void sv_unlock(void);

/* Push a completion into CQ record c (lock held): overrun is a CQ error;
 * an armed CQ wakes its channel. qp/seq: the send-side QP record and the
 * request's sequence number, or -1/0 for receives. */
void sv_push_wc(int c, const struct ibv_wc *wc, int qp, uint64_t seq);
/* Queue an asynchronous event for context ctx (lock held). */
void sv_async(int ctx, enum ibv_event_type type, int kind, int idx);
/* Move QP record q to the error state, flushing its posted receives. */
void sv_qp_to_error(int q);

/* ops of the context (sv_data.c). */
int sv_poll_cq(struct ibv_cq *cq, int n, struct ibv_wc *wc);
int sv_req_notify_cq(struct ibv_cq *cq, int solicited_only);
int sv_post_send(struct ibv_qp *qp, struct ibv_send_wr *wr, struct ibv_send_wr **bad);
int sv_post_recv(struct ibv_qp *qp, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad);
int sv_post_srq_recv(struct ibv_srq *srq, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad);

#endif
