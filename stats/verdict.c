/* SPDX-License-Identifier: BSD-3-Clause */
/* verdict.c: what a comparison row says beyond its test: the difference,
 * effect and ratio from the observations the test used, the family-wise
 * adjustment over every row of an output, and the verdict with the
 * diagnostics behind it (analysis.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

/* Add a diagnostic to r (dropped when full). */
static void row_diag(st_compare_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row_diag(st_compare_row *r, const char *fmt, ...)
{
	if (r->ndiag == ST_MAX_DIAG)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->diag[r->ndiag++], sizeof r->diag[0], fmt, ap);
	va_end(ap);
}

/* Add a warning to a comparison. */
void st_comparison_warn(st_comparison *c, const char *fmt, ...)
{
	if (c->nwarnings == ST_MAX_WARN)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->warnings[c->nwarnings++], sizeof c->warnings[0], fmt, ap);
	va_end(ap);
}

/* Difference, effect and ratio from the observations the test used. */
int st_row_effects(st_compare_row *r, int paired, const double *x, size_t nx, const double *y,
		   size_t ny, const st_opts *o, st_err *err)
{
	r->npairs = paired ? nx : nx + ny;
	double mx = st_mean_f64(x, nx), my = st_mean_f64(y, ny);
	r->diff = my - mx; /* paired: also the mean of the differences */
	r->has_diff_pct = nx > 0 && ny > 0 && mx != 0.0;
	r->diff_pct = r->has_diff_pct ? 100.0 * r->diff / mx : 0.0;
	r->has_diff_sd = paired && nx >= 2;
	r->diff_sd = 0.0;
	for (size_t i = 0; r->has_diff_sd && i < nx; i++) {
		double e = y[i] - x[i] - r->diff;
		r->diff_sd += e * e / (double)(nx - 1);
	}
	r->diff_sd = sqrt(r->diff_sd);
	if (nx == 0 || ny == 0) {
		r->diff = 0.0;
		snprintf(r->effect.why, sizeof r->effect.why, "no observations");
		snprintf(r->ratio.why, sizeof r->ratio.why, "no observations");
		return 0;
	}
	int rc = paired ? st_hl_paired(x, y, nx, o->level, &r->effect, err)
			: st_hl_shift(x, nx, y, ny, o->level, &r->effect, err);
	if (rc == 0)
		rc = st_ratio(paired, x, nx, y, ny, o->level, &r->ratio, err);
	return rc;
}

/* The direction of a test's own estimate: > 0 when B is higher. */
static double test_sign(const st_test_result *t)
{
	switch (t->kind) {
	case ST_HT_WILCOXON: {
		double m = (double)t->n_used;
		return t->statistic - m * (m + 1.0) / 4.0;
	}
	case ST_HT_MANN_WHITNEY: return t->statistic - (double)t->n_a * (double)t->n_b / 2.0;
	default: return t->estimate;
	}
}

/* Verdict and diagnostics of one row, once p_adj and significant are set. */
static void row_verdict(st_compare_row *r, const st_opts *o)
{
	const st_test_result *t = &r->test;
	double sign = test_sign(t);
	r->verdict = st_verdict_of(r->significant, sign, &r->ratio, o->threshold_pct);
	if (t->has_p && t->p_min >= o->alpha)
		row_diag(r,
			 "cannot reach significance with this many trials: the smallest p %s "
			 "can give with %zu %s is %.3g, not below alpha %g",
			 st_test_name(t->kind), r->npairs,
			 st_test_is_paired(t->kind) ? "pairs" : "trials", t->p_min, o->alpha);
	if (r->significant && r->ratio.valid && r->verdict == ST_VERDICT_INCONCLUSIVE)
		row_diag(r,
			 "the test (B %s) and the ratio B/A (%.4g) disagree in direction: "
			 "inconclusive",
			 sign > 0 ? "higher" : "lower", r->ratio.estimate);
	/* The test's direction against the difference of the means (only a
	 * rank test can disagree: a t-test's estimate is that difference): one
	 * trial far from the others can turn the mean around. */
	if (r->significant && sign * r->diff < 0.0) {
		char pct[48] = "";
		if (r->has_diff_pct)
			snprintf(pct, sizeof pct, " (%+.3g%%)", r->diff_pct);
		row_diag(
			r,
			"the difference of the means%s and the %s test (B %s) disagree in direction: "
			"a few trials far from the others decide the mean; the verdict follows "
			"the test and the effect",
			pct, st_test_name(t->kind), sign > 0 ? "higher" : "lower");
	}
	if (!r->ratio.valid && r->ratio.why[0])
		row_diag(r, "no ratio B/A: %s", r->ratio.why);
}

/* Adjust every row of n comparisons as one family; set the verdicts. */
int st_comparisons_adjust(st_comparison *const *c, size_t n, st_adjust method, st_err *err)
{
	size_t total = 0, m = 0;
	for (size_t k = 0; k < n; k++)
		total += c[k]->nrows;
	double *p = calloc(total ? total : 1, sizeof *p);
	if (!p)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < c[k]->nrows; i++)
			if (c[k]->rows[i].test.has_p)
				p[m++] = c[k]->rows[i].test.p;
	int rc = st_p_adjust(method, p, m, p, err);
	if (rc) {
		free(p);
		return rc;
	}
	m = 0;
	for (size_t k = 0; k < n; k++) {
		st_comparison *cm = c[k];
		cm->opts.adjust = method;
		cm->ntested = cm->nsignificant = 0;
		memset(cm->nverdict, 0, sizeof cm->nverdict);
		for (size_t i = 0; i < cm->nrows; i++) {
			st_compare_row *r = &cm->rows[i];
			r->has_p_adj = r->test.has_p;
			r->p_adj = r->has_p_adj ? p[m++] : 1.0;
			r->significant = r->has_p_adj && r->p_adj < cm->opts.alpha;
			cm->ntested += (size_t)r->has_p_adj;
			cm->nsignificant += (size_t)r->significant;
			r->ndiag = r->ndiag_data;
			row_verdict(r, &cm->opts);
			cm->nverdict[r->verdict]++;
		}
	}
	free(p);
	return 0;
}
