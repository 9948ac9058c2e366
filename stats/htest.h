/* SPDX-License-Identifier: BSD-3-Clause */
/* htest.h: two-sample hypothesis tests on trial-level statistics.
 *
 * Every test compares sample A (x, the baseline) with sample B (y) and is
 * two-sided. Directions are "B minus A": a positive t or mean difference
 * means B is larger (slower, for latencies). Conventions follow R:
 * - paired t: t.test(y, x, paired = TRUE); pairs x[i] with y[i].
 * - Welch: t.test(y, x) (Welch-Satterthwaite df).
 * - Wilcoxon signed rank: wilcox.test(y, x, paired = TRUE): zero differences
 *   are dropped (Wilcoxon's convention, coin's zero.method = "Wilcoxon"); the
 *   statistic V is the sum of the (average) ranks of |y - x| of the positive
 *   differences y - x. Up to ST_WILCOXON_EXACT_MAX non-zero differences the
 *   p-value is exact: the permutation distribution of V given the observed
 *   ranks (ties and all), every sign pattern equally likely, as coin's
 *   wilcoxsign_test(distribution = "exact"); beyond, the normal approximation
 *   with tie and continuity correction (R's correct = TRUE).
 * - Mann-Whitney U: the statistic is U of B, the number of pairs (a, b) with
 *   b > a plus half the ties (R's W for wilcox.test(y, x)). Exact when
 *   st_mw_exact(nx, ny) (50 + 50 values and more): the permutation
 *   distribution of the rank sum given the observed (average) ranks, as
 *   coin's wilcox_test(distribution = "exact"); beyond, the normal
 *   approximation with tie and continuity correction.
 *   Exact two-sided p-values are P(|S - E S| >= |s - E S|) (coin's rule; twice
 *   the smaller tail when the distribution is symmetric, as without ties).
 * - p_min: the smallest p the test can give with these n and these ties (the
 *   p of the most extreme arrangement): 2^(1-m) for m non-zero differences
 *   (0.0625 for 5 pairs), 2 / choose(nx + ny, nx) for Mann-Whitney without
 *   ties (0.1 for 3 + 3); 0 for the t tests. When p_min >= alpha no result
 *   can be significant, whatever the data.
 * p-values and quantiles come from GSL (gsl_cdf_tdist_Q/Pinv,
 * gsl_cdf_ugaussian_Q).
 *
 * Edge cases never produce NaN or Inf; they set status and reason:
 * - ST_HT_TOO_FEW: fewer than 2 values (pairs) on a side. No test; has_p = 0.
 * - ST_HT_NO_DIFFERENCE: every difference is zero (paired), or both samples
 *   are the same constant (unpaired), or (t tests) the difference is zero and
 *   there is no variance. has_p = 1, p = 1, statistic = 0: not significant.
 * - ST_HT_ZERO_VARIANCE: t tests only: the samples have no variance but the
 *   difference is not zero, so t would be infinite. A t-test cannot be
 *   computed: has_p = 0 (p is omitted, and left out of p-value adjustment),
 *   estimate still holds the difference, the reason says so and suggests a
 *   rank test (which handles this case).
 * Library code: no printing, no exit. */
#ifndef SRIOVSTAT_HTEST_H
#define SRIOVSTAT_HTEST_H

#include <stddef.h>

#include "sterr.h"

/* Wilcoxon signed rank: exact p up to this many non-zero differences. */
#define ST_WILCOXON_EXACT_MAX 200

/* Mann-Whitney: exact p when min(nx, ny) (nx + ny) is at most this. */
#define ST_MW_EXACT_WORK 5000

typedef enum st_test_kind {
	ST_HT_PAIRED_T = 0, /* default */
	ST_HT_WELCH,
	ST_HT_WILCOXON,
	ST_HT_MANN_WHITNEY,
} st_test_kind;

typedef enum st_test_status {
	ST_HT_DONE = 0,      /* statistic and p computed */
	ST_HT_TOO_FEW,       /* fewer than 2 values on a side: no test */
	ST_HT_NO_DIFFERENCE, /* no difference at all: p = 1 */
	ST_HT_ZERO_VARIANCE, /* t tests: non-zero difference, zero variance: no p */
} st_test_status;

typedef struct st_test_result {
	st_test_kind kind;
	st_test_status status;
	size_t n_a, n_b;  /* values on each side (pairs: n_a == n_b) */
	size_t n_used;    /* Wilcoxon: non-zero differences; else n_a + n_b (paired: n) */
	double estimate;  /* paired: mean of y - x; unpaired: mean(y) - mean(x) */
	double statistic; /* t, V (Wilcoxon) or U of B (Mann-Whitney); 0 when !has_p */
	int has_df;       /* t tests that ran: df is meaningful */
	double df;        /* degrees of freedom (0 when !has_df) */
	int has_p;        /* 0: no p-value (see reason) */
	double p;         /* two-sided p in [0, 1]; 1 when !has_p */
	int exact;        /* rank tests: p from the exact null distribution */
	double p_min;     /* smallest p reachable with these n and ties (see above);
			      1 when !has_p, 0 for t tests */
	int has_ci;       /* t tests with a finite interval: ci_lo/ci_hi meaningful */
	double ci_level;
	double ci_lo, ci_hi; /* CI of the mean difference (paired) or of the
				difference of means (Welch), B minus A */
	char reason[1024];   /* empty when status == ST_HT_DONE; room for the test's reason and the
			    * paired-test note after it (never cut) */
} st_test_result;

/* Run test kind on x (A, nx values) and y (B, ny values); level (e.g. 0.95)
 * is the confidence level of the CI. All values must be finite. Returns 0
 * with *r filled (see status for edge cases), or ST_EMISMATCH when a paired
 * test gets nx != ny (the message suggests the unpaired alternative: welch or
 * mann-whitney), ST_EVALUE for a non-finite value or a level outside (0, 1),
 * ST_ENOMEM. */
int st_test_run(st_test_kind kind, const double *x, size_t nx, const double *y, size_t ny,
		double level, st_test_result *r, st_err *err);

/* The four tests individually (same contract as st_test_run). */
int st_test_paired_t(const double *x, const double *y, size_t n, double level, st_test_result *r,
		     st_err *err);
int st_test_welch(const double *x, size_t nx, const double *y, size_t ny, double level,
		  st_test_result *r, st_err *err);
int st_test_wilcoxon(const double *x, const double *y, size_t n, st_test_result *r, st_err *err);
int st_test_mann_whitney(const double *x, size_t nx, const double *y, size_t ny, st_test_result *r,
			 st_err *err);

/* Whether Mann-Whitney on nx and ny values computes its p exactly. */
int st_mw_exact(size_t nx, size_t ny);

/* "paired-t", "welch", "wilcoxon", "mann-whitney". */
const char *st_test_name(st_test_kind kind);

/* Parse a test name: the names above, plus "paired", "t", "signed-rank",
 * "mw", "mannwhitney", "u". 0, or ST_EUSAGE with a message listing the names. */
int st_test_parse(const char *s, st_test_kind *out, st_err *err);

/* Whether kind pairs x[i] with y[i] (paired t and Wilcoxon). */
int st_test_is_paired(st_test_kind kind);

/* ---- multiple comparisons ---- */

typedef enum st_adjust {
	ST_ADJ_NONE = 0,
	ST_ADJ_HOLM, /* Holm's step-down (family-wise error rate) */
	ST_ADJ_BH,   /* Benjamini-Hochberg (false discovery rate) */
} st_adjust;

/* Adjust n p-values in [0, 1] as R's p.adjust(p, method) does; out may be p.
 * Returns 0, or ST_EVALUE when a p is not in [0, 1], ST_ENOMEM. */
int st_p_adjust(st_adjust method, const double *p, size_t n, double *out, st_err *err);

/* "none", "holm", "bh". */
const char *st_adjust_name(st_adjust method);

/* Parse "none", "holm", "bh" (also "BH", "fdr"). 0, or ST_EUSAGE. */
int st_adjust_parse(const char *s, st_adjust *out, st_err *err);

#endif
