/* SPDX-License-Identifier: BSD-3-Clause */
/* test_diag.c: the diagnostics of stats/diag.h against scipy and numpy
 * (tests/data/ref/diag.ref, made by make_diag_refs.py): Kendall's tau and
 * p (scipy.stats.kendalltau), lag-1 autocorrelation (numpy), the warm-up
 * split and its trial-level Wilcoxon p (scipy.stats.wilcoxon), the robust
 * outlier rule; and which messages st_diag_side gives. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "htest.h"
#include "refdata.h"

#define assert_close(got, want, rel, what, ...)                     \
	cr_assert(fabs((got) - (want)) <= (rel)*fabs(want) + 1e-15, \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

Test(diag, kendall_matches_scipy)
{
	static const char *const cases[] = {"kendall_10", "kendall_ties_15",
					    "kendall_30", "kendall_ties_6",
					    "kendall_60", "kendall_5_perfect"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double x[64], y[64], tau, p, exact;
		int n = ref_get("diag.ref", cases[i], "x", x, 64);
		cr_assert_eq(ref_get("diag.ref", cases[i], "y", y, 64), n);
		ref_get("diag.ref", cases[i], "tau", &tau, 1);
		ref_get("diag.ref", cases[i], "p", &p, 1);
		ref_get("diag.ref", cases[i], "exact", &exact, 1);
		st_rankcor rc;
		st_err err;
		cr_assert_eq(st_kendall(x, y, (size_t)n, &rc, &err), 0, "%s", cases[i]);
		cr_assert(rc.valid, "%s", cases[i]);
		cr_assert_eq(rc.exact, (int)exact, "%s: exact", cases[i]);
		assert_close(rc.rho, tau, 1e-12, "%s tau", cases[i]);
		assert_close(rc.p, p, 1e-9, "%s p", cases[i]);
	}
}

Test(diag, kendall_edges)
{
	double x[] = {1, 2, 3, 4}, c[] = {5, 5, 5, 5}, bad[] = {1, NAN, 3, 4};
	st_rankcor rc;
	st_err err;
	cr_assert_eq(st_kendall(x, c, 4, &rc, &err), 0);
	cr_assert(!rc.valid, "a constant variable has no rank correlation");
	cr_assert_eq(st_kendall(x, x, 2, &rc, &err), 0);
	cr_assert(!rc.valid, "two pairs are too few");
	cr_assert_eq(st_kendall(x, x, 3, &rc, &err), 0);
	cr_assert(rc.valid && rc.rho == 1.0 && fabs(rc.p - 1.0 / 3.0) < 1e-15,
		  "3 in order: p = 2 / 3! (got %g)", rc.p);
	cr_assert_eq(st_kendall(x, bad, 4, &rc, &err), ST_EVALUE);
}

Test(diag, lag1_matches_numpy)
{
	static const char *const cases[] = {"lag1_ar_0.8", "lag1_white", "lag1_ar_neg"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		static double x[400];
		static uint64_t v[400];
		double r, want;
		int n = ref_get("diag.ref", cases[i], "x", x, 400);
		ref_get("diag.ref", cases[i], "r", &want, 1);
		for (int k = 0; k < n; k++)
			v[k] = (uint64_t)x[k];
		cr_assert_eq(st_lag1_u64(v, (size_t)n, &r), 0);
		assert_close(r, want, 1e-12, "%s u64", cases[i]);
	}
	uint64_t same[] = {7, 7, 7, 7};
	double r;
	cr_assert_eq(st_lag1_u64(same, 4, &r), -1, "constant series: undefined");
	cr_assert_eq(st_lag1_u64(same, 2, &r), -1, "two values: undefined");
}

/* The trials of a warm-up case, split; returns the number of trials. */
static size_t warmup_case(const char *nm, st_diag_trial *d, double *first, double *rest)
{
	double nt, n;
	ref_get("diag.ref", nm, "ntrials", &nt, 1);
	ref_get("diag.ref", nm, "n", &n, 1);
	for (int i = 0; i < (int)nt; i++) {
		static double x[200];
		static uint64_t v[200];
		char key[16];
		snprintf(key, sizeof key, "t%d", i);
		cr_assert_eq(ref_get("diag.ref", nm, key, x, 200), (int)n);
		for (int k = 0; k < (int)n; k++)
			v[k] = (uint64_t)x[k];
		cr_assert_eq(st_warmup_split_u64(v, (size_t)n, &d[i].first, &d[i].rest), 0);
		assert_close(d[i].first, first[i], 1e-12, "%s trial %d first", nm, i);
		assert_close(d[i].rest, rest[i], 1e-12, "%s trial %d rest", nm, i);
		if (st_lag1_u64(v, (size_t)n, &d[i].lag1) != 0)
			d[i].lag1 = NAN;
	}
	return (size_t)nt;
}

/* Run st_diag_side on n trials; count messages containing what. */
static size_t diag_count(const st_diag_input *in, const char *what)
{
	char msg[8][200];
	size_t nmsg = 0, hits = 0;
	st_err err;
	cr_assert_eq(st_diag_side(in, msg, 8, &nmsg, &err), 0);
	for (size_t i = 0; i < nmsg; i++)
		hits += strstr(msg[i], what) != NULL;
	return hits;
}

Test(diag, warmup_matches_scipy)
{
	static const char *const cases[] = {"warmup_slow", "warmup_none", "warmup_small"};
	static const int flagged[] = {1, 0, 1};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double first[32], rest[32], p, stat[32], order[32];
		int numbers[32];
		st_diag_trial d[32];
		ref_get("diag.ref", cases[i], "first", first, 32);
		ref_get("diag.ref", cases[i], "rest", rest, 32);
		ref_get("diag.ref", cases[i], "p", &p, 1);
		size_t n = warmup_case(cases[i], d, first, rest);
		st_test_result tr;
		st_err err;
		cr_assert_eq(st_test_wilcoxon(rest, first, n, &tr, &err), 0);
		assert_close(tr.p, p, 1e-12, "%s wilcoxon p", cases[i]);
		for (size_t k = 0; k < n; k++) {
			stat[k] = 1000.0; /* no outliers, no drift: warm-up only */
			order[k] = (double)k;
			numbers[k] = (int)k + 1;
		}
		st_diag_input in = {.n = n,
				    .stat = stat,
				    .numbers = numbers,
				    .order = order,
				    .order_name = "place in the file",
				    .iters = d,
				    .who = "x",
				    .stat_name = "mean",
				    .threshold_pct = 1.0};
		cr_assert_eq(diag_count(&in, "warm-up"), (size_t)flagged[i], "%s", cases[i]);
		cr_assert_eq(diag_count(&in, ""), (size_t)flagged[i], "%s: warm-up only", cases[i]);
		in.threshold_pct = 20.0; /* the same, below a 20% practical threshold */
		cr_assert_eq(diag_count(&in, "warm-up"), 0, "%s", cases[i]);
	}
}

Test(diag, outliers_match_numpy)
{
	static const char *const cases[] = {"outliers_15", "outliers_mad0", "outliers_none"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double x[64], center, scale, want[64];
		int fl[64], numbers[64];
		int n = ref_get("diag.ref", cases[i], "x", x, 64);
		int nw = ref_get("diag.ref", cases[i], "flagged", want, 64);
		if (nw == 1 && want[0] < 0)
			nw = 0; /* "-1": none */
		ref_get("diag.ref", cases[i], "center", &center, 1);
		ref_get("diag.ref", cases[i], "scale", &scale, 1);
		size_t nflag;
		double c, s;
		st_err err;
		cr_assert_eq(st_diag_outliers(x, (size_t)n, 5.0, fl, &nflag, &c, &s, &err), 0);
		assert_close(c, center, 1e-12, "%s center", cases[i]);
		assert_close(s, scale, 1e-12, "%s scale", cases[i]);
		cr_assert_eq(nflag, (size_t)nw, "%s: %zu flagged, want %d", cases[i], nflag, nw);
		for (int k = 0; k < nw; k++)
			cr_assert(fl[(int)want[k]], "%s: value %d flagged", cases[i], (int)want[k]);
		for (int k = 0; k < n; k++)
			numbers[k] = 100 + k;
		st_diag_input in = {.n = (size_t)n,
				    .stat = x,
				    .numbers = numbers,
				    .who = "A (x)",
				    .stat_name = "mean"};
		cr_assert_eq(diag_count(&in, "outlying"), nw ? 1u : 0u, "%s", cases[i]);
	}
	/* Too few trials for the rule: nothing flagged however far. */
	double few[] = {1, 1, 1, 1, 1000};
	int fl[5];
	size_t nflag;
	double c, s;
	cr_assert_eq(st_diag_outliers(few, 5, 5.0, fl, &nflag, &c, &s, NULL), 0);
	cr_assert_eq(nflag, 0);
}

Test(diag, drift_flagged_by_rank_correlation)
{
	double x[64], y[64];
	int numbers[64];
	int n = ref_get("diag.ref", "kendall_10", "x", x, 64); /* p 0.0047 */
	ref_get("diag.ref", "kendall_10", "y", y, 64);
	for (int k = 0; k < 64; k++)
		numbers[k] = k + 1;
	st_diag_input in = {.n = (size_t)n,
			    .stat = y,
			    .numbers = numbers,
			    .order = x,
			    .order_name = "sweep round",
			    .who = "B (y)",
			    .stat_name = "mean"};
	cr_assert_eq(diag_count(&in, "drifts with the sweep round"), 1);
	n = ref_get("diag.ref", "kendall_30", "x", x, 64); /* p 0.015: not below 0.01 */
	ref_get("diag.ref", "kendall_30", "y", y, 64);
	in.n = (size_t)n;
	cr_assert_eq(diag_count(&in, "drifts"), 0);
}
