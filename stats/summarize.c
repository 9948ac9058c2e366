/* SPDX-License-Identifier: BSD-3-Clause */
/* summarize.c: the summary of one trial file (st_summarize, analysis.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"
#include "par.h"
#include "pctci.h"

/* The intervals of the pooled median and of each pooled percentile whose
 * unit is the trial: the pooled value -+ t(n-1) sd / sqrt(n), sd over the n
 * trials' own values of that quantile (the samples of one trial are not
 * independent draws: a trial's offset moves all of them). None with one
 * trial. The tail percentiles' (below p25, above p75) are then replaced by
 * tail_cis'. */
static int trial_quantile_cis(const cell *c, const st_opts *o, st_summary_row *r, st_err *err)
{
	size_t n = c->ntrials, k = n, nq = 1 + o->npcts;
	double *m = malloc((n ? n : 1) * nq * sizeof *m);
	if (!m)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	int rc = 0;
	/* each trial's quantiles, computed with the cell (analysis.c) */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nq; j++)
			m[j * n + i] = c->tq[i * nq + j];
	for (size_t j = 0; rc == 0 && j < nq; j++) {
		const double *mj = m + j * n;
		st_ci *ci = j == 0 ? &r->median_ci : &r->pct_ci[j - 1];
		double mm = st_mean_f64(mj, k);
		st_mean_ci(j == 0 ? r->median : r->pct[j - 1], st_sd_f64(mj, k, mm), k, o->level,
			   ci);
		if (k < 2)
			snprintf(ci->why, sizeof ci->why,
				 "1 trial: an interval whose unit is the trial needs 2");
	}
	free(m);
	return rc;
}

/* The intervals of the tail percentiles (below p25, above p75) of the
 * trials of g holding size into ci[j] at o->pcts[j] (the others untouched):
 * Woodruff's with the trials as clusters (pctci.h), from the cell's medians
 * and pooled percentiles. Thread-safe: it reads tf and c only. */
static int tail_cis(const trial_file *tf, const group *g, uint64_t size, const cell *c,
		    const st_opts *o, st_ci *ci, st_err *err)
{
	double pt[ST_MAX_PCT], qt[ST_MAX_PCT];
	st_ci ct[ST_MAX_PCT];
	size_t nt = 0, at[ST_MAX_PCT];
	for (size_t j = 0; j < o->npcts; j++)
		if (st_pct_is_tail(o->pcts[j])) {
			at[nt] = j;
			qt[nt] = c->pooled.pct[j];
			pt[nt++] = o->pcts[j];
		}
	if (nt == 0)
		return 0;
	/* the trials in the cell's order (analysis.c), with the cell's medians */
	size_t n = c->ntrials, k = 0;
	const uint64_t **vv = malloc((n ? n : 1) * sizeof *vv);
	size_t *nn = malloc((n ? n : 1) * sizeof *nn);
	double *med = malloc((n ? n : 1) * sizeof *med);
	int rc = vv && nn && med ? 0 : st_seterr(err, ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < tf->ntrials && rc == 0 && k < n; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!an_in_group(t, g) || !(s = an_find_size(t, size)) || s->n == 0)
			continue;
		vv[k] = an_size_samples(tf, t, s, o->use_max, err);
		rc = vv[k] ? 0 : ST_EUSAGE;
		med[k] = c->tq[k * (1 + o->npcts)];
		nn[k++] = s->n;
	}
	if (rc == 0 && k != n)
		rc = st_seterr(err, ST_EUSAGE, "size %llu: %zu trials, the cell has %zu",
			       (unsigned long long)size, k, n);
	if (rc == 0)
		rc = st_pct_cis_trials_q(vv, nn, med, qt, k, pt, nt, o->level, ct, err);
	for (size_t j = 0; rc == 0 && j < nt; j++)
		ci[at[j]] = ct[j];
	free(vv);
	free(nn);
	free(med);
	return rc;
}

/* The tail intervals of every computed cell of a batch, on every core. */
typedef struct tail_out {
	st_ci ci[ST_MAX_PCT];
	int rc;
	st_err err;
} tail_out;
typedef struct tail_batch {
	cell_batch *cb;
	const st_opts *o;
	tail_out *out;
} tail_batch;

static void tail_job_run(size_t i, void *arg)
{
	tail_batch *tb = arg;
	cell_job *j = &tb->cb->jobs[i];
	if (j->rc == 0)
		tb->out[i].rc = tail_cis(j->tf, j->g, j->size, &j->c, tb->o, tb->out[i].ci,
					 &tb->out[i].err);
}

/* The diagnostics of a summary row's data (diag.h). */
static int summary_row_diag(st_summary_row *r, const cell *c, const char *label, const st_opts *o,
			    st_err *err)
{
	return an_cell_diag(c, o, label, r->diag, ST_MAX_DIAG, &r->ndiag, err);
}

/* Fill the next row of sm from cell c of g at size and the tail intervals
 * to (*ok cleared when a copy ran out of memory). 0 or an error code. */
static int summary_row(st_summary *sm, const group *g, uint64_t size, cell *c, const tail_out *to,
		       const st_opts *o, int *ok, st_err *err)
{
	st_summary_row *r = &sm->rows[sm->nrows++];
	r->benchmark = an_dup_ok(g->benchmark, ok);
	r->op = an_dup_ok(g->op, ok);
	r->size = size;
	r->ntrials = c->ntrials;
	r->nsamples = c->nsamples;
	r->mean = c->pooled.mean;
	r->sd = c->pooled.sd;
	r->min = c->pooled.min;
	r->max = c->pooled.max;
	r->median = c->pooled.median;
	memcpy(r->pct, c->pooled.pct, sizeof r->pct);
	int rc = trial_quantile_cis(c, o, r, err);
	if (rc == 0 && to->rc) {
		rc = to->rc;
		if (err)
			*err = to->err;
	}
	for (size_t j = 0; rc == 0 && j < o->npcts; j++)
		if (st_pct_is_tail(o->pcts[j]))
			r->pct_ci[j] = to->ci[j];
	if (rc == 0)
		rc = summary_row_diag(r, c, sm->label ? sm->label : "", o, err);
	if (rc)
		return rc;
	r->trial_mean = st_mean_f64(c->means, c->ntrials);
	r->trial_sd = st_sd_f64(c->means, c->ntrials, r->trial_mean);
	st_mean_ci(r->trial_mean, r->trial_sd, c->ntrials, o->level, &r->mean_ci);
	an_cell_take_stats(c, &r->stat_mean, &r->stat_sd, &r->stat_values, &r->trial_numbers);
	return 0;
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
	int rc = an_opts_check(&o, err);
	if (rc)
		return rc;
	if (!tf || tf->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "%s: no trials", tf ? an_file_name(tf) : "(none)");
	grouping gr;
	if ((rc = an_group_trials(tf, &gr, err)))
		return rc;
	st_summary *sm = calloc(1, sizeof *sm);
	size_t nrows = 0;
	for (size_t gi = 0; gi < gr.ngroups; gi++)
		nrows += gr.groups[gi].nsizes;
	int ok = sm != NULL;
	if (ok) {
		sm->rows = calloc(nrows ? nrows : 1, sizeof *sm->rows);
		sm->label = an_dup_ok(tf->label, &ok);
		ok = ok && sm->rows;
	}
	if (!ok) {
		st_summary_destroy(sm);
		an_grouping_free(&gr);
		return st_seterr(err, ST_ENOMEM, "out of memory");
	}
	sm->opts = o;
	sm->ntrials = tf->ntrials;
	for (size_t i = 0; i < tf->ntrials; i++)
		sm->nincomplete += !tf->trials[i].complete;
	/* Every (group, size) cell first, on every core; then the rows in order. */
	cell_batch cb = {.o = &o, .trial_q = 1};
	for (size_t gi = 0; gi < gr.ngroups; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++)
			if (an_count_trials(tf, g, g->sizes[si]) > 0)
				an_cells_add(&cb, tf, g, g->sizes[si], o.pcts, o.npcts, 0);
	}
	rc = an_cells_run(&cb, err);
	tail_batch tb = {&cb, &o, calloc(cb.n ? cb.n : 1, sizeof *tb.out)};
	if (rc == 0 && !tb.out)
		rc = st_seterr(err, ST_ENOMEM, "out of memory");
	if (rc == 0)
		st_par_for(cb.n, tail_job_run, &tb);
	for (size_t gi = 0; gi < gr.ngroups && rc == 0; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++) {
			if (an_count_trials(tf, g, g->sizes[si]) == 0)
				continue; /* only empty (interrupted) entries */
			cell c;
			const tail_out *to = &tb.out[cb.next];
			rc = an_cells_take(&cb, &c, err);
			if (rc)
				break;
			rc = summary_row(sm, g, g->sizes[si], &c, to, &o, &ok, err);
			an_cell_free(&c);
			if (rc)
				break;
			if (!ok) {
				rc = st_seterr(err, ST_ENOMEM, "out of memory");
				break;
			}
		}
	}
	free(tb.out);
	an_cells_free(&cb);
	an_grouping_free(&gr);
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
