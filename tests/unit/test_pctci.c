/* SPDX-License-Identifier: BSD-3-Clause */
/* test_pctci.c: the intervals of pooled tail percentiles whose unit is the
 * trial (stats/pctci.h) against an independent numpy/scipy implementation
 * (tests/data/ref/pctci.ref, made by make_pctci_refs.py), the Beta quantile
 * against scipy.stats.beta.ppf, the trials rule, and bad inputs. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pctci.h"
#include "refdata.h"

#define MAXK 32
#define MAXN 1000

/* One value of key in case nm of pctci.ref (-1 when missing). */
static double ref1(const char *nm, const char *key, int *found)
{
	double v = -1.0;
	*found = ref_get("pctci.ref", nm, key, &v, 1) == 1;
	return v;
}

Test(pctci, beta_quantile_matches_scipy)
{
	for (int i = 0; i <= 7; i++) {
		char nm[32];
		int f;
		snprintf(nm, sizeof nm, "beta_%d", i);
		double P = ref1(nm, "P", &f), a = ref1(nm, "a", &f), b = ref1(nm, "b", &f);
		double want = ref1(nm, "q", &f), got = st_beta_quantile(P, a, b);
		cr_assert(f, "%s", nm);
		cr_assert(fabs(got - want) <= 1e-10 * want, "%s: got %.17g want %.17g", nm, got,
			  want);
	}
}

/* Case nm's trials into v and n, its percentiles into pct[8]; the trial count.
 * *np gets the number of percentiles. */
static size_t load_case(const char *nm, const uint64_t **v, size_t *n, double *pct, int *np)
{
	int f;
	size_t k = (size_t)ref1(nm, "k", &f);
	cr_assert(f && k <= MAXK, "%s", nm);
	static uint64_t data[MAXK][MAXN];
	double x[MAXN];
	for (size_t i = 0; i < k; i++) {
		char key[16];
		snprintf(key, sizeof key, "t%zu", i + 1);
		int c = ref_get("pctci.ref", nm, key, x, MAXN);
		cr_assert(c > 0, "%s %s", nm, key);
		for (int j = 0; j < c; j++)
			data[i][j] = (uint64_t)x[j];
		n[i] = (size_t)c;
		v[i] = data[i];
	}
	*np = ref_get("pctci.ref", nm, "pct", pct, 8);
	cr_assert(*np > 0);
	return k;
}

/* Check case nm: every percentile's interval, or that none is given. */
static void check_case(const char *nm)
{
	int f, np;
	size_t n[MAXK];
	const uint64_t *v[MAXK];
	double pct[8];
	size_t k = load_case(nm, v, n, pct, &np);
	st_ci ci[8];
	st_err err;
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, k, pct, (size_t)np, 0.95, ci, &err), 0, "%s: %s",
		     nm, err.msg);
	/* the same with the medians given (as summary passes its cell's) */
	double med[MAXK], half = 0.5;
	st_ci ci2[8];
	for (size_t i = 0; i < k; i++)
		cr_assert_eq(st_quantiles_u64(v[i], n[i], &half, 1, &med[i], &err), 0);
	cr_assert_eq(st_pct_cis_trials(v, n, med, k, pct, (size_t)np, 0.95, ci2, &err), 0);
	for (int j = 0; j < np; j++)
		cr_assert(ci2[j].valid == ci[j].valid && ci2[j].lo == ci[j].lo &&
				  ci2[j].hi == ci[j].hi,
			  "%s p%g: medians given differ", nm, pct[j]);
	/* and with the pooled percentiles given too (summary's cells hold them) */
	double fr[8], q[8];
	for (int j = 0; j < np; j++)
		fr[j] = pct[j] / 100.0;
	cr_assert_eq(st_quantiles_segs_u64(v, n, k, fr, (size_t)np, q, &err), 0);
	cr_assert_eq(st_pct_cis_trials_q(v, n, med, q, k, pct, (size_t)np, 0.95, ci2, &err), 0);
	for (int j = 0; j < np; j++)
		cr_assert(ci2[j].valid == ci[j].valid && ci2[j].lo == ci[j].lo &&
				  ci2[j].hi == ci[j].hi,
			  "%s p%g: pooled percentiles given differ", nm, pct[j]);
	for (int j = 0; j < np; j++) {
		char key[32];
		snprintf(key, sizeof key, "none_%g", pct[j]);
		ref1(nm, key, &f);
		if (f) {
			cr_assert(!ci[j].valid, "%s p%g: an interval was given", nm, pct[j]);
			cr_assert(ci[j].why[0], "%s p%g: no reason", nm, pct[j]);
			continue;
		}
		cr_assert(ci[j].valid, "%s p%g: none (%s)", nm, pct[j], ci[j].why);
		snprintf(key, sizeof key, "lo_%g", pct[j]);
		double lo = ref1(nm, key, &f);
		snprintf(key, sizeof key, "hi_%g", pct[j]);
		double hi = ref1(nm, key, &f);
		cr_assert(fabs(ci[j].lo - lo) <= 1e-9 * lo, "%s p%g lo: got %.17g want %.17g", nm,
			  pct[j], ci[j].lo, lo);
		cr_assert(fabs(ci[j].hi - hi) <= 1e-9 * hi, "%s p%g hi: got %.17g want %.17g", nm,
			  pct[j], ci[j].hi, hi);
	}
}

Test(pctci, shifted_trials_match_numpy)
{
	check_case("pctci_shift_12");
}

Test(pctci, latency_mixture_unequal_trials_match_numpy)
{
	check_case("pctci_mixture_10");
}

Test(pctci, six_trials_give_p95_not_p99)
{
	check_case("pctci_six");
}

Test(pctci, identical_trials_match_numpy)
{
	check_case("pctci_same");
}

Test(pctci, short_trials_give_p90_not_p99)
{
	check_case("pctci_short_30");
}

Test(pctci, one_slow_trial_leaves_p99_unbounded)
{
	check_case("pctci_unbounded_10");
}

/* The reason names the rule that withheld the interval. */
Test(pctci, reasons_name_the_rule)
{
	int np;
	size_t n[MAXK];
	const uint64_t *v[MAXK];
	double pct[8];
	st_ci ci[8];
	st_err err;
	size_t k = load_case("pctci_short_30", v, n, pct, &np);
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, k, pct, (size_t)np, 0.95, ci, &err), 0);
	cr_assert(ci[0].valid);
	cr_assert_str_eq(ci[1].why, "the 600 samples hold about 6 beyond it: needs at least 30 "
				    "(more iterations or trials)");
	cr_assert(strstr(ci[2].why, "about 0.6 beyond it"), "%s", ci[2].why);
	k = load_case("pctci_unbounded_10", v, n, pct, &np);
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, k, pct, (size_t)np, 0.95, ci, &err), 0);
	cr_assert(ci[0].valid);
	cr_assert(strstr(ci[1].why, "cannot bound it"), "%s", ci[1].why);
}

Test(pctci, trials_rule)
{
	cr_assert_eq(st_pct_ci_min_trials(50), 2);
	cr_assert_eq(st_pct_ci_min_trials(75), 2);
	cr_assert_eq(st_pct_ci_min_trials(90), 5);
	cr_assert_eq(st_pct_ci_min_trials(95), 5);
	cr_assert_eq(st_pct_ci_min_trials(5), 5);
	cr_assert_eq(st_pct_ci_min_trials(97.5), 10);
	cr_assert_eq(st_pct_ci_min_trials(99), 10);
	cr_assert_eq(st_pct_ci_min_trials(99.5), 10);
	cr_assert_eq(st_pct_ci_min_trials(99.9), 30);
	cr_assert(st_pct_is_tail(90) && st_pct_is_tail(10) && !st_pct_is_tail(75) &&
		  !st_pct_is_tail(50));
}

Test(pctci, bad_inputs)
{
	uint64_t a[3] = {1, 2, 3}, b[1];
	const uint64_t *v[2] = {a, b};
	size_t n[2] = {3, 0};
	double pct = 90, bad = 100;
	st_ci ci;
	st_err err;
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, 2, &pct, 1, 0.95, &ci, &err), ST_EVALUE);
	n[1] = 1;
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, 2, &bad, 1, 0.95, &ci, &err), ST_EVALUE);
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, 2, &pct, 1, 1.0, &ci, &err), ST_EVALUE);
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, 2, &pct, 1, 0.95, &ci, &err), 0);
	cr_assert(!ci.valid && ci.why[0]);
	cr_assert_eq(st_pct_cis_trials(v, n, NULL, 0, &pct, 1, 0.95, &ci, &err), 0);
	cr_assert(!ci.valid);
}
