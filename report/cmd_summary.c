/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_summary.c: sriovstat summary FILE...: per-size statistics.
 *
 * One file: a detailed table per (benchmark, op): pooled mean, min,
 * percentiles and max, and the mean and sd over trials of the trial average
 * (and of --stat). Several files: the papers' layout (their Table III), sizes
 * down and labels across, each cell the mean over trials of the trial
 * statistic. The numbers come from st_summarize (stats/analysis.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"

/* A CI as a JSON [lo, hi] in us, or null. */
static json_object *ci_json(const st_ci *ci)
{
	if (!ci->valid)
		return NULL;
	json_object *a = json_object_new_array();
	json_object_array_add(a, report_json_number(report_us_full(ci->lo)));
	json_object_array_add(a, report_json_number(report_us_full(ci->hi)));
	return a;
}

/* The JSON of one file's summary. */
static json_object *summary_json(const st_summary *s, const char *path, const report_common *com)
{
	json_object *o = json_object_new_object();
	report_jadd(o, "label", json_object_new_string(s->label));
	report_jadd(o, "file", json_object_new_string(path));
	report_jadd(o, "trials", json_object_new_int64((int64_t)s->ntrials));
	report_jadd(o, "incomplete", json_object_new_int64((int64_t)s->nincomplete));
	json_object *rows = json_object_new_array();
	for (size_t i = 0; i < s->nrows; i++) {
		const st_summary_row *r = &s->rows[i];
		json_object *jr = report_key_json(r->benchmark, r->op, r->size);
		report_jadd(jr, "trials", json_object_new_int64((int64_t)r->ntrials));
		report_jadd(jr, "samples", json_object_new_int64((int64_t)r->nsamples));
		report_jadd(jr, "mean", report_json_number(report_us_full(r->mean)));
		report_jadd(jr, "sd",
			    report_json_number(report_us_full(report_sd(r->sd, r->nsamples))));
		report_jadd(jr, "min", report_json_number(report_us_full(r->min)));
		report_jadd(jr, "max", report_json_number(report_us_full(r->max)));
		report_jadd(jr, "median", report_json_number(report_us_full(r->median)));
		json_object *p = json_object_new_object();
		for (size_t k = 0; k < com->npct; k++)
			report_jadd(p, com->pct_name[k],
				    report_json_number(report_us_full(r->pct[k])));
		report_jadd(jr, "percentiles", p);
		report_jadd(jr, "median_ci", ci_json(&r->median_ci));
		json_object *pc = json_object_new_object();
		for (size_t k = 0; k < com->npct; k++)
			report_jadd(pc, com->pct_name[k], ci_json(&r->pct_ci[k]));
		report_jadd(jr, "percentile_ci", pc);
		json_object *pw = json_object_new_object();
		for (size_t k = 0; k < com->npct; k++) {
			const st_ci *ci = &r->pct_ci[k];
			report_jadd(pw, com->pct_name[k],
				    !ci->valid && ci->why[0] ? json_object_new_string(ci->why)
							     : NULL);
		}
		report_jadd(jr, "percentile_ci_why", pw);
		report_jadd(jr, "trial_mean", report_json_number(report_us_full(r->trial_mean)));
		report_jadd(jr, "trial_sd",
			    report_json_number(report_us_full(report_sd(r->trial_sd, r->ntrials))));
		report_jadd(jr, "trial_mean_ci", ci_json(&r->mean_ci));
		report_jadd(jr, "stat_mean", report_json_number(report_us_full(r->stat_mean)));
		report_jadd(jr, "stat_sd",
			    report_json_number(report_us_full(report_sd(r->stat_sd, r->ntrials))));
		json_object *tn = json_object_new_array(), *v = json_object_new_array();
		for (size_t k = 0; k < r->ntrials; k++) {
			json_object_array_add(tn, json_object_new_int(r->trial_numbers[k]));
			json_object_array_add(
				v, report_json_number(report_us_full(r->stat_values[k])));
		}
		report_jadd(jr, "trial_numbers", tn);
		report_jadd(jr, "stat_values", v);
		json_object *d = json_object_new_array();
		for (size_t k = 0; k < r->ndiag; k++)
			json_object_array_add(d, json_object_new_string(r->diag[k]));
		report_jadd(jr, "diagnostics", d);
		json_object_array_add(rows, jr);
	}
	report_jadd(o, "rows", rows);
	return o;
}

/* Append the columns of a detailed table; show_stat shows the --stat columns.
 * 0, or -1 when out of memory. */
static int detail_columns(report_table *t, const report_common *com, const st_opts *o,
			  int show_stat)
{
	static const struct {
		const char *name, *csv;
		unsigned flags;
	} head[] =
		{
			{"label", NULL, REPORT_COL_CSV_ONLY},
			{"benchmark", NULL, REPORT_COL_CSV_ONLY},
			{"op", NULL, REPORT_COL_CSV_ONLY},
			{"size", NULL, 0},
			{"trials", NULL, 0},
			{"samples", NULL, 0},
			{"avg", "mean", 0},
			{"sd", NULL, REPORT_COL_CSV_ONLY},
			{"min", NULL, 0},
		},
	  tail[] = {
		  {"max", NULL, 0},
		  {"median", NULL, REPORT_COL_CSV_ONLY},
		  {"median_ci_low", NULL, REPORT_COL_CSV_ONLY},
		  {"median_ci_high", NULL, REPORT_COL_CSV_ONLY},
		  {"trial avg", "trial_mean", 0},
		  {"trial sd", "trial_sd", 0},
		  {"trial_mean_ci_low", NULL, REPORT_COL_CSV_ONLY},
		  {"trial_mean_ci_high", NULL, REPORT_COL_CSV_ONLY},
		  {"stat", NULL, REPORT_COL_CSV_ONLY},
	  };
	int bad = 0;
	for (size_t k = 0; k < sizeof head / sizeof *head; k++)
		bad |= report_table_add_column(t, head[k].name, head[k].csv, head[k].flags) ==
		       (size_t)-1;
	for (size_t k = 0; k < com->npct; k++)
		bad |= report_table_add_column(t, com->pct_name[k], NULL, 0) == (size_t)-1;
	for (size_t k = 0; k < sizeof tail / sizeof *tail; k++)
		bad |= report_table_add_column(t, tail[k].name, tail[k].csv, tail[k].flags) ==
		       (size_t)-1;
	char name[64];
	unsigned flags = show_stat ? 0 : REPORT_COL_CSV_ONLY;
	snprintf(name, sizeof name, "trial %s", st_stat_name(o->stat));
	bad |= report_table_add_column(t, name, "stat_mean", flags) == (size_t)-1;
	snprintf(name, sizeof name, "%s sd", st_stat_name(o->stat));
	bad |= report_table_add_column(t, name, "stat_sd", flags) == (size_t)-1;
	for (size_t k = 0; k < com->npct; k++)
		for (int hi = 0; hi < 2; hi++) {
			snprintf(name, sizeof name, "%s_ci_%s", com->pct_name[k],
				 hi ? "high" : "low");
			bad |= report_table_add_column(t, name, NULL, REPORT_COL_CSV_ONLY) ==
			       (size_t)-1;
		}
	return bad ? -1 : 0;
}

/* Append an interval's two cells (empty when it is not valid). */
static void ci_cells(report_table *t, const st_ci *ci)
{
	report_cell_num(t, ci->valid ? report_us(ci->lo) : NAN, 3);
	report_cell_num(t, ci->valid ? report_us(ci->hi) : NAN, 3);
}

/* Append the rows [from, to) of s to a detailed table. */
static int detail_rows(report_table *t, const st_summary *s, size_t from, size_t to,
		       const report_common *com)
{
	for (size_t i = from; i < to; i++) {
		const st_summary_row *r = &s->rows[i];
		if (report_table_add_row(t) == (size_t)-1)
			return -1;
		report_cell_text(t, s->label);
		report_cell_text(t, r->benchmark);
		report_cell_text(t, r->op);
		report_cell_int(t, (long long)r->size);
		report_cell_int(t, (long long)r->ntrials);
		report_cell_int(t, (long long)r->nsamples);
		report_cell_num(t, report_us(r->mean), 3);
		report_cell_num(t, report_us(report_sd(r->sd, r->nsamples)), 3);
		report_cell_num(t, report_us(r->min), 3);
		for (size_t k = 0; k < com->npct; k++)
			report_cell_num(t, report_us(r->pct[k]), 3);
		report_cell_num(t, report_us(r->max), 3);
		report_cell_num(t, report_us(r->median), 3);
		ci_cells(t, &r->median_ci);
		report_cell_num(t, report_us(r->trial_mean), 3);
		report_cell_num(t, report_us(report_sd(r->trial_sd, r->ntrials)), 3);
		ci_cells(t, &r->mean_ci);
		report_cell_text(t, st_stat_name(s->opts.stat));
		report_cell_num(t, report_us(r->stat_mean), 3);
		report_cell_num(t, report_us(report_sd(r->stat_sd, r->ntrials)), 3);
		for (size_t k = 0; k < com->npct; k++)
			ci_cells(t, &r->pct_ci[k]);
	}
	return 0;
}

/* End of the group starting at row i of s. */
static size_t group_end(const st_summary *s, size_t i)
{
	size_t j = i + 1;
	while (j < s->nrows && strcmp(s->rows[j].benchmark, s->rows[i].benchmark) == 0 &&
	       strcmp(s->rows[j].op, s->rows[i].op) == 0)
		j++;
	return j;
}

/* Per file: whether it holds per-run averages (imported summaries). */
static int *per_run_files;

/* Print detailed tables of n summaries (CSV: one table for all). */
static int print_detail(st_summary **sums, size_t n, const report_common *com, const st_opts *o)
{
	int show_stat = o->stat != ST_STAT_MEAN;
	if (com->format == REPORT_CSV) {
		report_table *t = report_table_create(NULL, 0);
		if (!t || detail_columns(t, com, o, show_stat) < 0) {
			report_table_destroy(t);
			goto oom;
		}
		for (size_t f = 0; f < n; f++)
			if (detail_rows(t, sums[f], 0, sums[f]->nrows, com) < 0) {
				report_table_destroy(t);
				goto oom;
			}
		report_table_render(t, REPORT_CSV, stdout);
		report_table_destroy(t);
		return 0;
	}
	int first = 1;
	for (size_t f = 0; f < n; f++) {
		const st_summary *s = sums[f];
		for (size_t i = 0; i < s->nrows;) {
			size_t j = group_end(s, i);
			char g[256], *title = NULL;
			report_group_name(s->rows[i].benchmark, s->rows[i].op, g, sizeof g);
			int pr = per_run_files && per_run_files[f];
			if (asprintf(&title, "%s: %s, %s in us%s", s->label, g,
				     pr ? "per-run averages" : "times",
				     REPORT_MAX_NOTE(o->use_max)) < 0)
				goto oom;
			report_table *t = report_table_create(title, 0);
			free(title);
			if (!t || detail_columns(t, com, o, show_stat) < 0 ||
			    detail_rows(t, s, i, j, com) < 0) {
				report_table_destroy(t);
				goto oom;
			}
			if (pr)
				report_table_note(t, "%s", IMPORT_PER_RUN_NOTE);
			else
				report_table_note(
					t,
					"avg, min, percentiles, max: pooled over all samples; trial avg, trial sd: mean and sd over trials of each trial's average");
			if (s->nincomplete)
				report_table_note(
					t,
					"%zu of %zu trials are incomplete: the sizes they finished are included",
					s->nincomplete, s->ntrials);
			report_group_table_done(t, first, com->format);
			first = 0;
			i = j;
		}
	}
	return 0;
oom:
	report_error("out of memory");
	return REPORT_EXIT_DATA;
}

typedef report_group group;

/* Compare sizes for qsort. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The groups of all summaries, in order of first appearance, with the union
 * of their sizes (ascending). Returns the count, or -1 when out of memory. */
long report_summary_groups(st_summary **sums, size_t n, report_group **out)
{
	group *g = NULL;
	size_t ng = 0;
	for (size_t f = 0; f < n; f++)
		for (size_t i = 0; i < sums[f]->nrows; i++) {
			const st_summary_row *r = &sums[f]->rows[i];
			size_t k = 0;
			while (k < ng && (strcmp(g[k].benchmark, r->benchmark) != 0 ||
					  strcmp(g[k].op, r->op) != 0))
				k++;
			if (k == ng) {
				group *ng2 = realloc(g, (ng + 1) * sizeof *g);
				if (!ng2)
					goto oom;
				g = ng2;
				memset(&g[ng], 0, sizeof g[ng]);
				g[ng].benchmark = r->benchmark;
				g[ng].op = r->op;
				ng++;
			}
			size_t m = 0;
			while (m < g[k].nsizes && g[k].sizes[m] != r->size)
				m++;
			if (m == g[k].nsizes) {
				uint64_t *s = realloc(g[k].sizes, (m + 1) * sizeof *s);
				if (!s)
					goto oom;
				g[k].sizes = s;
				g[k].sizes[g[k].nsizes++] = r->size;
			}
		}
	for (size_t k = 0; k < ng; k++)
		qsort(g[k].sizes, g[k].nsizes, sizeof *g[k].sizes, cmp_u64);
	*out = g;
	return (long)ng;
oom:
	report_groups_free(g, (long)ng);
	return -1;
}

/* Release groups. */
void report_groups_free(report_group *g, long n)
{
	for (long k = 0; k < n; k++)
		free(g[k].sizes);
	free(g);
}

/* The row of s for (benchmark, op, size), or NULL. */
const st_summary_row *report_summary_find(const st_summary *s, const report_group *g, uint64_t size)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].size == size && strcmp(s->rows[i].benchmark, g->benchmark) == 0 &&
		    strcmp(s->rows[i].op, g->op) == 0)
			return &s->rows[i];
	return NULL;
}

/* An empty table of the papers' layout: benchmark, op, size, one column per file. */
static report_table *across_table(const char *title, st_summary **sums, size_t n)
{
	report_table *t = report_key_table(title);
	int bad = !t;
	for (size_t f = 0; f < n && !bad; f++)
		bad = report_table_add_column(t, sums[f]->label, NULL, 0) == (size_t)-1;
	if (bad) {
		report_table_destroy(t);
		return NULL;
	}
	return t;
}

/* Load and summarize files, one at a time. */
int report_summarize_files(char **paths, size_t n, const st_opts *o, int warn, trial_file **tfs,
			   st_summary **sums, int *per_run)
{
	for (size_t f = 0; f < n; f++) {
		st_err err = {0};
		tfs[f] = report_load(paths[f], o->use_max ? 0 : TRIAL_READ_NO_MAX);
		if (!tfs[f])
			return REPORT_EXIT_DATA;
		if (st_summarize(tfs[f], o, &sums[f], &err) < 0) {
			report_error("%s", err.msg);
			return REPORT_EXIT_DATA;
		}
		if (warn)
			report_warn_incomplete(tfs[f]);
		per_run[f] = import_file_per_run(tfs[f]);
		/* Its samples are freed once summarized. */
		for (size_t i = 0; i < tfs[f]->ntrials; i++)
			trial_clear(&tfs[f]->trials[i]);
		tfs[f]->ntrials = 0;
	}
	return 0;
}

/* Release what report_summarize_files made and both arrays. */
void report_summaries_free(trial_file **tfs, st_summary **sums, size_t n)
{
	for (size_t f = 0; sums && f < n; f++)
		st_summary_destroy(sums[f]);
	if (tfs)
		report_free_all(tfs, n);
	free(tfs);
	free(sums);
}

/* The papers' layout: sizes down, one column per file. */
static int print_across(st_summary **sums, size_t n, const report_common *com, const st_opts *o)
{
	group *g = NULL;
	long ng = report_summary_groups(sums, n, &g);
	int rc = 0;
	if (ng < 0) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	report_table *csv = NULL;
	for (long k = 0; k < ng && rc == 0; k++) {
		char gname[256], *title = NULL;
		report_group_name(g[k].benchmark, g[k].op, gname, sizeof gname);
		if (asprintf(&title, "%s: mean over trials of the trial %s, us%s", gname,
			     st_stat_name(o->stat), REPORT_MAX_NOTE(o->use_max)) < 0) {
			rc = REPORT_EXIT_DATA;
			break;
		}
		report_table *t =
			csv ? csv : across_table(com->format == REPORT_CSV ? NULL : title, sums, n);
		free(title);
		if (!t) {
			rc = REPORT_EXIT_DATA;
			break;
		}
		size_t missing = 0;
		for (size_t m = 0; m < g[k].nsizes; m++) {
			if (report_key_row(t, g[k].benchmark, g[k].op, g[k].sizes[m]) < 0) {
				rc = REPORT_EXIT_DATA;
				break;
			}
			for (size_t f = 0; f < n; f++) {
				const st_summary_row *r =
					report_summary_find(sums[f], &g[k], g[k].sizes[m]);
				report_cell_num(t, r ? report_us(r->stat_mean) : NAN, 3);
				missing += r == NULL;
			}
		}
		if (com->format == REPORT_CSV) {
			csv = t;
			continue;
		}
		if (missing)
			report_table_note(t, "-: the file has no trial of that size");
		for (size_t f = 0; per_run_files && f < n; f++)
			if (per_run_files[f]) {
				report_table_note(t, "%s: %s", sums[f]->label, IMPORT_PER_RUN_NOTE);
				break;
			}
		report_group_table_done(t, k == 0, com->format);
	}
	if (csv) {
		if (rc == 0)
			report_table_render(csv, REPORT_CSV, stdout);
		report_table_destroy(csv);
	}
	report_groups_free(g, ng);
	if (rc)
		report_error("out of memory");
	return rc;
}

/* The diagnostics of the data (stats/diag.h) as warnings; JSON holds them
 * in each row's "diagnostics". */
static void warn_diagnostics(st_summary **sums, size_t n)
{
	for (size_t f = 0; f < n; f++)
		for (size_t i = 0; i < sums[f]->nrows; i++) {
			const st_summary_row *r = &sums[f]->rows[i];
			char g[256];
			report_group_name(r->benchmark, r->op, g, sizeof g);
			for (size_t k = 0; k < r->ndiag; k++)
				report_warning("%s size %llu: %s", g, (unsigned long long)r->size,
					       r->diag[k]);
		}
}

static const char summary_help[] =
	"Usage: sriovstat summary [OPTION]... FILE...\n"
	"Per-size statistics of trial files, times in microseconds.\n"
	"One file: per (benchmark, op) and size, the number of trials and samples,\n"
	"the pooled average, min, percentiles and max, and the mean and sd over trials\n"
	"of each trial's average. Several files: sizes down, labels across, each cell\n"
	"the mean over trials of the trial statistic (--stat).\n"
	"\n"
	"Options:\n" REPORT_HELP_STAT REPORT_HELP_LEVEL REPORT_HELP_MAX_SAMPLES
	"  --detail              with several files, a detailed table for each\n" REPORT_COMMON_HELP;

/* sriovstat summary. */
int cmd_summary(int argc, char **argv)
{
	enum { OPT_DETAIL = REPORT_OPT_FIRST_FREE };
	static const struct option longopts[] = {
		REPORT_COMMON_LONGOPTS,
		REPORT_LONGOPT_STAT,
		REPORT_LONGOPT_LEVEL,
		REPORT_LONGOPT_MAX_SAMPLES,
		{"detail", no_argument, NULL, OPT_DETAIL},
		{NULL, 0, NULL, 0},
	};
	report_common com;
	st_opts opts;
	int c, detail = 0;
	report_common_init(&com);
	st_opts_init(&opts);
	report_getopt g = {.cmd = "summary",
			   .help = summary_help,
			   .longopts = longopts,
			   .com = &com,
			   .opts = &opts};
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		if (c != OPT_DETAIL)
			return g.status;
		detail = 1;
	}
	size_t n = (size_t)(argc - optind);
	if (n == 0)
		return report_usage("summary", "expected at least one trial file");
	opts.npcts = com.npct;
	memcpy(opts.pcts, com.pct, com.npct * sizeof *com.pct);

	trial_file **tfs = calloc(n, sizeof *tfs);
	st_summary **sums = calloc(n, sizeof *sums);
	int rc = REPORT_EXIT_DATA;
	per_run_files = calloc(n, sizeof *per_run_files);
	if (!tfs || !sums || !per_run_files) {
		report_error("out of memory");
		goto out;
	}
	if (report_summarize_files(argv + optind, n, &opts, 1, tfs, sums, per_run_files))
		goto out;
	if (n > 1 && !detail && (rc = report_unique_labels(tfs, n)) != 0)
		goto out;
	if (com.format != REPORT_JSON)
		warn_diagnostics(sums, n);
	if (com.format == REPORT_JSON) {
		json_object *doc = json_object_new_object(), *files = json_object_new_array();
		report_jadd(doc, "command", json_object_new_string("summary"));
		report_jadd(doc, "unit", json_object_new_string("us"));
		report_jadd(doc, "stat", json_object_new_string(st_stat_name(opts.stat)));
		report_jadd(doc, "level", report_json_number(opts.level));
		report_jadd(doc, "max_samples", json_object_new_boolean(opts.use_max));
		json_object *p = json_object_new_array();
		for (size_t k = 0; k < com.npct; k++)
			json_object_array_add(p, report_json_number(com.pct[k]));
		report_jadd(doc, "percentiles", p);
		for (size_t f = 0; f < n; f++) {
			json_object *fo = summary_json(sums[f], tfs[f]->path, &com);
			if (per_run_files[f]) /* imported summaries: see import.h */
				report_jadd(fo, "samples",
					    json_object_new_string("per-run averages"));
			json_object_array_add(files, fo);
		}
		report_jadd(doc, "files", files);
		rc = report_json_print(doc, stdout) ? REPORT_EXIT_DATA : 0;
		json_object_put(doc);
	} else if (n == 1 || detail) {
		rc = print_detail(sums, n, &com, &opts);
	} else {
		rc = print_across(sums, n, &com, &opts);
	}
out:
	report_summaries_free(tfs, sums, n);
	free(per_run_files);
	per_run_files = NULL;
	return rc;
}
