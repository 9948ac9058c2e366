/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_probe.h: what only libibverbs can tell about a device, for the
 * fingerprint and for verbs_lat's defaults: the max_inline_data a new RC QP
 * is granted, atomics support and queue limits. Built only with libibverbs. */
#ifndef SRIOVSTAT_VERBS_PROBE_H
#define SRIOVSTAT_VERBS_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include <infiniband/verbs.h>
#include <json-c/json.h>

#include "sterr.h"

/* The largest inline size an RC QP on ctx/pd is granted: the QP's
 * cap.max_inline_data after ibv_create_qp for the largest request (0 to
 * limit, by bisection) the provider accepts. 0, or ST_EIO with err (naming the
 * failing call and errno) when not even a QP without inline data can be
 * created. */
int verbs_probe_max_inline(struct ibv_context *ctx, struct ibv_pd *pd, uint32_t limit,
			   uint32_t *granted, st_err *err);

/* "none", "hca" or "global" for an atomic capability. */
const char *verbs_atomic_cap_name(enum ibv_atomic_cap cap);

/* rdma_fp's probe hook: open devname and add max_inline_data, atomic_cap,
 * max_qp_wr, max_srq_wr and max_qp_rd_atom to dev ("probe_error" instead
 * when the device cannot be opened or queried). */
void verbs_probe_fp(const char *devname, json_object *dev, void *arg);

#endif
