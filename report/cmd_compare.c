/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_compare.c: sriovstat compare A.json B.json: B against A, size by size.
 *
 * The statistics come from st_compare (stats/analysis.h); this file only
 * lays its rows out as tables and JSON, in microseconds. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "power.h"
#include "report.h"
#include "setup.h"

/* The name of the test statistic: t, V (Wilcoxon signed rank), U (Mann-Whitney). */
static const char *stat_symbol(st_test_kind k)
{
	switch (k) {
	case ST_HT_WILCOXON: return "V";
	case ST_HT_MANN_WHITNEY: return "U";
	default: return "t";
	}
}

/* Whether test k reports degrees of freedom. */
static int has_df_column(st_test_kind k)
{
	return k == ST_HT_PAIRED_T || k == ST_HT_WELCH;
}

/* Decimals to print v with: none when it is a whole number. */
static int auto_decimals(double v, int decimals)
{
	return v == floor(v) ? 0 : decimals;
}

/* The JSON of one side; o->pcts names its pooled percentiles. */
static json_object *side_json(const st_side *s, const st_opts *opts)
{
	json_object *o = json_object_new_object();
	report_jadd(o, "n", json_object_new_int64((int64_t)s->ntrials));
	report_jadd(o, "mean", report_json_number(report_us_full(s->stat_mean)));
	report_jadd(o, "sd", report_json_number(report_us_full(report_sd(s->stat_sd, s->ntrials))));
	report_jadd(o, "min", report_json_number(report_us_full(s->min)));
	report_jadd(o, "max", report_json_number(report_us_full(s->max)));
	for (size_t k = 0; k < opts->npcts; k++) {
		char name[40];
		snprintf(name, sizeof name, "p%g", opts->pcts[k]);
		report_jadd(o, name, report_json_number(report_us_full(s->pct[k])));
	}
	report_jadd(o, "pooled_mean", report_json_number(report_us_full(s->mean)));
	report_jadd(o, "samples", json_object_new_int64((int64_t)s->nsamples));
	json_object *tr = json_object_new_array(), *v = json_object_new_array();
	for (size_t i = 0; i < s->ntrials; i++) {
		json_object_array_add(tr, json_object_new_int(s->trial_numbers[i]));
		json_object_array_add(v, report_json_number(report_us_full(s->stat_values[i])));
	}
	report_jadd(o, "trial_numbers", tr);
	report_jadd(o, "stat_values", v);
	return o;
}

void report_compare_json_head(json_object *doc, const st_comparison *c, const char *path_a,
			      const char *path_b)
{
	report_jadd(doc, "a", json_object_new_string(c->label_a));
	report_jadd(doc, "b", json_object_new_string(c->label_b));
	report_jadd(doc, "a_file", json_object_new_string(path_a));
	report_jadd(doc, "b_file", json_object_new_string(path_b));
	report_jadd(doc, "unit", json_object_new_string("us"));
	report_jadd(doc, "stat", json_object_new_string(st_stat_name(c->opts.stat)));
	report_jadd(doc, "test", json_object_new_string(st_test_name(c->opts.test)));
}

/* The JSON document of a comparison. */
json_object *report_compare_json(const st_comparison *c, const char *path_a, const char *path_b)
{
	const st_opts *o = &c->opts;
	json_object *doc = json_object_new_object();
	report_compare_json_head(doc, c, path_a, path_b);
	report_jadd(doc, "statistic_name", json_object_new_string(stat_symbol(o->test)));
	report_jadd(doc, "adjust", json_object_new_string(st_adjust_name(o->adjust)));
	report_jadd(doc, "pairing", json_object_new_string(c->pairing ? c->pairing : "none"));
	report_jadd(doc, "threshold_pct", report_json_number(o->threshold_pct));
	json_object *warn = json_object_new_array();
	for (size_t i = 0; i < c->nwarnings; i++)
		json_object_array_add(warn, json_object_new_string(c->warnings[i]));
	report_jadd(doc, "warnings", warn);
	report_jadd(doc, "alpha", report_json_number(o->alpha));
	report_jadd(doc, "level", report_json_number(o->level));
	report_jadd(doc, "max_samples", json_object_new_boolean(o->use_max));
	report_jadd(doc, "tested", json_object_new_int64((int64_t)c->ntested));
	report_jadd(doc, "significant", json_object_new_int64((int64_t)c->nsignificant));
	json_object *rows = json_object_new_array();
	for (size_t i = 0; i < c->nrows; i++) {
		const st_compare_row *r = &c->rows[i];
		const st_test_result *t = &r->test;
		json_object *jr = json_object_new_object();
		report_jadd(jr, "benchmark", json_object_new_string(r->benchmark));
		report_jadd(jr, "op", json_object_new_string(r->op));
		if (strcmp(r->benchmark, r->benchmark_b) != 0 || strcmp(r->op, r->op_b) != 0) {
			report_jadd(jr, "benchmark_b", json_object_new_string(r->benchmark_b));
			report_jadd(jr, "op_b", json_object_new_string(r->op_b));
		}
		report_jadd(jr, "size", json_object_new_int64((int64_t)r->size));
		report_jadd(jr, "a", side_json(&r->a, o));
		report_jadd(jr, "b", side_json(&r->b, o));
		report_jadd(jr, "diff", report_json_number(report_us_full(r->diff)));
		report_jadd(jr, "diff_pct",
			    r->has_diff_pct ? report_json_number(r->diff_pct) : NULL);
		int ran = t->status == ST_HT_DONE || t->status == ST_HT_NO_DIFFERENCE;
		json_object *stat = ran ? report_json_number(t->statistic) : NULL;
		report_jadd(jr, "t", has_df_column(o->test) && stat ? json_object_get(stat) : NULL);
		report_jadd(jr, "statistic", stat);
		report_jadd(jr, "df", t->has_df ? report_json_number(t->df) : NULL);
		report_jadd(jr, "p", t->has_p ? report_json_number(t->p) : NULL);
		report_jadd(jr, "p_adjusted", r->has_p_adj ? report_json_number(r->p_adj) : NULL);
		report_jadd(jr, "significant", json_object_new_boolean(r->significant));
		if (o->test == ST_HT_WILCOXON || o->test == ST_HT_MANN_WHITNEY)
			report_jadd(jr, "exact",
				    t->has_p ? json_object_new_boolean(t->exact) : NULL);
		if (t->has_ci) {
			json_object *ci = json_object_new_array();
			json_object_array_add(ci, report_json_number(report_us_full(t->ci_lo)));
			json_object_array_add(ci, report_json_number(report_us_full(t->ci_hi)));
			report_jadd(jr, "ci", ci);
		} else {
			report_jadd(jr, "ci", NULL);
		}
		report_jadd(jr, "reason", t->reason[0] ? json_object_new_string(t->reason) : NULL);
		report_jadd(jr, "unpaired",
			    st_test_is_paired(o->test) ? json_object_new_int64((int64_t)r->unpaired)
						       : NULL);
		report_jadd(jr, "paired_by",
			    st_test_is_paired(o->test)
				    ? json_object_new_string(r->by_round ? "round" : "place")
				    : NULL);
		report_verdict_json(jr, r);
		json_object_array_add(rows, jr);
	}
	report_jadd(doc, "rows", rows);
	json_object *sk = json_object_new_array();
	for (size_t i = 0; i < c->nskipped; i++) {
		const st_skipped *s = &c->skipped[i];
		json_object *js = report_key_json(s->benchmark, s->op, s->size);
		char side[2] = {s->side, '\0'};
		report_jadd(js, "only_in", json_object_new_string(side));
		json_object_array_add(sk, js);
	}
	report_jadd(doc, "skipped", sk);
	return doc;
}

/* The pooled percentiles st_compare computes (o->pcts) and shows: the
 * --percentiles given (any in (0, 100), as summary), else the defaults. */
static void pick_pcts(const report_common *com, st_opts *o, int show[ST_MAX_PCT])
{
	if (com->pct_set) {
		o->npcts = com->npct;
		memcpy(o->pcts, com->pct, com->npct * sizeof *com->pct);
	}
	for (size_t k = 0; k < ST_MAX_PCT; k++)
		show[k] = k < o->npcts;
}

/* Whether A or B holds per-run averages (imported summaries). */
static int per_run_data;

/* The plan of the comparison (80% power against --threshold): compare's
 * footer and JSON keys; NULL in CSV. */
static const st_plan *plan_footer;

/* The footnote explaining the significance mark. */
static void sig_note(report_table *t, const st_comparison *c)
{
	if (per_run_data)
		report_table_note(t, "%s", IMPORT_PER_RUN_NOTE);
	const st_opts *o = &c->opts;
	if (c->ntested == 0)
		; /* no test ran: no mark to explain */
	else if (o->adjust == ST_ADJ_NONE)
		report_table_note(t, "* p < %g (%s test on the trial %s, B minus A)", o->alpha,
				  st_test_name(o->test), st_stat_name(o->stat));
	else
		report_table_note(
			t,
			"* %s-adjusted p < %g over %zu test%s (%s test on the trial %s, B minus A)",
			st_adjust_name(o->adjust), o->alpha, c->ntested, c->ntested == 1 ? "" : "s",
			st_test_name(o->test), st_stat_name(o->stat));
	if (c->by_round)
		report_table_note(
			t,
			"trials paired by the sweep round they record, not by their place in the file");
	else if (st_test_is_paired(o->test))
		report_table_note(
			t,
			"trials paired by their place in the file (they record no sweep round, or --pair place)");
	report_table_note(
		t,
		"effect: Hodges-Lehmann shift B minus A in us, B/A: ratio, each with its %g%% interval; verdict against a threshold of %g%%",
		100.0 * o->level, o->threshold_pct);
}

/* Append a named column to t; 0, or -1 when out of memory. */
static int add_col(report_table *t, const char *name, unsigned flags)
{
	return report_table_add_column(t, name, NULL, flags) == (size_t)-1 ? -1 : 0;
}

/* The CSV columns of a comparison. */
static int csv_columns(report_table *t, const st_opts *o, const int show[ST_MAX_PCT])
{
	static const char *const keys[] = {"benchmark", "op", "size"};
	static const char *const side_keys[] = {"n", "mean", "sd", "min", "max"};
	static const char *const tail[] = {
		"diff",       "diff_pct",    "test",        "statistic", "df",        "p",
		"p_adjusted", "significant", "ci_low",      "ci_high",   "pairs",     "p_min",
		"effect",     "effect_low",  "effect_high", "ratio",     "ratio_low", "ratio_high",
		"verdict",    "note" /* why a row has no test (or p = 1 without one) */};
	int rc = 0;
	char name[40];
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		rc |= add_col(t, keys[k], 0);
	for (int s = 0; s < 2; s++) {
		for (size_t k = 0; k < sizeof side_keys / sizeof *side_keys; k++) {
			snprintf(name, sizeof name, "%c_%s", "ab"[s], side_keys[k]);
			rc |= add_col(t, name, 0);
		}
		for (size_t k = 0; k < o->npcts; k++) {
			snprintf(name, sizeof name, "%c_p%g", "ab"[s], o -> pcts[k]);
			rc |= add_col(t, name, show[k] ? 0 : REPORT_COL_NO_CSV);
		}
	}
	for (size_t k = 0; k < sizeof tail / sizeof *tail; k++)
		rc |= add_col(t, tail[k], 0);
	return rc;
}

/* Whether a test produced a statistic. */
static int test_ran(const st_test_result *tr)
{
	return tr->status == ST_HT_DONE || tr->status == ST_HT_NO_DIFFERENCE;
}

/* Append the CSV cells of a comparison row r to the newest row of t. */
static void csv_cells(report_table *t, const st_opts *o, const st_compare_row *r)
{
	const st_test_result *tr = &r->test;
	report_cell_text(t, r->benchmark);
	report_cell_text(t, r->op);
	report_cell_int(t, (long long)r->size);
	for (int s = 0; s < 2; s++) {
		const st_side *sd = s ? &r->b : &r->a;
		report_cell_int(t, (long long)sd->ntrials);
		report_cell_num(t, report_us(sd->stat_mean), 3);
		report_cell_num(t, report_us(report_sd(sd->stat_sd, sd->ntrials)), 3);
		report_cell_num(t, report_us(sd->min), 3);
		report_cell_num(t, report_us(sd->max), 3);
		for (size_t k = 0; k < o->npcts; k++)
			report_cell_num(t, report_us(sd->pct[k]), 3);
	}
	report_cell_num(t, report_us(r->diff), 3);
	report_cell_num(t, r->has_diff_pct ? r->diff_pct : NAN, 2);
	report_cell_text(t, st_test_name(tr->kind));
	report_cell_num(t, test_ran(tr) ? tr->statistic : NAN, 4);
	report_cell_num(t, tr->has_df ? tr->df : NAN, 2);
	report_cell_pvalue(t, tr->has_p ? tr->p : NAN);
	report_cell_pvalue(t, r->has_p_adj ? r->p_adj : NAN);
	report_cell_text(t, r->significant ? "1" : "0");
	report_cell_num(t, tr->has_ci ? report_us(tr->ci_lo) : NAN, 3);
	report_cell_num(t, tr->has_ci ? report_us(tr->ci_hi) : NAN, 3);
	report_cell_int(t, (long long)r->npairs);
	report_cell_pvalue(t, tr->has_p ? tr->p_min : NAN);
	report_effect_cells(t, r, 0);
	report_cell_text(t, st_verdict_word(r->verdict, r->higher_is_better));
	report_cell_text(t, tr->reason);
}

/* The CSV of a comparison: one line per size. */
static report_table *csv_table(const st_comparison *c, const int show[ST_MAX_PCT])
{
	report_table *t = report_table_create(NULL, 0);
	if (!t || csv_columns(t, &c->opts, show)) {
		report_table_destroy(t);
		return NULL;
	}
	for (size_t i = 0; i < c->nrows; i++) {
		if (report_table_add_row(t) == (size_t)-1) {
			report_table_destroy(t);
			return NULL;
		}
		csv_cells(t, &c->opts, &c->rows[i]);
	}
	return t;
}

/* Append a display column showing the CSV keys (NULL-terminated; none: always shown). */
static int add_keyed(report_table *t, const char *name, unsigned flags, ...)
{
	const char *keys[4];
	size_t n = 0;
	va_list ap;
	va_start(ap, flags);
	for (const char *k; n < 4 && (k = va_arg(ap, const char *)) != NULL;)
		keys[n++] = k;
	va_end(ap);
	size_t col = report_table_add_column(t, name, NULL, flags | (n ? 0 : REPORT_COL_KEEP));
	if (col == (size_t)-1)
		return -1;
	return n ? report_table_column_keys(t, col, keys, n) : 0;
}

/* Append a display column of both sides: A's line shows a_KEY, B's b_KEY. */
static int add_side(report_table *t, const char *name, const char *key)
{
	char a[80], b[80];
	snprintf(a, sizeof a, "a_%s", key);
	snprintf(b, sizeof b, "b_%s", key);
	return add_keyed(t, name, 0, a, b, NULL);
}

/* The columns of a display table, each named for --columns by the CSV keys
 * it shows; the other CSV keys are known names without a column. */
static int display_columns(report_table *t, const st_opts *o, const int show[ST_MAX_PCT])
{
	char name[64];
	int rc = add_keyed(t, "size", 0, "size", NULL) | add_keyed(t, "", REPORT_COL_LEFT, NULL) |
		 add_keyed(t, "label", REPORT_COL_LEFT, NULL) | add_side(t, "trials", "n");
	snprintf(name, sizeof name, "trial %s", st_stat_name(o->stat));
	rc |= add_side(t, name, "mean") | add_side(t, "sd", "sd");
	for (size_t k = 0; k < o->npcts; k++)
		if (show[k]) {
			snprintf(name, sizeof name, "p%g", o->pcts[k]);
			rc |= add_side(t, name, name);
		}
	rc |= add_side(t, "min", "min") | add_side(t, "max", "max") |
	      add_keyed(t, "diff %", 0, "diff_pct", NULL) |
	      add_keyed(t, stat_symbol(o->test), 0, "statistic", NULL);
	if (has_df_column(o->test))
		rc |= add_keyed(t, "df", 0, "df", NULL);
	rc |= add_keyed(t, "p", 0, "p", NULL);
	if (o->adjust != ST_ADJ_NONE)
		rc |= add_keyed(t, "p adj", 0, "p_adjusted", NULL);
	rc |= add_keyed(t, "sig", REPORT_COL_LEFT, "significant", NULL);
	if (st_test_is_paired(o->test))
		rc |= add_keyed(t, "pairs", 0, "pairs", NULL);
	rc |= add_keyed(t, "effect [CI]", 0, "effect", "effect_low", "effect_high", NULL) |
	      add_keyed(t, "B/A [CI]", 0, "ratio", "ratio_low", "ratio_high", NULL) |
	      add_keyed(t, "verdict", REPORT_COL_LEFT, "verdict", NULL);
	/* Every CSV key is a name --columns accepts, shown or not. */
	report_table *csv = report_table_create(NULL, 0);
	rc |= !csv || csv_columns(csv, o, show) || report_table_know_all(t, csv);
	report_table_destroy(csv);
	return rc;
}

/* Append the display line of side s (0: A, 1: B) of row r to t: the test
 * and the verdict on A's line. 0, or -1 when out of memory. */
static int display_line(report_table *t, const st_comparison *c, const st_compare_row *r, int s,
			const int show[ST_MAX_PCT])
{
	const st_opts *o = &c->opts;
	const st_side *sd = s ? &r->b : &r->a;
	const st_test_result *tr = &r->test;
	size_t row = report_table_add_row(t);
	if (row == (size_t)-1)
		return -1;
	if (r->significant)
		report_table_emphasize(t, row);
	if (s == 0)
		report_cell_int(t, (long long)r->size);
	else
		report_cell_text(t, "");
	report_cell_text(t, s ? "B" : "A");
	report_cell_text(t, s ? c->label_b : c->label_a);
	report_cell_int(t, (long long)sd->ntrials);
	report_cell_num(t, report_us(sd->stat_mean), 3);
	report_cell_num(t, report_us(report_sd(sd->stat_sd, sd->ntrials)), 3);
	for (size_t k = 0; k < o->npcts; k++)
		if (show[k])
			report_cell_num(t, report_us(sd->pct[k]), 3);
	report_cell_num(t, report_us(sd->min), 3);
	report_cell_num(t, report_us(sd->max), 3);
	if (s == 1) {
		report_cell_blank_rest(t);
		return 0;
	}
	int df_col = has_df_column(o->test);
	report_cell_signed(t, r->has_diff_pct ? r->diff_pct : NAN, 1);
	report_cell_num(t, test_ran(tr) ? tr->statistic : NAN,
			df_col ? 4 : auto_decimals(tr->statistic, 1));
	if (df_col)
		report_cell_num(t, tr->has_df ? tr->df : NAN, auto_decimals(tr->df, 2));
	report_cell_pvalue(t, tr->has_p ? tr->p : NAN);
	if (o->adjust != ST_ADJ_NONE)
		report_cell_pvalue(t, r->has_p_adj ? r->p_adj : NAN);
	report_cell_text(t, r->significant ? "*" : "");
	if (st_test_is_paired(o->test))
		report_cell_int(t, (long long)r->npairs);
	char eb[96];
	report_effect_text(&r->effect, 0, eb, sizeof eb);
	report_cell_text(t, eb);
	report_effect_text(&r->ratio, 1, eb, sizeof eb);
	report_cell_text(t, eb);
	report_cell_text(t, st_verdict_word(r->verdict, r->higher_is_better));
	return 0;
}

/* The notes below the display table of the rows [from, to) of c. */
static void display_notes(report_table *t, const st_comparison *c, size_t from, size_t to)
{
	const st_compare_row *r0 = &c->rows[from];
	for (size_t i = from; i < to; i++) {
		const st_compare_row *r = &c->rows[i];
		if (r->test.reason[0])
			report_table_note(t, "size %llu: %s", (unsigned long long)r->size,
					  r->test.reason);
		for (size_t k = r->ndiag_data; k < r->ndiag; k++) /* data: warnings */
			report_table_note(t, "size %llu: %s", (unsigned long long)r->size,
					  r->diag[k]);
	}
	sig_note(t, c);
	for (size_t i = 0; i < c->nskipped; i++) {
		const st_skipped *s = &c->skipped[i];
		if (strcmp(s->benchmark, r0->benchmark) == 0 && strcmp(s->op, r0->op) == 0)
			report_table_note(t, "skipped: size %llu only in %c (%s)",
					  (unsigned long long)s->size, s->side,
					  s->side == 'A' ? c->label_a : c->label_b);
	}
	char sentence[600];
	report_verdict_sentence(c, from, to, sentence, sizeof sentence);
	report_table_note(t, "%s", sentence);
	if (plan_footer) {
		report_plan_sentence(plan_footer, c, from, to, sentence, sizeof sentence);
		report_table_note(t, "%s See sriovstat plan.", sentence);
	}
}

/* The display table of the rows [from, to) of c (one group): two lines per
 * size, A above B, the test on the first. */
static report_table *display_table(const st_comparison *c, size_t from, size_t to,
				   const int show[ST_MAX_PCT])
{
	const st_opts *o = &c->opts;
	const st_compare_row *r0 = &c->rows[from];
	char ga[256], gb[256], *title = NULL;
	report_group_name(r0->benchmark, r0->op, ga, sizeof ga);
	report_group_name(r0->benchmark_b, r0->op_b, gb, sizeof gb);
	int same = strcmp(ga, gb) == 0;
	if (asprintf(&title, "%s%s%s: %s (A) vs %s (B), trial %s in us%s, %s test", ga,
		     same ? "" : " vs ", same ? "" : gb, c->label_a, c->label_b,
		     st_stat_name(o->stat), REPORT_MAX_NOTE(o->use_max), st_test_name(o->test)) < 0)
		return NULL;
	report_table *t = report_table_create(title, 0);
	free(title);
	int rc = !t || display_columns(t, o, show);
	for (size_t i = from; i < to && !rc; i++)
		rc = display_line(t, c, &c->rows[i], 0, show) ||
		     display_line(t, c, &c->rows[i], 1, show);
	if (rc) {
		report_table_destroy(t);
		return NULL;
	}
	display_notes(t, c, from, to);
	return t;
}

/* Settings listed below a display table; JSON lists them all. */
#define SETUP_ROWS_SHOWN 24

/* A side of a setup row as one cell: its values joined, control characters
 * blanked, long text cut; "(not recorded)" when the file lacks the setting. */
static void setup_cell(char *const *v, size_t n, int many, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	if (n == 0 && !many) {
		snprintf(buf, len, "(not recorded)");
		return;
	}
	for (size_t i = 0; i < n && used + 1 < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", v[i]);
		if (w < 0)
			break;
		used += (size_t)w < len - used ? (size_t)w : len - used - 1;
	}
	if (many && used + 1 < len)
		snprintf(buf + used, len - used, ", ...");
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	if (strlen(buf) > 60)
		memcpy(buf + 57, "...", 4);
}

/* The setup differences of A and B as a display table. */
static report_table *setup_table(const st_setup_diff *sd, const st_comparison *c)
{
	char title[512], ha[160], hb[160];
	snprintf(title, sizeof title,
		 "setup: the recorded settings that differ between A (%s) and B (%s)", c->label_a,
		 c->label_b);
	report_table *t = report_table_create(title, 3);
	if (!t)
		return NULL;
	report_table_fixed(t); /* the settings, not results: --columns names none */
	snprintf(ha, sizeof ha, "A (%s)", c->label_a);
	snprintf(hb, sizeof hb, "B (%s)", c->label_b);
	report_table_column(t, 0, "setting", NULL, REPORT_COL_LEFT);
	report_table_column(t, 1, ha, NULL, REPORT_COL_LEFT);
	report_table_column(t, 2, hb, NULL, REPORT_COL_LEFT);
	for (size_t i = 0; i < sd->nrows && i < SETUP_ROWS_SHOWN; i++) {
		const st_setup_row *r = &sd->rows[i];
		char buf[256];
		size_t row = report_table_add_row(t);
		if (row == (size_t)-1) {
			report_table_destroy(t);
			return NULL;
		}
		report_table_text(t, row, 0, r->key);
		setup_cell(r->a, r->na, r->many_a, buf, sizeof buf);
		report_table_text(t, row, 1, buf);
		setup_cell(r->b, r->nb, r->many_b, buf, sizeof buf);
		report_table_text(t, row, 2, buf);
	}
	if (sd->nrows > SETUP_ROWS_SHOWN)
		report_table_note(t, "%zu more settings differ: --format json lists them all",
				  sd->nrows - SETUP_ROWS_SHOWN);
	return t;
}

/* The setup differences as JSON: [{"setting", "a", "b", "a_more", "b_more"}]. */
static json_object *setup_json(const st_setup_diff *sd)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < sd->nrows; i++) {
		const st_setup_row *r = &sd->rows[i];
		json_object *o = json_object_new_object();
		report_jadd(o, "setting", json_object_new_string(r->key));
		for (int side = 0; side < 2; side++) {
			char *const *v = side ? r->b : r->a;
			size_t n = side ? r->nb : r->na;
			int many = side ? r->many_b : r->many_a;
			json_object *vals = NULL;
			if (n || many) {
				vals = json_object_new_array();
				for (size_t k = 0; k < n; k++)
					json_object_array_add(vals, json_object_new_string(v[k]));
			}
			report_jadd(o, side ? "b" : "a", vals);
			report_jadd(o, side ? "b_more" : "a_more", json_object_new_boolean(many));
		}
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Print a comparison in fmt. Returns an exit code. */
static int print_comparison(const st_comparison *c, const st_setup_diff *sd,
			    const report_common *com, const int show[ST_MAX_PCT], const char *pa,
			    const char *pb)
{
	if (com->format == REPORT_JSON) {
		json_object *doc = json_object_new_object();
		report_jadd(doc, "command", json_object_new_string("compare"));
		json_object *body = report_compare_json(c, pa, pb);
		json_object_object_foreach(body, k, v) report_jadd(doc, k, json_object_get(v));
		json_object_put(body);
		report_jadd(doc, "setup_differences", setup_json(sd));
		if (plan_footer)
			report_plan_compare_json(doc, plan_footer);
		int rc = report_json_print(doc, stdout);
		json_object_put(doc);
		return rc ? REPORT_EXIT_DATA : 0;
	}
	for (size_t i = 0; i < c->nwarnings; i++)
		report_warning("%s", c->warnings[i]);
	for (size_t i = 0; i < c->nrows; i++) /* the data's diagnostics (stats/diag.h) */
		for (size_t k = 0; k < c->rows[i].ndiag_data; k++)
			report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
				       c->rows[i].diag[k]);
	if (com->format == REPORT_CSV) {
		report_table *t = csv_table(c, show);
		if (!t) {
			report_error("out of memory");
			return REPORT_EXIT_DATA;
		}
		int r = report_table_render(t, REPORT_CSV, stdout);
		report_table_destroy(t);
		if (r == -2)
			return REPORT_EXIT_USAGE; /* --columns: the message is printed */
		/* What the notes say below a display table goes to stderr. */
		for (size_t i = 0; i < c->nrows; i++) {
			if (c->rows[i].test.reason[0])
				report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
					       c->rows[i].test.reason);
			for (size_t k = c->rows[i].ndiag_data; k < c->rows[i].ndiag; k++)
				report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
					       c->rows[i].diag[k]);
		}
		for (size_t i = 0; i < c->nskipped; i++)
			report_warning("skipped: size %llu only in %c (%s)",
				       (unsigned long long)c->skipped[i].size, c->skipped[i].side,
				       c->skipped[i].side == 'A' ? c->label_a : c->label_b);
		if (sd->nrows)
			report_warning(
				"A (%s) and B (%s) differ in %zu recorded settings (--format text or json lists them)",
				c->label_a, c->label_b, sd->nrows);
		return 0;
	}
	for (size_t i = 0; i < c->nrows;) {
		size_t j = i + 1;
		while (j < c->nrows && strcmp(c->rows[j].benchmark, c->rows[i].benchmark) == 0 &&
		       strcmp(c->rows[j].op, c->rows[i].op) == 0)
			j++;
		report_table *t = display_table(c, i, j, show);
		if (!t) {
			report_error("out of memory");
			return REPORT_EXIT_DATA;
		}
		if (i > 0)
			fputc('\n', stdout);
		int r = report_table_render(t, com->format, stdout);
		report_table_destroy(t);
		if (r == -2)
			return REPORT_EXIT_USAGE; /* --columns: the message is printed */
		i = j;
	}
	if (sd->nrows == 0) {
		if (com->format != REPORT_TEXT)
			return 0;
		if (sd->nsettings_a && sd->nsettings_b)
			printf("\nsetup: A (%s) and B (%s) recorded the same settings\n",
			       c->label_a, c->label_b);
		else if (sd->nsettings_a || sd->nsettings_b)
			printf("\nsetup: %s (%s) records no settings (imported?): the setups were not compared\n",
			       sd->nsettings_a ? "B" : "A",
			       sd->nsettings_a ? c->label_b : c->label_a);
		return 0;
	}
	fputc('\n', stdout);
	report_table *t = setup_table(sd, c);
	if (!t) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	report_table_render(t, com->format, stdout);
	report_table_destroy(t);
	return 0;
}

static const char compare_help[] =
	"Usage: sriovstat compare [OPTION]... A.json B.json\n"
	"Compare configuration B with baseline A at every message size both hold:\n"
	"each side's trials, the mean and sd over trials of the trial statistic, the\n"
	"pooled percentiles, min and max; the difference B minus A in percent; and a\n"
	"two-sided test on the per-trial values (times in microseconds), its p-value\n"
	"adjusted over every size (Holm), the Hodges-Lehmann shift and the ratio B/A\n"
	"with their intervals, and a verdict: slower, faster, equivalent (within\n"
	"--threshold) or inconclusive, summed up in one closing sentence. Below the\n"
	"table, the recorded settings (fingerprint, options, environment) whose\n"
	"values differ between A and B.\n"
	"\n"
	"Options:\n" REPORT_HELP_STAT REPORT_HELP_TEST REPORT_HELP_ADJUST REPORT_HELP_ALPHA
		REPORT_HELP_LEVEL REPORT_HELP_PAIR REPORT_HELP_THRESHOLD REPORT_HELP_POWER
			REPORT_HELP_MAX_SAMPLES REPORT_HELP_FORCE
	"  --format FMT          text (default), csv, markdown, latex or json\n"
	"  --percentiles LIST    pooled percentiles to show (default 50,90,95,99)\n"
	"  --threads N           use at most N threads (default: every core)\n" REPORT_HELP_COLUMNS
	"  -h, --help            show this help and exit\n";

/* sriovstat compare. */
int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPORT_COMMON_LONGOPTS,     REPORT_LONGOPT_STAT,  REPORT_LONGOPT_TEST,
		REPORT_LONGOPT_ADJUST,      REPORT_LONGOPT_ALPHA, REPORT_LONGOPT_LEVEL,
		REPORT_LONGOPT_MAX_SAMPLES, REPORT_LONGOPT_FORCE, REPORT_LONGOPT_PAIR,
		REPORT_LONGOPT_THRESHOLD,   REPORT_LONGOPT_POWER, {NULL, 0, NULL, 0},
	};
	report_common com;
	st_opts opts;
	report_common_init(&com);
	st_opts_init(&opts);
	report_getopt g = {.cmd = "compare",
			   .help = compare_help,
			   .longopts = longopts,
			   .com = &com,
			   .opts = &opts};
	if (report_getopt_next(&g, argc, argv) != REPORT_GETOPT_END)
		return g.status; /* every option of compare is a shared one */
	if (argc - optind != 2)
		return report_usage("compare", "expected two trial files (A and B), got %d",
				    argc - optind);
	int show[ST_MAX_PCT];
	pick_pcts(&com, &opts, show);

	trial_file *tf[2];
	if (report_load_all(argv + optind, 2, opts.use_max ? 0 : TRIAL_READ_NO_MAX, tf))
		return REPORT_EXIT_DATA;
	report_warn_incomplete(tf[0]);
	report_warn_incomplete(tf[1]);
	per_run_data = import_file_per_run(tf[0]) || import_file_per_run(tf[1]);
	st_comparison *cmp = NULL;
	st_setup_diff *sd = NULL;
	st_plan *plan = NULL;
	st_err err = {0};
	int rc;
	if (st_compare(tf[0], tf[1], &opts, &cmp, &err) < 0 ||
	    st_setup_diff_compute(tf[0], tf[1], &sd, &err) < 0 ||
	    (com.format != REPORT_CSV && st_plan_compute(cmp, com.power, &plan, &err) < 0)) {
		report_error("%s", err.msg);
		rc = REPORT_EXIT_DATA;
	} else {
		plan_footer = plan;
		rc = print_comparison(cmp, sd, &com, show, argv[optind], argv[optind + 1]);
		plan_footer = NULL;
	}
	st_plan_destroy(plan);
	st_setup_diff_destroy(sd);
	st_comparison_destroy(cmp);
	report_free_all(tf, 2);
	return rc;
}
