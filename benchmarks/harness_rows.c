/* SPDX-License-Identifier: BSD-3-Clause */
/* harness_rows.c: the harness's point-to-point pairs and bandwidth rows
 * (p2p_lat, p2p_bw) and OSU's -f/-c column layouts of collectives (coll_lat).
 * Shares the harness's internal helpers through harness_int.h. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bjson.h"
#include "harness_int.h"

/* Half the ranks, rounded down: rank i pairs with rank i + half. */
static int pairs_half(const bench_ctx *c)
{
	return c->nranks / 2;
}

/* Settle the number of pairs from --pairs and the rank count (rank 0 says
 * what is wrong). Returns 1 to go on, 0 on a usage error. */
int harness_pairs_check(bench_ctx *c)
{
	if (!c->prog->pairs)
		return 1;
	int asked = *c->prog->pairs;
	if (asked == 0) {
		if (c->nranks % 2) {
			bench_error(
				c,
				"pairs rank i with rank i + N/2, so it needs an even number of ranks, "
				"got %d (or give --pairs)",
				c->nranks);
			return 0;
		}
		c->npairs = c->nranks / 2;
		return 1;
	}
	if (asked > pairs_half(c)) {
		bench_error(c, "--pairs %d needs at least %d ranks, got %d", asked, 2 * asked,
			    c->nranks);
		return 0;
	}
	c->npairs = asked;
	return 1;
}

int bench_pair_role(const bench_ctx *c, int *partner)
{
	int half = pairs_half(c);
	if (c->rank < c->npairs) {
		*partner = c->rank + half;
		return 1;
	}
	if (c->rank >= half && c->rank - half < c->npairs) {
		*partner = c->rank - half;
		return -1;
	}
	*partner = -1;
	return 0;
}

/* Node index of rank r from the fingerprint's binding list (-1 unknown). */
static int binding_node(json_object *fp, int r)
{
	json_object *b, *e, *n;
	if (!fp || !json_object_object_get_ex(fp, "binding", &b))
		return -1;
	e = json_object_array_get_idx(b, (size_t)r);
	if (!e || !json_object_object_get_ex(e, "node", &n))
		return -1;
	return json_object_get_int(n);
}

/* The pairs' communicator (all ranks) and, on rank 0, the fingerprint's
 * "pairs": which ranks and nodes each pair ran on. */
void harness_pairs_setup(bench_ctx *c, json_object *fp)
{
	if (!c->prog->pairs && !c->prog->bandwidth)
		return;
	MPI_Comm_split(MPI_COMM_WORLD, c->rank < c->npairs ? 0 : MPI_UNDEFINED, c->rank,
		       &c->pair_comm);
	if (c->rank != 0 || !fp)
		return;
	json_object *pairs = bj_array();
	int half = pairs_half(c);
	for (int p = 0; p < c->npairs; p++) {
		json_object *o = bj_object(), *r = bj_array(), *n = bj_array();
		json_object_object_add(o, "pair", bj_int(p));
		json_object_array_add(r, bj_int(p));
		json_object_array_add(r, bj_int(p + half));
		json_object_array_add(n, bj_int(binding_node(fp, p)));
		json_object_array_add(n, bj_int(binding_node(fp, p + half)));
		json_object_object_add(o, "ranks", r);
		json_object_object_add(o, "nodes", n);
		json_object_array_add(pairs, o);
	}
	json_object_object_add(fp, "pairs", pairs);
}

/* Trial-level fields of p2p programs: the pair count in the options, and the
 * direction of the figure (doc/format.md: "quantity", "better"). */
void harness_p2p_meta(bench_ctx *c, json_object *m)
{
	json_object *o;
	if (c->prog->pairs && json_object_object_get_ex(m, "options", &o))
		json_object_object_add(o, "pairs", bj_int(c->npairs));
	if (c->prog->bandwidth) {
		json_object_object_add(m, "quantity", bj_string("bandwidth"));
		json_object_object_add(m, "better", bj_string("higher"));
	}
}

/* "# pairs:" line (the first few pairs and their nodes) and the column names. */
void harness_print_p2p_columns(bench_ctx *c)
{
	const bench_opts *o = &c->opts;
	const char *unit = c->prog->bandwidth ? "MB/s" : "us";
	json_object *fp = NULL, *pairs = NULL;
	if (c->npairs > 1 && c->trial &&
	    json_object_object_get_ex(c->trial->meta, "fingerprint", &fp) &&
	    json_object_object_get_ex(fp, "pairs", &pairs)) {
		printf("# pairs: %d (rank-rank on node-node):", c->npairs);
		size_t np = json_object_array_length(pairs);
		for (size_t p = 0; p < np && p < 8; p++) {
			json_object *e = json_object_array_get_idx(pairs, p), *r, *n;
			json_object_object_get_ex(e, "ranks", &r);
			json_object_object_get_ex(e, "nodes", &n);
			printf(" %d-%d on %d-%d",
			       json_object_get_int(json_object_array_get_idx(r, 0)),
			       json_object_get_int(json_object_array_get_idx(r, 1)),
			       json_object_get_int(json_object_array_get_idx(n, 0)),
			       json_object_get_int(json_object_array_get_idx(n, 1)));
		}
		printf("%s\n", np > 8 ? " ..." : "");
	}
	if (c->prog->bandwidth)
		printf("%-10s%20s%12s%12s", "# Size", "Bandwidth (MB/s)", "Min(MB/s)", "Max(MB/s)");
	else
		printf("%-10s%12s%12s%12s", "# Size", "Avg(us)", "Min(us)", "Max(us)");
	for (int k = 0; k < o->npercentiles; k++) {
		char name[32], col[40];
		bench_percentile_name(o->percentiles[k], name, sizeof name);
		snprintf(col, sizeof col, "%s(%s)", name, unit);
		printf("%12s", col);
	}
	printf("%12s", "Iterations");
	if (c->npairs > 1) {
		char a[32], b[32];
		snprintf(a, sizeof a, "PairMin(%s)", unit);
		snprintf(b, sizeof b, "PairMax(%s)", unit);
		printf("%14s%14s", a, b);
	}
	printf("\n");
	fflush(stdout);
}

/* The summary object of a bandwidth size (MB/s). */
static json_object *bw_summary_json(const bench_bw_summary *s, const bench_opts *o)
{
	return harness_values_json(s->avg_mbps, s->min_mbps, s->max_mbps, s->pct_mbps, s->npct, o,
				   "mbps");
}

/* One set of n samples summarized as latency (us) or bandwidth (MB/s, for
 * bytes per window); *avg gets the row's first figure. */
static json_object *p2p_summary(bench_ctx *c, const uint64_t *v, size_t n, uint64_t bytes,
				double *avg, double *row, int *nrow)
{
	const bench_opts *o = &c->opts;
	if (c->prog->bandwidth) {
		bench_bw_summary s;
		bench_summarize_bw(v, n, bytes, o->percentiles, o->npercentiles, c->scratch, &s);
		*avg = s.avg_mbps;
		if (row) {
			row[0] = s.avg_mbps, row[1] = s.min_mbps, row[2] = s.max_mbps;
			memcpy(row + 3, s.pct_mbps, (size_t)s.npct * sizeof *row);
			*nrow = 3 + s.npct;
		}
		return bw_summary_json(&s, o);
	}
	bench_summary s;
	bench_summarize(v, n, o->percentiles, o->npercentiles, c->scratch, &s);
	*avg = s.avg_us;
	if (row) {
		row[0] = s.avg_us, row[1] = s.min_us, row[2] = s.max_us;
		memcpy(row + 3, s.pct_us, (size_t)s.npct * sizeof *row);
		*nrow = 3 + s.npct;
	}
	return harness_summary_json(&s, o);
}

/* Rank 0: combine the pairs' samples (all: npairs rows of n), print the row
 * and keep the size. */
static trial_size *pairs_keep(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			      const uint64_t *all, uint64_t *mean, uint64_t *mx, size_t n,
			      uint64_t bytes)
{
	size_t np = (size_t)c->npairs;
	if (np == 1)
		memcpy(mean, all, n * sizeof *mean);
	else
		bench_pairs_combine(all, np, n, mean, mx);
	/* Aggregate bandwidth: every pair's bytes in the mean window time. */
	uint64_t agg_bytes = bytes * np;
	double row[3 + BENCH_MAX_PERCENTILES], avg, pmin = INFINITY, pmax = -INFINITY;
	int nrow = 0;
	json_object *sum = p2p_summary(c, mean, n, agg_bytes, &avg, row, &nrow);
	json_object *pairs = NULL;
	if (np > 1) {
		pairs = bj_array();
		for (size_t p = 0; p < np; p++) {
			double pavg;
			json_object *e = bj_object();
			json_object_object_add(e, "pair", bj_int((int)p));
			json_object_object_add(
				e, "summary",
				p2p_summary(c, all + p * n, n, bytes, &pavg, NULL, NULL));
			json_object_object_add(e, "samples", trial_samples_to_json(all + p * n, n));
			json_object_array_add(pairs, e);
			pmin = pavg < pmin ? pavg : pmin;
			pmax = pavg > pmax ? pavg : pmax;
		}
	}
	st_err se;
	trial_size *ts = trial_add_size(c->trial, size, iterations, warmup, mean,
					np > 1 ? mx : NULL, n, &se);
	if (!ts) {
		bench_error(c, "%s", se.msg);
		json_object_put(sum);
		json_object_put(pairs);
	} else {
		json_object_object_add(ts->meta, "summary", sum);
		if (c->prog->bandwidth)
			json_object_object_add(ts->meta, "bytes_per_sample",
					       bj_int64((int64_t)agg_bytes));
		if (np > 1) {
			const char *u = c->prog->bandwidth ? "mbps" : "us";
			char k1[32], k2[32];
			snprintf(k1, sizeof k1, "pair_avg_min_%s", u);
			snprintf(k2, sizeof k2, "pair_avg_max_%s", u);
			json_object_object_add(ts->meta, k1, harness_jnum(pmin));
			json_object_object_add(ts->meta, k2, harness_jnum(pmax));
			json_object_object_add(ts->meta, "pairs", pairs);
		}
		/* In the file before the row is printed: a printed size is kept. */
		harness_checkpoint(c);
	}
	harness_progress_clear(c);
	printf(c->prog->bandwidth ? "%-10llu%20.2f" : "%-10llu%12.2f", (unsigned long long)size,
	       row[0]);
	for (int k = 1; k < nrow; k++)
		printf("%12.2f", row[k]);
	printf("%12llu", (unsigned long long)iterations);
	if (np > 1)
		printf("%14.2f%14.2f", pmin, pmax);
	printf("\n");
	fflush(stdout);
	return ts;
}

trial_size *bench_record_pairs(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			       const uint64_t *samples, uint64_t bytes_per_sample)
{
	size_t n = (size_t)iterations, np = (size_t)c->npairs;
	uint64_t *all = NULL, *mean = NULL, *mx = NULL;
	trial_size *ts = NULL;
	if (bench_interrupted(c))
		return NULL; /* a partly measured size is never kept */
	int oom = 0;
	if (c->rank == 0) {
		all = np > SIZE_MAX / sizeof *all / (n ? n : 1) ? NULL
								: malloc(np * n * sizeof *all);
		mean = malloc(n * sizeof *mean);
		mx = malloc(n * sizeof *mx);
		oom = !harness_scratch_reserve(c, n) || !all || !mean || !mx;
	}
	MPI_Bcast(&oom, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (oom) {
		bench_error(c, "out of memory for %zu samples of %zu pairs at size %llu", n, np,
			    (unsigned long long)size);
	} else if (c->pair_comm != MPI_COMM_NULL) {
		MPI_Gather(samples, (int)n, MPI_UINT64_T, all, (int)n, MPI_UINT64_T, 0,
			   c->pair_comm);
	} else if (c->rank == 0) {
		memcpy(all, samples, n * sizeof *all);
	}
	if (!oom && c->rank == 0)
		ts = pairs_keep(c, size, iterations, warmup, all, mean, mx, n, bytes_per_sample);
	free(all);
	free(mean);
	free(mx);
	harness_agree_stop(c, size);
	return ts;
}

/* ---- collectives: OSU's column layout for -f and -c ---- */

/* Whether a collective prints OSU's -f or -c columns first. */
int harness_coll_osu_layout(const bench_ctx *c)
{
	const bench_prog *p = c->prog;
	return p->collective &&
	       ((p->osu_full && *p->osu_full) || (p->osu_validation && *p->osu_validation));
}

/* OSU's columns for the flags given (osu_util's print_only_header: Size,
 * Avg Latency; with -f Min and Max Latency over ranks and Iterations; with -c
 * Validation), then sriovstat's: min, max and percentiles over iterations
 * (and, without -f, the iteration count and the ranks' min and max). */
void harness_print_coll_columns(bench_ctx *c)
{
	const bench_opts *o = &c->opts;
	int full = c->prog->osu_full && *c->prog->osu_full;
	int val = c->prog->osu_validation && *c->prog->osu_validation;
	if (full)
		printf("%-10s%20s%20s%20s%12s", "# Size", "Avg Latency(us)", "Min Latency(us)",
		       "Max Latency(us)", "Iterations");
	else
		printf("%-10s%12s", "# Size", "Avg(us)");
	if (val)
		printf("%20s", "Validation");
	printf("%12s%12s", "Min(us)", "Max(us)");
	for (int k = 0; k < o->npercentiles; k++) {
		char name[32], col[40];
		bench_percentile_name(o->percentiles[k], name, sizeof name);
		snprintf(col, sizeof col, "%s(us)", name);
		printf("%12s", col);
	}
	if (!full)
		printf("%12s%14s%14s", "Iterations", "RankMin(us)", "RankMax(us)");
	printf("\n");
	fflush(stdout);
}

/* One row in the layout of print_coll_columns. */
void harness_print_coll_row(bench_ctx *c, uint64_t size, uint64_t iterations,
			    const bench_summary *s, double rank_min, double rank_max)
{
	int full = c->prog->osu_full && *c->prog->osu_full;
	int val = c->prog->osu_validation && *c->prog->osu_validation;
	if (full)
		printf("%-10llu%20.2f%20.2f%20.2f%12llu", (unsigned long long)size, s->avg_us,
		       rank_min, rank_max, (unsigned long long)iterations);
	else
		printf("%-10llu%12.2f", (unsigned long long)size, s->avg_us);
	if (val)
		printf("%20s", c->row_validation ? c->row_validation : "-");
	printf("%12.2f%12.2f", s->min_us, s->max_us);
	for (int k = 0; k < s->npct; k++)
		printf("%12.2f", s->pct_us[k]);
	if (!full)
		printf("%12llu%14.2f%14.2f", (unsigned long long)iterations, rank_min, rank_max);
	printf("\n");
	fflush(stdout);
}

/* ---- warnings a user needs before trusting a run ---- */

/* Iterations beyond a percentile below which it is not stable: with fewer,
 * P99 is an interpolation among the few largest values (doc/format.md). */
#define BENCH_TAIL_MIN 10

/* Add "# warning: ..." to stdout and the trial's "warnings" list. */
static void warn(bench_ctx *c, json_object *list, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn(bench_ctx *c, json_object *list, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printf("# warning: %s\n", msg);
	json_object_array_add(list, bj_string(msg));
	(void)c;
}

/* Rank 0, before the column names: a node with more ranks than logical CPUs
 * (from the fingerprint), and percentiles asked of too few iterations. */
void harness_print_warnings(bench_ctx *c)
{
	json_object *fp, *nodes, *list = bj_array();
	if (c->trial && json_object_object_get_ex(c->trial->meta, "fingerprint", &fp) &&
	    json_object_object_get_ex(fp, "nodes", &nodes)) {
		size_t nn = json_object_array_length(nodes);
		for (size_t i = 0; i < nn; i++) {
			json_object *n = json_object_array_get_idx(nodes, i), *cpu, *lc, *ranks, *h;
			if (!json_object_object_get_ex(n, "cpu", &cpu) ||
			    !json_object_object_get_ex(cpu, "logical_cpus", &lc) ||
			    !json_object_object_get_ex(n, "ranks", &ranks))
				continue;
			int cpus = json_object_get_int(lc);
			int nr = (int)json_object_array_length(ranks);
			const char *host = json_object_object_get_ex(n, "hostname", &h)
						   ? json_object_get_string(h)
						   : "?";
			if (cpus > 0 && nr > cpus)
				warn(c, list,
				     "node %zu (%s) runs %d ranks on %d logical CPUs: oversubscribed; ranks "
				     "wait for each other's time slices (busy-polling MPI most of all), so "
				     "these times measure the contention, not the interconnect",
				     i, host ? host : "?", nr, cpus);
		}
	}
	/* The fewest iterations any measured size gets. */
	uint64_t fewest = UINT64_MAX;
	for (int k = 0; k < c->nsizes; k++) {
		uint64_t n = bench_iterations_for(&c->opts, c->sizes[k]);
		fewest = n < fewest ? n : fewest;
	}
	for (int k = 0; k < c->opts.npercentiles && fewest != UINT64_MAX; k++) {
		double p = c->opts.percentiles[k], beyond = (double)fewest * (1 - p / 100);
		if (beyond >= BENCH_TAIL_MIN)
			continue;
		char name[32];
		bench_percentile_name(p, name, sizeof name);
		double need = ceil(BENCH_TAIL_MIN / (1 - p / 100) - 1e-9);
		warn(c, list,
		     "%s from %llu iterations rests on %.1f iteration%s beyond it (fewer than %d): "
		     "unstable; give -i %.0f or more for a stable %s",
		     name, (unsigned long long)fewest, beyond, beyond == 1 ? "" : "s",
		     BENCH_TAIL_MIN, need, name);
	}
	if (c->trial && json_object_array_length(list) > 0)
		json_object_object_add(c->trial->meta, "warnings", list);
	else
		json_object_put(list);
}
