/* SPDX-License-Identifier: BSD-3-Clause */
/* analysis.h: summaries of a trial file and A/B comparisons of two, the
 * layer that `sriovstat` renders.
 *
 * Grouping. Trials are grouped by (benchmark, op), in order of first
 * appearance in the file; inside a group, rows are by message size
 * (ascending). A trial contributes to a size only if it holds that size, so
 * an interrupted trial (complete == 0) contributes the sizes it finished.
 *
 * Two levels of data:
 * - pooled: every sample of every trial at a size, taken together
 *   (percentiles, min, max, mean);
 * - trial level: one value per trial at a size, the chosen statistic st_stat
 *   of that trial's samples (its mean by default). Trials are the independent
 *   units: spreads over trials, t intervals and hypothesis tests use these.
 *
 * Samples are the per-iteration latencies `samples` of each size, or with
 * opts.use_max the per-iteration maxima over ranks `max_samples` (collective
 * benchmarks; an error when a size has none). A file read with
 * TRIAL_READ_NO_SAMPLES cannot be analysed (ST_EUSAGE).
 *
 * The input files are neither modified nor copied: order statistics come from
 * selection over the trials' sample arrays in place (st_describe_segs_u64,
 * st_quantiles_u64), so extra memory is small (a 512 KiB histogram plus the
 * few histogram buckets that hold the wanted ranks).
 *
 * Results own all their memory (strings are copies), so they outlive the
 * trial files. Values are in nanoseconds. No field is NaN or Inf: quantities
 * that do not exist carry a has_ / valid flag or a reason.
 * Library code: no printing, no exit. */
#ifndef SRIOVSTAT_ANALYSIS_H
#define SRIOVSTAT_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "effect.h"
#include "htest.h"
#include "sterr.h"
#include "trial.h"

/* The trial-level statistic: what one trial contributes at one size. */
typedef enum st_stat {
	ST_STAT_MEAN = 0, /* default */
	ST_STAT_MEDIAN,
	ST_STAT_P90,
	ST_STAT_P95,
	ST_STAT_P99,
	ST_STAT_MAX,
} st_stat;

/* "mean", "median", "p90", "p95", "p99", "max". */
const char *st_stat_name(st_stat s);

/* Parse a statistic name (the names above; "p50" is the median). 0 or ST_EUSAGE. */
int st_stat_parse(const char *s, st_stat *out, st_err *err);

/* Statistic s of n >= 1 ascending samples (mean needs no order). */
double st_stat_of_sorted_u64(st_stat s, const uint64_t *sorted, size_t n);

/* Parse a comma-separated list of percentiles in [0, 100] ("90,95,99.9")
 * into out (at most max values). 0, or ST_EUSAGE naming the bad item. */
int st_pcts_parse(const char *s, double *out, size_t max, size_t *n, st_err *err);

/* How a paired test pairs the trials of A with those of B. */
typedef enum st_pair {
	ST_PAIR_AUTO = 0, /* by sweep round when every trial records one, else by place */
	ST_PAIR_ROUND,    /* by sweep round; an error when a trial records none */
	ST_PAIR_PLACE,    /* the k-th trial of A with the k-th of B, in file order */
} st_pair;

/* "auto", "round", "place"; parse: 0 or ST_EUSAGE. */
const char *st_pair_name(st_pair p);
int st_pair_parse(const char *s, st_pair *out, st_err *err);

/* Options shared by summaries and comparisons. */
typedef struct st_opts {
	st_stat stat;            /* trial-level statistic (ST_STAT_MEAN) */
	st_test_kind test;       /* compare: the test (ST_HT_PAIRED_T) */
	st_adjust adjust;        /* compare: p adjustment across all rows (ST_ADJ_HOLM) */
	st_pair pair;            /* compare, paired tests: how trials pair (ST_PAIR_AUTO) */
	double threshold_pct;    /* compare: practical threshold of the verdicts, percent (1) */
	double alpha;            /* compare: significance level (0.05) */
	double level;            /* confidence level of every interval (0.95) */
	size_t npcts;            /* pooled percentiles to report, in percent, each in [0, 100] */
	double pcts[ST_MAX_PCT]; /* (50, 90, 95, 99): the summary's and each compared side's */
	int force;               /* compare: match sizes regardless of benchmark/op (0) */
	int use_max;             /* analyse max_samples instead of samples (0) */
} st_opts;

/* Fill o with the defaults given above. */
void st_opts_init(st_opts *o);

/* ---- summary of one file ---- */

/* Most diagnostics one summary or comparison row holds, and (ST_MAX_WARN)
 * warnings one comparison holds. */
#define ST_MAX_DIAG 12

typedef struct st_summary_row {
	char *benchmark, *op; /* op is "" when none */
	uint64_t size;        /* bytes */
	size_t ntrials;       /* trials holding this size */
	uint64_t nsamples;    /* pooled sample count */
	/* pooled over all samples of all trials */
	double mean, sd, min, max, median;
	double pct[ST_MAX_PCT];   /* at opts.pcts[0 .. opts.npcts-1] */
	st_ci median_ci;          /* CI of the pooled median whose unit is the trial: median
				  -+ t(ntrials - 1) sd / sqrt(ntrials), sd over the trials'
				  own medians (not the order-statistic interval of desc.h,
				  which would take every sample as independent) */
	st_ci pct_ci[ST_MAX_PCT]; /* the same interval for each pooled percentile pct[k]:
				    pct[k] -+ t(ntrials - 1) sd / sqrt(ntrials), sd over
				    the trials' own percentiles */
	size_t ndiag;             /* diagnostics of the data (diag.h: outlying trials,
				    drift, warm-up, autocorrelation) */
	char diag[ST_MAX_DIAG][200];
	/* over trials: each trial's average, and each trial's chosen statistic */
	double trial_mean, trial_sd; /* mean and sd (n-1; 0 if one trial) of averages */
	st_ci mean_ci;               /* t interval (df = ntrials - 1) of trial_mean */
	double stat_mean, stat_sd;   /* the same for opts.stat */
	double *stat_values;         /* ntrials values of opts.stat, in trial order */
	int *trial_numbers;          /* their trial numbers */
} st_summary_row;

typedef struct st_summary {
	char *label;
	st_opts opts; /* as used (pcts included) */
	size_t nrows;
	st_summary_row *rows; /* by group, then ascending size */
	size_t ntrials;       /* trials in the file */
	size_t nincomplete;   /* of which incomplete */
} st_summary;

/* Summarize tf. Returns 0 with *out owned by the caller (st_summary_destroy),
 * or ST_EVALUE (an option out of range, no trials, a size without samples or
 * max_samples when opts.use_max), ST_EUSAGE (samples not loaded), ST_ENOMEM.
 * opts may be NULL for the defaults. */
int st_summarize(const trial_file *tf, const st_opts *opts, st_summary **out, st_err *err);

/* Release a summary (NULL is fine). */
void st_summary_destroy(st_summary *s);

/* ---- comparison of two files ---- */

/* One side (A or B) of a comparison row. */
typedef struct st_side {
	size_t ntrials;            /* trials holding the size */
	uint64_t nsamples;         /* pooled sample count */
	double stat_mean, stat_sd; /* mean and sd (n-1; 0 if one trial) of opts.stat over trials */
	double *stat_values;       /* the ntrials values, in trial order (a paired test pairs
				   the k-th trial of A's group with the k-th of B's) */
	int *trial_numbers;        /* their trial numbers */
	/* pooled over all samples */
	double mean, min, max;
	double pct[ST_MAX_PCT]; /* at the comparison's opts.pcts[0 .. opts.npcts-1] */
} st_side;

/* Most warnings one comparison holds. */
#define ST_MAX_WARN 8

typedef struct st_compare_row {
	char *benchmark, *op;     /* of A */
	char *benchmark_b, *op_b; /* of B (differ from A's only with opts.force) */
	uint64_t size;
	st_side a, b;
	double diff;         /* b.stat_mean - a.stat_mean */
	int has_diff_pct;    /* 0 when a.stat_mean is 0 */
	double diff_pct;     /* 100 diff / a.stat_mean */
	st_test_result test; /* statistic, df (has_df), p (has_p), CI of the
				     difference (has_ci), reason (status != DONE, or a
				     note on the pairs left out: see unpaired) */
	int has_p_adj;       /* == test.has_p */
	double p_adj;        /* adjusted p (== p for ST_ADJ_NONE); 1 when !has_p_adj */
	int significant;     /* has_p_adj && p_adj < opts.alpha */
	size_t unpaired;     /* paired tests: trials at this size whose partner (the
				     trial of the same place, or round, in the other file's
				     group) lacks it, left out of the test (test.reason
				     says so) */
	int by_round;        /* paired tests: trials paired by the sweep round they
				     record (every trial of both groups records one, each
				     round once), not by their place in the file */
	/* What the test used (issue 12: one set of observations per row): diff
	 * and diff_pct above, effect and ratio come from exactly these. */
	size_t npairs;        /* paired tests: pairs used; unpaired: a.ntrials + b.ntrials */
	st_effect effect;     /* Hodges-Lehmann shift B minus A (ns) with its interval */
	st_effect ratio;      /* ratio B/A with its interval */
	int has_diff_sd;      /* paired tests with >= 2 pairs */
	double diff_sd;       /* sd (n-1) of the paired differences B - A the test used */
	st_verdict verdict;   /* against opts.threshold_pct (see st_verdict_of) */
	int higher_is_better; /* the quantity is a rate: higher B is "faster" */
	size_t ndiag;         /* diagnostics behind the verdict (warnings, not errors) */
	size_t ndiag_data;    /* of which the first ndiag_data are about the data (kept
				     when st_comparisons_adjust redoes the verdict's) */
	char diag[ST_MAX_DIAG][200];
} st_compare_row;

/* A size present in one file only (in a group both files hold). */
typedef struct st_skipped {
	char *benchmark, *op;
	uint64_t size;
	char side; /* 'A' or 'B': the side that has it */
} st_skipped;

typedef struct st_comparison {
	char *label_a, *label_b;
	st_opts opts; /* as used */
	size_t nrows;
	st_compare_row *rows; /* by A's group order, then ascending size */
	size_t nskipped;
	st_skipped *skipped; /* sizes only in A or only in B, ascending */
	size_t ntested;      /* rows with a p-value (the adjustment family) */
	size_t by_round;     /* rows whose trials were paired by sweep round */
	size_t nsignificant;
	const char *pairing; /* "round" (every paired row by round), "place" (some
				     row by place), "none" (unpaired test) */
	size_t nverdict[4];  /* rows per st_verdict */
	size_t nwarnings;    /* warnings on the whole comparison (pairing by place,
				     trials of A and B not interleaved in time) */
	char warnings[ST_MAX_WARN][320];
} st_comparison;

/* Compare A (baseline) with B: B minus A at every (benchmark, op, size)
 * present in both. Paired tests pair trials by sweep round or by place in
 * the file (opts.pair; c->pairing and c->warnings say which). Each row's
 * diff, effect, ratio and verdict come from the observations its test used;
 * p-values are adjusted over all rows (opts.adjust, Holm by default).
 * Errors:
 * - ST_EMISMATCH when the files' (benchmark, op) groups differ (the message
 *   names A's and B's, and mentions force) unless opts.force; with force each
 *   file must hold one group (else ST_EMISMATCH) and sizes are matched
 *   regardless of benchmark/op;
 * - ST_EMISMATCH when a paired test meets different trial counts at a size
 *   (the message names the size and both counts and suggests welch);
 * - ST_EMISMATCH when no size is common to both;
 * - as st_summarize otherwise.
 * Returns 0 with *out owned by the caller (st_comparison_destroy).
 * opts may be NULL for the defaults. */
int st_compare(const trial_file *a, const trial_file *b, const st_opts *opts, st_comparison **out,
	       st_err *err);

/* Release a comparison (NULL is fine). */
void st_comparison_destroy(st_comparison *c);

/* ---- the parts of a comparison row beyond the test (verdict.c) ---- */

/* Fill r's diff, diff_pct, npairs, effect and ratio from the observations its
 * test used: paired (x[i] with y[i], n = nx = ny) or not. 0 or an error. */
int st_row_effects(st_compare_row *r, int paired, const double *x, size_t nx, const double *y,
		   size_t ny, const st_opts *o, st_err *err);

/* Adjust the p-values of every row of the n comparisons c[] as one family
 * (rows without a p stay out) with method, then set each row's p_adj,
 * significant, verdict and diagnostics, and each comparison's ntested,
 * nsignificant and nverdict. st_compare does this for its own rows; a
 * program printing several comparisons in one output calls it again on all
 * of them. 0, or an error from st_p_adjust. */
int st_comparisons_adjust(st_comparison *const *c, size_t n, st_adjust method, st_err *err);

/* Add a warning to c (dropped when ST_MAX_WARN are held). */
void st_comparison_warn(st_comparison *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
