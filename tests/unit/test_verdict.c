/* SPDX-License-Identifier: BSD-3-Clause */
/* test_verdict.c: what st_compare adds to a test (issue 12): one set of
 * observations per row, pairing choice and warnings, effects, verdicts,
 * p_min diagnostics and the adjustment over several comparisons. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"

/* Add a one-size (8 B) trial of constant samples to tf, recording a sweep
 * round (0: none) and a start time (NULL: none). */
static void add(trial_file *tf, uint64_t value, int round, const char *start)
{
	trial *t = trial_create("p2p_lat", "pingpong");
	cr_assert_not_null(t);
	st_err err;
	uint64_t v[4] = {value, value, value, value};
	cr_assert_not_null(trial_add_size(t, 8, 4, 0, v, NULL, 4, &err));
	t->complete = 1;
	t->number = (int)tf->ntrials + 1;
	if (round) {
		json_object *sw = json_object_new_object();
		json_object_object_add(sw, "round", json_object_new_int(round));
		json_object_object_add(t->meta, "sweep", sw);
	}
	if (start)
		json_object_object_add(t->meta, "start", json_object_new_string(start));
	cr_assert_eq(trial_file_take(tf, t, &err), 0);
	trial_destroy(t);
}

/* Whether c holds a warning containing s. */
static int warned(const st_comparison *c, const char *s)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strstr(c->warnings[i], s))
			return 1;
	return 0;
}

/* Whether row r holds a diagnostic containing s (and t, when not NULL). */
static int diagnosed(const st_compare_row *r, const char *s, const char *t)
{
	for (size_t k = 0; k < r->ndiag; k++)
		if (strstr(r->diag[k], s) && (!t || strstr(r->diag[k], t)))
			return 1;
	return 0;
}

/* Problem 1 of issue 12: pairing by place is reported and warned about;
 * --pair round refuses files without rounds; rounds pair without warning. */
Test(verdict, pairing_is_reported_and_chosen)
{
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	for (int i = 1; i <= 4; i++) {
		add(a, 1000 + (uint64_t)i, i, NULL);
		add(b, 1010 + (uint64_t)(5 - i), 5 - i, NULL); /* rounds in reverse order */
	}
	st_comparison *c;
	st_err err;
	st_opts o;
	st_opts_init(&o);
	cr_assert_eq(o.adjust, ST_ADJ_HOLM);
	cr_assert_eq(o.pair, ST_PAIR_AUTO);
	cr_assert_eq(o.threshold_pct, 1.0);
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c->pairing, "round");
	cr_assert_not(warned(c, "place"));
	/* by round, every difference is exactly 10 */
	cr_assert_float_eq(c->rows[0].diff, 10.0, 1e-9);
	st_comparison_destroy(c);
	o.pair = ST_PAIR_PLACE;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c->pairing, "place");
	cr_assert(warned(c, "--pair place"));
	st_comparison_destroy(c);
	trial_file *a2 = trial_file_create("a2");
	for (int i = 1; i <= 4; i++)
		add(a2, 1000, 0, NULL);
	o.pair = ST_PAIR_ROUND;
	cr_assert_eq(st_compare(a2, b, &o, &c, &err), ST_EUSAGE);
	cr_assert(strstr(err.msg, "sweep round") != NULL, "%s", err.msg);
	o.pair = ST_PAIR_AUTO;
	cr_assert_eq(st_compare(a2, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c->pairing, "place");
	cr_assert(warned(c, "no sweep round"));
	st_comparison_destroy(c);
	o.test = ST_HT_WELCH;
	cr_assert_eq(st_compare(a2, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c->pairing, "none");
	cr_assert_eq(c->nwarnings, 0);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(a2);
	trial_file_destroy(b);
	st_pair p;
	cr_assert_eq(st_pair_parse("round", &p, &err), 0);
	cr_assert_eq(p, ST_PAIR_ROUND);
	cr_assert_eq(st_pair_parse("bogus", &p, &err), ST_EUSAGE);
}

/* All of A before all of B (start times): a warning; interleaved: none. */
Test(verdict, non_interleaved_start_times_warn)
{
	static const char *const ta[] = {"2026-11-01T10:00:00.000Z", "2026-11-01T10:01:00.000Z",
					 "2026-11-01T10:02:00.000Z"};
	static const char *const tb[] = {"2026-11-01T11:00:00.000Z", "2026-11-01T11:01:00.000Z",
					 "2026-11-01T11:02:00.000Z"};
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	trial_file *b2 = trial_file_create("b2");
	for (int i = 0; i < 3; i++) {
		add(a, 1000 + (uint64_t)i, 0, ta[i]);
		add(b, 1100 + (uint64_t)i, 0, tb[i]);
		add(b2, 1100 + (uint64_t)i, 0, i == 1 ? "2026-11-01T09:00:00.000Z" : tb[i]);
	}
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert(warned(c, "every trial of A started before the first of B"));
	cr_assert(warned(c, "sweep"));
	st_comparison_destroy(c);
	cr_assert_eq(st_compare(b, a, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert(warned(c, "every trial of B started before the first of A"));
	st_comparison_destroy(c);
	cr_assert_eq(st_compare(a, b2, NULL, &c, &err), 0, "%s", err.msg);
	cr_assert_not(warned(c, "started before"));
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
	trial_file_destroy(b2);
}

/* Problem 5: diff, diff %, effect and ratio come from the pairs the test
 * used. B holds one trial more (round 7) that the paired test leaves out;
 * its huge value must not move the difference. */
Test(verdict, one_set_of_observations)
{
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	for (int i = 1; i <= 6; i++)
		add(a, 2000 + 10 * (uint64_t)i, i, NULL);
	for (int i = 1; i <= 6; i++)
		add(b, 2000 + 10 * (uint64_t)i - 40, i, NULL); /* B 40 ns faster */
	add(b, 90000, 7, NULL);                                /* no partner in A */
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c, &err), 0, "%s", err.msg);
	const st_compare_row *r = &c->rows[0];
	cr_assert_eq(r->npairs, 6);
	cr_assert_eq(r->unpaired, 1);
	cr_assert_float_eq(r->diff, -40.0, 1e-9);
	cr_assert(r->has_diff_pct);
	cr_assert_float_eq(r->diff_pct, -4000.0 / 2035.0, 1e-9);
	cr_assert(r->effect.valid && r->effect.has_ci);
	cr_assert_float_eq(r->effect.estimate, -40.0, 1e-9);
	cr_assert(r->ratio.valid && r->ratio.estimate < 1.0);
	/* no variance in the differences: no t, so no verdict beyond the data */
	cr_assert_eq(r->test.status, ST_HT_ZERO_VARIANCE);
	cr_assert_eq(r->verdict, ST_VERDICT_INCONCLUSIVE);
	st_comparison_destroy(c);
	st_opts o;
	st_opts_init(&o);
	o.test = ST_HT_WILCOXON;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	r = &c->rows[0];
	/* 6 pairs all lower: p = p_min = 2/64 < 0.05, ratio about 0.98 */
	cr_assert_float_eq(r->test.p, 2.0 / 64.0, 1e-12);
	cr_assert_float_eq(r->test.p_min, 2.0 / 64.0, 1e-12);
	cr_assert(r->significant);
	cr_assert_eq(r->verdict, ST_VERDICT_LOWER);
	cr_assert_str_eq(st_verdict_word(r->verdict, r->higher_is_better), "faster");
	cr_assert_eq(c->nverdict[ST_VERDICT_LOWER], 1);
	st_comparison_destroy(c);
	/* B is about 2% faster: at a 5% threshold that is equivalent */
	o.threshold_pct = 5.0;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c->rows[0].verdict, ST_VERDICT_EQUIVALENT);
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

/* Problem 3: with 5 pairs a Wilcoxon test cannot reach 0.05; the row says so. */
Test(verdict, p_min_diagnostic)
{
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	for (int i = 1; i <= 5; i++) {
		add(a, 1000, 0, NULL);
		add(b, 1200, 0, NULL);
	}
	st_opts o;
	st_opts_init(&o);
	o.test = ST_HT_WILCOXON;
	st_comparison *c;
	st_err err;
	cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
	const st_compare_row *r = &c->rows[0];
	cr_assert_float_eq(r->test.p, 0.0625, 1e-12);
	cr_assert_float_eq(r->test.p_min, 0.0625, 1e-12);
	cr_assert_not(r->significant);
	cr_assert_eq(r->verdict, ST_VERDICT_INCONCLUSIVE);
	cr_assert(diagnosed(r, "cannot reach significance with this many trials", NULL));
	st_comparison_destroy(c);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

/* A rank test and the difference of the means pointing opposite ways (one
 * trial of A far above every other: seen in CI, a shared-memory trial with a
 * median of 6 ms against TCP's 4 us) is said, and the verdict follows the
 * test; without that trial nothing is said. */
Test(verdict, mean_against_rank_test_direction)
{
	for (int far = 0; far < 2; far++) {
		trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
		for (int i = 1; i <= 7; i++) {
			add(a, i == 2 && far ? 6000000 : 357 + (uint64_t)i, 0, NULL);
			add(b, 3900 + (uint64_t)i, 0, NULL);
		}
		st_opts o;
		st_opts_init(&o);
		o.test = ST_HT_MANN_WHITNEY;
		st_comparison *c;
		st_err err;
		cr_assert_eq(st_compare(a, b, &o, &c, &err), 0, "%s", err.msg);
		const st_compare_row *r = &c->rows[0];
		cr_assert(r->significant);
		cr_assert_eq(r->verdict, ST_VERDICT_HIGHER);
		cr_assert_eq(r->diff < 0, far);
		cr_assert_eq(diagnosed(r, "the difference of the means (-9",
				       "mann-whitney test (B higher) disagree"),
			     far);
		st_comparison_destroy(c);
		trial_file_destroy(a);
		trial_file_destroy(b);
	}
}

/* Two comparisons printed together are one family. */
Test(verdict, adjust_over_comparisons)
{
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b");
	for (int i = 1; i <= 8; i++) {
		add(a, 1000 + (uint64_t)(i * 7 % 5), 0, NULL);
		add(b, 1003 + (uint64_t)(i * 3 % 4), 0, NULL);
	}
	st_comparison *c[2];
	st_err err;
	cr_assert_eq(st_compare(a, b, NULL, &c[0], &err), 0, "%s", err.msg);
	cr_assert_eq(st_compare(b, a, NULL, &c[1], &err), 0, "%s", err.msg);
	double p = c[0]->rows[0].test.p;
	cr_assert_float_eq(c[0]->rows[0].p_adj, p, 1e-15); /* a family of one */
	cr_assert_eq(st_comparisons_adjust(c, 2, ST_ADJ_HOLM, &err), 0);
	cr_assert_float_eq(c[0]->rows[0].p_adj, fmin(1.0, 2.0 * p), 1e-15);
	cr_assert_float_eq(c[1]->rows[0].p_adj, fmin(1.0, 2.0 * p), 1e-15);
	cr_assert_eq(st_comparisons_adjust(c, 2, ST_ADJ_NONE, &err), 0);
	cr_assert_float_eq(c[1]->rows[0].p_adj, p, 1e-15);
	cr_assert_eq(c[1]->opts.adjust, ST_ADJ_NONE);
	st_comparison_destroy(c[0]);
	st_comparison_destroy(c[1]);
	trial_file_destroy(a);
	trial_file_destroy(b);
}
