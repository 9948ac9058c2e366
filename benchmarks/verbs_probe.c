/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_probe.c: device facts through libibverbs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bjson.h"
#include "verbs_opts.h"
#include "verbs_probe.h"

/* Whether an RC QP asking for inline bytes of inline data can be created;
 * its granted max_inline_data in *granted. 1 yes, 0 refused, -1 error. */
static int try_inline(struct ibv_pd *pd, struct ibv_cq *cq, uint32_t inline_bytes,
		      uint32_t *granted, int *err_no)
{
	struct ibv_qp_init_attr a;
	memset(&a, 0, sizeof a);
	a.send_cq = cq;
	a.recv_cq = cq;
	a.qp_type = IBV_QPT_RC;
	a.cap.max_send_wr = 1;
	a.cap.max_recv_wr = 1;
	a.cap.max_send_sge = 1;
	a.cap.max_recv_sge = 1;
	a.cap.max_inline_data = inline_bytes;
	errno = 0;
	struct ibv_qp *qp = ibv_create_qp(pd, &a);
	if (!qp) {
		*err_no = errno ? errno : EINVAL;
		return 0;
	}
	*granted = a.cap.max_inline_data;
	ibv_destroy_qp(qp);
	return 1;
}

/* Bisect the largest accepted inline request. */
int verbs_probe_max_inline(struct ibv_context *ctx, struct ibv_pd *pd, uint32_t limit,
			   uint32_t *granted, st_err *err)
{
	struct ibv_cq *cq = ibv_create_cq(ctx, 2, NULL, NULL, 0);
	if (!cq)
		return st_seterr(err, ST_EIO, "ibv_create_cq: %s", strerror(errno));
	int e = 0;
	uint32_t g = 0;
	if (!try_inline(pd, cq, 0, &g, &e)) {
		ibv_destroy_cq(cq);
		return st_seterr(err, ST_EIO, "ibv_create_qp (RC, no inline data): %s",
				 strerror(e));
	}
	uint32_t lo = 0, hi = limit, best = g; /* lo accepted, answer in [lo, hi] */
	if (try_inline(pd, cq, hi, &g, &e)) {
		best = g;
		lo = hi;
	} else if (hi > 0) {
		hi--;
	}
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;
		if (try_inline(pd, cq, mid, &g, &e)) {
			lo = mid;
			best = g;
		} else {
			hi = mid - 1;
		}
	}
	ibv_destroy_cq(cq);
	*granted = best;
	return 0;
}

/* The atomic capability's name. */
const char *verbs_atomic_cap_name(enum ibv_atomic_cap cap)
{
	switch (cap) {
	case IBV_ATOMIC_NONE: return "none";
	case IBV_ATOMIC_HCA: return "hca";
	case IBV_ATOMIC_GLOB: return "global";
	}
	return "unknown";
}

/* Open a device by name from the list; NULL with errno-based err. */
static struct ibv_context *open_by_name(const char *name, st_err *err)
{
	int n = 0;
	struct ibv_device **list = ibv_get_device_list(&n);
	if (!list) {
		st_seterr(err, ST_EIO, "ibv_get_device_list: %s", strerror(errno));
		return NULL;
	}
	struct ibv_context *ctx = NULL;
	int found = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(ibv_get_device_name(list[i]), name) == 0) {
			found = 1;
			errno = 0;
			ctx = ibv_open_device(list[i]);
			if (!ctx)
				st_seterr(err, ST_EIO, "ibv_open_device(%s): %s", name,
					  strerror(errno ? errno : ENODEV));
			break;
		}
	if (!found)
		st_seterr(
			err, ST_EIO,
			"%s is in sysfs but not in ibv_get_device_list (no provider library for it?)",
			name);
	ibv_free_device_list(list);
	return ctx;
}

/* The fingerprint hook. */
void verbs_probe_fp(const char *devname, json_object *dev, void *arg)
{
	(void)arg;
	st_err err = {0};
	struct ibv_context *ctx = open_by_name(devname, &err);
	struct ibv_pd *pd = NULL;
	struct ibv_device_attr da;
	uint32_t max_inline = 0;
	int ok = ctx != NULL;
	if (ok && ibv_query_device(ctx, &da) != 0) {
		st_seterr(&err, ST_EIO, "ibv_query_device(%s): %s", devname, strerror(errno));
		ok = 0;
	}
	if (ok && !(pd = ibv_alloc_pd(ctx))) {
		st_seterr(&err, ST_EIO, "ibv_alloc_pd(%s): %s", devname, strerror(errno));
		ok = 0;
	}
	if (ok && verbs_probe_max_inline(ctx, pd, VERBS_INLINE_LIMIT, &max_inline, &err) < 0)
		ok = 0;
	json_object_object_add(dev, "max_inline_data", ok ? bj_int64(max_inline) : NULL);
	if (ok) {
		json_object_object_add(dev, "atomic_cap",
				       bj_string(verbs_atomic_cap_name(da.atomic_cap)));
		json_object_object_add(dev, "max_qp_wr", bj_int(da.max_qp_wr));
		json_object_object_add(dev, "max_srq_wr", bj_int(da.max_srq_wr));
		json_object_object_add(dev, "max_qp_rd_atom", bj_int(da.max_qp_rd_atom));
	} else {
		json_object_object_add(dev, "probe_error", bj_string(err.msg));
	}
	if (pd)
		ibv_dealloc_pd(pd);
	if (ctx)
		ibv_close_device(ctx);
}
