/* SPDX-License-Identifier: BSD-3-Clause */
/* desc.c: descriptive statistics of latency samples. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "desc.h"
#include "desc_int.h"
#include "sterr.h"

/* Radix sort digits: 11 bits keep the 2048 counters and write streams of a
 * pass in L1/L2 (16-bit digits thrash the cache and run 2-3x slower). */
#define RADIX_BITS   11
#define RADIX_SIZE   ((size_t)1 << RADIX_BITS)
#define RADIX_DIGITS ((64 + RADIX_BITS - 1) / RADIX_BITS)

/* LSD radix sort by 11-bit digits, skipping digits where all values agree. */
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
	uint64_t all_or = 0, all_and = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		all_or |= v[i];
		all_and &= v[i];
	}
	uint64_t varying = all_or ^ all_and;
	if (varying == 0)
		return 0;
	const uint64_t mask = RADIX_SIZE - 1;
	int shifts[RADIX_DIGITS], npass = 0;
	for (int d = 0; d < RADIX_DIGITS; d++)
		if ((varying >> (d * RADIX_BITS)) & mask)
			shifts[npass++] = d * RADIX_BITS;
	uint64_t *tmp = malloc(n * sizeof *tmp);
	size_t *count = calloc((size_t)npass * RADIX_SIZE, sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return ST_ENOMEM;
	}
	/* All histograms in one read of the data. */
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		for (int p = 0; p < npass; p++)
			count[(size_t)p * RADIX_SIZE + ((x >> shifts[p]) & mask)]++;
	}
	uint64_t *src = v, *dst = tmp;
	for (int p = 0; p < npass; p++) {
		size_t *c = count + (size_t)p * RADIX_SIZE, sum = 0;
		int shift = shifts[p];
		for (size_t d = 0; d < RADIX_SIZE; d++) {
			size_t k = c[d];
			c[d] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t x = src[i];
			dst[c[(x >> shift) & mask]++] = x;
		}
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

/* Where the type-7 quantile at p of n >= 1 sorted values lies: h = (n-1) p,
 * *lo = floor(h), *frac = h - floor(h). 0 when it is the value at *lo alone
 * (p at or past an end), 1 when it interpolates between *lo and *lo + 1. */
static int type7_position(size_t n, double p, size_t *lo, double *frac)
{
	*frac = 0.0;
	if (p <= 0.0) {
		*lo = 0;
		return 0;
	}
	double h = (double)(n - 1) * p;
	*lo = p >= 1.0 ? n - 1 : (size_t)h;
	if (p >= 1.0 || *lo + 1 >= n) {
		*lo = n - 1;
		return 0;
	}
	*frac = h - (double)*lo;
	return 1;
}

/* Type-7 quantile: v[floor(h)] + (h - floor(h)) (v[floor(h)+1] - v[floor(h)]). */
double st_quantile_sorted_u64(const uint64_t *sorted, size_t n, double p)
{
	size_t lo;
	double frac;
	if (n == 0)
		return 0.0;
	if (!type7_position(n, p, &lo, &frac))
		return (double)sorted[lo];
	return (double)sorted[lo] + frac * ((double)sorted[lo + 1] - (double)sorted[lo]);
}

/* Mean with a long double accumulator. A long double holds every integer
 * below 2^64, so while the total is below 2^64 each partial sum is exact and
 * the integer sum, converted once, is the same value: summed in integers
 * then (much faster than x87 additions), else in long double. */
double st_mean_u64(const uint64_t *v, size_t n)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 t = 0;
	for (size_t i = 0; i < n; i++)
		t += v[i];
	if (t <= UINT64_MAX)
		return n ? (double)((long double)(uint64_t)t / n) : 0.0;
#endif
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
	size_t lo;
	double frac;
	if (n == 0)
		return 0.0;
	if (!type7_position(n, p, &lo, &frac))
		return sorted[lo];
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
			double c = 1.0 -
				   2.0 * gsl_cdf_binomial_P((unsigned)(jj - 1), 0.5, (unsigned)n);
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
int ds_median_ci_common(size_t n, double level, st_ci *ci)
{
	size_t j, k;
	double cover;
	if (!(level > 0.0 && level < 1.0)) {
		ci_none(ci, level, "confidence level %g is not in (0, 1)", level);
		return 0;
	}
	if (st_median_ci_ranks(n, level, &j, &k, &cover) != 0) {
		ci_none(ci, level,
			"n = %zu: too few values for a %g%% interval of the median (need %zu)", n,
			100.0 * level, median_ci_min_n(level));
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
	if (ds_median_ci_common(n, level, ci)) {
		ci->lo = (double)sorted[ci->lo_rank - 1];
		ci->hi = (double)sorted[ci->hi_rank - 1];
	}
}

/* Order-statistic interval of the median of sorted doubles. */
void st_median_ci_sorted_f64(const double *sorted, size_t n, double level, st_ci *ci)
{
	if (ds_median_ci_common(n, level, ci)) {
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
int ds_describe_check(size_t n, const double *pct_at, size_t npct, double level, st_err *err)
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
int st_describe_u64(uint64_t *v, size_t n, unsigned flags, const double *pct_at, size_t npct,
		    double level, st_desc *out, st_err *err)
{
	int rc = ds_describe_check(n, pct_at, npct, level, err);
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
int st_describe_f64(const double *v, size_t n, const double *pct_at, size_t npct, double level,
		    st_desc *out, st_err *err)
{
	int rc = ds_describe_check(n, pct_at, npct, level, err);
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

/* ---- selection over read-only segments ---- */

/* At most this many histogram buckets (512 KiB of counters). */
#define SELECT_BUCKETS 65536

#ifdef __SIZEOF_INT128__
/* Add the n values of v to the extremes *mn, *mx and to the sums of their
 * distances from ref (*a1) and of the squares of those (*a2; exact while
 * every distance is below 2^31). */
void ds_sums_add(const uint64_t *v, size_t n, uint64_t ref, uint64_t *mn, uint64_t *mx,
		 __int128 *a1, unsigned __int128 *a2)
{
	uint64_t lo = *mn, hi = *mx;
	__int128 s1 = *a1;
	unsigned __int128 s2 = *a2;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v[i];
		int64_t d = (int64_t)(x - ref);
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
		s1 += d;
		s2 += (uint64_t)d * (uint64_t)d;
	}
	*mn = lo;
	*mx = hi;
	*a1 = s1;
	*a2 = s2;
}
#endif

/* Mean and sd of n values from the sums s1 and s2 of their distances from
 * ref and of the squares of those. */
void ds_scan_finish(size_t n, uint64_t ref, long double s1, long double s2, double *mean,
		    double *sd)
{
	long double ln = (long double)n, md = n ? s1 / ln : 0;
	*mean = (double)((long double)ref + md);
	if (n > 1) {
		long double var = (s2 - s1 * md) / (ln - 1);
		*sd = var > 0 ? (double)sqrtl(var) : 0.0;
	} else {
		*sd = 0.0;
	}
}

/* Minimum, maximum, mean and sd of the union of segments, in one pass where
 * the values lie within 2^31 of the first (sums of x - first are then exact
 * in 128-bit integers), else in a second pass in long double. */
void ds_segs_scan(const uint64_t *const *segs, const size_t *lens, size_t nseg, size_t *n_out,
		  uint64_t *mn_out, uint64_t *mx_out, double *mean, double *sd)
{
	uint64_t mn = UINT64_MAX, mx = 0, ref = 0;
	size_t n = 0;
	for (size_t s = 0; s < nseg; s++)
		if (lens[s]) {
			ref = segs[s][0];
			break;
		}
	long double s1 = 0, s2 = 0;
#ifdef __SIZEOF_INT128__
	__int128 a1 = 0;
	unsigned __int128 a2 = 0;
	for (size_t s = 0; s < nseg; s++) {
		ds_sums_add(segs[s], lens[s], ref, &mn, &mx, &a1, &a2);
		n += lens[s];
	}
	int exact = (mx - ref) < ((uint64_t)1 << 31) && (ref - mn) < ((uint64_t)1 << 31);
	if (exact) {
		s1 = (long double)a1;
		s2 = (long double)a2;
	}
#else
	int exact = 0;
	for (size_t s = 0; s < nseg; s++) {
		const uint64_t *v = segs[s];
		for (size_t i = 0; i < lens[s]; i++) {
			mn = v[i] < mn ? v[i] : mn;
			mx = v[i] > mx ? v[i] : mx;
		}
		n += lens[s];
	}
#endif
	if (!exact) {
		ref = mn;
		for (size_t s = 0; s < nseg; s++) {
			const uint64_t *v = segs[s];
			for (size_t i = 0; i < lens[s]; i++) {
				long double d = (long double)(v[i] - mn);
				s1 += d;
				s2 += d * d;
			}
		}
	}
	ds_scan_finish(n, ref, s1, s2, mean, sd);
	*n_out = n;
	*mn_out = n ? mn : 0;
	*mx_out = mx;
}

/* Count the values of the segments in each bucket ((v - mn) >> shift) of h,
 * then make h[b] the number of values in buckets before b. The total. */
static size_t bucket_starts(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			    uint64_t mn, int shift, size_t *h, size_t nb)
{
	for (size_t s = 0; s < nseg; s++) {
		const uint64_t *v = segs[s];
		for (size_t i = 0; i < lens[s]; i++)
			h[(v[i] - mn) >> shift]++;
	}
	size_t sum = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t c = h[b];
		h[b] = sum;
		sum += c;
	}
	return sum;
}

/* For each rank, its bucket tb[i] (the last b with h[b] <= ranks[i]) and its
 * rank within[i] there; dist gets the distinct buckets. Their count. */
static size_t locate_ranks(const size_t *h, size_t nb, const size_t *ranks, size_t nr, size_t *tb,
			   size_t *within, size_t *dist)
{
	size_t ndist = 0;
	for (size_t i = 0; i < nr; i++) {
		size_t lo = 0, hi = nb - 1;
		while (lo < hi) {
			size_t mid = lo + (hi - lo + 1) / 2;
			if (h[mid] <= ranks[i])
				lo = mid;
			else
				hi = mid - 1;
		}
		tb[i] = lo;
		within[i] = ranks[i] - h[lo];
		size_t k = 0;
		while (k < ndist && dist[k] != lo)
			k++;
		if (k == ndist)
			dist[ndist++] = lo;
	}
	return ndist;
}

/* out[i] = the ranks[i]-th smallest (0-based, < n) of the union of segments
 * whose minimum and maximum are mn and mx. A histogram over the value range
 * locates each rank's bucket; the values of those buckets only are gathered
 * and sorted. */
static int segs_select(const uint64_t *const *segs, const size_t *lens, size_t nseg, uint64_t mn,
		       uint64_t mx, const size_t *ranks, size_t nr, uint64_t *out)
{
	uint64_t range = mx - mn;
	int shift = 0;
	while ((range >> shift) >= SELECT_BUCKETS)
		shift++;
	size_t nb = (size_t)(range >> shift) + 1;
	size_t *h = calloc(nb, sizeof *h);
	size_t *tb = malloc(3 * (nr ? nr : 1) * sizeof *tb); /* bucket, rank in it, distinct */
	if (!h || !tb) {
		free(h);
		free(tb);
		return ST_ENOMEM;
	}
	size_t *within = tb + nr, *dist = tb + 2 * nr;
	size_t sum = bucket_starts(segs, lens, nseg, mn, shift, h, nb);
	size_t ndist = locate_ranks(h, nb, ranks, nr, tb, within, dist);
	if (shift == 0) { /* a bucket is a value */
		for (size_t i = 0; i < nr; i++)
			out[i] = mn + tb[i];
		free(h);
		free(tb);
		return 0;
	}
	/* Gather the wanted buckets: h[b] becomes a write cursor, or SIZE_MAX. */
	size_t *cnt = malloc(2 * ndist * sizeof *cnt), *off = NULL;
	if (!cnt) {
		free(h);
		free(tb);
		return ST_ENOMEM;
	}
	off = cnt + ndist;
	size_t total = 0;
	for (size_t k = 0; k < ndist; k++) {
		size_t b = dist[k];
		cnt[k] = (b + 1 < nb ? h[b + 1] : sum) - h[b];
		off[k] = total;
		total += cnt[k];
	}
	for (size_t b = 0; b < nb; b++)
		h[b] = SIZE_MAX;
	for (size_t k = 0; k < ndist; k++)
		h[dist[k]] = off[k];
	uint64_t *buf = malloc((total ? total : 1) * sizeof *buf);
	if (!buf) {
		free(cnt);
		free(h);
		free(tb);
		return ST_ENOMEM;
	}
	for (size_t s = 0; s < nseg; s++) {
		const uint64_t *v = segs[s];
		for (size_t i = 0; i < lens[s]; i++) {
			size_t *c = &h[(v[i] - mn) >> shift];
			if (*c != SIZE_MAX)
				buf[(*c)++] = v[i];
		}
	}
	int rc = 0;
	for (size_t k = 0; k < ndist && rc == 0; k++)
		rc = st_sort_u64(buf + off[k], cnt[k]);
	for (size_t i = 0; i < nr && rc == 0; i++) {
		size_t k = 0;
		while (dist[k] != tb[i])
			k++;
		out[i] = buf[off[k] + within[i]];
	}
	free(buf);
	free(cnt);
	free(h);
	free(tb);
	return rc;
}

/* The 0-based ranks a type-7 quantile at p needs (1 or 2 of them). */
size_t ds_type7_ranks(size_t n, double p, size_t *r)
{
	if (p <= 0.0) {
		r[0] = 0;
		return 1;
	}
	if (p >= 1.0) {
		r[0] = n - 1;
		return 1;
	}
	size_t lo = (size_t)((double)(n - 1) * p);
	r[0] = lo;
	if (lo + 1 >= n)
		return 1;
	r[1] = lo + 1;
	return 2;
}

/* A type-7 quantile at p from the order statistics type7_ranks named. */
double ds_type7_value(size_t n, double p, const uint64_t *x)
{
	if (p <= 0.0 || p >= 1.0)
		return (double)x[0];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	if (lo + 1 >= n)
		return (double)x[0];
	double frac = h - (double)lo;
	return (double)x[0] + frac * ((double)x[1] - (double)x[0]);
}

/* Quantiles of the union of segments at p[0 .. np-1] (n, mn, mx known). */
static int segs_quantiles(const uint64_t *const *segs, const size_t *lens, size_t nseg, size_t n,
			  uint64_t mn, uint64_t mx, const double *p, size_t np, double *out)
{
	size_t *ranks = calloc(2 * np + 1, sizeof *ranks);
	uint64_t *x = malloc((2 * np + 1) * sizeof *x);
	size_t *nrk = malloc((np + 1) * sizeof *nrk);
	int rc = ST_ENOMEM;
	if (ranks && x && nrk) {
		size_t nr = 0;
		for (size_t i = 0; i < np; i++) {
			nrk[i] = ds_type7_ranks(n, p[i], ranks + nr);
			nr += nrk[i];
		}
		rc = segs_select(segs, lens, nseg, mn, mx, ranks, nr, x);
		for (size_t i = 0, at = 0; rc == 0 && i < np; at += nrk[i], i++)
			out[i] = ds_type7_value(n, p[i], x + at);
	}
	free(ranks);
	free(x);
	free(nrk);
	return rc;
}

/* The ranks (0-based) st_desc needs of n pooled values: the percentiles,
 * the median, and the median CI's two ranks; nrk[i] of them for pct_at[i]
 * (i < npct) and nrk[npct] for the median. Sets out's pct_at, npct and
 * median_ci (valid or why not). How many in ranks (<= DS_POOLED_RANKS). */
size_t ds_pooled_ranks(size_t n, const double *pct_at, size_t npct, double level, st_desc *out,
		       size_t *ranks, size_t *nrk)
{
	size_t nr = 0;
	out->npct = npct;
	for (size_t i = 0; i < npct; i++) {
		out->pct_at[i] = pct_at[i];
		nrk[i] = ds_type7_ranks(n, pct_at[i] / 100.0, ranks + nr);
		nr += nrk[i];
	}
	nrk[npct] = ds_type7_ranks(n, 0.5, ranks + nr);
	nr += nrk[npct];
	if (ds_median_ci_common(n, level, &out->median_ci)) {
		ranks[nr++] = out->median_ci.lo_rank - 1;
		ranks[nr++] = out->median_ci.hi_rank - 1;
	}
	return nr;
}

/* Fill out's percentiles, median, median CI and mean CI from the values x
 * at the ranks ds_pooled_ranks named. */
void ds_pooled_fill(size_t n, const size_t *nrk, const uint64_t *x, double level, st_desc *out)
{
	size_t at = 0;
	for (size_t i = 0; i < out->npct; at += nrk[i], i++)
		out->pct[i] = ds_type7_value(n, out->pct_at[i] / 100.0, x + at);
	out->median = ds_type7_value(n, 0.5, x + at);
	at += nrk[out->npct];
	if (out->median_ci.valid) {
		out->median_ci.lo = (double)x[at];
		out->median_ci.hi = (double)x[at + 1];
	}
	st_mean_ci(out->mean, out->sd, n, level, &out->mean_ci);
}

/* Describe samples spread over segments, by selection. */
int st_describe_segs_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			 const double *pct_at, size_t npct, double level, st_desc *out, st_err *err)
{
	size_t n = 0;
	for (size_t s = 0; s < nseg; s++)
		n += lens[s];
	int rc = ds_describe_check(n, pct_at, npct, level, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	uint64_t mn, mx;
	ds_segs_scan(segs, lens, nseg, &out->n, &mn, &mx, &out->mean, &out->sd);
	out->min = (double)mn;
	out->max = (double)mx;
	size_t ranks[DS_POOLED_RANKS], nrk[ST_MAX_PCT + 1];
	uint64_t x[DS_POOLED_RANKS];
	size_t nr = ds_pooled_ranks(n, pct_at, npct, level, out, ranks, nrk);
	if (segs_select(segs, lens, nseg, mn, mx, ranks, nr, x) != 0)
		return st_seterr(err, ST_ENOMEM, "out of memory selecting among %zu samples", n);
	ds_pooled_fill(n, nrk, x, level, out);
	return 0;
}

/* Quantiles of unsorted samples, by selection. */
int st_quantiles_u64(const uint64_t *v, size_t n, const double *p, size_t np, double *out,
		     st_err *err)
{
	return st_quantiles_segs_u64(&v, &n, 1, p, np, out, err);
}

/* Quantiles of samples spread over segments, by selection. */
int st_quantiles_segs_u64(const uint64_t *const *segs, const size_t *lens, size_t nseg,
			  const double *p, size_t np, double *out, st_err *err)
{
	size_t n = 0;
	for (size_t s = 0; s < nseg; s++)
		n += lens[s];
	if (n == 0)
		return st_seterr(err, ST_EVALUE, "no values");
	for (size_t i = 0; i < np; i++)
		if (!(p[i] >= 0.0 && p[i] <= 1.0))
			return st_seterr(err, ST_EVALUE, "quantile %g is not in [0, 1]", p[i]);
	uint64_t mn = UINT64_MAX, mx = 0;
	for (size_t s = 0; s < nseg; s++)
		for (size_t i = 0; i < lens[s]; i++) {
			mn = segs[s][i] < mn ? segs[s][i] : mn;
			mx = segs[s][i] > mx ? segs[s][i] : mx;
		}
	if (segs_quantiles(segs, lens, nseg, n, mn, mx, p, np, out) != 0)
		return st_seterr(err, ST_ENOMEM, "out of memory selecting among %zu samples", n);
	return 0;
}
