/* SPDX-License-Identifier: BSD-3-Clause */
/* htest.c: two-sample hypothesis tests on trial-level statistics.
 *
 * The rank tests follow R's wilcox.test (stats package) conventions; the
 * exact null distributions are counted with subset-sum recurrences in double
 * precision (counts above 2^53 lose only relative precision, and every term
 * is positive, so there is no cancellation). */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>

#include "desc.h"
#include "htest.h"

/* Relative size under which a spread or difference counts as zero (R's t.test
 * calls data with stderr < 10 eps |mean| "essentially constant"). */
#define REL_ZERO (10.0 * DBL_EPSILON)

/* Reset r for a test of kind on nx and ny values. */
static void result_init(st_test_result *r, st_test_kind kind, size_t nx, size_t ny, double level)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->n_a = nx;
	r->n_b = ny;
	r->n_used = st_test_is_paired(kind) ? nx : nx + ny;
	r->p = 1.0;
	r->p_min = 1.0;
	r->ci_level = level;
}

/* Set status and a printf-style reason. */
static void result_status(st_test_result *r, st_test_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void result_status(st_test_result *r, st_test_status st, const char *fmt, ...)
{
	va_list ap;
	r->status = st;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, fmt, ap);
	va_end(ap);
	if (st == ST_HT_NO_DIFFERENCE) {
		r->has_p = 1;
		r->p = 1.0;
		r->statistic = 0.0;
	} else {
		r->has_p = 0;
		r->p = 1.0;
		r->statistic = 0.0;
	}
}

/* Check that n values are finite. */
static int check_finite(const double *v, size_t n, char side, st_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return st_seterr(err, ST_EVALUE, "value %zu of %c is not finite", i + 1,
					 side);
	return 0;
}

/* Check the confidence level. */
static int check_level(double level, st_err *err)
{
	if (!(level > 0.0 && level < 1.0))
		return st_seterr(err, ST_EVALUE, "confidence level %g is not in (0, 1)", level);
	return 0;
}

/* Mark a too-small sample. */
static int too_few(st_test_result *r, size_t nx, size_t ny, int paired)
{
	if (paired)
		result_status(r, ST_HT_TOO_FEW, "%zu pair%s: a test needs at least 2", nx,
			      nx == 1 ? "" : "s");
	else
		result_status(r, ST_HT_TOO_FEW,
			      "A has %zu value%s and B %zu: a test needs at least 2 on each side",
			      nx, nx == 1 ? "" : "s", ny);
	return 0;
}

/* Largest absolute value, the scale "zero" is judged against. */
static double max_abs(const double *v, size_t n, double m)
{
	for (size_t i = 0; i < n; i++)
		if (fabs(v[i]) > m)
			m = fabs(v[i]);
	return m;
}

/* Finish a t test: statistic, p (two-sided), df and CI from est and se. */
static void t_finish(st_test_result *r, double est, double se, double df, double level)
{
	double t = est / se;
	r->status = ST_HT_DONE;
	r->statistic = t;
	r->has_df = 1;
	r->df = df;
	r->has_p = 1;
	r->p_min = 0.0;
	r->p = 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
	if (r->p > 1.0)
		r->p = 1.0;
	double q = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
	if (isfinite(q)) {
		r->has_ci = 1;
		r->ci_lo = est - q * se;
		r->ci_hi = est + q * se;
	}
}

/* Classify a t test whose standard error is (relatively) zero. Returns 1 when
 * it was degenerate (status set), 0 when the test can go on. */
static int t_degenerate(st_test_result *r, double est, double se, double scale, const char *what)
{
	if (se > REL_ZERO * scale && se > 0.0)
		return 0;
	if (fabs(est) <= REL_ZERO * scale) {
		result_status(r, ST_HT_NO_DIFFERENCE, "no difference and no variance: %s", what);
		r->estimate = 0.0;
	} else {
		result_status(r, ST_HT_ZERO_VARIANCE,
			      "zero variance: %s; the difference is the same in every trial, so "
			      "a t-test cannot be computed (try --test wilcoxon or mann-whitney)",
			      what);
	}
	return 1;
}

/* Paired two-sided t test on d = y - x. */
int st_test_paired_t(const double *x, const double *y, size_t n, double level, st_test_result *r,
		     st_err *err)
{
	int rc;
	result_init(r, ST_HT_PAIRED_T, n, n, level);
	if ((rc = check_level(level, err)) || (rc = check_finite(x, n, 'A', err)) ||
	    (rc = check_finite(y, n, 'B', err)))
		return rc;
	if (n < 2)
		return too_few(r, n, n, 1);
	double *d = malloc(n * sizeof *d);
	if (!d)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		d[i] = y[i] - x[i];
	double md = st_mean_f64(d, n), sd = st_sd_f64(d, n, md);
	free(d);
	r->estimate = md;
	double se = sd / sqrt((double)n);
	double scale = max_abs(y, n, max_abs(x, n, 0.0));
	if (t_degenerate(r, md, se, scale, "every pair differs by the same amount"))
		return 0;
	t_finish(r, md, se, (double)(n - 1), level);
	return 0;
}

/* Welch's unequal-variance two-sided t test. */
int st_test_welch(const double *x, size_t nx, const double *y, size_t ny, double level,
		  st_test_result *r, st_err *err)
{
	int rc;
	result_init(r, ST_HT_WELCH, nx, ny, level);
	if ((rc = check_level(level, err)) || (rc = check_finite(x, nx, 'A', err)) ||
	    (rc = check_finite(y, ny, 'B', err)))
		return rc;
	if (nx < 2 || ny < 2)
		return too_few(r, nx, ny, 0);
	double mx = st_mean_f64(x, nx), my = st_mean_f64(y, ny);
	double vx = st_sd_f64(x, nx, mx), vy = st_sd_f64(y, ny, my);
	vx = vx * vx / (double)nx;
	vy = vy * vy / (double)ny;
	double est = my - mx, se = sqrt(vx + vy);
	r->estimate = est;
	double scale = max_abs(y, ny, max_abs(x, nx, 0.0));
	if (t_degenerate(r, est, se, scale, "both samples are constant"))
		return 0;
	double df =
		(vx + vy) * (vx + vy) / (vx * vx / (double)(nx - 1) + vy * vy / (double)(ny - 1));
	t_finish(r, est, se, df, level);
	return 0;
}

/* An index into values, for ranking. */
typedef struct ranked {
	double v;
	size_t i;
} ranked;

/* Order by value, then by index (a stable, total order). */
static int cmp_ranked(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Average ranks (1-based) of n values into rank[]; returns sum over tie
 * groups of t^3 - t (0 when there are no ties), or -1 when out of memory. */
static double average_ranks(const double *v, size_t n, double *rank)
{
	ranked *s = malloc((n ? n : 1) * sizeof *s);
	if (!s)
		return -1.0;
	for (size_t i = 0; i < n; i++) {
		s[i].v = v[i];
		s[i].i = i;
	}
	qsort(s, n, sizeof *s, cmp_ranked);
	double ties = 0.0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && s[j].v == s[i].v)
			j++;
		double avg = (double)(i + 1 + j) / 2.0; /* mean of ranks i+1 .. j */
		for (size_t k = i; k < j; k++)
			rank[s[k].i] = avg;
		double t = (double)(j - i);
		ties += t * t * t - t;
		i = j;
	}
	free(s);
	return ties;
}

/* Whether Mann-Whitney with nx and ny values uses the exact distribution:
 * the smaller side times the total is at most 5000 (50 + 50 values, 15 + 300,
 * ...), which bounds the work of the count (about 2 (k N)^2 additions). */
int st_mw_exact(size_t nx, size_t ny)
{
	size_t k = nx < ny ? nx : ny;
	return k * (nx + ny) <= ST_MW_EXACT_WORK;
}

/* Exact conditional (permutation) two-sided p of a rank statistic given the
 * observed ranks rank[0 .. n-1] (average ranks under ties, so twice each is
 * a whole number):
 * - signed rank (k == n, sign != NULL): the sum S of the ranks given a plus
 *   sign, every one of the 2^n sign patterns equally likely; s_obs is V;
 * - rank sum (sign == NULL): the sum S of k ranks drawn without replacement,
 *   every subset equally likely; s_obs is the observed sum.
 * p = P(|S - E S| >= |s_obs - E S|), the convention of coin's exact tests
 * (it equals twice the smaller tail when the distribution is symmetric), and
 * *p_min the same probability at the most extreme S. Sums are kept doubled
 * (whole numbers) and compared as integers, so ties in the distribution are
 * counted exactly. Returns 0, or -1 when out of memory. */
static int exact_conditional(const double *rank, const double *sign, size_t n, size_t k,
			     double s_obs, double *p, double *p_min)
{
	size_t wsum = 0, smax = 0;
	uint64_t *w = malloc((n ? n : 1) * sizeof *w);
	if (!w)
		return -1;
	for (size_t i = 0; i < n; i++) {
		w[i] = (uint64_t)llround(2.0 * rank[i]);
		wsum += w[i];
	}
	if (sign) {
		smax = wsum;
		k = 0;
	} else {
		/* the k largest weights bound the sum: ranks are a permutation of 1..n up
		 * to averaging, so their sum is at most that of n-k+1 .. n, doubled */
		for (size_t i = 0; i < k; i++)
			smax += 2 * (n - i);
	}
	size_t rows = sign ? 1 : k + 1, width = smax + 1;
	double *c = calloc(rows * width, sizeof *c);
	if (!c) {
		free(w);
		return -1;
	}
	c[0] = 1.0;
	size_t reach = 0;
	for (size_t i = 0; i < n; i++) {
		reach = reach + w[i] > smax ? smax : reach + w[i];
		if (sign) {
			for (size_t s = reach; s >= w[i] && s <= reach; s--)
				c[s] += c[s - w[i]];
			continue;
		}
		size_t jmax = i + 1 < k ? i + 1 : k;
		for (size_t j = jmax; j >= 1; j--)
			for (size_t s = reach; s >= w[i] && s <= reach; s--)
				c[j * width + s] += c[(j - 1) * width + s - w[i]];
	}
	const double *dist = sign ? c : c + k * width;
	/* distance from the mean, scaled to whole numbers: |2S - W| for signed
	 * ranks, |n S - k W| for rank sums */
	int64_t scale = sign ? 2 : (int64_t)n, mean = sign ? (int64_t)wsum : (int64_t)(k * wsum);
	int64_t obs = llabs(scale * (int64_t)llround(2.0 * s_obs) - mean), far = 0;
	long double total = 0, tail = 0, tail_far = 0;
	for (size_t s = 0; s <= smax; s++)
		if (dist[s] > 0) {
			int64_t dev = llabs(scale * (int64_t)s - mean);
			far = dev > far ? dev : far;
		}
	for (size_t s = 0; s <= smax; s++) {
		if (dist[s] == 0)
			continue;
		int64_t dev = llabs(scale * (int64_t)s - mean);
		total += dist[s];
		if (dev >= obs)
			tail += dist[s];
		if (dev >= far)
			tail_far += dist[s];
	}
	*p = (double)(tail / total);
	*p_min = (double)(tail_far / total);
	*p = *p > 1.0 ? 1.0 : *p;
	free(c);
	free(w);
	return 0;
}

/* Normal approximation with continuity correction: two-sided p of a rank
 * statistic s with null mean mu and standard deviation sigma > 0. */
static double normal_two_sided(double s, double mu, double sigma)
{
	double z = s - mu;
	double corr = z > 0 ? 0.5 : (z < 0 ? -0.5 : 0.0);
	z = (z - corr) / sigma;
	double p = 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
	return p > 1.0 ? 1.0 : p;
}

/* Wilcoxon signed-rank test on d = y - x (zeros dropped). */
int st_test_wilcoxon(const double *x, const double *y, size_t n, st_test_result *r, st_err *err)
{
	int rc;
	result_init(r, ST_HT_WILCOXON, n, n, 0.0);
	if ((rc = check_finite(x, n, 'A', err)) || (rc = check_finite(y, n, 'B', err)))
		return rc;
	if (n < 2)
		return too_few(r, n, n, 1);
	double *d = malloc(3 * n * sizeof *d);
	if (!d)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	double *absd = d + n, *rank = d + 2 * n;
	size_t m = 0;
	long double sum = 0;
	for (size_t i = 0; i < n; i++) {
		double di = y[i] - x[i];
		sum += di;
		if (di != 0.0) {
			d[m] = di;
			absd[m] = fabs(di);
			m++;
		}
	}
	r->estimate = (double)(sum / n);
	r->n_used = m;
	int zeros = m < n;
	if (m == 0) {
		free(d);
		result_status(r, ST_HT_NO_DIFFERENCE, "all %zu differences are zero", n);
		return 0;
	}
	double ties = average_ranks(absd, m, rank);
	if (ties < 0) {
		free(d);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	double v = 0.0;
	for (size_t i = 0; i < m; i++)
		if (d[i] > 0)
			v += rank[i];
	double dm = (double)m, mid = dm * (dm + 1.0) / 4.0;
	r->status = ST_HT_DONE;
	r->statistic = v;
	r->has_p = 1;
	if (m <= ST_WILCOXON_EXACT_MAX) {
		rc = exact_conditional(rank, d, m, m, v, &r->p, &r->p_min);
		if (rc) {
			free(d);
			return st_seterr(err, ST_ENOMEM, "out of memory");
		}
		r->exact = 1;
	} else {
		double var = dm * (dm + 1.0) * (2.0 * dm + 1.0) / 24.0 - ties / 48.0;
		r->p = var > 0 ? normal_two_sided(v, mid, sqrt(var)) : 1.0;
		r->p_min = var > 0 ? normal_two_sided(dm * (dm + 1.0) / 2.0, mid, sqrt(var)) : 1.0;
	}
	(void)zeros;
	free(d);
	return 0;
}

/* Mann-Whitney U test (Wilcoxon rank-sum); the statistic is U of y. */
int st_test_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, st_test_result *r,
			 st_err *err)
{
	int rc;
	result_init(r, ST_HT_MANN_WHITNEY, nx, ny, 0.0);
	if ((rc = check_finite(x, nx, 'A', err)) || (rc = check_finite(y, ny, 'B', err)))
		return rc;
	if (nx < 2 || ny < 2)
		return too_few(r, nx, ny, 0);
	size_t n = nx + ny;
	r->estimate = st_mean_f64(y, ny) - st_mean_f64(x, nx);
	double *all = malloc(2 * n * sizeof *all);
	if (!all)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	double *rank = all + n;
	memcpy(all, x, nx * sizeof *all);
	memcpy(all + nx, y, ny * sizeof *all);
	double ties = average_ranks(all, n, rank);
	if (ties < 0) {
		free(all);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	double ry = 0.0;
	for (size_t i = nx; i < n; i++)
		ry += rank[i];
	double dx = (double)nx, dy = (double)ny, dn = (double)n;
	double u = ry - dy * (dy + 1.0) / 2.0, mid = dx * dy / 2.0;
	double var = dx * dy / 12.0 * ((dn + 1.0) - ties / (dn * (dn - 1.0)));
	if (!(var > 0.0)) {
		free(all);
		result_status(r, ST_HT_NO_DIFFERENCE, "all %zu values are equal", n);
		return 0;
	}
	r->status = ST_HT_DONE;
	r->statistic = u;
	r->has_p = 1;
	if (st_mw_exact(nx, ny)) {
		size_t small = nx < ny ? nx : ny;
		/* the rank sum of the smaller side (B's when equal): U of B follows */
		double s_small = ny <= nx ? ry : dn * (dn + 1.0) / 2.0 - ry;
		rc = exact_conditional(rank, NULL, n, small, s_small, &r->p, &r->p_min);
		free(all);
		if (rc)
			return st_seterr(err, ST_ENOMEM, "out of memory");
		r->exact = 1;
	} else {
		free(all);
		r->p = normal_two_sided(u, mid, sqrt(var));
		r->p_min = normal_two_sided(dx * dy, mid, sqrt(var));
	}
	return 0;
}

/* Dispatch to one of the four tests. */
int st_test_run(st_test_kind kind, const double *x, size_t nx, const double *y, size_t ny,
		double level, st_test_result *r, st_err *err)
{
	int rc;
	result_init(r, kind, nx, ny, level);
	if ((rc = check_level(level, err)))
		return rc;
	if (st_test_is_paired(kind) && nx != ny)
		return st_seterr(
			err, ST_EMISMATCH,
			"%s pairs value i of A with value i of B, but A has %zu values and "
			"B has %zu; use %s for unpaired samples",
			st_test_name(kind), nx, ny,
			kind == ST_HT_WILCOXON ? "mann-whitney" : "welch");
	switch (kind) {
	case ST_HT_PAIRED_T: return st_test_paired_t(x, y, nx, level, r, err);
	case ST_HT_WELCH: return st_test_welch(x, nx, y, ny, level, r, err);
	case ST_HT_WILCOXON: rc = st_test_wilcoxon(x, y, nx, r, err); break;
	case ST_HT_MANN_WHITNEY: rc = st_test_mann_whitney(x, nx, y, ny, r, err); break;
	default: return st_seterr(err, ST_EUSAGE, "unknown test %d", (int)kind);
	}
	r->ci_level = level;
	return rc;
}

static const char *const test_names[] = {"paired-t", "welch", "wilcoxon", "mann-whitney"};

/* Canonical name of a test. */
const char *st_test_name(st_test_kind kind)
{
	if ((unsigned)kind < sizeof test_names / sizeof *test_names)
		return test_names[kind];
	return "unknown";
}

/* Parse a test name or alias. */
int st_test_parse(const char *s, st_test_kind *out, st_err *err)
{
	static const struct {
		const char *name;
		st_test_kind kind;
	} names[] = {
		{"paired-t", ST_HT_PAIRED_T},
		{"paired", ST_HT_PAIRED_T},
		{"t", ST_HT_PAIRED_T},
		{"welch", ST_HT_WELCH},
		{"wilcoxon", ST_HT_WILCOXON},
		{"signed-rank", ST_HT_WILCOXON},
		{"mann-whitney", ST_HT_MANN_WHITNEY},
		{"mannwhitney", ST_HT_MANN_WHITNEY},
		{"mw", ST_HT_MANN_WHITNEY},
		{"u", ST_HT_MANN_WHITNEY},
	};
	for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*out = names[i].kind;
			return 0;
		}
	return st_seterr(err, ST_EUSAGE,
			 "unknown test '%s' (expected paired-t, welch, wilcoxon or mann-whitney)",
			 s ? s : "");
}

/* Whether a test pairs its samples. */
int st_test_is_paired(st_test_kind kind)
{
	return kind == ST_HT_PAIRED_T || kind == ST_HT_WILCOXON;
}

/* Order p-value indices by value, ascending (ties by index). */
static int cmp_ranked_desc(const void *pa, const void *pb)
{
	return -cmp_ranked(pa, pb);
}

/* p.adjust: Holm's step-down and Benjamini-Hochberg, as in R. */
int st_p_adjust(st_adjust method, const double *p, size_t n, double *out, st_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] >= 0.0 && p[i] <= 1.0))
			return st_seterr(err, ST_EVALUE, "p-value %zu (%g) is not in [0, 1]", i + 1,
					 p[i]);
	if (method == ST_ADJ_NONE || n == 0) {
		if (out != p && n)
			memmove(out, p, n * sizeof *out);
		return 0;
	}
	if (method != ST_ADJ_HOLM && method != ST_ADJ_BH)
		return st_seterr(err, ST_EUSAGE, "unknown adjustment method %d", (int)method);
	ranked *o = malloc(n * sizeof *o);
	if (!o)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		o[i].v = p[i];
		o[i].i = i;
	}
	double dn = (double)n;
	if (method == ST_ADJ_HOLM) {
		/* ascending: q(i) = cummax((n - i + 1) p(i)), i = 1..n */
		qsort(o, n, sizeof *o, cmp_ranked);
		double run = 0.0;
		for (size_t i = 0; i < n; i++) {
			double q = (dn - (double)i) * o[i].v;
			if (q > run)
				run = q;
			o[i].v = run < 1.0 ? run : 1.0;
		}
	} else {
		/* descending: q = cummin(n / rank * p) where rank = n, n-1, ..., 1 */
		qsort(o, n, sizeof *o, cmp_ranked_desc);
		double run = 1.0;
		for (size_t i = 0; i < n; i++) {
			double q = dn / (dn - (double)i) * o[i].v;
			if (q < run)
				run = q;
			o[i].v = run;
		}
	}
	for (size_t i = 0; i < n; i++)
		out[o[i].i] = o[i].v;
	free(o);
	return 0;
}

static const char *const adjust_names[] = {"none", "holm", "bh"};

/* Canonical name of an adjustment. */
const char *st_adjust_name(st_adjust method)
{
	if ((unsigned)method < sizeof adjust_names / sizeof *adjust_names)
		return adjust_names[method];
	return "unknown";
}

/* Parse an adjustment name. */
int st_adjust_parse(const char *s, st_adjust *out, st_err *err)
{
	if (s && strcasecmp(s, "none") == 0)
		*out = ST_ADJ_NONE;
	else if (s && strcasecmp(s, "holm") == 0)
		*out = ST_ADJ_HOLM;
	else if (s && (strcasecmp(s, "bh") == 0 || strcasecmp(s, "fdr") == 0))
		*out = ST_ADJ_BH;
	else
		return st_seterr(err, ST_EUSAGE,
				 "unknown p-value adjustment '%s' (expected none, holm or bh)",
				 s ? s : "");
	return 0;
}
