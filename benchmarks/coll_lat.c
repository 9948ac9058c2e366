/* SPDX-License-Identifier: BSD-3-Clause */
/* coll_lat: latency of one MPI collective, OSU's method (each rank times its
 * own call, an untimed barrier between iterations), every iteration kept:
 * per iteration the mean over ranks and the max over ranks (the slowest
 * rank), plus the min and max over ranks of each rank's average. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum coll_op { OP_NONE, OP_BARRIER, OP_BCAST, OP_ALLGATHER, OP_ALLREDUCE, OP_ALLTOALL };
static const char *const op_names[] = {"", "barrier", "bcast", "allgather", "allreduce",
				       "alltoall"};

typedef struct coll_conf {
	enum coll_op op;
	int validate;
} coll_conf;

enum { OPT_OP = 2000, OPT_VALIDATE };

static const struct option coll_options[] = {
	{"op", required_argument, NULL, OPT_OP},
	{"validate", no_argument, NULL, OPT_VALIDATE},
	{0, 0, 0, 0},
};

/* Handle --op and --validate. */
static int coll_handle(void *ctx, int opt, const char *arg, char *err, size_t errlen)
{
	coll_conf *cc = ctx;
	if (opt == OPT_VALIDATE) {
		cc->validate = 1;
		return 0;
	}
	if (opt == OPT_OP) {
		for (int i = OP_BARRIER; i <= OP_ALLTOALL; i++)
			if (strcmp(arg, op_names[i]) == 0) {
				cc->op = (enum coll_op)i;
				return 0;
			}
		snprintf(err, errlen,
			 "--op %s: unknown collective (barrier, bcast, allgather, allreduce or alltoall)",
			 arg);
		return -1;
	}
	snprintf(err, errlen, "unhandled option");
	return -1;
}

/* Whole-command checks: an op is required; sizes that fit the op. */
static int coll_check(void *ctx, bench_opts *o, char *err, size_t errlen)
{
	coll_conf *cc = ctx;
	if (cc->op == OP_NONE) {
		snprintf(err, errlen,
			 "--op is required: barrier, bcast, allgather, allreduce or alltoall");
		return -1;
	}
	if (cc->op == OP_BARRIER) {
		if (o->size_given) {
			snprintf(err, errlen, "-m: barrier moves no data, so it takes no message size");
			return -1;
		}
		o->min_size = o->max_size = 0;
	}
	if (cc->op == OP_ALLREDUCE) {
		if (!o->size_given && o->min_size < 4)
			o->min_size = 4;
		uint64_t sizes[BENCH_MAX_SIZES];
		int n = bench_sizes(o->min_size, o->max_size, sizes, BENCH_MAX_SIZES);
		for (int i = 0; i < n; i++)
			if (sizes[i] < 4 || sizes[i] % 4) {
				snprintf(err, errlen,
					 "-m: allreduce sums 4-byte floats, so every size must be a multiple "
					 "of 4 (got %llu)",
					 (unsigned long long)sizes[i]);
				return -1;
			}
	}
	return 0;
}

static coll_conf conf;

static const bench_prog prog = {
	.name = "coll_lat",
	.summary = "MPI collective latency, OSU method, every iteration kept (mean and max over ranks)",
	.min_size = 1,
	.max_size = 1 << 20,
	.iterations = 1000,
	.iterations_large = 100,
	.warmup = 100,
	.warmup_large = 10,
	.extra = coll_options,
	.extra_help =
		"      --op NAME                 barrier, bcast, allgather, allreduce or alltoall\n"
		"                                (required; allreduce sums floats, sizes >= 4)\n"
		"      --validate                check the received data of each collective\n"
		"                                (outside the timed loop)\n",
	.handle = coll_handle,
	.check = coll_check,
	.ctx = &conf,
	.min_ranks = 2,
	.collective = 1,
};

typedef struct bufs {
	char *send, *recv;
	int count;   /* elements per block: bytes, or floats for allreduce */
} bufs;

/* The timed loop for one op: CALL is the collective. Two clock reads and one
 * store per iteration, and an untimed barrier between iterations. */
#define TIMED_LOOP(CALL)                                                                 \
	do {                                                                             \
		for (uint64_t i = 0; i < warm; i++) {                                    \
			CALL;                                                            \
			MPI_Barrier(MPI_COMM_WORLD);                                     \
		}                                                                        \
		for (uint64_t i = 0; i < iters; i++) {                                   \
			uint64_t t0 = bench_now_ns();                                    \
			CALL;                                                            \
			samples[i] = bench_now_ns() - t0;                                \
			MPI_Barrier(MPI_COMM_WORLD);                                     \
		}                                                                        \
	} while (0)

/* Time iters calls of op (after warm untimed ones) into samples. */
static void run_timed(enum coll_op op, bufs *b, uint64_t warm, uint64_t iters, uint64_t *samples)
{
	switch (op) {
	case OP_BARRIER:
		TIMED_LOOP(MPI_Barrier(MPI_COMM_WORLD));
		break;
	case OP_BCAST:
		TIMED_LOOP(MPI_Bcast(b->send, b->count, MPI_CHAR, 0, MPI_COMM_WORLD));
		break;
	case OP_ALLGATHER:
		TIMED_LOOP(MPI_Allgather(b->send, b->count, MPI_CHAR, b->recv, b->count, MPI_CHAR,
					 MPI_COMM_WORLD));
		break;
	case OP_ALLREDUCE:
		TIMED_LOOP(MPI_Allreduce(b->send, b->recv, b->count, MPI_FLOAT, MPI_SUM,
					 MPI_COMM_WORLD));
		break;
	case OP_ALLTOALL:
		TIMED_LOOP(MPI_Alltoall(b->send, b->count, MPI_CHAR, b->recv, b->count, MPI_CHAR,
					MPI_COMM_WORLD));
		break;
	case OP_NONE:
		break;
	}
}

/* One checked call of op with patterned data; returns the wrong values seen here. */
static long validate_once(enum coll_op op, bufs *b, int rank, int nranks)
{
	long bad = 0;
	int n = b->count;
	switch (op) {
	case OP_BARRIER:
	case OP_NONE:
		MPI_Barrier(MPI_COMM_WORLD);
		break;
	case OP_BCAST:
		for (int j = 0; j < n; j++)
			b->send[j] = rank == 0 ? (char)(j * 7 + 3) : 0;
		MPI_Bcast(b->send, n, MPI_CHAR, 0, MPI_COMM_WORLD);
		for (int j = 0; j < n; j++)
			bad += b->send[j] != (char)(j * 7 + 3);
		break;
	case OP_ALLGATHER:
		for (int j = 0; j < n; j++)
			b->send[j] = (char)(rank * 31 + j);
		memset(b->recv, 0, (size_t)n * (size_t)nranks);
		MPI_Allgather(b->send, n, MPI_CHAR, b->recv, n, MPI_CHAR, MPI_COMM_WORLD);
		for (int r = 0; r < nranks; r++)
			for (int j = 0; j < n; j++)
				bad += b->recv[(size_t)r * (size_t)n + (size_t)j] != (char)(r * 31 + j);
		break;
	case OP_ALLREDUCE: {
		float *s = (float *)(void *)b->send, *r = (float *)(void *)b->recv;
		for (int j = 0; j < n; j++)
			s[j] = (float)(rank + 1 + j % 7);
		memset(r, 0, (size_t)n * sizeof *r);
		MPI_Allreduce(s, r, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
		float base = (float)nranks * (float)(nranks + 1) / 2.0f;
		for (int j = 0; j < n; j++)
			bad += r[j] != base + (float)nranks * (float)(j % 7);
		break;
	}
	case OP_ALLTOALL:
		for (int d = 0; d < nranks; d++)
			for (int j = 0; j < n; j++)
				b->send[(size_t)d * (size_t)n + (size_t)j] = (char)(rank * 17 + d * 5 + j);
		memset(b->recv, 0, (size_t)n * (size_t)nranks);
		MPI_Alltoall(b->send, n, MPI_CHAR, b->recv, n, MPI_CHAR, MPI_COMM_WORLD);
		for (int s = 0; s < nranks; s++)
			for (int j = 0; j < n; j++)
				bad += b->recv[(size_t)s * (size_t)n + (size_t)j] !=
				       (char)(s * 17 + rank * 5 + j);
		break;
	}
	return bad;
}

/* Bytes of send and receive buffer that op needs for size. */
static void buffer_bytes(enum coll_op op, uint64_t size, int nranks, uint64_t *sb, uint64_t *rb)
{
	uint64_t p = (uint64_t)nranks;
	*sb = *rb = size ? size : 1;
	if (op == OP_ALLGATHER)
		*rb = size * p;
	if (op == OP_ALLTOALL)
		*sb = *rb = size * p;
	if (*rb == 0)
		*rb = 1;
}

int main(int argc, char **argv)
{
	MPI_Init(&argc, &argv);
	bench_ctx c;
	int status;
	if (!bench_begin(&c, argc, argv, &prog, &status)) {
		MPI_Finalize();
		return status;
	}
	bench_set_op(&c, op_names[conf.op]);
	if (c.rank == 0) {
		json_object *o;
		if (json_object_object_get_ex(c.trial->meta, "options", &o)) {
			json_object_object_add(o, "op", json_object_new_string(op_names[conf.op]));
			json_object_object_add(o, "validate", json_object_new_boolean(conf.validate));
		}
	}

	uint64_t maxsize = c.sizes[c.nsizes - 1], sb, rb;
	buffer_bytes(conf.op, maxsize, c.nranks, &sb, &rb);
	uint64_t max_iters = c.opts.iterations > c.opts.iterations_large ? c.opts.iterations
									  : c.opts.iterations_large;
	int too_big = rb > ((uint64_t)1 << 32) || maxsize > (uint64_t)(1u << 31) / 2;
	bufs b = {0};
	uint64_t *samples = NULL;
	if (!too_big) {
		b.send = malloc((size_t)sb);
		b.recv = malloc((size_t)rb);
		samples = malloc((size_t)max_iters * sizeof *samples);
	}
	int bad = too_big || !b.send || !b.recv || !samples, any_bad = 0;
	MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
	if (any_bad) {
		bench_error(&c, "cannot allocate %llu + %llu bytes of buffers and %llu samples",
			    (unsigned long long)sb, (unsigned long long)rb,
			    (unsigned long long)max_iters);
		free(b.send), free(b.recv), free(samples);
		bench_end(&c);
		MPI_Finalize();
		return 1;
	}
	memset(b.send, 1, (size_t)sb);
	memset(b.recv, 0, (size_t)rb);
	memset(samples, 0, (size_t)max_iters * sizeof *samples);

	long total_bad = 0;
	for (int k = 0; k < c.nsizes; k++) {
		uint64_t size = c.sizes[k];
		uint64_t iters = bench_iterations_for(&c.opts, size);
		uint64_t warm = bench_warmup_for(&c.opts, size);
		b.count = conf.op == OP_ALLREDUCE ? (int)(size / 4) : (int)size;
		bench_progress(&c, k, size);
		MPI_Barrier(MPI_COMM_WORLD);
		run_timed(conf.op, &b, warm, iters, samples);
		trial_size *ts = bench_record_size(&c, size, iters, warm, samples, BENCH_FROM_ALL_RANKS);
		if (conf.validate) {
			long mine = validate_once(conf.op, &b, c.rank, c.nranks), all = 0;
			MPI_Reduce(&mine, &all, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
			if (c.rank == 0) {
				if (ts)
					json_object_object_add(ts->meta, "validation",
							       json_object_new_string(all ? "fail" : "pass"));
				if (all)
					bench_error(&c, "--validate: size %llu: %ld wrong values received",
						    (unsigned long long)size, all);
				total_bad += all;
			}
		}
	}
	if (conf.validate && c.rank == 0 && total_bad == 0)
		printf("# validation: every size passed\n");
	free(b.send);
	free(b.recv);
	free(samples);
	status = bench_end(&c);
	MPI_Finalize();
	return status;
}
