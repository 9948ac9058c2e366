/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_bw: RDMA bandwidth with libibverbs between two ranks, perftest's
 * ib_write_bw / ib_read_bw / ib_send_bw method, every message kept.
 *
 * MPI only bootstraps (verbs_boot.h); the traffic is verbs on one RC queue
 * pair. Rank 0 keeps --tx-depth work requests outstanding, each signaled,
 * and reads the clock once before the first post and once as each
 * completion is taken: the sample of message i is the time from completion
 * i - 1 (the first post for i = 0) to completion i. The samples sum to the
 * time from the first post to the last completion, so size over their mean
 * is perftest's average bandwidth (size x iterations over that time), and
 * the trial is a bandwidth trial like p2p_bw's ("better": "higher",
 * bytes_per_sample = size). Write and read need nothing from rank 1; send
 * (and write in event mode, which uses write with immediate data so that
 * rank 1 can block on something) has rank 1 take every receive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bjson.h"
#include "harness.h"
#include "verbs_boot.h"
#include "verbs_meas.h"
#include "verbs_opts.h"
#include "verbs_rc.h"
#include "verbs_xchg.h"

/* The work request of a size (one scatter entry over the send area). */
static void prepare(verbs_rc *r, const verbs_opts *vo, const verbs_xchg *rem, uint64_t size,
		    struct ibv_send_wr *wr, struct ibv_sge *sge)
{
	memset(wr, 0, sizeof *wr);
	sge->addr = (uint64_t)(uintptr_t)r->buf;
	sge->length = (uint32_t)size;
	sge->lkey = r->mr->lkey;
	wr->wr_id = 1;
	wr->sg_list = sge;
	wr->num_sge = size ? 1 : 0;
	wr->send_flags = IBV_SEND_SIGNALED;
	if (verbs_use_inline(size, r->inline_request))
		wr->send_flags |= IBV_SEND_INLINE;
	if (vo->test == VERBS_SEND) {
		wr->opcode = IBV_WR_SEND;
		return;
	}
	if (vo->test == VERBS_READ)
		wr->opcode = IBV_WR_RDMA_READ;
	else
		wr->opcode =
			vo->mode == VERBS_EVENT ? IBV_WR_RDMA_WRITE_WITH_IMM : IBV_WR_RDMA_WRITE;
	wr->wr.rdma.remote_addr = rem->addr;
	wr->wr.rdma.rkey = rem->rkey;
}

/* Rank 0: n messages with at most depth outstanding; with stamps, t[0]
 * before the first post and t[i + 1] as completion i is taken. 0, or ST_EIO
 * with err. */
static int stream(verbs_rc *r, struct ibv_send_wr *wr, uint64_t n, int depth, uint64_t *t,
		  st_err *err)
{
	uint64_t posted = 0, done = 0;
	if (t)
		t[0] = bench_now_ns();
	while (done < n) {
		while (posted < n && posted - done < (uint64_t)depth) {
			struct ibv_send_wr *bad;
			int rc = ibv_post_send(r->qp, wr, &bad);
			if (rc)
				return st_seterr(err, ST_EIO, "ibv_post_send(%s, %s): %s",
						 r->devname, verbs_rc_opcode_name(r->vo),
						 strerror(rc));
			posted++;
		}
		if (verbs_rc_wait(r, 1, 0, err))
			return ST_EIO;
		done++;
		if (t)
			t[done] = bench_now_ns();
	}
	return 0;
}

/* Rank 1 (send, write with immediate): take n receive completions. */
static int drain(verbs_rc *r, uint64_t n, st_err *err)
{
	for (uint64_t i = 0; i < n; i++)
		if (verbs_rc_wait(r, 0, 1, err))
			return ST_EIO;
	return 0;
}

/* One size on both ranks: warmup, then the timed stream into samples
 * (rank 0), in windows (harness.h: between two, untimed, the ranks agree
 * whether a signal stops the run). Each window is a stream of its own: it
 * starts with a fresh clock read before its first post and ends when its
 * last completion is taken, as the whole stream did. 0, or ST_EIO with err. */
static int one_size(bench_ctx *c, verbs_rc *r, const verbs_opts *vo, struct ibv_send_wr *wr,
		    uint64_t warm, uint64_t iters, uint64_t *stamps, uint64_t *samples, st_err *err)
{
	uint64_t n;
	for (uint64_t i0 = 0; (n = bench_window(c, i0, warm)) > 0; i0 += n)
		if (c->rank == 0    ? stream(r, wr, n, vo->tx_depth, NULL, err)
		    : r->needs_recv ? drain(r, n, err)
				    : 0)
			return ST_EIO;
	for (uint64_t i0 = 0; (n = bench_window(c, i0, iters)) > 0; i0 += n) {
		if (c->rank != 0) {
			if (r->needs_recv && drain(r, n, err))
				return ST_EIO;
			continue;
		}
		if (stream(r, wr, n, vo->tx_depth, stamps + i0, err))
			return ST_EIO;
		bench_intervals(stamps + i0, (size_t)n, samples + i0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	verbs_session S;
	bench_ctx c;
	int status = verbs_start(&S, &c, &argc, &argv, "verbs_bw", verbs_bw_prog_init);
	if (status != BENCH_RUN)
		return status;
	verbs_rc *r = &S.r;
	const verbs_opts *vo = &S.vo;
	uint64_t *stamps = S.stamps, *samples = S.samples;

	struct ibv_send_wr wr;
	struct ibv_sge sge;
	st_err err;
	for (int k = 0; k < c.nsizes; k++) {
		uint64_t size = c.sizes[k], iters, warm;
		prepare(r, vo, &S.rem, size, &wr, &sge);
		bench_size_start(&c, k, &iters, &warm);
		err.msg[0] = '\0';
		int st = one_size(&c, r, vo, &wr, warm, iters, stamps, samples, &err);
		if (!st && atomic_load(&r->async_failed)) {
			st = st_seterr(&err, ST_EIO, "%s", r->async_msg);
		}
		/* A failed rank leaves its peer waiting on the fabric: stop the job. */
		if (st) {
			verbs_fail_job(r, err.msg);
			return 1;
		}
		if (bench_interrupted(&c))
			break;
		trial_size *ts = bench_record_pairs(&c, size, iters, warm,
						    c.rank == 0 ? samples : NULL, size);
		if (c.rank == 0 && ts)
			json_object_object_add(
				ts->meta, "inline",
				bj_boolean(verbs_use_inline(size, r->inline_request)));
	}
	return verbs_end(&S, &c);
}
