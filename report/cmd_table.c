/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_table.c: sriovstat table --kind pvalues|tail: tables across several files.
 *
 * pvalues: the p-value of each pair (A1 B1 A2 B2 ...) per size, one column a
 * pair (the papers' Table V). tail: the pooled max and p99 of each file per
 * size (their Table VI). Numbers from st_compare and st_summarize. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"

/* Most pairs or files one table takes (column names are kept per pair). */
#define MAX_NAMES 64

/* A (benchmark, op, size) row key of the p-value table. */
typedef struct key {
	const char *benchmark, *op;
	uint64_t size;
} key;

/* Order keys: group in order of first appearance (grp), then size. */
typedef struct keyrow {
	key k;
	size_t grp;
} keyrow;

/* Compare keyrows for qsort. */
static int cmp_keyrow(const void *a, const void *b)
{
	const keyrow *x = a, *y = b;
	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	return (x->k.size > y->k.size) - (x->k.size < y->k.size);
}

/* The union of the rows of np comparisons, ordered. Returns the count or -1. */
static long pvalue_rows(st_comparison **cmp, size_t np, keyrow **out)
{
	keyrow *rows = NULL;
	size_t n = 0, ngrp = 0;
	const char **gb = NULL, **go = NULL;
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < cmp[p]->nrows; i++) {
			const st_compare_row *r = &cmp[p]->rows[i];
			size_t g = 0;
			while (g < ngrp && (strcmp(gb[g], r->benchmark) || strcmp(go[g], r->op)))
				g++;
			if (g == ngrp) {
				const char **b2 = realloc(gb, (ngrp + 1) * sizeof *b2);
				if (!b2)
					goto oom;
				gb = b2;
				const char **o2 = realloc(go, (ngrp + 1) * sizeof *o2);
				if (!o2)
					goto oom;
				go = o2;
				gb[ngrp] = r->benchmark;
				go[ngrp] = r->op;
				ngrp++;
			}
			size_t j = 0;
			while (j < n && !(rows[j].grp == g && rows[j].k.size == r->size))
				j++;
			if (j < n)
				continue;
			keyrow *r2 = realloc(rows, (n + 1) * sizeof *r2);
			if (!r2)
				goto oom;
			rows = r2;
			rows[n].k.benchmark = r->benchmark;
			rows[n].k.op = r->op;
			rows[n].k.size = r->size;
			rows[n].grp = g;
			n++;
		}
	qsort(rows, n, sizeof *rows, cmp_keyrow);
	free(gb);
	free(go);
	*out = rows;
	return (long)n;
oom:
	free(gb);
	free(go);
	free(rows);
	return -1;
}

/* The row of c for k, or NULL. */
static const st_compare_row *find_compare_row(const st_comparison *c, const key *k)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].size == k->size && strcmp(c->rows[i].benchmark, k->benchmark) == 0 &&
		    strcmp(c->rows[i].op, k->op) == 0)
			return &c->rows[i];
	return NULL;
}

/* Whether an input holds per-run averages (imported summaries). */
static int per_run_data;

/* The CSV keys of a pair's effect columns (after "NAME "). */
static const char *const effect_keys[] = {"effect", "effect_low", "effect_high",
					  "ratio",  "ratio_low",  "ratio_high"};

/* Append the effect columns of the pair named name: six CSV columns "NAME
 * effect" ... "NAME ratio_high", and the display columns "effect [CI]" and
 * "B/A [CI]" showing them (compare's). 0, or -1 when out of memory. */
static int effect_columns(report_table *t, const char *name)
{
	char keys[6][300];
	const char *k[6];
	for (int e = 0; e < 6; e++) {
		snprintf(keys[e], sizeof keys[e], "%s %s", name, effect_keys[e]);
		k[e] = keys[e];
		if (report_table_add_column(t, keys[e], NULL, REPORT_COL_CSV_ONLY) == (size_t)-1)
			return -1;
	}
	for (int e = 0; e < 2; e++) {
		size_t c = report_table_add_column(t, e ? "B/A [CI]" : "effect [CI]", NULL,
						   REPORT_COL_NO_CSV);
		if (c == (size_t)-1 || report_table_column_keys(t, c, k + 3 * e, 3) < 0)
			return -1;
	}
	return 0;
}

/* A table of row keys and one column per name (with effect, each name's
 * effect columns after it). NULL when out of memory. */
static report_table *labelled_table(const char *title, char *const *names, size_t n, int effect)
{
	report_table *t = report_key_table(title);
	for (size_t p = 0; t && p < n; p++)
		if (report_table_add_column(t, names[p], NULL, 0) == (size_t)-1 ||
		    (effect && effect_columns(t, names[p]) < 0)) {
			report_table_destroy(t);
			t = NULL;
		}
	return t;
}

/* Append the rows [i, j) (one group) of the p-value table: each pair's
 * adjusted p (and with effect its effect cells), its reasons as notes (CSV:
 * warnings); *missing when a pair lacks a size. 0, or -1 when out of memory. */
static int pvalue_group(report_table *t, const keyrow *rows, long i, long j, st_comparison **cmp,
			size_t np, char **names, int csv, int effect, int *missing)
{
	for (long r = i; r < j; r++) {
		if (report_key_row(t, rows[r].k.benchmark, rows[r].k.op, rows[r].k.size) < 0)
			return -1;
		for (size_t p = 0; p < np; p++) {
			const st_compare_row *cr = find_compare_row(cmp[p], &rows[r].k);
			if (!cr) {
				*missing = 1;
				for (int k = 0; k < (effect ? 9 : 1); k++)
					report_cell_skip(t);
				continue;
			}
			report_cell_pvalue(t, cr->has_p_adj ? cr->p_adj : NAN);
			if (effect)
				report_effect_cells(t, cr, 1);
			if (!cr->test.reason[0])
				continue;
			if (csv)
				report_warning("%s, size %llu: %s", names[p],
					       (unsigned long long)cr->size, cr->test.reason);
			else
				report_table_note(t, "%s, size %llu: %s", names[p],
						  (unsigned long long)cr->size, cr->test.reason);
		}
	}
	return 0;
}

/* The top of a table JSON document. */
json_object *report_table_json_doc(const char *kind, const st_opts *o)
{
	json_object *doc = json_object_new_object();
	report_jadd(doc, "command", json_object_new_string("table"));
	report_jadd(doc, "kind", json_object_new_string(kind));
	report_jadd(doc, "unit", json_object_new_string("us"));
	report_jadd(doc, "stat", json_object_new_string(st_stat_name(o->stat)));
	report_jadd(doc, "test", json_object_new_string(st_test_name(o->test)));
	report_jadd(doc, "adjust", json_object_new_string(st_adjust_name(o->adjust)));
	report_jadd(doc, "alpha", report_json_number(o->alpha));
	return doc;
}

/* Render the p-value table of np comparisons named names. */
static int print_pvalues(st_comparison **cmp, size_t np, char **names, char **paths,
			 const report_common *com, const st_opts *o, int effect)
{
	if (com->format == REPORT_JSON) {
		json_object *doc = report_table_json_doc("pvalues", o),
			    *pairs = json_object_new_array();
		for (size_t p = 0; p < np; p++) {
			json_object *body =
				report_compare_json(cmp[p], paths[2 * p], paths[2 * p + 1]);
			json_object *jp = json_object_new_object();
			report_jadd(jp, "name", json_object_new_string(names[p]));
			json_object_object_foreach(body, k, v)
				report_jadd(jp, k, json_object_get(v));
			json_object_put(body);
			json_object_array_add(pairs, jp);
		}
		report_jadd(doc, "pairs", pairs);
		int rc = report_json_print(doc, stdout);
		json_object_put(doc);
		return rc ? REPORT_EXIT_DATA : 0;
	}

	keyrow *rows = NULL;
	long nr = pvalue_rows(cmp, np, &rows);
	if (nr < 0) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	int csv = com->format == REPORT_CSV, rc = 0;
	report_table *t = NULL;
	for (long i = 0, j; i < nr && rc == 0; i = j) {
		for (j = i + 1; j < nr && rows[j].grp == rows[i].grp;)
			j++;
		if (!t) {
			char g[256], *title = NULL;
			report_group_name(rows[i].k.benchmark, rows[i].k.op, g, sizeof g);
			if (asprintf(&title, "%s: %sp-values of the %s test on the trial %s%s", g,
				     o->adjust == ST_ADJ_NONE   ? ""
				     : o->adjust == ST_ADJ_HOLM ? "Holm-adjusted "
								: "BH-adjusted ",
				     st_test_name(o->test), st_stat_name(o->stat),
				     REPORT_MAX_NOTE(o->use_max)) < 0) {
				rc = REPORT_EXIT_DATA;
				break;
			}
			t = labelled_table(csv ? NULL : title, names, np, effect);
			free(title);
			if (!t) {
				rc = REPORT_EXIT_DATA;
				break;
			}
		}
		int missing = 0;
		if (pvalue_group(t, rows, i, j, cmp, np, names, csv, effect, &missing) < 0)
			rc = REPORT_EXIT_DATA;
		if (csv)
			continue;
		if (effect)
			report_effect_note(t, o);
		if (missing)
			report_table_note(t, "-: size not in both files of the pair");
		if (per_run_data)
			report_table_note(t, "%s", IMPORT_PER_RUN_NOTE);
		report_group_table_done(t, i == 0, com->format);
		t = NULL;
	}
	if (t) {
		if (rc == 0)
			report_table_render(t, REPORT_CSV, stdout);
		report_table_destroy(t);
	}
	free(rows);
	if (rc)
		report_error("out of memory");
	return rc;
}

/* sriovstat table --kind pvalues A1 B1 [A2 B2 ...]. */
static int table_pvalues(char **paths, size_t n, char **names, size_t nnames, int effect,
			 const report_common *com, const st_opts *o)
{
	if (n < 2 || n % 2)
		return report_usage(
			"table",
			"--kind pvalues takes pairs of files (A1 B1 A2 B2 ...), got %zu file%s", n,
			n == 1 ? "" : "s");
	size_t np = n / 2;
	if (nnames && nnames != np)
		return report_usage("table", "%zu --name for %zu pairs", nnames, np);
	if (np > MAX_NAMES)
		return report_usage("table", "at most %d pairs", MAX_NAMES);
	st_comparison **cmp = calloc(np, sizeof *cmp);
	char *auto_names[MAX_NAMES] = {0};
	int rc = REPORT_EXIT_DATA;
	if (!cmp) {
		report_error("out of memory");
		return rc;
	}
	for (size_t p = 0; p < np; p++) {
		trial_file *tf[2];
		st_err err = {0};
		if (report_load_all(paths + 2 * p, 2, o->use_max ? 0 : TRIAL_READ_NO_MAX, tf))
			goto out;
		per_run_data |= import_file_per_run(tf[0]) || import_file_per_run(tf[1]);
		int e = st_compare(tf[0], tf[1], o, &cmp[p], &err);
		if (e == 0 && !nnames &&
		    asprintf(&auto_names[p], "%s vs %s", tf[0]->label, tf[1]->label) < 0)
			auto_names[p] = NULL;
		report_free_all(tf, 2);
		if (e < 0) {
			report_error("%s", err.msg);
			goto out;
		}
		if (!nnames && !auto_names[p]) {
			report_error("out of memory");
			goto out;
		}
	}
	/* The family is every test of the output: all columns together. */
	st_err aerr = {0};
	if (st_comparisons_adjust(cmp, np, o->adjust, &aerr) < 0) {
		report_error("%s", aerr.msg);
		goto out;
	}
	rc = print_pvalues(cmp, np, nnames ? names : auto_names, paths, com, o, effect);
out:
	for (size_t p = 0; p < np; p++) {
		st_comparison_destroy(cmp[p]);
		free(auto_names[p]);
	}
	free(cmp);
	return rc;
}

/* The JSON document of table --kind tail. Returns an exit code. */
static int tail_json(st_summary **sums, char **paths, size_t n, const report_common *tc,
		     const st_opts *o)
{
	json_object *doc = json_object_new_object(), *files = json_object_new_array();
	report_jadd(doc, "command", json_object_new_string("table"));
	report_jadd(doc, "kind", json_object_new_string("tail"));
	report_jadd(doc, "unit", json_object_new_string("us"));
	report_jadd(doc, "max_samples", json_object_new_boolean(o->use_max));
	json_object *p = json_object_new_array();
	for (size_t k = 0; k < tc->npct; k++)
		json_object_array_add(p, report_json_number(tc->pct[k]));
	report_jadd(doc, "percentiles", p);
	for (size_t f = 0; f < n; f++) {
		const st_summary *s = sums[f];
		json_object *jf = json_object_new_object(), *rows = json_object_new_array();
		report_jadd(jf, "label", json_object_new_string(s->label));
		report_jadd(jf, "file", json_object_new_string(paths[f]));
		for (size_t i = 0; i < s->nrows; i++) {
			const st_summary_row *r = &s->rows[i];
			json_object *jr = report_key_json(r->benchmark, r->op, r->size);
			report_jadd(jr, "samples", json_object_new_int64((int64_t)r->nsamples));
			report_jadd(jr, "max", report_json_number(report_us_full(r->max)));
			json_object *jp = json_object_new_object();
			for (size_t k = 0; k < tc->npct; k++)
				report_jadd(jp, tc->pct_name[k],
					    report_json_number(report_us_full(r->pct[k])));
			report_jadd(jr, "percentiles", jp);
			json_object_array_add(rows, jr);
		}
		report_jadd(jf, "rows", rows);
		json_object_array_add(files, jf);
	}
	report_jadd(doc, "files", files);
	int rc = report_json_print(doc, stdout) ? REPORT_EXIT_DATA : 0;
	json_object_put(doc);
	return rc;
}

/* An empty tail table: the row key, then per file its max and percentiles. */
static report_table *tail_table(const char *title, st_summary **sums, size_t n,
				const report_common *tc)
{
	report_table *t = report_key_table(title);
	char name[300];
	for (size_t f = 0; t && f < n; f++)
		for (size_t q = 0; q <= tc->npct; q++) {
			snprintf(name, sizeof name, "%s %s", sums[f]->label,
				 q == 0 ? "max" : tc->pct_name[q - 1]);
			if (report_table_add_column(t, name, NULL, 0) == (size_t)-1) {
				report_table_destroy(t);
				return NULL;
			}
		}
	return t;
}

/* The rows of group g in a tail table; *missing when a file lacks a size.
 * 0, or -1 when out of memory. */
static int tail_group(report_table *t, const report_group *g, st_summary **sums, size_t n,
		      const report_common *tc, int *missing)
{
	for (size_t m = 0; m < g->nsizes; m++) {
		if (report_key_row(t, g->benchmark, g->op, g->sizes[m]) < 0)
			return -1;
		for (size_t f = 0; f < n; f++) {
			const st_summary_row *r = report_summary_find(sums[f], g, g->sizes[m]);
			*missing |= r == NULL;
			report_cell_num(t, r ? report_us(r->max) : NAN, 3);
			for (size_t q = 0; q < tc->npct; q++)
				report_cell_num(t, r ? report_us(r->pct[q]) : NAN, 3);
		}
	}
	return 0;
}

/* The tail tables: one per group (CSV: one for all). Returns an exit code. */
static int tail_tables(st_summary **sums, size_t n, const report_common *tc,
		       const report_common *com, const st_opts *o)
{
	report_group *g = NULL;
	long ng = report_summary_groups(sums, n, &g);
	int csv = com->format == REPORT_CSV, rc = ng < 0 ? REPORT_EXIT_DATA : 0;
	report_table *t = NULL;
	for (long k = 0; k < ng && rc == 0; k++) {
		if (!t) {
			char gname[256], *title = NULL;
			report_group_name(g[k].benchmark, g[k].op, gname, sizeof gname);
			if (asprintf(&title, "%s: tail latency in us%s, pooled over all trials",
				     gname, REPORT_MAX_NOTE(o->use_max)) < 0) {
				rc = REPORT_EXIT_DATA;
				break;
			}
			t = tail_table(csv ? NULL : title, sums, n, tc);
			free(title);
			if (!t) {
				rc = REPORT_EXIT_DATA;
				break;
			}
		}
		int missing = 0;
		if (tail_group(t, &g[k], sums, n, tc, &missing) < 0) {
			rc = REPORT_EXIT_DATA;
			break;
		}
		if (csv)
			continue;
		if (missing)
			report_table_note(t, "-: the file has no trial of that size");
		if (per_run_data)
			report_table_note(t, "%s", IMPORT_PER_RUN_NOTE);
		report_group_table_done(t, k == 0, com->format);
		t = NULL;
	}
	if (t && rc == 0)
		report_table_render(t, REPORT_CSV, stdout);
	report_table_destroy(t);
	report_groups_free(g, ng > 0 ? ng : 0);
	if (rc)
		report_error("out of memory");
	return rc;
}

/* sriovstat table --kind tail FILE...: max and percentiles per label per size. */
static int table_tail(char **paths, size_t n, const report_common *com, st_opts *o)
{
	if (n < 1)
		return report_usage("table", "--kind tail needs at least one trial file");
	report_common tc = *com;
	if (!tc.pct_set) {
		tc.npct = 1;
		tc.pct[0] = 99;
		snprintf(tc.pct_name[0], sizeof tc.pct_name[0], "p99");
	}
	o->npcts = tc.npct;
	memcpy(o->pcts, tc.pct, tc.npct * sizeof *tc.pct);
	trial_file **tfs = calloc(n, sizeof *tfs);
	st_summary **sums = calloc(n, sizeof *sums);
	int *per_run = calloc(n, sizeof *per_run);
	int rc = REPORT_EXIT_DATA;
	if (!tfs || !sums || !per_run)
		report_error("out of memory");
	else if (report_summarize_files(paths, n, o, 0, tfs, sums, per_run) == 0) {
		for (size_t f = 0; f < n; f++)
			per_run_data |= per_run[f];
		if ((rc = report_unique_labels(tfs, n)) == 0)
			rc = com->format == REPORT_JSON ? tail_json(sums, paths, n, &tc, o)
							: tail_tables(sums, n, &tc, com, o);
	}
	report_summaries_free(tfs, sums, n);
	free(per_run);
	return rc;
}

static const char table_help[] =
	"Usage: sriovstat table --kind pvalues [--effect] [OPTION]... A1.json B1.json [A2.json B2.json]...\n"
	"       sriovstat table --kind matrix [--baseline LABEL] [--means] [--effect] [OPTION]... FILE...\n"
	"       sriovstat table --kind tail [OPTION]... FILE...\n"
	"pvalues: one column per pair (B against A), one row per size, each cell the\n"
	"p-value of the test on the trial statistic, adjusted over every p-value of the\n"
	"table (--adjust, Holm by default). tail: per size, the pooled max and\n"
	"percentiles (default p99) of each file, in microseconds.\n"
	"matrix: every pair of the files (or each against --baseline), one column per\n"
	"pair, one row per size, each cell the p-value adjusted over the whole table\n"
	"(Holm unless --adjust) with marks (* p < alpha, ** p < 0.01, *** p < 0.001).\n"
	"\n"
	"Options:\n"
	"  --kind KIND           pvalues, matrix or tail (required)\n"
	"  --baseline LABEL      matrix: each file against the file of this label\n"
	"  --means               matrix: first each file's mean over trials of the trial\n"
	"                        statistic, then the p-values (the papers' Table IV)\n"
	"  --effect              pvalues, matrix: after each pair's p, the Hodges-Lehmann\n"
	"                        shift B minus A and the ratio B/A with their intervals\n"
	"  --name NAME           pvalues: the column name of the next pair (repeat once\n"
	"                        per pair; default \"LABEL_A vs LABEL_B\")\n" REPORT_HELP_STAT
		REPORT_HELP_TEST REPORT_HELP_ADJUST REPORT_HELP_ALPHA REPORT_HELP_LEVEL
			REPORT_HELP_MAX_SAMPLES REPORT_HELP_FORCE REPORT_COMMON_HELP;

/* sriovstat table. */
int cmd_table(int argc, char **argv)
{
	enum { OPT_KIND = REPORT_OPT_FIRST_FREE, OPT_NAME, OPT_BASELINE, OPT_EFFECT, OPT_MEANS };
	static const struct option longopts[] = {
		REPORT_COMMON_LONGOPTS,
		REPORT_LONGOPT_STAT,
		REPORT_LONGOPT_TEST,
		REPORT_LONGOPT_ADJUST,
		REPORT_LONGOPT_ALPHA,
		REPORT_LONGOPT_LEVEL,
		REPORT_LONGOPT_MAX_SAMPLES,
		REPORT_LONGOPT_FORCE,
		{"kind", required_argument, NULL, OPT_KIND},
		{"name", required_argument, NULL, OPT_NAME},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"effect", no_argument, NULL, OPT_EFFECT},
		{"means", no_argument, NULL, OPT_MEANS},
		{NULL, 0, NULL, 0},
	};
	static const char *const kinds[] = {"pvalues", "tail", "matrix", NULL};
	/* The options only --kind pvalues (and matrix) use. */
	static const struct {
		int code;
		const char *name;
	} pv_only[] = {{REPORT_OPT_STAT, "--stat"},
		       {REPORT_OPT_TEST, "--test"},
		       {REPORT_OPT_ADJUST, "--adjust"},
		       {REPORT_OPT_ALPHA, "--alpha"},
		       {REPORT_OPT_LEVEL, "--level"}};
	const char *baseline = NULL;
	int effect = 0, means = 0;
	report_common com;
	st_opts opts;
	char *names[MAX_NAMES];
	size_t nnames = 0;
	int c, kind = -1;
	report_common_init(&com);
	st_opts_init(&opts);
	report_getopt g = {.cmd = "table",
			   .help = table_help,
			   .longopts = longopts,
			   .com = &com,
			   .opts = &opts};
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		switch (c) {
		case OPT_KIND:
			if ((kind = report_parse_choice("table", "--kind", optarg, kinds)) < 0)
				return REPORT_EXIT_USAGE;
			continue;
		case OPT_BASELINE: baseline = optarg; continue;
		case OPT_EFFECT: effect = 1; continue;
		case OPT_MEANS: means = 1; continue;
		case OPT_NAME:
			if (nnames == MAX_NAMES)
				return report_usage("table", "at most %d --name", MAX_NAMES);
			names[nnames++] = optarg;
			continue;
		default: return g.status;
		}
	}
	const char *analysis_opt = NULL; /* the last option given that only pvalues uses */
	for (size_t k = 0, last = 0; k < sizeof pv_only / sizeof *pv_only; k++)
		if (report_getopt_given(&g, pv_only[k].code) > last) {
			last = report_getopt_given(&g, pv_only[k].code);
			analysis_opt = pv_only[k].name;
		}
	int adjust_set = report_getopt_given(&g, REPORT_OPT_ADJUST) != 0;
	if (kind < 0)
		return report_usage("table", "--kind is required (pvalues, matrix or tail)");
	size_t n = (size_t)(argc - optind);
	if ((baseline || means) && kind != 2)
		return report_usage("table", "%s applies to --kind matrix only",
				    baseline ? "--baseline" : "--means");
	if (effect && kind == 1)
		return report_usage("table", "--effect applies to --kind pvalues and matrix only");
	if (kind == 2) {
		if (com.pct_set || nnames)
			return report_usage("table", "%s applies to --kind %s only",
					    nnames ? "--name" : "--percentiles",
					    nnames ? "pvalues" : "tail");
		if (!adjust_set)
			opts.adjust = ST_ADJ_HOLM; /* the whole table is one family */
		return report_table_matrix(argv + optind, n, baseline,
					   (effect ? REPORT_MATRIX_EFFECT : 0) |
						   (means ? REPORT_MATRIX_MEANS : 0),
					   &com, &opts);
	}
	if (kind == 0) {
		if (com.pct_set)
			return report_usage("table", "--percentiles applies to --kind tail only");
		return table_pvalues(argv + optind, n, names, nnames, effect, &com, &opts);
	}
	if (nnames)
		return report_usage("table", "--name applies to --kind pvalues only");
	if (analysis_opt)
		return report_usage("table", "%s applies to --kind pvalues only", analysis_opt);
	return table_tail(argv + optind, n, &com, &opts);
}
