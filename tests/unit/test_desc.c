/* SPDX-License-Identifier: BSD-3-Clause */
/* test_desc.c: descriptive statistics against numpy/scipy references
 * (tests/data/ref/desc.ref, made by make_refs.py) and GSL. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "desc.h"
#include "refdata.h"

/* The one value of key (the test fails when it is missing). */
static double ref_1(const char *fname, const char *name, const char *key)
{
	double v;
	cr_assert_eq(ref_get(fname, name, key, &v, 1), 1, "%s: no %s in %s", fname, key, name);
	return v;
}

/* |got - want| within rel relative (or abs absolute for values near 0). */
#define assert_close(got, want, rel, what, ...)                        \
	cr_assert(fabs((got) - (want)) <= (rel)*fabs(want) + 1e-300 || \
			  fabs((got) - (want)) <= (rel),               \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

/* ---- sorting ---- */

Test(desc, radix_sort_matches_qsort)
{
	size_t n = 100000;
	uint64_t *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
	uint64_t s = 88172645463325252ull;
	for (size_t i = 0; i < n; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		/* mix widths: most values small, some needing the high digits */
		v[i] = (i % 97 == 0) ? s : (s & 0xfffff);
		w[i] = v[i];
	}
	cr_assert_eq(st_sort_u64(v, n), 0);
	for (size_t i = 1; i < n; i++)
		cr_assert_leq(v[i - 1], v[i], "not sorted at %zu", i);
	/* same multiset: sums and xors agree */
	uint64_t sx = 0, sy = 0, xx = 0, xy = 0;
	for (size_t i = 0; i < n; i++) {
		sx += v[i], sy += w[i];
		xx ^= v[i], xy ^= w[i];
	}
	cr_assert_eq(sx, sy);
	cr_assert_eq(xx, xy);
	free(v);
	free(w);
}

/* ---- percentiles ---- */

/* Check one pct_* case: type-7 values against numpy, and against GSL. */
static void check_pct_case(const char *name)
{
	double data[2000], at[32], want[32];
	int n = ref_get("desc.ref", name, "data", data, 2000);
	int na = ref_get("desc.ref", name, "at", at, 32);
	cr_assert_gt(n, 0);
	cr_assert_eq(ref_get("desc.ref", name, "pct", want, 32), na);
	uint64_t *v = malloc((size_t)n * sizeof *v);
	double *d = malloc((size_t)n * sizeof *d);
	for (int i = 0; i < n; i++)
		v[i] = (uint64_t)data[i];
	st_desc ds;
	st_err err;
	cr_assert_eq(st_describe_u64(v, (size_t)n, 0, at, (size_t)na, 0.95, &ds, &err), 0, "%s",
		     err.msg);
	for (int i = 0; i < n; i++)
		d[i] = (double)v[i]; /* now sorted */
	for (int i = 0; i < na; i++) {
		assert_close(ds.pct[i], want[i], 1e-12, "%s p%g numpy", name, at[i]);
		assert_close(st_quantile_sorted_u64(v, (size_t)n, at[i] / 100), want[i], 1e-12,
			     "%s p%g quantile", name, at[i]);
		double g = gsl_stats_quantile_from_sorted_data(d, 1, (size_t)n, at[i] / 100);
		assert_close(ds.pct[i], g, 1e-12, "%s p%g GSL", name, at[i]);
	}
	assert_close(ds.mean, ref_1("desc.ref", name, "mean"), 1e-12, "%s mean", name);
	assert_close(ds.sd, ref_1("desc.ref", name, "sd"), 1e-10, "%s sd", name);
	cr_assert_eq(ds.min, d[0]);
	cr_assert_eq(ds.max, d[n - 1]);
	cr_assert_eq(ds.n, (size_t)n);
	free(v);
	free(d);
}

Test(desc, percentiles_match_numpy_and_gsl)
{
	check_pct_case("pct_lognormal1001");
	check_pct_case("pct_two");
	check_pct_case("pct_one");
	check_pct_case("pct_ties");
}

Test(desc, f64_percentiles_match_u64)
{
	double data[2000], at[32], want[32];
	int n = ref_get("desc.ref", "pct_lognormal1001", "data", data, 2000);
	int na = ref_get("desc.ref", "pct_lognormal1001", "at", at, 32);
	ref_get("desc.ref", "pct_lognormal1001", "pct", want, 32);
	st_desc ds;
	st_err err;
	cr_assert_eq(st_describe_f64(data, (size_t)n, at, (size_t)na, 0.95, &ds, &err), 0);
	for (int i = 0; i < na; i++)
		assert_close(ds.pct[i], want[i], 1e-12, "p%g", at[i]);
	cr_assert_eq(data[17], 3000000.0, "st_describe_f64 must not reorder its input");
}

Test(desc, describe_rejects_bad_requests)
{
	uint64_t v[3] = {3, 1, 2};
	double bad[1] = {100.5}, many[ST_MAX_PCT + 1] = {0};
	st_desc ds;
	st_err err;
	cr_assert_eq(st_describe_u64(v, 0, 0, NULL, 0, 0.95, &ds, &err), ST_EVALUE);
	cr_assert_eq(st_describe_u64(v, 3, 0, bad, 1, 0.95, &ds, &err), ST_EVALUE);
	cr_assert(strstr(err.msg, "100.5") != NULL, "%s", err.msg);
	cr_assert_eq(st_describe_u64(v, 3, 0, many, ST_MAX_PCT + 1, 0.95, &ds, &err), ST_EUSAGE);
	cr_assert_eq(st_describe_u64(v, 3, 0, NULL, 0, 1.0, &ds, &err), ST_EVALUE);
	double nan_v[2] = {1.0, NAN};
	cr_assert_eq(st_describe_f64(nan_v, 2, NULL, 0, 0.95, &ds, &err), ST_EVALUE);
}

/* ---- intervals ---- */

Test(desc, t_interval_matches_scipy)
{
	const char *cases[] = {"tci_sleep_g2", "tci_15", "tci_2"};
	for (size_t c = 0; c < 3; c++) {
		double v[64], ci[2];
		int n = ref_get("desc.ref", cases[c], "values", v, 64);
		cr_assert_eq(ref_get("desc.ref", cases[c], "ci", ci, 2), 2);
		st_desc ds;
		st_err err;
		cr_assert_eq(st_describe_f64(v, (size_t)n, NULL, 0, 0.95, &ds, &err), 0);
		assert_close(ds.mean, ref_1("desc.ref", cases[c], "mean"), 1e-13, "%s mean",
			     cases[c]);
		assert_close(ds.sd, ref_1("desc.ref", cases[c], "sd"), 1e-12, "%s sd", cases[c]);
		cr_assert(ds.mean_ci.valid);
		assert_close(ds.mean_ci.lo, ci[0], 1e-10, "%s ci lo", cases[c]);
		assert_close(ds.mean_ci.hi, ci[1], 1e-10, "%s ci hi", cases[c]);
		cr_assert_eq(ds.mean_ci.level, 0.95);
	}
}

Test(desc, t_interval_edge_cases)
{
	st_ci ci;
	st_mean_ci(5.0, 0.0, 1, 0.95, &ci);
	cr_assert_not(ci.valid);
	cr_assert(strstr(ci.why, "at least 2") != NULL, "%s", ci.why);
	st_mean_ci(5.0, 0.0, 10, 0.95, &ci); /* no spread: a point */
	cr_assert(ci.valid);
	cr_assert_eq(ci.lo, 5.0);
	cr_assert_eq(ci.hi, 5.0);
}

Test(desc, median_ci_ranks_match_binomial_reference)
{
	char path[512], line[256];
	snprintf(path, sizeof path, "%s/ref/desc.ref", TEST_DATA_DIR);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		double n, j, k, cover;
		if (sscanf(line, "nrow %lf %lf %lf %lf", &n, &j, &k, &cover) != 4)
			continue;
		rows++;
		size_t gj = 0, gk = 0;
		double gc = 0;
		int rc = st_median_ci_ranks((size_t)n, 0.95, &gj, &gk, &gc);
		if (j == 0) {
			cr_assert_eq(rc, ST_EVALUE, "n = %g: no interval expected", n);
			continue;
		}
		cr_assert_eq(rc, 0, "n = %g", n);
		cr_assert_eq(gj, (size_t)j, "n = %g: j %zu, want %g", n, gj, j);
		cr_assert_eq(gk, (size_t)k, "n = %g: k %zu, want %g", n, gk, k);
		assert_close(gc, cover, 1e-9, "n = %g coverage", n);
	}
	fclose(f);
	cr_assert_gt(rows, 100);
}

Test(desc, median_ci_values_and_small_n)
{
	uint64_t v[10] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
	st_ci ci;
	st_median_ci_sorted_u64(v, 10, 0.95, &ci);
	cr_assert(ci.valid);
	cr_assert_eq(ci.lo_rank, 2);
	cr_assert_eq(ci.hi_rank, 9);
	cr_assert_eq(ci.lo, 20.0);
	cr_assert_eq(ci.hi, 90.0);
	st_median_ci_sorted_u64(v, 5, 0.95, &ci);
	cr_assert_not(ci.valid);
	cr_assert_eq(ci.lo, 0.0);
	cr_assert(strstr(ci.why, "need 6") != NULL, "%s", ci.why);
	double d[6] = {1, 2, 3, 4, 5, 6};
	st_median_ci_sorted_f64(d, 6, 0.95, &ci);
	cr_assert(ci.valid);
	cr_assert_eq(ci.lo, 1.0);
	cr_assert_eq(ci.hi, 6.0);
	/* a 99% interval needs 8 values (1 - 2^-7 >= 0.99 > 1 - 2^-6) */
	st_median_ci_sorted_f64(d, 6, 0.99, &ci);
	cr_assert_not(ci.valid);
	cr_assert(strstr(ci.why, "need 8") != NULL, "%s", ci.why);
}

Test(desc, sd_of_constant_is_zero)
{
	uint64_t v[4] = {7, 7, 7, 7};
	cr_assert_eq(st_sd_u64(v, 4, st_mean_u64(v, 4)), 0.0);
	cr_assert_eq(st_sd_u64(v, 1, 7.0), 0.0);
	double d[1] = {3.0};
	cr_assert_eq(st_sd_f64(d, 1, 3.0), 0.0);
}

/* ---- selection over segments (no sort, no copy) ---- */

Test(desc, segments_match_numpy)
{
	double data[2000], at[32], want[32];
	int n = ref_get("desc.ref", "pct_lognormal1001", "data", data, 2000);
	int na = ref_get("desc.ref", "pct_lognormal1001", "at", at, 32);
	ref_get("desc.ref", "pct_lognormal1001", "pct", want, 32);
	uint64_t v[2000];
	for (int i = 0; i < n; i++)
		v[i] = (uint64_t)data[i];
	/* uneven segments, one empty */
	const uint64_t *segs[4] = {v, v + 10, v + 10, v + 500};
	size_t lens[4] = {10, 0, 490, (size_t)n - 500};
	st_desc ds;
	st_err err;
	cr_assert_eq(st_describe_segs_u64(segs, lens, 4, at, (size_t)na, 0.95, &ds, &err), 0);
	cr_assert_eq(ds.n, (size_t)n);
	for (int i = 0; i < na; i++)
		assert_close(ds.pct[i], want[i], 1e-12, "p%g", at[i]);
	assert_close(ds.mean, ref_1("desc.ref", "pct_lognormal1001", "mean"), 1e-12, "%s", "mean");
	assert_close(ds.sd, ref_1("desc.ref", "pct_lognormal1001", "sd"), 1e-10, "%s", "sd");
	cr_assert_eq(v[17], 3000000u, "input reordered");
	double q[3], p[3] = {0.5, 99.9 / 100, 1.0}; /* as numpy computes 99.9 / 100 */
	cr_assert_eq(st_quantiles_u64(v, (size_t)n, p, 3, q, &err), 0);
	assert_close(q[0], want[4], 1e-12, "%s", "median");
	assert_close(q[1], want[8], 1e-12, "%s", "p99.9");
	cr_assert_eq(q[2], 3000000.0);
}

/* Selection must agree exactly with sorting on awkward shapes. */
Test(desc, segments_agree_with_sorting)
{
	size_t n = 30000;
	uint64_t *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
	double at[8] = {0, 0.1, 25, 50, 90, 99, 99.99, 100};
	uint64_t s = 12345;
	for (int shape = 0; shape < 6; shape++) {
		size_t m = shape == 5 ? 7 : n;
		for (size_t i = 0; i < m; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			switch (shape) {
			case 0: v[i] = 1000 + s % 3000; break; /* narrow: exact buckets */
			case 1:
				v[i] = 1000 + s % 3000 + (i % 997 ? 0 : 5000000);
				break; /* outliers */
			case 2:
				v[i] = (i == 3) ? UINT64_MAX : 1000 + s % 50;
				break;                  /* one huge value */
			case 3: v[i] = 777; break;      /* constant */
			case 4: v[i] = s; break;        /* full 64-bit range */
			default: v[i] = s % 100; break; /* tiny sample */
			}
		}
		memcpy(w, v, m * sizeof *v);
		const uint64_t *segs[3] = {v, v + m / 3, v + m / 2};
		size_t lens[3] = {m / 3, m / 2 - m / 3, m - m / 2};
		st_desc a, b;
		st_err err;
		cr_assert_eq(st_describe_segs_u64(segs, lens, 3, at, 8, 0.95, &a, &err), 0);
		cr_assert_arr_eq(v, w, m * sizeof *v, "shape %d: input modified", shape);
		cr_assert_eq(st_describe_u64(w, m, 0, at, 8, 0.95, &b, &err), 0);
		for (int i = 0; i < 8; i++)
			cr_assert_eq(a.pct[i], b.pct[i], "shape %d p%g: %.17g vs %.17g", shape,
				     at[i], a.pct[i], b.pct[i]);
		cr_assert_eq(a.median, b.median, "shape %d", shape);
		cr_assert_eq(a.min, b.min, "shape %d", shape);
		cr_assert_eq(a.max, b.max, "shape %d", shape);
		cr_assert_eq(a.median_ci.valid, b.median_ci.valid, "shape %d", shape);
		cr_assert_eq(a.median_ci.lo, b.median_ci.lo, "shape %d", shape);
		cr_assert_eq(a.median_ci.hi, b.median_ci.hi, "shape %d", shape);
		assert_close(a.mean, b.mean, 1e-12, "shape %d mean", shape);
		assert_close(a.sd, b.sd, 1e-9, "shape %d sd", shape);
	}
	free(v);
	free(w);
}

/* What st_describe_trials_u64 reports of each trial, checked against the
 * plain functions on that trial. */
typedef struct info_check {
	const uint64_t *const *segs;
	const size_t *lens;
	size_t calls;
	int shape;
} info_check;

static void check_info(size_t s, const st_trial_info *ti, void *arg)
{
	info_check *ck = arg;
	const uint64_t *v = ck->segs[s];
	size_t n = ck->lens[s], head = n / 10;
	uint64_t mn = UINT64_MAX, mx = 0;
	for (size_t i = 0; i < n; i++) {
		mn = v[i] < mn ? v[i] : mn;
		mx = v[i] > mx ? v[i] : mx;
	}
	cr_assert_eq(s, ck->calls++, "shape %d: trials out of order", ck->shape);
	cr_assert_eq(ti->head, head);
	cr_assert_eq(ti->min, mn, "shape %d trial %zu", ck->shape, s);
	cr_assert_eq(ti->max, mx, "shape %d trial %zu", ck->shape, s);
	cr_assert_eq(ti->mean, st_mean_u64(v, n), "shape %d trial %zu", ck->shape, s);
	cr_assert_eq(ti->head_mean, st_mean_u64(v, head), "shape %d trial %zu", ck->shape, s);
	cr_assert_eq(ti->rest_mean, st_mean_u64(v + head, n - head), "shape %d trial %zu",
		     ck->shape, s);
}

/* Trials described together: exactly st_describe_segs_u64's pooled values
 * and st_quantiles_u64's per trial, also where a wanted rank lies in a key
 * of many values (the tail, a full 64-bit range). */
Test(desc, trials_agree_with_segments)
{
	size_t n = 30000;
	uint64_t *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
	double at[8] = {0, 0.1, 25, 50, 90, 99, 99.99, 100};
	double q[6] = {0.5, 0, 0.001, 0.9, 0.999, 1}, tq[3 * 6], one[6];
	uint64_t s = 987;
	for (int shape = 0; shape < 7; shape++) {
		size_t m = shape == 5 ? 7 : n;
		for (size_t i = 0; i < m; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			switch (shape) {
			case 0: v[i] = 1000 + s % 3000; break;
			case 1: v[i] = 1000 + s % 3000 + (i % 997 ? 0 : 5000000 + s % 999); break;
			case 2: v[i] = (i == 3) ? UINT64_MAX : 1000 + s % 50; break;
			case 3: v[i] = 777; break;
			case 4: v[i] = s; break;
			case 5: v[i] = s % 100; break;
			default: v[i] = 50000 + s % 400000; break; /* wide keys in the bulk */
			}
		}
		memcpy(w, v, m * sizeof *v);
		const uint64_t *segs[3] = {v, v + m / 3, v + m / 2};
		size_t lens[3] = {m / 3, m / 2 - m / 3, m - m / 2};
		st_desc a, b;
		st_err err;
		info_check ck = {segs, lens, 0, shape};
		cr_assert_eq(st_describe_trials_u64(segs, lens, 3, q, 6, tq, 10, check_info, &ck,
						    at, 8, 0.95, &a, &err),
			     0, "%s", err.msg);
		cr_assert_arr_eq(v, w, m * sizeof *v, "shape %d: input modified", shape);
		cr_assert_eq(st_describe_segs_u64(segs, lens, 3, at, 8, 0.95, &b, &err), 0);
		cr_assert_eq(memcmp(&a, &b, sizeof a), 0, "shape %d: pooled descriptions differ",
			     shape);
		cr_assert_eq(ck.calls, 3);
		for (int k = 0; k < 3; k++) {
			cr_assert_eq(st_quantiles_u64(segs[k], lens[k], q, 6, one, &err), 0);
			for (int j = 0; j < 6; j++)
				cr_assert_eq(tq[k * 6 + j], one[j], "shape %d trial %d q%g", shape,
					     k, q[j]);
		}
	}
	/* refusals: an empty trial, too many quantiles, one out of range */
	const uint64_t *segs[2] = {v, v};
	size_t lens[2] = {5, 0};
	st_desc d;
	st_err err;
	cr_assert_eq(st_describe_trials_u64(segs, lens, 2, q, 1, tq, 0, NULL, NULL, at, 1, 0.95, &d,
					    &err),
		     ST_EVALUE);
	cr_assert(strstr(err.msg, "trial 2 holds no values") != NULL, "%s", err.msg);
	lens[1] = 5;
	cr_assert_eq(st_describe_trials_u64(segs, lens, 2, q, ST_MAX_PCT + 3, tq, 0, NULL, NULL, at,
					    1, 0.95, &d, &err),
		     ST_EUSAGE);
	double bad = 1.5;
	cr_assert_eq(st_describe_trials_u64(segs, lens, 2, &bad, 1, tq, 0, NULL, NULL, at, 1, 0.95,
					    &d, &err),
		     ST_EVALUE);
	free(v);
	free(w);
}

/* The mean of integers summed past 2^64 is the long double sum's. */
Test(desc, mean_past_2_64)
{
	uint64_t v[5] = {UINT64_MAX, UINT64_MAX - 7, 3, UINT64_MAX / 2, 1ULL << 63};
	long double s = 0;
	for (int i = 0; i < 5; i++)
		s += v[i];
	cr_assert_eq(st_mean_u64(v, 5), (double)(s / 5));
	uint64_t u[3] = {1ULL << 62, 1ULL << 62, 5};
	cr_assert_eq(st_mean_u64(u, 3), (double)(((long double)(1ULL << 63) + 5) / 3));
}
