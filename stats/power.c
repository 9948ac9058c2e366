/* SPDX-License-Identifier: BSD-3-Clause */
/* power.c: the noncentral t distribution by integration, power and sample
 * size of the two-sided t tests, and the plan of a comparison (power.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "power.h"

/* Points of the Gauss-Legendre rule of each panel. */
#define GL_N 20

/* Nodes (in (-1, 1)) and weights of the GL_N-point Gauss-Legendre rule:
 * Newton's method on the Legendre polynomial from the usual cosine guesses. */
static void gl_rule(double x[GL_N], double w[GL_N])
{
	for (int i = 0; i < GL_N; i++) {
		double z = cos(M_PI * (i + 0.75) / (GL_N + 0.5)), dp = 1.0;
		for (int it = 0; it < 100; it++) {
			double p0 = 1.0, p1 = z;
			for (int k = 2; k <= GL_N; k++) {
				double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
				p0 = p1;
				p1 = p2;
			}
			dp = GL_N * (z * p1 - p0) / (z * z - 1.0);
			double dz = p1 / dp;
			z -= dz;
			if (fabs(dz) < 1e-16)
				break;
		}
		x[i] = z;
		w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
	}
}

/* The integrand's parts: S = sqrt(V / df), V chi-square with df degrees. */
typedef struct nct_int {
	double df, lc; /* lc: log of f_S's constant */
	double t, ncp;
	int mode; /* 0: P(T <= t); 1: P(T > t); 2: P(T > t) + P(T < -t) */
} nct_int;

/* log f_S(s) for s > 0. */
static double chi_logpdf(const nct_int *ni, double s)
{
	return ni->lc + (ni->df - 1.0) * log(s) - ni->df * s * s / 2.0;
}

/* The integrand at s: the probability given S = s, times f_S(s). */
static double nct_f(const nct_int *ni, double s)
{
	double dens = exp(chi_logpdf(ni, s)), p;
	switch (ni->mode) {
	case 0: p = gsl_cdf_ugaussian_P(ni->t * s - ni->ncp); break;
	case 1: p = gsl_cdf_ugaussian_Q(ni->t * s - ni->ncp); break;
	default:
		p = gsl_cdf_ugaussian_Q(ni->t * s - ni->ncp) +
		    gsl_cdf_ugaussian_P(-ni->t * s - ni->ncp);
	}
	return p * dens;
}

/* Where f_S falls below e^-70 of its mode, going from the mode sm by dir. */
static double chi_edge(const nct_int *ni, double sm, double dir)
{
	double top = sm > 0 ? chi_logpdf(ni, sm) : ni->lc, h = 1.0 / sqrt(ni->df);
	for (int i = 0; i < 60; i++, h *= 1.5) {
		double s = sm + dir * h;
		if (s <= 0.0)
			return 0.0;
		if (chi_logpdf(ni, s) < top - 70.0)
			return s;
	}
	return sm + dir * h;
}

/* Composite Gauss-Legendre over [lo, hi] with np panels. */
static double gl_sum(const nct_int *ni, double lo, double hi, int np, const double *x,
		     const double *w)
{
	double h = (hi - lo) / np, sum = 0.0;
	for (int k = 0; k < np; k++) {
		double mid = lo + (k + 0.5) * h, part = 0.0;
		for (int i = 0; i < GL_N; i++)
			part += w[i] * nct_f(ni, mid + x[i] * h / 2.0);
		sum += part * h / 2.0;
	}
	return sum;
}

/* The integral of the mode of ni over S. */
static double nct_integral(nct_int *ni)
{
	double x[GL_N], w[GL_N];
	gl_rule(x, w);
	double h = ni->df / 2.0;
	ni->lc = log(2.0) + h * log(h) - lgamma(h);
	double sm = sqrt((ni->df - 1.0) / ni->df);
	double lo = sm > 0 ? chi_edge(ni, sm, -1.0) : 0.0, hi = chi_edge(ni, sm, 1.0);
	/* Split at the mode: the density is smooth on each side. */
	double mid = sm > lo ? sm : (lo + hi) / 2.0;
	double prev = gl_sum(ni, lo, mid, 8, x, w) + gl_sum(ni, mid, hi, 8, x, w);
	for (int np = 16; np <= 4096; np *= 2) {
		double cur = gl_sum(ni, lo, mid, np, x, w) + gl_sum(ni, mid, hi, np, x, w);
		if (fabs(cur - prev) <= 1e-12 * fabs(cur) + 1e-300)
			return cur;
		prev = cur;
	}
	return prev;
}

/* Tail of the noncentral t. */
int st_nct_tail(double t, double df, double ncp, int upper, double *p, st_err *err)
{
	if (!isfinite(t) || !isfinite(df) || !isfinite(ncp) || df < 1.0)
		return st_seterr(err, ST_EVALUE,
				 "noncentral t: t %g, df %g, ncp %g (need finite values, df >= 1)",
				 t, df, ncp);
	nct_int ni = {.df = df, .t = t, .ncp = ncp, .mode = upper ? 1 : 0};
	double v = nct_integral(&ni);
	*p = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
	return 0;
}

/* df and ncp of design d with n_a, n_b trials against delta. */
static void design_t(const st_power_design *d, double n_a, double n_b, double delta, double *df,
		     double *ncp)
{
	if (d->paired) {
		*df = n_a - 1.0;
		*ncp = delta * sqrt(n_a) / d->sd;
		return;
	}
	double va = d->sd * d->sd / n_a, vb = d->sd_b * d->sd_b / n_b;
	*df = (va + vb) * (va + vb) / (va * va / (n_a - 1.0) + vb * vb / (n_b - 1.0));
	*ncp = delta / sqrt(va + vb);
}

/* Check a design and trial counts. */
static int design_check(const st_power_design *d, double n_a, double n_b, st_err *err)
{
	if (!(d->alpha > 0.0 && d->alpha < 1.0))
		return st_seterr(err, ST_EVALUE, "power: alpha %g is not in (0, 1)", d->alpha);
	if (!(d->sd > 0.0 && isfinite(d->sd)) ||
	    (!d->paired && !(d->sd_b > 0.0 && isfinite(d->sd_b))))
		return st_seterr(err, ST_EVALUE, "power: the sd must be positive and finite");
	if (!(n_a >= 2.0 && isfinite(n_a)) || (!d->paired && !(n_b >= 2.0 && isfinite(n_b))))
		return st_seterr(err, ST_EVALUE, "power: at least 2 trials are needed");
	return 0;
}

/* The power of d; inputs checked. */
static double power_of(const st_power_design *d, double n_a, double n_b, double delta)
{
	double df, ncp;
	design_t(d, n_a, n_b, delta, &df, &ncp);
	nct_int ni = {.df = df, .ncp = ncp, .mode = 2};
	ni.t = gsl_cdf_tdist_Qinv(d->alpha / 2.0, df);
	double v = nct_integral(&ni);
	return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* Power against delta. */
int st_power_of(const st_power_design *d, double n_a, double n_b, double delta, double *power,
		st_err *err)
{
	int rc = design_check(d, n_a, n_b, err);
	if (rc)
		return rc;
	if (!(delta >= 0.0 && isfinite(delta)))
		return st_seterr(err, ST_EVALUE, "power: the difference %g is not >= 0", delta);
	*power = power_of(d, n_a, n_b, delta);
	return 0;
}

/* Check a target power. */
static int power_check(const st_power_design *d, double power, st_err *err)
{
	if (!(power > d->alpha && power < 1.0))
		return st_seterr(err, ST_EVALUE, "power %g is not in (alpha %g, 1)", power,
				 d->alpha);
	return 0;
}

/* Smallest n reaching power. */
int st_power_trials(const st_power_design *d, double delta, double power, size_t nmax, size_t *n,
		    double *achieved, st_err *err)
{
	int rc = design_check(d, 2.0, 2.0, err);
	if (!rc)
		rc = power_check(d, power, err);
	if (!rc && !(delta > 0.0 && isfinite(delta)))
		rc = st_seterr(err, ST_EVALUE, "power: the difference %g is not > 0", delta);
	if (rc)
		return rc;
	if (nmax < 2)
		nmax = 2;
	/* Power grows with n: double until it is reached, then bisect. */
	size_t lo = 1, hi = 2;
	double phi = power_of(d, 2.0, 2.0, delta);
	while (phi < power) {
		if (hi == nmax) {
			*n = 0;
			*achieved = phi;
			return 0;
		}
		lo = hi;
		hi = hi > nmax / 2 ? nmax : 2 * hi;
		phi = power_of(d, (double)hi, (double)hi, delta);
	}
	while (hi - lo > 1) {
		size_t m = lo + (hi - lo) / 2;
		double pm = power_of(d, (double)m, (double)m, delta);
		if (pm >= power) {
			hi = m;
			phi = pm;
		} else {
			lo = m;
		}
	}
	*n = hi;
	*achieved = phi;
	return 0;
}

/* Smallest delta detected with power. */
int st_power_delta(const st_power_design *d, double n_a, double n_b, double power, double *delta,
		   st_err *err)
{
	int rc = design_check(d, n_a, n_b, err);
	if (!rc)
		rc = power_check(d, power, err);
	if (rc)
		return rc;
	/* The scale of a detectable difference: one standard error. */
	double df, se;
	design_t(d, n_a, n_b, 1.0, &df, &se);
	se = 1.0 / se;
	double lo = 0.0, hi = se;
	while (power_of(d, n_a, n_b, hi) < power) {
		lo = hi;
		hi *= 2.0;
		if (!isfinite(hi))
			return st_seterr(err, ST_EVALUE, "power: no difference reaches %g", power);
	}
	while (hi - lo > 1e-12 * hi) {
		double m = (lo + hi) / 2.0;
		if (power_of(d, n_a, n_b, m) >= power)
			hi = m;
		else
			lo = m;
	}
	*delta = hi;
	return 0;
}

/* The plan of one row r of c into p (p->why set when a value is unknown). */
static int plan_row(const st_compare_row *r, const st_plan *pl, int paired, st_plan_row *p,
		    st_err *err)
{
	p->paired = paired;
	p->n_a = paired ? r->npairs : r->a.ntrials;
	p->n_b = paired ? r->npairs : r->b.ntrials;
	p->a_mean = r->a.stat_mean;
	p->has_delta = r->a.stat_mean != 0.0;
	p->delta = fabs(r->a.stat_mean) * pl->threshold_pct / 100.0;
	p->sd = paired ? r->diff_sd : r->a.stat_sd;
	p->sd_b = paired ? r->diff_sd : r->b.stat_sd;
	if (p->n_a < 3 || p->n_b < 3) {
		if (paired)
			snprintf(p->why, sizeof p->why,
				 "%zu pair%s: fewer than 3 give no usable estimate of the "
				 "between-trial sd",
				 p->n_a, p->n_a == 1 ? "" : "s");
		else
			snprintf(p->why, sizeof p->why,
				 "%zu and %zu trials: fewer than 3 on a side give no usable "
				 "estimate of the between-trial sd",
				 p->n_a, p->n_b);
		return 0;
	}
	if (!(p->sd > 0.0) || !(p->sd_b > 0.0)) {
		snprintf(p->why, sizeof p->why,
			 "no between-trial variation observed (sd 0%s): no estimate of the "
			 "trials needed",
			 paired ? " of the paired differences" : " on a side");
		return 0;
	}
	p->has_sd = 1;
	st_power_design d = {
		.paired = paired, .sd = p->sd, .sd_b = p->sd_b, .alpha = pl->alpha_test};
	int rc = st_power_delta(&d, (double)p->n_a, (double)p->n_b, pl->power, &p->mde, err);
	if (rc)
		return rc;
	p->has_mde = 1;
	p->mde_pct = p->has_delta ? 100.0 * p->mde / fabs(p->a_mean) : 0.0;
	if (!p->has_delta || !(p->delta > 0.0)) {
		snprintf(p->why, sizeof p->why,
			 "A's mean is 0: a threshold in percent of it is no difference");
		return 0;
	}
	double achieved;
	rc = st_power_of(&d, (double)p->n_a, (double)p->n_b, p->delta, &p->power_now, err);
	if (rc == 0)
		rc = st_power_trials(&d, p->delta, pl->power, ST_PLAN_NMAX, &p->needed, &achieved,
				     err);
	p->has_power = p->has_needed = rc == 0;
	return rc;
}

/* Plan the rows of a comparison. */
int st_plan_compute(const st_comparison *c, double power, st_plan **out, st_err *err)
{
	*out = NULL;
	const st_opts *o = &c->opts;
	if (!(power > 0.0 && power < 1.0))
		return st_seterr(err, ST_EVALUE, "power %g is not in (0, 1)", power);
	st_plan *pl = calloc(1, sizeof *pl);
	if (!pl || !(pl->rows = calloc(c->nrows ? c->nrows : 1, sizeof *pl->rows))) {
		free(pl);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	pl->power = power;
	pl->threshold_pct = o->threshold_pct;
	pl->alpha = o->alpha;
	pl->family = c->nrows;
	pl->alpha_test =
		o->adjust == ST_ADJ_NONE || c->nrows == 0 ? o->alpha : o->alpha / (double)c->nrows;
	pl->nrows = c->nrows;
	if (!(power > pl->alpha_test)) {
		double at = pl->alpha_test;
		st_plan_destroy(pl);
		return st_seterr(err, ST_EVALUE, "power %g is not above the test's alpha %g", power,
				 at);
	}
	int paired = st_test_is_paired(o->test);
	for (size_t i = 0; i < c->nrows; i++) {
		int rc = plan_row(&c->rows[i], pl, paired, &pl->rows[i], err);
		if (rc) {
			st_plan_destroy(pl);
			return rc;
		}
	}
	*out = pl;
	return 0;
}

/* Release a plan. */
void st_plan_destroy(st_plan *p)
{
	if (!p)
		return;
	free(p->rows);
	free(p);
}
