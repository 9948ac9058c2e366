/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_import.c: sriovstat import: the CSV reader and the command (the
 * other tools' formats are in import_*.c; export is cmd_export.c).
 *
 * The CSV has a header line naming its columns, in any order:
 *   trial, size, iteration, latency_us   required
 *   benchmark, op, max_latency_us        optional (other columns are ignored)
 *   complete, round, sample              optional, as export writes them
 * one line per timed iteration. Latencies are decimal microseconds, turned
 * into integer nanoseconds by exact decimal rounding (half up), so that
 * export followed by import gives back every sample to the nanosecond. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"
#include "report.h"
#include "safeio.h"
#include "strparse.h"

/* Largest latency accepted, in ns (JSON integers are signed 64-bit). */
#define NS_MAX ((uint64_t)INT64_MAX)

/* One data line of the CSV. */
typedef struct row {
	uint64_t size, iter, ns, max;
	uint64_t line;
	int trial;
	unsigned group; /* index into the (benchmark, op) names */
	int has_max;
	int incomplete; /* the complete column says false */
	int round;      /* the round column: the sweep round, 0: none */
	int per_run;    /* the sample column says run-average */
} row;

/* The rows read so far and the distinct (benchmark, op) pairs. */
typedef struct csv_data {
	row *rows;
	size_t n, cap;
	char **bench, **op;
	size_t ngroups;
} csv_data;

enum { COL_TRIAL, COL_SIZE, COL_ITER, COL_LAT, COL_BENCH, COL_OP, COL_MAX, COL_COMPLETE };
enum { COL_ROUND = COL_COMPLETE + 1, COL_SAMPLE, NCOLS };
static const char *const col_names[NCOLS] = {"trial",     "size",  "iteration",      "latency_us",
					     "benchmark", "op",    "max_latency_us", "complete",
					     "round",     "sample"};
/* What sriovstat export names them. */
static const char *const col_alias[NCOLS] = {"trial", "size", "iteration", "value", "benchmark",
					     "op",    "max",  "complete",  "round", "sample"};

/* A non-negative decimal integer no larger than max. */
static int csv_uint(const char *s, uint64_t max, uint64_t *v)
{
	if (*s == '+')
		s++;
	return st_parse_u64(s, 0, max, NULL, v, NULL) < 0 ? -1 : 0;
}

/* Decimal microseconds (digits, optional fraction and exponent) to integer
 * nanoseconds, rounding half up on the exact decimal value. Returns 0,
 * -1 when s is not such a number, -2 when it is negative, -3 when too large. */
static int parse_us(const char *s, uint64_t *ns)
{
	char dig[64];
	size_t nd = 0;
	long ip = 0; /* digits before the point (after dropping leading zeros) */
	int seen_digit = 0, seen_point = 0;

	if (*s == '-')
		return (s[1] >= '0' && s[1] <= '9') || s[1] == '.' ? -2 : -1;
	if (*s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			seen_digit = 1;
			if (nd == 0 && *s == '0') {
				if (seen_point)
					ip--;
				continue;
			}
			/* Digits beyond 64 cannot change the result: the integer part
			 * has at most 20 and half-up rounding reads one more. */
			if (nd < sizeof dig)
				dig[nd++] = *s;
			if (!seen_point)
				ip++;
		} else if (*s == '.' && !seen_point) {
			seen_point = 1;
		} else {
			break;
		}
	}
	if (!seen_digit)
		return -1;
	long ex = 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		int neg = 0;
		if (*s == '+' || *s == '-')
			neg = *s++ == '-';
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++)
			if (ex < 100000)
				ex = ex * 10 + (*s - '0');
		if (neg)
			ex = -ex;
	}
	if (*s)
		return -1;
	if (nd == 0) {
		*ns = 0;
		return 0;
	}
	/* value = 0.DIG * 10^(ip + ex) us = 0.DIG * 10^(ip + ex + 3) ns:
	 * the first ip + ex + 3 digits are the integer part. */
	long whole = ip + ex + 3;
	if (whole > 20)
		return -3;
	uint64_t x = 0;
	for (long i = 0; i < whole; i++) {
		unsigned d = i < (long)nd ? (unsigned)(dig[i] - '0') : 0;
		if (x > (NS_MAX - d) / 10)
			return -3;
		x = x * 10 + d;
	}
	if (whole >= 0 && whole < (long)nd && dig[whole] >= '5') {
		if (x == NS_MAX)
			return -3;
		x++;
	}
	*ns = x;
	return 0;
}

/* The index of (bench, op) among the known pairs, adding it. */
static int group_of(csv_data *d, const char *bench, const char *op, unsigned *g)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (strcmp(d->bench[i], bench) == 0 && strcmp(d->op[i], op) == 0) {
			*g = (unsigned)i;
			return 0;
		}
	char **b = realloc(d->bench, (d->ngroups + 1) * sizeof *b);
	if (!b)
		return -1;
	d->bench = b;
	char **o = realloc(d->op, (d->ngroups + 1) * sizeof *o);
	if (!o)
		return -1;
	d->op = o;
	d->bench[d->ngroups] = strdup(bench);
	d->op[d->ngroups] = strdup(op);
	if (!d->bench[d->ngroups] || !d->op[d->ngroups])
		return -1;
	*g = (unsigned)d->ngroups++;
	return 0;
}

/* Release what csv_data holds. */
static void csv_free(csv_data *d)
{
	for (size_t i = 0; i < d->ngroups; i++) {
		free(d->bench[i]);
		free(d->op[i]);
	}
	free(d->bench);
	free(d->op);
	free(d->rows);
}

/* Where a CSV's columns are, and what reading it needs in messages. */
typedef struct csv_reader {
	const char *name;               /* the file, in messages */
	const char *def_bench, *def_op; /* for absent benchmark and op columns */
	int pos[NCOLS];                 /* each column's field, or -1 */
	int nhead;                      /* fields of the header; 0 before it */
	uint64_t lineno;
} csv_reader;

/* The header's fields f[0..nf): where each column is. 0, or -1 after the message. */
static int csv_header(csv_reader *rd, char **f, int nf)
{
	rd->nhead = nf;
	for (int j = 0; j < nf; j++)
		for (int c = 0; c < NCOLS; c++)
			if (strcasecmp(f[j], col_names[c]) == 0 ||
			    strcasecmp(f[j], col_alias[c]) == 0) {
				if (rd->pos[c] >= 0) {
					report_error("%s: line 1: column \"%s\" appears twice",
						     rd->name, col_names[c]);
					return -1;
				}
				rd->pos[c] = j;
			}
	for (int c = 0; c <= COL_LAT; c++)
		if (rd->pos[c] < 0) {
			report_error(
				"%s: line 1: missing column \"%s\" (the header must name trial, size, iteration and latency_us)",
				rd->name, col_names[c]);
			return -1;
		}
	return 0;
}

/* The numbers of a data line (trial, size, iteration, latency, max) into r.
 * 0, or -1 after the message. */
static int csv_numbers(const csv_reader *rd, char **f, row *r)
{
	const char *name = rd->name;
	const int *pos = rd->pos;
	uint64_t lineno = rd->lineno, tn;
	if (csv_uint(f[pos[COL_TRIAL]], INT_MAX, &tn) < 0 || tn < 1) {
		report_error("%s: line %" PRIu64 ": trial \"%s\" is not an integer from 1 to %d",
			     name, lineno, f[pos[COL_TRIAL]], INT_MAX);
		return -1;
	}
	r->trial = (int)tn;
	if (csv_uint(f[pos[COL_SIZE]], UINT64_MAX, &r->size) < 0) {
		report_error("%s: line %" PRIu64 ": size \"%s\" is not a non-negative integer",
			     name, lineno, f[pos[COL_SIZE]]);
		return -1;
	}
	/* Trial files hold sizes as JSON (signed 64-bit) integers. */
	if (r->size > (uint64_t)INT64_MAX) {
		report_error("%s: line %" PRIu64 ": size %" PRIu64 " is too large (at most %" PRId64
			     ")",
			     name, lineno, r->size, INT64_MAX);
		return -1;
	}
	if (csv_uint(f[pos[COL_ITER]], UINT64_MAX, &r->iter) < 0) {
		report_error("%s: line %" PRIu64 ": iteration \"%s\" is not a non-negative integer",
			     name, lineno, f[pos[COL_ITER]]);
		return -1;
	}
	static const char *const why[] = {"", "is not a number", "is negative", "is too large"};
	for (int c = COL_LAT; c <= COL_MAX; c += COL_MAX - COL_LAT) {
		if (pos[c] < 0)
			continue;
		const char *s = f[pos[c]];
		if (c == COL_MAX && *s == '\0')
			continue;
		int e = parse_us(s, c == COL_LAT ? &r->ns : &r->max);
		if (e == -1) {
			report_error("%s: line %" PRIu64 ": %s \"%s\" %s", name, lineno,
				     col_names[c], s, why[1]);
			return -1;
		}
		if (e < 0) {
			report_error("%s: line %" PRIu64 ": %s %s %s", name, lineno, col_names[c],
				     s, why[-e]);
			return -1;
		}
		if (c == COL_MAX)
			r->has_max = 1;
	}
	return 0;
}

/* The benchmark, op and complete columns of a data line into r and d's
 * groups. 0, or -1 after the message. */
static int csv_names(const csv_reader *rd, char **f, row *r, csv_data *d)
{
	const char *name = rd->name;
	const int *pos = rd->pos;
	const char *b = pos[COL_BENCH] >= 0 ? f[pos[COL_BENCH]] : rd->def_bench;
	const char *o = pos[COL_OP] >= 0 ? f[pos[COL_OP]] : rd->def_op;
	if (*b == '\0') {
		report_error("%s: line %" PRIu64 ": empty benchmark", name, rd->lineno);
		return -1;
	}
	st_err nerr = {0};
	if (trial_check_name("benchmark", b, 0, &nerr) < 0 ||
	    trial_check_name("op", o, 1, &nerr) < 0) {
		report_error("%s: line %" PRIu64 ": %s", name, rd->lineno, nerr.msg);
		return -1;
	}
	if (pos[COL_COMPLETE] >= 0) {
		const char *cv = f[pos[COL_COMPLETE]];
		if (strcmp(cv, "false") == 0 || strcmp(cv, "0") == 0) {
			r->incomplete = 1;
		} else if (strcmp(cv, "true") != 0 && strcmp(cv, "1") != 0 && *cv) {
			report_error("%s: line %" PRIu64 ": complete \"%s\" is not true or false",
				     name, rd->lineno, cv);
			return -1;
		}
	}
	const char *rv = pos[COL_ROUND] >= 0 ? f[pos[COL_ROUND]] : "";
	uint64_t round = 0;
	if (*rv && (csv_uint(rv, INT_MAX, &round) < 0 || round < 1)) {
		report_error("%s: line %" PRIu64 ": round \"%s\" is not empty or an integer from 1 "
			     "to %d",
			     name, rd->lineno, rv, INT_MAX);
		return -1;
	}
	r->round = (int)round;
	const char *sv = pos[COL_SAMPLE] >= 0 ? f[pos[COL_SAMPLE]] : "";
	r->per_run = strcmp(sv, "run-average") == 0;
	if (*sv && !r->per_run && strcmp(sv, "iteration") != 0) {
		report_error("%s: line %" PRIu64 ": sample \"%s\" is not iteration or run-average",
			     name, rd->lineno, sv);
		return -1;
	}
	if (group_of(d, b, o, &r->group) < 0) {
		report_error("%s: out of memory", name);
		return -1;
	}
	return 0;
}

/* A data line's fields f[0..nf) appended to d. 0, or -1 after the message. */
static int csv_row(const csv_reader *rd, char **f, int nf, csv_data *d)
{
	if (nf != rd->nhead) {
		report_error("%s: line %" PRIu64 ": %d fields, the header has %d", rd->name,
			     rd->lineno, nf, rd->nhead);
		return -1;
	}
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 4096;
		row *g = realloc(d->rows, nc * sizeof *g);
		if (!g) {
			report_error("%s: line %" PRIu64 ": out of memory", rd->name, rd->lineno);
			return -1;
		}
		d->rows = g;
		d->cap = nc;
	}
	row *r = &d->rows[d->n];
	memset(r, 0, sizeof *r);
	r->line = rd->lineno;
	if (csv_numbers(rd, f, r) < 0 || csv_names(rd, f, r, d) < 0)
		return -1;
	d->n++;
	return 0;
}

/* One line of the CSV (its end of line removed; len its length): the
 * header, a data line, or a blank line. 0, or -1 after the message. */
static int csv_line(csv_reader *rd, char *line, ssize_t len, csv_data *d)
{
	const char *name = rd->name;
	char *f[64], *l = line;
	if (rd->lineno == 1 && strncmp(l, "\xef\xbb\xbf", 3) == 0)
		l += 3; /* a UTF-8 byte-order mark */
	if (strspn(l, " \t") == strlen(l)) {
		if (rd->nhead > 0)
			return 0;
		report_error(
			"%s: line %" PRIu64
			": empty; the first line must name the columns (trial,size,iteration,latency_us)",
			name, rd->lineno);
		return -1;
	}
	if (strlen(l) != (size_t)(len - (l - line))) {
		report_error("%s: line %" PRIu64 ": contains a NUL byte (not a text CSV file?)",
			     name, rd->lineno);
		return -1;
	}
	int nf = import_split_csv(l, f, 64);
	if (nf < 0) {
		report_error("%s: line %" PRIu64 ": unterminated quoted field", name, rd->lineno);
		return -1;
	}
	if (nf > 64) {
		report_error("%s: line %" PRIu64 ": more than 64 fields", name, rd->lineno);
		return -1;
	}
	return rd->nhead == 0 ? csv_header(rd, f, nf) : csv_row(rd, f, nf, d);
}

/* Read the CSV from in (called name in messages) into d. Prints the error
 * (file and line) and returns REPORT_EXIT_DATA on failure. */
static int read_csv(FILE *in, const char *name, const char *def_bench, const char *def_op,
		    csv_data *d)
{
	csv_reader rd = {.name = name, .def_bench = def_bench, .def_op = def_op};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = REPORT_EXIT_DATA;
	for (int i = 0; i < NCOLS; i++)
		rd.pos[i] = -1;
	while ((len = getline(&line, &cap, in)) >= 0) {
		rd.lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (csv_line(&rd, line, len, d) < 0)
			goto out;
	}
	if (ferror(in))
		report_error("%s: %s", name, strerror(errno));
	else if (rd.nhead == 0)
		report_error("%s: empty file (a header line and data lines are required)", name);
	else if (d->n == 0)
		report_error("%s: no data lines after the header", name);
	else
		rc = 0;
out:
	free(line);
	return rc;
}

/* Order rows by trial, size, iteration. */
static int cmp_row(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->trial != y->trial)
		return x->trial < y->trial ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	if (x->iter != y->iter)
		return x->iter < y->iter ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The trial-wide columns (complete, round, sample) of the trial whose
 * first row is d->rows[i]: one value per trial. 0, or -1 after the message. */
static int trial_columns(const csv_data *d, size_t i, const char *name)
{
	const row *first = &d->rows[i];
	for (size_t j = i + 1; j < d->n && d->rows[j].trial == first->trial; j++) {
		const row *r = &d->rows[j];
		const char *what = r->incomplete != first->incomplete ? "complete"
				   : r->round != first->round         ? "round"
				   : r->per_run != first->per_run     ? "sample"
								      : NULL;
		if (what) {
			report_error("%s: line %" PRIu64 ": %s differs from line %" PRIu64
				     " of trial %d (one trial, one value)",
				     name, r->line, what, first->line, r->trial);
			return -1;
		}
	}
	return 0;
}

/* A new trial for the rows of one trial, first its first row: its number,
 * completeness, sweep round and kind of samples (import_text.c records
 * the source from "source": {"samples": ...}). NULL after the message. */
static trial *trial_of_rows(const csv_data *d, const row *first, const char *name)
{
	trial *t = trial_create(d->bench[first->group], d->op[first->group]);
	json_object *sw = NULL, *src = NULL;
	if (t && first->round && (sw = json_object_new_object()) != NULL) {
		json_object_object_add(sw, "round", json_object_new_int(first->round));
		json_object_object_add(t->meta, "sweep", sw);
	}
	if (t && first->per_run && (src = json_object_new_object()) != NULL) {
		json_object_object_add(src, "samples", json_object_new_string("per-run"));
		json_object_object_add(t->meta, "source", src);
	}
	if (!t || (first->round && !sw) || (first->per_run && !src)) {
		trial_destroy(t);
		report_error("%s: out of memory", name);
		return NULL;
	}
	t->number = first->trial;
	t->complete = !first->incomplete;
	return t;
}

/* Build the trials of d (rows sorted) into tf. */
static int build_trials(csv_data *d, const char *name, trial_file *tf)
{
	st_err err = {0};
	uint64_t *v = malloc(d->n * sizeof *v), *m = malloc(d->n * sizeof *m);
	int rc = REPORT_EXIT_DATA;
	if (!v || !m) {
		report_error("%s: out of memory for %zu samples", name, d->n);
		goto out;
	}
	for (size_t i = 0; i < d->n;) {
		const row *first = &d->rows[i];
		trial *t = trial_columns(d, i, name) < 0 ? NULL : trial_of_rows(d, first, name);
		if (!t)
			goto out;
		while (i < d->n && d->rows[i].trial == first->trial) {
			size_t j = i, n = 0;
			const row *s0 = &d->rows[i];
			for (; j < d->n && d->rows[j].trial == s0->trial &&
			       d->rows[j].size == s0->size;
			     j++) {
				const row *r = &d->rows[j];
				if (r->group != first->group) {
					char here[256], there[256];
					report_group_name(d->bench[r->group], d->op[r->group], here,
							  sizeof here);
					report_group_name(d->bench[first->group],
							  d->op[first->group], there, sizeof there);
					report_error("%s: line %" PRIu64
						     ": trial %d is %s here but %s at line %" PRIu64
						     " (one trial, one benchmark and op)",
						     name, r->line, r->trial, here, there,
						     first->line);
					trial_destroy(t);
					goto out;
				}
				if (j > i && r->iter == d->rows[j - 1].iter) {
					report_error("%s: line %" PRIu64 ": iteration %" PRIu64
						     " of trial %d, size %" PRIu64
						     " appears twice (also line %" PRIu64 ")",
						     name, r->line, r->iter, r->trial, r->size,
						     d->rows[j - 1].line);
					trial_destroy(t);
					goto out;
				}
				if (r->has_max != s0->has_max) {
					report_error(
						"%s: line %" PRIu64
						": max_latency_us is %s here but %s at line %" PRIu64
						" (trial %d, size %" PRIu64 ")",
						name, r->line, r->has_max ? "set" : "empty",
						s0->has_max ? "set" : "empty", s0->line, r->trial,
						r->size);
					trial_destroy(t);
					goto out;
				}
				v[n] = r->ns;
				m[n] = r->max;
				n++;
			}
			if (n > TRIAL_MAX_SAMPLES) {
				report_error("%s: trial %d, size %" PRIu64
					     ": more than %llu samples",
					     name, s0->trial, s0->size,
					     (unsigned long long)TRIAL_MAX_SAMPLES);
				trial_destroy(t);
				goto out;
			}
			if (!trial_add_size(t, s0->size, n, 0, v, s0->has_max ? m : NULL, n,
					    &err)) {
				report_error("%s: trial %d: %s", name, s0->trial, err.msg);
				trial_destroy(t);
				goto out;
			}
			i = j;
		}
		int e = trial_file_take(tf, t, &err);
		trial_destroy(t);
		if (e < 0) {
			report_error("%s: %s", name, err.msg);
			goto out;
		}
	}
	rc = 0;
out:
	free(v);
	free(m);
	return rc;
}

/* Read a CSV from in and build its trials into a new trial file of label
 * (*out, the caller's). Prints the error and returns REPORT_EXIT_DATA on failure. */
static int import_stream(FILE *in, const char *name, const char *label, const char *def_bench,
			 const char *def_op, trial_file **out)
{
	csv_data d = {0};
	trial_file *tf = NULL;
	int rc = read_csv(in, name, def_bench, def_op, &d);
	if (rc)
		goto done;
	qsort(d.rows, d.n, sizeof *d.rows, cmp_row);
	tf = trial_file_create(label);
	if (!tf) {
		report_error("out of memory");
		rc = REPORT_EXIT_DATA;
		goto done;
	}
	if ((rc = build_trials(&d, name, tf)) != 0)
		goto done;
	*out = tf;
	tf = NULL;
done:
	trial_file_destroy(tf);
	csv_free(&d);
	return rc;
}

/* CSV text in memory to a trial file (what import does, without the output;
 * the fuzz target's entry point). */
int report_import_parse(const char *buf, size_t len, const char *name, const char *label,
			const char *def_bench, const char *def_op, trial_file **out)
{
	FILE *in = fmemopen((void *)(uintptr_t)buf, len, "r");
	if (!in) {
		report_error("%s: %s", name, strerror(errno));
		return REPORT_EXIT_DATA;
	}
	int rc = import_stream(in, name, label, def_bench, def_op, out);
	fclose(in);
	return rc;
}

/* Write tf as a trial file to out ("-": standard output), which must not
 * exist: created atomically, so that of concurrent imports one wins. */
static int write_new(const trial_file *tf, const char *out)
{
	st_err err = {0};
	json_object *doc = trial_file_to_json(tf, &err);
	if (!doc) {
		report_error("%s", err.msg);
		return REPORT_EXIT_DATA;
	}
	size_t len = 0;
	const char *s = json_object_to_json_string_length(
		doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	int rc = 0;
	if (!s) {
		report_error("%s: out of memory", out);
		rc = REPORT_EXIT_DATA;
	} else if ((uint64_t)len + 1 > trial_max_file_bytes()) {
		report_error(
			"%s: would be %zu bytes, more than the limit of %llu bytes for a trial "
			"file (set SRIOVSTAT_MAX_FILE_BYTES to raise it; nothing written)",
			out, len + 1, (unsigned long long)trial_max_file_bytes());
		rc = REPORT_EXIT_DATA;
	} else {
		st_out *o;
		if (st_out_open(&o, out, ST_OUT_EXCL | ST_OUT_STDOUT, &err) < 0) {
			report_error("%s", err.msg);
			rc = REPORT_EXIT_DATA;
		} else {
			if (st_out_write(o, s, len, &err) < 0 ||
			    st_out_write(o, "\n", 1, &err) < 0 || st_out_commit(o, &err) < 0) {
				report_error("%s", err.msg);
				rc = REPORT_EXIT_DATA;
			}
		}
	}
	json_object_put(doc);
	return rc;
}

/* Append every trial of tf to out. Each append is atomic and cheap (in
 * place, stats/trialappend.c); SIGINT, SIGTERM and SIGHUP wait until the
 * last one is written, so that an interrupted import adds all or none (a
 * rerun never duplicates trials). Refused up front when the numbers would
 * pass TRIAL_MAX_NUMBER. */
static int append_all(const char *out, const char *label, trial_file *tf)
{
	st_err err = {0};
	trial_file *have = NULL;
	if (access(out, F_OK) == 0) {
		if (trial_file_read(out, TRIAL_READ_NO_SAMPLES, &have, &err) < 0) {
			report_error("%s", err.msg);
			return REPORT_EXIT_DATA;
		}
		int last = 0;
		for (size_t i = 0; i < have->ntrials; i++)
			last = have->trials[i].number > last ? have->trials[i].number : last;
		trial_file_destroy(have);
		if ((uint64_t)last + tf->ntrials > TRIAL_MAX_NUMBER) {
			report_error(
				"%s: holds trial %d; %zu more would pass the largest trial number %d; "
				"nothing appended (start a new file)",
				out, last, tf->ntrials, TRIAL_MAX_NUMBER);
			return REPORT_EXIT_DATA;
		}
	}
	sigset_t hold, old;
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &old);
	int rc = 0;
	for (size_t i = 0; i < tf->ntrials; i++)
		if (trial_file_append(out, label, &tf->trials[i], &err) < 0) {
			report_error("%s%s", err.msg,
				     i ? " (the trials before it were appended)" : "");
			rc = REPORT_EXIT_DATA;
			break;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static const char import_help[] =
	"Usage: sriovstat import --label LABEL [--from FMT] [-o OUT.json [--append]] FILE...\n"
	"Make a trial file from other tools' results (FILE '-': standard input):\n"
	"  osu       OSU Micro-Benchmarks 5.x-7.x latency tests (osu_latency, osu_allreduce,\n"
	"            ...; with or without -f, -c, -z): one trial per file\n"
	"  imb       IMB-MPI1 output: one trial per file and benchmark section\n"
	"  perftest  ib_*_lat text output (with -U/-H: every iteration) or its --out_json file\n"
	"  csv       per-iteration CSV (below); several files: trials numbered in order\n"
	"Without --from the format is told from the content. OSU, IMB and perftest text\n"
	"without per-iteration dumps hold one average per run and size: reports call\n"
	"them per-run averages, never iteration percentiles.\n"
	"\n"
	"The CSV's first line names the columns, in any order: trial, size, iteration and\n"
	"latency_us are required; benchmark, op and max_latency_us are optional; other\n"
	"columns are ignored. One line per timed iteration; latency in microseconds,\n"
	"stored as integer nanoseconds (rounded half up). The lines of one trial and\n"
	"size become that size's samples in iteration order. The columns export adds\n"
	"are read back, one value per trial: complete (true or false), round (the\n"
	"sweep round, or empty) and sample (iteration, or run-average: per-run averages).\n"
	"\n"
	"Options:\n"
	"  -l, --label LABEL     the label of the configuration (required)\n"
	"  -f, --from FMT        osu, imb, perftest or csv (default: from the content)\n"
	"  -o, --output OUT      write the trial file to OUT (atomically; OUT must not\n"
	"                        exist unless --append); default or '-': standard output\n"
	"  -a, --append          add the trials to OUT, which must have the same label;\n"
	"                        they are numbered after the trials it holds (an\n"
	"                        interrupt waits until all are added)\n"
	"  --benchmark NAME      CSV: benchmark when there is no benchmark column (default: csv)\n"
	"  --op NAME             CSV: op when there is no op column (default: none)\n"
	"  -h, --help            show this help and exit\n";

/* sriovstat import. */
int cmd_import(int argc, char **argv)
{
	enum { OPT_BENCH = REPORT_OPT_FIRST_FREE, OPT_OP };
	static const struct option longopts[] = {
		{"label", required_argument, NULL, 'l'},
		{"output", required_argument, NULL, 'o'},
		{"append", no_argument, NULL, 'a'},
		{"from", required_argument, NULL, 'f'},
		{"benchmark", required_argument, NULL, OPT_BENCH},
		{"op", required_argument, NULL, OPT_OP},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *label = NULL, *out = NULL, *bench = "csv", *op = "", *from = NULL;
	static const char *const formats[] = {"osu", "imb", "perftest", "csv", NULL};
	int append = 0, c;
	report_getopt g = {
		.cmd = "import", .help = import_help, .shortopts = "l:o:af:", .longopts = longopts};
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		switch (c) {
		case 'l': label = optarg; break;
		case 'f':
			if (report_parse_choice("import", "--from", optarg, formats) < 0)
				return REPORT_EXIT_USAGE;
			from = optarg;
			break;
		case 'o': out = optarg; break;
		case 'a': append = 1; break;
		case OPT_BENCH: bench = optarg; break;
		case OPT_OP: op = optarg; break;
		default: return g.status;
		}
	}
	if (!label)
		return report_usage("import", "--label is required");
	st_err err = {0};
	if (trial_check_name("--label", label, 0, &err) < 0 ||
	    trial_check_name("--benchmark", bench, 0, &err) < 0 ||
	    trial_check_name("--op", op, 1, &err) < 0)
		return report_usage("import", "%s", err.msg);
	if (argc - optind < 1)
		return report_usage("import", "expected at least one input FILE");
	if (out && strcmp(out, "-") == 0 && append)
		return report_usage("import",
				    "--append needs an --output file, not standard output");
	if (out && strcmp(out, "-") == 0)
		out = NULL;
	if (append && !out)
		return report_usage("import", "--append needs --output");
	if (out && !append && access(out, F_OK) == 0) {
		report_error("%s: exists (import does not overwrite; use --append to add to it)",
			     out);
		return REPORT_EXIT_DATA;
	}
	for (int i = optind; out && i < argc; i++)
		if (st_same_file(out, argv[i])) {
			report_error("%s: the output is also an input (refusing to overwrite it)",
				     out);
			return REPORT_EXIT_DATA;
		}
	trial_file *tf = NULL;
	int rc = report_import_files(argv + optind, (size_t)(argc - optind), from, label, bench, op,
				     &tf);
	if (rc)
		goto done;

	if (!append) {
		rc = write_new(tf, out ? out : "-");
	} else {
		rc = append_all(out, label, tf);
	}
done:
	trial_file_destroy(tf);
	return rc;
}
