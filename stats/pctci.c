/* SPDX-License-Identifier: BSD-3-Clause */
/* pctci.c: intervals of pooled tail percentiles with the trial as the unit
 * (pctci.h says the method). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "pctci.h"

/* Tail fraction of percentile pct: min(p, 1 - p) in percent. */
static double tail_pct(double pct)
{
	return pct < 50.0 ? pct : 100.0 - pct;
}

int st_pct_is_tail(double pct)
{
	return tail_pct(pct) < 25.0 - 1e-9;
}

size_t st_pct_ci_min_trials(double pct)
{
	double e = tail_pct(pct);
	if (e >= 25.0 - 1e-9)
		return 2;
	if (e >= 5.0 - 1e-9)
		return 5;
	if (e >= 0.5 - 1e-9)
		return 10;
	return 30;
}

/* The continued fraction of the incomplete beta function at x (modified
 * Lentz); converges quickly for x < (a + 1) / (a + b + 2). */
static double beta_cf(double x, double a, double b)
{
	const double tiny = 1e-300;
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
	d = fabs(d) < tiny ? tiny : d;
	d = 1.0 / d;
	double f = d;
	for (int m = 1; m < 1000000; m++) {
		double m2 = 2.0 * m;
		double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		for (int step = 0; step < 2; step++) {
			d = 1.0 + num * d;
			d = fabs(d) < tiny ? tiny : d;
			c = 1.0 + num / c;
			c = fabs(c) < tiny ? tiny : c;
			d = 1.0 / d;
			f *= d * c;
			num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		}
		if (fabs(d * c - 1.0) < 4.0 * DBL_EPSILON)
			break;
	}
	return f;
}

/* The regularized incomplete beta function I_x(a, b). */
static double beta_inc(double x, double a, double b)
{
	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	double lf = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(lf) * beta_cf(x, a, b) / a;
	return 1.0 - exp(lf) * beta_cf(1.0 - x, b, a) / b;
}

double st_beta_quantile(double P, double a, double b)
{
	if (!(P > 0.0))
		return 0.0;
	if (!(P < 1.0))
		return 1.0;
	double lo = 0.0, hi = 1.0;
	for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
		double mid = 0.5 * (lo + hi);
		if (beta_inc(mid, a, b) < P)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* No interval: valid 0 (the caller writes why). */
static void no_ci(st_ci *ci, double level)
{
	memset(ci, 0, sizeof *ci);
	ci->level = level;
}

/* The z grid of the shift model's normal trial medians, and its weights. */
#define GRID 401
static void normal_grid(double *z, double *w)
{
	double sum = 0.0;
	for (int j = 0; j < GRID; j++) {
		z[j] = -6.0 + 12.0 * j / (GRID - 1);
		w[j] = exp(-0.5 * z[j] * z[j]);
		sum += w[j];
	}
	for (int j = 0; j < GRID; j++)
		w[j] /= sum;
}

/* What one row's intervals share: the trials, their medians, the grid. */
typedef struct tails {
	const uint64_t *const *v;
	const size_t *n;
	size_t k, N;
	const double *med;
	double mu, tau, sumsq; /* mean and sd of the medians; sum n_i^2 */
	double z[GRID], w[GRID];
	size_t *hist; /* GRID + 1 */
} tails;

/* The shift model's variance of the pooled fraction at q (pctci.h, (b)). */
static double shift_var(tails *t, double q)
{
	if (!(t->tau > 0.0))
		return 0.0;
	/* y_j = q - mu - tau z_j decreases with j; a residual r is <= y_j for
	 * the j below J(r) = #{j : y_j >= r}. */
	double y[GRID];
	for (int j = 0; j < GRID; j++)
		y[j] = q - t->mu - t->tau * t->z[j];
	memset(t->hist, 0, (GRID + 1) * sizeof *t->hist);
	double step = t->tau * (t->z[1] - t->z[0]);
	for (size_t i = 0; i < t->k; i++)
		for (size_t l = 0; l < t->n[i]; l++) {
			double r = (double)t->v[i][l] - t->med[i];
			size_t J;
			if (r > y[0])
				J = 0;
			else if (r <= y[GRID - 1])
				J = GRID;
			else {
				/* the arithmetic grid's guess, then exact comparisons */
				double g = floor((y[0] - r) / step) + 1.0;
				J = g < 1.0 ? 1 : g > GRID ? GRID : (size_t)g;
				while (J < GRID && y[J] >= r)
					J++;
				while (J > 0 && y[J - 1] < r)
					J--;
			}
			t->hist[J]++;
		}
	double G[GRID], mean = 0.0, var = 0.0;
	size_t above = t->hist[GRID];
	for (int j = GRID - 1; j >= 0; j--) {
		G[j] = (double)above / (double)t->N;
		above += t->hist[j];
	}
	for (int j = 0; j < GRID; j++)
		mean += t->w[j] * G[j];
	for (int j = 0; j < GRID; j++)
		var += t->w[j] * (G[j] - mean) * (G[j] - mean);
	return var * t->sumsq / ((double)t->N * (double)t->N);
}

/* The observed variance over trials of the pooled fraction at q (pctci.h, (a)). */
static double trial_var(const tails *t, double q)
{
	double sc = 0.0, scn = 0.0, scc = 0.0; /* sums of c_i, c_i n_i, c_i^2 (exact) */
	for (size_t i = 0; i < t->k; i++) {
		size_t cnt = 0;
		for (size_t l = 0; l < t->n[i]; l++)
			cnt += (double)t->v[i][l] <= q;
		double c = (double)cnt;
		sc += c;
		scn += c * (double)t->n[i];
		scc += c * c;
	}
	double F = sc / (double)t->N;
	double ss = fmax(scc - 2.0 * F * scn + F * F * t->sumsq, 0.0); /* sum (c_i - F n_i)^2 */
	return (double)t->k / (double)(t->k - 1) * ss / ((double)t->N * (double)t->N);
}

/* The interval of the fraction at p: Korn and Graubard's (pctci.h). */
static void fraction_ci(const tails *t, double p, double var, double level, double *flo,
			double *fhi)
{
	double N = (double)t->N, a = 1.0 - level;
	double ne = var > 0.0 ? fmin(p * (1.0 - p) / var, N) : N;
	double z = gsl_cdf_ugaussian_Pinv(1.0 - a / 2.0);
	double tq = gsl_cdf_tdist_Pinv(1.0 - a / 2.0, (double)(t->k - 1));
	ne *= (z / tq) * (z / tq);
	*flo = st_beta_quantile(a / 2.0, ne * p, ne * (1.0 - p) + 1.0);
	*fhi = st_beta_quantile(1.0 - a / 2.0, ne * p + 1.0, ne * (1.0 - p));
}

/* Fill t's medians (given, or computed into med) and grid; 0 or ST_ENOMEM. */
static int tails_init(tails *t, const double *given, double *med, st_err *err)
{
	double half = 0.5;
	t->N = 0;
	t->sumsq = 0.0;
	for (size_t i = 0; i < t->k; i++) {
		int rc = given ? 0 : st_quantiles_u64(t->v[i], t->n[i], &half, 1, &med[i], err);
		if (rc)
			return rc;
		t->N += t->n[i];
		t->sumsq += (double)t->n[i] * (double)t->n[i];
	}
	t->med = given ? given : med;
	t->mu = st_mean_f64(t->med, t->k);
	t->tau = st_sd_f64(t->med, t->k, t->mu);
	normal_grid(t->z, t->w);
	return 0;
}

int st_pct_cis_trials(const uint64_t *const *v, const size_t *n, const double *med_in, size_t k,
		      const double *pct, size_t np, double level, st_ci *ci, st_err *err)
{
	if (!(level > 0.0 && level < 1.0))
		return st_seterr(err, ST_EVALUE, "confidence level %g is not in (0, 1)", level);
	for (size_t j = 0; j < np; j++)
		if (!(pct[j] > 0.0 && pct[j] < 100.0))
			return st_seterr(err, ST_EVALUE, "percentile %g is not in (0, 100)",
					 pct[j]);
	for (size_t i = 0; i < k; i++)
		if (n[i] == 0)
			return st_seterr(err, ST_EVALUE, "trial %zu has no samples", i + 1);
	tails t = {.v = v, .n = n, .k = k};
	double *med = malloc((k ? k : 1) * sizeof *med), *fr = malloc((3 * np + 1) * sizeof *fr);
	double *qs = malloc((3 * np + 1) * sizeof *qs);
	t.hist = malloc((GRID + 1) * sizeof *t.hist);
	int rc = med && fr && qs && t.hist ? 0 : st_seterr(err, ST_ENOMEM, "out of memory");
	if (rc == 0 && k > 0)
		rc = tails_init(&t, med_in, med, err);
	for (size_t j = 0; j < np; j++)
		fr[j] = pct[j] / 100.0;
	if (rc == 0 && k > 0)
		rc = st_quantiles_segs_u64(v, n, k, fr, np, qs, err);
	size_t nb = 0; /* fractions to invert, two per interval given */
	for (size_t j = 0; j < np && rc == 0; j++) {
		size_t need = st_pct_ci_min_trials(pct[j]);
		if (k < need) {
			no_ci(&ci[j], level);
			snprintf(
				ci[j].why, sizeof ci[j].why,
				"needs at least %zu trials (has %zu) to show how the tail varies between trials",
				need, k);
			continue;
		}
		double p = fr[j], var = fmax(trial_var(&t, qs[j]), shift_var(&t, qs[j])), lo, hi;
		fraction_ci(&t, p, var, level, &lo, &hi);
		double edge = 0.5 / (double)t.N;
		if (!(lo >= edge && hi <= 1.0 - edge)) {
			no_ci(&ci[j], level);
			snprintf(ci[j].why, sizeof ci[j].why,
				 "the %zu samples cannot bound it: needs more trials or iterations",
				 t.N);
			continue;
		}
		memset(&ci[j], 0, sizeof ci[j]);
		ci[j].valid = 1;
		ci[j].level = level;
		fr[np + 2 * nb] = lo;
		fr[np + 2 * nb + 1] = hi;
		nb++;
	}
	if (rc == 0 && nb > 0)
		rc = st_quantiles_segs_u64(v, n, k, fr + np, 2 * nb, qs + np, err);
	for (size_t j = 0, b = 0; j < np && rc == 0; j++)
		if (ci[j].valid) {
			ci[j].lo = qs[np + 2 * b];
			ci[j].hi = qs[np + 2 * b + 1];
			b++;
		}
	free(med);
	free(fr);
	free(qs);
	free(t.hist);
	return rc;
}
