/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_stats.c: per-iteration sample arithmetic for the benchmarks. */
#include <math.h>
#include <string.h>

#include "bench_stats.h"
#include "desc.h"

/* Mean over ranks, rounded half up. */
void bench_mean_from_sum(const uint64_t *sum, size_t n, uint64_t ranks, uint64_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (sum[i] + ranks / 2) / ranks;
}

/* Half of each round trip, rounded half up. */
void bench_half_round_trips(const uint64_t *t, size_t n, uint64_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (t[i + 1] - t[i] + 1) / 2;
}

/* Differences of consecutive stamps. */
void bench_intervals(const uint64_t *t, size_t n, uint64_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = t[i + 1] - t[i];
}

/* Mean in microseconds. */
double bench_avg_us(const uint64_t *v, size_t n)
{
	return st_mean_u64(v, n) / 1e3;
}

/* Copy v into scratch and sort it. 0, or -1 when n is 0 or the sort fails. */
static int sorted_copy(const uint64_t *v, size_t n, uint64_t *scratch)
{
	if (n == 0)
		return -1;
	memcpy(scratch, v, n * sizeof *v);
	return st_sort_u64(scratch, n) < 0 ? -1 : 0;
}

/* The numbers of one output row. */
int bench_summarize(const uint64_t *v, size_t n, const double *pct, int npct, uint64_t *scratch,
		    bench_summary *out)
{
	memset(out, 0, sizeof *out);
	if (sorted_copy(v, n, scratch) < 0)
		return -1;
	out->avg_us = bench_avg_us(v, n);
	out->min_us = (double)scratch[0] / 1e3;
	out->max_us = (double)scratch[n - 1] / 1e3;
	out->npct = npct;
	for (int k = 0; k < npct; k++)
		out->pct_us[k] = st_quantile_sorted_u64(scratch, n, pct[k] / 100.0) / 1e3;
	return 0;
}

/* Bytes over nanoseconds, in 10^6 bytes per second. */
double bench_mbps(uint64_t bytes, double ns)
{
	if (bytes == 0)
		return 0;
	if (ns <= 0)
		return INFINITY;
	return (double)bytes * 1e3 / ns;
}

/* The bandwidth row: every figure is B over a time statistic. */
int bench_summarize_bw(const uint64_t *v, size_t n, uint64_t bytes, const double *pct, int npct,
		       uint64_t *scratch, bench_bw_summary *out)
{
	memset(out, 0, sizeof *out);
	if (sorted_copy(v, n, scratch) < 0)
		return -1;
	out->avg_mbps = bench_mbps(bytes, st_mean_u64(v, n));
	out->min_mbps = bench_mbps(bytes, (double)scratch[n - 1]);
	out->max_mbps = bench_mbps(bytes, (double)scratch[0]);
	out->npct = npct;
	for (int k = 0; k < npct; k++)
		out->pct_mbps[k] =
			bench_mbps(bytes, st_quantile_sorted_u64(scratch, n, pct[k] / 100.0));
	return 0;
}

/* Mean (rounded half up, as over ranks) and max over pairs, per iteration. */
void bench_pairs_combine(const uint64_t *all, size_t npairs, size_t n, uint64_t *mean, uint64_t *mx)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t sum = 0, hi = 0;
		for (size_t p = 0; p < npairs; p++) {
			uint64_t x = all[p * n + i];
			sum += x;
			hi = x > hi ? x : hi;
		}
		mean[i] = (sum + npairs / 2) / npairs;
		if (mx)
			mx[i] = hi;
	}
}
