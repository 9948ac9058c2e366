/* SPDX-License-Identifier: BSD-3-Clause */
/* summarize.c: the summary of one trial file (st_summarize, analysis.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

/* The interval of the pooled median whose unit is the trial: the pooled
 * median -+ t(n-1) sd / sqrt(n), sd over the n trials' own medians (the
 * samples of one trial are not independent draws: a trial's offset moves all
 * of them). None with one trial. */
static int trial_median_ci(const trial_file *tf, const group *g, uint64_t size, const st_opts *o,
			   double center, st_ci *ci, st_err *err)
{
	size_t n = an_count_trials(tf, g, size), k = 0;
	double *m = malloc((n ? n : 1) * sizeof *m);
	if (!m)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	static const double half = 0.5;
	int rc = 0;
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		const trial_size *s;
		if (!an_in_group(t, g) || !(s = an_find_size(t, size)) || s->n == 0)
			continue;
		const uint64_t *v = an_size_samples(tf, t, s, o->use_max, err);
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
	cell_batch cb = {.o = &o};
	for (size_t gi = 0; gi < gr.ngroups; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++)
			if (an_count_trials(tf, g, g->sizes[si]) > 0)
				an_cells_add(&cb, tf, g, g->sizes[si], o.pcts, o.npcts, 0);
	}
	rc = an_cells_run(&cb, err);
	for (size_t gi = 0; gi < gr.ngroups && rc == 0; gi++) {
		const group *g = &gr.groups[gi];
		for (size_t si = 0; si < g->nsizes; si++) {
			if (an_count_trials(tf, g, g->sizes[si]) == 0)
				continue; /* only empty (interrupted) entries */
			cell c;
			rc = an_cells_take(&cb, &c, err);
			if (rc)
				break;
			st_summary_row *r = &sm->rows[sm->nrows++];
			r->benchmark = an_dup_ok(g->benchmark, &ok);
			r->op = an_dup_ok(g->op, &ok);
			r->size = g->sizes[si];
			r->ntrials = c.ntrials;
			r->nsamples = c.nsamples;
			r->mean = c.pooled.mean;
			r->sd = c.pooled.sd;
			r->min = c.pooled.min;
			r->max = c.pooled.max;
			r->median = c.pooled.median;
			memcpy(r->pct, c.pooled.pct, sizeof r->pct);
			rc = trial_median_ci(tf, g, g->sizes[si], &o, c.pooled.median,
					     &r->median_ci, err);
			if (rc) {
				an_cell_free(&c);
				break;
			}
			r->trial_mean = st_mean_f64(c.means, c.ntrials);
			r->trial_sd = st_sd_f64(c.means, c.ntrials, r->trial_mean);
			st_mean_ci(r->trial_mean, r->trial_sd, c.ntrials, o.level, &r->mean_ci);
			an_cell_take_stats(&c, &r->stat_mean, &r->stat_sd, &r->stat_values,
					   &r->trial_numbers);
			an_cell_free(&c);
			if (!ok) {
				rc = st_seterr(err, ST_ENOMEM, "out of memory");
				break;
			}
		}
	}
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
