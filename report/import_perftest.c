/* SPDX-License-Identifier: BSD-3-Clause */
/* import_perftest.c: the latency tests of perftest (ib_write_lat,
 * ib_send_lat, ib_read_lat, ib_atomic_lat; perftest 4.x to 6.x and
 * 24.x-26.x), as one trial per file:
 *
 * - text: a title line ("RDMA_Write Latency Test"), a results header
 *   " #bytes #iterations    t_min[usec] t_max[usec] t_typical[usec]
 *   t_avg[usec] t_stdev[usec] 99% percentile[usec] 99.9% percentile[usec]"
 *   (older versions print the first five) and one line per size: a
 *   per-run trial whose sample is t_avg (t_typical, perftest's median,
 *   where there is no t_avg);
 * - text with -U (--report-unsorted): before each size's result line a
 *   "#, usec" line and "i, latency" lines, every iteration in the order
 *   measured: a per-iteration trial. A -H (--report-histogram) dump is the
 *   same list sorted, without its two largest values: used only when there
 *   is no -U dump, and recorded as such;
 * - --out_json: {"test_info": {"test": "RDMA_Write_Latency_Test", ...},
 *   "results": {"MsgSize", "n_iterations", "t_min", "t_max", "t_typical",
 *   "t_avg", "t_stdev", "percentile_99", "percentile_99.9"}}: per-run. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"
#include "strparse.h"

/* "RDMA_Write" -> op "write", benchmark "ib_write_lat". */
static void name_test(const char *verb, char *op, size_t oplen, char *bench, size_t blen)
{
	const char *v = strncmp(verb, "RDMA_", 5) == 0 ? verb + 5 : verb;
	size_t o = 0;
	for (; v[o] && v[o] != '_' && v[o] != ' ' && o + 1 < oplen; o++)
		op[o] = (char)tolower((unsigned char)v[o]);
	op[o] = '\0';
	snprintf(bench, blen, "ib_%s_lat", op);
}

/* A growing list of ns values (a -U or -H dump). */
typedef struct dump {
	uint64_t *v;
	size_t n, cap;
	int sorted_only; /* came from -H */
} dump;

static int dump_add(dump *d, uint64_t x)
{
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 1024;
		uint64_t *g = realloc(d->v, nc * sizeof *g);
		if (!g)
			return -1;
		d->v = g;
		d->cap = nc;
	}
	d->v[d->n++] = x;
	return 0;
}

/* Whether d is in non-decreasing order. */
static int dump_sorted(const dump *d)
{
	for (size_t i = 1; i < d->n; i++)
		if (d->v[i] < d->v[i - 1])
			return 0;
	return 1;
}

enum { P_BYTES, P_ITERS, P_MIN, P_MAX, P_TYP, P_AVG, P_SD, P_99, P_999, P_CPU, P_N };
static const char *const pcols[P_N] = {
	"#bytes",        "#iterations",         "t_min[usec]",
	"t_max[usec]",   "t_typical[usec]",     "t_avg[usec]",
	"t_stdev[usec]", "99%percentile[usec]", "99.9%percentile[usec]",
	"CPU_Util[%]"};
static const char *const pkeys[P_N] = {"",       "iterations", "min_us", "max_us",   "typical_us",
				       "avg_us", "stdev_us",   "p99_us", "p99.9_us", "cpu_util"};

/* The header line into column kinds; -1 after a message. */
static int parse_header(char *l, int *kind, int *n, const char *name, uint64_t line)
{
	/* "99% percentile[usec]" is one column: join the words. */
	for (char *p; (p = strstr(l, "% percentile"));)
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	char *f[P_N + 1];
	int nf = import_fields(l, f, P_N + 1);
	if (nf > P_N || nf < 3) {
		report_error("%s: line %" PRIu64 ": %d columns: not a perftest latency header",
			     name, line, nf);
		return -1;
	}
	for (int i = 0; i < nf; i++) {
		int k = 0;
		while (k < P_N && strcmp(f[i], pcols[k]) != 0)
			k++;
		if (k == P_N) {
			report_error(
				"%s: line %" PRIu64 ": unknown perftest column \"%s\"%s", name,
				line, f[i],
				strstr(f[i], "cycles")
					? " (run without --report-cycles: times must be in usec)"
					: "");
			return -1;
		}
		kind[i] = k;
	}
	if (kind[0] != P_BYTES) {
		report_error("%s: line %" PRIu64 ": the header does not start with #bytes", name,
			     line);
		return -1;
	}
	*n = nf;
	return 0;
}

/* A result line, with the dump before it (if any), into t. */
static int result_line(char *l, const int *kind, int ncols, dump *d, trial *t, int per_iter,
		       const char *name, uint64_t line)
{
	char *f[P_N + 1];
	int nf = import_fields(l, f, P_N + 1);
	if (nf != ncols) {
		report_error("%s: line %" PRIu64
			     ": %d fields, the header names %d (truncated line?)",
			     name, line, nf, ncols);
		return -1;
	}
	uint64_t size = 0, iters = 0, avg = UINT64_MAX, typ = UINT64_MAX, v;
	json_object *extra = json_object_new_object();
	for (int i = 0; i < nf; i++) {
		int k = kind[i];
		int ok = k <= P_ITERS ? st_parse_u64(f[i], 0, UINT64_MAX, NULL, &v, NULL)
				      : import_us_to_ns(f[i], &v);
		if (ok < 0) {
			report_error("%s: line %" PRIu64 ": %s \"%s\" is not a number", name, line,
				     pcols[k], f[i]);
			json_object_put(extra);
			return -1;
		}
		if (k == P_BYTES)
			size = v;
		else if (k == P_ITERS)
			iters = v;
		else
			json_object_object_add(extra, pkeys[k],
					       json_object_new_double((double)v / 1000.0));
		if (k == P_AVG)
			avg = v;
		if (k == P_TYP)
			typ = v;
	}
	json_object_object_add(
		extra, "iterations",
		json_object_new_int64((int64_t)(iters > INT64_MAX ? INT64_MAX : iters)));
	if (!per_iter) {
		if (avg == UINT64_MAX && typ == UINT64_MAX) {
			report_error("%s: line %" PRIu64 ": no t_avg or t_typical column", name,
				     line);
			json_object_put(extra);
			return -1;
		}
		if (avg == UINT64_MAX)
			json_object_object_add(
				extra, "sample",
				json_object_new_string(
					"t_typical (no t_avg in this perftest version)"));
		return import_add_run_size(t, size, avg != UINT64_MAX ? avg : typ, UINT64_MAX,
					   extra, name, line);
	}
	for (size_t i = 0; i < t->nsizes; i++)
		if (t->sizes[i].size == size) {
			report_error("%s: line %" PRIu64 ": size %" PRIu64 " appears twice", name,
				     line, size);
			json_object_put(extra);
			return -1;
		}
	/* -H alone: perftest sorted the list and dropped its 2 largest values. */
	int sorted_only = d->sorted_only && d->n + 3 == iters;
	st_err err = {0};
	trial_size *s = trial_add_size(t, size, d->n, 0, d->v, NULL, d->n, &err);
	if (!s) {
		report_error("%s: line %" PRIu64 ": %s", name, line, err.msg);
		json_object_put(extra);
		return -1;
	}
	if (sorted_only)
		json_object_object_add(
			extra, "dump",
			json_object_new_string("-H: sorted, the 2 largest dropped by perftest"));
	json_object_object_add(s->meta, "imported", extra);
	return 0;
}

/* The perftest JSON document (one size). */
static int import_json(import_text *it, trial_file *tf)
{
	const char *name = it->name;
	json_tokener *tok = json_tokener_new();
	json_object *doc = tok ? json_tokener_parse_ex(tok, it->buf, (int)it->len) : NULL;
	trial *t = NULL;
	int rc = -1;
	if (!doc || json_tokener_get_error(tok) != json_tokener_success) {
		size_t off = tok ? json_tokener_get_parse_end(tok) : 0;
		uint64_t line = 1;
		for (size_t i = 0; i < off && i < it->len; i++)
			line += it->buf[i] == '\n';
		report_error("%s: line %" PRIu64 ": not valid JSON (%s)", name, line,
			     tok ? json_tokener_error_desc(json_tokener_get_error(tok))
				 : "out of memory");
		goto out;
	}
	json_object *info, *res, *test, *x;
	if (!json_object_object_get_ex(doc, "test_info", &info) ||
	    !json_object_object_get_ex(doc, "results", &res) ||
	    !json_object_object_get_ex(info, "test", &test) ||
	    !json_object_is_type(test, json_type_string)) {
		report_error(
			"%s: line 1: a perftest JSON document needs \"test_info\" with \"test\" and \"results\"",
			name);
		goto out;
	}
	const char *tn = json_object_get_string(test);
	if (!strstr(tn, "Latency")) {
		report_error("%s: line 1: test \"%s\" is not a latency test", name, tn);
		goto out;
	}
	char op[32], bench[48];
	name_test(tn, op, sizeof op, bench, sizeof bench);
	t = import_trial(bench, "", "perftest", NULL, name, 1);
	if (!t)
		goto out;
	json_object_object_add(t->meta, "test_info", json_object_get(info));
	static const char *const jk[] = {"t_min",   "t_max",         "t_typical",       "t_avg",
					 "t_stdev", "percentile_99", "percentile_99.9", "avg_lat"};
	static const char *const ok[] = {"min_us",   "max_us", "typical_us", "avg_us",
					 "stdev_us", "p99_us", "p99.9_us",   "avg_us"};
	double avg = -1;
	uint64_t size = 0;
	json_object *extra = json_object_new_object();
	if (json_object_object_get_ex(res, "MsgSize", &x) &&
	    json_object_is_type(x, json_type_int) && json_object_get_int64(x) >= 0)
		size = (uint64_t)json_object_get_int64(x);
	else if (!json_object_object_get_ex(res, "avg_lat", &x)) {
		report_error("%s: results: no MsgSize", name);
		json_object_put(extra);
		goto out;
	}
	if (json_object_object_get_ex(res, "n_iterations", &x))
		json_object_object_add(extra, "iterations", json_object_get(x));
	for (size_t k = 0; k < sizeof jk / sizeof *jk; k++) {
		if (!json_object_object_get_ex(res, jk[k], &x))
			continue;
		if (!json_object_is_type(x, json_type_double) &&
		    !json_object_is_type(x, json_type_int)) {
			report_error("%s: results: %s is not a number", name, jk[k]);
			json_object_put(extra);
			goto out;
		}
		double d = json_object_get_double(x);
		json_object_object_add(extra, ok[k], json_object_new_double(d));
		if (strcmp(ok[k], "avg_us") == 0)
			avg = d;
	}
	uint64_t ns;
	char buf[64];
	snprintf(buf, sizeof buf, "%.6f", avg);
	if (avg < 0 || import_us_to_ns(buf, &ns) < 0) {
		report_error("%s: results: no valid t_avg", name);
		json_object_put(extra);
		goto out;
	}
	if (import_add_run_size(t, size, ns, UINT64_MAX, extra, name, 1) < 0)
		goto out;
	if (import_take(tf, t, name) < 0)
		goto out;
	rc = 0;
out:
	trial_destroy(t);
	json_object_put(doc);
	if (tok)
		json_tokener_free(tok);
	return rc;
}

/* What import_perftest has read of a text file so far. */
typedef struct pt_state {
	char op[32], bench[48];
	int kind[P_N], ncols;
	int per_iter; /* -1 until the first result line */
	int in_dump;
	dump cur, first; /* the dump being read, the first of this size */
	trial *t;
} pt_state;

/* A line "N, latency" of a per-iteration dump. 0, or -1 after the message. */
static int pt_dump_value(import_text *it, pt_state *st, char *s)
{
	uint64_t idx, v;
	char *comma = strchr(s, ',');
	*comma = '\0';
	char *val = comma + 1 + strspn(comma + 1, " ");
	if (st_parse_u64(s, 0, UINT64_MAX, NULL, &idx, NULL) < 0 || import_us_to_ns(val, &v) < 0 ||
	    idx != st->cur.n + 1) {
		report_error("%s: line %" PRIu64 ": not the dump line \"%" PRIu64
			     ", latency\" expected here",
			     it->name, it->lineno, st->cur.n + 1);
		return -1;
	}
	if (dump_add(&st->cur, v) < 0) {
		report_error("%s: out of memory", it->name);
		return -1;
	}
	return 0;
}

/* A result line s (one size), with the dump before it if any. 0, or -1
 * after the message. */
static int pt_result(import_text *it, pt_state *st, char *s)
{
	int has = st->first.n > 0;
	if (st->per_iter < 0) {
		st->per_iter = has;
		st->t = import_trial(st->bench, "", "perftest", NULL, it->name, !st->per_iter);
		if (!st->t) {
			report_error("%s: out of memory", it->name);
			return -1;
		}
	} else if (st->per_iter != has) {
		report_error("%s: line %" PRIu64
			     ": %s per-iteration dump before this result, unlike the first size's",
			     it->name, it->lineno, has ? "a" : "no");
		return -1;
	}
	if (has)
		st->first.sorted_only = dump_sorted(&st->first);
	if (result_line(s, st->kind, st->ncols, &st->first, st->t, st->per_iter, it->name,
			it->lineno) < 0)
		return -1;
	st->first.n = 0;
	return 0;
}

/* One line of perftest text output. 0, or -1 after the message. */
static int pt_line(import_text *it, pt_state *st, char *l)
{
	const char *name = it->name;
	char *s = l + strspn(l, " \t");
	char *p;
	if (!*st->op && (p = strstr(s, " Latency Test")) && !strchr(s, '#')) {
		*p = '\0';
		name_test(s, st->op, sizeof st->op, st->bench, sizeof st->bench);
		return 0;
	}
	int dump_line = strncmp(s, "#, ", 3) == 0;
	if (st->in_dump && !dump_line && strchr(s, ','))
		return pt_dump_value(it, st, s);
	if (st->in_dump) {
		/* The dump ended: keep the first of a size (-U's when both). */
		st->in_dump = 0;
		if (st->first.n == 0 && st->cur.n) {
			dump tmp = st->first;
			st->first = st->cur;
			st->cur = tmp;
		}
		st->cur.n = 0;
	}
	if (dump_line) {
		if (strcmp(s + 3, "usec") != 0) {
			report_error(
				"%s: line %" PRIu64
				": a dump in %s: run without --report-cycles (times must be in usec)",
				name, it->lineno, s + 3);
			return -1;
		}
		st->in_dump = 1;
		return 0;
	}
	if (strncmp(s, "#bytes", 6) == 0) {
		if (!*st->op) {
			report_error(
				"%s: line %" PRIu64
				": results before the \"... Latency Test\" title (not a perftest latency test?)",
				name, it->lineno);
			return -1;
		}
		return parse_header(s, st->kind, &st->ncols, name, it->lineno);
	}
	if (!*s || *s == '-' || !st->ncols || !isdigit((unsigned char)*s))
		return 0; /* the banner, settings, addresses, separators */
	return pt_result(it, st, s);
}

int import_perftest(import_text *it, trial_file *tf)
{
	const char *name = it->name;
	size_t i = strspn(it->buf, " \t\r\n");
	if (i < it->len && it->buf[i] == '{')
		return import_json(it, tf);

	pt_state st = {.per_iter = -1};
	int rc = -1;
	char *l;
	while ((l = import_next_line(it)))
		if (pt_line(it, &st, l) < 0)
			goto out;
	if (st.in_dump || st.first.n)
		report_error("%s: line %" PRIu64 ": ends inside a per-iteration dump (truncated?)",
			     name, it->lineno);
	else if (!*st.op)
		report_error("%s: no \"... Latency Test\" title (not perftest latency output?)",
			     name);
	else if (!st.t || st.t->nsizes == 0)
		report_error("%s: line %" PRIu64
			     ": the perftest output ends before any result line (truncated?)",
			     name, it->lineno);
	else
		rc = import_take(tf, st.t, name);
out:
	trial_destroy(st.t);
	free(st.cur.v);
	free(st.first.v);
	return rc;
}
