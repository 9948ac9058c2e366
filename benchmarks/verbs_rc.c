/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_rc.c: the RC queue pair of verbs_lat and its resources. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rdma_fp.h"
#include "verbs_meas.h"
#include "verbs_probe.h"
#include "verbs_rc.h"

/* errno, or a stand-in when a verbs call failed without setting it. */
static int errno_or(int dflt)
{
	return errno ? errno : dflt;
}

/* The opcode of the test's work requests. */
const char *verbs_rc_opcode_name(const verbs_opts *vo)
{
	switch (vo->test) {
	case VERBS_WRITE:
		return vo->mode == VERBS_EVENT ? "IBV_WR_RDMA_WRITE_WITH_IMM" : "IBV_WR_RDMA_WRITE";
	case VERBS_READ: return "IBV_WR_RDMA_READ";
	case VERBS_SEND: return "IBV_WR_SEND";
	case VERBS_ATOMIC_FADD: return "IBV_WR_ATOMIC_FETCH_AND_ADD";
	case VERBS_ATOMIC_CSWAP: return "IBV_WR_ATOMIC_CMP_AND_SWP";
	}
	return "?";
}

/* A hint for a port that is not ACTIVE. */
static const char *port_hint(enum ibv_port_state s, int link_layer)
{
	if (s == IBV_PORT_INIT && link_layer != IBV_LINK_LAYER_ETHERNET)
		return "no subnet manager has activated it; is opensm running on the fabric?";
	if (s == IBV_PORT_ARMED)
		return "the subnet manager has not finished bringing it up; retry in a moment";
	return "check the cable, the switch port and the link (ibstat, ip link)";
}

/* Query port p of ctx; 0 or errno. */
static int query_port(struct ibv_context *ctx, int p, struct ibv_port_attr *pa)
{
	memset(pa, 0, sizeof *pa);
	errno = 0;
	int rc = ibv_query_port(ctx, (uint8_t)p, pa);
	return rc ? (rc > 0 ? rc : errno_or(EIO)) : 0;
}

/* Append "dev port p: STATE" to a list in buf. */
static void note_port(char *buf, size_t len, const char *dev, int p, enum ibv_port_state s)
{
	size_t used = strlen(buf);
	if (used + 2 < len)
		snprintf(buf + used, len - used, "%s%s port %d: %s", used ? ", " : "", dev, p,
			 ibv_port_state_str(s));
}

/* The device, from --ib-dev or the first with an active port. */
static int choose_device(verbs_rc *r, st_err *err)
{
	const verbs_opts *vo = r->vo;
	int n = 0;
	errno = 0;
	r->list = ibv_get_device_list(&n);
	if (!r->list && errno != ENOSYS && errno != 0)
		return st_seterr(err, ST_EIO, "ibv_get_device_list: %s", strerror(errno));
	if (!r->list || n == 0)
		return st_seterr(err, ST_EIO,
				 "no RDMA device found (ibv_get_device_list returned 0)");

	if (vo->ib_dev[0]) {
		char names[512] = "";
		for (int i = 0; i < n; i++) {
			const char *nm = ibv_get_device_name(r->list[i]);
			if (strcmp(nm, vo->ib_dev) == 0) {
				errno = 0;
				r->ctx = ibv_open_device(r->list[i]);
				if (!r->ctx)
					return st_seterr(err, ST_EIO, "ibv_open_device(%s): %s", nm,
							 strerror(errno_or(ENODEV)));
				snprintf(r->devname, sizeof r->devname, "%s", nm);
				return 0;
			}
			size_t u = strlen(names);
			snprintf(names + u, sizeof names - u, "%s%s", u ? ", " : "", nm);
		}
		return st_seterr(err, ST_EUSAGE, "--ib-dev %s: no such RDMA device (found: %s)",
				 vo->ib_dev, names);
	}

	/* The first device with an active port (the --ib-port one when given). */
	char states[600] = "";
	int most_ports = 0;
	for (int i = 0; i < n; i++) {
		const char *nm = ibv_get_device_name(r->list[i]);
		errno = 0;
		struct ibv_context *ctx = ibv_open_device(r->list[i]);
		if (!ctx) {
			size_t u = strlen(states);
			snprintf(states + u, sizeof states - u, "%s%s: ibv_open_device: %s",
				 u ? ", " : "", nm, strerror(errno_or(ENODEV)));
			continue;
		}
		struct ibv_device_attr da;
		if (ibv_query_device(ctx, &da) == 0) {
			if (da.phys_port_cnt > most_ports)
				most_ports = da.phys_port_cnt;
			for (int p = 1; p <= da.phys_port_cnt; p++) {
				struct ibv_port_attr pa;
				if (vo->ib_port && p != vo->ib_port)
					continue;
				if (query_port(ctx, p, &pa) != 0)
					continue;
				if (pa.state == IBV_PORT_ACTIVE) {
					r->ctx = ctx;
					snprintf(r->devname, sizeof r->devname, "%s", nm);
					return 0;
				}
				note_port(states, sizeof states, nm, p, pa.state);
			}
		}
		ibv_close_device(ctx);
	}
	if (vo->ib_port && most_ports < vo->ib_port)
		return st_seterr(err, ST_EUSAGE,
				 "--ib-port %d: no RDMA device has that many ports (at most %d)",
				 vo->ib_port, most_ports);
	if (vo->ib_port)
		return st_seterr(err, ST_EIO, "no RDMA device has port %d active (%s)", vo->ib_port,
				 states);
	return st_seterr(err, ST_EIO, "no RDMA device has an active port (%s)", states);
}

/* The port and its address (LID, GID) and what the test needs from them. */
static int choose_port(verbs_rc *r, uint64_t max_size, st_err *err)
{
	const verbs_opts *vo = r->vo;
	int rc;
	errno = 0;
	if ((rc = ibv_query_device(r->ctx, &r->dev_attr)) != 0)
		return st_seterr(err, ST_EIO, "ibv_query_device(%s): %s", r->devname,
				 strerror(rc > 0 ? rc : errno_or(EIO)));
	int nports = r->dev_attr.phys_port_cnt;
	if (vo->ib_port > nports)
		return st_seterr(err, ST_EUSAGE, "--ib-port %d: %s has %d port%s", vo->ib_port,
				 r->devname, nports, nports == 1 ? "" : "s");
	if (vo->ib_port) {
		r->port = vo->ib_port;
	} else {
		r->port = 0;
		char states[300] = "";
		for (int p = 1; p <= nports && !r->port; p++) {
			struct ibv_port_attr pa;
			if (query_port(r->ctx, p, &pa) == 0 && pa.state == IBV_PORT_ACTIVE)
				r->port = p;
			else
				note_port(states, sizeof states, r->devname, p, pa.state);
		}
		if (!r->port)
			return st_seterr(err, ST_EIO, "%s has no active port (%s)", r->devname,
					 states);
	}
	if ((rc = query_port(r->ctx, r->port, &r->port_attr)) != 0)
		return st_seterr(err, ST_EIO, "ibv_query_port(%s, %d): %s", r->devname, r->port,
				 strerror(rc));
	struct ibv_port_attr *pa = &r->port_attr;
	if (pa->state != IBV_PORT_ACTIVE)
		return st_seterr(err, ST_EIO, "%s port %d is %s, not ACTIVE: %s", r->devname,
				 r->port, ibv_port_state_str(pa->state),
				 port_hint(pa->state, pa->link_layer));

	int eth = pa->link_layer == IBV_LINK_LAYER_ETHERNET;
	if (vo->gid_index >= 0 && vo->gid_index >= pa->gid_tbl_len)
		return st_seterr(err, ST_EUSAGE, "--gid-index %d: %s port %d has %d GID entries",
				 vo->gid_index, r->devname, r->port, pa->gid_tbl_len);
	r->gid_index = vo->gid_index;
	if (eth && r->gid_index < 0) {
		r->gid_index = rdma_fp_pick_gid(rdma_fp_sysfs_root(), r->devname, r->port);
		if (r->gid_index < 0)
			return st_seterr(
				err, ST_EIO,
				"%s port %d (RoCE) has no usable GID: configure an IP address on "
				"its network interface, or give --gid-index",
				r->devname, r->port);
	}
	r->use_grh = eth || vo->gid_index >= 0;
	errno = 0;
	if ((rc = ibv_query_gid(r->ctx, (uint8_t)r->port, r->gid_index < 0 ? 0 : r->gid_index,
				&r->gid)) != 0)
		return st_seterr(err, ST_EIO, "ibv_query_gid(%s, port %d, index %d): %s",
				 r->devname, r->port, r->gid_index < 0 ? 0 : r->gid_index,
				 strerror(rc > 0 ? rc : errno_or(EIO)));
	static const uint8_t zero[16];
	if (r->use_grh && memcmp(r->gid.raw, zero, 16) == 0)
		return st_seterr(err, ST_EUSAGE,
				 "GID index %d of %s port %d is empty; pick a populated one with "
				 "--gid-index (see /sys/class/infiniband/%s/ports/%d/gids)",
				 r->gid_index, r->devname, r->port, r->devname, r->port);
	if (!eth && pa->lid == 0)
		return st_seterr(err, ST_EIO,
				 "%s port %d has LID 0: no subnet manager has configured it",
				 r->devname, r->port);

	/* What the test needs from the device. */
	const struct ibv_device_attr *da = &r->dev_attr;
	if (max_size > pa->max_msg_sz)
		return st_seterr(err, ST_EUSAGE,
				 "-m: size %llu is larger than %s port %d's max_msg_sz (%u bytes)",
				 (unsigned long long)max_size, r->devname, r->port, pa->max_msg_sz);
	if (vo->tx_depth > da->max_qp_wr)
		return st_seterr(err, ST_EUSAGE, "--tx-depth %d: %s allows %d work requests",
				 vo->tx_depth, r->devname, da->max_qp_wr);
	if (r->needs_recv && !vo->srq && vo->rx_depth > da->max_qp_wr)
		return st_seterr(err, ST_EUSAGE, "--rx-depth %d: %s allows %d work requests",
				 vo->rx_depth, r->devname, da->max_qp_wr);
	if (vo->srq && da->max_srq == 0)
		return st_seterr(err, ST_EUSAGE, "--srq: %s has no shared receive queues",
				 r->devname);
	if (vo->srq && vo->rx_depth > da->max_srq_wr)
		return st_seterr(err, ST_EUSAGE,
				 "--rx-depth %d: an SRQ of %s holds at most %d receives",
				 vo->rx_depth, r->devname, da->max_srq_wr);
	if (verbs_test_is_atomic(vo->test) && da->atomic_cap == IBV_ATOMIC_NONE)
		return st_seterr(err, ST_EUSAGE, "--test %s: %s does not support atomics",
				 verbs_test_name(vo->test), r->devname);
	if ((vo->test == VERBS_READ || verbs_test_is_atomic(vo->test)) &&
	    (da->max_qp_init_rd_atom < 1 || da->max_qp_rd_atom < 1))
		return st_seterr(err, ST_EUSAGE,
				 "--test %s: %s allows no outstanding RDMA reads or atomics",
				 verbs_test_name(vo->test), r->devname);
	r->rd_atomic = da->max_qp_init_rd_atom < 16 ? da->max_qp_init_rd_atom : 16;
	r->dest_rd_atomic = da->max_qp_rd_atom < 16 ? da->max_qp_rd_atom : 16;
	return 0;
}

/* Registered buffer of two areas. */
static int setup_buffer(verbs_rc *r, uint64_t max_size, st_err *err)
{
	long page = sysconf(_SC_PAGESIZE);
	r->area = verbs_area_bytes(max_size, page > 0 ? (uint64_t)page : 4096);
	void *p = NULL;
	int rc = posix_memalign(&p, page > 0 ? (size_t)page : 4096, (size_t)(2 * r->area));
	if (rc != 0)
		return st_seterr(err, ST_EIO, "cannot allocate a buffer of %llu bytes: %s",
				 (unsigned long long)(2 * r->area), strerror(rc));
	r->buf = p;
	memset(r->buf, 0, (size_t)(2 * r->area));
	int access = IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	if (verbs_test_is_atomic(r->vo->test))
		access |= IBV_ACCESS_REMOTE_ATOMIC;
	errno = 0;
	r->mr = ibv_reg_mr(r->pd, r->buf, (size_t)(2 * r->area), access);
	if (!r->mr) {
		int e = errno_or(ENOMEM);
		struct rlimit rl;
		char hint[200] = "";
		if ((e == ENOMEM || e == EPERM || e == EFAULT) &&
		    getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			snprintf(
				hint, sizeof hint,
				" (the locked-memory limit is %llu KiB: raise it with ulimit -l, or "
				"use a smaller -m)",
				(unsigned long long)(rl.rlim_cur / 1024));
		return st_seterr(err, ST_EIO, "ibv_reg_mr(%llu bytes) on %s: %s%s",
				 (unsigned long long)(2 * r->area), r->devname, strerror(e), hint);
	}
	return 0;
}

/* Completion channel (event mode), CQ and SRQ. */
static int setup_queues(verbs_rc *r, st_err *err)
{
	const verbs_opts *vo = r->vo;
	if (vo->mode == VERBS_EVENT) {
		errno = 0;
		r->channel = ibv_create_comp_channel(r->ctx);
		if (!r->channel)
			return st_seterr(err, ST_EIO, "ibv_create_comp_channel(%s): %s", r->devname,
					 strerror(errno_or(ENOMEM)));
	}
	int cqe = vo->tx_depth + (r->needs_recv ? vo->rx_depth : 0) + 8;
	if (cqe > r->dev_attr.max_cqe)
		return st_seterr(err, ST_EUSAGE,
				 "--tx-depth and --rx-depth need %d CQ entries, %s allows %d", cqe,
				 r->devname, r->dev_attr.max_cqe);
	errno = 0;
	r->cq = ibv_create_cq(r->ctx, cqe, NULL, r->channel, 0);
	if (!r->cq)
		return st_seterr(err, ST_EIO, "ibv_create_cq(%s, %d entries): %s", r->devname, cqe,
				 strerror(errno_or(ENOMEM)));
	if (vo->srq) {
		struct ibv_srq_init_attr sa;
		memset(&sa, 0, sizeof sa);
		sa.attr.max_wr = (uint32_t)vo->rx_depth;
		sa.attr.max_sge = 1;
		errno = 0;
		r->srq = ibv_create_srq(r->pd, &sa);
		if (!r->srq)
			return st_seterr(err, ST_EIO, "ibv_create_srq(%s, %d receives): %s",
					 r->devname, vo->rx_depth, strerror(errno_or(ENOMEM)));
	}
	return 0;
}

/* The QP, with the inline size checked against what the device grants. */
static int setup_qp(verbs_rc *r, st_err *err)
{
	const verbs_opts *vo = r->vo;
	if (verbs_test_is_pingpong(vo->test)) {
		st_err perr;
		if (verbs_probe_max_inline(r->ctx, r->pd, VERBS_INLINE_LIMIT, &r->inline_probed,
					   &perr) < 0)
			return st_seterr(err, ST_EIO, "%s: %s", r->devname, perr.msg);
	}
	r->inline_request = verbs_inline_request(vo, r->inline_probed);
	if (vo->inline_given && (uint32_t)vo->inline_size > r->inline_probed)
		return st_seterr(
			err, ST_EUSAGE,
			"--inline %d: %s grants at most %u bytes of inline data to an RC QP "
			"(max_inline_data); use --inline %u or less",
			vo->inline_size, r->devname, r->inline_probed, r->inline_probed);

	struct ibv_qp_init_attr qa;
	memset(&qa, 0, sizeof qa);
	qa.send_cq = r->cq;
	qa.recv_cq = r->cq;
	qa.srq = r->srq;
	qa.qp_type = IBV_QPT_RC;
	qa.sq_sig_all = 0;
	qa.cap.max_send_wr = (uint32_t)vo->tx_depth;
	qa.cap.max_recv_wr = r->srq ? 0 : (r->needs_recv ? (uint32_t)vo->rx_depth : 1);
	qa.cap.max_send_sge = 1;
	qa.cap.max_recv_sge = 1;
	qa.cap.max_inline_data = (uint32_t)r->inline_request;
	errno = 0;
	r->qp = ibv_create_qp(r->pd, &qa);
	if (!r->qp)
		return st_seterr(
			err, ST_EIO,
			"ibv_create_qp(%s, RC, %d send and %u receive entries, %d inline bytes): %s",
			r->devname, vo->tx_depth, qa.cap.max_recv_wr, r->inline_request,
			strerror(errno_or(EINVAL)));
	r->inline_granted = qa.cap.max_inline_data;
	if (r->inline_granted < (uint32_t)r->inline_request)
		return st_seterr(err, ST_EUSAGE,
				 "--inline %d: %s granted only %u bytes of inline data",
				 r->inline_request, r->devname, r->inline_granted);

	struct ibv_qp_attr at;
	memset(&at, 0, sizeof at);
	at.qp_state = IBV_QPS_INIT;
	at.pkey_index = 0;
	at.port_num = (uint8_t)r->port;
	at.qp_access_flags =
		IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	if (verbs_test_is_atomic(vo->test))
		at.qp_access_flags |= IBV_ACCESS_REMOTE_ATOMIC;
	int rc = ibv_modify_qp(
		r->qp, &at, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	if (rc)
		return st_seterr(err, ST_EIO, "ibv_modify_qp(%s, INIT): %s", r->devname,
				 strerror(rc));
	return 0;
}

/* Open everything up to a QP in INIT. */
int verbs_rc_open(verbs_rc *r, const verbs_opts *vo, uint64_t max_size, st_err *err)
{
	memset(r, 0, sizeof *r);
	r->vo = vo;
	r->stop_fd = -1;
	r->gid_index = -1;
	r->needs_recv =
		vo->test == VERBS_SEND || (vo->test == VERBS_WRITE && vo->mode == VERBS_EVENT);
	int rc;
	if ((rc = choose_device(r, err)) != 0 || (rc = choose_port(r, max_size, err)) != 0)
		return rc;
	errno = 0;
	r->pd = ibv_alloc_pd(r->ctx);
	if (!r->pd)
		return st_seterr(err, ST_EIO, "ibv_alloc_pd(%s): %s", r->devname,
				 strerror(errno_or(ENOMEM)));
	if ((rc = setup_buffer(r, max_size, err)) != 0 || (rc = setup_queues(r, err)) != 0 ||
	    (rc = setup_qp(r, err)) != 0)
		return rc;

	verbs_xchg *x = &r->local;
	memset(x, 0, sizeof *x);
	x->test = (uint8_t)vo->test;
	x->mode = (uint8_t)vo->mode;
	x->link_layer = r->port_attr.link_layer == IBV_LINK_LAYER_ETHERNET ? VERBS_LL_ETHERNET
									   : VERBS_LL_INFINIBAND;
	x->port = (uint8_t)r->port;
	x->mtu = (uint8_t)r->port_attr.active_mtu;
	x->flags = r->use_grh ? VERBS_XCHG_GRH : 0;
	x->lid = r->port_attr.lid;
	x->qpn = r->qp->qp_num;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	x->psn = verbs_psn((uint64_t)getpid() << 32 ^ (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec);
	x->rkey = r->mr->rkey;
	x->addr = (uint64_t)(uintptr_t)(r->buf + r->area);
	x->len = r->area;
	memcpy(x->gid, r->gid.raw, 16);
	x->max_size = max_size;
	return 0;
}

/* Post one receive (QP or SRQ); 0 or the errno ibv_post_*recv returned. */
static int post_recv(verbs_rc *r)
{
	struct ibv_recv_wr *bad;
	return r->srq ? ibv_post_srq_recv(r->srq, &r->recv_wr, &bad)
		      : ibv_post_recv(r->qp, &r->recv_wr, &bad);
}

/* Re-arm the SRQ limit. */
static int arm_srq_limit(verbs_rc *r)
{
	struct ibv_srq_attr sa;
	memset(&sa, 0, sizeof sa);
	sa.srq_limit = (uint32_t)r->vo->srq_limit;
	return ibv_modify_srq(r->srq, &sa, IBV_SRQ_LIMIT);
}

/* Record the first async failure. */
static void async_fail(verbs_rc *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void async_fail(verbs_rc *r, const char *fmt, ...)
{
	if (atomic_load(&r->async_failed))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->async_msg, sizeof r->async_msg, fmt, ap);
	va_end(ap);
	atomic_store(&r->async_failed, 1);
}

/* Handle one async event: count SRQ limits (refill, re-arm), note errors. */
static void async_event(verbs_rc *r, const struct ibv_async_event *ev)
{
	switch (ev->event_type) {
	case IBV_EVENT_SRQ_LIMIT_REACHED: {
		atomic_fetch_add(&r->srq_limit_events, 1);
		if (!r->vo->srq_limit)
			break;
		uint64_t n =
			verbs_srq_refill((uint64_t)r->vo->rx_depth, atomic_load(&r->srq_posted),
					 atomic_load(&r->srq_consumed));
		for (uint64_t i = 0; i < n; i++) {
			int rc = post_recv(r);
			if (rc) {
				async_fail(r, "ibv_post_srq_recv (refill after SRQ limit): %s",
					   strerror(rc));
				break;
			}
			atomic_fetch_add(&r->srq_posted, 1);
		}
		int rc = arm_srq_limit(r);
		if (rc)
			async_fail(r, "ibv_modify_srq(IBV_SRQ_LIMIT=%d) re-arming: %s",
				   r->vo->srq_limit, strerror(rc));
		break;
	}
	case IBV_EVENT_CQ_ERR:
	case IBV_EVENT_QP_FATAL:
	case IBV_EVENT_QP_REQ_ERR:
	case IBV_EVENT_QP_ACCESS_ERR:
	case IBV_EVENT_PATH_MIG_ERR:
	case IBV_EVENT_DEVICE_FATAL:
	case IBV_EVENT_PORT_ERR:
	case IBV_EVENT_SRQ_ERR:
		atomic_fetch_add(&r->other_events, 1);
		async_fail(r, "asynchronous event on %s: %s", r->devname,
			   ibv_event_type_str(ev->event_type));
		break;
	default: atomic_fetch_add(&r->other_events, 1); break;
	}
}

/* The async-event thread: wait on the device's async fd until told to stop. */
static void *async_main(void *arg)
{
	verbs_rc *r = arg;
	for (;;) {
		struct pollfd p[2] = {{r->ctx->async_fd, POLLIN, 0}, {r->stop_fd, POLLIN, 0}};
		int rc = poll(p, 2, -1);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			async_fail(r, "poll on the async event fd: %s", strerror(errno));
			break;
		}
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		struct ibv_async_event ev;
		if (ibv_get_async_event(r->ctx, &ev) != 0)
			continue; /* EAGAIN: the fd is non-blocking */
		async_event(r, &ev);
		ibv_ack_async_event(&ev);
	}
	return NULL;
}

/* Connect to the peer and get ready for traffic. */
int verbs_rc_connect(verbs_rc *r, const verbs_xchg *rem, st_err *err)
{
	const verbs_opts *vo = r->vo;
	int c = verbs_xchg_compatible(&r->local, rem, err);
	if (c < 0)
		return c == ST_EUSAGE ? ST_EUSAGE : ST_EIO;

	struct ibv_qp_attr at;
	memset(&at, 0, sizeof at);
	at.qp_state = IBV_QPS_RTR;
	at.path_mtu = rem->mtu < r->local.mtu ? (enum ibv_mtu)rem->mtu : (enum ibv_mtu)r->local.mtu;
	at.dest_qp_num = rem->qpn;
	at.rq_psn = rem->psn;
	at.max_dest_rd_atomic = (uint8_t)r->dest_rd_atomic;
	at.min_rnr_timer = 12; /* 0.64 ms */
	at.ah_attr.dlid = rem->lid;
	at.ah_attr.sl = 0;
	at.ah_attr.src_path_bits = 0;
	at.ah_attr.port_num = (uint8_t)r->port;
	if (r->use_grh || (rem->flags & VERBS_XCHG_GRH)) {
		at.ah_attr.is_global = 1;
		memcpy(at.ah_attr.grh.dgid.raw, rem->gid, 16);
		at.ah_attr.grh.sgid_index = (uint8_t)(r->gid_index < 0 ? 0 : r->gid_index);
		at.ah_attr.grh.hop_limit = 64;
		at.ah_attr.grh.traffic_class = 0;
	}
	int rc = ibv_modify_qp(r->qp, &at,
			       IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN |
				       IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
				       IBV_QP_MIN_RNR_TIMER);
	if (rc)
		return st_seterr(
			err, ST_EIO, "ibv_modify_qp(%s, RTR to QPN 0x%06x, LID 0x%04x, MTU %d): %s",
			r->devname, rem->qpn, rem->lid, verbs_mtu_bytes(at.path_mtu), strerror(rc));
	memset(&at, 0, sizeof at);
	at.qp_state = IBV_QPS_RTS;
	at.timeout = 14; /* 4.096 us * 2^14 = 67 ms */
	at.retry_cnt = 7;
	at.rnr_retry = 7; /* retry forever on receiver-not-ready */
	at.sq_psn = r->local.psn;
	at.max_rd_atomic = (uint8_t)r->rd_atomic;
	rc = ibv_modify_qp(r->qp, &at,
			   IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
				   IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
	if (rc)
		return st_seterr(err, ST_EIO, "ibv_modify_qp(%s, RTS): %s", r->devname,
				 strerror(rc));

	/* Receives: into the peer-facing area for send; no buffer for write with immediate. */
	r->recv_sge.addr = (uint64_t)(uintptr_t)(r->buf + r->area);
	r->recv_sge.length = (uint32_t)r->area;
	r->recv_sge.lkey = r->mr->lkey;
	r->recv_wr.wr_id = 2;
	r->recv_wr.sg_list = &r->recv_sge;
	r->recv_wr.num_sge = vo->test == VERBS_SEND ? 1 : 0;
	r->recv_wr.next = NULL;
	if (r->needs_recv)
		for (int i = 0; i < vo->rx_depth; i++) {
			if ((rc = post_recv(r)) != 0)
				return st_seterr(err, ST_EIO, "%s(%s, receive %d of %d): %s",
						 r->srq ? "ibv_post_srq_recv" : "ibv_post_recv",
						 r->devname, i + 1, vo->rx_depth, strerror(rc));
			atomic_fetch_add(&r->srq_posted, 1);
		}
	if (vo->srq_limit && (rc = arm_srq_limit(r)) != 0)
		return st_seterr(
			err, ST_EIO,
			"ibv_modify_srq(%s, IBV_SRQ_LIMIT=%d): %s (does the device support SRQ "
			"limits?)",
			r->devname, vo->srq_limit, strerror(rc));

	/* The async-event thread. */
	int fl = fcntl(r->ctx->async_fd, F_GETFL);
	if (fl < 0 || fcntl(r->ctx->async_fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return st_seterr(err, ST_EIO, "fcntl(async_fd, O_NONBLOCK): %s", strerror(errno));
	r->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (r->stop_fd < 0)
		return st_seterr(err, ST_EIO, "eventfd: %s", strerror(errno));
	if ((rc = pthread_create(&r->async_thread, NULL, async_main, r)) != 0)
		return st_seterr(err, ST_EIO, "pthread_create (async events): %s", strerror(rc));
	r->async_running = 1;
	return 0;
}

/* The enumerator name of a completion status. */
static const char *wc_status_name(enum ibv_wc_status st)
{
	static const char *const names[] = {
		"IBV_WC_SUCCESS",           "IBV_WC_LOC_LEN_ERR",
		"IBV_WC_LOC_QP_OP_ERR",     "IBV_WC_LOC_EEC_OP_ERR",
		"IBV_WC_LOC_PROT_ERR",      "IBV_WC_WR_FLUSH_ERR",
		"IBV_WC_MW_BIND_ERR",       "IBV_WC_BAD_RESP_ERR",
		"IBV_WC_LOC_ACCESS_ERR",    "IBV_WC_REM_INV_REQ_ERR",
		"IBV_WC_REM_ACCESS_ERR",    "IBV_WC_REM_OP_ERR",
		"IBV_WC_RETRY_EXC_ERR",     "IBV_WC_RNR_RETRY_EXC_ERR",
		"IBV_WC_LOC_RDD_VIOL_ERR",  "IBV_WC_REM_INV_RD_REQ_ERR",
		"IBV_WC_REM_ABORT_ERR",     "IBV_WC_INV_EECN_ERR",
		"IBV_WC_INV_EEC_STATE_ERR", "IBV_WC_FATAL_ERR",
		"IBV_WC_RESP_TIMEOUT_ERR",  "IBV_WC_GENERAL_ERR",
	};
	return (unsigned)st < sizeof names / sizeof *names ? names[st] : "unknown status";
}

/* Describe a failed work completion: the verb that returned it, the work
 * request (what this program posted: wr_id 1 a send-side request of the
 * test's opcode, 2 a receive) and the status. */
static int wc_error(verbs_rc *r, const struct ibv_wc *wc, st_err *err)
{
	return st_seterr(err, ST_EIO,
			 "ibv_poll_cq(%s): %s completed with %s (%s, status %d, vendor error %#x)",
			 r->devname, wc->wr_id == 2 ? "a receive" : verbs_rc_opcode_name(r->vo),
			 wc_status_name(wc->status), ibv_wc_status_str(wc->status), (int)wc->status,
			 wc->vendor_err);
}

/* Seconds to wait for the SRQ refill once every posted receive is used. */
#define SRQ_DRY_LIMIT_S 5

/* Waiting for a receive with the SRQ limit armed and every posted receive
 * consumed: only the limit event's refill (async thread) can bring more. On
 * hardware that event comes within microseconds; when it never comes the
 * peer retries forever (rnr_retry 7) and both ranks would hang. 1 when the
 * wait has lasted too long (err filled), else 0. */
static int srq_dry(verbs_rc *r, int nrecv, st_err *err)
{
	if (!r->vo->srq_limit || r->have_recv >= (uint64_t)nrecv ||
	    atomic_load(&r->srq_posted) != atomic_load(&r->srq_consumed)) {
		r->dry_since_ns = 0;
		return 0;
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (!r->dry_since_ns)
		r->dry_since_ns = now;
	if (now - r->dry_since_ns < (uint64_t)SRQ_DRY_LIMIT_S * 1000000000u)
		return 0;
	st_seterr(err, ST_EIO,
		  "ibv_get_async_event(%s): no IBV_EVENT_SRQ_LIMIT_REACHED within %d s of the SRQ "
		  "running out of receives (limit %d armed, %llu receives used, %llu limit events)",
		  r->devname, SRQ_DRY_LIMIT_S, r->vo->srq_limit,
		  (unsigned long long)atomic_load(&r->srq_consumed),
		  (unsigned long long)atomic_load(&r->srq_limit_events));
	return 1;
}

/* Wait for completions. */
int verbs_rc_wait(verbs_rc *r, int nsend, int nrecv, st_err *err)
{
	struct ibv_wc wc[8];
	int rc;
	while (r->have_send < (uint64_t)nsend || r->have_recv < (uint64_t)nrecv) {
		int n = ibv_poll_cq(r->cq, 8, wc);
		if (n < 0)
			return st_seterr(err, ST_EIO, "ibv_poll_cq(%s) failed (%d)", r->devname, n);
		for (int i = 0; i < n; i++) {
			if (wc[i].status != IBV_WC_SUCCESS)
				return wc_error(r, &wc[i], err);
			if (wc[i].opcode & IBV_WC_RECV) {
				r->have_recv++;
				if (r->vo->srq_limit) {
					atomic_fetch_add_explicit(&r->srq_consumed, 1,
								  memory_order_relaxed);
				} else if ((rc = post_recv(r)) != 0) {
					return st_seterr(err, ST_EIO, "%s(%s): %s",
							 r->srq ? "ibv_post_srq_recv"
								: "ibv_post_recv",
							 r->devname, strerror(rc));
				}
			} else {
				r->have_send++;
			}
		}
		if (n == 0 && srq_dry(r, nrecv, err))
			return ST_EIO;
		if (n > 0 || !r->channel)
			continue;
		/* Event mode: arm, poll once more (closes the race), then block. */
		if (!r->armed) {
			if ((rc = ibv_req_notify_cq(r->cq, 0)) != 0)
				return st_seterr(err, ST_EIO, "ibv_req_notify_cq(%s): %s",
						 r->devname, strerror(rc));
			r->armed = 1;
			continue;
		}
		if (r->dry_since_ns) { /* block, but not past the refill's deadline */
			struct pollfd p = {r->channel->fd, POLLIN, 0};
			if (poll(&p, 1, 100) == 0)
				continue;
		}
		struct ibv_cq *ecq;
		void *ectx;
		if (ibv_get_cq_event(r->channel, &ecq, &ectx) != 0)
			return st_seterr(err, ST_EIO, "ibv_get_cq_event(%s): %s", r->devname,
					 strerror(errno_or(EIO)));
		r->armed = 0;
		r->cq_events++;
		if (++r->unacked >= 256) {
			ibv_ack_cq_events(r->cq, r->unacked);
			r->unacked = 0;
		}
	}
	r->have_send -= (uint64_t)nsend;
	r->have_recv -= (uint64_t)nrecv;
	return 0;
}

/* Note the first cleanup failure. */
static void close_fail(int *failed, st_err *err, const char *call, const char *dev, int e)
{
	if (*failed)
		return;
	*failed = 1;
	st_seterr(err, ST_EIO, "%s(%s) while cleaning up: %s", call, dev, strerror(e));
}

/* Release everything. */
int verbs_rc_close(verbs_rc *r, st_err *err)
{
	int failed = 0, rc;
	if (r->async_running) {
		uint64_t one = 1;
		if (write(r->stop_fd, &one, sizeof one) != (ssize_t)sizeof one)
			close_fail(&failed, err, "write(eventfd)", r->devname, errno);
		else
			pthread_join(r->async_thread, NULL);
		r->async_running = 0;
	}
	if (r->stop_fd >= 0)
		close(r->stop_fd);
	r->stop_fd = -1;
	if (r->qp && (rc = ibv_destroy_qp(r->qp)) != 0)
		close_fail(&failed, err, "ibv_destroy_qp", r->devname, rc);
	r->qp = NULL;
	if (r->srq && (rc = ibv_destroy_srq(r->srq)) != 0)
		close_fail(&failed, err, "ibv_destroy_srq", r->devname, rc);
	r->srq = NULL;
	if (r->cq) {
		if (r->unacked)
			ibv_ack_cq_events(r->cq, r->unacked);
		r->unacked = 0;
		if ((rc = ibv_destroy_cq(r->cq)) != 0)
			close_fail(&failed, err, "ibv_destroy_cq", r->devname, rc);
	}
	r->cq = NULL;
	if (r->channel && (rc = ibv_destroy_comp_channel(r->channel)) != 0)
		close_fail(&failed, err, "ibv_destroy_comp_channel", r->devname, rc);
	r->channel = NULL;
	if (r->mr && (rc = ibv_dereg_mr(r->mr)) != 0)
		close_fail(&failed, err, "ibv_dereg_mr", r->devname, rc);
	r->mr = NULL;
	free(r->buf);
	r->buf = NULL;
	if (r->pd && (rc = ibv_dealloc_pd(r->pd)) != 0)
		close_fail(&failed, err, "ibv_dealloc_pd", r->devname, rc);
	r->pd = NULL;
	if (r->ctx && (rc = ibv_close_device(r->ctx)) != 0)
		close_fail(&failed, err, "ibv_close_device", r->devname, rc ? errno_or(EIO) : 0);
	r->ctx = NULL;
	if (r->list)
		ibv_free_device_list(r->list);
	r->list = NULL;
	return failed ? ST_EIO : 0;
}
