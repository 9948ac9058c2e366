/* SPDX-License-Identifier: BSD-3-Clause */
/* coll_lat: latency of one MPI collective, OSU's method (each rank times its
 * own call, an untimed barrier between iterations), every iteration kept:
 * per iteration the mean over ranks and the max over ranks (the slowest
 * rank), plus the min and max over ranks of each rank's average. OSU 7.4's
 * invocations run unchanged: -T, -f, -c, and -m on barrier (ignored). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench_mem.h"
#include "bjson.h"
#include "harness.h"

enum coll_op { OP_NONE, OP_BARRIER, OP_BCAST, OP_ALLGATHER, OP_ALLREDUCE, OP_ALLTOALL };
static const char *const op_names[] = {"",          "barrier",   "bcast",
				       "allgather", "allreduce", "alltoall"};

/* The element types of -T (OSU's spelling, any case); MPI_CHAR is OSU's default. */
enum coll_type { T_CHAR, T_INT, T_FLOAT, T_DOUBLE };
static const char *const type_names[] = {"mpi_char", "mpi_int", "mpi_float", "mpi_double"};
static const int type_bytes[] = {1, (int)sizeof(int), (int)sizeof(float), (int)sizeof(double)};

typedef struct coll_conf {
	enum coll_op op;
	int validate;        /* --validate, -c, --validation */
	int full;            /* -f, --full */
	enum coll_type type; /* -T, --type */
	int type_given;
	int size_ignored; /* -m on barrier (noted, as osu_barrier ignores it) */
} coll_conf;

enum { OPT_OP = 2000, OPT_VALIDATE };

static const struct option coll_options[] = {
	{"op", required_argument, NULL, OPT_OP}, {"validate", no_argument, NULL, OPT_VALIDATE},
	{"validation", no_argument, NULL, 'c'},  {"full", no_argument, NULL, 'f'},
	{"type", required_argument, NULL, 'T'},  {0, 0, 0, 0},
};

/* Parse -T's value: one of type_names in any case. */
static int parse_type(const char *arg, enum coll_type *t, st_err *err)
{
	for (int i = T_CHAR; i <= T_DOUBLE; i++) {
		const char *n = type_names[i];
		size_t k = 0;
		while (n[k] && arg[k] && tolower((unsigned char)arg[k]) == n[k])
			k++;
		if (!n[k] && !arg[k]) {
			*t = (enum coll_type)i;
			return 0;
		}
	}
	if (strcasecmp(arg, "all") == 0)
		return st_seterr(
			err, ST_EUSAGE,
			"-T all: a run is one trial of one type; run once per type (mpi_char, "
			"mpi_int, mpi_float, mpi_double)");
	return st_seterr(err, ST_EUSAGE,
			 "-T %s: expected mpi_char, mpi_int, mpi_float or mpi_double", arg);
}

/* Handle --op, --validate/-c, -f and -T. */
static int coll_handle(void *ctx, int opt, const char *arg, st_err *err)
{
	coll_conf *cc = ctx;
	if (opt == OPT_VALIDATE || opt == 'c') {
		cc->validate = 1;
		return 0;
	}
	if (opt == 'f') {
		cc->full = 1;
		return 0;
	}
	if (opt == 'T') {
		cc->type_given = 1;
		return parse_type(arg, &cc->type, err);
	}
	if (opt == OPT_OP) {
		for (int i = OP_BARRIER; i <= OP_ALLTOALL; i++)
			if (strcmp(arg, op_names[i]) == 0) {
				cc->op = (enum coll_op)i;
				return 0;
			}
		return st_seterr(
			err, ST_EUSAGE,
			"--op %s: unknown collective (barrier, bcast, allgather, allreduce or alltoall)",
			arg);
	}
	return st_seterr(err, ST_EUSAGE, "unhandled option");
}

/* Whole-command checks: an op is required; sizes that fit the op. */
static int coll_check(void *ctx, bench_opts *o, st_err *err)
{
	coll_conf *cc = ctx;
	if (cc->op == OP_NONE)
		return st_seterr(
			err, ST_EUSAGE,
			"--op is required: barrier, bcast, allgather, allreduce or alltoall");
	if (cc->op == OP_BARRIER) {
		/* osu_barrier accepts -m and ignores it: so do we, with a note. */
		cc->size_ignored = o->size_given;
		o->min_size = o->max_size = 0;
		return 0;
	}
	/* As OSU: a size holds size / (element bytes) elements, and sizes that
	 * hold none are skipped (the first size of the doubling sequence that
	 * holds one becomes the minimum). */
	uint64_t tb = (uint64_t)type_bytes[cc->type], lo = o->min_size;
	if (lo == 0 && tb > 1)
		lo = tb;
	while (lo && lo < tb && lo <= o->max_size)
		lo *= 2;
	if (lo > o->max_size)
		return st_seterr(err, ST_EUSAGE, "-m %llu:%llu: no size holds one %s (%llu bytes)",
				 (unsigned long long)o->min_size, (unsigned long long)o->max_size,
				 type_names[cc->type], (unsigned long long)tb);
	o->min_size = lo;
	return 0;
}

static coll_conf conf;

/* Header lines before the column names (the harness calls it on rank 0). */
static void coll_notes(void *ctx)
{
	const coll_conf *cc = ctx;
	static const char *const upper[] = {"MPI_CHAR", "MPI_INT", "MPI_FLOAT", "MPI_DOUBLE"};
	if (cc->size_ignored)
		printf("# -m ignored: barrier moves no data (osu_barrier ignores it too)\n");
	if (cc->op == OP_BARRIER && cc->type_given)
		printf("# -T ignored: barrier moves no data\n");
	else if (cc->op != OP_BARRIER)
		printf("# Datatype: %s, %d byte%s per element\n", upper[cc->type],
		       type_bytes[cc->type], type_bytes[cc->type] > 1 ? "s" : "");
}

static const bench_prog prog = {
	.name = "coll_lat",
	.summary =
		"MPI collective latency, OSU method, every iteration kept (mean and max over ranks)",
	.min_size = 1,
	.max_size = 1 << 20,
	.iterations = 1000,
	.iterations_large = 100,
	.warmup = 100,
	.warmup_large = 10,
	.extra = coll_options,
	.extra_help =
		"      --op NAME                 barrier, bcast, allgather, allreduce or alltoall\n"
		"                                (required; barrier ignores -m and -T, with a note)\n"
		"  -T, --type TYPE               element type: mpi_char (default, as OSU), mpi_int,\n"
		"                                mpi_float or mpi_double; a size holds size/bytes\n"
		"                                elements, sizes holding none are skipped\n"
		"  -f, --full                    OSU's full columns first: Avg, Min and Max Latency\n"
		"                                over ranks, Iterations; then sriovstat's columns\n"
		"  -c, --validation              check every timed iteration's result (outside\n"
		"                                the clock reads) and print OSU's Validation column;\n"
		"                                a wrong value fails the run (exit 1)\n"
		"      --validate                the same as -c\n",
	.extra_short = "cfT:",
	.handle = coll_handle,
	.check = coll_check,
	.ctx = &conf,
	.notes = coll_notes,
	.osu_full = &conf.full,
	.osu_validation = &conf.validate,
	.min_ranks = 2,
	.collective = 1,
};

typedef struct bufs {
	char *send, *recv;
	int count;           /* elements per block */
	enum coll_type type; /* their type */
	MPI_Datatype dt;
} bufs;

static MPI_Datatype mpi_type(enum coll_type t)
{
	static const MPI_Datatype dts[] = {MPI_CHAR, MPI_INT, MPI_FLOAT, MPI_DOUBLE};
	return dts[t];
}

/* ---- validation (-c): every timed iteration gets fresh data, checked after
 * the call, outside the clock reads, as OSU does ---- */

/* The value rank src puts in element j at iteration it (small: sums stay exact). */
static int pattern(int src, size_t j, uint64_t it)
{
	return (int)(((uint64_t)src + j + it) % 7) + 1;
}

/* Alltoall: src's element j of the block for dst. */
static int pattern2(int src, int dst, size_t j, uint64_t it)
{
	return (int)((3 * (uint64_t)src + 5 * (uint64_t)dst + j + it) % 7) + 1;
}

/* Sum over ranks 0..n-1 of pattern(r, j, it), without a loop over ranks. */
static long pattern_sum(int n, size_t j, uint64_t it)
{
	long a = (long)((j + it) % 7), sum = (long)n + (long)(n / 7) * 21;
	for (int r = 0; r < n % 7; r++)
		sum += (a + r) % 7;
	return sum;
}

/* Store v as element i of buf. */
static void put(enum coll_type t, char *buf, size_t i, long v)
{
	switch (t) {
	case T_CHAR: ((signed char *)buf)[i] = (signed char)v; break;
	case T_INT: ((int *)(void *)buf)[i] = (int)v; break;
	case T_FLOAT: ((float *)(void *)buf)[i] = (float)v; break;
	case T_DOUBLE: ((double *)(void *)buf)[i] = (double)v; break;
	}
}

/* Whether element i of buf holds v as type t stores it (a char sum wraps). */
static int holds(enum coll_type t, const char *buf, size_t i, long v)
{
	switch (t) {
	case T_CHAR: return ((const signed char *)buf)[i] == (signed char)v;
	case T_INT: return ((const int *)(const void *)buf)[i] == (int)v;
	case T_FLOAT: return ((const float *)(const void *)buf)[i] == (float)v;
	case T_DOUBLE: return ((const double *)(const void *)buf)[i] == (double)v;
	}
	return 0;
}

/* Fill the buffers for iteration it. */
static void fill(enum coll_op op, bufs *b, int rank, int nranks, uint64_t it)
{
	size_t n = (size_t)b->count, p = (size_t)nranks;
	switch (op) {
	case OP_BCAST:
		for (size_t j = 0; j < n; j++)
			put(b->type, b->send, j, rank == 0 ? pattern(0, j, it) : 0);
		break;
	case OP_ALLGATHER:
	case OP_ALLREDUCE:
		for (size_t j = 0; j < n; j++)
			put(b->type, b->send, j, pattern(rank, j, it));
		for (size_t j = 0; j < (op == OP_ALLGATHER ? n * p : n); j++)
			put(b->type, b->recv, j, 0);
		break;
	case OP_ALLTOALL:
		for (size_t d = 0; d < p; d++)
			for (size_t j = 0; j < n; j++)
				put(b->type, b->send, d * n + j, pattern2(rank, (int)d, j, it));
		for (size_t j = 0; j < n * p; j++)
			put(b->type, b->recv, j, 0);
		break;
	case OP_BARRIER:
	case OP_NONE: break;
	}
}

/* The wrong values this rank received at iteration it. */
static long check(enum coll_op op, const bufs *b, int rank, int nranks, uint64_t it)
{
	size_t n = (size_t)b->count;
	long bad = 0;
	switch (op) {
	case OP_BCAST:
		for (size_t j = 0; j < n; j++)
			bad += !holds(b->type, b->send, j, pattern(0, j, it));
		break;
	case OP_ALLGATHER:
		for (int r = 0; r < nranks; r++)
			for (size_t j = 0; j < n; j++)
				bad += !holds(b->type, b->recv, (size_t)r * n + j,
					      pattern(r, j, it));
		break;
	case OP_ALLREDUCE:
		for (size_t j = 0; j < n; j++)
			bad += !holds(b->type, b->recv, j, pattern_sum(nranks, j, it));
		break;
	case OP_ALLTOALL:
		for (int s = 0; s < nranks; s++)
			for (size_t j = 0; j < n; j++)
				bad += !holds(b->type, b->recv, (size_t)s * n + j,
					      pattern2(s, rank, j, it));
		break;
	case OP_BARRIER:
	case OP_NONE: break;
	}
	return bad;
}

/* The loop for one op: CALL is the collective. Untimed (warmup): n calls,
 * each followed by a barrier. Timed: iterations i0 .. i0 + n - 1 into
 * samples[i], two clock reads and one store per iteration, and an untimed
 * barrier between iterations; with -c the data is set before and checked
 * after, outside the clock reads. */
#define TIMED_LOOP(CALL)                                               \
	do {                                                           \
		for (uint64_t i = i0; !timed && i < i0 + n; i++) {     \
			CALL;                                          \
			MPI_Barrier(MPI_COMM_WORLD);                   \
		}                                                      \
		for (uint64_t i = i0; timed && i < i0 + n; i++) {      \
			if (v)                                         \
				fill(op, b, rank, nranks, i);          \
			uint64_t t0 = bench_now_ns();                  \
			CALL;                                          \
			samples[i] = bench_now_ns() - t0;              \
			if (v)                                         \
				*bad += check(op, b, rank, nranks, i); \
			MPI_Barrier(MPI_COMM_WORLD);                   \
		}                                                      \
	} while (0)

/* One window of n calls of op from iteration i0: untimed (warmup), or timed
 * into samples; with v, add the wrong values received to *bad. */
static void run_window(enum coll_op op, bufs *b, int timed, uint64_t i0, uint64_t n,
		       uint64_t *samples, int v, long *bad, int rank, int nranks)
{
	switch (op) {
	case OP_BARRIER: TIMED_LOOP(MPI_Barrier(MPI_COMM_WORLD)); break;
	case OP_BCAST: TIMED_LOOP(MPI_Bcast(b->send, b->count, b->dt, 0, MPI_COMM_WORLD)); break;
	case OP_ALLGATHER:
		TIMED_LOOP(MPI_Allgather(b->send, b->count, b->dt, b->recv, b->count, b->dt,
					 MPI_COMM_WORLD));
		break;
	case OP_ALLREDUCE:
		TIMED_LOOP(
			MPI_Allreduce(b->send, b->recv, b->count, b->dt, MPI_SUM, MPI_COMM_WORLD));
		break;
	case OP_ALLTOALL:
		TIMED_LOOP(MPI_Alltoall(b->send, b->count, b->dt, b->recv, b->count, b->dt,
					MPI_COMM_WORLD));
		break;
	case OP_NONE: break;
	}
}

/* A size's warmup and timed iterations in windows (harness.h): between
 * two, untimed, the ranks agree whether a signal stops the run. */
static void run_size(bench_ctx *c, bufs *b, uint64_t warm, uint64_t iters, uint64_t *samples,
		     long *bad)
{
	uint64_t n;
	for (uint64_t i0 = 0; (n = bench_window(c, i0, warm)) > 0; i0 += n)
		run_window(conf.op, b, 0, i0, n, samples, 0, bad, c->rank, c->nranks);
	for (uint64_t i0 = 0; (n = bench_window(c, i0, iters)) > 0; i0 += n)
		run_window(conf.op, b, 1, i0, n, samples, conf.validate, bad, c->rank, c->nranks);
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
	bench_ctx c;
	int status = bench_start(&c, &argc, &argv, &prog);
	if (status != BENCH_RUN)
		return status;
	bench_set_op(&c, op_names[conf.op]);
	bench_meta_add(&c, "options", "op", bj_string(op_names[conf.op]));
	bench_meta_add(&c, "options", "validate", bj_boolean(conf.validate));
	bench_meta_add(&c, "options", "full", bj_boolean(conf.full));
	if (conf.op != OP_BARRIER)
		bench_meta_add(&c, "options", "type", bj_string(type_names[conf.type]));

	uint64_t maxsize = c.sizes[c.nsizes - 1], sb, rb;
	buffer_bytes(conf.op, maxsize, c.nranks, &sb, &rb);
	int too_big = rb > ((uint64_t)1 << 32) || maxsize > (uint64_t)(1u << 31) / 2;
	bufs b = {0};
	uint64_t *samples = NULL;
	if (!too_big) {
		b.send = bench_msg_alloc((size_t)sb);
		b.recv = bench_msg_alloc((size_t)rb);
		samples = bench_samples_alloc(&c, 0);
	}
	if (!bench_all_allocated(&c, !too_big && b.send && b.recv && samples,
				 "cannot allocate %llu + %llu bytes of buffers and %llu samples",
				 (unsigned long long)sb, (unsigned long long)rb,
				 (unsigned long long)bench_iterations_largest(&c.opts))) {
		free(b.send), free(b.recv), free(samples);
		return bench_finish(&c);
	}
	memset(b.send, 1, (size_t)sb);
	memset(b.recv, 0, (size_t)rb);
	b.type = conf.type;
	b.dt = mpi_type(conf.type);

	long total_bad = 0;
	for (int k = 0; k < c.nsizes; k++) {
		uint64_t size = c.sizes[k], iters, warm;
		b.count = (int)(size / (uint64_t)type_bytes[conf.type]);
		bench_size_start(&c, k, &iters, &warm);
		long mine = 0, all = 0;
		run_size(&c, &b, warm, iters, samples, &mine);
		if (bench_interrupted(&c))
			break;
		if (conf.validate) {
			MPI_Reduce(&mine, &all, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
			c.row_validation = all ? "Fail" : "Pass";
		}
		trial_size *ts =
			bench_record_size(&c, size, iters, warm, samples, BENCH_FROM_ALL_RANKS);
		if (ts && conf.op != OP_BARRIER)
			json_object_object_add(ts->meta, "elements", bj_int(b.count));
		if (conf.validate && c.rank == 0) {
			if (ts)
				json_object_object_add(ts->meta, "validation",
						       bj_string(all ? "fail" : "pass"));
			if (all)
				bench_error(&c, "-c: size %llu: %ld wrong values received",
					    (unsigned long long)size, all);
			total_bad += all;
		}
	}
	if (conf.validate && c.rank == 0 && total_bad == 0)
		printf("# validation: every size passed\n");
	free(b.send);
	free(b.recv);
	free(samples);
	return bench_finish(&c);
}
