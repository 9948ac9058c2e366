/* SPDX-License-Identifier: BSD-3-Clause */
/* effect.h: effect sizes and verdicts of a two-sample comparison.
 *
 * Hodges-Lehmann shift, B minus A (Hollander and Wolfe, "Nonparametric
 * Statistical Methods", 2nd ed., sections 3.2 and 4.3; R's wilcox.test(y, x,
 * conf.int = TRUE)):
 * - paired: the median of the n (n + 1) / 2 Walsh averages (d_i + d_j) / 2,
 *   i <= j, of the differences d = y - x (zero differences are kept: R drops
 *   them, so results agree with R when no difference is zero);
 * - unpaired: the median of the nx ny differences y_j - x_i.
 * Its distribution-free interval is [W(q), W(M + 1 - q)] over the M sorted
 * averages (differences), with q the smallest value whose lower tail of the
 * signed-rank (rank-sum) null distribution, without ties, reaches
 * (1 - level) / 2 (R's qsignrank / qwilcox). When that q is 0 even
 * [min, max] covers less than level (at 95%: 5 pairs or fewer, 3 + 3 values):
 * there is no interval (has_ci = 0, why says so; R widens to [min, max] and
 * warns). The tail is counted
 * exactly up to ST_WILCOXON_EXACT_MAX pairs and when st_mw_exact(nx, ny),
 * else from the normal approximation. With no ties and no zero differences
 * these are R's estimate and interval (exact = TRUE). Under ties the interval
 * keeps the untied critical value (the usual conservative choice).
 *
 * Ratio B/A: the same estimate and interval on the logarithms of the values,
 * exponentiated (a multiplicative shift: "1.52x [1.49, 1.55]"). Needs every
 * value > 0.
 *
 * Library code: no printing, no exit. */
#ifndef SRIOVSTAT_EFFECT_H
#define SRIOVSTAT_EFFECT_H

#include <stddef.h>

#include "sterr.h"

/* An estimate with its interval. When valid is 0 there is no estimate and
 * why says why; has_ci 0 with valid 1: an estimate without interval. */
typedef struct st_effect {
	int valid;
	double estimate;
	int has_ci;
	double lo, hi;
	double level;
	char why[96];
} st_effect;

/* Hodges-Lehmann shift of paired values (x[i] with y[i]), n >= 1 pairs.
 * 0, ST_EVALUE (a non-finite value, level not in (0, 1)) or ST_ENOMEM. An
 * interval needs n >= 2 (has_ci = 0 otherwise). */
int st_hl_paired(const double *x, const double *y, size_t n, double level, st_effect *e,
		 st_err *err);

/* Hodges-Lehmann shift of two samples (nx, ny >= 1); as st_hl_paired. An
 * interval needs nx, ny >= 2. */
int st_hl_shift(const double *x, size_t nx, const double *y, size_t ny, double level, st_effect *e,
		st_err *err);

/* Ratio B/A (see above), paired or not. valid = 0 when a value is <= 0. */
int st_ratio(int paired, const double *x, size_t nx, const double *y, size_t ny, double level,
	     st_effect *e, st_err *err);

/* ---- verdicts ---- */

typedef enum st_verdict {
	ST_VERDICT_INCONCLUSIVE = 0,
	ST_VERDICT_EQUIVALENT, /* the ratio's interval lies inside 1 -+ threshold */
	ST_VERDICT_HIGHER,     /* B significantly higher (and not equivalent) */
	ST_VERDICT_LOWER,      /* B significantly lower (and not equivalent) */
} st_verdict;

/* The verdict at one size. significant: the (adjusted) test rejects; sign:
 * the direction of the test's own estimate (> 0: B higher); ratio: the ratio
 * B/A and its interval; threshold_pct: the practical threshold in percent.
 * - EQUIVALENT when the ratio's interval lies inside
 *   [1 - threshold/100, 1 + threshold/100] (significant or not: a difference
 *   that small does not matter);
 * - else HIGHER or LOWER when significant, the test's direction and the
 *   ratio's estimate agree (a disagreement is INCONCLUSIVE);
 * - else INCONCLUSIVE. */
st_verdict st_verdict_of(int significant, double sign, const st_effect *ratio,
			 double threshold_pct);

/* The word of a verdict: "equivalent", "inconclusive", and for HIGHER and
 * LOWER "slower"/"faster" as the measured quantity is a time
 * (higher_is_better 0: latencies) or a rate (higher_is_better 1: bandwidth,
 * where higher B is "faster"). */
const char *st_verdict_word(st_verdict v, int higher_is_better);

#endif
