/* analysis.c: summaries and comparisons (work in progress: stubs). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"

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

/* Fill o with the documented defaults. */
void st_opts_init(st_opts *o)
{
	memset(o, 0, sizeof *o);
	o->stat = ST_STAT_MEAN;
	o->test = ST_HT_PAIRED_T;
	o->adjust = ST_ADJ_NONE;
	o->alpha = 0.05;
	o->level = 0.95;
	o->npcts = 3;
	o->pcts[0] = 90;
	o->pcts[1] = 95;
	o->pcts[2] = 99;
}

/* Not implemented yet. */
int st_summarize(const trial_file *tf, const st_opts *opts, st_summary **out, st_err *err)
{
	(void)tf, (void)opts;
	*out = NULL;
	return st_seterr(err, ST_EUSAGE, "summaries are not implemented yet");
}

/* Release a summary. */
void st_summary_destroy(st_summary *s)
{
	(void)s;
}

/* Not implemented yet. */
int st_compare(const trial_file *a, const trial_file *b, const st_opts *opts,
	       st_comparison **out, st_err *err)
{
	(void)a, (void)b, (void)opts;
	*out = NULL;
	return st_seterr(err, ST_EUSAGE, "comparisons are not implemented yet");
}

/* Release a comparison. */
void st_comparison_destroy(st_comparison *c)
{
	(void)c;
}
