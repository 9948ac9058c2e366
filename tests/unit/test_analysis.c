/* SPDX-License-Identifier: BSD-3-Clause */
/* test_analysis.c: summaries and comparisons of small in-memory trial files.
 * Expected values are recomputed independently here with GSL
 * (gsl_stats_mean, gsl_stats_sd, gsl_stats_quantile_from_sorted_data) from
 * the same samples; the tests themselves are checked in test_htest.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis.h"

#define NS 50 /* samples per trial and size */

/* Deterministic samples: base plus pseudo-random noise (xorshift). */
static void fill(uint64_t *v, size_t n, uint64_t base, uint64_t seed)
{
	uint64_t s = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		v[i] = base + s % 400;
	}
}

/* Add a trial of bench/op holding sizes[0..nsizes-1] to tf. */
static void add_trial(trial_file *tf, const char *bench, const char *op, const uint64_t *sizes,
		      size_t nsizes, uint64_t base, uint64_t seed, int complete, int with_max)
{
	trial *t = trial_create(bench, op);
	cr_assert_not_null(t);
	st_err err;
	for (size_t k = 0; k < nsizes; k++) {
		uint64_t v[NS], m[NS];
		fill(v, NS, base + 10 * sizes[k], seed * 131 + k);
		for (size_t i = 0; i < NS; i++)
			m[i] = v[i] + 1000;
		cr_assert_not_null(
			trial_add_size(t, sizes[k], NS, 0, v, with_max ? m : NULL, NS, &err));
	}
	t->complete = complete;
	t->number = (int)tf->ntrials + 1;
	cr_assert_eq(trial_file_take(tf, t, &err), 0);
	trial_destroy(t);
}

/* A file of ntrials complete p2p_lat/pingpong trials at sizes 8 and 64. */
static trial_file *make_file(const char *label, size_t ntrials, uint64_t base, uint64_t seed)
{
	static const uint64_t sizes[2] = {8, 64};
	trial_file *tf = trial_file_create(label);
	cr_assert_not_null(tf);
	for (size_t i = 0; i < ntrials; i++)
		add_trial(tf, "p2p_lat", "pingpong", sizes, 2, base, seed + i, 1, 0);
	return tf;
}

/* The samples of size in trial t as sorted doubles (n returned). */
static size_t trial_sorted(const trial *t, uint64_t size, double *out)
{
	for (size_t k = 0; k < t->nsizes; k++)
		if (t->sizes[k].size == size) {
			for (size_t i = 0; i < t->sizes[k].n; i++)
				out[i] = (double)t->sizes[k].samples[i];
			gsl_sort(out, 1, t->sizes[k].n);
			return t->sizes[k].n;
		}
	return 0;
}

/* Pooled sorted samples of size over all trials of tf. */
static size_t pooled_sorted(const trial_file *tf, uint64_t size, double *out)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++)
		n += trial_sorted(&tf->trials[i], size, out + n);
	gsl_sort(out, 1, n);
	return n;
}

#define assert_near(got, want, what, ...)                            \
	cr_assert(fabs((got) - (want)) <= 1e-9 * fabs(want) + 1e-12, \
		  what ": got %.17g, want %.17g", __VA_ARGS__, (double)(got), (double)(want))

Test(analysis, summary_matches_gsl)
{
	trial_file *tf = make_file("native", 4, 5000, 1);
	st_summary *s;
	st_err err;
	st_opts o;
	st_opts_init(&o);
	o.npcts = 4;
	o.pcts[3] = 99.9;
	cr_assert_eq(st_summarize(tf, &o, &s, &err), 0, "%s", err.msg);
	cr_assert_str_eq(s->label, "native");
	cr_assert_eq(s->nrows, 2);
	cr_assert_eq(s->ntrials, 4);
	cr_assert_eq(s->nincomplete, 0);
	for (size_t r = 0; r < 2; r++) {
		const st_summary_row *row = &s->rows[r];
		cr_assert_str_eq(row->benchmark, "p2p_lat");
		cr_assert_str_eq(row->op, "pingpong");
		cr_assert_eq(row->size, r ? 64u : 8u);
		cr_assert_eq(row->ntrials, 4);
		cr_assert_eq(row->nsamples, 4 * NS);
		double pool[4 * NS], one[NS], means[4];
		size_t n = pooled_sorted(tf, row->size, pool);
		assert_near(row->mean, gsl_stats_mean(pool, 1, n), "mean %zu", r);
		assert_near(row->sd, gsl_stats_sd(pool, 1, n), "sd %zu", r);
		cr_assert_eq(row->min, pool[0]);
		cr_assert_eq(row->max, pool[n - 1]);
		assert_near(row->median, gsl_stats_quantile_from_sorted_data(pool, 1, n, 0.5),
			    "median %zu", r);
		for (size_t k = 0; k < o.npcts; k++)
			assert_near(
				row->pct[k],
				gsl_stats_quantile_from_sorted_data(pool, 1, n, o.pcts[k] / 100),
				"p%g", o.pcts[k]);
		/* The median's interval has the trial as its unit (issue 12): the
		 * pooled median -+ t(0.975, 3) sd(trial medians) / 2. */
		double med[4];
		for (size_t t = 0; t < 4; t++) {
			size_t m = trial_sorted(&tf->trials[t], row->size, one);
			med[t] = gsl_stats_quantile_from_sorted_data(one, 1, m, 0.5);
		}
		double mhalf = 3.182446305284263 * gsl_stats_sd(med, 1, 4) / 2.0;
		cr_assert(row->median_ci.valid);
		assert_near(row->median_ci.lo, row->median - mhalf, "median ci lo %zu", r);
		assert_near(row->median_ci.hi, row->median + mhalf, "median ci hi %zu", r);
		cr_assert_eq(row->median_ci.level, 0.95);
		for (size_t t = 0; t < 4; t++) {
			size_t m = trial_sorted(&tf->trials[t], row->size, one);
			means[t] = gsl_stats_mean(one, 1, m);
			assert_near(row->stat_values[t], means[t], "trial %zu", t);
			cr_assert_eq(row->trial_numbers[t], (int)t + 1);
		}
		assert_near(row->trial_mean, gsl_stats_mean(means, 1, 4), "trial mean %zu", r);
		assert_near(row->trial_sd, gsl_stats_sd(means, 1, 4), "trial sd %zu", r);
		assert_near(row->stat_mean, row->trial_mean, "stat mean %zu", r);
		cr_assert(row->mean_ci.valid);
		/* t(0.975, 3) = 3.182446305284263 */
		double half = 3.182446305284263 * row->trial_sd / 2.0;
		assert_near(row->mean_ci.lo, row->trial_mean - half, "ci lo %zu", r);
		assert_near(row->mean_ci.hi, row->trial_mean + half, "ci hi %zu", r);
	}
	st_summary_destroy(s);
	trial_file_destroy(tf);
}

Test(analysis, trial_statistics_choice)
{
	trial_file *tf = make_file("x", 3, 2000, 7);
	const st_stat stats[] = {ST_STAT_MEDIAN, ST_STAT_P90, ST_STAT_P95, ST_STAT_P99,
				 ST_STAT_MAX};
	const double q[] = {0.5, 0.9, 0.95, 0.99, 1.0};
	for (size_t k = 0; k < 5; k++) {
		st_opts o;
		st_opts_init(&o);
		o.stat = stats[k];
		st_summary *s;
		st_err err;
		cr_assert_eq(st_summarize(tf, &o, &s, &err), 0);
		for (size_t t = 0; t < 3; t++) {
			double one[NS];
			size_t m = trial_sorted(&tf->trials[t], 64, one);
			assert_near(s->rows[1].stat_values[t],
				    gsl_stats_quantile_from_sorted_data(one, 1, m, q[k]),
				    "%s trial %zu", st_stat_name(stats[k]), t);
		}
		st_summary_destroy(s);
	}
	trial_file_destroy(tf);
}

Test(analysis, input_samples_are_not_reordered)
{
	trial_file *tf = make_file("x", 2, 2000, 3);
	uint64_t before[NS];
	memcpy(before, tf->trials[1].sizes[0].samples, sizeof before);
	st_opts o;
	st_opts_init(&o);
	o.stat = ST_STAT_MEDIAN;
	st_summary *s;
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_summarize(tf, &o, &s, &err), 0);
	cr_assert_eq(st_compare(tf, tf, &o, &c, &err), 0);
	cr_assert_arr_eq(before, tf->trials[1].sizes[0].samples, sizeof before);
	st_summary_destroy(s);
	st_comparison_destroy(c);
	trial_file_destroy(tf);
}

Test(analysis, incomplete_trials_and_groups)
{
	static const uint64_t three[3] = {8, 64, 512}, one[1] = {8};
	trial_file *tf = trial_file_create("mixed");
	add_trial(tf, "coll_lat", "allgather", three, 3, 3000, 1, 1, 1);
	add_trial(tf, "coll_lat", "bcast", three, 2, 1000, 2, 1, 1);
	add_trial(tf, "coll_lat", "allgather", three, 3, 3000, 3, 1, 1);
	add_trial(tf, "coll_lat", "allgather", one, 1, 3000, 4, 0, 1); /* interrupted */
	st_summary *s;
	st_err err;
	cr_assert_eq(st_summarize(tf, NULL, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s->nincomplete, 1);
	cr_assert_eq(s->nrows, 5);
	/* allgather first (first appearance), sizes ascending; then bcast */
	const char *ops[5] = {"allgather", "allgather", "allgather", "bcast", "bcast"};
	const uint64_t sz[5] = {8, 64, 512, 8, 64};
	const size_t nt[5] = {3, 2, 2, 1, 1};
	for (size_t r = 0; r < 5; r++) {
		cr_assert_str_eq(s->rows[r].op, ops[r], "row %zu", r);
		cr_assert_eq(s->rows[r].size, sz[r], "row %zu", r);
		cr_assert_eq(s->rows[r].ntrials, nt[r], "row %zu", r);
	}
	cr_assert_eq(s->rows[0].trial_numbers[2], 4);
	/* one trial: no spread, no interval of the mean, and nothing is NaN */
	cr_assert_eq(s->rows[3].trial_sd, 0.0);
	cr_assert_not(s->rows[3].mean_ci.valid);
	cr_assert_neq(s->rows[3].mean_ci.why[0], 0);
	st_summary_destroy(s);

	/* a file without max_samples cannot be analysed by maxima */
	st_opts o;
	st_opts_init(&o);
	o.use_max = 1;
	trial_file *plain = make_file("p", 1, 100, 1);
	cr_assert_eq(st_summarize(plain, &o, &s, &err), ST_EVALUE);
	cr_assert(strstr(err.msg, "max_samples") != NULL, "%s", err.msg);
	trial_file_destroy(plain);
	trial_file_destroy(tf);
}

Test(analysis, use_max_reads_max_samples)
{
	static const uint64_t sizes[1] = {8};
	trial_file *tf = trial_file_create("c");
	add_trial(tf, "coll_lat", "barrier", sizes, 1, 500, 1, 1, 1);
	add_trial(tf, "coll_lat", "barrier", sizes, 1, 500, 2, 1, 1);
	st_summary *plain, *mx;
	st_err err;
	st_opts o;
	st_opts_init(&o);
	cr_assert_eq(st_summarize(tf, &o, &plain, &err), 0);
	o.use_max = 1;
	cr_assert_eq(st_summarize(tf, &o, &mx, &err), 0);
	/* max_samples are samples + 1000 in add_trial */
	assert_near(mx->rows[0].mean, plain->rows[0].mean + 1000, "%s", "mean");
	cr_assert_eq(mx->rows[0].min, plain->rows[0].min + 1000);
	st_summary_destroy(plain);
	st_summary_destroy(mx);
	trial_file_destroy(tf);
}

Test(analysis, unloaded_samples_are_a_usage_error)
{
	trial_file *tf = make_file("x", 2, 100, 1);
	free(tf->trials[1].sizes[1].samples);
	tf->trials[1].sizes[1].samples = NULL;
	st_summary *s;
	st_err err;
	cr_assert_eq(st_summarize(tf, NULL, &s, &err), ST_EUSAGE);
	cr_assert_null(s);
	cr_assert(strstr(err.msg, "trial 2") && strstr(err.msg, "size 64"), "%s", err.msg);
	trial_file_destroy(tf);
}

/* The trial means of tf at size, in trial order (count returned). */
static size_t trial_means(const trial_file *tf, uint64_t size, double *out)
{
	size_t n = 0;
	double one[NS];
	for (size_t i = 0; i < tf->ntrials; i++) {
		size_t m = trial_sorted(&tf->trials[i], size, one);
		if (m)
			out[n++] = gsl_stats_mean(one, 1, m);
	}
	return n;
}

Test(analysis, compare_paired_rows)
{
	trial_file *a = make_file("native", 5, 5000, 11);
	trial_file *b = make_file("vm", 5, 5150, 23);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c->label_a, "native");
	cr_assert_str_eq(c->label_b, "vm");
	cr_assert_eq(c->nrows, 2);
	cr_assert_eq(c->nskipped, 0);
	cr_assert_eq(c->ntested, 2);
	for (size_t r = 0; r < 2; r++) {
		const st_compare_row *row = &c->rows[r];
		double ma[5], mb[5], d[5], pool[5 * NS];
		cr_assert_eq(trial_means(a, row->size, ma), 5);
		cr_assert_eq(trial_means(b, row->size, mb), 5);
		for (int i = 0; i < 5; i++)
			d[i] = mb[i] - ma[i];
		double md = gsl_stats_mean(d, 1, 5), sd = gsl_stats_sd(d, 1, 5);
		cr_assert_eq(row->a.ntrials, 5);
		cr_assert_eq(row->b.nsamples, 5 * NS);
		assert_near(row->a.stat_mean, gsl_stats_mean(ma, 1, 5), "a mean %zu", r);
		assert_near(row->a.stat_sd, gsl_stats_sd(ma, 1, 5), "a sd %zu", r);
		assert_near(row->diff, md, "diff %zu", r);
		assert_near(row->diff_pct, 100 * md / gsl_stats_mean(ma, 1, 5), "diff%% %zu", r);
		cr_assert(row->has_diff_pct);
		cr_assert_eq(row->test.kind, ST_HT_PAIRED_T);
		cr_assert_eq(row->test.status, ST_HT_DONE);
		assert_near(row->test.statistic, md / (sd / sqrt(5.0)), "t %zu", r);
		cr_assert_eq(row->test.df, 4.0);
		cr_assert(row->has_p_adj);
		/* Holm by default, over the two rows */
		cr_assert(row->p_adj >= row->test.p && row->p_adj <= 2 * row->test.p);
		cr_assert_eq(row->significant, row->p_adj < 0.05);
		cr_assert_eq(row->npairs, 5);
		cr_assert(row->effect.valid && row->ratio.valid);
		cr_assert(row->effect.estimate > 0 && row->ratio.estimate > 1.0);
		size_t n = pooled_sorted(b, row->size, pool);
		/* the default pooled percentiles: 50, 90, 95, 99 */
		cr_assert_eq(c->opts.npcts, 4);
		cr_assert_eq(c->opts.pcts[0], 50);
		cr_assert_eq(c->opts.pcts[3], 99);
		for (size_t k = 0; k < c->opts.npcts; k++)
			assert_near(row->b.pct[k],
				    gsl_stats_quantile_from_sorted_data(pool, 1, n,
									c->opts.pcts[k] / 100),
				    "p%g", c->opts.pcts[k]);
		cr_assert_eq(row->b.max, pool[n - 1]);
		cr_assert_eq(row->b.min, pool[0]);
	}
	/* a 150 ns shift against 400 ns of uniform noise over 50 samples: clear */
	cr_assert_eq(c->nsignificant, 2);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_adjusts_across_rows)
{
	trial_file *a = make_file("a", 4, 5000, 100);
	trial_file *b = make_file("b", 4, 5010, 200);
	st_opts o;
	st_opts_init(&o);
	o.test = ST_HT_WELCH;
	st_comparison *raw, *holm, *bh;
	st_err err;
	cr_assert_eq(st_compare(a, b, &o, &raw, &err), 0);
	o.adjust = ST_ADJ_HOLM;
	cr_assert_eq(st_compare(a, b, &o, &holm, &err), 0);
	o.adjust = ST_ADJ_BH;
	cr_assert_eq(st_compare(a, b, &o, &bh, &err), 0);
	double p0 = raw->rows[0].test.p, p1 = raw->rows[1].test.p;
	double lo = fmin(p0, p1), hi = fmax(p0, p1);
	/* two p-values: Holm multiplies the smaller by 2, BH the larger stays */
	double h_lo = fmin(1, 2 * lo), h_hi = fmax(h_lo, hi);
	double b_hi = hi, b_lo = fmin(b_hi, 2 * lo);
	assert_near(holm->rows[0].p_adj, p0 <= p1 ? h_lo : h_hi, "%s", "holm 0");
	assert_near(holm->rows[1].p_adj, p0 <= p1 ? h_hi : h_lo, "%s", "holm 1");
	assert_near(bh->rows[0].p_adj, p0 <= p1 ? b_lo : b_hi, "%s", "bh 0");
	assert_near(bh->rows[1].p_adj, p0 <= p1 ? b_hi : b_lo, "%s", "bh 1");
	cr_assert_eq(holm->rows[0].test.kind, ST_HT_WELCH);
	cr_assert(holm->rows[0].test.has_df);
	st_comparison_destroy(raw);
	st_comparison_destroy(holm);
	st_comparison_destroy(bh);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_lists_one_sided_sizes)
{
	static const uint64_t sa[3] = {8, 64, 8192}, sb[3] = {1, 8, 64};
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	for (int i = 0; i < 3; i++) {
		add_trial(a, "p2p_lat", "pingpong", sa, 3, 1000, (uint64_t)i, 1, 0);
		add_trial(b, "p2p_lat", "pingpong", sb, 3, 1000, (uint64_t)i + 9, 1, 0);
	}
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->nrows, 2);
	cr_assert_eq(c->rows[0].size, 8);
	cr_assert_eq(c->rows[1].size, 64);
	cr_assert_eq(c->nskipped, 2);
	cr_assert_eq(c->skipped[0].size, 1);
	cr_assert_eq(c->skipped[0].side, 'B');
	cr_assert_eq(c->skipped[1].size, 8192);
	cr_assert_eq(c->skipped[1].side, 'A');
	cr_assert_str_eq(c->skipped[1].benchmark, "p2p_lat");
	st_comparison_destroy(c);

	/* nothing in common */
	static const uint64_t s1[1] = {1}, s2[1] = {2};
	trial_file *x = trial_file_create("x"), *y = trial_file_create("y");
	add_trial(x, "p2p_lat", "pingpong", s1, 1, 10, 1, 1, 0);
	add_trial(y, "p2p_lat", "pingpong", s2, 1, 10, 1, 1, 0);
	cr_assert_eq(st_compare(x, y, NULL, &c, &err), ST_EMISMATCH);
	cr_assert(strstr(err.msg, "no message size") != NULL, "%s", err.msg);
	trial_file_destroy(x);
	trial_file_destroy(y);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_benchmark_mismatch_and_force)
{
	static const uint64_t sizes[2] = {8, 64};
	trial_file *a = make_file("native", 3, 1000, 1);
	trial_file *b = trial_file_create("vm");
	for (int i = 0; i < 3; i++)
		add_trial(b, "coll_lat", "allgather", sizes, 2, 1200, (uint64_t)i, 1, 0);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), ST_EMISMATCH);
	cr_assert_null(c);
	cr_assert(strstr(err.msg, "p2p_lat/pingpong") && strstr(err.msg, "coll_lat/allgather"),
		  "%s", err.msg);
	cr_assert(strstr(err.msg, "force") != NULL, "%s", err.msg);
	st_opts o;
	st_opts_init(&o);
	o.force = 1;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->nrows, 2);
	cr_assert_str_eq(c->rows[0].benchmark, "p2p_lat");
	cr_assert_str_eq(c->rows[0].benchmark_b, "coll_lat");
	cr_assert_str_eq(c->rows[0].op_b, "allgather");
	st_comparison_destroy(c);
	/* force needs one benchmark/op per file */
	add_trial(b, "coll_lat", "bcast", sizes, 2, 1200, 7, 1, 0);
	cr_assert_eq(st_compare(a, b, &o, &c, &err), ST_EMISMATCH);
	cr_assert(strstr(err.msg, "bcast") != NULL, "%s", err.msg);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_paired_counts_must_match)
{
	trial_file *a = make_file("native", 15, 1000, 1);
	trial_file *b = make_file("vm", 14, 1000, 50);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), ST_EMISMATCH);
	cr_assert(strstr(err.msg, "p2p_lat/pingpong") && strstr(err.msg, "15 trials") &&
			  strstr(err.msg, "has 14"),
		  "%s", err.msg);
	cr_assert(strstr(err.msg, "--test welch") != NULL, "%s", err.msg);
	st_opts o;
	st_opts_init(&o);
	o.test = ST_HT_WILCOXON;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), ST_EMISMATCH);
	cr_assert(strstr(err.msg, "--test mann-whitney") != NULL, "%s", err.msg);
	o.test = ST_HT_MANN_WHITNEY;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->rows[0].a.ntrials, 15);
	cr_assert_eq(c->rows[0].b.ntrials, 14);
	cr_assert(c->rows[0].test.exact);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

/* Add a p2p_lat trial whose samples at sizes[k] all equal values[k]. */
static void add_const_trial(trial_file *tf, const uint64_t *sizes, const uint64_t *values,
			    size_t nsizes, int complete)
{
	trial *t = trial_create("p2p_lat", "pingpong");
	cr_assert_not_null(t);
	st_err err;
	for (size_t k = 0; k < nsizes; k++) {
		uint64_t v[4] = {values[k], values[k], values[k], values[k]};
		cr_assert_not_null(trial_add_size(t, sizes[k], 4, 0, v, NULL, 4, &err));
	}
	t->complete = complete;
	t->number = (int)tf->ntrials + 1;
	cr_assert_eq(trial_file_take(tf, t, &err), 0);
	trial_destroy(t);
}

/* An incomplete trial (interrupted after size 8) in each file, A's first and
 * B's last: at size 64 the paired test must pair trial 2 with trial 2 and 3
 * with 3, not A's 2, 3, 4 with B's 1, 2, 3 (what pairing the k-th trial that
 * holds the size would do). With differences 1 and 3 ns: t = 2 on 1 df, and
 * the t distribution on 1 df is Cauchy's, so p = 1 - 2 atan(2) / pi. */
Test(analysis, compare_pairs_trials_by_place)
{
	static const uint64_t sizes[2] = {8, 64};
	trial_file *a = trial_file_create("a");
	trial_file *b = trial_file_create("b");
	cr_assert(a && b);
	add_const_trial(a, sizes, (uint64_t[]){1000, 9000}, 1, 0);
	add_const_trial(a, sizes, (uint64_t[]){1000, 2000}, 2, 1);
	add_const_trial(a, sizes, (uint64_t[]){1000, 2000}, 2, 1);
	add_const_trial(a, sizes, (uint64_t[]){1000, 7000}, 2, 1);
	add_const_trial(b, sizes, (uint64_t[]){1002, 5000}, 2, 1);
	add_const_trial(b, sizes, (uint64_t[]){1001, 2001}, 2, 1);
	add_const_trial(b, sizes, (uint64_t[]){1004, 2003}, 2, 1);
	add_const_trial(b, sizes, (uint64_t[]){1001, 3000}, 1, 0);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->nrows, 2);
	/* Size 8: all four places, differences 2, 1, 4, 1: mean 2, sd sqrt(2),
	 * t = 2 / (sqrt(2) / 2) = 2 sqrt(2) on 3 df. */
	const st_compare_row *r8 = &c->rows[0];
	cr_assert_eq(r8->size, 8);
	cr_assert_eq(r8->unpaired, 0);
	cr_assert_eq(r8->test.n_a, 4);
	cr_assert_float_eq(r8->test.statistic, 2.0 * sqrt(2.0), 1e-12);
	cr_assert_float_eq(r8->test.df, 3.0, 1e-12);
	cr_assert_eq(r8->test.reason[0], 0, "%s", r8->test.reason);
	const st_compare_row *r = &c->rows[1];
	cr_assert_eq(r->size, 64);
	cr_assert_eq(r->a.ntrials, 3);
	cr_assert_eq(r->b.ntrials, 3);
	cr_assert_eq(r->unpaired, 2);
	cr_assert_eq(r->test.status, ST_HT_DONE);
	cr_assert_eq(r->test.n_a, 2);
	cr_assert_float_eq(r->test.estimate, 2.0, 1e-12);
	cr_assert_float_eq(r->test.statistic, 2.0, 1e-12);
	cr_assert_float_eq(r->test.df, 1.0, 1e-12);
	cr_assert_float_eq(r->test.p, 1.0 - 2.0 * atan(2.0) / M_PI, 1e-12);
	cr_assert(strstr(r->test.reason, "paired test on 2 pairs; 2 trials left out") != NULL, "%s",
		  r->test.reason);
	st_comparison_destroy(c);
	/* An unpaired test uses every trial at the size. */
	st_opts o;
	st_opts_init(&o);
	o.test = ST_HT_WELCH;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->rows[1].test.n_a, 3);
	cr_assert_eq(c->rows[1].test.n_b, 3);
	cr_assert_eq(c->rows[1].unpaired, 0);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

/* Add a one-size trial recording sweep round (0: none), every sample value. */
static void add_round_trial(trial_file *tf, uint64_t value, int round)
{
	static const uint64_t size8[1] = {8};
	add_const_trial(tf, size8, &value, 1, 1);
	if (round) {
		json_object *sw = json_object_new_object();
		json_object_object_add(sw, "round", json_object_new_int(round));
		json_object_object_add(tf->trials[tf->ntrials - 1].meta, "sweep", sw);
	}
}

/* Trials run by sriovstat sweep record their round: A lost round 4 for good,
 * B's round 3 was retried after round 4 (so it comes last in the file). The
 * paired test pairs rounds 1, 2, 3 and leaves B's round 4 out. Differences
 * 1, 3, 2: t = 2 / (1 / sqrt(3)) = 2 sqrt(3) on 2 df, and on 2 df
 * p = 1 - t / sqrt(t^2 + 2) (the t distribution's closed form). */
Test(analysis, compare_pairs_trials_by_sweep_round)
{
	trial_file *a = trial_file_create("a");
	trial_file *b = trial_file_create("b");
	cr_assert(a && b);
	add_round_trial(a, 1000, 1);
	add_round_trial(a, 1000, 2);
	add_round_trial(a, 1000, 3);
	add_round_trial(b, 1001, 1);
	add_round_trial(b, 1003, 2);
	add_round_trial(b, 9999, 4);
	add_round_trial(b, 1002, 3);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	const st_compare_row *r = &c->rows[0];
	cr_assert(r->by_round);
	cr_assert_eq(c->by_round, 1);
	cr_assert_eq(r->unpaired, 1);
	cr_assert_eq(r->test.n_a, 3);
	double t = 2.0 * sqrt(3.0);
	cr_assert_float_eq(r->test.statistic, t, 1e-12);
	cr_assert_float_eq(r->test.df, 2.0, 1e-12);
	cr_assert_float_eq(r->test.p, 1.0 - t / sqrt(t * t + 2.0), 1e-12);
	cr_assert(strstr(r->test.reason, "same sweep round") != NULL, "%s", r->test.reason);
	st_comparison_destroy(c);
	/* A round twice in a file: paired by place (4 trials each side). */
	add_round_trial(a, 1000, 3);
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_not(c->rows[0].by_round);
	cr_assert_eq(c->by_round, 0);
	cr_assert_float_eq(c->rows[0].test.estimate, (1 + 3 + 8999 + 2) / 4.0, 1e-9);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	/* A trial without a round: places too. */
	a = trial_file_create("a");
	cr_assert_not_null(a);
	add_round_trial(a, 1000, 1);
	add_round_trial(a, 1000, 2);
	add_round_trial(a, 1000, 0);
	add_round_trial(a, 1000, 4);
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_not(c->rows[0].by_round);
	cr_assert_eq(c->rows[0].unpaired, 0);
	cr_assert_float_eq(c->rows[0].test.estimate, (1 + 3 + 8999 + 2) / 4.0, 1e-9);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_single_trials_has_no_test)
{
	trial_file *a = make_file("a", 1, 1000, 1);
	trial_file *b = make_file("b", 1, 1100, 2);
	st_comparison *c;
	st_err err;
	st_opts o;
	st_opts_init(&o);
	o.adjust = ST_ADJ_HOLM;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->ntested, 0);
	for (size_t r = 0; r < c->nrows; r++) {
		const st_compare_row *row = &c->rows[r];
		cr_assert_eq(row->test.status, ST_HT_TOO_FEW);
		cr_assert_not(row->has_p_adj);
		cr_assert_not(row->significant);
		cr_assert(isfinite(row->p_adj) && isfinite(row->test.statistic) &&
			  isfinite(row->diff) && isfinite(row->a.stat_sd));
		cr_assert_neq(row->test.reason[0], 0);
	}
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(analysis, compare_identical_files)
{
	trial_file *a = make_file("a", 3, 1000, 1);
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, a, NULL, &c, &err), 0);
	cr_assert_eq(c->rows[0].diff, 0.0);
	cr_assert_eq(c->rows[0].test.status, ST_HT_NO_DIFFERENCE);
	cr_assert_eq(c->rows[0].p_adj, 1.0);
	cr_assert_not(c->rows[0].significant);
	st_comparison_destroy(c);
	trial_file_destroy(a);
}

Test(analysis, options_are_checked)
{
	trial_file *a = make_file("a", 2, 1000, 1);
	st_opts o;
	st_summary *s;
	st_err err;
	st_opts_init(&o);
	o.alpha = 0;
	cr_assert_eq(st_summarize(a, &o, &s, &err), ST_EVALUE);
	st_opts_init(&o);
	o.pcts[0] = 101;
	cr_assert_eq(st_summarize(a, &o, &s, &err), ST_EVALUE);
	trial_file *empty = trial_file_create("e");
	cr_assert_eq(st_summarize(empty, NULL, &s, &err), ST_EVALUE);
	trial_file_destroy(empty);
	trial_file_destroy(a);
}

Test(analysis, names_and_percentile_lists)
{
	st_err err;
	for (int k = ST_STAT_MEAN; k <= ST_STAT_MAX; k++) {
		st_stat got;
		cr_assert_eq(st_stat_parse(st_stat_name((st_stat)k), &got, &err), 0);
		cr_assert_eq((int)got, k);
	}
	st_stat s;
	cr_assert_eq(st_stat_parse("p50", &s, &err), 0);
	cr_assert_eq(s, ST_STAT_MEDIAN);
	cr_assert_eq(st_stat_parse("p42", &s, &err), ST_EUSAGE);
	double p[ST_MAX_PCT];
	size_t n;
	cr_assert_eq(st_pcts_parse("90,95,99.9", p, ST_MAX_PCT, &n, &err), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(p[2], 99.9);
	cr_assert_eq(st_pcts_parse("90,,99", p, ST_MAX_PCT, &n, &err), ST_EUSAGE);
	cr_assert_eq(st_pcts_parse("90,101", p, ST_MAX_PCT, &n, &err), ST_EUSAGE);
	cr_assert(strstr(err.msg, "101") != NULL, "%s", err.msg);
	cr_assert_eq(st_pcts_parse("1,2,3", p, 2, &n, &err), ST_EUSAGE);
	cr_assert_eq(st_pcts_parse("9x", p, 2, &n, &err), ST_EUSAGE);
}
