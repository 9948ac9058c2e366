/* SPDX-License-Identifier: BSD-3-Clause */
/* test_htest.c: hypothesis tests and p-value adjustment against R's documented
 * sleep-data results and scipy/numpy references (tests/data/ref/htest.ref and
 * adjust.ref, made by make_refs.py), plus the edge cases. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htest.h"
#include "refdata.h"

/* Names of all cases in fname (at most max, each < 64 chars); count. */
static int ref_cases(const char *fname, char names[][64], int max)
{
	char path[512], line[65536];
	snprintf(path, sizeof path, "%s/ref/%s", TEST_DATA_DIR, fname);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	int n = 0;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "case ", 5) == 0) {
			cr_assert_lt(n, max);
			line[strcspn(line, "\n")] = 0;
			snprintf(names[n++], 64, "%.63s", line + 5);
		}
	fclose(f);
	return n;
}

/* The one value of key (the test fails when it is missing). */
static double ref_1(const char *fname, const char *name, const char *key)
{
	double v;
	cr_assert_eq(ref_get(fname, name, key, &v, 1), 1, "%s: no %s in %s", fname, key, name);
	return v;
}

#define assert_close(got, want, rel, what, ...)                                               \
	cr_assert(fabs((got) - (want)) <= (rel)*fabs(want) || fabs((got) - (want)) <= 1e-300, \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

static const double sleep1[10] = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
static const double sleep2[10] = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

/* R 4.x, t.test(extra ~ group, data = sleep, paired = TRUE): t = -4.0621,
 * df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean difference
 * -1.58 (group1 minus group2; we report B minus A, so the sign flips). */
Test(htest, paired_t_sleep_matches_r)
{
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_PAIRED_T, sleep1, 10, sleep2, 10, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_DONE);
	cr_assert(fabs(r.statistic - 4.0621) < 5e-5, "t = %g", r.statistic);
	cr_assert(r.has_df);
	cr_assert_eq(r.df, 9.0);
	cr_assert(r.has_p);
	cr_assert(fabs(r.p - 0.002833) < 5e-7, "p = %g", r.p);
	cr_assert(fabs(r.estimate - 1.58) < 1e-12);
	cr_assert(r.has_ci);
	cr_assert(fabs(r.ci_lo - 0.7001142) < 5e-8, "lo %.9g", r.ci_lo);
	cr_assert(fabs(r.ci_hi - 2.4598858) < 5e-8, "hi %.9g", r.ci_hi);
	cr_assert_str_eq(r.reason, "");
}

/* Every case of htest.ref through st_test_run, compared field by field. */
Test(htest, all_reference_cases)
{
	char names[64][64];
	int nc = ref_cases("htest.ref", names, 64);
	cr_assert_geq(nc, 16);
	for (int c = 0; c < nc; c++) {
		const char *nm = names[c];
		double x[128], y[128];
		int nx = ref_get("htest.ref", nm, "x", x, 128);
		int ny = ref_get("htest.ref", nm, "y", y, 128);
		st_test_kind kind = (st_test_kind)(int)ref_1("htest.ref", nm, "kind");
		st_test_result r;
		st_err err;
		cr_assert_eq(st_test_run(kind, x, (size_t)nx, y, (size_t)ny, 0.95, &r, &err), 0,
			     "%s: %s", nm, err.msg);
		cr_assert_eq(r.status, ST_HT_DONE, "%s: status %d (%s)", nm, r.status, r.reason);
		cr_assert(r.has_p, "%s", nm);
		assert_close(r.statistic, ref_1("htest.ref", nm, "statistic"), 1e-10,
			     "%s statistic", nm);
		/* Rank tests whose p is now the exact conditional one: rank.ref holds
		 * coin's p for the same inputs (case htest_NAME). */
		char rn[80];
		double pc;
		snprintf(rn, sizeof rn, "htest_%s", nm);
		if (kind >= ST_HT_WILCOXON && ref_get("rank.ref", rn, "p", &pc, 1) == 1) {
			assert_close(r.p, pc, 1e-9, "%s p (coin)", nm);
			cr_assert(r.exact, "%s exact", nm);
		} else {
			assert_close(r.p, ref_1("htest.ref", nm, "p"), 1e-9, "%s p", nm);
			cr_assert_eq(r.exact, (int)ref_1("htest.ref", nm, "exact"), "%s exact", nm);
		}
		double ci[2], v;
		if (kind == ST_HT_PAIRED_T || kind == ST_HT_WELCH) {
			assert_close(r.df, ref_1("htest.ref", nm, "df"), 1e-10, "%s df", nm);
			assert_close(r.estimate, ref_1("htest.ref", nm, "estimate"), 1e-12,
				     "%s estimate", nm);
			cr_assert_eq(ref_get("htest.ref", nm, "ci", ci, 2), 2);
			cr_assert(r.has_ci, "%s", nm);
			assert_close(r.ci_lo, ci[0], 1e-9, "%s ci lo", nm);
			assert_close(r.ci_hi, ci[1], 1e-9, "%s ci hi", nm);
		} else {
			cr_assert_not(r.has_df, "%s", nm);
			cr_assert_not(r.has_ci, "%s", nm);
		}
		if (ref_get("htest.ref", nm, "n_used", &v, 1) == 1)
			cr_assert_eq(r.n_used, (size_t)v, "%s n_used", nm);
	}
}

/* R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776,
 * p-value = 0.07939; wilcox.test(extra ~ group, data = sleep, paired = TRUE):
 * V = 0 (V = 45 in our B-minus-A direction), p-value = 0.009091 from the
 * normal approximation (a zero and ties); the exact conditional p (coin's
 * wilcoxsign_test, zero.method = "Wilcoxon", distribution = "exact") is
 * 0.00390625 = 2 / 2^9: nine non-zero differences, all of one sign. */
Test(htest, welch_and_wilcoxon_sleep_match_r)
{
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_WELCH, sleep1, 10, sleep2, 10, 0.95, &r, &err), 0);
	cr_assert(fabs(r.statistic - 1.8608) < 5e-5, "t = %g", r.statistic);
	cr_assert(fabs(r.df - 17.776) < 5e-4, "df = %g", r.df);
	cr_assert(fabs(r.p - 0.07939) < 5e-6, "p = %g", r.p);
	cr_assert_eq(st_test_run(ST_HT_WILCOXON, sleep1, 10, sleep2, 10, 0.95, &r, &err), 0);
	cr_assert_eq(r.statistic, 45.0);
	cr_assert(fabs(r.p - 0.00390625) < 1e-12, "p = %g", r.p);
	cr_assert(r.exact);
	cr_assert(fabs(r.p_min - 0.00390625) < 1e-12, "p_min = %g", r.p_min);
}

Test(htest, paired_needs_equal_counts)
{
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_PAIRED_T, sleep1, 10, sleep2, 9, 0.95, &r, &err),
		     ST_EMISMATCH);
	cr_assert(strstr(err.msg, "welch") != NULL, "%s", err.msg);
	cr_assert(strstr(err.msg, "10") && strstr(err.msg, "9"), "%s", err.msg);
	cr_assert_eq(st_test_run(ST_HT_WILCOXON, sleep1, 10, sleep2, 9, 0.95, &r, &err),
		     ST_EMISMATCH);
	cr_assert(strstr(err.msg, "mann-whitney") != NULL, "%s", err.msg);
	/* unpaired tests accept different counts */
	cr_assert_eq(st_test_run(ST_HT_WELCH, sleep1, 10, sleep2, 9, 0.95, &r, &err), 0);
	cr_assert_eq(st_test_run(ST_HT_MANN_WHITNEY, sleep1, 10, sleep2, 9, 0.95, &r, &err), 0);
}

/* No result may hold NaN or Inf. */
static void assert_finite(const st_test_result *r, const char *what)
{
	cr_assert(isfinite(r->statistic) && isfinite(r->p) && isfinite(r->df) &&
			  isfinite(r->estimate) && isfinite(r->ci_lo) && isfinite(r->ci_hi),
		  "%s: a field is not finite", what);
	cr_assert(r->p >= 0.0 && r->p <= 1.0, "%s: p = %g", what, r->p);
}

Test(htest, too_few_values)
{
	double a[1] = {1.0}, b[1] = {2.0}, c[3] = {1, 2, 3};
	st_test_result r;
	st_err err;
	for (int k = ST_HT_PAIRED_T; k <= ST_HT_MANN_WHITNEY; k++) {
		cr_assert_eq(st_test_run((st_test_kind)k, a, 1, b, 1, 0.95, &r, &err), 0);
		cr_assert_eq(r.status, ST_HT_TOO_FEW, "%s", st_test_name((st_test_kind)k));
		cr_assert_not(r.has_p);
		cr_assert_not(r.has_ci);
		cr_assert(strstr(r.reason, "at least 2") != NULL, "%s", r.reason);
		assert_finite(&r, st_test_name((st_test_kind)k));
		cr_assert_eq(st_test_run((st_test_kind)k, a, 0, b, 0, 0.95, &r, &err), 0);
		cr_assert_eq(r.status, ST_HT_TOO_FEW);
	}
	cr_assert_eq(st_test_run(ST_HT_WELCH, a, 1, c, 3, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_TOO_FEW);
	cr_assert(strstr(r.reason, "A has 1") != NULL, "%s", r.reason);
}

Test(htest, all_differences_zero)
{
	double a[5] = {1.5, 2.5, 3.0, 2.0, 1.0};
	st_test_result r;
	st_err err;
	for (int k = ST_HT_PAIRED_T; k <= ST_HT_WILCOXON; k++) {
		cr_assert_eq(st_test_run((st_test_kind)k, a, 5, a, 5, 0.95, &r, &err), 0);
		if (k == ST_HT_WELCH) { /* same sample twice: t = 0, p = 1 */
			cr_assert_eq(r.status, ST_HT_DONE);
			cr_assert_eq(r.statistic, 0.0);
		} else {
			cr_assert_eq(r.status, ST_HT_NO_DIFFERENCE, "%s",
				     st_test_name((st_test_kind)k));
			cr_assert_neq(r.reason[0], 0);
		}
		cr_assert(r.has_p);
		cr_assert_eq(r.p, 1.0, "%s: p = %g", st_test_name((st_test_kind)k), r.p);
		assert_finite(&r, st_test_name((st_test_kind)k));
	}
	/* Mann-Whitney: the same values on both sides tie everywhere: p = 1 */
	cr_assert_eq(st_test_run(ST_HT_MANN_WHITNEY, a, 5, a, 5, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_DONE);
	cr_assert_eq(r.p, 1.0);
	cr_assert_eq(r.statistic, 12.5);
	/* one constant everywhere */
	double c[4] = {7, 7, 7, 7};
	cr_assert_eq(st_test_run(ST_HT_MANN_WHITNEY, c, 4, c, 4, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_NO_DIFFERENCE);
	cr_assert_eq(r.p, 1.0);
	cr_assert_eq(st_test_run(ST_HT_WELCH, c, 4, c, 4, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_NO_DIFFERENCE);
	assert_finite(&r, "welch constant");
}

Test(htest, zero_variance_with_a_difference)
{
	double a[4] = {1.0, 2.0, 3.0, 4.0}, b[4] = {1.5, 2.5, 3.5, 4.5};
	double c[4] = {3, 3, 3, 3}, d[3] = {5, 5, 5};
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_PAIRED_T, a, 4, b, 4, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_ZERO_VARIANCE);
	cr_assert_not(r.has_p);
	cr_assert_not(r.has_ci);
	cr_assert_eq(r.estimate, 0.5);
	cr_assert(strstr(r.reason, "cannot be computed") != NULL, "%s", r.reason);
	assert_finite(&r, "paired");
	cr_assert_eq(st_test_run(ST_HT_WELCH, c, 4, d, 3, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_ZERO_VARIANCE);
	cr_assert_not(r.has_p);
	cr_assert_eq(r.estimate, 2.0);
	assert_finite(&r, "welch");
	/* the rank tests handle it: 4 positive differences all tied */
	cr_assert_eq(st_test_run(ST_HT_WILCOXON, a, 4, b, 4, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_DONE);
	cr_assert_eq(r.statistic, 10.0);
	assert_finite(&r, "wilcoxon");
	cr_assert_eq(st_test_run(ST_HT_MANN_WHITNEY, c, 4, d, 3, 0.95, &r, &err), 0);
	cr_assert_eq(r.status, ST_HT_DONE);
	cr_assert_eq(r.statistic, 12.0);
	assert_finite(&r, "mann-whitney");
}

Test(htest, rejects_non_finite_and_bad_level)
{
	double a[3] = {1, NAN, 3}, b[3] = {1, 2, 3};
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_WELCH, a, 3, b, 3, 0.95, &r, &err), ST_EVALUE);
	cr_assert_eq(st_test_run(ST_HT_PAIRED_T, b, 3, b, 3, 1.5, &r, &err), ST_EVALUE);
}

Test(htest, names_round_trip)
{
	st_err err;
	for (int k = ST_HT_PAIRED_T; k <= ST_HT_MANN_WHITNEY; k++) {
		st_test_kind got;
		cr_assert_eq(st_test_parse(st_test_name((st_test_kind)k), &got, &err), 0);
		cr_assert_eq((int)got, k);
	}
	st_test_kind t;
	cr_assert_eq(st_test_parse("MW", &t, &err), 0);
	cr_assert_eq(t, ST_HT_MANN_WHITNEY);
	cr_assert_eq(st_test_parse("anova", &t, &err), ST_EUSAGE);
	cr_assert(strstr(err.msg, "anova") != NULL);
	for (int m = ST_ADJ_NONE; m <= ST_ADJ_BH; m++) {
		st_adjust got;
		cr_assert_eq(st_adjust_parse(st_adjust_name((st_adjust)m), &got, &err), 0);
		cr_assert_eq((int)got, m);
	}
	st_adjust a;
	cr_assert_eq(st_adjust_parse("fdr", &a, &err), 0);
	cr_assert_eq(a, ST_ADJ_BH);
	cr_assert_eq(st_adjust_parse("bonferroni", &a, &err), ST_EUSAGE);
}

/* ---- p-value adjustment ---- */

Test(adjust, matches_reference)
{
	char names[16][64];
	int nc = ref_cases("adjust.ref", names, 16);
	cr_assert_geq(nc, 4);
	for (int c = 0; c < nc; c++) {
		double p[128], want[128], got[128];
		st_err err;
		int n = ref_get("adjust.ref", names[c], "p", p, 128);
		const char *methods[] = {"holm", "bh"};
		for (int m = 0; m < 2; m++) {
			cr_assert_eq(ref_get("adjust.ref", names[c], methods[m], want, 128), n);
			cr_assert_eq(
				st_p_adjust(m ? ST_ADJ_BH : ST_ADJ_HOLM, p, (size_t)n, got, &err),
				0);
			for (int i = 0; i < n; i++)
				assert_close(got[i], want[i], 1e-12, "%s %s [%d]", names[c],
					     methods[m], i);
		}
		cr_assert_eq(st_p_adjust(ST_ADJ_NONE, p, (size_t)n, got, &err), 0);
		cr_assert_arr_eq(got, p, (size_t)n * sizeof *p);
	}
}

/* R's p.adjust documentation style check by hand: p = (0.01, 0.04, 0.03):
 * holm = (0.03, 0.06, 0.06), BH = (0.03, 0.04, 0.04). In place. */
Test(adjust, hand_example_in_place)
{
	double p[3] = {0.01, 0.04, 0.03};
	st_err err;
	cr_assert_eq(st_p_adjust(ST_ADJ_HOLM, p, 3, p, &err), 0);
	cr_assert(fabs(p[0] - 0.03) < 1e-15 && fabs(p[1] - 0.06) < 1e-15 &&
			  fabs(p[2] - 0.06) < 1e-15,
		  "%g %g %g", p[0], p[1], p[2]);
	double q[3] = {0.01, 0.04, 0.03};
	cr_assert_eq(st_p_adjust(ST_ADJ_BH, q, 3, q, &err), 0);
	cr_assert(fabs(q[0] - 0.03) < 1e-15 && fabs(q[1] - 0.04) < 1e-15 &&
			  fabs(q[2] - 0.04) < 1e-15,
		  "%g %g %g", q[0], q[1], q[2]);
	double bad[2] = {0.5, 1.5};
	cr_assert_eq(st_p_adjust(ST_ADJ_BH, bad, 2, bad, &err), ST_EVALUE);
}

/* Every case of rank.ref (coin's exact conditional tests, R 4.2.2, coin
 * 1.4.2): p and p_min under ties and zero differences. */
Test(rank, exact_conditional_matches_coin)
{
	char names[64][64];
	int nc = ref_cases("rank.ref", names, 64), checked = 0;
	cr_assert_geq(nc, 10);
	for (int c = 0; c < nc; c++) {
		const char *nm = names[c];
		double x[128], y[128], k;
		if (ref_get("rank.ref", nm, "p_min", &k, 1) != 1)
			continue; /* a Hodges-Lehmann or adjustment case */
		int nx = ref_get("rank.ref", nm, "x", x, 128);
		int ny = ref_get("rank.ref", nm, "y", y, 128);
		st_test_kind kind = (st_test_kind)(int)ref_1("rank.ref", nm, "kind");
		st_test_result r;
		st_err err;
		cr_assert_eq(st_test_run(kind, x, (size_t)nx, y, (size_t)ny, 0.95, &r, &err), 0,
			     "%s: %s", nm, err.msg);
		cr_assert(r.has_p, "%s", nm);
		cr_assert(r.exact, "%s", nm);
		assert_close(r.p, ref_1("rank.ref", nm, "p"), 1e-9, "%s p", nm);
		assert_close(r.p_min, ref_1("rank.ref", nm, "p_min"), 1e-9, "%s p_min", nm);
		checked++;
	}
	cr_assert_geq(checked, 10);
}

/* The two rank-test problems of issue 12: p can never go below p_min. */
Test(rank, issue_small_tied_samples)
{
	double a[] = {10, 11, 11}, b[] = {12, 12, 13};
	st_test_result r;
	st_err err;
	cr_assert_eq(st_test_run(ST_HT_MANN_WHITNEY, a, 3, b, 3, 0.95, &r, &err), 0);
	cr_assert(fabs(r.p - 0.1) < 1e-12 && fabs(r.p_min - 0.1) < 1e-12, "p %g p_min %g", r.p,
		  r.p_min);
	double x[] = {10, 10, 10, 10, 10}, y[] = {12, 12, 12, 12, 12};
	cr_assert_eq(st_test_run(ST_HT_WILCOXON, x, 5, y, 5, 0.95, &r, &err), 0);
	cr_assert(fabs(r.p - 0.0625) < 1e-12 && fabs(r.p_min - 0.0625) < 1e-12, "p %g", r.p);
	/* t tests can reach any p */
	cr_assert_eq(st_test_run(ST_HT_WELCH, a, 3, b, 3, 0.95, &r, &err), 0);
	cr_assert_eq(r.p_min, 0.0);
}

/* R's p.adjust itself (rank.ref case adjust_r). */
Test(adjust, matches_r)
{
	double p[16], holm[16], bh[16], out[16];
	int n = ref_get("rank.ref", "adjust_r", "p", p, 16);
	cr_assert_gt(n, 0);
	cr_assert_eq(ref_get("rank.ref", "adjust_r", "holm", holm, 16), n);
	cr_assert_eq(ref_get("rank.ref", "adjust_r", "bh", bh, 16), n);
	st_err err;
	cr_assert_eq(st_p_adjust(ST_ADJ_HOLM, p, (size_t)n, out, &err), 0);
	for (int i = 0; i < n; i++)
		assert_close(out[i], holm[i], 1e-12, "holm %d", i);
	cr_assert_eq(st_p_adjust(ST_ADJ_BH, p, (size_t)n, out, &err), 0);
	for (int i = 0; i < n; i++)
		assert_close(out[i], bh[i], 1e-12, "bh %d", i);
}
