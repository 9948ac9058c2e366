/* SPDX-License-Identifier: BSD-3-Clause */
/* report.h: what the sriovstat subcommands share: exit codes, messages,
 * the options every table command takes, and loading trial files.
 *
 * This is program code (it prints and its callers exit), unlike stats/. */
#ifndef SRIOVSTAT_REPORT_H
#define SRIOVSTAT_REPORT_H

#include <getopt.h>
#include <math.h>
#include <stddef.h>

#include "analysis.h"
#include "render.h"
#include "sterr.h"
#include "trial.h"

/* Exit codes of sriovstat (documented in sriovstat(1)). */
enum {
	REPORT_EXIT_OK = 0,
	REPORT_EXIT_DATA = 1,  /* unreadable or invalid input, inputs that do not fit */
	REPORT_EXIT_USAGE = 2, /* unknown command or option, bad option value */
};

/* Most percentiles --percentiles accepts. */
#define REPORT_MAX_PCT 16

/* The options of every table command. */
typedef struct report_common {
	report_format format;
	size_t npct;
	double pct[REPORT_MAX_PCT];        /* in percent, ascending, each in (0, 100) */
	char pct_name[REPORT_MAX_PCT][32]; /* "p50", "p99.9", up to 17 digits */
	int pct_set;                       /* --percentiles was given */
	double power;                      /* --power: what plan and compare's footer plan for */
} report_common;

/* getopt_long codes of the shared options (beyond any character). */
enum {
	REPORT_OPT_FORMAT = 0x100,
	REPORT_OPT_PERCENTILES,
	REPORT_OPT_STAT,
	REPORT_OPT_TEST,
	REPORT_OPT_ADJUST,
	REPORT_OPT_ALPHA,
	REPORT_OPT_LEVEL,
	REPORT_OPT_MAX_SAMPLES,
	REPORT_OPT_FORCE,
	REPORT_OPT_THREADS,
	REPORT_OPT_PAIR,
	REPORT_OPT_THRESHOLD,
	REPORT_OPT_COLUMNS,
	REPORT_OPT_POWER,
	REPORT_OPT_FIRST_FREE = 0x140, /* commands number their own long options from here */
};

/* The long-option entries of the shared options, for a command's table. */
#define REPORT_COMMON_LONGOPTS                                                    \
	{"format", required_argument, NULL, REPORT_OPT_FORMAT},                   \
		{"percentiles", required_argument, NULL, REPORT_OPT_PERCENTILES}, \
		{"threads", required_argument, NULL, REPORT_OPT_THREADS},         \
		{"columns", required_argument, NULL, REPORT_OPT_COLUMNS},         \
	{                                                                         \
		"help", no_argument, NULL, 'h'                                    \
	}

/* The help lines of the shared options. */
#define REPORT_COMMON_HELP                                                                          \
	"  --format FMT          text (default), csv, markdown, latex or json\n"                    \
	"  --percentiles LIST    percentiles to show, in percent (default 50,90,95,99)\n"           \
	"  --threads N           use at most N threads (default: every core)\n" REPORT_HELP_COLUMNS \
	"  -h, --help            show this help and exit\n"

/* The help lines of --columns. */
#define REPORT_HELP_COLUMNS                                                                 \
	"  --columns LIST        the columns to show, by their CSV header names, in this\n" \
	"                        order (text, csv, markdown, latex; json keeps them all)\n"

/* Long-option entries of the analysis options (report_analysis_option);
 * a command lists those it takes. */
#define REPORT_LONGOPT_STAT                                      \
	{                                                        \
		"stat", required_argument, NULL, REPORT_OPT_STAT \
	}
#define REPORT_LONGOPT_TEST                                      \
	{                                                        \
		"test", required_argument, NULL, REPORT_OPT_TEST \
	}
#define REPORT_LONGOPT_ADJUST                                        \
	{                                                            \
		"adjust", required_argument, NULL, REPORT_OPT_ADJUST \
	}
#define REPORT_LONGOPT_ALPHA                                       \
	{                                                          \
		"alpha", required_argument, NULL, REPORT_OPT_ALPHA \
	}
#define REPORT_LONGOPT_LEVEL                                       \
	{                                                          \
		"level", required_argument, NULL, REPORT_OPT_LEVEL \
	}
#define REPORT_LONGOPT_MAX_SAMPLES                                       \
	{                                                                \
		"max-samples", no_argument, NULL, REPORT_OPT_MAX_SAMPLES \
	}
#define REPORT_LONGOPT_FORCE                                 \
	{                                                    \
		"force", no_argument, NULL, REPORT_OPT_FORCE \
	}
#define REPORT_LONGOPT_PAIR                                      \
	{                                                        \
		"pair", required_argument, NULL, REPORT_OPT_PAIR \
	}
#define REPORT_LONGOPT_THRESHOLD                                           \
	{                                                                  \
		"threshold", required_argument, NULL, REPORT_OPT_THRESHOLD \
	}

/* Their help lines. */
#define REPORT_HELP_STAT \
	"  --stat STAT           trial statistic: mean (default), median, p90, p95, p99, max\n"
#define REPORT_HELP_TEST \
	"  --test TEST           paired-t (default), welch, wilcoxon, mann-whitney\n"
#define REPORT_HELP_ADJUST                                                                 \
	"  --adjust METHOD       p-value adjustment over every test of the output: holm\n" \
	"                        (default), bh, or none (the papers' unadjusted p)\n"
#define REPORT_HELP_ALPHA "  --alpha A             significance level (default 0.05)\n"
#define REPORT_HELP_LEVEL "  --level L             confidence level of intervals (default 0.95)\n"
#define REPORT_HELP_MAX_SAMPLES \
	"  --max-samples         analyse the per-iteration maximum over ranks (collectives)\n"
#define REPORT_HELP_PAIR                                                                   \
	"  --pair HOW            paired tests: auto (default: by sweep round when every\n" \
	"                        trial records one, else by place), round or place\n"
#define REPORT_LONGOPT_POWER                                       \
	{                                                          \
		"power", required_argument, NULL, REPORT_OPT_POWER \
	}
#define REPORT_HELP_THRESHOLD \
	"  --threshold PCT       practical threshold of the verdicts, percent (default 1)\n"
#define REPORT_HELP_POWER \
	"  --power P             the power to plan for, in (0, 1) or percent (default 0.8)\n"
#define REPORT_HELP_FORCE "  --force               compare files of different benchmarks or ops\n"

/* The name the program was called by (for messages). */
extern const char *report_progname;

/* Print "sriovstat: error: MSG" on stderr. */
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "sriovstat: warning: MSG" on stderr. */
void report_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage error about command cmd and return REPORT_EXIT_USAGE. */
int report_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Defaults: text, percentiles 50, 90, 95, 99. */
void report_common_init(report_common *c);

/* Handle a shared option returned by getopt_long. Returns 1 when opt was one
 * (and its value good), 0 when it is not a shared option, or
 * REPORT_EXIT_USAGE after printing why the value is bad. */
int report_common_option(report_common *c, const char *cmd, int opt, const char *arg);

/* Handle an analysis option (--stat, --test, --adjust, --alpha, --level,
 * --max-samples, --force) into o. Returns as report_common_option. */
int report_analysis_option(st_opts *o, const char *cmd, int opt, const char *arg);

/* The message for getopt_long returning '?' or ':' (unknown option or
 * missing value); returns REPORT_EXIT_USAGE. */
int report_getopt_error(const char *cmd, int opt, char **argv);

/* The option loop every command shares: getopt_long over the command's long
 * options and "h" plus shortopts, -h/--help, the `sriovstat: error: CMD:
 * unknown option ...` messages, and the shared options handled into com and
 * opts. Fill the first six fields, zero the rest, then call
 * report_getopt_next until it returns REPORT_GETOPT_END. */
typedef struct report_getopt {
	const char *cmd;       /* "compare", for messages */
	const char *help;      /* printed to stdout by -h and --help */
	const char *shortopts; /* short options beyond h ("o:"), or NULL; a
					  leading '+' stops at the first operand */
	const struct option *longopts;
	report_common *com; /* --format, --percentiles, --threads go here (or NULL) */
	st_opts *opts;      /* the analysis options go here (or NULL) */
	int status;         /* after REPORT_GETOPT_EXIT: the exit code */
	unsigned given[REPORT_OPT_FIRST_FREE - REPORT_OPT_FORMAT]; /* per shared option:
					  when it was last handled (1 for the first
					  option handled, ...), 0 when never */
	unsigned count;
	int started;
} report_getopt;

enum { REPORT_GETOPT_END = -1, REPORT_GETOPT_EXIT = -2 };

/* The next option for the command itself (a code of its own; optarg holds the
 * value), REPORT_GETOPT_END when the options are over (argv[optind] is the
 * first operand), or REPORT_GETOPT_EXIT when the command must return
 * g->status: 0 after --help, REPORT_EXIT_USAGE after an unknown option, a
 * missing value or a bad value of a shared option (the message printed). */
int report_getopt_next(report_getopt *g, int argc, char **argv);

/* When the shared option code was last handled by g (0: never). */
unsigned report_getopt_given(const report_getopt *g, int code);

/* Parse a number from an option value; 0, or REPORT_EXIT_USAGE after a message. */
int report_parse_double(const char *cmd, const char *opt, const char *arg, double lo, double hi,
			double *out);

/* The index of s in the NULL-terminated names, or -1 (and a usage message
 * listing the choices). */
int report_parse_choice(const char *cmd, const char *opt, const char *arg,
			const char *const *names);

/* Read a trial file (flags as trial_file_read); on failure print the
 * reader's message and return NULL. */
trial_file *report_load(const char *path, unsigned flags);

/* Load n trial files (flags as trial_file_read) into tfs; on failure print
 * the message, free what was loaded and return REPORT_EXIT_DATA. */
int report_load_all(char **paths, size_t n, unsigned flags, trial_file **tfs);

/* Print a warning naming each incomplete trial of tf and the sizes it holds
 * ("FILE: trial 3 incomplete (interrupted by SIGINT): sizes 0, 1, 2"). */
void report_warn_incomplete(const trial_file *tf);

/* Free n trial files. */
void report_free_all(trial_file **tfs, size_t n);

/* Fail (REPORT_EXIT_DATA, with a message) when two of the n files share a label. */
int report_unique_labels(trial_file **tfs, size_t n);

/* "benchmark op", or "benchmark" when op is empty, into buf. */
const char *report_group_name(const char *benchmark, const char *op, char *buf, size_t len);

/* What the titles add when the per-iteration maxima over ranks are analysed. */
#define REPORT_MAX_NOTE(use_max) ((use_max) ? " (max over ranks)" : "")

/* A latency in ns as microseconds, rounded to 1e-6 us (a picosecond): far
 * below any timer's resolution, it drops the floating-point noise of
 * interpolated percentiles (2.4799999999999964) from CSV and JSON. */
static inline double report_us(double ns)
{
	return nearbyint(ns * 1000.0) / 1e6;
}

/* A latency in ns as microseconds at full precision: what JSON prints
 * (report_json_number then gives the shortest text that reads back as this
 * double); only the text formats round (report_us). */
static inline double report_us_full(double ns)
{
	return ns / 1000.0;
}

/* An sd over n values, or NaN (printed "-", JSON null) when n < 2: one
 * value has no spread to estimate, which 0 would claim it measured. */
static inline double report_sd(double sd, uint64_t n)
{
	return n >= 2 ? sd : NAN;
}

/* Add key: value to a JSON object (value may be NULL: JSON null). */
void report_jadd(json_object *o, const char *key, json_object *value);

/* A new JSON object holding a row's key: benchmark, op, size. */
json_object *report_key_json(const char *benchmark, const char *op, uint64_t size);

/* A new table (title may be NULL) whose first columns are a row's key:
 * benchmark and op (CSV only) and size; commands append the rest. NULL when
 * out of memory. */
report_table *report_key_table(const char *title);

/* Append a row to t and fill its key cells; 0, or -1 when out of memory. */
int report_key_row(report_table *t, const char *benchmark, const char *op, uint64_t size);

/* Print a group's display table (a blank line before it unless first) and
 * destroy it. */
void report_group_table_done(report_table *t, int first, report_format fmt);

/* The JSON of a comparison (the "sriovstat compare" document without the
 * top-level "command"); paths name the files. New reference. */
json_object *report_compare_json(const st_comparison *c, const char *path_a, const char *path_b);

/* Add what compare's and plan's documents open with (labels, files, unit,
 * statistic, test) to doc. */
void report_compare_json_head(json_object *doc, const st_comparison *c, const char *path_a,
			      const char *path_b);

/* compare_verdict.c: the verdict parts of a comparison row. */
const char *report_effect_method(const st_compare_row *r);
/* Add pairs, p_min, effect, ratio, verdict and diagnostics to a JSON row. */
void report_verdict_json(json_object *jr, const st_compare_row *r);
/* "+0.084 [+0.061, +0.110]" (shift, us) or "1.052x [1.041, 1.063]" (ratio). */
void report_effect_text(const st_effect *e, int ratio, char *buf, size_t len);
/* Append a row's effect cells: effect, effect_low, effect_high, ratio,
 * ratio_low, ratio_high (CSV numbers), and with text the two texts above. */
void report_effect_cells(report_table *t, const st_compare_row *r, int text);
/* The note explaining effect columns, at o's confidence level. */
void report_effect_note(report_table *t, const st_opts *o);
/* The closing sentence of rows [from, to) of c (one group). */
void report_verdict_sentence(const st_comparison *c, size_t from, size_t to, char *buf, size_t len);

/* A message size as people write it: "64 B", "4 KiB", "1 MiB". */
void report_size_text(uint64_t s, char *buf, size_t len);

/* cmd_plan.c: the plan of a comparison (stats/power.h). */
struct st_plan;
struct st_plan_row;
/* The sentence summing up the plan of rows [from, to) of c (one group). */
void report_plan_sentence(const struct st_plan *pl, const st_comparison *c, size_t from, size_t to,
			  char *buf, size_t len);
/* The JSON of one row of a plan; the top-level keys of a plan into doc. */
json_object *report_plan_row_json(const struct st_plan_row *p);
void report_plan_json_keys(json_object *doc, const struct st_plan *pl);
/* compare's JSON: "plan" at the top and in each row of doc's "rows". */
void report_plan_compare_json(json_object *doc, const struct st_plan *pl);

/* A (benchmark, op) group and the union of its sizes over several files. */
typedef struct report_group {
	const char *benchmark, *op; /* borrowed from a summary */
	size_t nsizes;
	uint64_t *sizes; /* ascending */
} report_group;

/* The groups of n summaries in order of first appearance; the count, or -1
 * when out of memory. Free with report_groups_free. */
long report_summary_groups(st_summary **sums, size_t n, report_group **out);

/* Load and summarize the n files at paths, one at a time (a file's samples
 * are freed once it is summarized: tfs[f] keeps its label and path), with
 * o; warn: name each incomplete trial. per_run[f]: whether file f holds
 * per-run averages (imported). 0, or REPORT_EXIT_DATA after the message
 * (what was made stays in tfs and sums for the caller to free). */
int report_summarize_files(char **paths, size_t n, const st_opts *o, int warn, trial_file **tfs,
			   st_summary **sums, int *per_run);

/* Release the n trial files and summaries and both arrays (each may be NULL). */
void report_summaries_free(trial_file **tfs, st_summary **sums, size_t n);

/* The top of a `sriovstat table` JSON document of kind: command, kind, unit,
 * and o's statistic, test, adjustment and alpha. New reference. */
json_object *report_table_json_doc(const char *kind, const st_opts *o);

/* Release what report_summary_groups made. */
void report_groups_free(report_group *g, long n);

/* The row of s for group g and size, or NULL. */
const st_summary_row *report_summary_find(const st_summary *s, const report_group *g,
					  uint64_t size);

/* Flush stdout and report a failed write; returns the exit code to use. */
int report_finish(int rc);

/* Parse CSV text (the input of 'sriovstat import') into a new trial file of
 * label (*out, the caller's); name is used in messages, def_bench and def_op
 * stand for absent benchmark and op columns. On failure prints the error and
 * returns REPORT_EXIT_DATA. */
int report_import_parse(const char *buf, size_t len, const char *name, const char *label,
			const char *def_bench, const char *def_op, trial_file **out);

/* Import FILEs (paths; "-": standard input) in format from ("osu", "imb",
 * "perftest", "csv", or NULL: told from each file's content) into a new
 * trial file of label (*out); report/import_text.c. Prints the error and
 * returns REPORT_EXIT_DATA on failure. */
int report_import_files(char **paths, size_t n, const char *from, const char *label,
			const char *bench, const char *op, trial_file **out);

/* sriovstat table --kind matrix (report/table_matrix.c): the test of every
 * pair of the n files (or of each against the file labelled baseline), the
 * p-values adjusted over the whole output with o->adjust. */
int report_table_matrix(char **paths, size_t n, const char *baseline, unsigned flags,
			const report_common *com, const st_opts *o);
/* Its flags: each file's mean first (--means), each pair's effect (--effect). */
enum { REPORT_MATRIX_MEANS = 1, REPORT_MATRIX_EFFECT = 2 };

/* ---- subcommands: each takes its own argv (argv[0] is the command) ---- */
int cmd_summary(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);
int cmd_plan(int argc, char **argv);

#endif
