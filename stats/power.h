/* SPDX-License-Identifier: BSD-3-Clause */
/* power.h: power and sample size of the two-sided t tests, and the plan of
 * a comparison (how many trials would detect a practical threshold, and the
 * smallest effect the trials at hand detect).
 *
 * The unit is the trial: the spread is the between-trial sd of the trial
 * statistic (paired: the sd of the paired differences B - A of the trial
 * statistics; unpaired: each side's sd over its trials), never the spread of
 * the iterations.
 *
 * Power of the two-sided t test at level alpha, exactly as R's
 * power.t.test(..., strict = TRUE):
 *   power = P(T > q) + P(T < -q),  q = qt(1 - alpha / 2, df),
 * with T noncentral t (df, ncp):
 * - paired (one sample of n differences of sd s): df = n - 1,
 *   ncp = delta sqrt(n) / s (power.t.test type = "paired");
 * - two samples (Welch): se = sqrt(sa^2 / na + sb^2 / nb), ncp = delta / se,
 *   df = Welch-Satterthwaite, se^4 / ((sa^2/na)^2/(na-1) + (sb^2/nb)^2/(nb-1)).
 *   With sa = sb and na = nb = n this is df = 2 (n - 1) and
 *   ncp = delta sqrt(n / 2) / s: power.t.test type = "two.sample".
 *
 * The noncentral t distribution is computed by numerical integration (no
 * approximation): with T = (Z + ncp) / S, S = sqrt(V / df), V chi-square,
 *   P(T > t) = integral over s of Q(t s - ncp) f_S(s) ds,
 * f_S the density of a chi variable over sqrt(df); composite 20-point
 * Gauss-Legendre on the range where f_S exceeds 1e-30 of its mode, panels
 * doubled until two successive sums agree to 1e-12 (relative). It agrees
 * with R's pt(q, df, ncp) (AS 243) to about 1e-10 (tests/unit/test_power.c).
 *
 * Library code: no printing, no exit. */
#ifndef SRIOVSTAT_POWER_H
#define SRIOVSTAT_POWER_H

#include <stddef.h>

#include "analysis.h"
#include "sterr.h"

/* Tail of the noncentral t distribution: P(T <= t) (upper 0) or P(T > t)
 * (upper 1) for df >= 1 (not necessarily whole) and any finite ncp.
 * 0, or ST_EVALUE on a non-finite input or df < 1. */
int st_nct_tail(double t, double df, double ncp, int upper, double *p, st_err *err);

/* A t test to plan for. */
typedef struct st_power_design {
	int paired;   /* 1: paired differences (sd their sd); 0: two samples (Welch) */
	double sd;    /* paired: sd of the differences; else A's sd over its trials */
	double sd_b;  /* two samples: B's sd (unused when paired) */
	double alpha; /* two-sided level of the one test, in (0, 1) */
} st_power_design;

/* The power against a true difference delta (> 0, same unit as the sds) with
 * n_a pairs (paired; n_b unused) or n_a and n_b trials, each >= 2. 0, or
 * ST_EVALUE (an sd <= 0 or not finite, alpha outside (0, 1), n < 2). */
int st_power_of(const st_power_design *d, double n_a, double n_b, double delta, double *power,
		st_err *err);

/* The smallest whole n (pairs, or trials on each side) >= 2 whose power
 * against delta reaches power (in (alpha, 1)); *n = 0 when even nmax does
 * not (then *achieved is the power at nmax). *achieved: the power at *n.
 * 0 or ST_EVALUE. */
int st_power_trials(const st_power_design *d, double delta, double power, size_t nmax, size_t *n,
		    double *achieved, st_err *err);

/* The smallest true difference delta > 0 detected with probability power
 * (in (alpha, 1)) with n_a, n_b trials (pairs: n_a); found by bisection to
 * 1e-12 relative. 0 or ST_EVALUE. */
int st_power_delta(const st_power_design *d, double n_a, double n_b, double power, double *delta,
		   st_err *err);

/* ---- the plan of a comparison ---- */

/* Most trials st_plan_compute looks for. */
#define ST_PLAN_NMAX 100000

/* The plan of one comparison row (the same index as in the comparison). */
typedef struct st_plan_row {
	int paired;       /* the test pairs trials: sd is the sd of the differences */
	size_t n_a, n_b;  /* trials at hand: pairs (paired: n_a = n_b = pairs), else per side */
	double a_mean;    /* A's mean of the trial statistic (ns): the threshold's base */
	int has_sd;       /* 0: fewer than 3 trials (pairs) or no variation: no estimate */
	double sd, sd_b;  /* ns; paired: sd of the differences (sd_b = sd); else A's, B's */
	int has_delta;    /* 0 when A's mean is 0 */
	double delta;     /* the threshold in ns: threshold_pct of |a_mean| */
	int has_power;    /* power against the threshold with the trials at hand */
	double power_now; /* in [alpha_test, 1] */
	int has_needed;   /* trials needed (has_sd && has_delta) */
	size_t needed;    /* pairs, or trials of each configuration; 0: more than ST_PLAN_NMAX */
	int has_mde;      /* smallest detectable effect with the trials at hand */
	double mde;       /* ns (> 0) */
	double mde_pct;   /* 100 mde / |a_mean| (has_delta) */
	char why[160];    /* when !has_sd or !has_delta: why there is no estimate */
} st_plan_row;

typedef struct st_plan {
	double power;         /* the power asked for (0.8) */
	double threshold_pct; /* the comparison's opts.threshold_pct */
	double alpha;         /* the comparison's opts.alpha */
	double alpha_test;    /* the level of each test the plan assumes: alpha / family
				 (Bonferroni: Holm's first step, a conservative value for
				 Holm and BH) unless the comparison adjusts nothing */
	size_t family;        /* tests the adjustment covers: the comparison's rows */
	size_t nrows;
	st_plan_row *rows; /* parallel to the comparison's rows */
} st_plan;

/* Plan c's rows against c->opts.threshold_pct at the given power (in (0, 1)):
 * the design is c's test's (paired t and Wilcoxon: paired differences of the
 * pairs the test used; Welch and Mann-Whitney: two samples; a rank test is
 * planned as its t test). 0 with *out the caller's (st_plan_destroy), or
 * ST_EVALUE (power out of range), ST_ENOMEM. */
int st_plan_compute(const st_comparison *c, double power, st_plan **out, st_err *err);

/* Release a plan (NULL is fine). */
void st_plan_destroy(st_plan *p);

#endif
