/* SPDX-License-Identifier: BSD-3-Clause */
/* analysis.c: summaries of a trial file and A/B comparisons of two.
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

#include "analysis.h"
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
static int opts_check(const st_opts *o, st_err *err)
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

/* The trials of one (benchmark, op) and the sizes they hold. */
typedef struct group {
	const char *benchmark, *op; /* point into the trial file */
	size_t nsizes, cap;
	uint64_t *sizes;            /* ascending, unique */
} group;

typedef struct grouping {
	size_t ngroups;
	group *groups;
} grouping;

/* Release a grouping. */
static void grouping_free(grouping *g)
{
	for (size_t i = 0; i < g->ngroups; i++)
		free(g->groups[i].sizes);
	free(g->groups);
	memset(g, 0, sizeof *g);
}

/* Whether trial t belongs to group g. */
static int in_group(const trial *t, const group *g)
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
static int group_trials(const trial_file *tf, grouping *out, st_err *err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		size_t gi = 0;
		while (gi < out->ngroups && !in_group(t, &out->groups[gi]))
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
	grouping_free(out);
	return st_seterr(err, ST_ENOMEM, "out of memory grouping trials");
}

/* The size entry of t for size, or NULL. */
static const trial_size *find_size(const trial *t, uint64_t size)
{
	for (size_t k = 0; k < t->nsizes; k++)
		if (t->sizes[k].size == size)
			return &t->sizes[k];
	return NULL;
}

/* A name for tf in messages: its path, else its label. */
static const char *file_name(const trial_file *tf)
{
	if (tf->path)
		return tf->path;
	return tf->label ? tf->label : "(unnamed)";
}

/* "benchmark/op", or "benchmark" when op is empty, into buf. */
static const char *group_name(const char *benchmark, const char *op, char *buf, size_t len)
{
	if (op[0])
		snprintf(buf, len, "%s/%s", benchmark, op);
	else
		snprintf(buf, len, "%s", benchmark);
	return buf;
}

/* ---- one (group, size) cell ---- */

/* What one file contributes at one (group, size). */
typedef struct cell {
	size_t ntrials;
	uint64_t nsamples;
	double *stat_values; /* ntrials (owned until handed to a result) */
	int *trial_numbers;
	size_t *positions;   /* each trial's place among the group's trials in the file */
	double *means;       /* each trial's average (owned) */
	st_desc pooled;
} cell;

/* Release a cell's arrays. */
static void cell_free(cell *c)
{
	free(c->stat_values);
	free(c->trial_numbers);
	free(c->positions);
	free(c->means);
	memset(c, 0, sizeof *c);
}

/* The sample array of s to analyse, or NULL with err set. */
static const uint64_t *size_samples(const trial_file *tf, const trial *t, const trial_size *s,
				    int use_max, st_err *err)
{
	const uint64_t *v = use_max ? s->max_samples : s->samples;
	if (v)
		return v;
	if (!use_max || !s->samples) {
		st_seterr(err, ST_EUSAGE,
			  "%s: trial %d, size %llu: samples were not loaded (the file was read "
			  "without its samples)",
			  file_name(tf), t->number, (unsigned long long)s->size);
		return NULL;
	}
	st_seterr(err, ST_EVALUE,
		  "%s: trial %d, size %llu has no max_samples (per-iteration maxima over "
		  "ranks, recorded by collective benchmarks only)",
		  file_name(tf), t->number, (unsigned long long)s->size);
	return NULL;
}

/* Count the trials of g in tf holding size with at least one sample. */
static size_t count_trials(const trial_file *tf, const group *g, uint64_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (in_group(t, g) && (s = find_size(t, size)) && s->n > 0)
			n++;
	}
	return n;
}

/* Whether every trial of g in tf records a sweep round, each round once. */
static int rounds_usable(const trial_file *tf, const group *g)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		if (!in_group(t, g))
			continue;
		int r = trial_sweep_round(t);
		if (r == 0)
			return 0;
		for (size_t j = 0; j < i; j++)
			if (in_group(&tf->trials[j], g) && trial_sweep_round(&tf->trials[j]) == r)
				return 0;
		n++;
	}
	return n > 0;
}

/* Count the trials of g in tf, whatever sizes they hold. */
static size_t group_ntrials(const trial_file *tf, const group *g)
{
	size_t n = 0;
	for (size_t i = 0; i < tf->ntrials; i++)
		n += in_group(&tf->trials[i], g);
	return n;
}

/* Compute a cell: trial-level values and the pooled description at pcts,
 * reading the trials' sample arrays in place. */
static int cell_compute(const trial_file *tf, const group *g, uint64_t size, const st_opts *o,
			const double *pcts, size_t npcts, int by_round, cell *c, st_err *err)
{
	memset(c, 0, sizeof *c);
	size_t nt = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!in_group(t, g) || !(s = find_size(t, size)) || s->n == 0)
			continue;
		if (!size_samples(tf, t, s, o->use_max, err))
			return err ? err->code : ST_EUSAGE;
		nt++;
	}
	if (nt == 0)
		return st_seterr(err, ST_EVALUE, "%s: size %llu holds no samples", file_name(tf),
				 (unsigned long long)size);
	const uint64_t **segs = malloc(nt * sizeof *segs);
	size_t *lens = malloc(nt * sizeof *lens);
	c->stat_values = malloc(nt * sizeof *c->stat_values);
	c->trial_numbers = malloc(nt * sizeof *c->trial_numbers);
	c->means = malloc(nt * sizeof *c->means);
	c->positions = malloc(nt * sizeof *c->positions);
	if (!segs || !lens || !c->stat_values || !c->trial_numbers || !c->means || !c->positions) {
		free(segs);
		free(lens);
		cell_free(c);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	static const double stat_q[] = {
		[ST_STAT_MEDIAN] = 0.50, [ST_STAT_P90] = 0.90, [ST_STAT_P95] = 0.95,
		[ST_STAT_P99] = 0.99};
	int rc = 0;
	size_t k = 0, place = 0;
	uint64_t total = 0;
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!in_group(t, g))
			continue;
		place++;
		if (!(s = find_size(t, size)) || s->n == 0)
			continue;
		c->positions[k] = by_round ? (size_t)trial_sweep_round(t) : place - 1;
		const uint64_t *v = size_samples(tf, t, s, o->use_max, NULL);
		segs[k] = v;
		lens[k] = s->n;
		c->means[k] = st_mean_u64(v, s->n);
		if (o->stat == ST_STAT_MEAN) {
			c->stat_values[k] = c->means[k];
		} else if (o->stat == ST_STAT_MAX) {
			uint64_t m = 0;
			for (size_t j = 0; j < s->n; j++)
				m = v[j] > m ? v[j] : m;
			c->stat_values[k] = (double)m;
		} else {
			rc = st_quantiles_u64(v, s->n, &stat_q[o->stat], 1, &c->stat_values[k], err);
		}
		c->trial_numbers[k] = t->number;
		total += s->n;
		k++;
	}
	c->ntrials = nt;
	c->nsamples = total;
	if (rc == 0)
		rc = st_describe_segs_u64(segs, lens, nt, pcts, npcts, o->level, &c->pooled, err);
	free(segs);
	free(lens);
	if (rc)
		cell_free(c);
	return rc;
}

/* ---- cells computed on every core ---- */

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
	cell_job *jobs;
	size_t n, cap, next;
	int oom;
} cell_batch;

/* Queue a cell (computed by cells_run). */
static void cells_add(cell_batch *b, const trial_file *tf, const group *g, uint64_t size,
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
	j->rc = cell_compute(j->tf, j->g, j->size, b->o, j->pcts, j->npcts, j->by_round, &j->c,
			     &j->err);
}

/* Compute every queued cell on every core (each writes only its own job). */
static int cells_run(cell_batch *b, st_err *err)
{
	if (b->oom)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	st_par_for(b->n, cell_job_run, b);
	return 0;
}

/* The next cell in queue order, as cell_compute would have returned it. */
static int cells_take(cell_batch *b, cell *c, st_err *err)
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
static void cells_free(cell_batch *b)
{
	for (size_t i = b->next; i < b->n; i++)
		if (b->jobs[i].rc == 0)
			cell_free(&b->jobs[i].c);
	free(b->jobs);
	memset(b, 0, sizeof *b);
}

/* strdup that reports failure through ok. */
static char *dup_ok(const char *s, int *ok)
{
	char *d = strdup(s ? s : "");
	if (!d)
		*ok = 0;
	return d;
}

/* ---- summary ---- */

/* The interval of the pooled median whose unit is the trial: the pooled
 * median -+ t(n-1) sd / sqrt(n), sd over the n trials' own medians (the
 * samples of one trial are not independent draws: a trial's offset moves all
 * of them). None with one trial. */
static int trial_median_ci(const trial_file *tf, const group *g, uint64_t size,
			   const st_opts *o, double center, st_ci *ci, st_err *err)
{
	size_t n = count_trials(tf, g, size), k = 0;
	double *m = malloc((n ? n : 1) * sizeof *m);
	if (!m)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	static const double half = 0.5;
	int rc = 0;
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!in_group(t, g) || !(s = find_size(t, size)) || s->n == 0)
			continue;
		const uint64_t *v = size_samples(tf, t, s, o->use_max, err);
		rc = v ? st_quantiles_u64(v, s->n, &half, 1, &m[k++], err) : ST_EUSAGE;
	}
	if (rc == 0) {
		double mm = st_mean_f64(m, k);
		st_mean_ci(center, st_sd_f64(m, k, mm), k, o->level, ci);
		if (k < 2)
			snprintf(ci->why, sizeof ci->why,
				 "1 trial: an interval whose unit is the trial needs 2");
	}
	free(m);
	return rc;
}

/* Summarize one file. */
int st_summarize(const trial_file *tf, const st_opts *opts, st_summary **out, st_err *err)
{
	st_opts o;
	if (opts)
		o = *opts;
	else
		st_opts_init(&o);
	*out = NULL;
	int rc = opts_check(&o, err);
	if (rc)
		return rc;
	if (!tf || tf->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "%s: no trials", tf ? file_name(tf) : "(none)");
	grouping gr;
	if ((rc = group_trials(tf, &gr, err)))
		return rc;
	st_summary *sm = calloc(1, sizeof *sm);
	size_t nrows = 0;
	for (size_t gi = 0; gi < gr.ngroups; gi++)
		nrows += gr.groups[gi].nsizes;
	int ok = sm != NULL;
	if (ok) {
		sm->rows = calloc(nrows ? nrows : 1, sizeof *sm->rows);
		sm->label = dup_ok(tf->label, &ok);
		ok = ok && sm->rows;
	}
	if (!ok) {
		st_summary_destroy(sm);
		grouping_free(&gr);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	sm->opts = o;
	sm->ntrials = tf->ntrials;
	for (size_t i = 0; i < tf->ntrials; i++)
		sm->nincomplete += !tf->trials[i].complete;
	/* Every (group, size) cell first, on every core; then the rows in order. */
	cell_batch cb = {.o = &o};
	for (size_t gi = 0; gi < gr.ngroups; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++)
			if (count_trials(tf, g, g->sizes[si]) > 0)
				cells_add(&cb, tf, g, g->sizes[si], o.pcts, o.npcts, 0);
	}
	rc = cells_run(&cb, err);
	for (size_t gi = 0; gi < gr.ngroups && rc == 0; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++) {
			if (count_trials(tf, g, g->sizes[si]) == 0)
				continue; /* only empty (interrupted) entries */
			cell c;
			rc = cells_take(&cb, &c, err);
			if (rc)
				break;
			st_summary_row *r = &sm->rows[sm->nrows++];
			r->benchmark = dup_ok(g->benchmark, &ok);
			r->op = dup_ok(g->op, &ok);
			r->size = g->sizes[si];
			r->ntrials = c.ntrials;
			r->nsamples = c.nsamples;
			r->mean = c.pooled.mean;
			r->sd = c.pooled.sd;
			r->min = c.pooled.min;
			r->max = c.pooled.max;
			r->median = c.pooled.median;
			memcpy(r->pct, c.pooled.pct, sizeof r->pct);
			rc = trial_median_ci(tf, g, g->sizes[si], &o, c.pooled.median, &r->median_ci,
					     err);
			if (rc) {
				cell_free(&c);
				break;
			}
			r->trial_mean = st_mean_f64(c.means, c.ntrials);
			r->trial_sd = st_sd_f64(c.means, c.ntrials, r->trial_mean);
			st_mean_ci(r->trial_mean, r->trial_sd, c.ntrials, o.level, &r->mean_ci);
			r->stat_mean = st_mean_f64(c.stat_values, c.ntrials);
			r->stat_sd = st_sd_f64(c.stat_values, c.ntrials, r->stat_mean);
			r->stat_values = c.stat_values;
			r->trial_numbers = c.trial_numbers;
			c.stat_values = NULL;
			c.trial_numbers = NULL;
			cell_free(&c);
			if (!ok) {
				rc = st_seterr(err, ST_ENOMEM, "out of memory");
				break;
			}
		}
	}
	cells_free(&cb);
	grouping_free(&gr);
	if (rc) {
		st_summary_destroy(sm);
		return rc;
	}
	*out = sm;
	return 0;
}

/* Release a summary. */
void st_summary_destroy(st_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].benchmark);
		free(s->rows[i].op);
		free(s->rows[i].stat_values);
		free(s->rows[i].trial_numbers);
	}
	free(s->rows);
	free(s->label);
	free(s);
}

/* ---- comparison ---- */

/* Fill a side from a cell computed at the comparison's pcts. */
static void side_from_cell(st_side *sd, cell *c)
{
	sd->ntrials = c->ntrials;
	sd->nsamples = c->nsamples;
	sd->stat_mean = st_mean_f64(c->stat_values, c->ntrials);
	sd->stat_sd = st_sd_f64(c->stat_values, c->ntrials, sd->stat_mean);
	sd->stat_values = c->stat_values;
	sd->trial_numbers = c->trial_numbers;
	c->stat_values = NULL;
	c->trial_numbers = NULL;
	sd->mean = c->pooled.mean;
	sd->min = c->pooled.min;
	sd->max = c->pooled.max;
	memcpy(sd->pct, c->pooled.pct, sizeof sd->pct);
}

/* List the groups of gr as "a/b, c/d" into buf. */
static const char *groups_list(const grouping *gr, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (size_t i = 0; i < gr->ngroups && used + 1 < len; i++) {
		char name[256];
		group_name(gr->groups[i].benchmark, gr->groups[i].op, name, sizeof name);
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

/* The group of gr named like g, or NULL. */
static const group *find_group(const grouping *gr, const group *g)
{
	for (size_t i = 0; i < gr->ngroups; i++)
		if (strcmp(gr->groups[i].benchmark, g->benchmark) == 0 &&
		    strcmp(gr->groups[i].op, g->op) == 0)
			return &gr->groups[i];
	return NULL;
}

/* Check that A and B hold the same groups (or one each, when forced). */
static int check_groups(const trial_file *a, const trial_file *b, const grouping *ga,
			const grouping *gb, int force, st_err *err)
{
	char la[400], lb[400];
	if (force) {
		if (ga->ngroups > 1 || gb->ngroups > 1)
			return st_seterr(err, ST_EMISMATCH,
					 "--force matches sizes across benchmarks, so each file must "
					 "hold one benchmark/op: A (%s) holds %s; B (%s) holds %s",
					 file_name(a), groups_list(ga, la, sizeof la), file_name(b),
					 groups_list(gb, lb, sizeof lb));
		return 0;
	}
	int same = ga->ngroups == gb->ngroups;
	for (size_t i = 0; same && i < ga->ngroups; i++)
		same = find_group(gb, &ga->groups[i]) != NULL;
	if (!same)
		return st_seterr(err, ST_EMISMATCH,
				 "A (%s) holds %s but B (%s) holds %s; compare runs of the same "
				 "benchmark and op, or pass --force to match sizes anyway",
				 file_name(a), groups_list(ga, la, sizeof la), file_name(b),
				 groups_list(gb, lb, sizeof lb));
	return 0;
}

/* Append a skipped size to c. */
static int add_skipped(st_comparison *c, size_t *cap, const group *g, uint64_t size, char side)
{
	if (c->nskipped == *cap) {
		size_t ncap = *cap ? 2 * *cap : 8;
		st_skipped *grown = realloc(c->skipped, ncap * sizeof *grown);
		if (!grown)
			return -1;
		c->skipped = grown;
		*cap = ncap;
	}
	st_skipped *s = &c->skipped[c->nskipped];
	int ok = 1;
	memset(s, 0, sizeof *s);
	s->benchmark = dup_ok(g->benchmark, &ok);
	s->op = dup_ok(g->op, &ok);
	s->size = size;
	s->side = side;
	c->nskipped++;
	return ok ? 0 : -1;
}

/* The values of a paired test: trial k of A's group with trial k of B's (k a
 * place in the file, or a sweep round), for the k at which both hold the
 * size. A trial whose partner lacks the size (an incomplete trial, or a round
 * the other file lacks) is left out and counted in *unpaired.
 * Returns 0, or -1 when out of memory. */
static int pair_cells(const cell *ca, const cell *cb, double **x, double **y, size_t *n,
		      size_t *unpaired)
{
	size_t cap = ca->ntrials < cb->ntrials ? ca->ntrials : cb->ntrials;
	*n = 0;
	*x = malloc((cap ? cap : 1) * sizeof **x);
	*y = malloc((cap ? cap : 1) * sizeof **y);
	if (!*x || !*y) {
		free(*x);
		free(*y);
		*x = *y = NULL;
		return -1;
	}
	/* Positions are unique on each side; rounds need not be in file order. */
	for (size_t i = 0; i < ca->ntrials; i++)
		for (size_t j = 0; j < cb->ntrials; j++)
			if (ca->positions[i] == cb->positions[j]) {
				(*x)[*n] = ca->stat_values[i];
				(*y)[*n] = cb->stat_values[j];
				(*n)++;
				break;
			}
	*unpaired = ca->ntrials + cb->ntrials - 2 * *n;
	return 0;
}

/* Say in r's test note which trials the paired test left out. */
static void note_unpaired(st_compare_row *r, size_t npairs)
{
	size_t used = strlen(r->test.reason);
	if (used + 2 >= sizeof r->test.reason)
		return;
	snprintf(r->test.reason + used, sizeof r->test.reason - used,
		 "%spaired test on %zu pairs; %zu trials left out, their partner (the trial "
		 "of the same %s in the other file) lacks this size",
		 used ? "; " : "", npairs, r->unpaired, r->by_round ? "sweep round" : "place");
}

/* A pair of matched groups (B's is A's unless forced). */
typedef struct gpair {
	const group *a, *b;
	int by_round; /* paired test: trials paired by their sweep round */
} gpair;

/* Walk the matched sizes of every group pair: pass 0 counts rows and checks
 * paired trial counts, pass 1 fills skipped sizes (c != NULL). */
static int walk_sizes(const trial_file *a, const trial_file *b, const gpair *pairs,
		      size_t npairs, const st_opts *o, size_t *nrows, st_comparison *c,
		      st_err *err)
{
	size_t cap = 0;
	*nrows = 0;
	for (size_t p = 0; p < npairs; p++) {
		const group *ga = pairs[p].a, *gb = pairs[p].b;
		size_t i = 0, j = 0, rows = *nrows;
		while (i < ga->nsizes || j < gb->nsizes) {
			uint64_t sa = i < ga->nsizes ? ga->sizes[i] : UINT64_MAX;
			uint64_t sb = j < gb->nsizes ? gb->sizes[j] : UINT64_MAX;
			if (i < ga->nsizes && (j == gb->nsizes || sa < sb)) {
				if (c && add_skipped(c, &cap, ga, sa, 'A'))
					return st_seterr(err, ST_ENOMEM, "out of memory");
				i++;
				continue;
			}
			if (j < gb->nsizes && (i == ga->nsizes || sb < sa)) {
				if (c && add_skipped(c, &cap, gb, sb, 'B'))
					return st_seterr(err, ST_ENOMEM, "out of memory");
				j++;
				continue;
			}
			size_t na = count_trials(a, ga, sa);
			size_t nb = count_trials(b, gb, sb);
			i++, j++;
			if (na == 0 || nb == 0) { /* only empty entries on a side */
				if (c && (na || nb) &&
				    add_skipped(c, &cap, na ? ga : gb, sa, na ? 'A' : 'B'))
					return st_seterr(err, ST_ENOMEM, "out of memory");
				continue;
			}
			(*nrows)++;
		}
		/* Sizes in common: a paired test needs the same number of trials. */
		size_t ta = group_ntrials(a, ga), tb = group_ntrials(b, gb);
		if (*nrows > rows && st_test_is_paired(o->test) && !pairs[p].by_round && ta != tb) {
			char name[256];
			return st_seterr(err, ST_EMISMATCH,
					 "%s: %s pairs trial i of A with trial i of B, but A (%s) "
					 "has %zu trials and B (%s) has %zu; use --test %s for "
					 "unpaired trials",
					 group_name(ga->benchmark, ga->op, name, sizeof name),
					 st_test_name(o->test), file_name(a), ta, file_name(b), tb,
					 o->test == ST_HT_WILCOXON ? "mann-whitney" : "welch");
		}
	}
	return 0;
}

/* Decide how a group pair's trials pair (opts.pair); an error when
 * --pair round meets a group whose trials do not all record a round. */
static int choose_pairing(const trial_file *a, const trial_file *b, gpair *gp,
			  const st_opts *o, st_err *err)
{
	gp->by_round = 0;
	if (!st_test_is_paired(o->test) || !gp->b || o->pair == ST_PAIR_PLACE)
		return 0;
	int ra = rounds_usable(a, gp->a), rb = rounds_usable(b, gp->b);
	gp->by_round = ra && rb;
	if (o->pair == ST_PAIR_ROUND && !gp->by_round) {
		char name[256];
		const trial_file *f = ra ? b : a;
		return st_seterr(err, ST_EUSAGE,
				 "pairing by round: the %s trials of %s do not each record a "
				 "distinct sweep round (run them with sriovstat sweep, or pair "
				 "by place)",
				 group_name(gp->a->benchmark, gp->a->op, name, sizeof name),
				 file_name(f));
	}
	return 0;
}

/* The earliest and latest recorded start time ("start", ISO 8601 UTC, so
 * strings order as times) of g's trials in tf; 0 when a trial lacks one. */
static int start_span(const trial_file *tf, const group *g, const char **first,
		      const char **last)
{
	*first = *last = NULL;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		json_object *v;
		if (!in_group(t, g))
			continue;
		if (!t->meta || !json_object_object_get_ex(t->meta, "start", &v) ||
		    !json_object_is_type(v, json_type_string))
			return 0;
		const char *s = json_object_get_string(v);
		if (!*first || strcmp(s, *first) < 0)
			*first = s;
		if (!*last || strcmp(s, *last) > 0)
			*last = s;
	}
	return *first != NULL;
}

/* Warnings on the whole comparison: pairing by place; A and B not
 * interleaved in time. Also sets c->pairing. */
static void compare_warnings(const trial_file *a, const trial_file *b, const gpair *pairs,
			     size_t npairs, st_comparison *c)
{
	int paired = st_test_is_paired(c->opts.test);
	c->pairing = !paired ? "none" : c->by_round == c->nrows ? "round" : "place";
	if (paired && c->by_round < c->nrows)
		st_comparison_warn(c, "trials paired by their place in the file (%s): reordering "
				      "a file's trials changes the paired test; run the "
				      "configurations with sriovstat sweep to pair them by round",
				   c->opts.pair == ST_PAIR_PLACE ? "--pair place"
								 : "they record no sweep round");
	for (size_t p = 0; p < npairs; p++) {
		const char *fa, *la, *fb, *lb;
		if (!pairs[p].b || !start_span(a, pairs[p].a, &fa, &la) ||
		    !start_span(b, pairs[p].b, &fb, &lb))
			continue;
		int a_first = strcmp(la, fb) < 0, b_first = strcmp(lb, fa) < 0;
		if (!a_first && !b_first)
			continue;
		char name[256];
		st_comparison_warn(c, "%s: every trial of %s started before the first of %s (recorded "
				      "start times): a drift over time counts as a difference, which "
				      "%s cannot remove; interleave them with sriovstat sweep",
				   group_name(pairs[p].a->benchmark, pairs[p].a->op, name, sizeof name),
				   a_first ? "A" : "B", a_first ? "B" : "A",
				   paired ? "a paired test" : "the test");
	}
}

/* Compare A with B. */
int st_compare(const trial_file *a, const trial_file *b, const st_opts *opts,
	       st_comparison **out, st_err *err)
{
	st_opts o;
	if (opts)
		o = *opts;
	else
		st_opts_init(&o);
	*out = NULL;
	int rc = opts_check(&o, err);
	cell_batch cb = {.o = &o};
	if (rc)
		return rc;
	if (!a || !b)
		return st_seterr(err, ST_EUSAGE, "two trial files are needed");
	if (a->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "A (%s): no trials", file_name(a));
	if (b->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "B (%s): no trials", file_name(b));

	grouping ga, gb;
	/* Grouped by (benchmark, op) even when forced: force needs one group per
	 * file, and pairs A's group with B's. */
	if ((rc = group_trials(a, &ga, err)))
		return rc;
	if ((rc = group_trials(b, &gb, err))) {
		grouping_free(&ga);
		return rc;
	}
	st_comparison *c = NULL;
	gpair *pairs = NULL;
	size_t npairs = 0, nrows = 0;
	if ((rc = check_groups(a, b, &ga, &gb, o.force, err)))
		goto done;
	pairs = calloc(ga.ngroups ? ga.ngroups : 1, sizeof *pairs);
	if (!pairs) {
		rc = st_seterr(err, ST_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < ga.ngroups; i++) {
		pairs[npairs].a = &ga.groups[i];
		pairs[npairs].b = o.force ? &gb.groups[0] : find_group(&gb, &ga.groups[i]);
		if ((rc = choose_pairing(a, b, &pairs[npairs], &o, err)))
			goto done;
		npairs++;
	}
	if ((rc = walk_sizes(a, b, pairs, npairs, &o, &nrows, NULL, err)))
		goto done;
	if (nrows == 0) {
		char la[400];
		rc = st_seterr(err, ST_EMISMATCH,
			       "A (%s) and B (%s) have no message size of %s in common",
			       file_name(a), file_name(b), groups_list(&ga, la, sizeof la));
		goto done;
	}
	c = calloc(1, sizeof *c);
	int ok = c != NULL;
	if (ok) {
		c->rows = calloc(nrows, sizeof *c->rows);
		c->label_a = dup_ok(a->label, &ok);
		c->label_b = dup_ok(b->label, &ok);
		ok = ok && c->rows;
	}
	if (!ok) {
		rc = st_seterr(err, ST_ENOMEM, "out of memory");
		goto done;
	}
	c->opts = o;
	if ((rc = walk_sizes(a, b, pairs, npairs, &o, &nrows, c, err)))
		goto done;
	/* Both sides of every row first, on every core; then the rows in order. */
	for (size_t p = 0; p < npairs; p++) {
		const group *pa = pairs[p].a, *pb = pairs[p].b;
		for (size_t i = 0; i < pa->nsizes; i++) {
			uint64_t size = pa->sizes[i];
			if (count_trials(a, pa, size) == 0 || count_trials(b, pb, size) == 0)
				continue;
			cells_add(&cb, a, pa, size, o.pcts, o.npcts, pairs[p].by_round);
			cells_add(&cb, b, pb, size, o.pcts, o.npcts, pairs[p].by_round);
		}
	}
	if ((rc = cells_run(&cb, err)))
		goto done;
	for (size_t p = 0; p < npairs && rc == 0; p++) {
		const group *pa = pairs[p].a, *pb = pairs[p].b;
		for (size_t i = 0; i < pa->nsizes && rc == 0; i++) {
			uint64_t size = pa->sizes[i];
			if (count_trials(a, pa, size) == 0 ||
			    count_trials(b, pb, size) == 0)
				continue;
			cell ca, cb_;
			rc = cells_take(&cb, &ca, err);
			if (rc)
				break;
			rc = cells_take(&cb, &cb_, err);
			if (rc) {
				cell_free(&ca);
				break;
			}
			st_compare_row *r = &c->rows[c->nrows++];
			double *px = NULL, *py = NULL;
			size_t np = 0;
			if (st_test_is_paired(o.test) &&
			    pair_cells(&ca, &cb_, &px, &py, &np, &r->unpaired) != 0)
				ok = 0;
			r->by_round = pairs[p].by_round;
			r->benchmark = dup_ok(pa->benchmark, &ok);
			r->op = dup_ok(pa->op, &ok);
			r->benchmark_b = dup_ok(pb->benchmark, &ok);
			r->op_b = dup_ok(pb->op, &ok);
			r->size = size;
			side_from_cell(&r->a, &ca);
			side_from_cell(&r->b, &cb_);
			cell_free(&ca);
			cell_free(&cb_);
			if (!ok) {
				free(px);
				free(py);
				rc = st_seterr(err, ST_ENOMEM, "out of memory");
				break;
			}
			int paired = st_test_is_paired(o.test);
			const double *ox = paired ? px : r->a.stat_values;
			const double *oy = paired ? py : r->b.stat_values;
			size_t nx = paired ? np : r->a.ntrials, ny = paired ? np : r->b.ntrials;
			rc = st_test_run(o.test, ox, nx, oy, ny, o.level, &r->test, err);
			if (rc == 0)
				rc = st_row_effects(r, paired, ox, nx, oy, ny, &o, err);
			free(px);
			free(py);
			if (rc == 0 && r->unpaired)
				note_unpaired(r, np);
			c->by_round += (size_t)r->by_round;
		}
	}
	if (rc)
		goto done;

	compare_warnings(a, b, pairs, npairs, c);
	rc = st_comparisons_adjust(&c, 1, o.adjust, err);
done:
	cells_free(&cb);
	free(pairs);
	grouping_free(&ga);
	grouping_free(&gb);
	if (rc) {
		st_comparison_destroy(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Release a comparison. */
void st_comparison_destroy(st_comparison *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nrows; i++) {
		st_compare_row *r = &c->rows[i];
		free(r->benchmark);
		free(r->op);
		free(r->benchmark_b);
		free(r->op_b);
		free(r->a.stat_values);
		free(r->a.trial_numbers);
		free(r->b.stat_values);
		free(r->b.trial_numbers);
	}
	for (size_t i = 0; i < c->nskipped; i++) {
		free(c->skipped[i].benchmark);
		free(c->skipped[i].op);
	}
	free(c->rows);
	free(c->skipped);
	free(c->label_a);
	free(c->label_b);
	free(c);
}
