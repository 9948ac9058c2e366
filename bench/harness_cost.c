/* SPDX-License-Identifier: BSD-3-Clause */
/* harness_cost: what the MPI harness itself costs, with no timed loop:
 * memory per rank, the per-size reductions and the trial file.
 *
 *   mpiexec -n P harness_cost [-i N] [--json FILE] [--label L]
 *
 * Runs bench_begin (the fingerprint gathered per node), then for one size
 * hands the harness N synthetic per-rank samples the way coll_lat does
 * (BENCH_FROM_ALL_RANKS: per-iteration sum and max reduced to rank 0, two
 * summaries, both arrays copied into the trial), then bench_end (the trial
 * appended to --json by rank 0). Rank 0 prints one line:
 *
 *   cost ranks P nodes K n N reduce_ms R record_ms C write_ms W rss0_base_kib B0
 *        rss0_record_kib R0 rss0_peak_kib P0 rss_base_kib B rss_peak_kib Q
 *
 * reduce_ms: the best of 5 repetitions of the two MPI_Reduce calls of
 * bench_record_size alone (sum and max of N uint64, barrier first, rank 0's
 * wall time: the best, because on a shared or oversubscribed machine the
 * others mostly measure waiting for a core); record_ms: one whole
 * bench_record_size; write_ms: bench_end.
 * rss0_*: rank 0's peak resident set (VmHWM) after bench_begin, after
 * bench_record_size and at the end (after the file was written); rss_*: the
 * largest of the other ranks' after bench_begin and at the end. The difference of peak and
 * base is what N samples cost a rank beyond MPI's own footprint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "harness.h"

static const bench_prog prog = {
	.name = "harness_cost",
	.summary = "cost of the harness: per-size reductions, memory per rank, trial file",
	.min_size = 8,
	.max_size = 8,
	.iterations = 1000,
	.iterations_large = 1000,
	.warmup = 0,
	.warmup_large = 0,
	.min_ranks = 1,
	.collective = 1,
};

#define REPS 5

/* This process's peak resident set in KiB (VmHWM), or -1. */
static long peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Ascending order of doubles for qsort. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	bench_ctx c;
	int status = bench_start(&c, &argc, &argv, &prog);
	if (status != BENCH_RUN)
		return status;
	long base = peak_kib();
	size_t n = (size_t)c.opts.iterations;
	uint64_t *samples = malloc(n * sizeof *samples);
	uint64_t *sum = c.rank == 0 ? malloc(n * sizeof *sum) : NULL;
	uint64_t *mx = c.rank == 0 ? malloc(n * sizeof *mx) : NULL;
	if (!bench_all_allocated(&c, samples && (c.rank != 0 || (sum && mx)),
				 "out of memory for %zu samples", n)) {
		free(samples), free(sum), free(mx);
		return bench_finish(&c);
	}
	/* Latency-like values that differ between ranks and iterations. */
	for (size_t i = 0; i < n; i++)
		samples[i] = 1000 + ((uint64_t)i * 7919u + (uint64_t)c.rank * 104729u) % 5000u;

	/* The harness's two reductions alone. */
	double t[REPS];
	for (int r = 0; r < REPS; r++) {
		MPI_Barrier(MPI_COMM_WORLD);
		double t0 = MPI_Wtime();
		MPI_Reduce(samples, sum, (int)n, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
		MPI_Reduce(samples, mx, (int)n, MPI_UINT64_T, MPI_MAX, 0, MPI_COMM_WORLD);
		t[r] = MPI_Wtime() - t0;
	}
	free(sum);
	free(mx);
	qsort(t, REPS, sizeof *t, cmp_double);

	/* The whole per-size step, then the trial written. */
	MPI_Barrier(MPI_COMM_WORLD);
	double t0 = MPI_Wtime();
	bench_record_size(&c, c.sizes[0], n, 0, samples, BENCH_FROM_ALL_RANKS);
	double record = MPI_Wtime() - t0;
	long after_record = peak_kib();
	int nodes = c.nodes, nranks = c.nranks, rank = c.rank;
	t0 = MPI_Wtime();
	status = bench_end(&c);
	double write = MPI_Wtime() - t0;
	free(samples);

	long mine[2] = {rank == 0 ? -1 : base, rank == 0 ? -1 : peak_kib()}, others[2] = {-1, -1};
	MPI_Reduce(mine, others, 2, MPI_LONG, MPI_MAX, 0, MPI_COMM_WORLD);
	if (rank == 0)
		printf("cost ranks %d nodes %d n %zu reduce_ms %.3f record_ms %.3f write_ms %.3f "
		       "rss0_base_kib %ld rss0_record_kib %ld rss0_peak_kib %ld rss_base_kib %ld "
		       "rss_peak_kib %ld\n",
		       nranks, nodes, n, t[0] * 1e3, record * 1e3, write * 1e3, base, after_record,
		       peak_kib(), others[0], others[1]);
	MPI_Finalize();
	return status;
}
