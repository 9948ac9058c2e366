/* SPDX-License-Identifier: BSD-3-Clause */
/* desc.h: descriptive statistics of latency samples.
 *
 * Two kinds of data: raw samples in integer nanoseconds (uint64_t, often
 * millions of them) and trial-level statistics (double, one per trial).
 *
 * Percentiles are Hyndman and Fan's type 7: linear interpolation between
 * order statistics at h = (n - 1) p, the definition of R's default quantile(),
 * numpy's default percentile() and GSL's gsl_stats_quantile_from_sorted_data.
 *
 * Confidence intervals:
 * - of the median, by order statistics (Le Boudec, "Performance Evaluation of
 *   Computer and Communication Systems", EPFL Press 2010, theorem 2.1): with
 *   B ~ Binomial(n, 1/2) the number of samples below the true median, the
 *   interval [x(j), x(k)] (1-based order statistics) covers the median with
 *   probability P(j <= B < k). For n <= ST_MEDIAN_CI_EXACT_MAX we pick the
 *   symmetric pair k = n + 1 - j with the largest j whose exact binomial
 *   coverage is >= level, and report that coverage; above it we use the
 *   normal approximation j = floor(n/2 - z sqrt(n)/2), k = ceil(n/2 + z
 *   sqrt(n)/2) + 1 with z the (1+level)/2 normal quantile (for 95%,
 *   n/2 -+ 0.98 sqrt(n)), and report the nominal level. When even [x(1), x(n)]
 *   covers less than level (n < 6 at 95%) there is no interval: valid = 0.
 *   The method assumes independent samples from a continuous distribution.
 * - of the mean, Student's t: mean -+ t(n-1, (1+level)/2) sd / sqrt(n), with
 *   the quantile from gsl_cdf_tdist_Pinv; needs n >= 2. When sd is 0 the
 *   interval is the single point [mean, mean].
 *
 * None of these functions prints or exits; none returns NaN or Inf for
 * finite input. */
#ifndef SRIOVSTAT_DESC_H
#define SRIOVSTAT_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

/* Largest number of percentiles one st_desc holds. */
#define ST_MAX_PCT 16

/* Up to this n the median interval uses exact binomial probabilities. */
#define ST_MEDIAN_CI_EXACT_MAX 1000

/* Sort n values ascending in place (LSD radix sort, linear time).
 * Returns 0, or ST_ENOMEM when no scratch memory could be had. */
int st_sort_u64(uint64_t *v, size_t n);

/* Type-7 quantile of n >= 1 sorted values at p in [0, 1]. */
double st_quantile_sorted_u64(const uint64_t *sorted, size_t n, double p);

/* Arithmetic mean of n >= 1 values (long double accumulation). */
double st_mean_u64(const uint64_t *v, size_t n);

/* Sample standard deviation (divisor n - 1) around mean; 0 when n < 2. */
double st_sd_u64(const uint64_t *v, size_t n, double mean);

/* Sort n doubles ascending in place (n is small: trial-level values). */
void st_sort_f64(double *v, size_t n);

/* Type-7 quantile of n >= 1 sorted doubles at p in [0, 1]. */
double st_quantile_sorted_f64(const double *sorted, size_t n, double p);

/* Arithmetic mean of n doubles (0 when n == 0). */
double st_mean_f64(const double *v, size_t n);

/* Sample standard deviation (divisor n - 1) around mean; 0 when n < 2. */
double st_sd_f64(const double *v, size_t n, double mean);

/* A confidence interval. When valid is 0, lo and hi are 0 and why says
 * why there is none (e.g. "n = 4: too few samples for a 95% interval of the
 * median (need 6)"). */
typedef struct st_ci {
	int valid;
	double lo, hi;
	double level;   /* coverage: exact for small-n median intervals, else nominal */
	size_t lo_rank; /* median intervals: 1-based order statistics j and k */
	size_t hi_rank; /* (0 for mean intervals) */
	char why[96];
} st_ci;

/* Order-statistic ranks 1 <= *j < *k <= n of the level interval of the median
 * of n samples, and its coverage (*cover, may be NULL). Returns 0, or
 * ST_EVALUE when no such interval exists for this n (too few samples) or
 * level is not in (0, 1). */
int st_median_ci_ranks(size_t n, double level, size_t *j, size_t *k, double *cover);

/* The level interval of the median of n sorted samples (see above). */
void st_median_ci_sorted_u64(const uint64_t *sorted, size_t n, double level, st_ci *ci);

/* The same for n sorted doubles. */
void st_median_ci_sorted_f64(const double *sorted, size_t n, double level, st_ci *ci);

/* The level Student-t interval of a mean from n values with sample sd. */
void st_mean_ci(double mean, double sd, size_t n, double level, st_ci *ci);

/* Descriptive summary of one sample. Values in the sample's unit. */
typedef struct st_desc {
	size_t n;
	double mean, sd; /* sd: divisor n - 1, 0 when n < 2 */
	double min, max, median;
	size_t npct;
	double pct_at[ST_MAX_PCT]; /* requested percentiles, in [0, 100] */
	double pct[ST_MAX_PCT];    /* their type-7 values */
	st_ci median_ci;           /* order-statistic interval (see above) */
	st_ci mean_ci;             /* Student-t interval */
} st_desc;

/* Flags for st_describe_u64. */
enum {
	ST_DESC_SORTED = 1, /* v is already ascending: do not sort it */
};

/* Describe n >= 1 samples. SORTS v IN PLACE (unless ST_DESC_SORTED), so the
 * caller's order is lost. pct_at holds npct <= ST_MAX_PCT percentiles in
 * [0, 100] (fractions such as 99.9 allowed); level is the confidence level of
 * both intervals (e.g. 0.95). Returns 0, ST_EVALUE (n == 0, a percentile or
 * level out of range), ST_EUSAGE (npct too large) or ST_ENOMEM. */
int st_describe_u64(uint64_t *v, size_t n, unsigned flags, const double *pct_at, size_t npct,
		    double level, st_desc *out, st_err *err);

/* Describe the n = lens[0] + ... + lens[nseg-1] >= 1 samples held in nseg
 * arrays (e.g. one size of every trial) as if they were one sample, WITHOUT
 * modifying or copying them: order statistics are found by selection (a
 * histogram of the value range, then sorting only the few buckets that hold
 * the wanted ranks), which reads the data three times and, for latency data,
 * touches a small fraction of it otherwise. Results equal st_describe_u64's
 * on the concatenation. Same errors as st_describe_u64. */
int st_describe_segs_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			 const double *pct_at, size_t npct, double level, st_desc *out,
			 st_err *err);

/* What st_describe_trials_u64 tells of each trial as it reads it. */
typedef struct st_trial_info {
	uint64_t min, max;
	size_t head;                       /* the length of the trial's first part */
	double mean, head_mean, rest_mean; /* st_mean_u64 of all, of the first head
					      values and of the others */
} st_trial_info;

/* The same pooled description into out, and each segment's (trial's)
 * type-7 quantiles at q[0 .. nq-1] (each in [0, 1], nq <= ST_MAX_PCT + 2)
 * into seg_q[s * nq + j], for nseg segments of at least one sample each
 * (ST_EVALUE otherwise). With each, each(s, info, arg) is called for every
 * segment in order, its first part being lens[s] / head_div values (none
 * when head_div is 0), while its values are still in cache. Neither modified
 * nor copied: each segment is read from memory once, scanned and then
 * counted by keys that hold one value each near the minimum and ever wider
 * ones in the tail (desctrials.c); a wanted rank in a wide key costs a pass
 * over its segment (or all of them) gathering that key's values. Results
 * equal st_describe_segs_u64's, st_quantiles_u64's and st_mean_u64's. */
int st_describe_trials_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			   const double *q, size_t nq, double *seg_q, size_t head_div,
			   void (*each)(size_t s, const st_trial_info *ti, void *arg), void *arg,
			   const double *pct_at, size_t npct, double level, st_desc *out,
			   st_err *err);

/* Type-7 quantiles at p[0 .. np-1] (each in [0, 1]) of n >= 1 unsorted
 * samples, by selection; v is not modified. 0, ST_EVALUE (n == 0 or a p out
 * of range) or ST_ENOMEM. */
int st_quantiles_u64(const uint64_t *v, size_t n, const double *p, size_t np, double *out,
		     st_err *err);

/* The same over the n = lens[0] + ... + lens[nseg-1] >= 1 samples held in
 * nseg arrays, as if they were one (neither modified nor copied). */
int st_quantiles_segs_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			  const double *p, size_t np, double *out, st_err *err);

/* The same for n >= 1 doubles (not modified; copied internally). Values must
 * be finite (ST_EVALUE otherwise). */
int st_describe_f64(const double *v, size_t n, const double *pct_at, size_t npct, double level,
		    st_desc *out, st_err *err);

#endif
