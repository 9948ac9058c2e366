/* SPDX-License-Identifier: BSD-3-Clause */
/* compare.c: the A/B comparison of two trial files (st_compare, analysis.h):
 * groups and sizes matched, trials paired, the test, effects and warnings of
 * each row; what a row concludes beyond its test is in verdict.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

/* Fill a side from a cell computed at the comparison's pcts. */
static void side_from_cell(st_side *sd, cell *c)
{
	sd->ntrials = c->ntrials;
	sd->nsamples = c->nsamples;
	an_cell_take_stats(c, &sd->stat_mean, &sd->stat_sd, &sd->stat_values, &sd->trial_numbers);
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
		an_group_name(gr->groups[i].benchmark, gr->groups[i].op, name, sizeof name);
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
			return st_seterr(
				err, ST_EMISMATCH,
				"--force matches sizes across benchmarks, so each file must "
				"hold one benchmark/op: A (%s) holds %s; B (%s) holds %s",
				an_file_name(a), groups_list(ga, la, sizeof la), an_file_name(b),
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
				 an_file_name(a), groups_list(ga, la, sizeof la), an_file_name(b),
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
	s->benchmark = an_dup_ok(g->benchmark, &ok);
	s->op = an_dup_ok(g->op, &ok);
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

/* The diagnostics of the data of both sides of r (diag.h), kept as its
 * first ndiag_data diagnostics. */
static int row_data_diag(st_compare_row *r, const cell *ca, const cell *cb, const st_comparison *c,
			 const st_opts *o, st_err *err)
{
	char who[2][200];
	snprintf(who[0], sizeof who[0], "A (%s)", c->label_a);
	snprintf(who[1], sizeof who[1], "B (%s)", c->label_b);
	int rc = an_cell_diag(ca, o, who[0], r->diag, ST_MAX_DIAG - 3, &r->ndiag, err);
	if (rc == 0)
		rc = an_cell_diag(cb, o, who[1], r->diag, ST_MAX_DIAG - 3, &r->ndiag, err);
	r->ndiag_data = r->ndiag;
	return rc;
}

/* A pair of matched groups (B's is A's unless forced). */
typedef struct gpair {
	const group *a, *b;
	int by_round; /* paired test: trials paired by their sweep round */
} gpair;

/* Walk the matched sizes of every group pair: pass 0 counts rows and checks
 * paired trial counts, pass 1 fills skipped sizes (c != NULL). */
static int walk_sizes(const trial_file *a, const trial_file *b, const gpair *pairs, size_t npairs,
		      const st_opts *o, size_t *nrows, st_comparison *c, st_err *err)
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
			size_t na = an_count_trials(a, ga, sa);
			size_t nb = an_count_trials(b, gb, sb);
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
		size_t ta = an_group_ntrials(a, ga), tb = an_group_ntrials(b, gb);
		if (*nrows > rows && st_test_is_paired(o->test) && !pairs[p].by_round && ta != tb) {
			char name[256];
			return st_seterr(err, ST_EMISMATCH,
					 "%s: %s pairs trial i of A with trial i of B, but A (%s) "
					 "has %zu trials and B (%s) has %zu; use --test %s for "
					 "unpaired trials",
					 an_group_name(ga->benchmark, ga->op, name, sizeof name),
					 st_test_name(o->test), an_file_name(a), ta,
					 an_file_name(b), tb,
					 o->test == ST_HT_WILCOXON ? "mann-whitney" : "welch");
		}
	}
	return 0;
}

/* Decide how a group pair's trials pair (opts.pair); an error when
 * --pair round meets a group whose trials do not all record a round. */
static int choose_pairing(const trial_file *a, const trial_file *b, gpair *gp, const st_opts *o,
			  st_err *err)
{
	gp->by_round = 0;
	if (!st_test_is_paired(o->test) || !gp->b || o->pair == ST_PAIR_PLACE)
		return 0;
	int ra = an_rounds_usable(a, gp->a), rb = an_rounds_usable(b, gp->b);
	gp->by_round = ra && rb;
	if (o->pair == ST_PAIR_ROUND && !gp->by_round) {
		char name[256];
		const trial_file *f = ra ? b : a;
		return st_seterr(err, ST_EUSAGE,
				 "pairing by round: the %s trials of %s do not each record a "
				 "distinct sweep round (run them with sriovstat sweep, or pair "
				 "by place)",
				 an_group_name(gp->a->benchmark, gp->a->op, name, sizeof name),
				 an_file_name(f));
	}
	return 0;
}

/* The earliest and latest recorded start time ("start", ISO 8601 UTC, so
 * strings order as times) of g's trials in tf; 0 when a trial lacks one. */
static int start_span(const trial_file *tf, const group *g, const char **first, const char **last)
{
	*first = *last = NULL;
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		if (!an_in_group(t, g))
			continue;
		const char *s = an_trial_start(t);
		if (!s)
			return 0;
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
		st_comparison_warn(c,
				   "trials paired by their place in the file (%s): reordering "
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
		st_comparison_warn(
			c,
			"%s: every trial of %s started before the first of %s (recorded "
			"start times): a drift over time counts as a difference, which "
			"%s cannot remove; interleave them with sriovstat sweep",
			an_group_name(pairs[p].a->benchmark, pairs[p].a->op, name, sizeof name),
			a_first ? "A" : "B", a_first ? "B" : "A",
			paired ? "a paired test" : "the test");
	}
}

/* Compare A with B. */
int st_compare(const trial_file *a, const trial_file *b, const st_opts *opts, st_comparison **out,
	       st_err *err)
{
	st_opts o;
	if (opts)
		o = *opts;
	else
		st_opts_init(&o);
	*out = NULL;
	int rc = an_opts_check(&o, err);
	cell_batch cb = {.o = &o};
	if (rc)
		return rc;
	if (!a || !b)
		return st_seterr(err, ST_EUSAGE, "two trial files are needed");
	if (a->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "A (%s): no trials", an_file_name(a));
	if (b->ntrials == 0)
		return st_seterr(err, ST_EVALUE, "B (%s): no trials", an_file_name(b));

	grouping ga, gb;
	/* Grouped by (benchmark, op) even when forced: force needs one group per
	 * file, and pairs A's group with B's. */
	if ((rc = an_group_trials(a, &ga, err)))
		return rc;
	if ((rc = an_group_trials(b, &gb, err))) {
		an_grouping_free(&ga);
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
			       an_file_name(a), an_file_name(b), groups_list(&ga, la, sizeof la));
		goto done;
	}
	c = calloc(1, sizeof *c);
	int ok = c != NULL;
	if (ok) {
		c->rows = calloc(nrows, sizeof *c->rows);
		c->label_a = an_dup_ok(a->label, &ok);
		c->label_b = an_dup_ok(b->label, &ok);
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
			if (an_count_trials(a, pa, size) == 0 || an_count_trials(b, pb, size) == 0)
				continue;
			an_cells_add(&cb, a, pa, size, o.pcts, o.npcts, pairs[p].by_round);
			an_cells_add(&cb, b, pb, size, o.pcts, o.npcts, pairs[p].by_round);
		}
	}
	if ((rc = an_cells_run(&cb, err)))
		goto done;
	for (size_t p = 0; p < npairs && rc == 0; p++) {
		const group *pa = pairs[p].a, *pb = pairs[p].b;
		for (size_t i = 0; i < pa->nsizes && rc == 0; i++) {
			uint64_t size = pa->sizes[i];
			if (an_count_trials(a, pa, size) == 0 || an_count_trials(b, pb, size) == 0)
				continue;
			cell ca, cb_;
			rc = an_cells_take(&cb, &ca, err);
			if (rc)
				break;
			rc = an_cells_take(&cb, &cb_, err);
			if (rc) {
				an_cell_free(&ca);
				break;
			}
			st_compare_row *r = &c->rows[c->nrows++];
			double *px = NULL, *py = NULL;
			size_t np = 0;
			if (st_test_is_paired(o.test) &&
			    pair_cells(&ca, &cb_, &px, &py, &np, &r->unpaired) != 0)
				ok = 0;
			r->by_round = pairs[p].by_round;
			r->benchmark = an_dup_ok(pa->benchmark, &ok);
			r->op = an_dup_ok(pa->op, &ok);
			r->benchmark_b = an_dup_ok(pb->benchmark, &ok);
			r->op_b = an_dup_ok(pb->op, &ok);
			r->size = size;
			if (ok && rc == 0)
				rc = row_data_diag(r, &ca, &cb_, c, &o, err);
			side_from_cell(&r->a, &ca);
			side_from_cell(&r->b, &cb_);
			an_cell_free(&ca);
			an_cell_free(&cb_);
			if (!ok || rc) {
				free(px);
				free(py);
				if (!ok)
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
	an_cells_free(&cb);
	free(pairs);
	an_grouping_free(&ga);
	an_grouping_free(&gb);
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
