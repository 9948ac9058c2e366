/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_lat: RDMA latency with libibverbs between two ranks, every iteration
 * recorded in the same trial format as the MPI benchmarks.
 *
 * MPI only bootstraps: the ranks swap a packed record (LID, GID, QP number,
 * PSN, buffer address, rkey; verbs_xchg.h) with MPI_Sendrecv, then all timed
 * traffic is verbs on one RC queue pair. Samples (verbs_meas.h): write and
 * send are ping-pongs recorded as half the round trip; read and the atomics
 * record the whole operation, post to completion, as perftest does.
 *
 * Write in poll mode is perftest's ib_write_lat: each side RDMA-writes the
 * message into the other's buffer and busy-polls the last byte of its own.
 * A plain RDMA write raises no completion at the target, so in event mode
 * write uses RDMA write with immediate data and the target blocks on the
 * receive completion (the trial records the opcode). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bjson.h"
#include "harness.h"
#include "verbs_boot.h"
#include "verbs_meas.h"
#include "verbs_opts.h"
#include "verbs_rc.h"
#include "verbs_xchg.h"

/* What one size's loop works with. */
typedef struct run {
	verbs_rc *r;
	const verbs_opts *vo;
	struct ibv_send_wr wr;
	struct ibv_sge sge;
	volatile uint8_t *in; /* write/poll: the last byte the peer writes */
	uint8_t *out;         /* write/poll: the last byte this rank sends */
	st_err err;
} run;

/* Post the prepared work request. */
static inline int post(run *s)
{
	struct ibv_send_wr *bad;
	int rc = ibv_post_send(s->r->qp, &s->wr, &bad);
	if (rc)
		st_seterr(&s->err, ST_EIO, "ibv_post_send(%s, %s): %s", s->r->devname,
			  verbs_rc_opcode_name(s->vo), strerror(rc));
	return rc;
}

/* Write ping-pong, polling memory: the initiator's iteration i. */
static inline int write_ping(run *s, uint64_t i)
{
	uint8_t m = verbs_mark(i);
	*s->out = m;
	if (post(s) || verbs_rc_wait(s->r, 1, 0, &s->err))
		return -1;
	while (*s->in != m)
		;
	return 0;
}

/* Write ping-pong, polling memory: the responder's iteration i. */
static inline int write_pong(run *s, uint64_t i)
{
	uint8_t m = verbs_mark(i);
	while (*s->in != m)
		;
	*s->out = m;
	if (post(s) || verbs_rc_wait(s->r, 1, 0, &s->err))
		return -1;
	return 0;
}

/* Message ping-pong (send, or write with immediate): the initiator. */
static inline int msg_ping(run *s, uint64_t i)
{
	(void)i;
	if (post(s) || verbs_rc_wait(s->r, 1, 1, &s->err))
		return -1;
	return 0;
}

/* Message ping-pong: the responder. */
static inline int msg_pong(run *s, uint64_t i)
{
	(void)i;
	if (verbs_rc_wait(s->r, 0, 1, &s->err) || post(s) || verbs_rc_wait(s->r, 1, 0, &s->err))
		return -1;
	return 0;
}

/* One RDMA read: post and wait for its completion. */
static inline int one_read(run *s, uint64_t i)
{
	(void)i;
	if (post(s) || verbs_rc_wait(s->r, 1, 0, &s->err))
		return -1;
	return 0;
}

/* One atomic operation k (operands from verbs_atomic_operands). */
static inline int one_atomic(run *s, uint64_t k)
{
	uint64_t ca, sw;
	verbs_atomic_operands(s->vo->test, k, &ca, &sw);
	s->wr.wr.atomic.compare_add = ca;
	s->wr.wr.atomic.swap = sw;
	if (post(s) || verbs_rc_wait(s->r, 1, 0, &s->err))
		return -1;
	return 0;
}

/* Warmup, then the timed iterations with one clock read after each, in
 * windows (harness.h: between two, untimed, the ranks agree whether a
 * signal stops the run; every rank takes part, active or not: a read's or
 * an atomic's target only answers the window checks); the CQ events and
 * SRQ-limit events of the timed part into ev, the samples into samples. */
#define TIMED_LOOP(step, active)                                                          \
	do {                                                                              \
		uint64_t n_;                                                              \
		for (uint64_t i0 = 0; (n_ = bench_window(&c, i0, warm)) > 0; i0 += n_)    \
			for (uint64_t i = i0; (active) && i < i0 + n_; i++)               \
				if (step(&s, i))                                          \
					goto failed;                                      \
		ev[0] = s.r->cq_events;                                                   \
		ev[1] = atomic_load(&s.r->srq_limit_events);                              \
		for (uint64_t i0 = 0; (n_ = bench_window(&c, i0, iters)) > 0; i0 += n_) { \
			if (!(active))                                                    \
				continue;                                                 \
			uint64_t *st_ = stamps + i0;                                      \
			st_[0] = bench_now_ns();                                          \
			for (uint64_t i = 1; i <= n_; i++) {                              \
				if (step(&s, warm + i0 + i - 1))                          \
					goto failed;                                      \
				st_[i] = bench_now_ns();                                  \
			}                                                                 \
			verbs_samples(vo->test, st_, (size_t)n_, samples + i0);           \
		}                                                                         \
		ev[0] = s.r->cq_events - ev[0];                                           \
		ev[1] = atomic_load(&s.r->srq_limit_events) - ev[1];                      \
	} while (0)

/* Prepare the work request of a size. */
static void prepare(run *s, const verbs_xchg *rem, uint64_t size)
{
	verbs_rc *r = s->r;
	const verbs_opts *vo = s->vo;
	memset(&s->wr, 0, sizeof s->wr);
	s->sge.addr = (uint64_t)(uintptr_t)r->buf;
	s->sge.length = (uint32_t)size;
	s->sge.lkey = r->mr->lkey;
	s->wr.wr_id = 1;
	s->wr.sg_list = &s->sge;
	s->wr.num_sge = size ? 1 : 0;
	s->wr.send_flags = IBV_SEND_SIGNALED;
	if (verbs_use_inline(size, r->inline_request))
		s->wr.send_flags |= IBV_SEND_INLINE;
	switch (vo->test) {
	case VERBS_WRITE:
		s->wr.opcode =
			vo->mode == VERBS_EVENT ? IBV_WR_RDMA_WRITE_WITH_IMM : IBV_WR_RDMA_WRITE;
		s->wr.wr.rdma.remote_addr = rem->addr;
		s->wr.wr.rdma.rkey = rem->rkey;
		break;
	case VERBS_READ:
		s->wr.opcode = IBV_WR_RDMA_READ;
		s->wr.wr.rdma.remote_addr = rem->addr;
		s->wr.wr.rdma.rkey = rem->rkey;
		break;
	case VERBS_SEND: s->wr.opcode = IBV_WR_SEND; break;
	case VERBS_ATOMIC_FADD:
	case VERBS_ATOMIC_CSWAP:
		s->wr.opcode = vo->test == VERBS_ATOMIC_FADD ? IBV_WR_ATOMIC_FETCH_AND_ADD
							     : IBV_WR_ATOMIC_CMP_AND_SWP;
		s->sge.length = 8;
		s->wr.num_sge = 1;
		s->wr.wr.atomic.remote_addr = rem->addr;
		s->wr.wr.atomic.rkey = rem->rkey;
		memset(r->buf, 0, 8);
		memset(r->buf + r->area, 0, 8); /* the target the peer operates on */
		break;
	}
	uint64_t last = size ? size - 1 : 0;
	s->out = r->buf + last;
	s->in = r->buf + r->area + last;
	*s->in = 0;
}

/* A pair of per-rank counts as a JSON array (rank 0's, rank 1's). */
static json_object *pair_json(uint64_t r0, uint64_t r1)
{
	json_object *a = bj_array();
	json_object_array_add(a, bj_int64((int64_t)r0));
	json_object_array_add(a, bj_int64((int64_t)r1));
	return a;
}

/* After a size's timed part, on both ranks: the atomics' target read, the
 * events and async errors gathered to rank 0 (all: 4 per rank). 0, or -1
 * when an async error stops the run (reported). */
static int size_gather(bench_ctx *c, verbs_rc *r, const uint64_t ev[2], uint64_t all[8])
{
	uint64_t mine[4] = {ev[0], ev[1], 0, (uint64_t)atomic_load(&r->async_failed)};
	if (verbs_test_is_atomic(r->vo->test)) {
		/* The target has no loop: it reads its word once the initiator's
		 * operations are complete, not as soon as it leaves the barrier. */
		MPI_Barrier(MPI_COMM_WORLD);
		uint64_t v;
		memcpy(&v, c->rank == 0 ? r->buf : r->buf + r->area, 8);
		mine[2] = v;
	}
	MPI_Gather(mine, 4, MPI_UINT64_T, all, 4, MPI_UINT64_T, 0, MPI_COMM_WORLD);
	int async_bad = c->rank == 0 && (all[3] || all[7]);
	MPI_Bcast(&async_bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (!async_bad)
		return 0;
	if (r->async_failed)
		fprintf(stderr, "verbs_lat: error: %s (rank %d)\n", r->async_msg, c->rank);
	c->failed = 1;
	return -1;
}

/* Rank 0: what a size's trial entry adds, and the atomics' check. */
static void size_meta(bench_ctx *c, trial_size *ts, const verbs_rc *r, uint64_t size,
		      uint64_t total, const uint64_t all[8])
{
	const verbs_opts *vo = r->vo;
	json_object_object_add(ts->meta, "inline",
			       bj_boolean(verbs_use_inline(size, r->inline_request)));
	if (vo->mode == VERBS_EVENT)
		json_object_object_add(ts->meta, "cq_events", pair_json(all[0], all[4]));
	if (vo->srq)
		json_object_object_add(ts->meta, "srq_limit_events", pair_json(all[1], all[5]));
	st_err aerr;
	if (verbs_test_is_atomic(vo->test) && verbs_atomic_check(total, all[2], all[6], &aerr) < 0)
		bench_error(c, "%s", aerr.msg);
}

/* Rank 0: the async events of the whole run into the trial's "verbs". */
static void run_meta(bench_ctx *c, verbs_rc *r)
{
	if (c->rank != 0)
		return;
	json_object *e = bj_object();
	json_object_object_add(e, "srq_limit_reached",
			       bj_int64((int64_t)atomic_load(&r->srq_limit_events)));
	json_object_object_add(e, "other", bj_int64((int64_t)atomic_load(&r->other_events)));
	bench_meta_add(c, "verbs", "async_events_rank0", e);
}

int main(int argc, char **argv)
{
	verbs_session S;
	bench_ctx c;
	int status = verbs_start(&S, &c, &argc, &argv, "verbs_lat", verbs_prog_init);
	if (status != BENCH_RUN)
		return status;
	verbs_rc *r = &S.r;
	const verbs_opts *vo = &S.vo;
	uint64_t *stamps = S.stamps, *samples = S.samples;

	run s;
	memset(&s, 0, sizeof s);
	s.r = r;
	s.vo = vo;
	int initiator = c.rank == 0;
	for (int k = 0; k < c.nsizes; k++) {
		uint64_t size = c.sizes[k], iters, warm;
		uint64_t ev[2] = {0, 0};
		prepare(&s, &S.rem, size);
		bench_size_start(&c, k, &iters, &warm);
		if (vo->test == VERBS_WRITE && vo->mode == VERBS_POLL) {
			if (initiator)
				TIMED_LOOP(write_ping, 1);
			else
				TIMED_LOOP(write_pong, 1);
		} else if (verbs_test_is_pingpong(vo->test)) {
			if (initiator)
				TIMED_LOOP(msg_ping, 1);
			else
				TIMED_LOOP(msg_pong, 1);
		} else if (vo->test == VERBS_READ) {
			TIMED_LOOP(one_read, initiator);
		} else {
			TIMED_LOOP(one_atomic, initiator);
		}
		if (bench_interrupted(&c))
			break;
		uint64_t all[8];
		if (size_gather(&c, r, ev, all) < 0)
			break;
		trial_size *ts = bench_record_size(&c, size, iters, warm, samples, BENCH_FROM_ROOT);
		if (c.rank == 0 && ts)
			size_meta(&c, ts, r, size, warm + iters, all);
	}
	run_meta(&c, r);
	return verbs_end(&S, &c);

failed:
	verbs_fail_job(r, s.err.msg);
	return 1;
}
