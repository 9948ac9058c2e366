/* SPDX-License-Identifier: BSD-3-Clause */
/* diag.c: diagnostics of the data behind a verdict (diag.h): outlying
 * trials, drift, warm-up and lag-1 autocorrelation. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "diag.h"
#include "htest.h"

/* Whether any of n values is NaN or infinite. */
static int any_nonfinite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 1;
	return 0;
}

/* The median of n values (copied, then sorted). */
static int median_of(const double *x, size_t n, double *med)
{
	double *c = malloc((n ? n : 1) * sizeof *c);
	if (!c)
		return -1;
	memcpy(c, x, n * sizeof *c);
	st_sort_f64(c, n);
	*med = st_quantile_sorted_f64(c, n, 0.5);
	free(c);
	return 0;
}

/* The robust outlier rule (diag.h). */
int st_diag_outliers(const double *x, size_t n, double k, int *flag, size_t *nflag, double *center,
		     double *scale, st_err *err)
{
	*nflag = 0;
	*center = *scale = 0.0;
	for (size_t i = 0; i < n; i++)
		flag[i] = 0;
	if (any_nonfinite(x, n))
		return st_seterr(err, ST_EVALUE, "outlier rule: a value is not finite");
	if (n == 0)
		return 0;
	double *dev = malloc(n * sizeof *dev);
	if (!dev || median_of(x, n, center) != 0) {
		free(dev);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	double sum = 0.0;
	for (size_t i = 0; i < n; i++) {
		dev[i] = fabs(x[i] - *center);
		sum += dev[i];
	}
	double mad;
	int rc = median_of(dev, n, &mad);
	free(dev);
	if (rc != 0)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	*scale = mad > 0.0 ? 1.482602218505602 * mad : 1.2533141373155003 * sum / (double)n;
	if (n < ST_DIAG_MIN_TRIALS || *scale <= 0.0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (fabs(x[i] - *center) > k * *scale) {
			flag[i] = 1;
			(*nflag)++;
		}
	return 0;
}

/* The tie terms of n values (sorted copy): sum t(t-1)/2, sum t(t-1)(t-2),
 * sum t(t-1)(2t+5) over the sizes t of groups of equal values. */
static int tie_terms(const double *x, size_t n, double term[3])
{
	double *c = malloc((n ? n : 1) * sizeof *c);
	if (!c)
		return -1;
	memcpy(c, x, n * sizeof *c);
	st_sort_f64(c, n);
	term[0] = term[1] = term[2] = 0.0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && c[j] == c[i])
			j++;
		double t = (double)(j - i);
		term[0] += t * (t - 1.0) / 2.0;
		term[1] += t * (t - 1.0) * (t - 2.0);
		term[2] += t * (t - 1.0) * (2.0 * t + 5.0);
		i = j;
	}
	free(c);
	return 0;
}

/* P(D <= c) for D the number of discordant pairs (inversions) of a random
 * permutation of n: the Mahonian distribution, built one element at a time
 * (f_j(k) = sum_{i < j} f_{j-1}(k - i) / j). */
static int inversions_cdf(size_t n, size_t c, double *out)
{
	double *f = calloc(c + 1, sizeof *f), *g = calloc(c + 1, sizeof *g);
	if (!f || !g) {
		free(f);
		free(g);
		return -1;
	}
	f[0] = 1.0;
	for (size_t j = 2; j <= n; j++) {
		double run = 0.0; /* sum f[k - j + 1 .. k] */
		for (size_t k = 0; k <= c; k++) {
			run += f[k];
			if (k >= j)
				run -= f[k - j];
			g[k] = run / (double)j;
		}
		double *t = f;
		f = g;
		g = t;
	}
	double sum = 0.0;
	for (size_t k = 0; k <= c; k++)
		sum += f[k];
	free(f);
	free(g);
	*out = sum;
	return 0;
}

/* Kendall's tau-b and its p-value. */
int st_kendall(const double *x, const double *y, size_t n, st_rankcor *out, st_err *err)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->p = 1.0;
	if (any_nonfinite(x, n) || any_nonfinite(y, n))
		return st_seterr(err, ST_EVALUE, "rank correlation: a value is not finite");
	if (n < 3)
		return 0;
	double s = 0.0, tx[3], ty[3];
	size_t dis = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double d = (x[i] - x[j]) * (y[i] - y[j]);
			s += (d > 0) - (d < 0);
			dis += d < 0;
		}
	if (tie_terms(x, n, tx) || tie_terms(y, n, ty))
		return st_seterr(err, ST_ENOMEM, "out of memory");
	double dn = (double)n, n0 = dn * (dn - 1.0) / 2.0;
	if (!(tx[0] < n0 && ty[0] < n0))
		return 0; /* a constant variable */
	out->valid = 1;
	out->rho = s / sqrt((n0 - tx[0]) * (n0 - ty[0]));
	if (tx[0] == 0.0 && ty[0] == 0.0 && n <= ST_KENDALL_EXACT_MAX) {
		size_t tot = n * (n - 1) / 2, c = dis < tot - dis ? dis : tot - dis;
		double cdf;
		if (inversions_cdf(n, c, &cdf))
			return st_seterr(err, ST_ENOMEM, "out of memory");
		out->exact = 1;
		out->p = 2.0 * cdf < 1.0 ? 2.0 * cdf : 1.0;
		return 0;
	}
	double m = dn * (dn - 1.0);
	double var = (m * (2.0 * dn + 5.0) - tx[2] - ty[2]) / 18.0 + 2.0 * tx[0] * ty[0] / m +
		     tx[1] * ty[1] / (9.0 * m * (dn - 2.0));
	out->p = var > 0.0 ? erfc(fabs(s) / sqrt(var) / sqrt(2.0)) : 1.0;
	if (out->p > 1.0)
		out->p = 1.0;
	return 0;
}

/* Lag-1 autocorrelation of integer samples. */
int st_lag1_u64(const uint64_t *v, size_t n, double *r)
{
	if (n < 3)
		return -1;
	return st_lag1_mean_u64(v, n, st_mean_u64(v, n), r);
}

/* The same with the mean m (st_mean_u64's) known. */
int st_lag1_mean_u64(const uint64_t *v, size_t n, double m, double *r)
{
	if (n < 3)
		return -1;
	double num = 0.0, den = 0.0;
	for (size_t i = 0; i < n; i++) {
		double d = (double)v[i] - m;
		den += d * d;
		if (i + 1 < n)
			num += d * ((double)v[i + 1] - m);
	}
	if (!(den > 0.0))
		return -1;
	*r = num / den;
	return 0;
}

/* First tenth of the iterations against the rest. */
int st_warmup_split_u64(const uint64_t *v, size_t n, double *first, double *rest)
{
	if (n < ST_DIAG_MIN_ITERS)
		return -1;
	size_t w = n / 10;
	*first = st_mean_u64(v, w);
	*rest = st_mean_u64(v + w, n - w);
	return 0;
}

/* Append a message (dropped when full). */
static void add_msg(char (*msg)[200], size_t max, size_t *nmsg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_msg(char (*msg)[200], size_t max, size_t *nmsg, const char *fmt, ...)
{
	if (*nmsg >= max)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg[(*nmsg)++], 200, fmt, ap);
	va_end(ap);
}

/* The outlying trials of a side, as one message listing at most five. */
static int diag_outliers(const st_diag_input *in, char (*msg)[200], size_t max, size_t *nmsg,
			 st_err *err)
{
	int *flag = malloc((in->n ? in->n : 1) * sizeof *flag);
	if (!flag)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	size_t nflag;
	double center, scale;
	int rc = st_diag_outliers(in->stat, in->n, ST_DIAG_OUTLIER_K, flag, &nflag, &center, &scale,
				  err);
	if (rc == 0 && nflag > 0) {
		char list[120];
		size_t used = 0, shown = 0;
		list[0] = 0;
		for (size_t i = 0; i < in->n && shown < 5; i++) {
			if (!flag[i])
				continue;
			int w = snprintf(list + used, sizeof list - used, "%s%d (%.4g us, %+.1f)",
					 shown ? ", " : "", in->numbers[i], in->stat[i] / 1000.0,
					 (in->stat[i] - center) / scale);
			if (w < 0 || (size_t)w >= sizeof list - used)
				break;
			used += (size_t)w;
			shown++;
		}
		add_msg(msg, max, nmsg,
			"%s: %zu outlying trial%s of %zu (%s; robust sds from the median %.4g "
			"us): trial %s%s; kept in the test",
			in->who, nflag, nflag == 1 ? "" : "s", in->n, in->stat_name,
			center / 1000.0, list, nflag > shown ? ", ..." : "");
	}
	free(flag);
	return rc;
}

/* Drift: the trial values against their order in time. */
static int diag_drift(const st_diag_input *in, char (*msg)[200], size_t max, size_t *nmsg,
		      st_err *err)
{
	if (!in->order || in->n < 3)
		return 0;
	st_rankcor rc;
	int e = st_kendall(in->order, in->stat, in->n, &rc, err);
	if (e == 0 && rc.valid && rc.p < ST_DIAG_ALPHA)
		add_msg(msg, max, nmsg,
			"%s: the trial %s drifts with the %s (Kendall tau %+.2f, p %.2g, %zu "
			"trials): the trials are not exchangeable; interleave A and B",
			in->who, in->stat_name, in->order_name, rc.rho, rc.p, rc.n);
	return e;
}

/* The median of the finite values among n (NaN when none). */
static double finite_median(const double *v, size_t n, double *work)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]))
			work[m++] = v[i];
	if (m == 0)
		return NAN;
	st_sort_f64(work, m);
	return st_quantile_sorted_f64(work, m, 0.5);
}

/* Warm-up and lag-1 autocorrelation from the trials' iterations. */
static int diag_iters(const st_diag_input *in, char (*msg)[200], size_t max, size_t *nmsg,
		      st_err *err)
{
	size_t n = in->n, m = 0, nl = 0;
	double *first = malloc((n ? n : 1) * sizeof *first);
	double *rest = malloc((n ? n : 1) * sizeof *rest);
	double *excess = malloc((n ? n : 1) * sizeof *excess);
	double *lag = malloc((n ? n : 1) * sizeof *lag);
	if (!first || !rest || !excess || !lag) {
		free(first), free(rest), free(excess), free(lag);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const st_diag_trial *t = &in->iters[i];
		if (isfinite(t->first) && isfinite(t->rest) && t->rest > 0.0) {
			first[m] = t->first;
			rest[m] = t->rest;
			excess[m] = 100.0 * (t->first / t->rest - 1.0);
			m++;
		}
		if (isfinite(t->lag1))
			lag[nl++] = t->lag1;
	}
	int rc = 0;
	if (m >= 2) {
		st_test_result tr;
		rc = st_test_wilcoxon(rest, first, m, &tr, err);
		double med = finite_median(excess, m, excess);
		if (rc == 0 && tr.has_p && tr.p < ST_DIAG_ALPHA &&
		    tr.statistic > (double)tr.n_used * ((double)tr.n_used + 1.0) / 4.0 &&
		    med > in->threshold_pct)
			add_msg(msg, max, nmsg,
				"%s: warm-up: the first tenth of the iterations of a trial is "
				"%.3g%% slower than the rest (median over %zu trials; Wilcoxon p "
				"%.2g): skip more warm-up iterations (-x)",
				in->who, med, m, tr.p);
	}
	if (rc == 0 && nl > 0) {
		double med = finite_median(lag, nl, lag);
		if (med > ST_DIAG_LAG1)
			add_msg(msg, max, nmsg,
				"%s: iterations are autocorrelated (median lag-1 autocorrelation "
				"%.2f over %zu trials): slow spells last, so one trial's "
				"iterations are not independent; trust trial-level results",
				in->who, med, nl);
	}
	free(first), free(rest), free(excess), free(lag);
	return rc;
}

/* The diagnostics of one side. */
int st_diag_side(const st_diag_input *in, char (*msg)[200], size_t max, size_t *nmsg, st_err *err)
{
	int rc = diag_outliers(in, msg, max, nmsg, err);
	if (rc == 0)
		rc = diag_drift(in, msg, max, nmsg, err);
	if (rc == 0 && in->iters)
		rc = diag_iters(in, msg, max, nmsg, err);
	return rc;
}
