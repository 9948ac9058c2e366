/* SPDX-License-Identifier: BSD-3-Clause */
/* p2p_lat: blocking ping-pong latency, every iteration recorded. The sample
 * of an iteration is half its round trip, as OSU's osu_latency defines
 * latency. With more than 2 ranks, pairs ping-pong at once as in
 * osu_multi_lat (rank i with rank i + ranks/2; --pairs N for fewer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_mem.h"
#include "harness.h"

enum { OPT_PAIRS = 2000 };
static int pairs;

static const struct option lat_options[] = {
	{"pairs", required_argument, NULL, OPT_PAIRS},
	{0, 0, 0, 0},
};

/* Handle --pairs. */
static int lat_handle(void *ctx, int opt, const char *arg, st_err *err)
{
	uint64_t v;
	if (opt != OPT_PAIRS)
		return st_seterr(err, ST_EUSAGE, "unhandled option");
	if (bench_parse_count("--pairs", arg, 1, 1 << 20, &v, err) < 0)
		return ST_EUSAGE;
	*(int *)ctx = (int)v;
	return 0;
}

static const bench_prog prog = {
	.name = "p2p_lat",
	.summary = "MPI_Send/MPI_Recv ping-pong latency (half round trip), every iteration kept",
	BENCH_OSU_LATENCY_DEFAULTS,
	.extra = lat_options,
	.extra_help =
		"      --pairs N                 pairs measured at once: rank i with rank i + ranks/2\n"
		"                                (default: all ranks, as osu_multi_lat)\n",
	.handle = lat_handle,
	.ctx = &pairs,
	.min_ranks = 2,
	.pairs = &pairs,
};

/* n untimed round trips: a pair's first rank (role 1) sends first, its
 * second (-1) echoes; a rank in no pair (0) does nothing. */
static void pingpong(int role, int partner, char *sbuf, char *rbuf, int size, uint64_t n)
{
	for (uint64_t i = 0; role != 0 && i < n; i++) {
		if (role > 0) {
			MPI_Send(sbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD);
			MPI_Recv(rbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD,
				 MPI_STATUS_IGNORE);
		} else {
			MPI_Recv(rbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD,
				 MPI_STATUS_IGNORE);
			MPI_Send(sbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD);
		}
	}
}

int main(int argc, char **argv)
{
	bench_ctx c;
	int status = bench_start(&c, &argc, &argv, &prog);
	if (status != BENCH_RUN)
		return status;
	bench_set_op(&c, "pingpong");
	int partner, role = bench_pair_role(&c, &partner);
	size_t maxbuf = c.sizes[c.nsizes - 1] ? (size_t)c.sizes[c.nsizes - 1] : 1;
	char *sbuf = bench_msg_alloc(maxbuf), *rbuf = bench_msg_alloc(maxbuf);
	uint64_t *stamps = bench_samples_alloc(&c, 1), *samples = bench_samples_alloc(&c, 0);
	if (!bench_all_allocated(&c, sbuf && rbuf && stamps && samples,
				 "out of memory for buffers of %zu bytes and %llu iterations",
				 maxbuf, (unsigned long long)bench_iterations_largest(&c.opts))) {
		free(sbuf), free(rbuf), free(stamps), free(samples);
		return bench_finish(&c);
	}
	memset(sbuf, 'a', maxbuf);
	memset(rbuf, 'b', maxbuf);

	for (int k = 0; k < c.nsizes; k++) {
		int size = (int)c.sizes[k];
		uint64_t iters, warm;
		bench_size_start(&c, k, &iters, &warm);
		/* In windows (harness.h): between two, untimed, the ranks agree
		 * whether a signal stops the run. */
		uint64_t n;
		for (uint64_t i0 = 0; (n = bench_window(&c, i0, warm)) > 0; i0 += n)
			pingpong(role, partner, sbuf, rbuf, size, n);
		for (uint64_t i0 = 0; (n = bench_window(&c, i0, iters)) > 0; i0 += n) {
			if (role <= 0) {
				pingpong(role, partner, sbuf, rbuf, size, n);
				continue;
			}
			/* Timed: one clock read and one store per iteration. */
			uint64_t *st = stamps + i0;
			st[0] = bench_now_ns();
			for (uint64_t i = 1; i <= n; i++) {
				MPI_Send(sbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD);
				MPI_Recv(rbuf, size, MPI_CHAR, partner, 1, MPI_COMM_WORLD,
					 MPI_STATUS_IGNORE);
				st[i] = bench_now_ns();
			}
			bench_half_round_trips(st, (size_t)n, samples + i0);
		}
		if (bench_interrupted(&c))
			break;
		bench_record_pairs(&c, c.sizes[k], iters, warm, role > 0 ? samples : NULL, 0);
	}
	free(sbuf);
	free(rbuf);
	free(stamps);
	free(samples);
	return bench_finish(&c);
}
