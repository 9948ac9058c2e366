/* SPDX-License-Identifier: BSD-3-Clause */
/* cli.c: messages, shared options and file loading for the subcommands. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "par.h"
#include "report.h"
#include "strparse.h"

const char *report_progname = "sriovstat";

/* Print "sriovstat: KIND: MSG\n" on stderr, as one line: control
 * characters that came from an input (a CSV field, a name) become '?'. On a
 * colour terminal KIND is bold red (error) or magenta (warning), as compilers
 * print it. */
static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char msg[4096];
	vsnprintf(msg, sizeof msg, fmt, ap);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (report_color(stderr))
		fprintf(stderr, "%s: \033[1;%sm%s:\033[0m %s\n", report_progname,
			strcmp(kind, "error") == 0 ? "31" : "35", kind, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", report_progname, kind, msg);
}

/* An error line. */
void report_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("error", fmt, ap);
	va_end(ap);
}

/* A warning line. */
void report_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("warning", fmt, ap);
	va_end(ap);
}

/* A usage error of cmd, with the pointer to its help in the same line. */
int report_usage(const char *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	report_error("%s: %s (see '%s %s --help')", cmd, msg, report_progname, cmd);
	return REPORT_EXIT_USAGE;
}

/* Default shared options. */
void report_common_init(report_common *c)
{
	static const double def[] = {50, 90, 95, 99};
	memset(c, 0, sizeof *c);
	c->format = REPORT_TEXT;
	c->power = 0.8;
	c->npct = sizeof def / sizeof def[0];
	for (size_t i = 0; i < c->npct; i++) {
		c->pct[i] = def[i];
		snprintf(c->pct_name[i], sizeof c->pct_name[i], "p%g", def[i]);
	}
}

/* Compare doubles for qsort. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Parse "50,90,99.9" into c. */
static int parse_percentiles(report_common *c, const char *cmd, const char *arg)
{
	double v[REPORT_MAX_PCT];
	size_t n = 0;
	const char *p = arg;
	for (;;) {
		char *end;
		errno = 0;
		double x = strtod(p, &end);
		if (end == p || (*end != ',' && *end != '\0') || errno || !isfinite(x))
			return report_usage(
				cmd, "--percentiles: '%s' is not a comma-separated list of numbers",
				arg);
		if (!(x > 0 && x < 100))
			return report_usage(
				cmd, "--percentiles: %g is not between 0 and 100 (exclusive)", x);
		if (n == REPORT_MAX_PCT)
			return report_usage(cmd, "--percentiles: at most %d values",
					    REPORT_MAX_PCT);
		v[n++] = x;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	qsort(v, n, sizeof v[0], cmp_double);
	for (size_t i = 1; i < n; i++)
		if (v[i] == v[i - 1])
			return report_usage(cmd, "--percentiles: %g appears twice", v[i]);
	c->npct = n;
	c->pct_set = 1;
	for (size_t i = 0; i < n; i++) {
		c->pct[i] = v[i];
		/* The shortest name that reads back as the value (at least 6
		 * digits): 99.99999999 and 99.999999999 never both become p100. */
		for (int prec = 6; prec <= 17; prec++) {
			snprintf(c->pct_name[i], sizeof c->pct_name[i], "p%.*g", prec, v[i]);
			if (strtod(c->pct_name[i] + 1, NULL) == v[i])
				break;
		}
	}
	return 1;
}

/* Parse --power: "0.8" or "80%" into *out; 1, or REPORT_EXIT_USAGE after a message. */
static int parse_power(const char *cmd, const char *arg, double *out)
{
	char buf[64];
	size_t len = strlen(arg);
	int pct = len && arg[len - 1] == '%';
	if (len >= sizeof buf)
		return report_usage(cmd, "--power: '%.20s...' is not a number", arg);
	snprintf(buf, sizeof buf, "%.*s", (int)(pct ? len - 1 : len), arg);
	double x;
	if (report_parse_double(cmd, "--power", buf, 0, 100, &x))
		return REPORT_EXIT_USAGE;
	if (pct)
		x /= 100.0;
	if (!(x > 0.0 && x < 1.0))
		return report_usage(cmd, "--power: %s is not between 0 and 1 (exclusive)", arg);
	*out = x;
	return 1;
}

/* Handle --format, --percentiles, --columns, --threads and --power. */
int report_common_option(report_common *c, const char *cmd, int opt, const char *arg)
{
	switch (opt) {
	case REPORT_OPT_FORMAT: {
		int f = report_format_parse(arg);
		if (f < 0)
			return report_usage(
				cmd,
				"--format: unknown format '%s' (text, csv, markdown, latex, json)",
				arg);
		c->format = (report_format)f;
		return 1;
	}
	case REPORT_OPT_PERCENTILES: return parse_percentiles(c, cmd, arg);
	case REPORT_OPT_COLUMNS: {
		char msg[512];
		if (report_columns_set(arg, msg, sizeof msg) < 0)
			return report_usage(cmd, "%s", msg);
		return 1;
	}
	case REPORT_OPT_THREADS: {
		uint64_t n;
		if (st_parse_u64(arg, 1, ST_MAX_THREADS, "--threads", &n, NULL) < 0)
			return report_usage(cmd,
					    "--threads: '%s' is not a number of threads (1 to %d)",
					    arg, ST_MAX_THREADS);
		st_set_threads((int)n);
		return 1;
	}
	case REPORT_OPT_POWER: return parse_power(cmd, arg, &c->power);
	default: return 0;
	}
}

/* A value of option opt strictly between 0 and 1 (--alpha, --level) into
 * *out: 1, or REPORT_EXIT_USAGE after a message. */
static int parse_open_unit(const char *cmd, const char *opt, const char *arg, double *out)
{
	double x;
	if (report_parse_double(cmd, opt, arg, 0, 1, &x))
		return REPORT_EXIT_USAGE;
	if (x <= 0 || x >= 1)
		return report_usage(cmd, "%s: %g is not between 0 and 1 (exclusive)", opt, x);
	*out = x;
	return 1;
}

/* Handle --stat, --test, --adjust, --alpha, --level, --max-samples, --force. */
int report_analysis_option(st_opts *o, const char *cmd, int opt, const char *arg)
{
	st_err err = {0};
	double x;
	switch (opt) {
	case REPORT_OPT_STAT:
		if (st_stat_parse(arg, &o->stat, &err) < 0)
			return report_usage(cmd, "--stat: %s", err.msg);
		return 1;
	case REPORT_OPT_TEST:
		if (st_test_parse(arg, &o->test, &err) < 0)
			return report_usage(cmd, "--test: %s", err.msg);
		return 1;
	case REPORT_OPT_ADJUST:
		if (st_adjust_parse(arg, &o->adjust, &err) < 0)
			return report_usage(cmd, "--adjust: %s", err.msg);
		return 1;
	case REPORT_OPT_ALPHA: return parse_open_unit(cmd, "--alpha", arg, &o->alpha);
	case REPORT_OPT_LEVEL: return parse_open_unit(cmd, "--level", arg, &o->level);
	case REPORT_OPT_MAX_SAMPLES: o->use_max = 1; return 1;
	case REPORT_OPT_FORCE: o->force = 1; return 1;
	case REPORT_OPT_PAIR:
		if (st_pair_parse(arg, &o->pair, &err) < 0)
			return report_usage(cmd, "--pair: %s", err.msg);
		return 1;
	case REPORT_OPT_THRESHOLD: {
		char buf[64];
		size_t len = strlen(arg);
		/* "2" and "2%" mean the same */
		snprintf(buf, sizeof buf, "%.*s", (int)(len && arg[len - 1] == '%' ? len - 1 : len),
			 arg);
		if (len >= sizeof buf)
			return report_usage(cmd, "--threshold: '%.20s...' is not a number", arg);
		if (report_parse_double(cmd, "--threshold", buf, 0, 100, &x))
			return REPORT_EXIT_USAGE;
		if (x >= 100)
			return report_usage(cmd, "--threshold: %g%% is not below 100", x);
		o->threshold_pct = x;
		return 1;
	}
	default: return 0;
	}
}

/* The message for an unknown option or a missing option value. */
int report_getopt_error(const char *cmd, int opt, char **argv)
{
	extern int optind, optopt;
	const char *bad = argv[optind - 1];
	if (opt == ':') {
		if (optopt && optopt < 0x100 && bad && strncmp(bad, "--", 2) != 0)
			return report_usage(cmd, "option '-%c' needs a value", optopt);
		return report_usage(cmd, "option '%s' needs a value", bad ? bad : "?");
	}
	if (optopt && optopt < 0x100 && bad && strncmp(bad, "--", 2) != 0)
		return report_usage(cmd, "unknown option '-%c'", optopt);
	return report_usage(cmd, "unknown option '%s'", bad ? bad : "?");
}

/* The next option of a command that it handles itself. */
int report_getopt_next(report_getopt *g, int argc, char **argv)
{
	char spec[64];
	const char *sh = g->shortopts ? g->shortopts : "";
	int stop = *sh == '+'; /* stop at the first operand (a subcommand's own argv) */
	snprintf(spec, sizeof spec, "%s:h%s", stop ? "+" : "", sh + stop);
	if (!g->started) {
		optind = 0;
		opterr = 0;
		g->started = 1;
	}
	for (;;) {
		int c = getopt_long(argc, argv, spec, g->longopts, NULL), r = 0;
		if (c == -1) {
			if (g->com && g->com->format == REPORT_JSON && report_columns_given())
				report_warning("%s: --columns applies to text, csv, markdown and "
					       "latex: the JSON document holds every key",
					       g->cmd);
			return REPORT_GETOPT_END;
		}
		if (c == 'h') {
			fputs(g->help, stdout);
			g->status = REPORT_EXIT_OK;
			return REPORT_GETOPT_EXIT;
		}
		if (c == '?' || c == ':') {
			g->status = report_getopt_error(g->cmd, c, argv);
			return REPORT_GETOPT_EXIT;
		}
		if (g->com)
			r = report_common_option(g->com, g->cmd, c, optarg);
		if (r == 0 && g->opts)
			r = report_analysis_option(g->opts, g->cmd, c, optarg);
		if (r == 0)
			return c;
		if (r != 1) {
			g->status = r;
			return REPORT_GETOPT_EXIT;
		}
		if (c >= REPORT_OPT_FORMAT && c < REPORT_OPT_FIRST_FREE)
			g->given[c - REPORT_OPT_FORMAT] = ++g->count;
	}
}

/* When a shared option was last handled. */
unsigned report_getopt_given(const report_getopt *g, int code)
{
	if (code < REPORT_OPT_FORMAT || code >= REPORT_OPT_FIRST_FREE)
		return 0;
	return g->given[code - REPORT_OPT_FORMAT];
}

/* A number option value within [lo, hi]. */
int report_parse_double(const char *cmd, const char *opt, const char *arg, double lo, double hi,
			double *out)
{
	char *end = (char *)(uintptr_t)arg;
	errno = 0;
	/* strtod skips leading blanks; refuse them as trailing ones are. */
	double x = isspace((unsigned char)*arg) ? 0 : strtod(arg, &end);
	if (isspace((unsigned char)*arg) || end == arg || *end != '\0' || errno || !isfinite(x))
		return report_usage(cmd, "%s: '%s' is not a number", opt, arg);
	if (x < lo || x > hi)
		return report_usage(cmd, "%s: %g is out of range [%g, %g]", opt, x, lo, hi);
	*out = x;
	return 0;
}

/* A choice among names. */
int report_parse_choice(const char *cmd, const char *opt, const char *arg, const char *const *names)
{
	char list[256] = "";
	for (int i = 0; names[i]; i++) {
		if (strcmp(arg, names[i]) == 0)
			return i;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
			 names[i]);
	}
	report_usage(cmd, "%s: unknown value '%s' (%s)", opt, arg, list);
	return -1;
}

/* Read a trial file or say why not. */
trial_file *report_load(const char *path, unsigned flags)
{
	trial_file *tf = NULL;
	st_err err = {0};
	if (trial_file_read(path, flags, &tf, &err) < 0) {
		report_error("%s", err.msg);
		return NULL;
	}
	return tf;
}

/* Warn about each incomplete trial of tf: which sizes it holds. */
void report_warn_incomplete(const trial_file *tf)
{
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		if (t->complete)
			continue;
		char sizes[512] = "", why[96] = "";
		size_t len = 0;
		for (size_t k = 0; k < t->nsizes && len < sizeof sizes - 32; k++)
			len += (size_t)snprintf(sizes + len, sizeof sizes - len, "%s%llu",
						k ? ", " : "",
						(unsigned long long)t->sizes[k].size);
		if (len >= sizeof sizes - 32)
			snprintf(sizes + len, sizeof sizes - len, ", ...");
		json_object *by;
		if (json_object_object_get_ex(t->meta, "interrupted_by", &by) &&
		    json_object_is_type(by, json_type_string))
			snprintf(why, sizeof why, " (interrupted by %.40s)",
				 json_object_get_string(by));
		else if (json_object_object_get_ex(t->meta, "checkpoint", &by) &&
			 json_object_get_boolean(by))
			snprintf(why, sizeof why,
				 " (a checkpoint: the run was still going or was killed)");
		report_warning(
			"%s: trial %d incomplete%s: %s%s", tf->path ? tf->path : "-", t->number,
			why, t->nsizes ? (t->nsizes == 1 ? "size " : "sizes ") : "no sizes", sizes);
	}
}

/* The files of report_load_all, each read into its own slot. */
typedef struct load_job {
	char **paths;
	unsigned flags;
	trial_file **tfs;
	st_err *errs;
} load_job;

static void load_one(size_t i, void *arg)
{
	load_job *j = arg;
	if (trial_file_read(j->paths[i], j->flags, &j->tfs[i], &j->errs[i]) < 0)
		j->tfs[i] = NULL;
}

/* Load several trial files, on every core (a file's text is let go as its
 * samples are decoded, so two files in flight cost little more than one);
 * the first file in order that cannot be read is the error. */
int report_load_all(char **paths, size_t n, unsigned flags, trial_file **tfs)
{
	st_err *errs = calloc(n ? n : 1, sizeof *errs);
	if (!errs) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	load_job j = {paths, flags, tfs, errs};
	for (size_t i = 0; i < n; i++)
		tfs[i] = NULL;
	st_par_for(n, load_one, &j);
	for (size_t i = 0; i < n; i++)
		if (!tfs[i]) {
			report_error("%s", errs[i].msg);
			report_free_all(tfs, n);
			free(errs);
			return REPORT_EXIT_DATA;
		}
	free(errs);
	return 0;
}

/* Free several trial files. */
void report_free_all(trial_file **tfs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		trial_file_destroy(tfs[i]);
		tfs[i] = NULL;
	}
}

/* Labels name the columns of multi-file tables: they must differ. */
int report_unique_labels(trial_file **tfs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(tfs[i]->label, tfs[j]->label) == 0) {
				report_error(
					"%s and %s have the same label \"%s\": columns are named by label (relabel one with export and import --label)",
					tfs[j]->path, tfs[i]->path, tfs[i]->label);
				return REPORT_EXIT_DATA;
			}
	return 0;
}

/* "benchmark op" or "benchmark". */
const char *report_group_name(const char *benchmark, const char *op, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", benchmark, *op ? " " : "", op);
	return buf;
}

/* Add key: value. */
void report_jadd(json_object *o, const char *key, json_object *value)
{
	json_object_object_add(o, key, value);
}

/* A JSON row starting with its key. */
json_object *report_key_json(const char *benchmark, const char *op, uint64_t size)
{
	json_object *o = json_object_new_object();
	report_jadd(o, "benchmark", json_object_new_string(benchmark));
	report_jadd(o, "op", json_object_new_string(op));
	report_jadd(o, "size", json_object_new_int64((int64_t)size));
	return o;
}

/* A table whose first columns are the row key. */
report_table *report_key_table(const char *title)
{
	report_table *t = report_table_create(title, 0);
	if (!t ||
	    report_table_add_column(t, "benchmark", NULL, REPORT_COL_CSV_ONLY) == (size_t)-1 ||
	    report_table_add_column(t, "op", NULL, REPORT_COL_CSV_ONLY) == (size_t)-1 ||
	    report_table_add_column(t, "size", NULL, 0) == (size_t)-1) {
		report_table_destroy(t);
		return NULL;
	}
	return t;
}

/* Append a row and its key cells. */
int report_key_row(report_table *t, const char *benchmark, const char *op, uint64_t size)
{
	if (report_table_add_row(t) == (size_t)-1)
		return -1;
	report_cell_text(t, benchmark);
	report_cell_text(t, op);
	report_cell_int(t, (long long)size);
	return 0;
}

/* Render one group's table and release it (not CSV: there, one table holds
 * every group and is rendered at the end). */
void report_group_table_done(report_table *t, int first, report_format fmt)
{
	if (!first && !report_columns_failed())
		fputc('\n', stdout);
	report_table_render(t, fmt, stdout);
	report_table_destroy(t);
}

/* Flush standard output; a failed write is a data error. */
int report_finish(int rc)
{
	if (report_columns_failed())
		rc = REPORT_EXIT_USAGE; /* --columns named a column the output lacks */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		report_error("writing standard output: %s", strerror(errno));
		return rc ? rc : REPORT_EXIT_DATA;
	}
	return rc;
}
