/* SPDX-License-Identifier: BSD-3-Clause */
/* pctci.c: intervals of pooled tail percentiles with the trial as the unit
 * (pctci.h says the method). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "desc_int.h"
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
	int sg; /* lgamma_r: lgamma sets the global signgam (threads run this) */
	double lf = lgamma_r(a + b, &sg) - lgamma_r(a, &sg) - lgamma_r(b, &sg) + a * log(x) +
		    b * log1p(-x);
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
} tails;

/* One percentile's share of the scan: its pooled quantile q, the residual
 * grid y_j = q - mu - tau z_j (decreasing in j) and its counts. */
typedef struct tail_scan {
	double q, y[GRID], step;
	size_t *hist;        /* GRID + 1: residuals r with J(r) = #{j : y_j >= r} */
	double sc, scn, scc; /* sums of c_i, c_i n_i, c_i^2 (exact) */
} tail_scan;

/* The index J(r) = #{j : y_j >= r} of residual r on s's grid. */
static size_t grid_index(const tail_scan *s, double r)
{
	if (r > s->y[0])
		return 0;
	if (r <= s->y[GRID - 1])
		return GRID;
	/* the arithmetic grid's guess, then exact comparisons */
	double g = floor((s->y[0] - r) / s->step) + 1.0;
	size_t J = g < 1.0 ? 1 : g > GRID ? GRID : (size_t)g;
	while (J < GRID && s->y[J] >= r)
		J++;
	while (J > 0 && s->y[J - 1] < r)
		J--;
	return J;
}

/* The residuals' band of trial i on s's grid: samples below *lo have J =
 * GRID, above *hi J = 0 (a margin of 2 past the band's ends keeps float
 * rounding out of it); 0 when the band is too wide to count by value. */
static int band_of(const tail_scan *s, double med, size_t n, uint64_t *lo, uint64_t *hi)
{
	double a = floor(s->y[GRID - 1] + med) - 2.0, b = ceil(s->y[0] + med) + 2.0;
	if (!(b < 4503599627370496.0) || b - fmax(a, 0.0) + 1.0 > 4.0 * (double)n + 4096.0)
		return 0;
	*lo = a > 0.0 ? (uint64_t)a : 0;
	*hi = (uint64_t)b;
	return 1;
}

/* Add trial i's count cnt of samples <= q to s's sums. */
static void add_count(const tails *t, size_t i, tail_scan *s, size_t cnt)
{
	double c = (double)cnt;
	s->sc += c;
	s->scn += c * (double)t->n[i];
	s->scc += c * c;
}

/* Trial i's share of the scan, sample by sample, for every percentile of s
 * (when no window serves: no shift model, or the trials' bands too wide). */
static void trial_scan(const tails *t, size_t i, tail_scan *s, size_t np, int shift)
{
	const uint64_t *v = t->v[i];
	for (size_t j = 0; j < np; j++) {
		size_t cnt = 0;
		for (size_t l = 0; l < t->n[i]; l++) {
			cnt += (double)v[l] <= s[j].q;
			if (shift)
				s[j].hist[grid_index(&s[j], (double)v[l] - t->med[i])]++;
		}
		add_count(t, i, &s[j], cnt);
	}
}

/* Every trial's samples counted by value over one window [lo, hi] that holds
 * every band of every trial and percentile: the pooled counts there and how
 * many pooled samples lie below it, from which pooled order statistics
 * inside the window are read without another selection. */
typedef struct window {
	uint64_t lo, hi;
	size_t below, inside;
	size_t *pool; /* hi - lo + 1 counts, NULL when the window is not used */
} window;

/* Trial i's share of a window scan for percentile s (band [lo, hi] inside
 * the window [wlo, ...]; tb: the trial's counts over the window, w of
 * them, below and above: its samples outside the window): the residual
 * histogram, and its count <= q when q lies inside the window. */
static void window_trial(const tails *t, size_t i, tail_scan *s, uint64_t wlo, const size_t *tb,
			 size_t w, size_t below, size_t above)
{
	uint64_t lo, hi;
	band_of(s, t->med[i], t->n[i], &lo, &hi);
	size_t a = (size_t)(lo - wlo), b = (size_t)(hi - wlo), cb = below, ca = above;
	for (size_t u = 0; u < a; u++)
		cb += tb[u];
	for (size_t u = b + 1; u < w; u++)
		ca += tb[u];
	s->hist[GRID] += cb;
	s->hist[0] += ca;
	for (size_t u = a; u <= b; u++)
		if (tb[u])
			s->hist[grid_index(s, (double)(wlo + u) - t->med[i])] += tb[u];
	size_t cnt = below;
	if ((double)wlo <= s->q && s->q < (double)(wlo + w - 1)) {
		for (size_t u = 0; u < w && (double)(wlo + u) <= s->q; u++)
			cnt += tb[u];
	} else {
		cnt = 0;
		for (size_t l = 0; l < t->n[i]; l++)
			cnt += (double)t->v[i][l] <= s->q;
	}
	add_count(t, i, s, cnt);
}

/* The scan of tails_scan by one window over every trial and percentile
 * (one pass per trial; the pooled counts kept in wd for the intervals' ends).
 * 1 when done, 0 when it does not apply (no shift model, a band or the
 * window too wide: tails_scan's per-trial bands then), ST_ENOMEM. */
static int window_scan(const tails *t, tail_scan *s, size_t np, window *wd, st_err *err)
{
	uint64_t glo = UINT64_MAX, ghi = 0, lo, hi;
	size_t maxn = 0;
	if (!(t->tau > 0.0) || np == 0)
		return 0;
	for (size_t i = 0; i < t->k; i++) {
		maxn = t->n[i] > maxn ? t->n[i] : maxn;
		for (size_t j = 0; j < np; j++) {
			if (!band_of(&s[j], t->med[i], t->n[i], &lo, &hi))
				return 0;
			glo = lo < glo ? lo : glo;
			ghi = hi > ghi ? hi : ghi;
		}
	}
	if (ghi - glo >= 4 * (uint64_t)maxn + 4096)
		return 0;
	size_t w = (size_t)(ghi - glo) + 1;
	size_t *tb = malloc(w * sizeof *tb);
	wd->pool = calloc(w, sizeof *wd->pool);
	if (!tb || !wd->pool) {
		free(tb);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	wd->lo = glo;
	wd->hi = ghi;
	wd->below = wd->inside = 0;
	for (size_t i = 0; i < t->k; i++) {
		const uint64_t *v = t->v[i];
		size_t below = 0, above = 0;
		memset(tb, 0, w * sizeof *tb);
		for (size_t l = 0; l < t->n[i]; l++) {
			uint64_t x = v[l];
			if (x < glo)
				below++;
			else if (x > ghi)
				above++;
			else
				tb[x - glo]++;
		}
		for (size_t j = 0; j < np; j++)
			window_trial(t, i, &s[j], glo, tb, w, below, above);
		for (size_t u = 0; u < w; u++)
			wd->pool[u] += tb[u];
		wd->below += below;
		wd->inside += t->n[i] - below - above;
	}
	free(tb);
	return 1;
}

/* The pooled type-7 quantile at f from the window (pctci's ends): 1, or 0
 * when an order statistic it needs lies outside the window. */
static int window_quantile(const window *wd, size_t N, double f, double *out)
{
	size_t r[2];
	uint64_t x[2];
	size_t nr = ds_type7_ranks(N, f, r);
	for (size_t m = 0; m < nr; m++) {
		if (r[m] < wd->below || r[m] >= wd->below + wd->inside)
			return 0;
		size_t left = r[m] - wd->below, u = 0;
		while (left >= wd->pool[u]) {
			left -= wd->pool[u];
			u++;
		}
		x[m] = wd->lo + u;
	}
	*out = ds_type7_value(N, f, x);
	return 1;
}

/* The scan of every sample for all np percentiles: the counts c_i of
 * samples <= q of each trial (the observed variance, (a)) and, when the
 * trials' medians vary, the histogram of residuals x - m_i on each grid (the
 * shift model, (b)). 0, or ST_ENOMEM. */
static int tails_scan(const tails *t, tail_scan *s, size_t np, window *wd, st_err *err)
{
	int shift = t->tau > 0.0;
	for (size_t j = 0; j < np; j++) {
		s[j].sc = s[j].scn = s[j].scc = 0.0;
		for (int g = 0; g < GRID; g++)
			s[j].y[g] = s[j].q - t->mu - t->tau * t->z[g];
		s[j].step = t->tau * (t->z[1] - t->z[0]);
		memset(s[j].hist, 0, (GRID + 1) * sizeof *s[j].hist);
	}
	int rc = window_scan(t, s, np, wd, err);
	if (rc)
		return rc < 0 ? rc : 0;
	for (size_t i = 0; i < t->k; i++)
		trial_scan(t, i, s, np, shift);
	return 0;
}

/* The shift model's variance of the pooled fraction at s's q (pctci.h, (b)). */
static double shift_var(const tails *t, const tail_scan *s)
{
	if (!(t->tau > 0.0))
		return 0.0;
	double G[GRID], mean = 0.0, var = 0.0;
	size_t above = s->hist[GRID];
	for (int j = GRID - 1; j >= 0; j--) {
		G[j] = (double)above / (double)t->N;
		above += s->hist[j];
	}
	for (int j = 0; j < GRID; j++)
		mean += t->w[j] * G[j];
	for (int j = 0; j < GRID; j++)
		var += t->w[j] * (G[j] - mean) * (G[j] - mean);
	return var * t->sumsq / ((double)t->N * (double)t->N);
}

/* The observed variance over trials of the pooled fraction at s's q (pctci.h, (a)). */
static double trial_var(const tails *t, const tail_scan *s)
{
	double F = s->sc / (double)t->N;
	double ss =
		fmax(s->scc - 2.0 * F * s->scn + F * F * t->sumsq, 0.0); /* sum (c_i - F n_i)^2 */
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
	return st_pct_cis_trials_q(v, n, med_in, NULL, k, pct, np, level, ci, err);
}

int st_pct_cis_trials_q(const uint64_t *const *v, const size_t *n, const double *med_in,
			const double *q_in, size_t k, const double *pct, size_t np, double level,
			st_ci *ci, st_err *err)
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
	if (np > ST_MAX_PCT)
		return st_seterr(err, ST_EVALUE, "%zu percentiles: at most %d", np, ST_MAX_PCT);
	tails t = {.v = v, .n = n, .k = k};
	window wd = {0};
	double *med = malloc((k ? k : 1) * sizeof *med), *fr = malloc((3 * np + 1) * sizeof *fr);
	double *qs = malloc((3 * np + 1) * sizeof *qs);
	tail_scan *sc = malloc((np ? np : 1) * sizeof *sc);
	size_t *hist = malloc((np ? np : 1) * (GRID + 1) * sizeof *hist), ns = 0, at[ST_MAX_PCT];
	int rc = med && fr && qs && sc && hist ? 0 : st_seterr(err, ST_ENOMEM, "out of memory");
	if (rc == 0 && k > 0)
		rc = tails_init(&t, med_in, med, err);
	for (size_t j = 0; j < np; j++)
		fr[j] = pct[j] / 100.0;
	if (rc == 0 && k > 0 && q_in)
		memcpy(qs, q_in, np * sizeof *qs);
	else if (rc == 0 && k > 0)
		rc = st_quantiles_segs_u64(v, n, k, fr, np, qs, err);
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
		double beyond = (double)t.N * tail_pct(pct[j]) / 100.0;
		if (beyond < ST_PCT_CI_MIN_BEYOND) {
			no_ci(&ci[j], level);
			snprintf(ci[j].why, sizeof ci[j].why,
				 "the %zu samples hold about %.3g beyond it: needs at least %d "
				 "(more iterations or trials)",
				 t.N, beyond, ST_PCT_CI_MIN_BEYOND);
			continue;
		}
		sc[ns].q = qs[j];
		sc[ns].hist = hist + ns * (GRID + 1);
		at[ns++] = j;
	}
	if (rc == 0 && ns > 0)
		rc = tails_scan(&t, sc, ns, &wd, err);
	size_t nb = 0; /* fractions to invert, two per interval given */
	for (size_t m = 0; m < ns && rc == 0; m++) {
		size_t j = at[m];
		double p = fr[j], var = fmax(trial_var(&t, &sc[m]), shift_var(&t, &sc[m])), lo, hi;
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
	int read = wd.pool != NULL; /* the ends from the window, when it holds them */
	for (size_t b = 0; read && b < 2 * nb; b++)
		read = window_quantile(&wd, t.N, fr[np + b], &qs[np + b]);
	if (rc == 0 && nb > 0 && !read)
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
	free(sc);
	free(hist);
	free(wd.pool);
	return rc;
}
