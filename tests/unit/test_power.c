/* SPDX-License-Identifier: BSD-3-Clause */
/* test_power.c: the noncentral t, power, trials needed and smallest
 * detectable difference against R's pt and power.t.test(strict = TRUE)
 * (tests/data/ref/power.ref, made by make_power_refs.R), and the plan of a
 * comparison. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "power.h"
#include "refdata.h"

#define assert_close(got, want, rel, abs, what, ...)                \
	cr_assert(fabs((got) - (want)) <= (rel)*fabs(want) + (abs), \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

/* One value of key in case nm of power.ref. */
static double ref1(const char *nm, const char *key)
{
	double v;
	cr_assert_eq(ref_get("power.ref", nm, key, &v, 1), 1, "%s: %s", nm, key);
	return v;
}

/* The design of case nm (keys paired, sd, alpha). */
static st_power_design ref_design(const char *nm)
{
	double sd[2];
	cr_assert_eq(ref_get("power.ref", nm, "sd", sd, 2), 2, "%s", nm);
	st_power_design d = {.paired = ref1(nm, "paired") != 0.0,
			     .sd = sd[0],
			     .sd_b = sd[1],
			     .alpha = ref1(nm, "alpha")};
	return d;
}

Test(power, noncentral_t_matches_r)
{
	for (int i = 1; i <= 14; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "nct_%d", i);
		double t = ref1(nm, "t"), df = ref1(nm, "df"), ncp = ref1(nm, "ncp"), lo, up;
		st_err err;
		cr_assert_eq(st_nct_tail(t, df, ncp, 0, &lo, &err), 0, "%s: %s", nm, err.msg);
		cr_assert_eq(st_nct_tail(t, df, ncp, 1, &up, &err), 0, "%s: %s", nm, err.msg);
		assert_close(lo, ref1(nm, "lower"), 1e-9, 1e-12, "%s lower", nm);
		assert_close(up, ref1(nm, "upper"), 1e-9, 1e-12, "%s upper", nm);
	}
}

Test(power, power_matches_r)
{
	for (int i = 1; i <= 9; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "power_%d", i);
		st_power_design d = ref_design(nm);
		double n[2], p;
		cr_assert_eq(ref_get("power.ref", nm, "n", n, 2), 2);
		st_err err;
		cr_assert_eq(st_power_of(&d, n[0], n[1], ref1(nm, "delta"), &p, &err), 0, "%s: %s",
			     nm, err.msg);
		assert_close(p, ref1(nm, "power"), 1e-9, 1e-12, "%s", nm);
	}
}

Test(power, trials_needed_match_r)
{
	for (int i = 1; i <= 9; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "trials_%d", i);
		st_power_design d = ref_design(nm);
		size_t n;
		double at;
		st_err err;
		cr_assert_eq(st_power_trials(&d, ref1(nm, "delta"), ref1(nm, "target"), 100000, &n,
					     &at, &err),
			     0, "%s: %s", nm, err.msg);
		cr_assert_eq((double)n, ref1(nm, "n"), "%s: %zu trials, R's n %.6f", nm, n,
			     ref1(nm, "n_real"));
		assert_close(at, ref1(nm, "power_at_n"), 1e-9, 1e-12, "%s power at n", nm);
		double below;
		if (n > 2) {
			cr_assert_eq(st_power_of(&d, (double)(n - 1), (double)(n - 1),
						 ref1(nm, "delta"), &below, &err),
				     0);
			assert_close(below, ref1(nm, "power_below"), 1e-9, 1e-12, "%s below", nm);
			cr_assert(below < ref1(nm, "target"), "%s", nm);
		}
	}
}

Test(power, smallest_difference_matches_r)
{
	for (int i = 1; i <= 7; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "delta_%d", i);
		st_power_design d = ref_design(nm);
		double n[2], delta;
		cr_assert_eq(ref_get("power.ref", nm, "n", n, 2), 2);
		st_err err;
		cr_assert_eq(st_power_delta(&d, n[0], n[1], ref1(nm, "target"), &delta, &err), 0,
			     "%s: %s", nm, err.msg);
		assert_close(delta, ref1(nm, "delta"), 1e-8, 0.0, "%s", nm);
	}
}

Test(power, bad_inputs_are_errors)
{
	st_power_design d = {.paired = 1, .sd = 1.0, .alpha = 0.05};
	double p;
	size_t n;
	st_err err;
	cr_assert_eq(st_nct_tail(NAN, 3, 1, 0, &p, &err), ST_EVALUE);
	cr_assert_eq(st_nct_tail(1, 0.5, 1, 0, &p, &err), ST_EVALUE);
	cr_assert_eq(st_power_of(&d, 1.0, 1.0, 1.0, &p, &err), ST_EVALUE);
	cr_assert(strstr(err.msg, "at least 2 trials"), "%s", err.msg);
	d.sd = 0.0;
	cr_assert_eq(st_power_of(&d, 5.0, 5.0, 1.0, &p, &err), ST_EVALUE);
	d.sd = 1.0;
	d.alpha = 1.5;
	cr_assert_eq(st_power_of(&d, 5.0, 5.0, 1.0, &p, &err), ST_EVALUE);
	d.alpha = 0.05;
	cr_assert_eq(st_power_trials(&d, 1.0, 0.01, 100, &n, &p, &err), ST_EVALUE);
	cr_assert_eq(st_power_trials(&d, 0.0, 0.8, 100, &n, &p, &err), ST_EVALUE);
	/* Out of reach: n = 0 and the power at nmax. */
	cr_assert_eq(st_power_trials(&d, 0.001, 0.8, 50, &n, &p, &err), 0);
	cr_assert_eq(n, 0);
	cr_assert(p > 0.05 && p < 0.8, "%g", p);
	/* No difference: the power is alpha. */
	cr_assert_eq(st_power_of(&d, 10.0, 10.0, 0.0, &p, &err), 0);
	assert_close(p, 0.05, 1e-9, 0.0, "%s", "power at delta 0");
}

/* A comparison of two rows by hand: one paired row with 10 pairs, one with 2. */
Test(power, plan_of_a_comparison)
{
	st_compare_row rows[2];
	memset(rows, 0, sizeof rows);
	rows[0].npairs = 10;
	rows[0].a.ntrials = rows[0].b.ntrials = 10;
	rows[0].a.stat_mean = 10000.0; /* 10 us */
	rows[0].has_diff_sd = 1;
	rows[0].diff_sd = 100.0; /* 1% of A */
	rows[1] = rows[0];
	rows[1].npairs = rows[1].a.ntrials = rows[1].b.ntrials = 2;
	st_comparison c;
	memset(&c, 0, sizeof c);
	st_opts_init(&c.opts);
	c.opts.threshold_pct = 2.0;
	c.nrows = 2;
	c.rows = rows;
	st_plan *pl = NULL;
	st_err err;
	cr_assert_eq(st_plan_compute(&c, 0.8, &pl, &err), 0, "%s", err.msg);
	/* Holm over 2 rows: planned at 0.025 per test. */
	assert_close(pl->alpha_test, 0.025, 1e-15, 0.0, "%s", "alpha per test");
	const st_plan_row *p = &pl->rows[0];
	cr_assert(p->paired && p->has_sd && p->has_needed && p->has_mde && p->has_power);
	assert_close(p->delta, 200.0, 1e-15, 0.0, "%s", "threshold");
	/* The same as power.t.test(delta = 200, sd = 100, sig.level = 0.025,
	 * power = 0.8, type = "paired", strict = TRUE): checked through the
	 * design directly. */
	st_power_design d = {.paired = 1, .sd = 100.0, .alpha = 0.025};
	size_t n;
	double at, mde;
	cr_assert_eq(st_power_trials(&d, 200.0, 0.8, 100000, &n, &at, &err), 0);
	cr_assert_eq(p->needed, n);
	cr_assert_eq(st_power_delta(&d, 10.0, 10.0, 0.8, &mde, &err), 0);
	assert_close(p->mde, mde, 1e-15, 0.0, "%s", "mde");
	assert_close(p->mde_pct, mde / 100.0, 1e-12, 0.0, "%s", "mde %");
	/* Two pairs: no sd estimate, every number unknown, and why. */
	p = &pl->rows[1];
	cr_assert(!p->has_sd && !p->has_needed && !p->has_mde && !p->has_power);
	cr_assert(strstr(p->why, "fewer than 3"), "%s", p->why);
	st_plan_destroy(pl);
	/* --adjust none: the plan uses alpha itself. */
	c.opts.adjust = ST_ADJ_NONE;
	cr_assert_eq(st_plan_compute(&c, 0.8, &pl, &err), 0);
	assert_close(pl->alpha_test, 0.05, 1e-15, 0.0, "%s", "alpha none");
	st_plan_destroy(pl);
	cr_assert_eq(st_plan_compute(&c, 1.0, &pl, &err), ST_EVALUE);
	cr_assert_null(pl);
}
