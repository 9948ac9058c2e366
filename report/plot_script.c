/* SPDX-License-Identifier: BSD-3-Clause */
/* plot_script.c: the gnuplot scripts of sriovstat plot, one per kind (size,
 * trials, cdf; see cmd_plot.c), with the data inline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "plot.h"

/* The colours of the labels, in file order (Okabe and Ito's palette, which
 * stays distinct for colour-blind readers and in grey print). */
static const char *const colours[PLOT_MAX_FILES] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
};

/* Write s as a gnuplot string expression: single-quoted pieces (no escapes
 * inside but '') joined by "\n" where s breaks lines. */
static void gp_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("''", f);
		else if (*s == '\n')
			fputs("'.\"\\n\".'", f);
		else if ((unsigned char)*s < 0x20)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* Range and tics of a log axis ("x" or "y") holding [lo, hi] > 0: a margin
 * around the data and labelled tics at powers of ten times 1, 2 and 5 (and
 * 1.5, 3, 7 for a range of about a decade; only the powers for more than
 * three decades), so that a narrow range still gets several labels. */
static void gp_log_axis(FILE *f, const char *axis, double lo, double hi)
{
	if (!(lo > 0) || !(hi >= lo))
		return;
	lo /= 1.15;
	hi *= 1.15;
	int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi)), first = 1;
	static const double fine[] = {1, 1.5, 2, 3, 5, 7}, mid[] = {1, 2, 5}, coarse[] = {1};
	const double *steps = fine;
	int nsteps = 6;
	double span = log10(hi / lo);
	if (span > 3) {
		/* whole decades, so that the lowest data have a labelled tic */
		steps = coarse;
		nsteps = 1;
		lo = pow(10.0, e0);
		hi = pow(10.0, e1);
	} else if (span > 1.2) {
		steps = mid;
		nsteps = 3;
	}
	fprintf(f, "set %srange [%.6g:%.6g]\nset format %s '%%g'\nset %stics (", axis, lo, hi, axis,
		axis);
	for (int e = e0; e <= e1; e++)
		for (int k = 0; k < nsteps; k++) {
			double v = steps[k] * pow(10.0, e);
			if (v < lo || v > hi)
				continue;
			fprintf(f, "%s%.6g", first ? "" : ", ", v);
			first = 0;
		}
	fputs(")\n", f);
}

/* A message size as people write it: 512, 4K, 1M. */
static const char *size_text(uint64_t s, char *buf, size_t len)
{
	if (s >= (1u << 30) && s % (1u << 30) == 0)
		snprintf(buf, len, "%lluG", (unsigned long long)(s >> 30));
	else if (s >= (1u << 20) && s % (1u << 20) == 0)
		snprintf(buf, len, "%lluM", (unsigned long long)(s >> 20));
	else if (s >= 1024 && s % 1024 == 0)
		snprintf(buf, len, "%lluK", (unsigned long long)(s >> 10));
	else
		snprintf(buf, len, "%llu", (unsigned long long)s);
	return buf;
}

/* The terminal line and the page of format img; wide for two panels. */
static void gp_terminal(FILE *f, int img, int wide)
{
	switch (img) {
	case IMG_PNG:
		fprintf(f,
			"set terminal pngcairo size %d,%d noenhanced font 'sans,11' background rgb 'white'\n",
			wide ? 1400 : 960, wide ? 560 : 600);
		break;
	case IMG_SVG:
		fprintf(f,
			"set terminal svg size %d,%d noenhanced font 'sans,11' background rgb 'white'\n",
			wide ? 1400 : 960, wide ? 560 : 600);
		break;
	default:
		fprintf(f, "set terminal pdfcairo size %s noenhanced font 'sans,9'\n",
			wide ? "10in,4in" : "8in,5in");
		break;
	}
}

/* The lines every figure starts with. */
static void gp_begin(FILE *f, const plot_args *a, const char *out, int wide)
{
	fprintf(f,
		"# Written by sriovstat %s (sriovstat plot): a gnuplot 5 script with its\n"
		"# data inline. Run it with: gnuplot THIS_FILE\n",
		PACKAGE_VERSION);
	gp_terminal(f, a->img, wide);
	fputs("set encoding utf8\nset output ", f);
	gp_string(f, out);
	fputs("\nset grid xtics ytics mxtics mytics lc rgb '#dddddd' lw 1, lc rgb '#f0f0f0' lw 1\n"
	      "set border 3 lc rgb '#444444'\nset tics nomirror out\n"
	      "set key opaque box lc rgb '#cccccc' samplen 2.5 spacing 1.2\n",
	      f);
}

/* The word for what a sample is. */
static const char *qty(const plot_data *d)
{
	return d->bw ? "time" : "latency";
}

/* The default title, with a last line saying when the data are per-run
 * averages (buf holds it). */
static const char *with_per_run(const plot_data *d, const char *deflt, char *buf, size_t len)
{
	if (d->bw && !d->per_run) {
		snprintf(buf, len,
			 "%s\nbandwidth trials: time per window or message, lower is faster",
			 deflt);
		return buf;
	}
	if (!d->per_run)
		return deflt;
	snprintf(buf, len,
		 "%s\nper-run averages (imported): lines and bands are over runs, not iterations",
		 deflt);
	return buf;
}

/* The title of the figure: the user's or the default (two lines). */
static void gp_title(FILE *f, const plot_args *a, const plot_data *d, const char *deflt)
{
	char buf[768];
	fputs("set title ", f);
	gp_string(f, a->title ? a->title : with_per_run(d, deflt, buf, sizeof buf));
	fputs(" font ',12'\n", f);
}

/* "shm (15 trials)": the key entry of file i. */
static void key_name(const plot_data *d, size_t i, char *buf, size_t len)
{
	size_t nt = 0;
	const st_summary *s = d->sums[i];
	for (size_t r = 0; r < s->nrows; r++)
		if (strcmp(s->rows[r].benchmark, d->g->benchmark) == 0 &&
		    strcmp(s->rows[r].op, d->g->op) == 0 && s->rows[r].ntrials > nt)
			nt = s->rows[r].ntrials;
	snprintf(buf, len, "%s (%zu trial%s)", s->label, nt, nt == 1 ? "" : "s");
}

/* The pooled percentiles the size kind draws above the median: pct[0..2]. */
static const double band_pcts[] = {90, 95, 99};

/* The analysis options of a figure: the defaults, with the percentiles the
 * size kind draws. */
void plot_opts_init(st_opts *o)
{
	st_opts_init(o);
	o->npcts = sizeof band_pcts / sizeof band_pcts[0];
	memcpy(o->pcts, band_pcts, sizeof band_pcts);
}

/* The x axis of the size plot: tics at the sizes measured from first on (at
 * most about 12 labelled), and a range a little wider than theirs. */
static void size_xaxis(FILE *f, const report_group *g, size_t first)
{
	/* Tics at the sizes measured, at most about 12 labelled. */
	size_t ns = g->nsizes - first, step = (ns + 11) / 12;
	char buf[32];
	fputs("set xtics (", f);
	for (size_t k = first, j = 0; k < g->nsizes; k++, j++)
		if (j % step == 0)
			fprintf(f, "%s'%s' %llu", j ? ", " : "",
				size_text(g->sizes[k], buf, sizeof buf),
				(unsigned long long)g->sizes[k]);
	fputs(")\n", f);
	double lo = (double)g->sizes[first], hi = (double)g->sizes[g->nsizes - 1];
	if (lo == hi) {
		lo /= 2;
		hi *= 2;
	}
	fprintf(f, "set xrange [%.17g:%.17g]\n", lo / 1.25, hi * 1.25);
}

/* Size kind: per label a datablock of size, median, p90, p95, p99 in us. */
static int script_size(FILE *f, const plot_args *a, const plot_data *d, const char *out)
{
	const report_group *g = d->g;
	size_t first = 0;
	while (first < g->nsizes && g->sizes[first] == 0)
		first++;
	if (first == g->nsizes) {
		report_error("plot: %s: no message size above 0 (a log axis cannot show size 0)",
			     d->gname);
		return REPORT_EXIT_DATA;
	}
	if (first > 0)
		report_warning("plot: size 0 is left out (a log axis cannot show it)");

	gp_begin(f, a, out, 0);
	char deflt[512];
	snprintf(
		deflt, sizeof deflt,
		"%s: %s by message size%s\nline: median of all iterations; bands: p50-p90 (darkest), p90-p95, p95-p99; dashed: p99",
		d->gname, qty(d), REPORT_MAX_NOTE(a->opts.use_max));
	gp_title(f, a, d, deflt);
	/* Bands: the shades say which range; the key names the labels. */
	fprintf(f,
		"set logscale x 2\nset logscale y 10\n"
		"set xlabel 'message size (bytes)'\nset ylabel '%s (us)'\n",
		qty(d));
	/* The key under the plot, four entries a row (a label's median and p99). */
	fprintf(f,
		"set bmargin %zu\nset key at screen 0.5, screen 0.015 center bottom horizontal maxcols 4\n",
		5 + (2 * d->n + 3) / 4);
	double ylo = HUGE_VAL, yhi = 0;
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = first; k < g->nsizes; k++) {
			const st_summary_row *r = report_summary_find(d->sums[i], g, g->sizes[k]);
			if (r && r->median > 0 && report_us(r->median) < ylo)
				ylo = report_us(r->median);
			if (r && report_us(r->pct[2]) > yhi)
				yhi = report_us(r->pct[2]);
		}
	if (!(ylo < HUGE_VAL)) {
		report_error("plot: %s: every median latency is 0 us; a log axis cannot show it "
			     "(plot --kind trials shows them)",
			     d->gname);
		return REPORT_EXIT_DATA;
	}
	gp_log_axis(f, "y", ylo, yhi);
	size_xaxis(f, g, first);

	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "$d%zu << EOD\n# size median p90 p95 p99 (us)\n", i);
		for (size_t k = first; k < g->nsizes; k++) {
			const st_summary_row *r = report_summary_find(d->sums[i], g, g->sizes[k]);
			if (!r)
				continue;
			fprintf(f, "%llu %.9g %.9g %.9g %.9g\n", (unsigned long long)r->size,
				report_us(r->median), report_us(r->pct[0]), report_us(r->pct[1]),
				report_us(r->pct[2]));
		}
		fputs("EOD\n", f);
	}
	/* All bands first, then the medians and the p99 edges: no label's
	 * band covers another's lines. */
	fputs("plot \\\n", f);
	for (size_t i = 0; i < d->n; i++) {
		const char *c = colours[i];
		fprintf(f,
			"  $d%zu using 1:2:3 with filledcurves lc rgb '%s' fs transparent solid 0.38 noborder notitle, \\\n"
			"  $d%zu using 1:3:4 with filledcurves lc rgb '%s' fs transparent solid 0.22 noborder notitle, \\\n"
			"  $d%zu using 1:4:5 with filledcurves lc rgb '%s' fs transparent solid 0.10 noborder notitle, \\\n",
			i, c, i, c, i, c);
	}
	for (size_t i = 0; i < d->n; i++) {
		char name[300];
		key_name(d, i, name, sizeof name);
		fprintf(f, "  $d%zu using 1:2 with linespoints lw 2 pt 7 ps 0.7 lc rgb '%s' title ",
			i, colours[i]);
		gp_string(f, name);
		fputs(", \\\n", f);
	}
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "  $d%zu using 1:5 with lines lw 1 dt 2 lc rgb '%s' title ", i,
			colours[i]);
		char name[300];
		snprintf(name, sizeof name, "%s p99", d->sums[i]->label);
		gp_string(f, name);
		fputs(i + 1 < d->n ? ", \\\n" : "\n", f);
	}
	fputs("unset output\n", f);
	return 0;
}

/* The size the trials and cdf kinds draw: --size, or the group's only size. */
static int pick_size(const plot_args *a, const plot_data *d, uint64_t *size)
{
	const report_group *g = d->g;
	if (a->have_size) {
		*size = a->size;
		return 0;
	}
	if (g->nsizes == 1) {
		*size = g->sizes[0];
		return 0;
	}
	char list[512] = "";
	for (size_t k = 0; k < g->nsizes && strlen(list) < sizeof list - 40; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%llu", k ? ", " : "",
			 (unsigned long long)g->sizes[k]);
	return report_usage("plot", "--kind %s needs --size (%s has sizes %s)",
			    a->kind == KIND_TRIALS ? "trials" : "cdf", d->gname, list);
}

/* Trials kind: per label a datablock of trial number, statistic, mean over trials. */
static int script_trials(FILE *f, const plot_args *a, const plot_data *d, const char *out)
{
	uint64_t size;
	int rc = pick_size(a, d, &size);
	if (rc)
		return rc;
	const st_summary_row *rows[PLOT_MAX_FILES];
	int maxnum = 1;
	for (size_t i = 0; i < d->n; i++) {
		rows[i] = report_summary_find(d->sums[i], d->g, size);
		if (!rows[i]) {
			report_error("plot: %s has no size %llu of %s", d->tfs[i]->path,
				     (unsigned long long)size, d->gname);
			return REPORT_EXIT_DATA;
		}
		for (size_t k = 0; k < rows[i]->ntrials; k++)
			if (rows[i]->trial_numbers[k] > maxnum)
				maxnum = rows[i]->trial_numbers[k];
	}
	const char *stat = st_stat_name(a->opts.stat);
	char deflt[512], sz[32];
	snprintf(deflt, sizeof deflt,
		 "%s, %s bytes: each trial's %s %s%s\ndashed: mean over trials", d->gname,
		 size_text(size, sz, sizeof sz), stat, qty(d), REPORT_MAX_NOTE(a->opts.use_max));
	gp_begin(f, a, out, 0);
	gp_title(f, a, d, deflt);
	fprintf(f, "set xlabel 'trial'\nset ylabel 'trial %s %s (us)'\n", stat, qty(d));
	fprintf(f, "set xrange [0.5:%d.5]\nset format x '%%.0f'\n", maxnum);
	if (maxnum <= 30)
		fputs("set xtics 1\n", f);
	/* Latencies are positive: the axis may start at 0, never below (and
	 * when every value is 0, gnuplot is given a range to draw). */
	double ymax = 0;
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < rows[i]->ntrials; k++)
			if (rows[i]->stat_values[k] > ymax)
				ymax = rows[i]->stat_values[k];
	fprintf(f,
		"set grid noxtics nomxtics\nset offsets 0, 0, graph 0.08, 0\nset yrange %s\n"
		"set key outside right top\n",
		ymax > 0 ? "[0<*:*]" : "[0:1]");
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "$d%zu << EOD\n# trial %s mean_over_trials (us)\n", i, stat);
		for (size_t k = 0; k < rows[i]->ntrials; k++)
			fprintf(f, "%d %.9g %.9g\n", rows[i]->trial_numbers[k],
				report_us(rows[i]->stat_values[k]), report_us(rows[i]->stat_mean));
		fputs("EOD\n", f);
	}
	fputs("plot \\\n", f);
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f,
			"  $d%zu using 1:3 with lines dt 2 lw 1.5 lc rgb '%s' notitle, \\\n"
			"  $d%zu using 1:2 with linespoints lw 1.5 pt 7 ps 0.9 lc rgb '%s' title ",
			i, colours[i], i, colours[i]);
		gp_string(f, d->sums[i]->label);
		fputs(i + 1 < d->n ? ", \\\n" : "\n", f);
	}
	fputs("unset output\n", f);
	return 0;
}

/* The samples of size of group g in every trial of tf, in one new array. */
static uint64_t *pooled_samples(const trial_file *tf, const report_group *g, uint64_t size,
				int use_max, size_t *n)
{
	size_t total = 0;
	for (size_t t = 0; t < tf->ntrials; t++) {
		const trial *tr = &tf->trials[t];
		if (strcmp(tr->benchmark, g->benchmark) || strcmp(tr->op, g->op))
			continue;
		for (size_t k = 0; k < tr->nsizes; k++)
			if (tr->sizes[k].size == size)
				total += tr->sizes[k].n;
	}
	uint64_t *v = malloc((total ? total : 1) * sizeof *v);
	if (!v)
		return NULL;
	size_t at = 0;
	for (size_t t = 0; t < tf->ntrials; t++) {
		const trial *tr = &tf->trials[t];
		if (strcmp(tr->benchmark, g->benchmark) || strcmp(tr->op, g->op))
			continue;
		for (size_t k = 0; k < tr->nsizes; k++) {
			const trial_size *ts = &tr->sizes[k];
			if (ts->size != size)
				continue;
			memcpy(v + at, use_max ? ts->max_samples : ts->samples, ts->n * sizeof *v);
			at += ts->n;
		}
	}
	*n = total;
	return v;
}

/* Compare doubles for qsort. */
static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The probabilities at which the CDF of n samples is drawn: 400 steps over
 * [0, 1] and, for the tail, 8 per decade of 1 - p down to 1/n. */
static size_t cdf_grid(size_t n, double *p, size_t max)
{
	size_t k = 0;
	for (int i = 0; i <= 400 && k < max; i++)
		p[k++] = i / 400.0;
	for (int j = 1; k < max; j++) {
		double q = pow(10.0, -2.0 - j / 8.0);
		if (q < 1.0 / (double)n)
			break;
		p[k++] = 1.0 - q;
	}
	qsort(p, k, sizeof *p, cmp_double);
	size_t m = 1; /* drop repeats */
	for (size_t i = 1; i < k; i++)
		if (p[i] > p[m - 1])
			p[m++] = p[i];
	return m;
}

/* The CDF of one label: latencies (us) at probabilities. */
typedef struct cdf_curve {
	size_t n; /* samples pooled */
	size_t np;
	double p[600], x[600];
} cdf_curve;

/* The axes' ends over every label's curve. */
typedef struct cdf_range {
	size_t nmax;    /* the most samples pooled */
	double lo;      /* the smallest latency above 0 */
	double body_hi; /* the largest p99.9 */
	double hi;      /* the largest latency */
} cdf_range;

/* The curve of every label at size (cv[d->n]) and their range. 0, or an
 * exit code after the message. */
static int cdf_curves(const plot_args *a, const plot_data *d, uint64_t size, cdf_curve *cv,
		      cdf_range *r)
{
	*r = (cdf_range){0, HUGE_VAL, 0, 0};
	for (size_t i = 0; i < d->n; i++) {
		if (!report_summary_find(d->sums[i], d->g, size)) {
			report_error("plot: %s has no size %llu of %s", d->tfs[i]->path,
				     (unsigned long long)size, d->gname);
			return REPORT_EXIT_DATA;
		}
		size_t n = 0;
		uint64_t *v = pooled_samples(d->tfs[i], d->g, size, a->opts.use_max, &n);
		if (!v || st_sort_u64(v, n) < 0) {
			free(v);
			report_error("out of memory");
			return REPORT_EXIT_DATA;
		}
		cdf_curve *c = &cv[i];
		c->n = n;
		c->np = cdf_grid(n, c->p, sizeof c->p / sizeof c->p[0]);
		for (size_t k = 0; k < c->np; k++)
			c->x[k] = report_us(st_quantile_sorted_u64(v, n, c->p[k]));
		double q999 = report_us(st_quantile_sorted_u64(v, n, 0.999));
		free(v);
		if (n > r->nmax)
			r->nmax = n;
		if (c->x[0] > 0 && c->x[0] < r->lo)
			r->lo = c->x[0];
		if (q999 > r->body_hi)
			r->body_hi = q999;
		if (c->x[c->np - 1] > r->hi)
			r->hi = c->x[c->np - 1];
	}
	if (!(r->hi > 0) || !(r->lo < HUGE_VAL)) {
		report_error(
			"plot: %s, size %llu: every latency is 0 us; a log axis cannot show it "
			"(plot --kind trials shows them)",
			d->gname, (unsigned long long)size);
		return REPORT_EXIT_DATA;
	}
	return 0;
}

/* CDF kind: per label the latencies at the grid's probabilities. */
static int script_cdf(FILE *f, const plot_args *a, const plot_data *d, const char *out)
{
	uint64_t size;
	int rc = pick_size(a, d, &size);
	if (rc)
		return rc;
	cdf_curve *cv = calloc(d->n, sizeof *cv);
	if (!cv) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	cdf_range r;
	if ((rc = cdf_curves(a, d, size, cv, &r))) {
		free(cv);
		return rc;
	}
	size_t nmax = r.nmax;
	double lo = r.lo, body_hi = r.body_hi, hi = r.hi;

	char sz[32], deflt[512];
	snprintf(deflt, sizeof deflt, "%s, %s bytes: distribution of %s (all trials pooled)%s",
		 d->gname, size_text(size, sz, sizeof sz),
		 d->per_run ? "per-run averages"
		 : d->bw    ? "per-iteration time"
			    : "per-iteration latency",
		 REPORT_MAX_NOTE(a->opts.use_max));
	gp_begin(f, a, out, 1);
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "$d%zu << EOD\n# latency_us p  (%zu samples)\n", i, cv[i].n);
		for (size_t k = 0; k < cv[i].np; k++)
			fprintf(f, "%.9g %.9g\n", cv[i].x[k], cv[i].p[k]);
		fputs("EOD\n", f);
	}
	fputs("set multiplot layout 1,2 title ", f);
	char pr[768];
	gp_string(f, a->title ? a->title : with_per_run(d, deflt, pr, sizeof pr));
	fputs(" font ',12'\n", f);
	/* Left: the body of the distribution, up to the largest p99.9. */
	fprintf(f, "set logscale x 10\nset xlabel '%s (us)'\n", qty(d));
	fputs("set ylabel 'fraction of iterations at or below'\n"
	      "set yrange [0:1]\nset ytics 0.1\nset key bottom right\n"
	      "set title 'CDF up to p99.9 (the tail is on the right)'\n",
	      f);
	gp_log_axis(f, "x", lo, body_hi);
	fputs("plot \\\n", f);
	for (size_t i = 0; i < d->n; i++) {
		char name[300];
		key_name(d, i, name, sizeof name);
		fprintf(f, "  $d%zu using 1:2 with lines lw 2 lc rgb '%s' title ", i, colours[i]);
		gp_string(f, name);
		fputs(i + 1 < d->n ? ", \\\n" : "\n", f);
	}
	/* Right: the tail, 1 - CDF on a log scale down to one sample in nmax. */
	fprintf(f,
		"set logscale y 10\nset format y '%%g'\nset yrange [%.6g:1]\nset ytics autofreq\n"
		"set mytics 10\nset ylabel 'fraction of iterations slower'\nset key top right\n"
		"set title 'tail: 1 - CDF, down to one iteration in %zu'\n",
		0.5 / (double)(nmax ? nmax : 1), nmax);
	gp_log_axis(f, "x", lo, hi);
	fputs("plot \\\n", f);
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f,
			"  $d%zu using 1:($2 < 1 ? 1 - $2 : NaN) with lines lw 2 lc rgb '%s' title ",
			i, colours[i]);
		gp_string(f, d->sums[i]->label);
		fputs(i + 1 < d->n ? ", \\\n" : "\n", f);
	}
	fputs("unset multiplot\nunset output\n", f);
	free(cv);
	return 0;
}

/* Write the script for output path out into a new buffer. */
int plot_script(const plot_args *a, const plot_data *d, const char *out, char **buf, size_t *len)
{
	*buf = NULL;
	FILE *f = open_memstream(buf, len);
	if (!f) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	int rc;
	if (a->kind == KIND_SIZE)
		rc = script_size(f, a, d, out);
	else if (a->kind == KIND_TRIALS)
		rc = script_trials(f, a, d, out);
	else
		rc = script_cdf(f, a, d, out);
	if (fclose(f) != 0 && !rc) {
		report_error("out of memory");
		rc = REPORT_EXIT_DATA;
	}
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}
