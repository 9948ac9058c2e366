/* SPDX-License-Identifier: BSD-3-Clause */
/* pctci.h: the confidence interval of a pooled tail percentile whose unit is
 * the trial (summary's percentile_ci beyond the quartiles).
 *
 * Method: Woodruff's interval for a quantile under cluster sampling, each
 * trial a cluster. With q the pooled type-7 quantile at p of all N samples
 * of k trials (n_i samples each, c_i of them <= q):
 *   - the variance of the pooled fraction F = sum c_i / N is the larger of
 *     (a) the ratio estimator's over trials, k/(k-1) sum (c_i - F n_i)^2 / N^2,
 *     (b) the one a shift model of the trials implies: each trial's samples
 *         are its median m_i plus residuals drawn from one distribution G
 *         (the pooled residuals x - m_i), the m_i normal with the mean and sd
 *         of the trials' medians: Var_m[G(q - m)] * sum n_i^2 / N^2, the
 *         expectation over m on the grid z = -6, -5.97, ..., 6 with normal
 *         weights (normalised).
 *     (a) alone misses the trials a small sample of them did not catch (the
 *     tail of a mixture of shifted trials is driven by its slowest trials);
 *     (b) alone misses changes of the tail's frequency between trials;
 *   - the interval of F at p is Korn and Graubard's (1998): Clopper-Pearson
 *     with the effective sample size n* = min(p(1-p)/var, N) (N when var is
 *     0) times (z / t(k-1))^2, z and t the level's normal and Student
 *     quantiles: [B^-1(a/2; n* p, n*(1-p) + 1), B^-1(1 - a/2; n* p + 1, n*(1-p))];
 *   - the interval of the quantile is the pooled type-7 quantiles at those
 *     two fractions.
 * None ("why" says so) with fewer trials than st_pct_ci_min_trials(p), with
 * fewer than ST_PCT_CI_MIN_BEYOND samples expected beyond the percentile
 * (N min(p, 1 - p)), or when one end lies beyond half a sample of the data's
 * ends (below 1/(2N) or above 1 - 1/(2N): the samples cannot bound it).
 * Simulated coverage of 95% intervals (bench/coverage.py, 2,000 replications
 * per design, and bench/README.md): 93.2-96.9% for p90 to p99 when the trials
 * differ by normal shifts as large as 0.7 of the within-trial sd, and for a
 * skewed latency mixture. */
#ifndef SRIOVSTAT_PCTCI_H
#define SRIOVSTAT_PCTCI_H

#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "sterr.h"

/* Whether percentile p (in percent) is a tail percentile (below p25 or above
 * p75) whose interval this module computes; the others (the median and the
 * quartiles) take the pooled value -+ t sd over trials / sqrt(k). */
int st_pct_is_tail(double pct);

/* The fewest trials with which an interval of percentile pct (in percent) is
 * given: 2 for p25..p75, 5 for p5..p95, 10 for p0.5..p99.5, 30 beyond. Fewer
 * trials cannot show how the tail varies between trials: simulated intervals
 * with fewer covered far below their level (bench/README.md). */
size_t st_pct_ci_min_trials(double pct);

/* The fewest samples expected beyond a tail percentile (N min(p, 1 - p)) with
 * which its interval is given. With fewer the interval is given only when
 * the trials happen to agree, and those given covered too rarely (10 trials
 * of 200, p99: 91% of 95% intervals; bench/README.md). */
#define ST_PCT_CI_MIN_BEYOND 30

/* The Beta(a, b) quantile at P (a, b > 0, P in [0, 1]): bisection on the
 * regularized incomplete beta function (continued fraction), to 1e-15. */
double st_beta_quantile(double P, double a, double b);

/* Intervals at level for the pooled percentiles pct[0 .. np-1] (percent,
 * each a tail percentile) of k trials: v[i] holds trial i's n[i] samples
 * (unsorted), med[i] its type-7 median (med NULL: computed here). ci[j] is
 * filled (valid 0 with "why" when none). Returns 0, ST_EVALUE (bad
 * arguments), ST_ENOMEM. */
int st_pct_cis_trials(const uint64_t *const *v, const size_t *n, const double *med, size_t k,
		      const double *pct, size_t np, double level, st_ci *ci, st_err *err);

/* The same with the pooled type-7 quantiles at pct given in q (NULL:
 * selected here), as a summary's cells already hold them. Thread-safe. */
int st_pct_cis_trials_q(const uint64_t *const *v, const size_t *n, const double *med,
			const double *q, size_t k, const double *pct, size_t np, double level,
			st_ci *ci, st_err *err);

#endif
