/* desc.c: descriptive statistics of latency samples. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "desc.h"
#include "sterr.h"

/* LSD radix sort by 16-bit digits, skipping digits where all values agree. */
int st_sort_u64(uint64_t *v, size_t n)
{
	if (n < 2)
		return 0;
	if (n < 64) {
		for (size_t i = 1; i < n; i++) {
			uint64_t x = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return 0;
	}
	uint64_t *tmp = malloc(n * sizeof *tmp);
	size_t *count = malloc(65536 * sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return ST_ENOMEM;
	}
	uint64_t all_or = 0, all_and = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		all_or |= v[i];
		all_and &= v[i];
	}
	uint64_t varying = all_or ^ all_and;
	uint64_t *src = v, *dst = tmp;
	for (int shift = 0; shift < 64; shift += 16) {
		if (((varying >> shift) & 0xffff) == 0)
			continue;
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	free(count);
	return 0;
}

/* Type-7 quantile: v[floor(h)] + (h - floor(h)) (v[floor(h)+1] - v[floor(h)]). */
double st_quantile_sorted_u64(const uint64_t *sorted, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	if (p <= 0.0)
		return (double)sorted[0];
	if (p >= 1.0)
		return (double)sorted[n - 1];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	double frac = h - (double)lo;
	if (lo + 1 >= n)
		return (double)sorted[n - 1];
	return (double)sorted[lo] + frac * ((double)sorted[lo + 1] - (double)sorted[lo]);
}

/* Mean with a long double accumulator. */
double st_mean_u64(const uint64_t *v, size_t n)
{
	long double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return n ? (double)(s / n) : 0.0;
}

/* Sample standard deviation of uint64 values (two-pass, long double). */
double st_sd_u64(const uint64_t *v, size_t n, double mean)
{
	if (n < 2)
		return 0.0;
	long double ss = 0, m = mean;
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)v[i] - m;
		ss += d * d;
	}
	return (double)sqrtl(ss / (long double)(n - 1));
}

/* qsort comparator for doubles, ascending. */
static int cmp_f64(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* Sort doubles ascending (qsort: trial-level arrays are short). */
void st_sort_f64(double *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_f64);
}

/* Type-7 quantile of sorted doubles. */
double st_quantile_sorted_f64(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	if (p <= 0.0)
		return sorted[0];
	if (p >= 1.0)
		return sorted[n - 1];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	double frac = h - (double)lo;
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

/* Mean of doubles with a long double accumulator. */
double st_mean_f64(const double *v, size_t n)
{
	long double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return n ? (double)(s / n) : 0.0;
}

/* Sample standard deviation of doubles (two-pass). */
double st_sd_f64(const double *v, size_t n, double mean)
{
	if (n < 2)
		return 0.0;
	long double ss = 0;
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)v[i] - mean;
		ss += d * d;
	}
	return (double)sqrtl(ss / (long double)(n - 1));
}

/* Mark ci as absent with a printf-style reason. */
static void ci_none(st_ci *ci, double level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ci_none(st_ci *ci, double level, const char *fmt, ...)
{
	memset(ci, 0, sizeof *ci);
	ci->level = level;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ci->why, sizeof ci->why, fmt, ap);
	va_end(ap);
}

/* Smallest n for which a level median interval exists: [x(1), x(n)] covers
 * with probability 1 - 2^(1-n). */
static size_t median_ci_min_n(double level)
{
	size_t n = 1;
	while (n < 64 && 1.0 - ldexp(1.0, 1 - (int)n) < level)
		n++;
	return n;
}

/* Ranks of the median interval: exact binomial for small n, normal above. */
int st_median_ci_ranks(size_t n, double level, size_t *j, size_t *k, double *cover)
{
	if (!(level > 0.0 && level < 1.0) || n == 0)
		return ST_EVALUE;
	if (n <= ST_MEDIAN_CI_EXACT_MAX) {
		/* Symmetric: coverage of [x(j), x(n+1-j)] is 1 - 2 P(B <= j - 1). */
		size_t best = 0;
		double best_cover = 0.0;
		for (size_t jj = 1; 2 * jj <= n; jj++) {
			double c = 1.0 - 2.0 * gsl_cdf_binomial_P((unsigned)(jj - 1), 0.5,
								  (unsigned)n);
			if (c >= level) {
				best = jj;
				best_cover = c;
			} else {
				break;
			}
		}
		if (best == 0)
			return ST_EVALUE;
		*j = best;
		*k = n + 1 - best;
		if (cover)
			*cover = best_cover;
		return 0;
	}
	double z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2.0);
	double half = z * sqrt((double)n) / 2.0;
	double lo = floor((double)n / 2.0 - half);
	double hi = ceil((double)n / 2.0 + half) + 1.0;
	if (lo < 1.0)
		lo = 1.0;
	if (hi > (double)n)
		hi = (double)n;
	*j = (size_t)lo;
	*k = (size_t)hi;
	if (cover)
		*cover = level;
	return 0;
}

/* Fill ci from ranks of a median interval, or explain why there is none. */
static int median_ci_common(size_t n, double level, st_ci *ci)
{
	size_t j, k;
	double cover;
	if (!(level > 0.0 && level < 1.0)) {
		ci_none(ci, level, "confidence level %g is not in (0, 1)", level);
		return 0;
	}
	if (st_median_ci_ranks(n, level, &j, &k, &cover) != 0) {
		ci_none(ci, level,
			"n = %zu: too few values for a %g%% interval of the median (need %zu)",
			n, 100.0 * level, median_ci_min_n(level));
		return 0;
	}
	memset(ci, 0, sizeof *ci);
	ci->valid = 1;
	ci->level = cover;
	ci->lo_rank = j;
	ci->hi_rank = k;
	return 1;
}

/* Order-statistic interval of the median of sorted samples. */
void st_median_ci_sorted_u64(const uint64_t *sorted, size_t n, double level, st_ci *ci)
{
	if (median_ci_common(n, level, ci)) {
		ci->lo = (double)sorted[ci->lo_rank - 1];
		ci->hi = (double)sorted[ci->hi_rank - 1];
	}
}

/* Order-statistic interval of the median of sorted doubles. */
void st_median_ci_sorted_f64(const double *sorted, size_t n, double level, st_ci *ci)
{
	if (median_ci_common(n, level, ci)) {
		ci->lo = sorted[ci->lo_rank - 1];
		ci->hi = sorted[ci->hi_rank - 1];
	}
}

/* Student-t interval of a mean. */
void st_mean_ci(double mean, double sd, size_t n, double level, st_ci *ci)
{
	if (!(level > 0.0 && level < 1.0)) {
		ci_none(ci, level, "confidence level %g is not in (0, 1)", level);
		return;
	}
	if (n < 2) {
		ci_none(ci, level, "n = %zu: an interval of the mean needs at least 2 values", n);
		return;
	}
	if (!isfinite(mean) || !isfinite(sd) || sd < 0.0) {
		ci_none(ci, level, "the mean or standard deviation is not finite");
		return;
	}
	double t = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)(n - 1));
	double half = t * sd / sqrt((double)n);
	memset(ci, 0, sizeof *ci);
	ci->valid = 1;
	ci->level = level;
	ci->lo = mean - half;
	ci->hi = mean + half;
}

/* Check the requested percentiles and level shared by both describe calls. */
static int describe_check(size_t n, const double *pct_at, size_t npct, double level,
			  st_err *err)
{
	if (n == 0)
		return st_seterr(err, ST_EVALUE, "no values to describe");
	if (npct > ST_MAX_PCT)
		return st_seterr(err, ST_EUSAGE, "at most %d percentiles, not %zu", ST_MAX_PCT,
				 npct);
	for (size_t i = 0; i < npct; i++)
		if (!(pct_at[i] >= 0.0 && pct_at[i] <= 100.0))
			return st_seterr(err, ST_EVALUE, "percentile %g is not in [0, 100]",
					 pct_at[i]);
	if (!(level > 0.0 && level < 1.0))
		return st_seterr(err, ST_EVALUE, "confidence level %g is not in (0, 1)", level);
	return 0;
}

/* Describe samples (sorting them in place). */
int st_describe_u64(uint64_t *v, size_t n, unsigned flags, const double *pct_at,
		    size_t npct, double level, st_desc *out, st_err *err)
{
	int rc = describe_check(n, pct_at, npct, level, err);
	if (rc)
		return rc;
	if (!(flags & ST_DESC_SORTED) && st_sort_u64(v, n) != 0)
		return st_seterr(err, ST_ENOMEM, "out of memory sorting %zu samples", n);
	memset(out, 0, sizeof *out);
	out->n = n;
	out->mean = st_mean_u64(v, n);
	out->sd = st_sd_u64(v, n, out->mean);
	out->min = (double)v[0];
	out->max = (double)v[n - 1];
	out->median = st_quantile_sorted_u64(v, n, 0.5);
	out->npct = npct;
	for (size_t i = 0; i < npct; i++) {
		out->pct_at[i] = pct_at[i];
		out->pct[i] = st_quantile_sorted_u64(v, n, pct_at[i] / 100.0);
	}
	st_median_ci_sorted_u64(v, n, level, &out->median_ci);
	st_mean_ci(out->mean, out->sd, n, level, &out->mean_ci);
	return 0;
}

/* Describe doubles (copied, then sorted). */
int st_describe_f64(const double *v, size_t n, const double *pct_at, size_t npct,
		    double level, st_desc *out, st_err *err)
{
	int rc = describe_check(n, pct_at, npct, level, err);
	if (rc)
		return rc;
	double *s = malloc(n * sizeof *s);
	if (!s)
		return st_seterr(err, ST_ENOMEM, "out of memory copying %zu values", n);
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i])) {
			free(s);
			return st_seterr(err, ST_EVALUE, "value %zu is not finite", i + 1);
		}
		s[i] = v[i];
	}
	st_sort_f64(s, n);
	memset(out, 0, sizeof *out);
	out->n = n;
	out->mean = st_mean_f64(s, n);
	out->sd = st_sd_f64(s, n, out->mean);
	out->min = s[0];
	out->max = s[n - 1];
	out->median = st_quantile_sorted_f64(s, n, 0.5);
	out->npct = npct;
	for (size_t i = 0; i < npct; i++) {
		out->pct_at[i] = pct_at[i];
		out->pct[i] = st_quantile_sorted_f64(s, n, pct_at[i] / 100.0);
	}
	st_median_ci_sorted_f64(s, n, level, &out->median_ci);
	st_mean_ci(out->mean, out->sd, n, level, &out->mean_ci);
	free(s);
	return 0;
}
