/* SPDX-License-Identifier: BSD-3-Clause */
/* diag.h: diagnostics of the data behind a verdict (issue 12): outlying
 * trials, drift across rounds or start times, a warm-up effect, and lag-1
 * autocorrelation within trials. Pure functions on arrays; what a summary or
 * a comparison row says about them is st_diag_side.
 *
 * The rules (the man page, sriovstat(1) DIAGNOSTICS, states the same):
 * - outlying trial: |x - median| > ST_DIAG_OUTLIER_K * s over the trial
 *   values x, s = 1.4826 * MAD (the median absolute deviation, scaled to
 *   the sd of normal data), or when the MAD is 0, s = 1.2533 * the mean
 *   absolute deviation from the median; at least ST_DIAG_MIN_TRIALS trials.
 *   Flagged, never dropped. k is large because the MAD of a few values is
 *   itself imprecise: with normal data (no outlier) k = 7 flags some trial
 *   in 1.0% of sets of 10 trials, 0.4% of 15, 1.6% of 8 (k = 5 would flag
 *   3.6%, 2.4%, 4.8%: simulation of 100,000 sets);
 * - drift: Kendall's rank correlation tau of the trial values with the
 *   trials' order (sweep round, else recorded start time, else place in the
 *   file), two-sided p exact without ties (st_kendall); flagged when
 *   p < ST_DIAG_ALPHA;
 * - warm-up: in each trial of at least ST_DIAG_MIN_ITERS iterations, the
 *   mean of its first w = floor(n / 10) iterations against the mean of the
 *   other n - w; flagged when the exact Wilcoxon signed-rank test over the
 *   trials (first vs rest) gives p < ST_DIAG_ALPHA, the first part is the
 *   slower, and the median over trials of 100 (first / rest - 1) exceeds the
 *   practical threshold (opts.threshold_pct);
 * - autocorrelation: each trial's lag-1 autocorrelation
 *   r1 = sum (x[t] - m)(x[t+1] - m) / sum (x[t] - m)^2 over its iterations
 *   after the first w (those the warm-up rule judges: a slow start is a
 *   step, which alone would make r1 large); flagged when the median over
 *   trials exceeds ST_DIAG_LAG1. */
#ifndef SRIOVSTAT_DIAG_H
#define SRIOVSTAT_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

#define ST_DIAG_OUTLIER_K  7.0  /* robust sds from the median */
#define ST_DIAG_MIN_TRIALS 8    /* fewer trials: no outlier rule */
#define ST_DIAG_ALPHA      0.01 /* level of the drift and warm-up tests */
#define ST_DIAG_MIN_ITERS  20   /* fewer iterations: no warm-up or lag-1 value */
#define ST_DIAG_LAG1       0.5  /* median lag-1 autocorrelation flagged above */

/* The robust outlier rule on n values x: flag[i] = 1 for each outlier,
 * *nflag their count, *center the median, *scale the robust sd s (above).
 * With n < ST_DIAG_MIN_TRIALS, or s = 0, nothing is flagged.
 * 0, ST_EVALUE (a NaN), ST_ENOMEM. */
int st_diag_outliers(const double *x, size_t n, double k, int *flag, size_t *nflag, double *center,
		     double *scale, st_err *err);

/* Kendall's tau: exact p without ties up to this many pairs of values. */
#define ST_KENDALL_EXACT_MAX 100

/* A rank correlation and its two-sided p-value. */
typedef struct st_rankcor {
	int valid; /* 0 when n < 3 or a variable is constant (tau undefined) */
	size_t n;
	double rho; /* Kendall's tau-b: (concordant - discordant pairs) over
		      sqrt((n0 - ties of x)(n0 - ties of y)), n0 = n(n-1)/2 */
	double p;   /* two-sided (see st_kendall) */
	int exact;  /* p from the exact null distribution */
} st_rankcor;

/* Kendall's tau-b of x and y (n pairs) and its two-sided p, as
 * scipy.stats.kendalltau: without ties and n <= ST_KENDALL_EXACT_MAX, the
 * exact p (every ordering equally likely: 2 P(D <= min(d, n0 - d)), D the
 * number of discordant pairs); else the normal approximation of the
 * tie-corrected variance of concordant minus discordant pairs.
 * 0, ST_EVALUE (a NaN), ST_ENOMEM. */
int st_kendall(const double *x, const double *y, size_t n, st_rankcor *out, st_err *err);

/* The lag-1 autocorrelation of n values in order (formula above) into *r.
 * 0, or -1 when it is undefined (n < 3, or all values equal). */
int st_lag1_u64(const uint64_t *v, size_t n, double *r);

/* st_lag1_u64 with the mean of v (st_mean_u64(v, n)) given as m. */
int st_lag1_mean_u64(const uint64_t *v, size_t n, double m, double *r);

/* Split n iterations in order into the first w = floor(n / 10) and the rest:
 * the mean of each. 0, or -1 when n < ST_DIAG_MIN_ITERS. */
int st_warmup_split_u64(const uint64_t *v, size_t n, double *first, double *rest);

/* What the iterations of one trial say (NaN when not computed). */
typedef struct st_diag_trial {
	double first, rest; /* st_warmup_split_u64 */
	double lag1;        /* st_lag1_u64 of the iterations after the first tenth */
} st_diag_trial;

/* Everything known about one side at one size. */
typedef struct st_diag_input {
	size_t n;                   /* trials */
	const double *stat;         /* their trial statistic (ns) */
	const int *numbers;         /* their trial numbers */
	const double *order;        /* their order in time (round, start rank or place) */
	const char *order_name;     /* "sweep round", "start time" or "place in the file" */
	const st_diag_trial *iters; /* per trial, or NULL (no iteration data) */
	const char *who;            /* "A (label)", "label", ... for messages */
	const char *stat_name;      /* "mean", ... */
	double threshold_pct;       /* warm-up's practical threshold */
} st_diag_input;

/* The diagnostics of one side: at most max one-line messages into
 * msg[0 .. *nmsg) (each of len bytes), in the order outliers, drift,
 * warm-up, autocorrelation. 0, or an error (ST_ENOMEM, ST_EVALUE). */
int st_diag_side(const st_diag_input *in, char (*msg)[200], size_t max, size_t *nmsg, st_err *err);

#endif
