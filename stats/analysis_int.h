/* SPDX-License-Identifier: BSD-3-Clause */
/* analysis_int.h: inside the library, what the summary (summarize.c) and the
 * comparison (compare.c) share from analysis.c: the options check, trials
 * grouped by (benchmark, op), and cells (what one file contributes at one
 * (group, size)) computed on every core. Not for programs: they use
 * analysis.h. */
#ifndef SRIOVSTAT_ANALYSIS_INT_H
#define SRIOVSTAT_ANALYSIS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "diag.h"

/* The trials of one (benchmark, op) and the sizes they hold. */
typedef struct group {
	const char *benchmark, *op; /* point into the trial file */
	size_t nsizes, cap;
	uint64_t *sizes; /* ascending, unique */
} group;

typedef struct grouping {
	size_t ngroups;
	group *groups;
} grouping;

/* What one file contributes at one (group, size). */
typedef struct cell {
	size_t ntrials;
	uint64_t nsamples;
	double *stat_values; /* ntrials (owned until handed to a result) */
	int *trial_numbers;
	size_t *positions; /* each trial's place among the group's trials in the file */
	double *means;     /* each trial's average (owned) */
	double *tq;        /* with cell_batch's trial_q: each trial's median and
			      percentiles, tq[k * (1 + npcts) + j] (owned) */
	st_desc pooled;
	/* For the diagnostics (diag.h): */
	double *order;          /* each trial's order in time (owned) */
	const char *order_name; /* what order is: sweep round, start time or place */
	st_diag_trial *iters;   /* warm-up and lag-1 of each trial, or NULL when the
				   samples are per-run averages (imported) (owned) */
} cell;

/* One cell to compute, and its result. */
typedef struct cell_job {
	const trial_file *tf;
	const group *g;
	uint64_t size;
	const double *pcts;
	size_t npcts;
	int by_round;
	int rc;
	cell c;
	st_err err;
} cell_job;

/* The cells of a summary or comparison, in the order they are used. */
typedef struct cell_batch {
	const st_opts *o;
	int trial_q; /* the cells' tq too */
	cell_job *jobs;
	size_t n, cap, next;
	int oom;
} cell_batch;

/* Check that options are in range. */
int an_opts_check(const st_opts *o, st_err *err);

/* Release a grouping. */
void an_grouping_free(grouping *g);

/* Whether trial t belongs to group g. */
int an_in_group(const trial *t, const group *g);

/* Group tf's trials by (benchmark, op) in order of first appearance. */
int an_group_trials(const trial_file *tf, grouping *out, st_err *err);

/* The size entry of t for size, or NULL. */
const trial_size *an_find_size(const trial *t, uint64_t size);

/* A name for tf in messages: its path, else its label. */
const char *an_file_name(const trial_file *tf);

/* "benchmark/op", or "benchmark" when op is empty, into buf. */
const char *an_group_name(const char *benchmark, const char *op, char *buf, size_t len);

/* Release a cell's arrays. */
void an_cell_free(cell *c);

/* Move c's trial-level values (opts.stat of each trial) and their trial
 * numbers to the caller, with their mean and sd (n-1). */
void an_cell_take_stats(cell *c, double *mean, double *sd, double **values, int **numbers);

/* The sample array of s to analyse, or NULL with err set. */
const uint64_t *an_size_samples(const trial_file *tf, const trial *t, const trial_size *s,
				int use_max, st_err *err);

/* Count the trials of g in tf holding size with at least one sample. */
size_t an_count_trials(const trial_file *tf, const group *g, uint64_t size);

/* Whether every trial of g in tf records a sweep round, each round once. */
int an_rounds_usable(const trial_file *tf, const group *g);

/* Count the trials of g in tf, whatever sizes they hold. */
size_t an_group_ntrials(const trial_file *tf, const group *g);

/* Queue a cell (computed by an_cells_run). */
void an_cells_add(cell_batch *b, const trial_file *tf, const group *g, uint64_t size,
		  const double *pcts, size_t npcts, int by_round);

/* Compute every queued cell on every core (each writes only its own job). */
int an_cells_run(cell_batch *b, st_err *err);

/* The next cell in queue order, as cell_compute would have returned it. */
int an_cells_take(cell_batch *b, cell *c, st_err *err);

/* Release the batch and the cells not taken. */
void an_cells_free(cell_batch *b);

/* The diagnostics of a cell (diag.h) for side who ("A (label)"), appended to
 * msg[*n .. max). Call before an_cell_take_stats. 0 or an error. */
int an_cell_diag(const cell *c, const st_opts *o, const char *who, char (*msg)[200], size_t max,
		 size_t *n, st_err *err);

/* The recorded start time of t (meta "start", ISO 8601 UTC, so strings order
 * as times), or NULL. */
const char *an_trial_start(const trial *t);

/* strdup that reports failure through ok. */
char *an_dup_ok(const char *s, int *ok);

#endif
