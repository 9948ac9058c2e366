/* SPDX-License-Identifier: BSD-3-Clause */
/* analysis.c: what summaries (summarize.c) and A/B comparisons (compare.c)
 * share: names and options, trials grouped by (benchmark, op), and cells.
 *
 * Work is done one (group, size) "cell" at a time, reading the sample arrays
 * of the trials in place: order statistics come from selection
 * (st_quantiles_u64, st_describe_segs_u64), not from sorting, so nothing is
 * copied and the input files are never modified. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis_int.h"
#include "par.h"

static const char *const stat_names[] = {"mean", "median", "p90", "p95", "p99", "max"};

/* Name of a trial-level statistic. */
const char *st_stat_name(st_stat s)
{
	if ((unsigned)s < sizeof stat_names / sizeof *stat_names)
		return stat_names[s];
	return "unknown";
}

/* Parse a statistic name ("p50" is the median). */
int st_stat_parse(const char *s, st_stat *out, st_err *err)
{
	for (size_t i = 0; s && i < sizeof stat_names / sizeof *stat_names; i++)
		if (strcasecmp(s, stat_names[i]) == 0) {
			*out = (st_stat)i;
			return 0;
		}
	if (s && strcasecmp(s, "p50") == 0) {
		*out = ST_STAT_MEDIAN;
		return 0;
	}
	return st_seterr(err, ST_EUSAGE,
			 "unknown statistic '%s' (expected mean, median, p90, p95, p99 or max)",
			 s ? s : "");
}

/* Statistic s of ascending samples. */
double st_stat_of_sorted_u64(st_stat s, const uint64_t *sorted, size_t n)
{
	if (n == 0)
		return 0.0;
	switch (s) {
	case ST_STAT_MEDIAN: return st_quantile_sorted_u64(sorted, n, 0.50);
	case ST_STAT_P90: return st_quantile_sorted_u64(sorted, n, 0.90);
	case ST_STAT_P95: return st_quantile_sorted_u64(sorted, n, 0.95);
	case ST_STAT_P99: return st_quantile_sorted_u64(sorted, n, 0.99);
	case ST_STAT_MAX: return (double)sorted[n - 1];
	case ST_STAT_MEAN:
	default: return st_mean_u64(sorted, n);
	}
}

/* Parse "90,95,99.9" into out. */
int st_pcts_parse(const char *s, double *out, size_t max, size_t *n, st_err *err)
{
	size_t k = 0;
	const char *p = s ? s : "";
	if (*p == 0)
		return st_seterr(err, ST_EUSAGE, "empty percentile list");
	for (;;) {
		char *end;
		errno = 0;
		double v = strtod(p, &end);
		size_t len = strcspn(p, ",");
		if (end == p || (size_t)(end - p) != len || errno || !(v >= 0.0 && v <= 100.0))
			return st_seterr(err, ST_EUSAGE,
					 "bad percentile '%.*s' (expected a number in [0, 100])",
					 (int)len, p);
		if (k == max)
			return st_seterr(err, ST_EUSAGE, "at most %zu percentiles", max);
		out[k++] = v;
		if (*end == 0)
			break;
		p = end + 1;
	}
	*n = k;
	return 0;
}

static const char *const pair_names[] = {"auto", "round", "place"};

/* Name of a pairing. */
const char *st_pair_name(st_pair p)
{
	if ((unsigned)p < sizeof pair_names / sizeof *pair_names)
		return pair_names[p];
	return "unknown";
}

/* Parse a pairing name. */
int st_pair_parse(const char *s, st_pair *out, st_err *err)
{
	for (size_t i = 0; s && i < sizeof pair_names / sizeof *pair_names; i++)
		if (strcasecmp(s, pair_names[i]) == 0) {
			*out = (st_pair)i;
			return 0;
		}
	return st_seterr(err, ST_EUSAGE, "unknown pairing '%s' (expected auto, round or place)",
			 s ? s : "");
}

/* Fill o with the documented defaults. */
void st_opts_init(st_opts *o)
{
	memset(o, 0, sizeof *o);
	o->stat = ST_STAT_MEAN;
	o->test = ST_HT_PAIRED_T;
	o->adjust = ST_ADJ_HOLM;
	o->pair = ST_PAIR_AUTO;
	o->threshold_pct = 1.0;
	o->alpha = 0.05;
	o->level = 0.95;
	static const double def_pcts[] = {50, 90, 95, 99};
	o->npcts = sizeof def_pcts / sizeof def_pcts[0];
	memcpy(o->pcts, def_pcts, sizeof def_pcts);
}

/* Check that options are in range. */
int an_opts_check(const st_opts *o, st_err *err)
{
	if ((unsigned)o->stat > ST_STAT_MAX)
		return st_seterr(err, ST_EVALUE, "unknown trial statistic %d", (int)o->stat);
	if ((unsigned)o->test > ST_HT_MANN_WHITNEY)
		return st_seterr(err, ST_EVALUE, "unknown test %d", (int)o->test);
	if ((unsigned)o->adjust > ST_ADJ_BH)
		return st_seterr(err, ST_EVALUE, "unknown p adjustment %d", (int)o->adjust);
	if ((unsigned)o->pair > ST_PAIR_PLACE)
		return st_seterr(err, ST_EVALUE, "unknown pairing %d", (int)o->pair);
	if (!(o->threshold_pct >= 0.0 && o->threshold_pct < 100.0))
		return st_seterr(err, ST_EVALUE, "threshold %g%% is not in [0, 100)",
				 o->threshold_pct);
	if (!(o->alpha > 0.0 && o->alpha < 1.0))
		return st_seterr(err, ST_EVALUE, "significance level %g is not in (0, 1)",
				 o->alpha);
	if (!(o->level > 0.0 && o->level < 1.0))
		return st_seterr(err, ST_EVALUE, "confidence level %g is not in (0, 1)", o->level);
	if (o->npcts > ST_MAX_PCT)
		return st_seterr(err, ST_EVALUE, "at most %d percentiles, not %zu", ST_MAX_PCT,
				 o->npcts);
	for (size_t i = 0; i < o->npcts; i++)
		if (!(o->pcts[i] >= 0.0 && o->pcts[i] <= 100.0))
			return st_seterr(err, ST_EVALUE, "percentile %g is not in [0, 100]",
					 o->pcts[i]);
	return 0;
}

/* ---- grouping ---- */

/* Release a grouping. */
void an_grouping_free(grouping *g)
{
	for (size_t i = 0; i < g->ngroups; i++)
		free(g->groups[i].sizes);
	free(g->groups);
	memset(g, 0, sizeof *g);
}

/* Whether trial t belongs to group g. */
int an_in_group(const trial *t, const group *g)
{
	return strcmp(t->benchmark ? t->benchmark : "", g->benchmark) == 0 &&
	       strcmp(t->op ? t->op : "", g->op) == 0;
}

/* Add size to g's ascending set. */
static int group_add_size(group *g, uint64_t size)
{
	size_t lo = 0, hi = g->nsizes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->sizes[mid] < size)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->nsizes && g->sizes[lo] == size)
		return 0;
	if (g->nsizes == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 16;
		uint64_t *grown = realloc(g->sizes, cap * sizeof *grown);
		if (!grown)
			return -1;
		g->sizes = grown;
		g->cap = cap;
	}
	memmove(g->sizes + lo + 1, g->sizes + lo, (g->nsizes - lo) * sizeof *g->sizes);
	g->sizes[lo] = size;
	g->nsizes++;
	return 0;
}

/* Group tf's trials by (benchmark, op) in order of first appearance. */
int an_group_trials(const trial_file *tf, grouping *out, st_err *err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		size_t gi = 0;
		while (gi < out->ngroups && !an_in_group(t, &out->groups[gi]))
			gi++;
		if (gi == out->ngroups) {
			group *grown = realloc(out->groups, (gi + 1) * sizeof *grown);
			if (!grown)
				goto nomem;
			out->groups = grown;
			memset(&grown[gi], 0, sizeof *grown);
			grown[gi].benchmark = t->benchmark ? t->benchmark : "";
			grown[gi].op = t->op ? t->op : "";
			out->ngroups++;
		}
		for (size_t k = 0; k < t->nsizes; k++)
			if (group_add_size(&out->groups[gi], t->sizes[k].size) != 0)
				goto nomem;
	}
	return 0;
nomem:
	an_grouping_free(out);
	return st_seterr(err, ST_ENOMEM, "out of memory grouping trials");
}

/* The size entry of t for size, or NULL. */
const trial_size *an_find_size(const trial *t, uint64_t size)
{
	for (size_t k = 0; k < t->nsizes; k++)
		if (t->sizes[k].size == size)
			return &t->sizes[k];
	return NULL;
}

/* A name for tf in messages: its path, else its label. */
const char *an_file_name(const trial_file *tf)
{
	if (tf->path)
		return tf->path;
	return tf->label ? tf->label : "(unnamed)";
}

/* "benchmark/op", or "benchmark" when op is empty, into buf. */
const char *an_group_name(const char *benchmark, const char *op, char *buf, size_t len)
{
	if (op[0])
		snprintf(buf, len, "%s/%s", benchmark, op);
	else
		snprintf(buf, len, "%s", benchmark);
	return buf;
}

/* ---- one (group, size) cell ---- */

/* Release a cell's arrays. */
void an_cell_free(cell *c)
{
	free(c->stat_values);
	free(c->trial_numbers);
	free(c->positions);
	free(c->means);
	free(c->tq);
	free(c->order);
	free(c->iters);
	memset(c, 0, sizeof *c);
}

/* Move c's trial-level values (opts.stat of each trial) and their trial
 * numbers to the caller, with their mean and sd (n-1). */
void an_cell_take_stats(cell *c, double *mean, double *sd, double **values, int **numbers)
{
	*mean = st_mean_f64(c->stat_values, c->ntrials);
	*sd = st_sd_f64(c->stat_values, c->ntrials, *mean);
	*values = c->stat_values;
	*numbers = c->trial_numbers;
	c->stat_values = NULL;
	c->trial_numbers = NULL;
}

/* The sample array of s to analyse, or NULL with err set. */
const uint64_t *an_size_samples(const trial_file *tf, const trial *t, const trial_size *s,
				int use_max, st_err *err)
{
	const uint64_t *v = use_max ? s->max_samples : s->samples;
	if (v)
		return v;
	if (!use_max || !s->samples) {
		st_seterr(err, ST_EUSAGE,
			  "%s: trial %d, size %llu: samples were not loaded (the file was read "
			  "without its samples)",
			  an_file_name(tf), t->number, (unsigned long long)s->size);
		return NULL;
	}
	st_seterr(err, ST_EVALUE,
		  "%s: trial %d, size %llu has no max_samples (per-iteration maxima over "
		  "ranks, recorded by collective benchmarks only)",
		  an_file_name(tf), t->number, (unsigned long long)s->size);
	return NULL;
}

/* Count the trials of g in tf holding size with at least one sample. */
size_t an_count_trials(const trial_file *tf, const group *g, uint64_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (an_in_group(t, g) && (s = an_find_size(t, size)) && s->n > 0)
			n++;
	}
	return n;
}

/* Whether every trial of g in tf records a sweep round, each round once. */
int an_rounds_usable(const trial_file *tf, const group *g)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		if (!an_in_group(t, g))
			continue;
		int r = trial_sweep_round(t);
		if (r == 0)
			return 0;
		for (size_t j = 0; j < i; j++)
			if (an_in_group(&tf->trials[j], g) &&
			    trial_sweep_round(&tf->trials[j]) == r)
				return 0;
		n++;
	}
	return n > 0;
}

/* Count the trials of g in tf, whatever sizes they hold. */
size_t an_group_ntrials(const trial_file *tf, const group *g)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++)
		n += an_in_group(&tf->trials[i], g);
	return n;
}

/* The recorded start time of t, or NULL. */
const char *an_trial_start(const trial *t)
{
	json_object *v;
	if (!t->meta || !json_object_object_get_ex(t->meta, "start", &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Whether t's samples are per-run averages (an import of a tool's summary
 * lines: meta "source": {"samples": "per-run"}), not iterations. */
static int samples_per_run(const trial *t)
{
	json_object *src, *v;
	return t->meta && json_object_object_get_ex(t->meta, "source", &src) &&
	       json_object_object_get_ex(src, "samples", &v) &&
	       json_object_is_type(v, json_type_string) &&
	       strcmp(json_object_get_string(v), "per-run") == 0;
}

/* The order in time of the nt trials of g holding size in c (c->order):
 * their sweep round when every trial of g records one, else the rank of
 * their recorded start time when every trial records one, else their place
 * among g's trials in the file. */
static void cell_order(const trial_file *tf, const group *g, cell *c, const trial **ts)
{
	int starts = 1;
	for (size_t i = 0; i < tf->ntrials && starts; i++)
		if (an_in_group(&tf->trials[i], g) && !an_trial_start(&tf->trials[i]))
			starts = 0;
	if (an_rounds_usable(tf, g)) {
		c->order_name = "sweep round";
		for (size_t k = 0; k < c->ntrials; k++)
			c->order[k] = (double)trial_sweep_round(ts[k]);
	} else if (starts) {
		c->order_name = "start time";
		for (size_t k = 0; k < c->ntrials; k++) {
			size_t before = 0;
			for (size_t j = 0; j < c->ntrials; j++)
				before += strcmp(an_trial_start(ts[j]), an_trial_start(ts[k])) < 0;
			c->order[k] = (double)before;
		}
	} else {
		c->order_name = "place in the file";
		/* c->order already holds the place */
	}
}

/* A cell being computed, for cell_trial. */
typedef struct cell_fill {
	cell *c;
	const st_opts *o;
	const uint64_t *const *segs;
	const size_t *lens;
} cell_fill;

/* What st_describe_trials_u64 found of trial k (its first tenth is the
 * head): its mean, its statistic when that is the mean or the maximum, and
 * the warm-up and lag-1 values of its iterations (st_warmup_split_u64 and
 * st_lag1_u64 of the iterations after the first tenth), while its values
 * are in cache. */
static void cell_trial(size_t k, const st_trial_info *ti, void *arg)
{
	cell_fill *f = arg;
	cell *c = f->c;
	size_t n = f->lens[k];
	c->means[k] = ti->mean;
	if (f->o->stat == ST_STAT_MEAN)
		c->stat_values[k] = ti->mean;
	else if (f->o->stat == ST_STAT_MAX)
		c->stat_values[k] = (double)ti->max;
	st_diag_trial *d = &c->iters[k];
	d->first = d->rest = d->lag1 = NAN;
	if (n < ST_DIAG_MIN_ITERS)
		return;
	d->first = ti->head_mean;
	d->rest = ti->rest_mean;
	if (st_lag1_mean_u64(f->segs[k] + ti->head, n - ti->head, ti->rest_mean, &d->lag1) != 0)
		d->lag1 = NAN;
}

/* The diagnostics of a cell. */
int an_cell_diag(const cell *c, const st_opts *o, const char *who, char (*msg)[200], size_t max,
		 size_t *n, st_err *err)
{
	st_diag_input in = {.n = c->ntrials,
			    .stat = c->stat_values,
			    .numbers = c->trial_numbers,
			    .order = c->order,
			    .order_name = c->order_name,
			    .iters = c->iters,
			    .who = who,
			    .stat_name = st_stat_name(o->stat),
			    .threshold_pct = o->threshold_pct};
	return st_diag_side(&in, msg, max, n, err);
}

/* The quantiles each trial's selection gives (st_describe_trials_u64) into
 * q: the statistic o->stat when it is one, then with trial_q the median and
 * pcts. Their count. */
static size_t cell_trial_q(const st_opts *o, const double *pcts, size_t npcts, int trial_q,
			   double *q)
{
	static const double stat_q[] = {[ST_STAT_MEDIAN] = 0.50,
					[ST_STAT_P90] = 0.90,
					[ST_STAT_P95] = 0.95,
					[ST_STAT_P99] = 0.99};
	size_t nq = 0;
	if (o->stat != ST_STAT_MEAN && o->stat != ST_STAT_MAX)
		q[nq++] = stat_q[o->stat];
	if (trial_q) {
		q[nq++] = 0.5;
		for (size_t j = 0; j < npcts; j++)
			q[nq++] = pcts[j] / 100.0;
	}
	return nq;
}

/* From the trials' quantiles tv (nq of each, cell_trial_q's), the statistic
 * of each and, with trial_q, c->tq. */
static void cell_take_q(cell *c, const st_opts *o, const double *tv, size_t nq, int trial_q)
{
	size_t at = o->stat != ST_STAT_MEAN && o->stat != ST_STAT_MAX;
	for (size_t k = 0; k < c->ntrials; k++) {
		if (at)
			c->stat_values[k] = tv[k * nq];
		for (size_t j = 0; trial_q && j < nq - at; j++)
			c->tq[k * (nq - at) + j] = tv[k * nq + at + j];
	}
}

/* Compute a cell: trial-level values and the pooled description at pcts,
 * reading the trials' sample arrays in place. */
static int cell_compute(const trial_file *tf, const group *g, uint64_t size, const st_opts *o,
			const double *pcts, size_t npcts, int by_round, int trial_q, cell *c,
			st_err *err)
{
	memset(c, 0, sizeof *c);
	size_t nt = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!an_in_group(t, g) || !(s = an_find_size(t, size)) || s->n == 0)
			continue;
		if (!an_size_samples(tf, t, s, o->use_max, err))
			return err ? err->code : ST_EUSAGE;
		nt++;
	}
	if (nt == 0)
		return st_seterr(err, ST_EVALUE, "%s: size %llu holds no samples", an_file_name(tf),
				 (unsigned long long)size);
	const uint64_t **segs = malloc(nt * sizeof *segs);
	size_t *lens = malloc(nt * sizeof *lens);
	c->stat_values = malloc(nt * sizeof *c->stat_values);
	c->trial_numbers = malloc(nt * sizeof *c->trial_numbers);
	c->means = malloc(nt * sizeof *c->means);
	c->positions = malloc(nt * sizeof *c->positions);
	c->order = malloc(nt * sizeof *c->order);
	c->iters = malloc(nt * sizeof *c->iters);
	const trial **ts = malloc(nt * sizeof *ts);
	double q[ST_MAX_PCT + 2];
	size_t nq = cell_trial_q(o, pcts, npcts, trial_q, q);
	double *tv = malloc((nq ? nq : 1) * nt * sizeof *tv);
	if (trial_q)
		c->tq = malloc((1 + npcts) * nt * sizeof *c->tq);
	if (!segs || !lens || !c->stat_values || !c->trial_numbers || !c->means || !c->positions ||
	    !c->order || !c->iters || !ts || !tv || (trial_q && !c->tq)) {
		free(segs);
		free(lens);
		free(ts);
		free(tv);
		an_cell_free(c);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	int rc = 0;
	size_t k = 0, place = 0;
	int per_run = 0;
	uint64_t total = 0;
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!an_in_group(t, g))
			continue;
		place++;
		if (!(s = an_find_size(t, size)) || s->n == 0)
			continue;
		c->positions[k] = by_round ? (size_t)trial_sweep_round(t) : place - 1;
		c->order[k] = (double)(place - 1);
		ts[k] = t;
		per_run |= samples_per_run(t);
		segs[k] = an_size_samples(tf, t, s, o->use_max, NULL);
		lens[k] = s->n;
		c->trial_numbers[k] = t->number;
		total += s->n;
		k++;
	}
	c->ntrials = nt;
	c->nsamples = total;
	if (rc == 0)
		cell_order(tf, g, c, ts);
	free(ts);
	cell_fill fill = {c, o, segs, lens};
	if (rc == 0)
		rc = st_describe_trials_u64(segs, lens, nt, q, nq, tv, 10, cell_trial, &fill, pcts,
					    npcts, o->level, &c->pooled, err);
	if (rc == 0)
		cell_take_q(c, o, tv, nq, trial_q);
	if (per_run) {
		free(c->iters);
		c->iters = NULL;
	}
	free(tv);
	free(segs);
	free(lens);
	if (rc)
		an_cell_free(c);
	return rc;
}

/* ---- cells computed on every core ---- */

/* Queue a cell (computed by an_cells_run). */
void an_cells_add(cell_batch *b, const trial_file *tf, const group *g, uint64_t size,
		  const double *pcts, size_t npcts, int by_round)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		cell_job *j = realloc(b->jobs, cap * sizeof *j);
		if (!j) {
			b->oom = 1;
			return;
		}
		b->jobs = j;
		b->cap = cap;
	}
	b->jobs[b->n++] = (cell_job){tf, g, size, pcts, npcts, by_round, 0, {0}, {0}};
}

/* Compute one queued cell (st_par_for). */
static void cell_job_run(size_t i, void *arg)
{
	cell_batch *b = arg;
	cell_job *j = &b->jobs[i];
	j->rc = cell_compute(j->tf, j->g, j->size, b->o, j->pcts, j->npcts, j->by_round, b->trial_q,
			     &j->c, &j->err);
}

/* Compute every queued cell on every core (each writes only its own job). */
int an_cells_run(cell_batch *b, st_err *err)
{
	if (b->oom)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	st_par_for(b->n, cell_job_run, b);
	return 0;
}

/* The next cell in queue order, as cell_compute would have returned it. */
int an_cells_take(cell_batch *b, cell *c, st_err *err)
{
	cell_job *j = &b->jobs[b->next++];
	if (j->rc) {
		if (err)
			*err = j->err;
		return j->rc;
	}
	*c = j->c;
	memset(&j->c, 0, sizeof j->c);
	return 0;
}

/* Release the batch and the cells not taken. */
void an_cells_free(cell_batch *b)
{
	for (size_t i = b->next; i < b->n; i++)
		if (b->jobs[i].rc == 0)
			an_cell_free(&b->jobs[i].c);
	free(b->jobs);
	memset(b, 0, sizeof *b);
}

/* strdup that reports failure through ok. */
char *an_dup_ok(const char *s, int *ok)
{
	char *d = strdup(s ? s : "");
	if (!d)
		*ok = 0;
	return d;
}
