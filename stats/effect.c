/* SPDX-License-Identifier: BSD-3-Clause */
/* effect.c: Hodges-Lehmann shifts, ratios B/A and verdicts (effect.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "desc.h"
#include "effect.h"
#include "htest.h"

/* Start e as "no estimate" at level. */
static void effect_init(st_effect *e, double level)
{
	memset(e, 0, sizeof *e);
	e->level = level;
}

/* Check level and the finiteness of n values. */
static int check_input(const double *v, size_t n, char side, double level, st_err *err)
{
	if (!(level > 0.0 && level < 1.0))
		return st_seterr(err, ST_EVALUE, "confidence level %g is not in (0, 1)", level);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return st_seterr(err, ST_EVALUE, "value %zu of %c is not finite", i + 1,
					 side);
	return 0;
}

/* The smallest q with P(S <= q) >= p for counts over 0 .. max, or 0. */
static size_t lower_quantile(const double *count, size_t max, double p)
{
	long double total = 0, run = 0;
	for (size_t s = 0; s <= max; s++)
		total += count[s];
	for (size_t s = 0; s <= max; s++) {
		run += count[s];
		/* a tiny allowance, as R's qsignrank, against rounding of p */
		if (run / total >= (long double)p * (1.0L - 64 * 1e-16L))
			return s;
	}
	return max;
}

/* R's qsignrank(p, n), counted exactly, or from the normal approximation
 * above ST_WILCOXON_EXACT_MAX. (size_t)-1 when out of memory. */
static size_t q_signrank(double p, size_t n)
{
	size_t max = n * (n + 1) / 2;
	double dn = (double)n;
	if (n > ST_WILCOXON_EXACT_MAX) {
		double q =
			dn * (dn + 1.0) / 4.0 +
			gsl_cdf_ugaussian_Pinv(p) * sqrt(dn * (dn + 1.0) * (2.0 * dn + 1.0) / 24.0);
		return q < 0.0 ? 0 : (size_t)ceil(q - 0.5);
	}
	double *c = calloc(max + 1, sizeof *c);
	if (!c)
		return (size_t)-1;
	c[0] = 1.0;
	size_t top = 0;
	for (size_t k = 1; k <= n; k++) {
		top += k;
		for (size_t s = top; s >= k; s--)
			c[s] += c[s - k];
	}
	size_t q = lower_quantile(c, max, p);
	free(c);
	return q;
}

/* R's qwilcox(p, nx, ny) (U over 0 .. nx ny), exact when st_mw_exact. */
static size_t q_ranksum(double p, size_t nx, size_t ny)
{
	size_t k = nx < ny ? nx : ny, n = nx + ny, umax = nx * ny;
	double dx = (double)nx, dy = (double)ny;
	if (!st_mw_exact(nx, ny)) {
		double q = dx * dy / 2.0 +
			   gsl_cdf_ugaussian_Pinv(p) * sqrt(dx * dy * (dx + dy + 1.0) / 12.0);
		return q < 0.0 ? 0 : (size_t)ceil(q - 0.5);
	}
	/* c[j][u]: ways to pick j of the values seen so far, U = rank sum - j(j+1)/2,
	 * built by the classic recurrence on the largest value's membership. */
	size_t width = umax + 1;
	double *c = calloc((k + 1) * width, sizeof *c);
	if (!c)
		return (size_t)-1;
	c[0] = 1.0;
	/* Adding value i (0-based): picking it as the j-th pick adds i - (j - 1)
	 * to U (the picked values below it no longer count as "above"). */
	for (size_t i = 0; i < n; i++) {
		size_t jmax = i + 1 < k ? i + 1 : k;
		for (size_t j = jmax; j >= 1; j--) {
			size_t add = i - (j - 1);
			for (size_t u = umax; u + 1 > add; u--)
				c[j * width + u] += c[(j - 1) * width + u - add];
		}
	}
	size_t q = lower_quantile(c + k * width, umax, p);
	free(c);
	return q;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median and interval [v(q), v(m + 1 - q)] of m values (sorted here). */
static void finish(st_effect *e, double *v, size_t m, size_t q, int want_ci)
{
	qsort(v, m, sizeof *v, cmp_double);
	e->valid = 1;
	e->estimate = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2.0;
	if (!want_ci)
		return;
	if (q == 0) {
		/* even [min, max] covers less than level (R widens to it and warns) */
		snprintf(e->why, sizeof e->why, "too few trials for a %g%% interval",
			 100.0 * e->level);
		return;
	}
	if (q > (m + 1) / 2)
		q = (m + 1) / 2;
	e->has_ci = 1;
	e->lo = v[q - 1];
	e->hi = v[m - q];
}

/* Hodges-Lehmann shift of paired values. */
int st_hl_paired(const double *x, const double *y, size_t n, double level, st_effect *e,
		 st_err *err)
{
	int rc;
	effect_init(e, level);
	if ((rc = check_input(x, n, 'A', level, err)) || (rc = check_input(y, n, 'B', level, err)))
		return rc;
	if (n == 0) {
		snprintf(e->why, sizeof e->why, "no pairs");
		return 0;
	}
	size_t m = n * (n + 1) / 2, k = 0;
	double *w = malloc(m * sizeof *w);
	if (!w)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++)
			w[k++] = ((y[i] - x[i]) + (y[j] - x[j])) / 2.0;
	size_t q = n >= 2 ? q_signrank((1.0 - level) / 2.0, n) : 0;
	if (q == (size_t)-1) {
		free(w);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	finish(e, w, m, q, n >= 2);
	if (n < 2 && !e->why[0])
		snprintf(e->why, sizeof e->why, "1 pair: no interval");
	free(w);
	return 0;
}

/* Hodges-Lehmann shift of two samples. */
int st_hl_shift(const double *x, size_t nx, const double *y, size_t ny, double level, st_effect *e,
		st_err *err)
{
	int rc;
	effect_init(e, level);
	if ((rc = check_input(x, nx, 'A', level, err)) ||
	    (rc = check_input(y, ny, 'B', level, err)))
		return rc;
	if (nx == 0 || ny == 0) {
		snprintf(e->why, sizeof e->why, "a side has no values");
		return 0;
	}
	size_t m = nx * ny, k = 0;
	double *d = malloc(m * sizeof *d);
	if (!d)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			d[k++] = y[j] - x[i];
	int want = nx >= 2 && ny >= 2;
	size_t q = want ? q_ranksum((1.0 - level) / 2.0, nx, ny) : 0;
	if (q == (size_t)-1) {
		free(d);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	finish(e, d, m, q, want);
	if (!want && !e->why[0])
		snprintf(e->why, sizeof e->why, "a side has one value: no interval");
	free(d);
	return 0;
}

/* Ratio B/A: the Hodges-Lehmann shift of the logarithms, exponentiated. */
int st_ratio(int paired, const double *x, size_t nx, const double *y, size_t ny, double level,
	     st_effect *e, st_err *err)
{
	int rc;
	effect_init(e, level);
	if ((rc = check_input(x, nx, 'A', level, err)) ||
	    (rc = check_input(y, ny, 'B', level, err)))
		return rc;
	for (size_t i = 0; i < nx + ny; i++)
		if ((i < nx ? x[i] : y[i - nx]) <= 0.0) {
			snprintf(e->why, sizeof e->why, "a value is not positive: no ratio");
			return 0;
		}
	double *lx = malloc((nx + ny + 1) * sizeof *lx);
	if (!lx)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	double *ly = lx + nx;
	for (size_t i = 0; i < nx; i++)
		lx[i] = log(x[i]);
	for (size_t i = 0; i < ny; i++)
		ly[i] = log(y[i]);
	rc = paired ? st_hl_paired(lx, ly, nx < ny ? nx : ny, level, e, err)
		    : st_hl_shift(lx, nx, ly, ny, level, e, err);
	free(lx);
	if (rc || !e->valid)
		return rc;
	e->estimate = exp(e->estimate);
	if (e->has_ci) {
		e->lo = exp(e->lo);
		e->hi = exp(e->hi);
	}
	return 0;
}

/* The verdict at one size. */
st_verdict st_verdict_of(int significant, double sign, const st_effect *ratio, double threshold_pct)
{
	if (!ratio || !ratio->valid)
		return ST_VERDICT_INCONCLUSIVE;
	double band = threshold_pct / 100.0;
	if (ratio->has_ci && ratio->lo >= 1.0 - band && ratio->hi <= 1.0 + band)
		return ST_VERDICT_EQUIVALENT;
	if (!significant)
		return ST_VERDICT_INCONCLUSIVE;
	if (sign > 0 && ratio->estimate > 1.0)
		return ST_VERDICT_HIGHER;
	if (sign < 0 && ratio->estimate < 1.0)
		return ST_VERDICT_LOWER;
	return ST_VERDICT_INCONCLUSIVE;
}

/* The word of a verdict for a time (slower = higher) or a rate. */
const char *st_verdict_word(st_verdict v, int higher_is_better)
{
	switch (v) {
	case ST_VERDICT_EQUIVALENT: return "equivalent";
	case ST_VERDICT_HIGHER: return higher_is_better ? "faster" : "slower";
	case ST_VERDICT_LOWER: return higher_is_better ? "slower" : "faster";
	default: return "inconclusive";
	}
}
