/* SPDX-License-Identifier: BSD-3-Clause */
/* test_bench_stats.c: combining ranks' samples and the summary row. */
#include <criterion/criterion.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <gsl/gsl_statistics_double.h>
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
