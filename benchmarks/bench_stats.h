/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_stats.h: arithmetic on per-iteration samples inside the benchmarks:
 * combining the ranks' samples of each iteration and the summary line. */
#ifndef SRIOVSTAT_BENCH_STATS_H
#define SRIOVSTAT_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "bench_opts.h"

typedef struct bench_summary {
	double avg_us, min_us, max_us;
	double pct_us[BENCH_MAX_PERCENTILES];
	int npct;
} bench_summary;

/* A bandwidth row (p2p_bw, verbs_bw) in MB/s (10^6 bytes per second, as OSU),
 * from per-window times in ns and the bytes B one window moves:
 * avg = B / mean(time) (OSU's figure: all bytes over all the time),
 * min = B / max(time), max = B / min(time), and for percentile p
 * pct[k] = B / Q_p(time), Q the type-7 percentile of the times: P99 is the
 * bad tail, the bandwidth that 99% of windows reached. A window timed at
 * 0 ns gives +inf. */
typedef struct bench_bw_summary {
	double avg_mbps, min_mbps, max_mbps;
	double pct_mbps[BENCH_MAX_PERCENTILES];
	int npct;
} bench_bw_summary;

/* MB/s of bytes moved in ns nanoseconds (0 for 0 bytes, else +inf for 0 ns). */
double bench_mbps(uint64_t bytes, double ns);

/* The bandwidth row of n window times (scratch holds n values); -1 if n is 0. */
int bench_summarize_bw(const uint64_t *v, size_t n, uint64_t bytes, const double *pct, int npct,
		       uint64_t *scratch, bench_bw_summary *out);

/* Per-iteration mean over ranks from the per-iteration sum, rounded to the
 * nearest ns (ties up): out[i] = (sum[i] + ranks / 2) / ranks. */
void bench_mean_from_sum(const uint64_t *sum, size_t n, uint64_t ranks, uint64_t *out);

/* Half round trips from n + 1 timestamps t[0] (before the first iteration)
 * .. t[n]: out[i] = (t[i+1] - t[i]) / 2, rounded to the nearest ns. */
void bench_half_round_trips(const uint64_t *t, size_t n, uint64_t *out);

/* Intervals from n + 1 timestamps: out[i] = t[i+1] - t[i] (window times). */
void bench_intervals(const uint64_t *t, size_t n, uint64_t *out);

/* Average of n samples in microseconds. */
double bench_avg_us(const uint64_t *v, size_t n);

/* Average, min, max and the percentiles of n samples (scratch holds n values). */
int bench_summarize(const uint64_t *v, size_t n, const double *pct, int npct, uint64_t *scratch,
		    bench_summary *out);

/* Per-iteration mean and max over npairs rows of n samples each
 * (all[p * n + i] is pair p's iteration i); mx may be NULL. */
void bench_pairs_combine(const uint64_t *all, size_t npairs, size_t n, uint64_t *mean,
			 uint64_t *mx);

#endif
