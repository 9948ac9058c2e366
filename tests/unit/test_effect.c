/* SPDX-License-Identifier: BSD-3-Clause */
/* test_effect.c: Hodges-Lehmann shifts and intervals against R's
 * wilcox.test(y, x, conf.int = TRUE) (tests/data/ref/rank.ref, made by
 * make_rank_refs.R), ratios B/A and verdict words. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "effect.h"
#include "htest.h"
#include "refdata.h"

#define assert_close(got, want, rel, what, ...)                     \
	cr_assert(fabs((got) - (want)) <= (rel)*fabs(want) + 1e-15, \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

static void check_hl_case(const char *nm)
{
	double x[64], y[64], kind, est, ci[2];
	int nx = ref_get("rank.ref", nm, "x", x, 64);
	int ny = ref_get("rank.ref", nm, "y", y, 64);
	cr_assert_eq(ref_get("rank.ref", nm, "kind", &kind, 1), 1, "%s", nm);
	cr_assert_eq(ref_get("rank.ref", nm, "estimate", &est, 1), 1, "%s", nm);
	cr_assert_eq(ref_get("rank.ref", nm, "ci", ci, 2), 2, "%s", nm);
	st_effect e;
	st_err err;
	int rc = (int)kind == ST_HT_WILCOXON
			 ? st_hl_paired(x, y, (size_t)nx, 0.95, &e, &err)
			 : st_hl_shift(x, (size_t)nx, y, (size_t)ny, 0.95, &e, &err);
	cr_assert_eq(rc, 0, "%s: %s", nm, err.msg);
	cr_assert(e.valid && e.has_ci, "%s", nm);
	assert_close(e.estimate, est, 1e-12, "%s estimate", nm);
	assert_close(e.lo, ci[0], 1e-12, "%s ci low", nm);
	assert_close(e.hi, ci[1], 1e-12, "%s ci high", nm);
}

Test(effect, hodges_lehmann_matches_r)
{
	static const char *const cases[] = {"hl_paired_10", "hl_paired_15",   "hl_paired_30",
					    "hl_shift_7_9", "hl_shift_15_15", "hl_shift_20_12"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check_hl_case(cases[i]);
}

/* The ratio is the shift of the logarithms: exp of R's wilcox.test on logs is
 * checked through the shift; here its invariances. */
Test(effect, ratio_is_multiplicative)
{
	double x[] = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
	double y[8];
	for (int i = 0; i < 8; i++)
		y[i] = 1.5 * x[i];
	st_effect e;
	st_err err;
	cr_assert_eq(st_ratio(1, x, 8, y, 8, 0.95, &e, &err), 0);
	cr_assert(e.valid && e.has_ci);
	assert_close(e.estimate, 1.5, 1e-12, "%s", "paired ratio");
	assert_close(e.lo, 1.5, 1e-12, "%s", "paired lo");
	assert_close(e.hi, 1.5, 1e-12, "%s", "paired hi");
	cr_assert_eq(st_ratio(0, x, 8, y, 8, 0.95, &e, &err), 0);
	cr_assert(e.valid && e.lo < 1.5 && e.hi > 1.5 && e.lo <= e.estimate && e.estimate <= e.hi);
	x[3] = 0.0;
	cr_assert_eq(st_ratio(1, x, 8, y, 8, 0.95, &e, &err), 0);
	cr_assert_not(e.valid);
	cr_assert(strstr(e.why, "positive") != NULL, "%s", e.why);
}

Test(effect, small_samples_and_bad_input)
{
	double x[] = {1.0}, y[] = {2.0}, bad[] = {NAN};
	st_effect e;
	st_err err;
	cr_assert_eq(st_hl_paired(x, y, 1, 0.95, &e, &err), 0);
	cr_assert(e.valid && !e.has_ci && e.estimate == 1.0);
	cr_assert_eq(st_hl_shift(x, 1, y, 1, 0.95, &e, &err), 0);
	cr_assert(e.valid && !e.has_ci);
	cr_assert_eq(st_hl_paired(x, y, 0, 0.95, &e, &err), 0);
	cr_assert_not(e.valid);
	cr_assert_eq(st_hl_paired(bad, y, 1, 0.95, &e, &err), ST_EVALUE);
	cr_assert_eq(st_hl_paired(x, y, 1, 1.5, &e, &err), ST_EVALUE);
	/* 5 pairs: even [min, max] covers only 1 - 2/32 < 95%: no interval; 6
	 * pairs: [min, max] of the Walsh averages covers 1 - 2/64 */
	double a[] = {1, 2, 3, 4, 5, 6}, b[] = {2, 4, 7, 5, 9, 7.5};
	cr_assert_eq(st_hl_paired(a, b, 5, 0.95, &e, &err), 0);
	cr_assert(e.valid && !e.has_ci);
	cr_assert(strstr(e.why, "95% interval") != NULL, "%s", e.why);
	cr_assert_eq(st_hl_paired(a, b, 6, 0.95, &e, &err), 0);
	cr_assert(e.has_ci && e.lo == 1.0 && e.hi == 4.0, "[%g, %g]", e.lo, e.hi);
	cr_assert_eq(st_hl_shift(a, 3, b, 3, 0.95, &e, &err), 0);
	cr_assert(e.valid && !e.has_ci);
}

Test(effect, verdicts_and_words)
{
	st_effect r = {.valid = 1, .has_ci = 1, .estimate = 1.2, .lo = 1.1, .hi = 1.3};
	cr_assert_eq(st_verdict_of(1, 1.0, &r, 1.0), ST_VERDICT_HIGHER);
	cr_assert_eq(st_verdict_of(0, 1.0, &r, 1.0), ST_VERDICT_INCONCLUSIVE);
	/* direction of the test and of the ratio disagree */
	cr_assert_eq(st_verdict_of(1, -1.0, &r, 1.0), ST_VERDICT_INCONCLUSIVE);
	r.estimate = 1.002, r.lo = 0.995, r.hi = 1.009;
	cr_assert_eq(st_verdict_of(0, 1.0, &r, 1.0), ST_VERDICT_EQUIVALENT);
	cr_assert_eq(st_verdict_of(1, 1.0, &r, 1.0), ST_VERDICT_EQUIVALENT);
	cr_assert_eq(st_verdict_of(1, 1.0, &r, 0.5), ST_VERDICT_HIGHER);
	r.estimate = 0.8, r.lo = 0.7, r.hi = 0.9;
	cr_assert_eq(st_verdict_of(1, -1.0, &r, 1.0), ST_VERDICT_LOWER);
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_HIGHER, 0), "slower");
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_HIGHER, 1), "faster");
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_LOWER, 0), "faster");
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_LOWER, 1), "slower");
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_EQUIVALENT, 1), "equivalent");
	cr_assert_str_eq(st_verdict_word(ST_VERDICT_INCONCLUSIVE, 0), "inconclusive");
	r.valid = 0;
	cr_assert_eq(st_verdict_of(1, 1.0, &r, 1.0), ST_VERDICT_INCONCLUSIVE);
}
