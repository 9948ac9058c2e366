/* SPDX-License-Identifier: BSD-3-Clause */
/* rules: softverbs keeps a device's rules (tests/softverbs/README.md). Two
 * processes (fork before any verbs call) each open the device and connect
 * an RC QP to the other through a pipe; prints "ok N - what" or "not ok N -
 * what" lines (TAP) and exits 1 on any failure. Run by rules.sh with
 * SOFTVERBS_DIR and SOFTVERBS_PROFILE=pf set. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <infiniband/verbs.h>

static int ntest, nfail;

static void check(int ok, const char *what)
{
	ntest++;
	if (!ok)
		nfail++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ntest, what);
	fflush(stdout);
}

/* One side: device, PD, buffer and MRs, CQ with a channel, QP. */
typedef struct side {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_comp_channel *ch;
	struct ibv_cq *cq;
	struct ibv_qp *qp;
	struct ibv_mr *mr, *ro; /* mr: all access; ro: no remote read */
	unsigned char buf[8192], priv[4096];
} side;

/* What the peers swap. */
typedef struct info {
	uint32_t qpn, rkey, ro_rkey;
	uint64_t addr, ro_addr;
	uint16_t lid;
} info;

static void open_side(side *s, uint32_t inline_bytes)
{
	int n = 0;
	struct ibv_device **l = ibv_get_device_list(&n);
	if (!l || n != 1) {
		fprintf(stderr, "rules: no softverbs device\n");
		exit(99);
	}
	s->ctx = ibv_open_device(l[0]);
	ibv_free_device_list(l);
	s->pd = ibv_alloc_pd(s->ctx);
	s->ch = ibv_create_comp_channel(s->ctx);
	s->cq = ibv_create_cq(s->ctx, 64, NULL, s->ch, 0);
	int all = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ |
		  IBV_ACCESS_REMOTE_ATOMIC;
	s->mr = ibv_reg_mr(s->pd, s->buf, sizeof s->buf, all);
	s->ro = ibv_reg_mr(s->pd, s->priv, sizeof s->priv, IBV_ACCESS_LOCAL_WRITE);
	struct ibv_qp_init_attr qa;
	memset(&qa, 0, sizeof qa);
	qa.send_cq = qa.recv_cq = s->cq;
	qa.qp_type = IBV_QPT_RC;
	qa.cap.max_send_wr = 8;
	qa.cap.max_recv_wr = 8;
	qa.cap.max_send_sge = qa.cap.max_recv_sge = 1;
	qa.cap.max_inline_data = inline_bytes;
	s->qp = ibv_create_qp(s->pd, &qa);
	if (!s->ctx || !s->pd || !s->ch || !s->cq || !s->mr || !s->ro || !s->qp) {
		fprintf(stderr, "rules: setup failed: %s\n", strerror(errno));
		exit(99);
	}
}

static void close_side(side *s)
{
	ibv_destroy_qp(s->qp);
	ibv_dereg_mr(s->mr);
	ibv_dereg_mr(s->ro);
	ibv_destroy_cq(s->cq);
	ibv_destroy_comp_channel(s->ch);
	ibv_dealloc_pd(s->pd);
	ibv_close_device(s->ctx);
}

static int to_init(side *s)
{
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof a);
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags =
		IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_ATOMIC;
	return ibv_modify_qp(s->qp, &a,
			     IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
}

static int to_rtr(side *s, const info *peer, int mask_drop)
{
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof a);
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = peer->qpn;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.dlid = peer->lid;
	a.ah_attr.port_num = 1;
	int mask = IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
		   IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER;
	return ibv_modify_qp(s->qp, &a, mask & ~mask_drop);
}

static int to_rts(side *s, int mask_drop)
{
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof a);
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	int mask = IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
		   IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC;
	return ibv_modify_qp(s->qp, &a, mask & ~mask_drop);
}

/* Post one request; the ibv_post_send result. */
static int post(side *s, enum ibv_wr_opcode op, void *addr, uint32_t len, int flags, uint64_t raddr,
		uint32_t rkey)
{
	struct ibv_sge g = {(uint64_t)(uintptr_t)addr, len, s->mr->lkey};
	struct ibv_send_wr wr, *bad;
	memset(&wr, 0, sizeof wr);
	wr.wr_id = 7;
	wr.sg_list = &g;
	wr.num_sge = 1;
	wr.opcode = op;
	wr.send_flags = IBV_SEND_SIGNALED | flags;
	wr.imm_data = htobe32(0x1234);
	if (op == IBV_WR_ATOMIC_FETCH_AND_ADD || op == IBV_WR_ATOMIC_CMP_AND_SWP) {
		wr.wr.atomic.remote_addr = raddr; /* a union with wr.rdma */
		wr.wr.atomic.rkey = rkey;
		wr.wr.atomic.compare_add = 5;
		wr.wr.atomic.swap = 99;
	} else {
		wr.wr.rdma.remote_addr = raddr;
		wr.wr.rdma.rkey = rkey;
	}
	return ibv_post_send(s->qp, &wr, &bad);
}

static int post_recv(side *s)
{
	struct ibv_sge g = {(uint64_t)(uintptr_t)(s->buf + 4096), 4096, s->mr->lkey};
	struct ibv_recv_wr wr = {.wr_id = 9, .sg_list = &g, .num_sge = 1}, *bad;
	return ibv_post_recv(s->qp, &wr, &bad);
}

/* Poll until one completion (bounded: softverbs completes at post). */
static int one_wc(side *s, struct ibv_wc *wc)
{
	for (int i = 0; i < 1000000; i++) {
		int n = ibv_poll_cq(s->cq, 1, wc);
		if (n)
			return n;
	}
	return 0;
}

static void xwrite(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t)n)
		exit(99);
}

static void xread(int fd, void *p, size_t n)
{
	if (read(fd, p, n) != (ssize_t)n)
		exit(99);
}

static info my_info(const side *s)
{
	struct ibv_port_attr pa;
	ibv_query_port(s->ctx, 1, &pa);
	info i = {s->qp->qp_num,
		  s->mr->rkey,
		  s->ro->rkey,
		  (uint64_t)(uintptr_t)s->buf,
		  (uint64_t)(uintptr_t)s->priv,
		  pa.lid};
	return i;
}

static double now_s(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The child: connect, then serve the parent's script through the pipes. */
static int child(int rd, int wr)
{
	side s;
	open_side(&s, 0);
	info me = my_info(&s), peer;
	xread(rd, &peer, sizeof peer);
	if (to_init(&s) || to_rtr(&s, &peer, 0) || to_rts(&s, 0))
		return 2;
	memset(s.buf, 0, sizeof s.buf);
	xwrite(wr, &me, sizeof me); /* ready: in RTS */
	for (;;) {
		char cmd;
		if (read(rd, &cmd, 1) != 1)
			break;
		if (cmd == 'r') { /* post a receive */
			post_recv(&s);
		} else if (cmd == 's') { /* after 300 ms, send 16 bytes of 0x5a */
			usleep(300000);
			memset(s.buf, 0x5a, 16);
			struct ibv_wc wc;
			post(&s, IBV_WR_SEND, s.buf, 16, 0, 0, 0);
			one_wc(&s, &wc);
		} else if (cmd == 'b') { /* report the first bytes of buf */
			xwrite(wr, s.buf, 32);
		}
	}
	close_side(&s);
	return 0;
}

/* Creation rules: inline limit, access flags, busy PD. */
static void check_setup(side *s)
{
	struct ibv_qp_init_attr qa;
	memset(&qa, 0, sizeof qa);
	qa.send_cq = qa.recv_cq = s->cq;
	qa.qp_type = IBV_QPT_RC;
	qa.cap.max_send_wr = qa.cap.max_recv_wr = 1;
	qa.cap.max_send_sge = qa.cap.max_recv_sge = 1;
	qa.cap.max_inline_data = 401;
	errno = 0;
	check(!ibv_create_qp(s->pd, &qa) && errno == EINVAL,
	      "create_qp: max_inline_data 401 > 400 fails");
	qa.cap.max_inline_data = 400;
	struct ibv_qp *q400 = ibv_create_qp(s->pd, &qa);
	check(q400 && qa.cap.max_inline_data == 400, "create_qp: max_inline_data 400 granted");
	if (q400)
		ibv_destroy_qp(q400);
	check(ibv_reg_mr(s->pd, s->buf, 64, IBV_ACCESS_REMOTE_WRITE) == NULL && errno == EINVAL,
	      "reg_mr: remote write without local write fails");
	check(ibv_dealloc_pd(s->pd) == EBUSY, "dealloc_pd with live MRs and a QP fails (EBUSY)");
}

/* The state machine and its attribute masks. */
static void check_states(side *s, const info *peer)
{
	check(post(s, IBV_WR_SEND, s->buf, 8, 0, 0, 0) == EINVAL, "post_send in RESET fails");
	check(to_rtr(s, peer, 0) == EINVAL, "RESET to RTR fails");
	check(post_recv(s) == EINVAL, "post_recv in RESET fails");
	struct ibv_qp_attr a;
	memset(&a, 0, sizeof a);
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	check(ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT) == EINVAL,
	      "RESET to INIT without IBV_QP_ACCESS_FLAGS fails");
	a.port_num = 2;
	check(ibv_modify_qp(s->qp, &a,
			    IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS) ==
		      EINVAL,
	      "RESET to INIT on port 2 of a 1-port device fails");
	check(to_init(s) == 0, "RESET to INIT");
	check(post(s, IBV_WR_SEND, s->buf, 8, 0, 0, 0) == EINVAL, "post_send in INIT fails");
	check(to_rts(s, 0) == EINVAL, "INIT to RTS fails");
	check(to_rtr(s, peer, IBV_QP_MIN_RNR_TIMER) == EINVAL,
	      "INIT to RTR without min_rnr_timer fails");
	check(to_rtr(s, peer, 0) == 0, "INIT to RTR");
	check(to_rts(s, IBV_QP_RNR_RETRY) == EINVAL, "RTR to RTS without rnr_retry fails");
	check(to_rts(s, 0) == 0, "RTR to RTS");
}

/* Data: write, read, atomics, inline. */
static void check_data(side *s, const info *peer, int down, int up)
{
	struct ibv_wc wc;
	memset(s->buf, 0xa5, 32);
	check(post(s, IBV_WR_RDMA_WRITE, s->buf, 32, 0, peer->addr, peer->rkey) == 0 &&
		      one_wc(s, &wc) && wc.status == IBV_WC_SUCCESS &&
		      wc.opcode == IBV_WC_RDMA_WRITE,
	      "RDMA write completes");
	unsigned char got[32], want[32];
	xwrite(down, "b", 1);
	xread(up, got, 32);
	memset(want, 0xa5, 32);
	check(memcmp(got, want, 32) == 0, "RDMA write: the bytes are in the peer's memory");
	check(post(s, IBV_WR_RDMA_WRITE, s->buf, 65, IBV_SEND_INLINE, peer->addr, peer->rkey) ==
		      EINVAL,
	      "inline 65 bytes on a QP granted 64 fails");
	check(post(s, IBV_WR_RDMA_WRITE, s->buf, 64, IBV_SEND_INLINE, peer->addr, peer->rkey) ==
			      0 &&
		      one_wc(s, &wc) && wc.status == IBV_WC_SUCCESS,
	      "inline 64 bytes");
	check(post(s, IBV_WR_RDMA_READ, s->buf, 8, IBV_SEND_INLINE, peer->addr, peer->rkey) ==
		      EINVAL,
	      "inline RDMA read fails");
	memset(s->buf + 100, 0, 32);
	check(post(s, IBV_WR_RDMA_READ, s->buf + 100, 32, 0, peer->addr, peer->rkey) == 0 &&
		      one_wc(s, &wc) && wc.status == IBV_WC_SUCCESS &&
		      wc.opcode == IBV_WC_RDMA_READ && s->buf[100] == 0xa5 && s->buf[131] == 0xa5,
	      "RDMA read brings the peer's bytes");
	uint64_t *w = (uint64_t *)(void *)(s->buf + 256);
	*w = 0;
	uint64_t ar = peer->addr + 512;
	int fa = post(s, IBV_WR_ATOMIC_FETCH_AND_ADD, w, 8, 0, ar, peer->rkey) == 0 &&
		 one_wc(s, &wc) && wc.status == IBV_WC_SUCCESS && wc.opcode == IBV_WC_FETCH_ADD;
	uint64_t first = *w;
	fa = fa && post(s, IBV_WR_ATOMIC_FETCH_AND_ADD, w, 8, 0, ar, peer->rkey) == 0 &&
	     one_wc(s, &wc) && *w == first + 5;
	check(fa, "fetch-and-add returns the old value and adds");
	check(post(s, IBV_WR_ATOMIC_CMP_AND_SWP, w, 8, 0, ar, peer->rkey) == 0 && one_wc(s, &wc) &&
		      wc.status == IBV_WC_SUCCESS && *w == first + 10,
	      "compare-and-swap (no match) returns the current value");
}

/* Completion events: the re-arm race, and a wait that sleeps. */
static void check_events(side *s, const info *peer, int down)
{
	struct ibv_wc wc;
	struct pollfd pf = {s->ch->fd, POLLIN, 0};
	check(post(s, IBV_WR_RDMA_WRITE, s->buf, 8, 0, peer->addr, peer->rkey) == 0,
	      "a write queued");
	check(ibv_req_notify_cq(s->cq, 0) == 0 && poll(&pf, 1, 0) == 0,
	      "arming after a completion is queued raises no event (poll again after arming)");
	check(one_wc(s, &wc) == 1, "the queued completion is there");
	check(post_recv(s) == 0, "a receive posted");
	xwrite(down, "s", 1);
	double w0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
	struct ibv_cq *ecq;
	void *ectx;
	int ev = ibv_get_cq_event(s->ch, &ecq, &ectx);
	double wall = now_s(CLOCK_MONOTONIC) - w0, cpu = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
	check(ev == 0 && ecq == s->cq, "the peer's send raises the armed CQ's event");
	/* The peer sends 300 ms after being asked (after the clock was read),
	 * so the wait took 300 ms or more of wall time; blocked in read(2) it
	 * used next to no CPU. */
	printf("# ibv_get_cq_event: wall %.3f s, CPU %.6f s\n", wall, cpu);
	check(wall >= 0.3 && cpu < wall / 10,
	      "ibv_get_cq_event sleeps: CPU time under a tenth of wall time");
	ibv_ack_cq_events(s->cq, 1);
	check(one_wc(s, &wc) == 1 && wc.status == IBV_WC_SUCCESS && wc.opcode == IBV_WC_RECV &&
		      wc.byte_len == 16 && s->buf[4096] == 0x5a && s->buf[4111] == 0x5a,
	      "the receive holds the peer's 16 bytes");
	check(ibv_req_notify_cq(s->cq, 0) == 0 && poll(&pf, 1, 0) == 0,
	      "no event without a new completion");
}

/* Access rights: the peer's region without remote read; the flush after. */
static void check_errors(side *s, const info *peer)
{
	struct ibv_wc wc;
	void *ectx;
	struct pollfd pf = {s->ch->fd, POLLIN, 0};
	check(post(s, IBV_WR_RDMA_READ, s->buf, 8, 0, peer->ro_addr, peer->ro_rkey) == 0 &&
		      one_wc(s, &wc) && wc.status == IBV_WC_REM_ACCESS_ERR,
	      "RDMA read of a region without remote read: IBV_WC_REM_ACCESS_ERR");
	struct ibv_cq *dummy;
	if (poll(&pf, 1, 0) == 1 && ibv_get_cq_event(s->ch, &dummy, &ectx) == 0)
		ibv_ack_cq_events(s->cq, 1);
	check(post(s, IBV_WR_RDMA_WRITE, s->buf, 8, 0, peer->addr, peer->rkey) == 0 &&
		      one_wc(s, &wc) && wc.status == IBV_WC_WR_FLUSH_ERR,
	      "after the error the QP flushes");
}

/* One asynchronous event if one is pending on ctx (non-blocking); its type
 * or -1. */
static int async_pending(struct ibv_context *ctx)
{
	struct pollfd p = {ctx->async_fd, POLLIN, 0};
	struct ibv_async_event ev;
	if (poll(&p, 1, 0) != 1 || ibv_get_async_event(ctx, &ev) != 0)
		return -1;
	int t = (int)ev.event_type;
	ibv_ack_async_event(&ev);
	return t;
}

/* Send n messages from b to a (both in this process; b's copy of the side
 * has the QP and CQ, buf is the registered one). */
static int sends(side *b, unsigned char *buf, int n)
{
	struct ibv_wc wc;
	for (int i = 0; i < n; i++) {
		if (post(b, IBV_WR_SEND, buf, 8, 0, 0, 0))
			return -1;
		for (int k = 0; k < 2; k++) /* the send's and the receive's completions */
			if (!one_wc(b, &wc) || wc.status != IBV_WC_SUCCESS)
				return -1;
	}
	return 0;
}

/* The SRQ: max_wr, and the limit event once per arming. Two QPs of this
 * process, a (on the SRQ) and b, connected to each other. */
static void check_srq(side *s)
{
	static side a, b; /* copies of s's handles (not of its registered buffers) */
	a = b = *s;
	struct ibv_srq_init_attr sa;
	memset(&sa, 0, sizeof sa);
	sa.attr.max_wr = 8;
	sa.attr.max_sge = 1;
	struct ibv_srq *srq = ibv_create_srq(s->pd, &sa);
	a.cq = b.cq = ibv_create_cq(s->ctx, 64, NULL, NULL, 0);
	struct ibv_qp_init_attr qa;
	memset(&qa, 0, sizeof qa);
	qa.send_cq = qa.recv_cq = a.cq;
	qa.srq = srq;
	qa.qp_type = IBV_QPT_RC;
	qa.cap.max_send_wr = 8;
	qa.cap.max_send_sge = 1;
	a.qp = ibv_create_qp(s->pd, &qa);
	qa.srq = NULL;
	qa.cap.max_recv_wr = 8;
	qa.cap.max_recv_sge = 1;
	b.qp = ibv_create_qp(s->pd, &qa);
	info ia = my_info(&a), ib = my_info(&b);
	check(srq && a.qp && b.qp && !to_init(&a) && !to_init(&b) && !to_rtr(&a, &ib, 0) &&
		      !to_rtr(&b, &ia, 0) && !to_rts(&a, 0) && !to_rts(&b, 0),
	      "SRQ: two connected QPs, one on an SRQ of 8");
	struct ibv_sge g = {(uint64_t)(uintptr_t)(s->buf + 4096), 64, s->mr->lkey};
	struct ibv_recv_wr wr = {.wr_id = 3, .sg_list = &g, .num_sge = 1}, *bad;
	int posted = 0;
	while (posted < 8 && ibv_post_srq_recv(srq, &wr, &bad) == 0)
		posted++;
	check(posted == 8 && ibv_post_srq_recv(srq, &wr, &bad) == ENOMEM,
	      "SRQ: a 9th receive fails (ENOMEM)");
	struct ibv_srq_attr at = {.srq_limit = 9};
	check(ibv_modify_srq(srq, &at, IBV_SRQ_LIMIT) == EINVAL, "SRQ: a limit above max_wr fails");
	at.srq_limit = 4;
	check(ibv_modify_srq(srq, &at, IBV_SRQ_LIMIT) == 0, "SRQ: limit 4 armed");
	check(sends(&b, s->buf, 4) == 0 && async_pending(s->ctx) < 0,
	      "SRQ: 4 receives left, no event yet");
	check(sends(&b, s->buf, 1) == 0 && async_pending(s->ctx) == IBV_EVENT_SRQ_LIMIT_REACHED,
	      "SRQ: 3 left, below the limit: IBV_EVENT_SRQ_LIMIT_REACHED");
	check(sends(&b, s->buf, 1) == 0 && async_pending(s->ctx) < 0,
	      "SRQ: no second event without re-arming");
	check(ibv_modify_srq(srq, &at, IBV_SRQ_LIMIT) == 0 && sends(&b, s->buf, 1) == 0 &&
		      async_pending(s->ctx) == IBV_EVENT_SRQ_LIMIT_REACHED,
	      "SRQ: re-armed, the next receive used raises it again");
	ibv_destroy_qp(a.qp);
	ibv_destroy_qp(b.qp);
	check(ibv_destroy_srq(srq) == 0 && ibv_destroy_cq(a.cq) == 0, "SRQ: released");
}

int main(void)
{
	int down[2], up[2];
	if (pipe(down) || pipe(up))
		return 99;
	pid_t pid = fork();
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		_exit(child(down[0], up[1]));
	}
	close(down[0]);
	close(up[1]);

	side s;
	struct ibv_device_attr da;
	open_side(&s, 64);
	ibv_query_device(s.ctx, &da);
	check(da.phys_port_cnt == 1 && da.atomic_cap == IBV_ATOMIC_HCA, "device attributes");

	check_setup(&s);

	info me = my_info(&s), peer;
	xwrite(down[1], &me, sizeof me);
	xread(up[0], &peer, sizeof peer);

	check_states(&s, &peer);
	check_data(&s, &peer, down[1], up[0]);
	check_events(&s, &peer, down[1]);
	check_errors(&s, &peer);
	check_srq(&s);
	close(down[1]);
	int st = 0;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the peer process finished");
	check(ibv_destroy_cq(s.cq) == EBUSY, "destroy_cq with a QP on it fails (EBUSY)");
	close_side(&s);
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
