/* SPDX-License-Identifier: BSD-3-Clause */
/* import_imb.c: the output of the Intel MPI Benchmarks' IMB-MPI1 (2019 to
 * 2021.x): one per-run trial per benchmark section (PingPong, PingPing,
 * Sendrecv, Exchange, the collectives, Barrier).
 *
 * A section, as IMB prints it: "# Benchmarking NAME", "# #processes = N",
 * optional "#    MODE: ..." lines, then a column header (#bytes,
 * #repetitions, t[usec] or t_min[usec] t_max[usec] t_avg[usec],
 * Mbytes/sec, Msg/sec, defects; Barrier has no #bytes) and one line of
 * numbers per message size, ended by a blank line. The trial's sample is
 * t[usec] (PingPong, PingPing) or t_avg[usec]; t_max[usec] (the slowest
 * rank's average) is kept as the max over ranks. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"
#include "strparse.h"

enum col { C_BYTES, C_REPS, C_T, C_TMIN, C_TMAX, C_TAVG, C_SKIP };

#define MAXCOLS 12

/* The columns of a header line; -1 after a message. */
static int parse_header(char *l, enum col *kind, int *n, const char *bench, const char *name,
			uint64_t line)
{
	char *f[MAXCOLS + 1];
	int nf = import_fields(l, f, MAXCOLS + 1);
	if (nf > MAXCOLS) {
		report_error("%s: line %" PRIu64 ": more than %d columns", name, line, MAXCOLS);
		return -1;
	}
	int have_t = 0;
	for (int i = 0; i < nf; i++) {
		const char *s = f[i];
		if (strcmp(s, "#bytes") == 0)
			kind[i] = C_BYTES;
		else if (strcmp(s, "#repetitions") == 0)
			kind[i] = C_REPS;
		else if (strcmp(s, "t[usec]") == 0)
			kind[i] = C_T, have_t = 1;
		else if (strcmp(s, "t_min[usec]") == 0)
			kind[i] = C_TMIN;
		else if (strcmp(s, "t_max[usec]") == 0)
			kind[i] = C_TMAX;
		else if (strcmp(s, "t_avg[usec]") == 0)
			kind[i] = C_TAVG, have_t = 1;
		else if (strcmp(s, "Mbytes/sec") == 0 || strcmp(s, "Msg/sec") == 0 ||
			 strcmp(s, "defects") == 0)
			kind[i] = C_SKIP;
		else if (strncmp(s, "t_ovrl", 6) == 0 || strncmp(s, "t_pure", 6) == 0) {
			report_error("%s: line %" PRIu64
				     ": %s: non-blocking overlap sections are not imported",
				     name, line, bench);
			return -1;
		} else {
			report_error("%s: line %" PRIu64 ": %s: unknown IMB column \"%s\"", name,
				     line, bench, s);
			return -1;
		}
	}
	if (!have_t) {
		report_error("%s: line %" PRIu64
			     ": %s: no t[usec] or t_avg[usec] column (a bandwidth-only section?)",
			     name, line, bench);
		return -1;
	}
	*n = nf;
	return 0;
}

/* One line of numbers into t. */
static int data_line(char *l, const enum col *kind, int ncols, trial *t, const char *name,
		     uint64_t line)
{
	char *f[MAXCOLS + 1];
	int nf = import_fields(l, f, MAXCOLS + 1);
	if (nf != ncols) {
		report_error("%s: line %" PRIu64
			     ": %d fields, the header names %d (truncated line?)",
			     name, line, nf, ncols);
		return -1;
	}
	uint64_t size = 0, avg = 0, max = UINT64_MAX, v;
	json_object *extra = json_object_new_object();
	static const char *const key[] = {"",       "repetitions", "avg_us",
					  "min_us", "max_us",      "avg_us"};
	for (int i = 0; i < nf; i++) {
		if (kind[i] == C_SKIP)
			continue;
		int ok = kind[i] <= C_REPS ? st_parse_u64(f[i], 0, UINT64_MAX, NULL, &v, NULL)
					   : import_us_to_ns(f[i], &v);
		if (ok < 0) {
			report_error("%s: line %" PRIu64 ": \"%s\" is not a %s", name, line, f[i],
				     kind[i] <= C_REPS ? "count" : "time in usec");
			json_object_put(extra);
			return -1;
		}
		if (kind[i] == C_BYTES)
			size = v;
		else if (kind[i] == C_REPS)
			json_object_object_add(
				extra, key[C_REPS],
				json_object_new_int64((int64_t)(v > INT64_MAX ? INT64_MAX : v)));
		else {
			if (kind[i] == C_T || kind[i] == C_TAVG)
				avg = v;
			if (kind[i] == C_TMAX)
				max = v;
			json_object_object_add(extra, key[kind[i]],
					       json_object_new_double((double)v / 1000.0));
		}
	}
	return import_add_run_size(t, size, avg, max, extra, name, line);
}

/* Whether a trial of benchmark op is already in tf since index from. */
static int seen(const trial_file *tf, size_t from, const char *op)
{
	for (size_t i = from; i < tf->ntrials; i++)
		if (strcmp(tf->trials[i].op, op) == 0)
			return 1;
	return 0;
}

/* Move the finished section's trial into tf. */
static int finish(trial **t, trial_file *tf, size_t first, const char *name, uint64_t line)
{
	if (!*t)
		return 0;
	if ((*t)->nsizes == 0) {
		report_error("%s: line %" PRIu64 ": IMB %s: a section without results (truncated?)",
			     name, line, (*t)->op);
		return -1;
	}
	if (seen(tf, first, (*t)->op)) {
		report_error(
			"%s: line %" PRIu64
			": IMB %s appears twice (several process counts?): import one run of each benchmark per file, e.g. run IMB with -npmin equal to the number of ranks",
			name, line, (*t)->op);
		return -1;
	}
	int rc = import_take(tf, *t, name);
	trial_destroy(*t);
	*t = NULL;
	return rc;
}

int import_imb(import_text *it, trial_file *tf)
{
	const char *name = it->name;
	char *l, version[32] = "", op[64] = "";
	enum col kind[MAXCOLS];
	int ncols = 0, in_data = 0;
	long procs = 0;
	size_t first = tf->ntrials;
	trial *t = NULL;

	while ((l = import_next_line(it))) {
		char *s = l + strspn(l, " \t");
		char *v;
		if ((v = strstr(s, "Intel(R) MPI Benchmarks "))) {
			sscanf(v + 24, "%31[^, ]", version);
			continue;
		}
		if (strncmp(s, "# Benchmarking ", 15) == 0) {
			if (finish(&t, tf, first, name, it->lineno) < 0)
				goto fail;
			char *b = s + 15;
			if (strncmp(b, "Multi-", 6) == 0) {
				report_error(
					"%s: line %" PRIu64
					": Multi- sections (several groups at once) are not imported",
					name, it->lineno);
				goto fail;
			}
			size_t o = 0;
			for (; b[o] && b[o] != ' ' && o + 1 < sizeof op; o++)
				op[o] = (char)tolower((unsigned char)b[o]);
			op[o] = '\0';
			t = import_trial("IMB-MPI1", op, "imb", version, name, 1);
			if (!t) {
				report_error("%s: out of memory", name);
				goto fail;
			}
			ncols = 0;
			in_data = 0;
			procs = 0;
			continue;
		}
		if (strncmp(s, "# #processes = ", 15) == 0 && t) {
			procs = strtol(s + 15, NULL, 10);
			if (procs > 0)
				json_object_object_add(t->meta, "ranks",
						       json_object_new_int64(procs));
			continue;
		}
		if (!*s) {
			if (in_data) /* a section ends with a blank line */
				in_data = 0, ncols = -1;
			continue;
		}
		if (t && ncols == 0 &&
		    (strncmp(s, "#bytes", 6) == 0 || strncmp(s, "#repetitions", 12) == 0)) {
			if (parse_header(s, kind, &ncols, op, name, it->lineno) < 0)
				goto fail;
			in_data = 1;
			continue;
		}
		if (*s == '#')
			continue;
		if (!t || ncols <= 0) {
			report_error("%s: line %" PRIu64
				     ": \"%.40s\" outside a benchmark section (not IMB output?)",
				     name, it->lineno, s);
			goto fail;
		}
		if (data_line(s, kind, ncols, t, name, it->lineno) < 0)
			goto fail;
	}
	if (!t && tf->ntrials == first) {
		report_error("%s: no \"# Benchmarking\" section (not IMB output?)", name);
		goto fail;
	}
	if (finish(&t, tf, first, name, it->lineno) < 0)
		goto fail;
	return 0;
fail:
	trial_destroy(t);
	/* Sections of this file already taken are dropped too: all or nothing. */
	while (tf->ntrials > first)
		trial_clear(&tf->trials[--tf->ntrials]);
	return -1;
}
