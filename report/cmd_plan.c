/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_plan.c: sriovstat plan A.json B.json: from the between-trial
 * variation of a comparison, the trials each size needs to detect a
 * practical threshold with the asked power, and the smallest effect the
 * trials at hand detect (stats/power.h computes them). The sentence that
 * sums a group up is also the footer of compare's text output. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "power.h"
#include "report.h"

/* Most trials shown as a number; beyond, "> ST_PLAN_NMAX". */
#define PLAN_OVER_TEXT "> 100000"

/* "pair" or "trial" (one of each configuration, or per configuration). */
static const char *unit_word(const st_plan_row *p, size_t n)
{
	return p->paired ? (n == 1 ? "pair" : "pairs") : (n == 1 ? "trial" : "trials");
}

/* Append to buf at *used (a bounded snprintf). */
static void cat(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void cat(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	if (*used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	*used = strlen(buf);
}

/* The per-test alpha of a plan: "0.05/14 = 0.00357" or "0.05". */
static void alpha_text(const st_plan *pl, char *buf, size_t len)
{
	if (pl->alpha_test == pl->alpha)
		snprintf(buf, len, "%g", pl->alpha);
	else
		snprintf(buf, len, "%g/%zu = %.3g", pl->alpha, pl->family, pl->alpha_test);
}

/* The sentence that sums up the plan of rows [from, to) of c, e.g.
 * "plan (80% power, paired t, alpha 0.05/14 = 0.00357 per size): a 2%
 * difference needs 23 pairs (the most, at 1 MiB); the 10 at hand detect
 * 0.8% (64 B) to 5.1% (1 MiB)." */
void report_plan_sentence(const st_plan *pl, const st_comparison *c, size_t from, size_t to,
			  char *buf, size_t len)
{
	size_t used = 0, unknown = 0, over = 0, most = to, lo = to, hi = to;
	size_t nmin = SIZE_MAX, nmax = 0;
	for (size_t i = from; i < to; i++) {
		const st_plan_row *p = &pl->rows[i];
		if (p->has_needed && p->needed == 0)
			over++;
		else if (p->has_needed && (most == to || p->needed > pl->rows[most].needed))
			most = i;
		if (!p->has_mde || !p->has_delta) {
			unknown += !p->has_needed;
			continue;
		}
		if (lo == to || p->mde_pct < pl->rows[lo].mde_pct)
			lo = i;
		if (hi == to || p->mde_pct > pl->rows[hi].mde_pct)
			hi = i;
		nmin = p->n_a < nmin ? p->n_a : nmin;
		nmax = p->n_a > nmax ? p->n_a : nmax;
	}
	const st_plan_row *p0 = &pl->rows[from];
	char sa[32], sb[32], a[64];
	alpha_text(pl, a, sizeof a);
	cat(buf, len, &used, "plan (%g%% power, %s t, alpha %s per size): a %g%% difference needs ",
	    100.0 * pl->power, p0->paired ? "paired" : "Welch", a, pl->threshold_pct);
	if (over) {
		cat(buf, len, &used, "more than %d %s at %zu size%s", ST_PLAN_NMAX,
		    unit_word(p0, 2), over, over == 1 ? "" : "s");
		if (most < to) {
			report_size_text(c->rows[most].size, sa, sizeof sa);
			cat(buf, len, &used, " (elsewhere up to %zu, at %s)", pl->rows[most].needed,
			    sa);
		}
	} else if (most < to) {
		report_size_text(c->rows[most].size, sa, sizeof sa);
		cat(buf, len, &used, "%zu %s", pl->rows[most].needed,
		    unit_word(p0, pl->rows[most].needed));
		if (to - from > 1)
			cat(buf, len, &used, " (the most, at %s)", sa);
	} else {
		cat(buf, len, &used, "an unknown number of %s", unit_word(p0, 2));
	}
	if (lo < to) {
		cat(buf, len, &used, "; the ");
		if (nmin == nmax)
			cat(buf, len, &used, "%zu", nmin);
		else
			cat(buf, len, &used, "%zu to %zu", nmin, nmax);
		cat(buf, len, &used, " at hand detect ");
		report_size_text(c->rows[lo].size, sa, sizeof sa);
		report_size_text(c->rows[hi].size, sb, sizeof sb);
		if (lo == hi)
			cat(buf, len, &used, "%.3g%%", pl->rows[lo].mde_pct);
		else
			cat(buf, len, &used, "%.3g%% (%s) to %.3g%% (%s)", pl->rows[lo].mde_pct, sa,
			    pl->rows[hi].mde_pct, sb);
	}
	if (unknown)
		cat(buf, len, &used, "; unknown at %zu size%s (too few trials or no variation)",
		    unknown, unknown == 1 ? "" : "s");
	cat(buf, len, &used, ".");
}

/* The JSON of one row of a plan (us). */
json_object *report_plan_row_json(const st_plan_row *p)
{
	json_object *o = json_object_new_object();
	report_jadd(o, "design", json_object_new_string(p->paired ? "paired" : "two-sample"));
	report_jadd(o, p->paired ? "pairs" : "trials_a", json_object_new_int64((int64_t)p->n_a));
	if (!p->paired)
		report_jadd(o, "trials_b", json_object_new_int64((int64_t)p->n_b));
	report_jadd(o, "sd", p->has_sd ? report_json_number(report_us_full(p->sd)) : NULL);
	if (!p->paired)
		report_jadd(o, "sd_b",
			    p->has_sd ? report_json_number(report_us_full(p->sd_b)) : NULL);
	report_jadd(o, "threshold",
		    p->has_delta ? report_json_number(report_us_full(p->delta)) : NULL);
	report_jadd(o, "power", p->has_power ? report_json_number(p->power_now) : NULL);
	report_jadd(o, "trials_needed",
		    p->has_needed && p->needed ? json_object_new_int64((int64_t)p->needed) : NULL);
	report_jadd(o, "trials_needed_over",
		    p->has_needed && !p->needed ? json_object_new_int64(ST_PLAN_NMAX) : NULL);
	report_jadd(o, "detectable",
		    p->has_mde ? report_json_number(report_us_full(p->mde)) : NULL);
	report_jadd(o, "detectable_pct",
		    p->has_mde && p->has_delta ? report_json_number(p->mde_pct) : NULL);
	report_jadd(o, "note", p->why[0] ? json_object_new_string(p->why) : NULL);
	return o;
}

/* The top-level JSON keys of a plan into doc. */
void report_plan_json_keys(json_object *doc, const st_plan *pl)
{
	report_jadd(doc, "power", report_json_number(pl->power));
	report_jadd(doc, "alpha_per_test", report_json_number(pl->alpha_test));
	report_jadd(doc, "family", json_object_new_int64((int64_t)pl->family));
	report_jadd(doc, "power_method",
		    json_object_new_string("noncentral t (numerical integration)"));
}

/* Append display column name showing CSV key k1 (and k2 unless NULL):
 * 0, or (size_t)-1 when out of memory. */
static size_t keyed(report_table *t, const char *name, const char *k1, const char *k2)
{
	const char *keys[2] = {k1, k2};
	size_t col = report_table_add_column(t, name, NULL, 0);
	if (col == (size_t)-1 || report_table_column_keys(t, col, keys, k2 ? 2 : 1) < 0)
		return (size_t)-1;
	return 0;
}

/* The columns of a plan's table (CSV: every key; display: one group). */
static int plan_columns(report_table *t, int paired, int csv)
{
	static const char *const csv_cols[] = {"benchmark",      "op",          "size",
					       "design",         "n_a",         "n_b",
					       "a_mean",         "sd",          "sd_b",
					       "threshold",      "alpha_test",  "power",
					       "trials_needed",  "trials_over", "detectable",
					       "detectable_pct", "note"};
	size_t ok = 0;
	if (csv) {
		for (size_t k = 0; k < sizeof csv_cols / sizeof *csv_cols; k++)
			ok |= report_table_add_column(t, csv_cols[k], NULL, 0);
		return ok == (size_t)-1 ? -1 : 0;
	}
	/* Each display column is named for --columns by the CSV keys it shows. */
	ok |= keyed(t, "size", "size", NULL);
	if (paired) {
		ok |= keyed(t, "pairs", "n_a", "n_b");
	} else {
		ok |= keyed(t, "trials A", "n_a", NULL);
		ok |= keyed(t, "trials B", "n_b", NULL);
	}
	ok |= keyed(t, "A mean", "a_mean", NULL);
	if (paired) {
		ok |= keyed(t, "sd diff", "sd", NULL);
	} else {
		ok |= keyed(t, "sd A", "sd", NULL);
		ok |= keyed(t, "sd B", "sd_b", NULL);
	}
	ok |= keyed(t, "threshold", "threshold", NULL);
	ok |= keyed(t, "power now", "power", NULL);
	ok |= keyed(t, paired ? "pairs needed" : "trials needed", "trials_needed", "trials_over");
	ok |= keyed(t, "detectable", "detectable", NULL);
	ok |= keyed(t, "detectable %", "detectable_pct", NULL);
	/* The CSV keys without a display column are names --columns knows too. */
	report_table *all = report_table_create(NULL, 0);
	ok |= !all || plan_columns(all, paired, 1) || report_table_know_all(t, all) ? (size_t)-1
										    : 0;
	report_table_destroy(all);
	return ok == (size_t)-1 ? -1 : 0;
}

/* The cells of row i of the plan (csv: every key). 0, or -1 when out of memory. */
static int plan_cells(report_table *t, const st_plan *pl, const st_comparison *c, size_t i, int csv)
{
	const st_plan_row *p = &pl->rows[i];
	const st_compare_row *r = &c->rows[i];
	if (report_table_add_row(t) == (size_t)-1)
		return -1;
	if (csv) {
		report_cell_text(t, r->benchmark);
		report_cell_text(t, r->op);
	}
	report_cell_int(t, (long long)r->size);
	if (csv)
		report_cell_text(t, p->paired ? "paired" : "two-sample");
	report_cell_int(t, (long long)p->n_a);
	if (csv || !p->paired)
		report_cell_int(t, (long long)p->n_b);
	report_cell_num(t, report_us(p->a_mean), 3);
	report_cell_num(t, p->has_sd ? report_us(p->sd) : NAN, 3);
	if (csv || !p->paired)
		report_cell_num(t, p->has_sd ? report_us(p->sd_b) : NAN, 3);
	report_cell_num(t, p->has_delta ? report_us(p->delta) : NAN, 3);
	if (csv)
		report_cell_num(t, pl->alpha_test, 6);
	report_cell_num(t, p->has_power ? p->power_now : NAN, csv ? 6 : 2);
	int over = p->has_needed && p->needed == 0;
	if (csv) {
		report_cell_num(t, p->has_needed && !over ? (double)p->needed : NAN, 0);
		report_cell_text(t, over ? "1" : "0");
	} else if (over) {
		report_cell_text(t, PLAN_OVER_TEXT);
	} else {
		report_cell_num(t, p->has_needed ? (double)p->needed : NAN, 0);
	}
	report_cell_num(t, p->has_mde ? report_us(p->mde) : NAN, 3);
	report_cell_num(t, p->has_mde && p->has_delta ? p->mde_pct : NAN, csv ? 4 : 2);
	if (csv)
		report_cell_text(t, p->why);
	return 0;
}

/* The notes below a group's table. */
static void plan_notes(report_table *t, const st_plan *pl, const st_comparison *c, size_t from,
		       size_t to)
{
	const st_opts *o = &c->opts;
	const st_plan_row *p0 = &pl->rows[from];
	char a[64], s[700];
	for (size_t i = from; i < to; i++)
		if (pl->rows[i].why[0])
			report_table_note(t, "size %llu: %s", (unsigned long long)c->rows[i].size,
					  pl->rows[i].why);
	alpha_text(pl, a, sizeof a);
	report_table_note(t,
			  "power of the two-sided %s t test against a true difference of %g%% of "
			  "A's trial %s (threshold), alpha %s per size%s; noncentral t",
			  p0->paired ? "paired" : "Welch", pl->threshold_pct, st_stat_name(o->stat),
			  a,
			  pl->alpha_test == pl->alpha
				  ? ""
				  : " (Bonferroni over the sizes: conservative for the adjustment "
				    "compare makes)");
	if (p0->paired)
		report_table_note(t,
				  "sd diff: sd over the pairs of trials of B - A (the unit is the "
				  "trial); pairs needed: one trial of A and one of B each");
	else
		report_table_note(t, "sd: over each configuration's trials (the unit is the "
				     "trial); trials needed: of each configuration");
	if (o->test == ST_HT_WILCOXON || o->test == ST_HT_MANN_WHITNEY)
		report_table_note(
			t,
			"%s is planned as the t test: with normal trial values a rank test "
			"needs about 5%% more trials (efficiency 3/pi)",
			st_test_name(o->test));
	report_table_note(t,
			  "detectable: the smallest true difference the trials at hand detect with "
			  "%g%% power; the sd is estimated and taken as known, so with few trials "
			  "plan with margin",
			  100.0 * pl->power);
	report_plan_sentence(pl, c, from, to, s, sizeof s);
	report_table_note(t, "%s", s);
}

/* The JSON document of a plan. */
static json_object *plan_json(const st_plan *pl, const st_comparison *c, const char *pa,
			      const char *pb)
{
	const st_opts *o = &c->opts;
	json_object *doc = json_object_new_object();
	report_jadd(doc, "command", json_object_new_string("plan"));
	report_compare_json_head(doc, c, pa, pb);
	report_jadd(doc, "pairing", json_object_new_string(c->pairing ? c->pairing : "none"));
	report_jadd(doc, "adjust", json_object_new_string(st_adjust_name(o->adjust)));
	report_jadd(doc, "alpha", report_json_number(o->alpha));
	report_jadd(doc, "threshold_pct", report_json_number(o->threshold_pct));
	report_plan_json_keys(doc, pl);
	json_object *warn = json_object_new_array();
	for (size_t i = 0; i < c->nwarnings; i++)
		json_object_array_add(warn, json_object_new_string(c->warnings[i]));
	report_jadd(doc, "warnings", warn);
	json_object *rows = json_object_new_array();
	for (size_t i = 0; i < c->nrows; i++) {
		const st_compare_row *r = &c->rows[i];
		json_object *jr = report_key_json(r->benchmark, r->op, r->size);
		report_jadd(jr, "a_mean", report_json_number(report_us_full(pl->rows[i].a_mean)));
		json_object *body = report_plan_row_json(&pl->rows[i]);
		json_object_object_foreach(body, k, v) report_jadd(jr, k, json_object_get(v));
		json_object_put(body);
		json_object_array_add(rows, jr);
	}
	report_jadd(doc, "rows", rows);
	return doc;
}

/* Print a plan in fmt; an exit code. */
static int print_plan(const st_plan *pl, const st_comparison *c, report_format fmt, const char *pa,
		      const char *pb)
{
	if (fmt == REPORT_JSON) {
		json_object *doc = plan_json(pl, c, pa, pb);
		int rc = report_json_print(doc, stdout);
		json_object_put(doc);
		return rc ? REPORT_EXIT_DATA : 0;
	}
	for (size_t i = 0; i < c->nwarnings; i++)
		report_warning("%s", c->warnings[i]);
	int csv = fmt == REPORT_CSV;
	for (size_t i = 0; i < c->nrows;) {
		size_t j = i + 1;
		while (!csv && j < c->nrows &&
		       strcmp(c->rows[j].benchmark, c->rows[i].benchmark) == 0 &&
		       strcmp(c->rows[j].op, c->rows[i].op) == 0)
			j++;
		if (csv)
			j = c->nrows;
		char g[256], *title = NULL;
		report_group_name(c->rows[i].benchmark, c->rows[i].op, g, sizeof g);
		if (!csv &&
		    asprintf(&title,
			     "%s: %s (A) vs %s (B), trial %s in us%s: trials for %g%% power "
			     "against %g%%",
			     g, c->label_a, c->label_b, st_stat_name(c->opts.stat),
			     REPORT_MAX_NOTE(c->opts.use_max), 100.0 * pl->power,
			     pl->threshold_pct) < 0)
			title = NULL;
		report_table *t = report_table_create(title, 0);
		free(title);
		int rc = !t || plan_columns(t, pl->rows[i].paired, csv);
		for (size_t k = i; k < j && !rc; k++)
			rc = plan_cells(t, pl, c, k, csv);
		if (rc) {
			report_table_destroy(t);
			report_error("out of memory");
			return REPORT_EXIT_DATA;
		}
		if (!csv)
			plan_notes(t, pl, c, i, j);
		if (i > 0)
			fputc('\n', stdout);
		int r = report_table_render(t, fmt, stdout);
		report_table_destroy(t);
		if (r == -2)
			return REPORT_EXIT_USAGE; /* --columns: the message is printed */
		i = j;
	}
	for (size_t i = 0; csv && i < c->nrows; i++)
		if (pl->rows[i].why[0])
			report_warning("size %llu: %s", (unsigned long long)c->rows[i].size,
				       pl->rows[i].why);
	return 0;
}

static const char plan_help[] =
	"Usage: sriovstat plan [OPTION]... A.json B.json\n"
	"Plan the next comparison of B with A from the variation between the trials\n"
	"at hand: at every message size, the trials needed for the two-sided t test\n"
	"(paired, or Welch) to detect a true difference of --threshold percent of A's\n"
	"trial statistic with --power, and the smallest difference the trials at hand\n"
	"detect with that power (in us and percent). With an adjustment (Holm by\n"
	"default) each size is planned at alpha divided by the number of sizes.\n"
	"Fewer than 3 trials (pairs) give no estimate: the values are unknown.\n"
	"\n"
	"Options:\n"
	"  --threshold PCT       the difference to detect, percent of A (default 1)\n" REPORT_HELP_POWER
		REPORT_HELP_ALPHA REPORT_HELP_ADJUST REPORT_HELP_STAT REPORT_HELP_TEST
			REPORT_HELP_PAIR REPORT_HELP_MAX_SAMPLES REPORT_HELP_FORCE
	"  --format FMT          text (default), csv, markdown, latex or json\n"
	"  --threads N           use at most N threads (default: every core)\n" REPORT_HELP_COLUMNS
	"  -h, --help            show this help and exit\n";

/* sriovstat plan. */
int cmd_plan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, REPORT_OPT_FORMAT},
		{"threads", required_argument, NULL, REPORT_OPT_THREADS},
		{"columns", required_argument, NULL, REPORT_OPT_COLUMNS},
		{"help", no_argument, NULL, 'h'},
		REPORT_LONGOPT_POWER,
		REPORT_LONGOPT_STAT,
		REPORT_LONGOPT_TEST,
		REPORT_LONGOPT_ADJUST,
		REPORT_LONGOPT_ALPHA,
		REPORT_LONGOPT_MAX_SAMPLES,
		REPORT_LONGOPT_FORCE,
		REPORT_LONGOPT_PAIR,
		REPORT_LONGOPT_THRESHOLD,
		{NULL, 0, NULL, 0},
	};
	report_common com;
	st_opts opts;
	report_common_init(&com);
	st_opts_init(&opts);
	report_getopt g = {
		.cmd = "plan", .help = plan_help, .longopts = longopts, .com = &com, .opts = &opts};
	if (report_getopt_next(&g, argc, argv) != REPORT_GETOPT_END)
		return g.status; /* every option of plan is a shared one */
	if (argc - optind != 2)
		return report_usage("plan", "expected two trial files (A and B), got %d",
				    argc - optind);
	trial_file *tf[2];
	if (report_load_all(argv + optind, 2, opts.use_max ? 0 : TRIAL_READ_NO_MAX, tf))
		return REPORT_EXIT_DATA;
	report_warn_incomplete(tf[0]);
	report_warn_incomplete(tf[1]);
	st_comparison *cmp = NULL;
	st_plan *pl = NULL;
	st_err err = {0};
	int rc;
	if (st_compare(tf[0], tf[1], &opts, &cmp, &err) < 0 ||
	    st_plan_compute(cmp, com.power, &pl, &err) < 0) {
		report_error("%s", err.msg);
		rc = REPORT_EXIT_DATA;
	} else {
		rc = print_plan(pl, cmp, com.format, argv[optind], argv[optind + 1]);
	}
	st_plan_destroy(pl);
	st_comparison_destroy(cmp);
	report_free_all(tf, 2);
	return rc;
}

/* Compare's JSON keys of a plan: "plan" at the top (power, alpha per test,
 * family, method) and in each row of doc's "rows". */
void report_plan_compare_json(json_object *doc, const st_plan *pl)
{
	json_object *top = json_object_new_object(), *rows;
	report_plan_json_keys(top, pl);
	report_jadd(doc, "plan", top);
	if (!json_object_object_get_ex(doc, "rows", &rows))
		return;
	for (size_t i = 0; i < pl->nrows && i < json_object_array_length(rows); i++)
		report_jadd(json_object_array_get_idx(rows, i), "plan",
			    report_plan_row_json(&pl->rows[i]));
}
