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

/* Per-iteration mean over ranks from the per-iteration sum, rounded to the
 * nearest ns (ties up): out[i] = (sum[i] + ranks / 2) / ranks. */
void bench_mean_from_sum(const uint64_t *sum, size_t n, uint64_t ranks, uint64_t *out);

/* Half round trips from n + 1 timestamps t[0] (before the first iteration)
 * .. t[n]: out[i] = (t[i+1] - t[i]) / 2, rounded to the nearest ns. */
void bench_half_round_trips(const uint64_t *t, size_t n, uint64_t *out);

/* Average of n samples in microseconds. */
double bench_avg_us(const uint64_t *v, size_t n);

/* Average, min, max and the percentiles of n samples (scratch holds n values). */
int bench_summarize(const uint64_t *v, size_t n, const double *pct, int npct, uint64_t *scratch,
		    bench_summary *out);

#endif
