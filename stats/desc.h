/* desc.h: descriptive statistics of latency samples.
 *
 * Percentiles are Hyndman and Fan's type 7: linear interpolation between
 * order statistics at h = (n - 1) p, the definition of R's default quantile(),
 * numpy's default percentile() and GSL's gsl_stats_quantile_from_sorted_data. */
#ifndef SRIOVSTAT_DESC_H
#define SRIOVSTAT_DESC_H

#include <stddef.h>
#include <stdint.h>

/* Sort n values ascending in place (LSD radix sort, linear time).
 * Returns 0, or ST_ENOMEM when no scratch memory could be had. */
int st_sort_u64(uint64_t *v, size_t n);

/* Type-7 quantile of n >= 1 sorted values at p in [0, 1]. */
double st_quantile_sorted_u64(const uint64_t *sorted, size_t n, double p);

/* Arithmetic mean of n >= 1 values (long double accumulation). */
double st_mean_u64(const uint64_t *v, size_t n);

#endif
