/* SPDX-License-Identifier: BSD-3-Clause */
/* sv_data.c: softverbs' data path (sv.h): posting, carrying out and
 * completing work requests, polling and arming CQs; the string helpers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "sv.h"

/* The vendor error hardware reports with a retry-exceeded completion. */
#define SV_VENDOR_RETRY 0x81

/* The QP record with number qpn, or -1. */
static int qp_by_num(uint32_t qpn)
{
	for (int i = 0; i < SV_MAX_QP; i++)
		if (sv.f->qp[i].used && sv.f->qp[i].qpn == qpn)
			return i;
	return -1;
}

/* The MR record of pid holding [addr, addr+len) under key (lkey, or rkey when
 * remote) in protection domain pd with the access bits need; -1 otherwise. */
static int mr_find(pid_t pid, int pd, uint32_t key, int remote, uint64_t addr, uint64_t len,
		   int need)
{
	for (int i = 0; i < SV_MAX_MR; i++) {
		const sv_mr_rec *m = &sv.f->mr[i];
		if (!m->used || m->pid != pid || (remote ? m->rkey : m->lkey) != key)
			continue;
		if (m->pd != pd || addr < m->addr || addr + len > m->addr + m->len ||
		    addr + len < addr)
			return -1;
		return (m->access & need) == need ? i : -1;
	}
	return -1;
}

/* Copy len bytes between this process's iov and pid's remote range. */
static int xfer(pid_t pid, const struct iovec *local, int nlocal, uint64_t raddr, size_t len,
		int to_remote)
{
	struct iovec rem = {(void *)(uintptr_t)raddr, len};
	if (len == 0)
		return 0;
	if (pid == sv.pid) {
		unsigned char *p = rem.iov_base;
		for (int i = 0; i < nlocal; i++) {
			if (to_remote)
				memmove(p, local[i].iov_base, local[i].iov_len);
			else
				memmove(local[i].iov_base, p, local[i].iov_len);
			p += local[i].iov_len;
		}
		return 0;
	}
	ssize_t n = to_remote ? process_vm_writev(pid, local, (unsigned long)nlocal, &rem, 1, 0)
			      : process_vm_readv(pid, local, (unsigned long)nlocal, &rem, 1, 0);
	if (n != (ssize_t)len) {
		fprintf(stderr, "softverbs: process_vm_%s(pid %d, %zu bytes): %s\n",
			to_remote ? "writev" : "readv", (int)pid, len,
			n < 0 ? strerror(errno) : "short");
		return -1;
	}
	return 0;
}

/* Write len bytes from this process's buf into a posted receive of pid. */
static int scatter_recv(pid_t pid, int pd, const sv_rwr *w, const void *buf, size_t len)
{
	size_t off = 0;
	for (int i = 0; i < w->nsge && off < len; i++) {
		size_t n = w->sge[i].length < len - off ? w->sge[i].length : len - off;
		if (mr_find(pid, pd, w->sge[i].lkey, 0, w->sge[i].addr, n, IBV_ACCESS_LOCAL_WRITE) <
		    0)
			return -1;
		struct iovec l = {(char *)buf + off, n};
		if (xfer(pid, &l, 1, w->sge[i].addr, n, 1) < 0)
			return -1;
		off += n;
	}
	return 0;
}

/* Take a posted receive of QP record d (its SRQ or its own queue) into w;
 * raises the SRQ limit event once per arming. 1 taken, 0 none. */
static int take_recv(int d, sv_rwr *w)
{
	sv_qp_rec *qp = &sv.f->qp[d];
	if (qp->srq < 0) {
		if (qp->head == qp->tail)
			return 0;
		*w = qp->wr[qp->head++ % SV_WQ_RING];
		return 1;
	}
	sv_srq_rec *s = &sv.f->srq[qp->srq];
	if (s->head == s->tail)
		return 0;
	*w = s->wr[s->head++ % SV_WQ_RING];
	if (s->limit && s->tail - s->head < s->limit) {
		s->limit = 0; /* disarmed until ibv_modify_srq arms it again */
		sv_async(s->ctx, IBV_EVENT_SRQ_LIMIT_REACHED, 3, qp->srq);
	}
	return 1;
}

/* Sleep us microseconds. */
static void sleep_us(unsigned us)
{
	struct timespec t = {us / 1000000, (long)(us % 1000000) * 1000};
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* The local gather list of wr into iov (inline data needs no key); the
 * total length, or -1 on a bad local key (need: access the MR must grant). */
static int64_t gather(const sv_qp_rec *qp, const struct ibv_send_wr *wr, struct iovec *iov,
		      int need)
{
	int64_t total = 0;
	for (int i = 0; i < wr->num_sge; i++) {
		const struct ibv_sge *g = &wr->sg_list[i];
		if (!(wr->send_flags & IBV_SEND_INLINE) &&
		    mr_find(sv.pid, qp->pd, g->lkey, 0, g->addr, g->length, need) < 0)
			return -1;
		iov[i].iov_base = (void *)(uintptr_t)g->addr;
		iov[i].iov_len = g->length;
		total += g->length;
	}
	return total;
}

/* A send or write with immediate arrives at QP record d: it consumes a
 * posted receive (waiting while there is none: receiver not ready, retried
 * rnr_retry times, 7 = forever), gets the payload and a completion. */
static enum ibv_wc_status deliver(int q, int d, const struct ibv_send_wr *wr,
				  const struct iovec *iov, int64_t len)
{
	sv_qp_rec *qp = &sv.f->qp[q], *dq = &sv.f->qp[d];
	sv_rwr w;
	int tries = 0;
	while (!take_recv(d, &w)) {
		if (qp->rnr_retry < 7 && tries++ >= qp->rnr_retry)
			return IBV_WC_RNR_RETRY_EXC_ERR;
		uint32_t dqpn = dq->qpn;
		sv_unlock();
		sleep_us(100);
		sv_lock();
		if (!dq->used || dq->qpn != dqpn || dq->state == IBV_QPS_ERR)
			return IBV_WC_RETRY_EXC_ERR;
		if (qp->state == IBV_QPS_ERR)
			return IBV_WC_WR_FLUSH_ERR;
	}
	struct ibv_wc rwc;
	memset(&rwc, 0, sizeof rwc);
	rwc.wr_id = w.wr_id;
	rwc.qp_num = dq->qpn;
	rwc.src_qp = qp->qpn;
	rwc.slid = sv.prof->lid;
	rwc.byte_len = (uint32_t)len;
	if (wr->opcode == IBV_WR_RDMA_WRITE_WITH_IMM) {
		rwc.opcode = IBV_WC_RECV_RDMA_WITH_IMM;
		rwc.wc_flags = IBV_WC_WITH_IMM;
		rwc.imm_data = wr->imm_data;
	} else {
		rwc.opcode = IBV_WC_RECV;
		if (wr->opcode == IBV_WR_SEND_WITH_IMM) {
			rwc.wc_flags = IBV_WC_WITH_IMM;
			rwc.imm_data = wr->imm_data;
		}
		uint64_t room = 0;
		for (int i = 0; i < w.nsge; i++)
			room += w.sge[i].length;
		unsigned char *tmp = len ? malloc((size_t)len) : NULL;
		int bad = (uint64_t)len > room || (len && !tmp) ||
			  (len && xfer(sv.pid, iov, wr->num_sge, (uint64_t)(uintptr_t)tmp,
				       (size_t)len, 1) < 0) ||
			  scatter_recv(dq->pid, dq->pd, &w, tmp, (size_t)len) < 0;
		free(tmp);
		if (bad) {
			rwc.status =
				(uint64_t)len > room ? IBV_WC_LOC_LEN_ERR : IBV_WC_LOC_PROT_ERR;
			sv_push_wc(dq->recv_cq, &rwc, -1, 0);
			sv_qp_to_error(d);
			return IBV_WC_REM_INV_REQ_ERR;
		}
	}
	sv_push_wc(dq->recv_cq, &rwc, -1, 0);
	return IBV_WC_SUCCESS;
}

/* Carry out one send-side work request of QP record q (lock held; may drop
 * it while the responder has no receive). The completion status. */
static enum ibv_wc_status execute(int q, const struct ibv_send_wr *wr, uint32_t *byte_len)
{
	sv_qp_rec *qp = &sv.f->qp[q];
	struct iovec iov[SV_MAX_SGE];
	uint64_t nwr = ++sv.f->n_send_wr;
	if (sv.fault_wc_error && nwr == sv.fault_wc_error)
		return IBV_WC_RETRY_EXC_ERR;
	if (qp->state == IBV_QPS_ERR)
		return IBV_WC_WR_FLUSH_ERR;
	int need = wr->opcode == IBV_WR_RDMA_READ || wr->opcode == IBV_WR_ATOMIC_FETCH_AND_ADD ||
				   wr->opcode == IBV_WR_ATOMIC_CMP_AND_SWP
			   ? IBV_ACCESS_LOCAL_WRITE
			   : 0;
	int64_t len = gather(qp, wr, iov, need);
	if (len < 0)
		return IBV_WC_LOC_PROT_ERR;
	*byte_len = (uint32_t)len;
	int d = qp_by_num(qp->dest_qpn);
	if (d < 0 || (sv.f->qp[d].state != IBV_QPS_RTR && sv.f->qp[d].state != IBV_QPS_RTS) ||
	    sv.f->qp[d].dest_qpn != qp->qpn)
		return IBV_WC_RETRY_EXC_ERR; /* nobody answers at the destination */
	sv_qp_rec *dq = &sv.f->qp[d];
	uint64_t raddr = wr->wr.rdma.remote_addr;
	uint32_t rkey = wr->wr.rdma.rkey;
	switch (wr->opcode) {
	case IBV_WR_RDMA_WRITE:
	case IBV_WR_RDMA_WRITE_WITH_IMM:
	case IBV_WR_RDMA_READ: {
		int write = wr->opcode != IBV_WR_RDMA_READ;
		int acc = write ? IBV_ACCESS_REMOTE_WRITE : IBV_ACCESS_REMOTE_READ;
		if (!(dq->access & acc) ||
		    (len && mr_find(dq->pid, dq->pd, rkey, 1, raddr, (uint64_t)len, acc) < 0)) {
			sv_qp_to_error(d);
			sv_async(dq->ctx, IBV_EVENT_QP_ACCESS_ERR, 1, d);
			return IBV_WC_REM_ACCESS_ERR;
		}
		if (!write && dq->max_dest_rd_atomic < 1)
			return IBV_WC_REM_INV_REQ_ERR;
		if (xfer(dq->pid, iov, wr->num_sge, raddr, (size_t)len, write) < 0)
			return IBV_WC_REM_OP_ERR;
		break;
	}
	case IBV_WR_ATOMIC_FETCH_AND_ADD:
	case IBV_WR_ATOMIC_CMP_AND_SWP: {
		raddr = wr->wr.atomic.remote_addr;
		rkey = wr->wr.atomic.rkey;
		if (wr->num_sge != 1 || len != 8)
			return IBV_WC_LOC_LEN_ERR;
		if ((raddr & 7) || !(dq->access & IBV_ACCESS_REMOTE_ATOMIC) ||
		    mr_find(dq->pid, dq->pd, rkey, 1, raddr, 8, IBV_ACCESS_REMOTE_ATOMIC) < 0) {
			sv_qp_to_error(d);
			sv_async(dq->ctx, IBV_EVENT_QP_ACCESS_ERR, 1, d);
			return IBV_WC_REM_ACCESS_ERR;
		}
		uint64_t old, val;
		struct iovec o = {&old, 8}, v = {&val, 8};
		if (xfer(dq->pid, &o, 1, raddr, 8, 0) < 0)
			return IBV_WC_REM_OP_ERR;
		if (wr->opcode == IBV_WR_ATOMIC_FETCH_AND_ADD)
			val = old + wr->wr.atomic.compare_add;
		else
			val = old == wr->wr.atomic.compare_add ? wr->wr.atomic.swap : old;
		if (xfer(dq->pid, &v, 1, raddr, 8, 1) < 0 ||
		    xfer(sv.pid, &o, 1, wr->sg_list[0].addr, 8, 1) < 0)
			return IBV_WC_REM_OP_ERR;
		break;
	}
	case IBV_WR_SEND:
	case IBV_WR_SEND_WITH_IMM: break;
	default: return IBV_WC_LOC_QP_OP_ERR;
	}
	if (wr->opcode == IBV_WR_RDMA_WRITE || wr->opcode == IBV_WR_RDMA_READ ||
	    wr->opcode == IBV_WR_ATOMIC_FETCH_AND_ADD || wr->opcode == IBV_WR_ATOMIC_CMP_AND_SWP)
		return IBV_WC_SUCCESS;

	return deliver(q, d, wr, iov, len);
}

/* The completion opcode of a send-side work request. */
static enum ibv_wc_opcode wc_opcode(enum ibv_wr_opcode op)
{
	switch (op) {
	case IBV_WR_RDMA_WRITE:
	case IBV_WR_RDMA_WRITE_WITH_IMM: return IBV_WC_RDMA_WRITE;
	case IBV_WR_RDMA_READ: return IBV_WC_RDMA_READ;
	case IBV_WR_ATOMIC_FETCH_AND_ADD: return IBV_WC_FETCH_ADD;
	case IBV_WR_ATOMIC_CMP_AND_SWP: return IBV_WC_COMP_SWAP;
	default: return IBV_WC_SEND;
	}
}

/* Immediate checks of one work request (what the driver refuses at post). */
static int post_check(const sv_qp_rec *qp, const struct ibv_send_wr *wr)
{
	if (qp->state != IBV_QPS_RTS && qp->state != IBV_QPS_ERR)
		return EINVAL;
	if (wr->num_sge < 0 || (uint32_t)wr->num_sge > qp->max_send_sge ||
	    (wr->num_sge && !wr->sg_list))
		return EINVAL;
	if (qp->sq_posted - qp->sq_done >= qp->max_send_wr)
		return ENOMEM; /* the send queue is full */
	if (wr->send_flags & IBV_SEND_INLINE) {
		uint64_t len = 0;
		for (int i = 0; i < wr->num_sge; i++)
			len += wr->sg_list[i].length;
		if (len > qp->max_inline)
			return EINVAL;
		if (wr->opcode != IBV_WR_SEND && wr->opcode != IBV_WR_SEND_WITH_IMM &&
		    wr->opcode != IBV_WR_RDMA_WRITE && wr->opcode != IBV_WR_RDMA_WRITE_WITH_IMM)
			return EINVAL;
	}
	if (wr->opcode > IBV_WR_ATOMIC_FETCH_AND_ADD)
		return EINVAL;
	return 0;
}

int sv_post_send(struct ibv_qp *ibqp, struct ibv_send_wr *wr, struct ibv_send_wr **bad)
{
	int q = ((sv_qp *)ibqp)->idx;
	sv_lock();
	sv_qp_rec *qp = &sv.f->qp[q];
	for (; wr; wr = wr->next) {
		uint64_t n = ++sv.f->n_post_send;
		int rc =
			sv.fault_post_send && n == sv.fault_post_send ? ENOMEM : post_check(qp, wr);
		if (rc) {
			sv_unlock();
			*bad = wr;
			return rc;
		}
		uint64_t seq = ++qp->sq_posted;
		if (sv.delay_us) {
			sv_unlock();
			sleep_us(sv.delay_us);
			sv_lock();
		}
		uint32_t byte_len = 0;
		enum ibv_wc_status st = execute(q, wr, &byte_len);
		if (st != IBV_WC_SUCCESS || (wr->send_flags & IBV_SEND_SIGNALED)) {
			struct ibv_wc wc;
			memset(&wc, 0, sizeof wc);
			wc.wr_id = wr->wr_id;
			wc.status = st;
			wc.opcode = wc_opcode(wr->opcode);
			wc.qp_num = qp->qpn;
			wc.byte_len = byte_len;
			wc.vendor_err = st == IBV_WC_SUCCESS         ? 0
					: st == IBV_WC_RETRY_EXC_ERR ? SV_VENDOR_RETRY
								     : 0x88;
			sv_push_wc(qp->send_cq, &wc, q, seq);
		}
		/* The failed request's completion first, then the flushed receives. */
		if (st != IBV_WC_SUCCESS && st != IBV_WC_WR_FLUSH_ERR)
			sv_qp_to_error(q);
	}
	sv_unlock();
	return 0;
}

/* Append the receives of wr to a ring (head, tail, cap); 0 or errno. */
static int post_ring(sv_rwr *ring, uint32_t head, uint32_t *tail, uint32_t cap, uint32_t max_sge,
		     struct ibv_recv_wr *wr, struct ibv_recv_wr **bad)
{
	for (; wr; wr = wr->next) {
		uint64_t n = ++sv.f->n_post_recv;
		int rc = 0;
		if (sv.fault_post_recv && n == sv.fault_post_recv)
			rc = ENOMEM;
		else if (wr->num_sge < 0 || (uint32_t)wr->num_sge > max_sge)
			rc = EINVAL;
		else if (*tail - head >= cap)
			rc = ENOMEM; /* the receive queue is full */
		if (rc) {
			*bad = wr;
			return rc;
		}
		sv_rwr *w = &ring[*tail % SV_WQ_RING];
		w->wr_id = wr->wr_id;
		w->nsge = wr->num_sge;
		for (int i = 0; i < wr->num_sge; i++)
			w->sge[i] = wr->sg_list[i];
		(*tail)++;
	}
	return 0;
}

int sv_post_recv(struct ibv_qp *ibqp, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad)
{
	int q = ((sv_qp *)ibqp)->idx;
	sv_lock();
	sv_qp_rec *qp = &sv.f->qp[q];
	int rc;
	if (qp->srq >= 0 || qp->state == IBV_QPS_RESET) {
		*bad = wr;
		rc = EINVAL;
	} else {
		rc = post_ring(qp->wr, qp->head, &qp->tail, qp->max_recv_wr, qp->max_recv_sge, wr,
			       bad);
		if (qp->state == IBV_QPS_ERR)
			sv_qp_to_error(q); /* flushed at once */
	}
	sv_unlock();
	return rc;
}

int sv_post_srq_recv(struct ibv_srq *srq, struct ibv_recv_wr *wr, struct ibv_recv_wr **bad)
{
	sv_lock();
	sv_srq_rec *s = &sv.f->srq[((sv_srq *)srq)->idx];
	int rc = post_ring(s->wr, s->head, &s->tail, (uint32_t)s->max_wr, (uint32_t)s->max_sge, wr,
			   bad);
	sv_unlock();
	return rc;
}

int sv_poll_cq(struct ibv_cq *ibcq, int n, struct ibv_wc *wc)
{
	sv_cq_rec *cq = &sv.f->cq[((sv_cq *)ibcq)->idx];
	int got = 0;
	/* An empty queue without the lock (a poller spins here; the poster needs it). */
	if (__atomic_load_n(&cq->tail, __ATOMIC_ACQUIRE) ==
		    __atomic_load_n(&cq->head, __ATOMIC_ACQUIRE) &&
	    !__atomic_load_n(&cq->overrun, __ATOMIC_ACQUIRE)) {
		__atomic_fetch_add(&sv.polls, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&sv.empty_polls, 1, __ATOMIC_RELAXED);
		return 0;
	}
	sv_lock();
	if (cq->overrun) {
		sv_unlock();
		return -1;
	}
	for (; got < n && cq->head != cq->tail; got++, cq->head++) {
		uint32_t slot = cq->head % SV_CQ_RING;
		wc[got] = cq->wc[slot];
		int q = cq->qp[slot];
		if (q >= 0 && sv.f->qp[q].used && cq->seq[slot] > sv.f->qp[q].sq_done)
			sv.f->qp[q].sq_done = cq->seq[slot]; /* frees the send queue up to it */
	}
	sv.polls++;
	if (!got)
		sv.empty_polls++;
	sv_unlock();
	return got;
}

int sv_req_notify_cq(struct ibv_cq *ibcq, int solicited_only)
{
	(void)solicited_only;
	sv_lock();
	/* Only a completion added after this call raises an event: one already
	 * in the queue does not (the caller must poll again after arming). */
	sv.f->cq[((sv_cq *)ibcq)->idx].armed = 1;
	sv_unlock();
	return 0;
}

const char *ibv_wc_status_str(enum ibv_wc_status s)
{
	static const char *const names[] = {
		"success",
		"local length error",
		"local QP operation error",
		"local EE context operation error",
		"local protection error",
		"Work Request Flushed Error",
		"memory management operation error",
		"bad response error",
		"local access error",
		"remote invalid request error",
		"remote access error",
		"remote operation error",
		"transport retry counter exceeded",
		"RNR retry counter exceeded",
		"local RDD violation error",
		"remote invalid RD request",
		"aborted error",
		"invalid EE context number",
		"invalid EE context state",
		"fatal error",
		"response timeout error",
		"general error",
		"TM error",
		"TM Rendezvous error",
	};
	return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

const char *ibv_event_type_str(enum ibv_event_type e)
{
	static const char *const names[] = {
		"CQ error",
		"local work queue catastrophic error",
		"invalid request local work queue error",
		"local access violation work queue error",
		"communication established",
		"send queue drained",
		"path migrated",
		"path migration request error",
		"local catastrophic error",
		"port active",
		"port error",
		"LID change",
		"P_Key change",
		"SM change",
		"SRQ catastrophic error",
		"SRQ limit reached",
		"last WQE reached",
		"client reregistration",
		"GID table change",
		"WQ fatal",
	};
	return (unsigned)e < sizeof names / sizeof *names ? names[e] : "unknown";
}

const char *ibv_port_state_str(enum ibv_port_state s)
{
	static const char *const names[] = {"NOP",   "DOWN",   "INIT",
					    "ARMED", "ACTIVE", "ACTIVE_DEFER"};
	return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}
