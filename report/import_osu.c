/* SPDX-License-Identifier: BSD-3-Clause */
/* import_osu.c: the text output of the OSU Micro-Benchmarks' MPI latency
 * tests (OMB 5.x to 7.x), point-to-point and blocking collectives, as one
 * per-run trial.
 *
 * The output, as the OMB sources print it: a title "# OSU MPI[-CUDA...]
 * NAME Test vX.Y", in 7.x a "# Datatype: MPI_CHAR." line, a column header
 * "# Size   Latency (us)" (point-to-point) or "# Size   Avg Latency(us)"
 * (collectives; barrier has no Size column), with -f also "Min Latency(us)
 * Max Latency(us) Iterations", with -c "Validation", with -z (7.x)
 * "P50 Tail Lat(us)" and further percentiles; then one line per size with
 * the numbers in those columns. Bandwidth and non-blocking tests print other
 * columns and are refused. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"
#include "strparse.h"

enum col { C_SIZE, C_AVG, C_MIN, C_MAX, C_ITERS, C_VALID, C_TAIL, C_XMIT };

#define MAXCOLS 16

typedef struct osu_cols {
	int n;
	enum col kind[MAXCOLS];
	int pct[MAXCOLS]; /* C_TAIL: its percentile */
} osu_cols;

/* Parse the header line (after "# ") into columns: names are separated by
 * runs of two or more blanks ("Latency (us)" holds one). */
static int parse_header(char *h, osu_cols *c, const char *name, uint64_t line)
{
	c->n = 0;
	while (*h) {
		while (*h == ' ' || *h == '\t')
			h++;
		if (!*h)
			break;
		char *start = h;
		while (*h &&
		       !(h[0] == '\t' || (h[0] == ' ' && (h[1] == ' ' || h[1] == '\t' || !h[1]))))
			h++;
		if (*h)
			*h++ = '\0';
		if (c->n == MAXCOLS) {
			report_error("%s: line %" PRIu64 ": more than %d columns", name, line,
				     MAXCOLS);
			return -1;
		}
		enum col k;
		int p = 0;
		if (strcmp(start, "Size") == 0)
			k = C_SIZE;
		else if (strcmp(start, "Latency (us)") == 0 ||
			 strcmp(start, "Avg Latency(us)") == 0)
			k = C_AVG;
		else if (strcmp(start, "Min Latency(us)") == 0)
			k = C_MIN;
		else if (strcmp(start, "Max Latency(us)") == 0)
			k = C_MAX;
		else if (strcmp(start, "Iterations") == 0)
			k = C_ITERS;
		else if (strcmp(start, "Validation") == 0)
			k = C_VALID;
		else if (strcmp(start, "Transmit Size") == 0)
			k = C_XMIT;
		else if (sscanf(start, "P%d Tail Lat(us)", &p) == 1 && p >= 0 && p <= 100)
			k = C_TAIL;
		else if (strstr(start, "MB/s") || strstr(start, "Bandwidth") ||
			 strstr(start, "Messages/s")) {
			report_error(
				"%s: line %" PRIu64
				": a bandwidth test (\"%s\"): import reads the OSU latency tests",
				name, line, start);
			return -1;
		} else {
			report_error(
				"%s: line %" PRIu64
				": unknown OSU column \"%s\" (known: Size, Latency (us), Avg/Min/Max Latency(us), Iterations, Validation, Pnn Tail Lat(us))",
				name, line, start);
			return -1;
		}
		c->kind[c->n] = k;
		c->pct[c->n] = p;
		c->n++;
	}
	int avg = 0;
	for (int i = 0; i < c->n; i++)
		avg += c->kind[i] == C_AVG;
	if (avg != 1) {
		report_error("%s: line %" PRIu64 ": the header has no latency column", name, line);
		return -1;
	}
	return 0;
}

/* From the title's test name ("Allreduce Latency", "Latency") the op
 * ("allreduce", "latency") and benchmark ("osu_allreduce", "osu_latency"). */
static int name_test(const char *test, char *op, size_t oplen, char *bench, size_t blen)
{
	char words[128];
	snprintf(words, sizeof words, "%s", test);
	size_t n = strlen(words);
	const char *tail = " Latency";
	if (n > strlen(tail) && strcmp(words + n - strlen(tail), tail) == 0)
		words[n - strlen(tail)] = '\0';
	size_t o = 0;
	for (const char *s = words; *s && o + 1 < oplen; s++)
		op[o++] = (char)(isalnum((unsigned char)*s) ? tolower((unsigned char)*s) : '_');
	op[o] = '\0';
	snprintf(bench, blen, "osu_%s", op);
	return 0;
}

/* One data line into the trial. */
static int data_line(char *l, const osu_cols *c, trial *t, const char *name, uint64_t line)
{
	char *f[MAXCOLS + 1];
	int nf = import_fields(l, f, MAXCOLS + 1);
	if (nf != c->n) {
		report_error("%s: line %" PRIu64
			     ": %d fields, the header names %d (truncated line?)",
			     name, line, nf, c->n);
		return -1;
	}
	uint64_t size = 0, avg = 0, max = UINT64_MAX, v;
	json_object *extra = json_object_new_object();
	for (int i = 0; i < nf; i++) {
		switch (c->kind[i]) {
		case C_SIZE:
		case C_ITERS:
		case C_XMIT:
			if (st_parse_u64(f[i], 0, UINT64_MAX, NULL, &v, NULL) < 0) {
				report_error("%s: line %" PRIu64 ": \"%s\" is not a %s", name, line,
					     f[i], c->kind[i] == C_SIZE ? "message size" : "count");
				goto bad;
			}
			if (c->kind[i] == C_SIZE)
				size = v;
			else
				json_object_object_add(
					extra,
					c->kind[i] == C_ITERS ? "iterations" : "transmit_size",
					json_object_new_int64(
						(int64_t)(v > INT64_MAX ? INT64_MAX : v)));
			break;
		case C_VALID:
			if (strcmp(f[i], "Pass") != 0) {
				report_error(
					"%s: line %" PRIu64
					": validation \"%s\": OSU found wrong data in this run",
					name, line, f[i]);
				goto bad;
			}
			break;
		default:
			if (import_us_to_ns(f[i], &v) < 0) {
				report_error("%s: line %" PRIu64 ": \"%s\" is not a latency in us",
					     name, line, f[i]);
				goto bad;
			}
			char key[32];
			if (c->kind[i] == C_AVG) {
				avg = v;
				snprintf(key, sizeof key, "avg_us");
			} else if (c->kind[i] == C_MIN) {
				snprintf(key, sizeof key, "min_us");
			} else if (c->kind[i] == C_MAX) {
				max = v;
				snprintf(key, sizeof key, "max_us");
			} else {
				snprintf(key, sizeof key, "p%d_us", c->pct[i]);
			}
			json_object_object_add(extra, key,
					       json_object_new_double((double)v / 1000.0));
		}
	}
	return import_add_run_size(t, size, avg, max, extra, name, line);
bad:
	json_object_put(extra);
	return -1;
}

/* What import_osu has read of a file so far. */
typedef struct osu_state {
	char version[32], op[64], bench[80], dtype[64];
	osu_cols cols;
	int have_header;
	uint64_t title_line;
	trial *t;
} osu_state;

/* The title line s ("# OSU MPI[-CUDA] NAME Test vX.Y"). 0, or -1 after the message. */
static int osu_title(import_text *it, osu_state *st, char *s)
{
	const char *name = it->name;
	if (st->title_line) {
		report_error("%s: line %" PRIu64 ": a second OSU title (the first at line %" PRIu64
			     "): import one run per file",
			     name, it->lineno, st->title_line);
		return -1;
	}
	char *p = s + 6;
	p += strcspn(p, " ");
	p += strspn(p, " ");
	char *test_end = strstr(p, " Test");
	if (strncmp(s + 6, "MPI", 3) != 0 || !test_end) {
		report_error("%s: line %" PRIu64 ": not an OSU MPI test title: \"%s\"", name,
			     it->lineno, s);
		return -1;
	}
	*test_end = '\0';
	char *v = strstr(test_end + 1, " v");
	if (v)
		snprintf(st->version, sizeof st->version, "%s", v + 2);
	if (strstr(p, "Bandwidth") || strstr(p, "Message Rate")) {
		report_error("%s: line %" PRIu64
			     ": \"%s\" is a bandwidth test: import reads the OSU latency tests",
			     name, it->lineno, p);
		return -1;
	}
	if (strncmp(p, "Non-blocking", 12) == 0 || strstr(p, "Overlap")) {
		report_error(
			"%s: line %" PRIu64
			": \"%s\": non-blocking collectives (overlap columns) are not imported",
			name, it->lineno, p);
		return -1;
	}
	name_test(p, st->op, sizeof st->op, st->bench, sizeof st->bench);
	st->title_line = it->lineno;
	return 0;
}

/* The "# Datatype: X." line s. 0, or -1 after the message. */
static int osu_datatype(import_text *it, osu_state *st, const char *s)
{
	if (*st->dtype) {
		report_error("%s: line %" PRIu64
			     ": a second datatype block: run OSU with one datatype (-T) per file",
			     it->name, it->lineno);
		return -1;
	}
	snprintf(st->dtype, sizeof st->dtype, "%s", s + 11 + strspn(s + 11, " "));
	size_t n = strlen(st->dtype);
	if (n && st->dtype[n - 1] == '.')
		st->dtype[n - 1] = '\0';
	return 0;
}

/* The column header line s: its columns, and the trial it starts. 0, or -1
 * after the message. */
static int osu_header(import_text *it, osu_state *st, char *s)
{
	const char *name = it->name;
	if (!st->title_line) {
		report_error("%s: line %" PRIu64 ": a column header before the OSU title line",
			     name, it->lineno);
		return -1;
	}
	if (st->have_header) {
		report_error("%s: line %" PRIu64
			     ": a second column header: import one run per file",
			     name, it->lineno);
		return -1;
	}
	if (parse_header(s + 2, &st->cols, name, it->lineno) < 0)
		return -1;
	st->have_header = 1;
	st->t = import_trial(st->bench, "", "osu", st->version, name, 1);
	if (!st->t) {
		report_error("%s: out of memory", name);
		return -1;
	}
	if (*st->dtype)
		json_object_object_add(st->t->meta, "datatype", json_object_new_string(st->dtype));
	return 0;
}

/* One line of OSU output. 0, or -1 after the message. */
static int osu_line(import_text *it, osu_state *st, char *l)
{
	char *s = l + strspn(l, " \t");
	if (!*s)
		return 0;
	if (strncmp(s, "# OSU ", 6) == 0)
		return osu_title(it, st, s);
	if (strncmp(s, "# Datatype:", 11) == 0)
		return osu_datatype(it, st, s);
	if (strncmp(s, "# Size", 6) == 0 || strncmp(s, "# Avg Latency", 13) == 0 ||
	    strncmp(s, "# Latency", 9) == 0 || strncmp(s, "# Bandwidth", 11) == 0)
		return osu_header(it, st, s);
	if (*s == '#')
		return 0; /* other comments: "# Send Buffer on HOST ..." */
	if (!st->have_header) {
		report_error("%s: line %" PRIu64
			     ": \"%.40s\" before the OSU title and column header (not OSU output?)",
			     it->name, it->lineno, s);
		return -1;
	}
	return data_line(s, &st->cols, st->t, it->name, it->lineno);
}

int import_osu(import_text *it, trial_file *tf)
{
	const char *name = it->name;
	osu_state st = {0};
	int rc = -1;
	char *l;

	while ((l = import_next_line(it)))
		if (osu_line(it, &st, l) < 0)
			goto out;
	if (!st.title_line)
		report_error("%s: no \"# OSU MPI ... Test\" title line (not OSU output?)", name);
	else if (!st.t || st.t->nsizes == 0)
		report_error("%s: line %" PRIu64
			     ": the OSU output ends before any result (truncated?)",
			     name, it->lineno);
	else
		rc = import_take(tf, st.t, name);
out:
	trial_destroy(st.t);
	return rc;
}
