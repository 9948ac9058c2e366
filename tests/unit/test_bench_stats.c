/* SPDX-License-Identifier: BSD-3-Clause */
/* test_bench_stats.c: combining ranks' samples and the summary row. */
#include <criterion/criterion.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "bench_stats.h"
#include "desc.h"

Test(reduce, mean_over_ranks_rounds_half_up)
{
	/* Sums of 3 ranks' samples: 3000 -> 1000; 3001 -> 1000.33 -> 1000;
	 * 3002 -> 1000.67 -> 1001; with 2 ranks 2001 -> 1000.5 -> 1001. */
	uint64_t sum3[] = {3000, 3001, 3002}, out[3];
	bench_mean_from_sum(sum3, 3, 3, out);
	cr_assert_eq(out[0], 1000);
	cr_assert_eq(out[1], 1000);
	cr_assert_eq(out[2], 1001);
	uint64_t sum2[] = {2001};
	bench_mean_from_sum(sum2, 1, 2, out);
	cr_assert_eq(out[0], 1001);
}

Test(reduce, mean_of_means_equals_osu_average)
{
	/* OSU's Avg Latency is the mean over ranks of each rank's mean; the mean
	 * over iterations of the per-iteration mean over ranks is the same number. */
	enum { R = 4, N = 1000 };
	static uint64_t per_rank[R][N], sum[N], mean[N];
	unsigned s = 12345;
	double osu = 0;
	for (int r = 0; r < R; r++) {
		double m = 0;
		for (int i = 0; i < N; i++) {
			s = s * 1103515245u + 12345u;
			per_rank[r][i] = 400 + (s >> 16) % 5000 + (uint64_t)r * 100;
			m += (double)per_rank[r][i];
			sum[i] += per_rank[r][i];
		}
		osu += m / N / R;
	}
	bench_mean_from_sum(sum, N, R, mean);
	double ours = st_mean_u64(mean, N);
	/* Rounding each per-iteration mean to 1 ns moves the average by < 0.5 ns. */
	cr_assert(fabs(ours - osu) < 0.5, "ours %f osu %f", ours, osu);
}

Test(reduce, half_round_trips_from_stamps)
{
	uint64_t t[] = {1000, 3000, 4001, 10001};
	uint64_t out[3];
	bench_half_round_trips(t, 3, out);
	cr_assert_eq(out[0], 1000);
	cr_assert_eq(out[1], 501); /* 1001 / 2 = 500.5, rounded up */
	cr_assert_eq(out[2], 3000);
}

Test(summary, matches_gsl_type7)
{
	enum { N = 1001 };
	static uint64_t v[N], scratch[N];
	static double d[N];
	unsigned s = 7;
	for (int i = 0; i < N; i++) {
		s = s * 1103515245u + 12345u;
		v[i] = 300 + (s >> 8) % 100000;
		d[i] = (double)v[i];
	}
	double pct[] = {50, 90, 95, 99, 99.9};
	bench_summary sum;
	cr_assert_eq(bench_summarize(v, N, pct, 5, scratch, &sum), 0);
	gsl_sort(d, 1, N);
	cr_assert_float_eq(sum.min_us, d[0] / 1e3, 1e-12);
	cr_assert_float_eq(sum.max_us, d[N - 1] / 1e3, 1e-12);
	cr_assert_float_eq(sum.avg_us, gsl_stats_mean(d, 1, N) / 1e3, 1e-9);
	for (int k = 0; k < 5; k++)
		cr_assert_float_eq(sum.pct_us[k],
				   gsl_stats_quantile_from_sorted_data(d, 1, N, pct[k] / 100) / 1e3,
				   1e-9, "percentile %g", pct[k]);
	/* The input keeps its order (scratch is sorted, not v). */
	cr_assert_eq(v[0], 300 + ((7u * 1103515245u + 12345u) >> 8) % 100000);
}

/* Bandwidth rows. References from R 4.2 (type-7 quantile):
 *   v <- c(1000,2000,4000,1500,3000,2500,1200,8000,1800,2200); B <- 65536
 *   B*1e3/mean(v); B*1e3/max(v); B*1e3/min(v)
 *   B*1e3/quantile(v, c(.5,.9,.99), type=7)
 *   B*10/1e6/(sum(v)/1e9)   # OSU's figure: all bytes over all the time */
Test(bandwidth, summary_matches_r)
{
	uint64_t v[] = {1000, 2000, 4000, 1500, 3000, 2500, 1200, 8000, 1800, 2200}, scratch[10];
	double pct[] = {50, 90, 99};
	bench_bw_summary s;
	cr_assert_eq(bench_summarize_bw(v, 10, 65536, pct, 3, scratch, &s), 0);
	cr_assert_float_eq(s.avg_mbps, 24094.1176470588, 1e-6);
	cr_assert_float_eq(s.min_mbps, 8192.0, 1e-9);
	cr_assert_float_eq(s.max_mbps, 65536.0, 1e-9);
	cr_assert_float_eq(s.pct_mbps[0], 31207.61904761905, 1e-6);
	cr_assert_float_eq(s.pct_mbps[1], 14894.54545454546, 1e-6);
	cr_assert_float_eq(s.pct_mbps[2], 8578.01047120419, 1e-6);
	/* P99 is the bad (low) tail: never above the median, never below Min. */
	cr_assert(s.pct_mbps[2] <= s.pct_mbps[0] && s.pct_mbps[2] >= s.min_mbps);
	/* The input keeps its order. */
	cr_assert_eq(v[2], 4000);
}

Test(bandwidth, average_is_osu_total_bytes_over_total_time)
{
	/* OSU: size * window * iterations / elapsed; the mean of the windows'
	 * times is elapsed / iterations, so the two agree exactly. */
	enum { N = 500 };
	static uint64_t v[N], scratch[N];
	unsigned s = 99;
	uint64_t total = 0;
	for (int i = 0; i < N; i++) {
		s = s * 1103515245u + 12345u;
		v[i] = 5000 + (s >> 8) % 90000;
		total += v[i];
	}
	uint64_t bytes = 4096 * 64;
	double osu = (double)bytes * N / 1e6 / ((double)total / 1e9);
	bench_bw_summary sum;
	cr_assert_eq(bench_summarize_bw(v, N, bytes, NULL, 0, scratch, &sum), 0);
	cr_assert_float_eq(sum.avg_mbps, osu, osu * 1e-12);
}

Test(bandwidth, edge_cases)
{
	uint64_t zero[] = {0, 0}, one[] = {1000}, scratch[2];
	bench_bw_summary s;
	/* No samples: an error, not a row. */
	cr_assert_eq(bench_summarize_bw(one, 0, 64, NULL, 0, scratch, &s), -1);
	/* 0 bytes move at 0 MB/s, even in 0 ns. */
	cr_assert_eq(bench_mbps(0, 0), 0);
	cr_assert_eq(bench_mbps(0, 1000), 0);
	/* A window timed at 0 ns (below the clock's step) is +inf, never a division trap. */
	cr_assert_eq(bench_summarize_bw(zero, 2, 64, NULL, 0, scratch, &s), 0);
	cr_assert(isinf(s.avg_mbps) && s.avg_mbps > 0);
	/* 1000 bytes in 1000 ns is 1 byte/ns = 1000 MB/s. */
	cr_assert_float_eq(bench_mbps(1000, 1000), 1000.0, 1e-12);
	double p[] = {50};
	cr_assert_eq(bench_summarize_bw(one, 1, 1000, p, 1, scratch, &s), 0);
	cr_assert_float_eq(s.avg_mbps, 1000.0, 1e-12);
	cr_assert_float_eq(s.pct_mbps[0], 1000.0, 1e-12);
}

Test(pairs, mean_and_max_over_pairs)
{
	/* Three pairs of 2 iterations: pair p's iteration i at all[p * 2 + i]. */
	uint64_t all[] = {100, 400, 200, 401, 301, 402}, mean[2], mx[2];
	bench_pairs_combine(all, 3, 2, mean, mx);
	cr_assert_eq(mean[0], 200); /* 601 / 3 = 200.33 */
	cr_assert_eq(mean[1], 401); /* 1203 / 3 */
	cr_assert_eq(mx[0], 301);
	cr_assert_eq(mx[1], 402);
	uint64_t one[6]; /* one pair of 6 iterations: itself, mx may be NULL */
	bench_pairs_combine(all, 1, 6, one, NULL);
	cr_assert_eq(one[0], 100);
	cr_assert_eq(one[5], 402);
}

Test(reduce, intervals_from_stamps)
{
	uint64_t t[] = {1000, 3000, 4001, 10001}, out[3];
	bench_intervals(t, 3, out);
	cr_assert_eq(out[0], 2000);
	cr_assert_eq(out[1], 1001);
	cr_assert_eq(out[2], 6000);
}
