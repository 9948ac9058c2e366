/* SPDX-License-Identifier: BSD-3-Clause */
/* sv_verbs.c: softverbs' control path (sv.h): devices, PD, MR, channels,
 * CQs, SRQs, QPs and their state machine, asynchronous events, strings. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv.h"

#undef ibv_query_port
#undef ibv_reg_mr

static struct ibv_device sv_device = {
	.node_type = IBV_NODE_CA,
	.transport_type = IBV_TRANSPORT_IB,
	.name = "mlx4_0",
	.dev_name = "uverbs0",
	.dev_path = "/sys/class/infiniband_verbs/uverbs0",
	.ibdev_path = "/sys/class/infiniband/mlx4_0",
};

/* Fail with errno e: NULL. */
static void *null_errno(int e)
{
	errno = e;
	return NULL;
}

struct ibv_device **ibv_get_device_list(int *num)
{
	if (num)
		*num = 0;
	if (sv_attach() < 0)
		return NULL;
	struct ibv_device **l = calloc(2, sizeof *l);
	if (!l)
		return null_errno(ENOMEM);
	l[0] = &sv_device;
	if (num)
		*num = 1;
	sv.lists++;
	return l;
}

void ibv_free_device_list(struct ibv_device **list)
{
	if (list)
		sv.lists--;
	free(list);
	sv_released();
}

const char *ibv_get_device_name(struct ibv_device *d)
{
	return d->name;
}

__be64 ibv_get_device_guid(struct ibv_device *d)
{
	(void)d;
	return htobe64(sv.prof ? sv.prof->guid : 0);
}

static const struct ibv_context_ops sv_ops = {
	.poll_cq = sv_poll_cq,
	.req_notify_cq = sv_req_notify_cq,
	.post_send = sv_post_send,
	.post_recv = sv_post_recv,
	.post_srq_recv = sv_post_srq_recv,
};

struct ibv_context *ibv_open_device(struct ibv_device *d)
{
	if (d != &sv_device || sv_attach() < 0)
		return null_errno(ENODEV);
	sv_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return null_errno(ENOMEM);
	sv_lock();
	c->id = sv.f->next_ctx++;
	sv_unlock();
	snprintf(c->path, sizeof c->path, "%s/async.%d", sv.dir, c->id);
	unlink(c->path);
	if (mkfifo(c->path, 0600) != 0 || (c->c.async_fd = open(c->path, O_RDWR | O_CLOEXEC)) < 0) {
		int e = errno;
		free(c);
		return null_errno(e);
	}
	c->c.device = d;
	c->c.ops = sv_ops;
	c->c.cmd_fd = -1;
	c->c.num_comp_vectors = 1;
	c->c.abi_compat = NULL; /* not an extended context: the inline helpers use ops */
	pthread_mutex_init(&c->c.mutex, NULL);
	sv.ctxs++;
	return &c->c;
}

int ibv_close_device(struct ibv_context *ctx)
{
	sv_ctx *c = (sv_ctx *)ctx;
	close(c->c.async_fd);
	unlink(c->path);
	pthread_mutex_destroy(&c->c.mutex);
	free(c);
	sv.ctxs--;
	sv_released();
	return 0;
}

int ibv_query_device(struct ibv_context *ctx, struct ibv_device_attr *a)
{
	(void)ctx;
	memset(a, 0, sizeof *a);
	snprintf(a->fw_ver, sizeof a->fw_ver, "2.42.5000");
	a->node_guid = htobe64(sv.prof->guid);
	a->sys_image_guid = htobe64(sv.prof->guid + 3);
	a->max_mr_size = ~0ull;
	a->page_size_cap = 0xfffff000;
	a->vendor_id = 0x02c9;
	a->vendor_part_id = strcmp(sv.prof->name, "vf") == 0 ? 4100 : 4103;
	a->max_qp = SV_MAX_QP;
	a->max_qp_wr = SV_WQ_RING;
	a->max_sge = SV_MAX_SGE;
	a->max_cq = SV_MAX_CQ;
	a->max_cqe = SV_CQ_RING;
	a->max_mr = SV_MAX_MR;
	a->max_pd = 64;
	a->max_qp_rd_atom = 16;
	a->max_qp_init_rd_atom = 16;
	a->max_res_rd_atom = 16 * SV_MAX_QP;
	a->atomic_cap = IBV_ATOMIC_HCA;
	a->max_srq = SV_MAX_SRQ;
	a->max_srq_wr = SV_WQ_RING;
	a->max_srq_sge = SV_MAX_SGE;
	a->max_pkeys = 128;
	a->phys_port_cnt = 1;
	return 0;
}

int ibv_query_port(struct ibv_context *ctx, uint8_t port, struct _compat_ibv_port_attr *cpa)
{
	(void)ctx;
	if (port != 1)
		return EINVAL;
	struct ibv_port_attr *pa = (struct ibv_port_attr *)cpa;
	pa->state = IBV_PORT_ACTIVE;
	pa->max_mtu = IBV_MTU_4096;
	pa->active_mtu = IBV_MTU_4096;
	pa->gid_tbl_len = 128;
	pa->port_cap_flags = 0x02510868;
	pa->max_msg_sz = 0x40000000;
	pa->pkey_tbl_len = 128;
	pa->lid = sv.prof->lid;
	pa->sm_lid = 1;
	pa->lmc = 0;
	pa->max_vl_num = 4;
	pa->active_width = 2;  /* 4X */
	pa->active_speed = 16; /* FDR */
	pa->phys_state = 5;    /* LinkUp */
	pa->link_layer = IBV_LINK_LAYER_INFINIBAND;
	return 0;
}

int ibv_query_gid(struct ibv_context *ctx, uint8_t port, int index, union ibv_gid *gid)
{
	(void)ctx;
	if (port != 1 || index < 0 || index >= 128) {
		errno = EINVAL;
		return -1;
	}
	memset(gid, 0, sizeof *gid);
	if (index == 0) {
		gid->global.subnet_prefix = htobe64(0xfe80000000000000ull);
		gid->global.interface_id = htobe64(sv.prof->guid + 1);
	}
	return 0;
}

struct ibv_pd *ibv_alloc_pd(struct ibv_context *ctx)
{
	sv_pd *p = calloc(1, sizeof *p);
	if (!p)
		return null_errno(ENOMEM);
	p->pd.context = ctx;
	sv_lock();
	p->id = (int)(sv.f->next_key++);
	sv_unlock();
	p->pd.handle = (uint32_t)p->id;
	sv.pds++;
	return &p->pd;
}

/* Whether any MR, QP or SRQ of this process uses PD id. */
static int pd_busy(int id)
{
	for (int i = 0; i < SV_MAX_MR; i++)
		if (sv.f->mr[i].used && sv.f->mr[i].pid == sv.pid && sv.f->mr[i].pd == id)
			return 1;
	for (int i = 0; i < SV_MAX_QP; i++)
		if (sv.f->qp[i].used && sv.f->qp[i].pid == sv.pid && sv.f->qp[i].pd == id)
			return 1;
	for (int i = 0; i < SV_MAX_SRQ; i++)
		if (sv.f->srq[i].used && sv.f->srq[i].pid == sv.pid && sv.f->srq[i].pd == id)
			return 1;
	return 0;
}

int ibv_dealloc_pd(struct ibv_pd *pd)
{
	sv_pd *p = (sv_pd *)pd;
	sv_lock();
	int busy = pd_busy(p->id);
	sv_unlock();
	if (busy)
		return EBUSY;
	free(p);
	sv.pds--;
	return 0;
}

struct ibv_mr *ibv_reg_mr(struct ibv_pd *pd, void *addr, size_t len, int access)
{
	/* Remote write or atomic access needs local write, as on hardware. */
	if ((access & (IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_ATOMIC)) &&
	    !(access & IBV_ACCESS_LOCAL_WRITE))
		return null_errno(EINVAL);
	if (!addr || !len)
		return null_errno(EINVAL);
	sv_mr *m = calloc(1, sizeof *m);
	if (!m)
		return null_errno(ENOMEM);
	sv_lock();
	int i = 0;
	while (i < SV_MAX_MR && sv.f->mr[i].used)
		i++;
	if (i == SV_MAX_MR) {
		sv_unlock();
		free(m);
		return null_errno(ENOMEM);
	}
	sv_mr_rec *r = &sv.f->mr[i];
	memset(r, 0, sizeof *r);
	r->used = 1;
	r->pid = sv.pid;
	r->pd = ((sv_pd *)pd)->id;
	r->addr = (uint64_t)(uintptr_t)addr;
	r->len = len;
	r->access = access;
	r->lkey = sv.f->next_key++;
	r->rkey = sv.f->next_key++ | 0x800000u;
	sv_unlock();
	m->idx = i;
	m->mr.context = pd->context;
	m->mr.pd = pd;
	m->mr.addr = addr;
	m->mr.length = len;
	m->mr.lkey = r->lkey;
	m->mr.rkey = r->rkey;
	sv.mrs++;
	return &m->mr;
}

int ibv_dereg_mr(struct ibv_mr *mr)
{
	sv_mr *m = (sv_mr *)mr;
	sv_lock();
	sv.f->mr[m->idx].used = 0;
	sv_unlock();
	free(m);
	sv.mrs--;
	return 0;
}

struct ibv_comp_channel *ibv_create_comp_channel(struct ibv_context *ctx)
{
	sv_chan *c = calloc(1, sizeof *c);
	if (!c)
		return null_errno(ENOMEM);
	sv_lock();
	c->id = sv.f->next_chan++;
	sv_unlock();
	snprintf(c->path, sizeof c->path, "%s/chan.%d", sv.dir, c->id);
	unlink(c->path);
	if (mkfifo(c->path, 0600) != 0 || (c->ch.fd = open(c->path, O_RDWR | O_CLOEXEC)) < 0) {
		int e = errno;
		free(c);
		return null_errno(e);
	}
	c->ch.context = ctx;
	sv.chans++;
	return &c->ch;
}

int ibv_destroy_comp_channel(struct ibv_comp_channel *ch)
{
	sv_chan *c = (sv_chan *)ch;
	if (c->ncq)
		return EBUSY;
	close(c->ch.fd);
	unlink(c->path);
	free(c);
	sv.chans--;
	return 0;
}

struct ibv_cq *ibv_create_cq(struct ibv_context *ctx, int cqe, void *cq_context,
			     struct ibv_comp_channel *channel, int comp_vector)
{
	if (cqe < 1 || cqe > SV_CQ_RING || comp_vector < 0 || comp_vector >= ctx->num_comp_vectors)
		return null_errno(EINVAL);
	sv_cq *q = calloc(1, sizeof *q);
	if (!q)
		return null_errno(ENOMEM);
	sv_lock();
	int i = 0;
	while (i < SV_MAX_CQ && sv.f->cq[i].used)
		i++;
	if (i == SV_MAX_CQ) {
		sv_unlock();
		free(q);
		return null_errno(ENOMEM);
	}
	sv_cq_rec *r = &sv.f->cq[i];
	r->used = 1;
	r->pid = sv.pid;
	r->ctx = ((sv_ctx *)ctx)->id;
	r->cqe = cqe;
	r->armed = 0;
	r->overrun = 0;
	r->chan = channel ? ((sv_chan *)channel)->id : -1;
	r->head = r->tail = 0;
	sv.cq_of[i] = q;
	sv_unlock();
	q->idx = i;
	q->cq.context = ctx;
	q->cq.channel = channel;
	q->cq.cq_context = cq_context;
	q->cq.cqe = cqe;
	q->cq.handle = (uint32_t)i;
	if (channel)
		((sv_chan *)channel)->ncq++;
	sv.cqs++;
	return &q->cq;
}

int ibv_destroy_cq(struct ibv_cq *cq)
{
	sv_cq *q = (sv_cq *)cq;
	sv_lock();
	for (int i = 0; i < SV_MAX_QP; i++)
		if (sv.f->qp[i].used &&
		    (sv.f->qp[i].send_cq == q->idx || sv.f->qp[i].recv_cq == q->idx) &&
		    sv.f->qp[i].pid == sv.pid) {
			sv_unlock();
			return EBUSY;
		}
	if (q->events != q->acked) {
		/* libibverbs would wait here forever for the missing acks. */
		sv_unlock();
		fprintf(stderr, "softverbs: ibv_destroy_cq with %u unacknowledged events\n",
			q->events - q->acked);
		return EBUSY;
	}
	sv.f->cq[q->idx].used = 0;
	sv.cq_of[q->idx] = NULL;
	sv_unlock();
	if (cq->channel)
		((sv_chan *)cq->channel)->ncq--;
	free(q);
	sv.cqs--;
	return 0;
}

int ibv_get_cq_event(struct ibv_comp_channel *ch, struct ibv_cq **cq, void **cq_context)
{
	struct timespec w0, w1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &w0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	int32_t idx;
	ssize_t n = read(ch->fd, &idx, sizeof idx);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	sv.cq_event_calls++;
	sv.cq_event_wall_ns +=
		(uint64_t)((w1.tv_sec - w0.tv_sec) * 1000000000ll + (w1.tv_nsec - w0.tv_nsec));
	sv.cq_event_cpu_ns +=
		(uint64_t)((c1.tv_sec - c0.tv_sec) * 1000000000ll + (c1.tv_nsec - c0.tv_nsec));
	if (n != (ssize_t)sizeof idx) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	sv_lock();
	sv_cq *q = idx >= 0 && idx < SV_MAX_CQ ? sv.cq_of[idx] : NULL;
	sv_unlock();
	if (!q) {
		errno = EIO;
		return -1;
	}
	q->events++;
	*cq = &q->cq;
	*cq_context = q->cq.cq_context;
	return 0;
}

void ibv_ack_cq_events(struct ibv_cq *cq, unsigned int n)
{
	((sv_cq *)cq)->acked += n;
}

struct ibv_srq *ibv_create_srq(struct ibv_pd *pd, struct ibv_srq_init_attr *ia)
{
	if (ia->attr.max_wr < 1 || ia->attr.max_wr > SV_WQ_RING || ia->attr.max_sge < 1 ||
	    ia->attr.max_sge > SV_MAX_SGE || ia->attr.srq_limit > ia->attr.max_wr)
		return null_errno(EINVAL);
	sv_srq *s = calloc(1, sizeof *s);
	if (!s)
		return null_errno(ENOMEM);
	sv_lock();
	int i = 0;
	while (i < SV_MAX_SRQ && sv.f->srq[i].used)
		i++;
	if (i == SV_MAX_SRQ) {
		sv_unlock();
		free(s);
		return null_errno(ENOMEM);
	}
	sv_srq_rec *r = &sv.f->srq[i];
	r->used = 1;
	r->pid = sv.pid;
	r->ctx = ((sv_ctx *)pd->context)->id;
	r->pd = ((sv_pd *)pd)->id;
	r->max_wr = (int)ia->attr.max_wr;
	r->max_sge = (int)ia->attr.max_sge;
	r->limit = 0; /* srq_limit is ignored at creation, as on hardware */
	r->head = r->tail = 0;
	sv.srq_of[i] = s;
	sv_unlock();
	s->idx = i;
	s->srq.context = pd->context;
	s->srq.srq_context = ia->srq_context;
	s->srq.pd = pd;
	s->srq.handle = (uint32_t)i;
	sv.srqs++;
	return &s->srq;
}

int ibv_modify_srq(struct ibv_srq *srq, struct ibv_srq_attr *a, int mask)
{
	sv_srq *s = (sv_srq *)srq;
	if (mask & ~IBV_SRQ_LIMIT)
		return EINVAL; /* resizing (IBV_SRQ_MAX_WR) is not supported */
	sv_lock();
	sv_srq_rec *r = &sv.f->srq[s->idx];
	int rc = 0;
	if (mask & IBV_SRQ_LIMIT) {
		if (a->srq_limit > (uint32_t)r->max_wr)
			rc = EINVAL;
		else
			r->limit = a->srq_limit;
	}
	sv_unlock();
	return rc;
}

int ibv_query_srq(struct ibv_srq *srq, struct ibv_srq_attr *a)
{
	sv_srq *s = (sv_srq *)srq;
	sv_lock();
	a->max_wr = (uint32_t)sv.f->srq[s->idx].max_wr;
	a->max_sge = (uint32_t)sv.f->srq[s->idx].max_sge;
	a->srq_limit = sv.f->srq[s->idx].limit;
	sv_unlock();
	return 0;
}

int ibv_destroy_srq(struct ibv_srq *srq)
{
	sv_srq *s = (sv_srq *)srq;
	sv_lock();
	for (int i = 0; i < SV_MAX_QP; i++)
		if (sv.f->qp[i].used && sv.f->qp[i].srq == s->idx && sv.f->qp[i].pid == sv.pid) {
			sv_unlock();
			return EBUSY;
		}
	sv.f->srq[s->idx].used = 0;
	sv.srq_of[s->idx] = NULL;
	sv_unlock();
	free(s);
	sv.srqs--;
	return 0;
}

struct ibv_qp *ibv_create_qp(struct ibv_pd *pd, struct ibv_qp_init_attr *ia)
{
	struct ibv_qp_cap *cap = &ia->cap;
	if (ia->qp_type != IBV_QPT_RC || !ia->send_cq || !ia->recv_cq)
		return null_errno(ia->qp_type != IBV_QPT_RC ? EOPNOTSUPP : EINVAL);
	if (cap->max_send_wr < 1 || cap->max_send_wr > SV_WQ_RING ||
	    cap->max_send_sge > SV_MAX_SGE || cap->max_inline_data > sv.prof->max_inline ||
	    (!ia->srq && (cap->max_recv_wr > SV_WQ_RING || cap->max_recv_sge > SV_MAX_SGE)))
		return null_errno(EINVAL);
	sv_qp *q = calloc(1, sizeof *q);
	if (!q)
		return null_errno(ENOMEM);
	sv_lock();
	int i = 0;
	while (i < SV_MAX_QP && sv.f->qp[i].used)
		i++;
	if (i == SV_MAX_QP) {
		sv_unlock();
		free(q);
		return null_errno(ENOMEM);
	}
	sv_qp_rec *r = &sv.f->qp[i];
	memset(r, 0, offsetof(sv_qp_rec, wr));
	r->used = 1;
	r->pid = sv.pid;
	r->ctx = ((sv_ctx *)pd->context)->id;
	r->pd = ((sv_pd *)pd)->id;
	r->state = IBV_QPS_RESET;
	r->qpn = sv.f->next_qpn++;
	r->send_cq = ((sv_cq *)ia->send_cq)->idx;
	r->recv_cq = ((sv_cq *)ia->recv_cq)->idx;
	r->srq = ia->srq ? ((sv_srq *)ia->srq)->idx : -1;
	r->max_send_wr = cap->max_send_wr;
	r->max_send_sge = cap->max_send_sge;
	r->max_recv_wr = ia->srq ? 0 : cap->max_recv_wr;
	r->max_recv_sge = ia->srq ? 0 : cap->max_recv_sge;
	r->max_inline = cap->max_inline_data;
	sv.qp_of[i] = q;
	sv_unlock();
	if (ia->srq)
		cap->max_recv_wr = cap->max_recv_sge = 0;
	q->idx = i;
	q->qp.context = pd->context;
	q->qp.qp_context = ia->qp_context;
	q->qp.pd = pd;
	q->qp.send_cq = ia->send_cq;
	q->qp.recv_cq = ia->recv_cq;
	q->qp.srq = ia->srq;
	q->qp.handle = (uint32_t)i;
	q->qp.qp_num = r->qpn;
	q->qp.state = IBV_QPS_RESET;
	q->qp.qp_type = IBV_QPT_RC;
	sv.qps++;
	return &q->qp;
}

/* The attribute masks of an RC QP's transitions (required, optional), as
 * the InfiniBand specification and the kernel's ib_modify_qp_is_ok. */
static int transition_ok(int cur, int next, int mask)
{
	const int any = IBV_QP_STATE;
	int req = -1, opt = 0;
	if (next == IBV_QPS_RESET || next == IBV_QPS_ERR) {
		req = any;
	} else if (cur == IBV_QPS_RESET && next == IBV_QPS_INIT) {
		req = any | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS;
	} else if (cur == IBV_QPS_INIT && next == IBV_QPS_INIT) {
		req = any;
		opt = IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS;
	} else if (cur == IBV_QPS_INIT && next == IBV_QPS_RTR) {
		req = any | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
		      IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER;
		opt = IBV_QP_ALT_PATH | IBV_QP_ACCESS_FLAGS | IBV_QP_PKEY_INDEX;
	} else if (cur == IBV_QPS_RTR && next == IBV_QPS_RTS) {
		req = any | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC | IBV_QP_RETRY_CNT |
		      IBV_QP_RNR_RETRY | IBV_QP_TIMEOUT;
		opt = IBV_QP_CUR_STATE | IBV_QP_ACCESS_FLAGS | IBV_QP_MIN_RNR_TIMER |
		      IBV_QP_ALT_PATH | IBV_QP_PATH_MIG_STATE;
	} else if (cur == IBV_QPS_RTS && next == IBV_QPS_RTS) {
		req = any;
		opt = IBV_QP_CUR_STATE | IBV_QP_ACCESS_FLAGS | IBV_QP_ALT_PATH |
		      IBV_QP_PATH_MIG_STATE | IBV_QP_MIN_RNR_TIMER;
	}
	if (req < 0)
		return 0;
	return (mask & req) == req && (mask & ~(req | opt)) == 0;
}

/* The values of the attributes in mask; 0 or EINVAL. */
static int attrs_ok(const sv_qp_rec *r, const struct ibv_qp_attr *a, int mask)
{
	if ((mask & IBV_QP_PORT) && a->port_num != 1)
		return EINVAL;
	if ((mask & IBV_QP_PKEY_INDEX) && a->pkey_index >= 128)
		return EINVAL;
	if ((mask & IBV_QP_PATH_MTU) && (a->path_mtu < IBV_MTU_256 || a->path_mtu > IBV_MTU_4096))
		return EINVAL;
	if ((mask & IBV_QP_AV) &&
	    (a->ah_attr.port_num != 1 || (!a->ah_attr.is_global && a->ah_attr.dlid == 0)))
		return EINVAL;
	if ((mask & IBV_QP_MAX_DEST_RD_ATOMIC) && a->max_dest_rd_atomic > 16)
		return EINVAL;
	if ((mask & IBV_QP_MAX_QP_RD_ATOMIC) && a->max_rd_atomic > 16)
		return EINVAL;
	if ((mask & IBV_QP_TIMEOUT) && a->timeout > 31)
		return EINVAL;
	if ((mask & IBV_QP_RETRY_CNT) && a->retry_cnt > 7)
		return EINVAL;
	if ((mask & IBV_QP_RNR_RETRY) && a->rnr_retry > 7)
		return EINVAL;
	if ((mask & IBV_QP_MIN_RNR_TIMER) && a->min_rnr_timer > 31)
		return EINVAL;
	if ((mask & IBV_QP_CUR_STATE) && (int)a->cur_qp_state != r->state)
		return EINVAL;
	if ((mask & IBV_QP_DEST_QPN) && a->dest_qp_num > 0xffffff)
		return EINVAL;
	return 0;
}

int ibv_modify_qp(struct ibv_qp *qp, struct ibv_qp_attr *a, int mask)
{
	sv_qp *q = (sv_qp *)qp;
	sv_lock();
	sv_qp_rec *r = &sv.f->qp[q->idx];
	int next = (mask & IBV_QP_STATE) ? (int)a->qp_state : r->state;
	int rc = 0;
	if (!(mask & IBV_QP_STATE) || !transition_ok(r->state, next, mask) ||
	    (rc = attrs_ok(r, a, mask)) != 0) {
		sv_unlock();
		return rc ? rc : EINVAL;
	}
	if (mask & IBV_QP_ACCESS_FLAGS)
		r->access = (int)a->qp_access_flags;
	if (mask & IBV_QP_PORT)
		r->port = a->port_num;
	if (mask & IBV_QP_PATH_MTU)
		r->path_mtu = a->path_mtu;
	if (mask & IBV_QP_DEST_QPN)
		r->dest_qpn = a->dest_qp_num;
	if (mask & IBV_QP_RQ_PSN)
		r->rq_psn = a->rq_psn;
	if (mask & IBV_QP_SQ_PSN)
		r->sq_psn = a->sq_psn;
	if (mask & IBV_QP_MAX_DEST_RD_ATOMIC)
		r->max_dest_rd_atomic = a->max_dest_rd_atomic;
	if (mask & IBV_QP_MAX_QP_RD_ATOMIC)
		r->max_rd_atomic = a->max_rd_atomic;
	if (mask & IBV_QP_RETRY_CNT)
		r->retry_cnt = a->retry_cnt;
	if (mask & IBV_QP_RNR_RETRY)
		r->rnr_retry = a->rnr_retry;
	if (mask & IBV_QP_TIMEOUT)
		r->timeout = a->timeout;
	if (mask & IBV_QP_MIN_RNR_TIMER)
		r->min_rnr_timer = a->min_rnr_timer;
	if (next == IBV_QPS_ERR) {
		sv_qp_to_error(q->idx);
	} else if (next == IBV_QPS_RESET) {
		r->head = r->tail = 0;
		r->sq_posted = r->sq_done = 0;
	}
	r->state = next;
	qp->state = (enum ibv_qp_state)next;
	sv_unlock();
	return 0;
}

int ibv_query_qp(struct ibv_qp *qp, struct ibv_qp_attr *a, int mask, struct ibv_qp_init_attr *ia)
{
	(void)mask;
	sv_qp *q = (sv_qp *)qp;
	memset(a, 0, sizeof *a);
	memset(ia, 0, sizeof *ia);
	sv_lock();
	const sv_qp_rec *r = &sv.f->qp[q->idx];
	a->qp_state = a->cur_qp_state = (enum ibv_qp_state)r->state;
	a->path_mtu = (enum ibv_mtu)r->path_mtu;
	a->qp_access_flags = (unsigned)r->access;
	a->dest_qp_num = r->dest_qpn;
	a->rq_psn = r->rq_psn;
	a->sq_psn = r->sq_psn;
	a->cap.max_send_wr = ia->cap.max_send_wr = r->max_send_wr;
	a->cap.max_recv_wr = ia->cap.max_recv_wr = r->max_recv_wr;
	a->cap.max_send_sge = ia->cap.max_send_sge = r->max_send_sge;
	a->cap.max_recv_sge = ia->cap.max_recv_sge = r->max_recv_sge;
	a->cap.max_inline_data = ia->cap.max_inline_data = r->max_inline;
	a->max_rd_atomic = (uint8_t)r->max_rd_atomic;
	a->max_dest_rd_atomic = (uint8_t)r->max_dest_rd_atomic;
	a->port_num = (uint8_t)r->port;
	a->timeout = (uint8_t)r->timeout;
	a->retry_cnt = (uint8_t)r->retry_cnt;
	a->rnr_retry = (uint8_t)r->rnr_retry;
	a->min_rnr_timer = (uint8_t)r->min_rnr_timer;
	sv_unlock();
	ia->send_cq = qp->send_cq;
	ia->recv_cq = qp->recv_cq;
	ia->srq = qp->srq;
	ia->qp_type = IBV_QPT_RC;
	return 0;
}

int ibv_destroy_qp(struct ibv_qp *qp)
{
	sv_qp *q = (sv_qp *)qp;
	sv_lock();
	sv.f->qp[q->idx].used = 0;
	sv.qp_of[q->idx] = NULL;
	sv_unlock();
	free(q);
	sv.qps--;
	return 0;
}

int ibv_get_async_event(struct ibv_context *ctx, struct ibv_async_event *ev)
{
	sv_async_msg m;
	ssize_t n = read(ctx->async_fd, &m, sizeof m);
	if (n != (ssize_t)sizeof m) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	memset(ev, 0, sizeof *ev);
	ev->event_type = (enum ibv_event_type)m.type;
	sv_lock();
	if (m.kind == 1 && m.idx >= 0 && m.idx < SV_MAX_QP && sv.qp_of[m.idx])
		ev->element.qp = &sv.qp_of[m.idx]->qp;
	else if (m.kind == 2 && m.idx >= 0 && m.idx < SV_MAX_CQ && sv.cq_of[m.idx])
		ev->element.cq = &sv.cq_of[m.idx]->cq;
	else if (m.kind == 3 && m.idx >= 0 && m.idx < SV_MAX_SRQ && sv.srq_of[m.idx])
		ev->element.srq = &sv.srq_of[m.idx]->srq;
	else
		ev->element.port_num = 1;
	sv_unlock();
	if (ev->event_type == IBV_EVENT_SRQ_LIMIT_REACHED)
		sv.srq_limit_events++;
	sv.async_unacked++;
	return 0;
}

void ibv_ack_async_event(struct ibv_async_event *ev)
{
	(void)ev;
	sv.async_unacked--;
}
