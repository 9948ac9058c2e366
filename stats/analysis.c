/* analysis.c: summaries and comparisons (work in progress: stubs). */
#include <string.h>

#include "analysis.h"

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
