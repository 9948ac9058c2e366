/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_compare.c: sriovstat compare A.json B.json: B against A, size by size.
 *
 * The statistics come from st_compare (stats/analysis.h); this file only
 * lays its rows out as tables and JSON, in microseconds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"
#include "setup.h"

/* The pooled percentiles st_compare reports for each side. */
static const double side_pcts[] = {50, 90, 95, 99};
#define NSIDE_PCTS 4

/* Pooled percentile k (index into side_pcts) of a side. */
static double side_pct(const st_side *s, size_t k)
{
	switch (k) {
	case 0: return s->p50;
	case 1: return s->p90;
	case 2: return s->p95;
	default: return s->p99;
	}
}

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

/* The JSON of one side. */
static json_object *side_json(const st_side *s)
{
	json_object *o = json_object_new_object();
	report_jadd(o, "n", json_object_new_int64((int64_t)s->ntrials));
	report_jadd(o, "mean", report_json_number(report_us(s->stat_mean)));
	report_jadd(o, "sd", report_json_number(report_us(s->stat_sd)));
	report_jadd(o, "min", report_json_number(report_us(s->min)));
	report_jadd(o, "max", report_json_number(report_us(s->max)));
	report_jadd(o, "p50", report_json_number(report_us(s->p50)));
	report_jadd(o, "p90", report_json_number(report_us(s->p90)));
	report_jadd(o, "p95", report_json_number(report_us(s->p95)));
	report_jadd(o, "p99", report_json_number(report_us(s->p99)));
	report_jadd(o, "pooled_mean", report_json_number(report_us(s->mean)));
	report_jadd(o, "samples", json_object_new_int64((int64_t)s->nsamples));
	json_object *tr = json_object_new_array(), *v = json_object_new_array();
	for (size_t i = 0; i < s->ntrials; i++) {
		json_object_array_add(tr, json_object_new_int(s->trial_numbers[i]));
		json_object_array_add(v, report_json_number(report_us(s->stat_values[i])));
	}
	report_jadd(o, "trial_numbers", tr);
	report_jadd(o, "stat_values", v);
	return o;
}

/* The JSON document of a comparison. */
json_object *report_compare_json(const st_comparison *c, const char *path_a, const char *path_b)
{
	const st_opts *o = &c->opts;
	json_object *doc = json_object_new_object();
	report_jadd(doc, "a", json_object_new_string(c->label_a));
	report_jadd(doc, "b", json_object_new_string(c->label_b));
	report_jadd(doc, "a_file", json_object_new_string(path_a));
	report_jadd(doc, "b_file", json_object_new_string(path_b));
	report_jadd(doc, "unit", json_object_new_string("us"));
	report_jadd(doc, "stat", json_object_new_string(st_stat_name(o->stat)));
	report_jadd(doc, "test", json_object_new_string(st_test_name(o->test)));
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
		report_jadd(jr, "a", side_json(&r->a));
		report_jadd(jr, "b", side_json(&r->b));
		report_jadd(jr, "diff", report_json_number(report_us(r->diff)));
		report_jadd(jr, "diff_pct", r->has_diff_pct ? report_json_number(r->diff_pct) : NULL);
		int ran = t->status == ST_HT_DONE || t->status == ST_HT_NO_DIFFERENCE;
		json_object *stat = ran ? report_json_number(t->statistic) : NULL;
		report_jadd(jr, "t", has_df_column(o->test) && stat ? json_object_get(stat) : NULL);
		report_jadd(jr, "statistic", stat);
		report_jadd(jr, "df", t->has_df ? report_json_number(t->df) : NULL);
		report_jadd(jr, "p", t->has_p ? report_json_number(t->p) : NULL);
		report_jadd(jr, "p_adjusted", r->has_p_adj ? report_json_number(r->p_adj) : NULL);
		report_jadd(jr, "significant", json_object_new_boolean(r->significant));
		if (o->test == ST_HT_WILCOXON || o->test == ST_HT_MANN_WHITNEY)
			report_jadd(jr, "exact", t->has_p ? json_object_new_boolean(t->exact) : NULL);
		if (t->has_ci) {
			json_object *ci = json_object_new_array();
			json_object_array_add(ci, report_json_number(report_us(t->ci_lo)));
			json_object_array_add(ci, report_json_number(report_us(t->ci_hi)));
			report_jadd(jr, "ci", ci);
		} else {
			report_jadd(jr, "ci", NULL);
		}
		report_jadd(jr, "reason", t->reason[0] ? json_object_new_string(t->reason) : NULL);
		report_jadd(jr, "unpaired", st_test_is_paired(o->test) ? json_object_new_int64((int64_t)r->unpaired) : NULL);
		report_jadd(jr, "paired_by", st_test_is_paired(o->test) ? json_object_new_string(r->by_round ? "round" : "place") : NULL);
		report_verdict_json(jr, r);
		json_object_array_add(rows, jr);
	}
	report_jadd(doc, "rows", rows);
	json_object *sk = json_object_new_array();
	for (size_t i = 0; i < c->nskipped; i++) {
		const st_skipped *s = &c->skipped[i];
		json_object *js = json_object_new_object();
		report_jadd(js, "benchmark", json_object_new_string(s->benchmark));
		report_jadd(js, "op", json_object_new_string(s->op));
		report_jadd(js, "size", json_object_new_int64((int64_t)s->size));
		char side[2] = {s->side, '\0'};
		report_jadd(js, "only_in", json_object_new_string(side));
		json_object_array_add(sk, js);
	}
	report_jadd(doc, "skipped", sk);
	return doc;
}

/* Which of side_pcts to show: the --percentiles among them (all by default). */
static int pick_pcts(const report_common *com, int show[NSIDE_PCTS])
{
	for (size_t k = 0; k < NSIDE_PCTS; k++)
		show[k] = !com->pct_set;
	for (size_t i = 0; com->pct_set && i < com->npct; i++) {
		size_t k = 0;
		while (k < NSIDE_PCTS && side_pcts[k] != com->pct[i])
			k++;
		if (k == NSIDE_PCTS)
			return report_usage("compare", "--percentiles: compare reports the pooled p50, p90, p95 and p99 only (not %g)",
					    com->pct[i]);
		show[k] = 1;
	}
	return 0;
}

/* Whether A or B holds per-run averages (imported summaries). */
static int per_run_data;

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
		report_table_note(t, "* %s-adjusted p < %g over %zu test%s (%s test on the trial %s, B minus A)",
				  st_adjust_name(o->adjust), o->alpha, c->ntested,
				  c->ntested == 1 ? "" : "s", st_test_name(o->test),
				  st_stat_name(o->stat));
	if (c->by_round)
		report_table_note(t, "trials paired by the sweep round they record, not by their place in the file");
	else if (st_test_is_paired(o->test))
		report_table_note(t, "trials paired by their place in the file (they record no sweep round, or --pair place)");
	report_table_note(t, "effect: Hodges-Lehmann shift B minus A in us, B/A: ratio, each with its %g%% interval; verdict against a threshold of %g%%",
			  100.0 * o->level, o->threshold_pct);
}

/* The CSV of a comparison: one line per size. */
static report_table *csv_table(const st_comparison *c, const int show[NSIDE_PCTS])
{
	size_t ncols = 3 + 2 * (5 + NSIDE_PCTS) + 11 + 9, col = 0;
	report_table *t = report_table_create(NULL, ncols);
	if (!t)
		return NULL;
	static const char *const keys[] = {"benchmark", "op", "size"};
	for (size_t k = 0; k < 3; k++)
		report_table_column(t, col++, keys[k], NULL, 0);
	for (int s = 0; s < 2; s++) {
		char name[32];
		static const char *const side_keys[] = {"n", "mean", "sd", "min", "max"};
		for (size_t k = 0; k < 5; k++) {
			snprintf(name, sizeof name, "%c_%s", "ab"[s], side_keys[k]);
			report_table_column(t, col++, name, NULL, 0);
		}
		for (size_t k = 0; k < NSIDE_PCTS; k++) {
			snprintf(name, sizeof name, "%c_p%g", "ab"[s], side_pcts[k]);
			report_table_column(t, col++, name, NULL, show[k] ? 0 : REPORT_COL_NO_CSV);
		}
	}
	static const char *const tail[] = {"diff", "diff_pct", "test", "statistic", "df",
					   "p", "p_adjusted", "significant", "ci_low", "ci_high"};
	for (size_t k = 0; k < 10; k++)
		report_table_column(t, col++, tail[k], NULL, 0);
	static const char *const verdict_cols[] = {"pairs", "p_min", "effect", "effect_low",
						   "effect_high", "ratio", "ratio_low",
						   "ratio_high", "verdict"};
	for (size_t k = 0; k < 9; k++)
		report_table_column(t, col++, verdict_cols[k], NULL, 0);
	/* Why a row has no test (or p = 1 without one). */
	report_table_column(t, col++, "note", NULL, 0);
	for (size_t i = 0; i < c->nrows; i++) {
		const st_compare_row *r = &c->rows[i];
		const st_test_result *tr = &r->test;
		size_t row = report_table_add_row(t);
		if (row == (size_t)-1) {
			report_table_destroy(t);
			return NULL;
		}
		col = 0;
		report_table_text(t, row, col++, r->benchmark);
		report_table_text(t, row, col++, r->op);
		report_table_int(t, row, col++, (long long)r->size);
		for (int s = 0; s < 2; s++) {
			const st_side *sd = s ? &r->b : &r->a;
			report_table_int(t, row, col++, (long long)sd->ntrials);
			report_table_num(t, row, col++, report_us(sd->stat_mean), 3);
			report_table_num(t, row, col++, report_us(sd->stat_sd), 3);
			report_table_num(t, row, col++, report_us(sd->min), 3);
			report_table_num(t, row, col++, report_us(sd->max), 3);
			for (size_t k = 0; k < NSIDE_PCTS; k++)
				report_table_num(t, row, col++, report_us(side_pct(sd, k)), 3);
		}
		report_table_num(t, row, col++, report_us(r->diff), 3);
		if (r->has_diff_pct)
			report_table_num(t, row, col, r->diff_pct, 2);
		col++;
		report_table_text(t, row, col++, st_test_name(tr->kind));
		if (tr->status == ST_HT_DONE || tr->status == ST_HT_NO_DIFFERENCE)
			report_table_num(t, row, col, tr->statistic, 4);
		col++;
		if (tr->has_df)
			report_table_num(t, row, col, tr->df, 2);
		col++;
		if (tr->has_p)
			report_table_pvalue(t, row, col, tr->p);
		col++;
		if (r->has_p_adj)
			report_table_pvalue(t, row, col, r->p_adj);
		col++;
		report_table_text(t, row, col++, r->significant ? "1" : "0");
		if (tr->has_ci) {
			report_table_num(t, row, col, report_us(tr->ci_lo), 3);
			report_table_num(t, row, col + 1, report_us(tr->ci_hi), 3);
		}
		col += 2;
		report_table_int(t, row, col++, (long long)r->npairs);
		if (tr->has_p)
			report_table_pvalue(t, row, col, tr->p_min);
		col++;
		const st_effect *ef[2] = {&r->effect, &r->ratio};
		for (int k = 0; k < 2; k++) {
			double f[3] = {ef[k]->estimate, ef[k]->lo, ef[k]->hi};
			for (int m = 0; m < 3; m++, col++)
				if (ef[k]->valid && (m == 0 || ef[k]->has_ci))
					report_table_num(t, row, col, k ? f[m] : report_us(f[m]), k ? 6 : 3);
		}
		report_table_text(t, row, col++, st_verdict_word(r->verdict, r->higher_is_better));
		report_table_text(t, row, col++, tr->reason);
	}
	return t;
}

/* The display table of the rows [from, to) of c (one group): two lines per
 * size, A above B, the test on the first. */
static report_table *display_table(const st_comparison *c, size_t from, size_t to,
				   const int show[NSIDE_PCTS])
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

	int df_col = has_df_column(o->test), adj_col = o->adjust != ST_ADJ_NONE;
	size_t npcts = 0;
	for (size_t k = 0; k < NSIDE_PCTS; k++)
		npcts += show[k] != 0;
	int pairs_col = st_test_is_paired(o->test);
	size_t ncols = 6 + npcts + 2 + 2 + (size_t)df_col + 1 + (size_t)adj_col + 1 +
		       (size_t)pairs_col + 3;
	report_table *t = report_table_create(title, ncols);
	free(title);
	if (!t)
		return NULL;
	char name[64];
	size_t col = 0;
	report_table_column(t, col++, "size", NULL, 0);
	report_table_column(t, col++, "", NULL, REPORT_COL_LEFT);
	report_table_column(t, col++, "label", NULL, REPORT_COL_LEFT);
	report_table_column(t, col++, "trials", NULL, 0);
	snprintf(name, sizeof name, "trial %s", st_stat_name(o->stat));
	report_table_column(t, col++, name, NULL, 0);
	report_table_column(t, col++, "sd", NULL, 0);
	for (size_t k = 0; k < NSIDE_PCTS; k++)
		if (show[k]) {
			snprintf(name, sizeof name, "p%g", side_pcts[k]);
			report_table_column(t, col++, name, NULL, 0);
		}
	report_table_column(t, col++, "min", NULL, 0);
	report_table_column(t, col++, "max", NULL, 0);
	report_table_column(t, col++, "diff %", NULL, 0);
	report_table_column(t, col++, stat_symbol(o->test), NULL, 0);
	if (df_col)
		report_table_column(t, col++, "df", NULL, 0);
	report_table_column(t, col++, "p", NULL, 0);
	if (adj_col)
		report_table_column(t, col++, "p adj", NULL, 0);
	report_table_column(t, col++, "sig", NULL, REPORT_COL_LEFT);
	if (pairs_col)
		report_table_column(t, col++, "pairs", NULL, 0);
	report_table_column(t, col++, "effect [CI]", NULL, 0);
	report_table_column(t, col++, "B/A [CI]", NULL, 0);
	report_table_column(t, col++, "verdict", NULL, REPORT_COL_LEFT);

	for (size_t i = from; i < to; i++) {
		const st_compare_row *r = &c->rows[i];
		const st_test_result *tr = &r->test;
		for (int s = 0; s < 2; s++) {
			const st_side *sd = s ? &r->b : &r->a;
			size_t row = report_table_add_row(t);
			if (row == (size_t)-1) {
				report_table_destroy(t);
				return NULL;
			}
			if (r->significant)
				report_table_emphasize(t, row);
			col = 0;
			if (s == 0)
				report_table_int(t, row, col, (long long)r->size);
			else
				report_table_text(t, row, col, "");
			col++;
			report_table_text(t, row, col++, s ? "B" : "A");
			report_table_text(t, row, col++, s ? c->label_b : c->label_a);
			report_table_int(t, row, col++, (long long)sd->ntrials);
			report_table_num(t, row, col++, report_us(sd->stat_mean), 3);
			report_table_num(t, row, col++, report_us(sd->stat_sd), 3);
			for (size_t k = 0; k < NSIDE_PCTS; k++)
				if (show[k])
					report_table_num(t, row, col++, report_us(side_pct(sd, k)), 3);
			report_table_num(t, row, col++, report_us(sd->min), 3);
			report_table_num(t, row, col++, report_us(sd->max), 3);
			size_t last = ncols;
			if (s == 1) {
				for (; col < last; col++)
					report_table_text(t, row, col, "");
				continue;
			}
			if (r->has_diff_pct)
				report_table_signed(t, row, col, r->diff_pct, 1);
			col++;
			int ran = tr->status == ST_HT_DONE || tr->status == ST_HT_NO_DIFFERENCE;
			if (ran)
				report_table_num(t, row, col,
						 tr->statistic,
						 df_col ? 4 : auto_decimals(tr->statistic, 1));
			col++;
			if (df_col) {
				if (tr->has_df)
					report_table_num(t, row, col, tr->df, auto_decimals(tr->df, 2));
				col++;
			}
			if (tr->has_p)
				report_table_pvalue(t, row, col, tr->p);
			col++;
			if (adj_col) {
				if (r->has_p_adj)
					report_table_pvalue(t, row, col, r->p_adj);
				col++;
			}
			report_table_text(t, row, col++, r->significant ? "*" : "");
			char eb[96];
			if (pairs_col)
				report_table_int(t, row, col++, (long long)r->npairs);
			report_effect_text(&r->effect, 0, eb, sizeof eb);
			report_table_text(t, row, col++, eb);
			report_effect_text(&r->ratio, 1, eb, sizeof eb);
			report_table_text(t, row, col++, eb);
			report_table_text(t, row, col++,
					  st_verdict_word(r->verdict, r->higher_is_better));
		}
		if (tr->reason[0])
			report_table_note(t, "size %llu: %s", (unsigned long long)r->size, tr->reason);
		for (size_t k = 0; k < r->ndiag; k++)
			report_table_note(t, "size %llu: %s", (unsigned long long)r->size, r->diag[k]);
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
	snprintf(title, sizeof title, "setup: the recorded settings that differ between A (%s) and B (%s)",
		 c->label_a, c->label_b);
	report_table *t = report_table_create(title, 3);
	if (!t)
		return NULL;
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
			    const report_common *com, const char *pa, const char *pb)
{
	int show[NSIDE_PCTS];
	if (pick_pcts(com, show))
		return REPORT_EXIT_USAGE;
	if (com->format == REPORT_JSON) {
		json_object *doc = json_object_new_object();
		report_jadd(doc, "command", json_object_new_string("compare"));
		json_object *body = report_compare_json(c, pa, pb);
		json_object_object_foreach(body, k, v) report_jadd(doc, k, json_object_get(v));
		json_object_put(body);
		report_jadd(doc, "setup_differences", setup_json(sd));
		int rc = report_json_print(doc, stdout);
		json_object_put(doc);
		return rc ? REPORT_EXIT_DATA : 0;
	}
	for (size_t i = 0; i < c->nwarnings; i++)
		report_warning("%s", c->warnings[i]);
	if (com->format == REPORT_CSV) {
		report_table *t = csv_table(c, show);
		if (!t) {
			report_error("out of memory");
			return REPORT_EXIT_DATA;
		}
		report_table_render(t, REPORT_CSV, stdout);
		report_table_destroy(t);
		/* What the notes say below a display table goes to stderr. */
		for (size_t i = 0; i < c->nrows; i++) {
			if (c->rows[i].test.reason[0])
				report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
					       c->rows[i].test.reason);
			for (size_t k = 0; k < c->rows[i].ndiag; k++)
				report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
					       c->rows[i].diag[k]);
		}
		for (size_t i = 0; i < c->nskipped; i++)
			report_warning("skipped: size %llu only in %c (%s)",
				       (unsigned long long)c->skipped[i].size, c->skipped[i].side,
				       c->skipped[i].side == 'A' ? c->label_a : c->label_b);
		if (sd->nrows)
			report_warning("A (%s) and B (%s) differ in %zu recorded settings (--format text or json lists them)",
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
		report_table_render(t, com->format, stdout);
		report_table_destroy(t);
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
		REPORT_HELP_LEVEL REPORT_HELP_PAIR REPORT_HELP_THRESHOLD REPORT_HELP_MAX_SAMPLES
		REPORT_HELP_FORCE
	"  --format FMT          text (default), csv, markdown, latex or json\n"
	"  --percentiles LIST    pooled percentiles to show, among 50,90,95,99 (default all)\n"
	"  --threads N           use at most N threads (default: every core)\n"
	"  -h, --help            show this help and exit\n";

/* sriovstat compare. */
int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPORT_COMMON_LONGOPTS,	   REPORT_LONGOPT_STAT,	       REPORT_LONGOPT_TEST,
		REPORT_LONGOPT_ADJUST,	   REPORT_LONGOPT_ALPHA,       REPORT_LONGOPT_LEVEL,
		REPORT_LONGOPT_MAX_SAMPLES, REPORT_LONGOPT_FORCE,	REPORT_LONGOPT_PAIR,
		REPORT_LONGOPT_THRESHOLD,   {NULL, 0, NULL, 0},
	};
	report_common com;
	st_opts opts;
	int c, r;
	report_common_init(&com);
	st_opts_init(&opts);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(compare_help, stdout);
			return REPORT_EXIT_OK;
		}
		if ((r = report_common_option(&com, "compare", c, optarg)) == 0)
			r = report_analysis_option(&opts, "compare", c, optarg);
		if (r == 1)
			continue;
		return r ? r : report_getopt_error("compare", c, argv);
	}
	if (argc - optind != 2)
		return report_usage("compare", "expected two trial files (A and B), got %d",
				    argc - optind);
	int show[NSIDE_PCTS];
	if (pick_pcts(&com, show))
		return REPORT_EXIT_USAGE;

	trial_file *tf[2];
	if (report_load_all(argv + optind, 2, opts.use_max ? 0 : TRIAL_READ_NO_MAX, tf))
		return REPORT_EXIT_DATA;
	report_warn_incomplete(tf[0]);
	report_warn_incomplete(tf[1]);
	per_run_data = import_file_per_run(tf[0]) || import_file_per_run(tf[1]);
	st_comparison *cmp = NULL;
	st_setup_diff *sd = NULL;
	st_err err = {0};
	int rc;
	if (st_compare(tf[0], tf[1], &opts, &cmp, &err) < 0 ||
	    st_setup_diff_compute(tf[0], tf[1], &sd, &err) < 0) {
		report_error("%s", err.msg);
		rc = REPORT_EXIT_DATA;
	} else {
		rc = print_comparison(cmp, sd, &com, argv[optind], argv[optind + 1]);
	}
	st_setup_diff_destroy(sd);
	st_comparison_destroy(cmp);
	report_free_all(tf, 2);
	return rc;
}
