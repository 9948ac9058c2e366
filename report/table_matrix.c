/* SPDX-License-Identifier: BSD-3-Clause */
/* table_matrix.c: sriovstat table --kind matrix FILE...: the test of every
 * pair of configurations (or of each against --baseline), per size, with the
 * p-values adjusted across the whole family (every pair and size of the
 * output; Holm unless --adjust says otherwise), significance marks, and
 * optionally the effect (B minus A) with its confidence interval. Sizes down,
 * pairs across, as the papers' p-value tables. The family of R's
 * pairwise.t.test(x, g, paired = TRUE, p.adjust.method = "holm") is the pairs
 * of one size: the same numbers when the files hold one size. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"

/* Most files one matrix takes. */
#define MATRIX_MAX_FILES 16

/* The significance mark of an adjusted p at level alpha. */
static const char *mark(double p, double alpha)
{
	if (!(p < alpha))
		return "";
	return p < 0.001 ? "***" : p < 0.01 ? "**" : "*";
}

typedef struct mpair {
	size_t a, b; /* indices of A and B (B minus A) */
	st_comparison *cmp;
	char name[160];
} mpair;

/* Find the row of c for (benchmark, op, size), or NULL. */
static st_compare_row *row_of(st_comparison *c, const char *bench, const char *op, uint64_t size)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].size == size && strcmp(c->rows[i].benchmark, bench) == 0 &&
		    strcmp(c->rows[i].op, op) == 0)
			return &c->rows[i];
	return NULL;
}

/* Adjust every p of every pair as one family; 0 or -1 (message printed). */
static int adjust_family(mpair *pr, size_t np, const st_opts *o, size_t *ntested)
{
	size_t n = 0;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < pr[p].cmp->nrows; i++)
			n += pr[p].cmp->rows[i].test.has_p != 0;
	*ntested = n;
	if (n == 0)
		return 0;
	double *pv = malloc(n * sizeof *pv), *adj = malloc(n * sizeof *adj);
	st_err err = {0};
	int rc = -1;
	if (!pv || !adj) {
		report_error("out of memory");
		goto out;
	}
	size_t k = 0;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < pr[p].cmp->nrows; i++)
			if (pr[p].cmp->rows[i].test.has_p)
				pv[k++] = pr[p].cmp->rows[i].test.p;
	if (st_p_adjust(o->adjust, pv, n, adj, &err) < 0) {
		report_error("%s", err.msg);
		goto out;
	}
	k = 0;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < pr[p].cmp->nrows; i++) {
			st_compare_row *r = &pr[p].cmp->rows[i];
			if (!r->test.has_p)
				continue;
			r->has_p_adj = 1;
			r->p_adj = adj[k++];
			r->significant = r->p_adj < o->alpha;
		}
	rc = 0;
out:
	free(pv);
	free(adj);
	return rc;
}

/* The columns of the tidy CSV: one row per size and pair. */
static const char *const csv_keys[] = {
	"benchmark", "op",         "size",        "a",       "b",          "a_mean",
	"b_mean",    "diff",       "ci_low",      "ci_high", "statistic",  "df",
	"p",         "p_adjusted", "significant", "effect",  "effect_low", "effect_high",
	"ratio",     "ratio_low",  "ratio_high",  "note"};

/* An empty table with the tidy CSV's columns; NULL when out of memory. */
static report_table *csv_skeleton(void)
{
	report_table *t = report_table_create(NULL, 0);
	for (size_t c = 0; t && c < sizeof csv_keys / sizeof *csv_keys; c++)
		if (report_table_add_column(t, csv_keys[c], NULL, 0) == (size_t)-1) {
			report_table_destroy(t);
			t = NULL;
		}
	return t;
}

/* The JSON row of r (the pair a vs b), with the CSV's keys. */
static json_object *row_json(const st_compare_row *r, const char *a, const char *b)
{
	const st_test_result *t = &r->test;
	json_object *j = report_key_json(r->benchmark, r->op, r->size);
	report_jadd(j, "a", json_object_new_string(a));
	report_jadd(j, "b", json_object_new_string(b));
	report_jadd(j, "a_mean", report_json_number(report_us_full(r->a.stat_mean)));
	report_jadd(j, "b_mean", report_json_number(report_us_full(r->b.stat_mean)));
	report_jadd(j, "diff", report_json_number(report_us_full(r->diff)));
	report_jadd(j, "ci_low", t->has_ci ? report_json_number(report_us_full(t->ci_lo)) : NULL);
	report_jadd(j, "ci_high", t->has_ci ? report_json_number(report_us_full(t->ci_hi)) : NULL);
	report_jadd(j, "p", t->has_p ? report_json_number(t->p) : NULL);
	report_jadd(j, "p_adjusted", r->has_p_adj ? report_json_number(r->p_adj) : NULL);
	report_jadd(j, "significant", json_object_new_boolean(r->significant));
	const st_effect *ef[2] = {&r->effect, &r->ratio};
	for (int k = 0; k < 2; k++) {
		double f[3] = {ef[k]->estimate, ef[k]->lo, ef[k]->hi};
		for (int m = 0; m < 3; m++) {
			int has = ef[k]->valid && (m == 0 || ef[k]->has_ci);
			report_jadd(j, csv_keys[15 + 3 * k + m],
				    has ? report_json_number(k ? f[m] : report_us_full(f[m]))
					: NULL);
		}
	}
	report_jadd(j, "note", json_object_new_string(r->test.reason));
	return j;
}

/* The tidy CSV (or JSON lines of the same) of the matrix: one row per size and pair. */
static int matrix_csv(mpair *pr, size_t np, trial_file **tf, const st_opts *o, int json)
{
	report_table *t = json ? NULL : csv_skeleton();
	json_object *doc = NULL, *rows = NULL;
	if (json) {
		doc = report_table_json_doc("matrix", o);
		rows = json_object_new_array();
		report_jadd(doc, "level", report_json_number(o->level));
	} else if (!t) {
		return REPORT_EXIT_DATA;
	}
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < pr[p].cmp->nrows; i++) {
			const st_compare_row *r = &pr[p].cmp->rows[i];
			if (json) {
				json_object_array_add(
					rows, row_json(r, tf[pr[p].a]->label, tf[pr[p].b]->label));
				continue;
			}
			if (report_key_row(t, r->benchmark, r->op, r->size) < 0)
				break;
			int has_p = r->test.has_p, has_ci = r->test.has_ci;
			report_cell_text(t, tf[pr[p].a]->label);
			report_cell_text(t, tf[pr[p].b]->label);
			report_cell_num(t, report_us(r->a.stat_mean), 6);
			report_cell_num(t, report_us(r->b.stat_mean), 6);
			report_cell_num(t, report_us(r->diff), 6);
			report_cell_num(t, has_ci ? report_us(r->test.ci_lo) : NAN, 6);
			report_cell_num(t, has_ci ? report_us(r->test.ci_hi) : NAN, 6);
			report_cell_pvalue(t, has_p ? r->test.statistic : NAN);
			report_cell_pvalue(t, has_p && r->test.has_df ? r->test.df : NAN);
			report_cell_pvalue(t, has_p ? r->test.p : NAN);
			report_cell_pvalue(t, has_p ? r->p_adj : NAN);
			report_cell_int(t, r->significant);
			report_effect_cells(t, r, 0);
			report_cell_text(t, r->test.reason);
		}
	int rc;
	if (json) {
		report_jadd(doc, "rows", rows);
		rc = report_json_print(doc, stdout) ? REPORT_EXIT_DATA : 0;
		json_object_put(doc);
	} else {
		rc = report_table_render(t, REPORT_CSV, stdout);
		rc = rc == -2 ? REPORT_EXIT_USAGE : rc ? REPORT_EXIT_DATA : 0;
		report_table_destroy(t);
	}
	return rc;
}

/* Append a display column showing the CSV keys, in block; 0 or -1. */
static int keyed_column(report_table *t, const char *name, const char *const *keys, size_t n,
			unsigned block)
{
	size_t c = report_table_add_column(t, name, NULL, 0);
	if (c == (size_t)-1 || report_table_column_keys(t, c, keys, n) < 0)
		return -1;
	report_table_column_block(t, c, block);
	return 0;
}

/* An empty display table: size, with means each file's mean, then per pair
 * its p (with effect its shift and ratio with their intervals), each named
 * for --columns by the CSV keys it shows. NULL when out of memory. */
static report_table *matrix_table(const char *title, const mpair *pr, size_t np, trial_file **tf,
				  size_t nf, unsigned flags)
{
	static const char *const size_key[] = {"size"}, *const mean_keys[] = {"a_mean", "b_mean"},
				 *const p_keys[] = {"p_adjusted", "p", "significant"};
	report_table *t = report_table_create(title, 0);
	report_table *csv = csv_skeleton();
	int bad = !t || !csv || report_table_know_all(t, csv) < 0 ||
		  keyed_column(t, "size", size_key, 1, 0) < 0;
	report_table_destroy(csv);
	for (size_t f = 0; f < nf && (flags & REPORT_MATRIX_MEANS) && !bad; f++)
		bad = keyed_column(t, tf[f]->label, mean_keys, 2, 0) < 0;
	for (size_t p = 0; p < np && !bad; p++) {
		unsigned block = (unsigned)p + 1;
		bad = keyed_column(t, pr[p].name, p_keys, 3, block) < 0;
		if ((flags & REPORT_MATRIX_EFFECT) && !bad)
			bad = keyed_column(t, "effect [CI]", csv_keys + 15, 3, block) < 0 ||
			      keyed_column(t, "B/A [CI]", csv_keys + 18, 3, block) < 0;
	}
	if (bad) {
		report_table_destroy(t);
		return NULL;
	}
	return t;
}

/* File f's mean over trials of the trial statistic at (bench, op, size),
 * from any pair that holds it; NAN when none does. */
static double file_mean(const mpair *pr, size_t np, size_t f, const char *bench, const char *op,
			uint64_t size)
{
	for (size_t p = 0; p < np; p++) {
		if (pr[p].a != f && pr[p].b != f)
			continue;
		const st_compare_row *r = row_of(pr[p].cmp, bench, op, size);
		if (r)
			return report_us(pr[p].a == f ? r->a.stat_mean : r->b.stat_mean);
	}
	return NAN;
}

/* The display row of size: with means each file's mean, then each pair's
 * marked p (with effect its shift and ratio); a pair's reason as a note;
 * *missing when a pair lacks the size. 0, or -1 when out of memory. */
static int matrix_row(report_table *t, const mpair *pr, size_t np, size_t nf, const char *bench,
		      const char *op, uint64_t size, const report_common *com, const st_opts *o,
		      unsigned flags, int *missing)
{
	int effect = (flags & REPORT_MATRIX_EFFECT) != 0;
	if (report_table_add_row(t) == (size_t)-1)
		return -1;
	report_cell_int(t, (long long)size);
	for (size_t f = 0; f < nf && (flags & REPORT_MATRIX_MEANS); f++)
		report_cell_num(t, file_mean(pr, np, f, bench, op, size), 3);
	for (size_t p = 0; p < np; p++) {
		const st_compare_row *r = row_of(pr[p].cmp, bench, op, size);
		char cell[64], pt[32];
		if (!r) {
			*missing = 1;
			for (int k = 0; k < (effect ? 3 : 1); k++)
				report_cell_skip(t);
			continue;
		}
		if (r->has_p_adj)
			snprintf(cell, sizeof cell, "%s%s%s",
				 report_p_text(r->p_adj, com->format, pt, sizeof pt),
				 *mark(r->p_adj, o->alpha) ? " " : "", mark(r->p_adj, o->alpha));
		report_cell_text(t, r->has_p_adj ? cell : NULL);
		if (r->test.reason[0])
			report_table_note(t, "%s, size %llu: %s", pr[p].name,
					  (unsigned long long)size, r->test.reason);
		char eb[96];
		for (int k = 0; effect && k < 2; k++) {
			report_effect_text(k ? &r->ratio : &r->effect, k, eb, sizeof eb);
			report_cell_text(t, eb[0] ? eb : NULL);
		}
	}
	return 0;
}

/* The display tables (text, Markdown, LaTeX): one per (benchmark, op). */
static int matrix_display(mpair *pr, size_t np, trial_file **tf, size_t nf,
			  const report_common *com, const st_opts *o, size_t ntested,
			  unsigned flags, int per_run)
{
	const st_comparison *c0 = pr[0].cmp;
	int first = 1;
	for (size_t i = 0; i < c0->nrows;) {
		const char *bench = c0->rows[i].benchmark, *op = c0->rows[i].op;
		size_t j = i;
		while (j < c0->nrows && strcmp(c0->rows[j].benchmark, bench) == 0 &&
		       strcmp(c0->rows[j].op, op) == 0)
			j++;
		char g[256], *title = NULL;
		report_group_name(bench, op, g, sizeof g);
		if (asprintf(&title, "%s: %s%s test on the trial %s%s, B minus A", g,
			     o->adjust == ST_ADJ_HOLM ? "Holm-adjusted p, "
			     : o->adjust == ST_ADJ_BH ? "BH-adjusted p, "
						      : "p, ",
			     st_test_name(o->test), st_stat_name(o->stat),
			     REPORT_MAX_NOTE(o->use_max)) < 0)
			return REPORT_EXIT_DATA;
		report_table *t = matrix_table(title, pr, np, tf, nf, flags);
		free(title);
		if (!t)
			return REPORT_EXIT_DATA;
		int missing = 0;
		for (size_t k = i; k < j; k++)
			if (matrix_row(t, pr, np, nf, bench, op, c0->rows[k].size, com, o, flags,
				       &missing) < 0)
				break;
		if (o->adjust != ST_ADJ_NONE)
			report_table_note(
				t,
				"p %s-adjusted over all %zu tests of this output (every pair and size)",
				o->adjust == ST_ADJ_HOLM ? "Holm" : "Benjamini-Hochberg", ntested);
		report_table_note(t, "* p < %g, ** p < 0.01, *** p < 0.001%s", o->alpha,
				  o->adjust != ST_ADJ_NONE ? " (adjusted p)" : "");
		if (flags & REPORT_MATRIX_MEANS)
			report_table_note(
				t, "under each label: its mean over trials of the trial %s, us",
				st_stat_name(o->stat));
		if (flags & REPORT_MATRIX_EFFECT)
			report_effect_note(t, o);
		if (missing)
			report_table_note(t, "-: size not in both files of the pair");
		if (per_run)
			report_table_note(t, "%s", IMPORT_PER_RUN_NOTE);
		report_group_table_done(t, first, com->format);
		first = 0;
		i = j;
	}
	return 0;
}

int report_table_matrix(char **paths, size_t n, const char *baseline, unsigned flags,
			const report_common *com, const st_opts *opts)
{
	if (n < 2)
		return report_usage("table",
				    "--kind matrix needs at least two trial files, got %zu", n);
	if (n > MATRIX_MAX_FILES)
		return report_usage("table", "--kind matrix takes at most %d files",
				    MATRIX_MAX_FILES);
	trial_file *tf[MATRIX_MAX_FILES] = {0};
	mpair pr[MATRIX_MAX_FILES * (MATRIX_MAX_FILES - 1) / 2];
	size_t np = 0, ntested = 0;
	st_opts po = *opts;
	po.adjust = ST_ADJ_NONE; /* adjusted below, over the whole family */
	int rc = report_load_all(paths, n, opts->use_max ? 0 : TRIAL_READ_NO_MAX, tf);
	if (rc)
		return rc;
	if ((rc = report_unique_labels(tf, n)) != 0)
		goto out;
	rc = REPORT_EXIT_DATA;
	size_t base = n;
	if (baseline) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(tf[i]->label, baseline) == 0)
				base = i;
		if (base == n) {
			char list[512] = "";
			for (size_t i = 0; i < n; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
					 i ? ", " : "", tf[i]->label);
			report_error("--baseline %s: no file has that label (labels: %s)", baseline,
				     list);
			goto out;
		}
	}
	int per_run = 0;
	for (size_t i = 0; i < n; i++)
		per_run |= import_file_per_run(tf[i]);
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			size_t A = a, B = b;
			if (baseline) {
				if (a != base && b != base)
					continue;
				A = base;
				B = a == base ? b : a;
			}
			st_err err = {0};
			pr[np].a = A;
			pr[np].b = B;
			pr[np].cmp = NULL;
			snprintf(pr[np].name, sizeof pr[np].name, "%s vs %s", tf[B]->label,
				 tf[A]->label);
			if (st_compare(tf[A], tf[B], &po, &pr[np].cmp, &err) < 0) {
				report_error("%s", err.msg);
				goto out;
			}
			np++;
		}
	if (adjust_family(pr, np, opts, &ntested) < 0)
		goto out;
	if (com->format == REPORT_CSV || com->format == REPORT_JSON)
		rc = matrix_csv(pr, np, tf, opts, com->format == REPORT_JSON);
	else
		rc = matrix_display(pr, np, tf, n, com, opts, ntested, flags, per_run);
	if (rc == REPORT_EXIT_DATA)
		report_error("out of memory");
out:
	for (size_t p = 0; p < np; p++)
		st_comparison_destroy(pr[p].cmp);
	report_free_all(tf, n);
	return rc;
}
