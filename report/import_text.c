/* SPDX-License-Identifier: BSD-3-Clause */
/* import_text.c: what the importers of OSU, IMB and perftest output share:
 * reading the input, lines, numbers, imported trials, detecting the format
 * from the content, and running the right importer over several files
 * (sriovstat import FILE...). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import.h"
#include "report.h"
#include "safeio.h"

char *import_next_line(import_text *it)
{
	if (it->pos >= it->len)
		return NULL;
	const char *s = it->buf + it->pos;
	const char *nl = memchr(s, '\n', it->len - it->pos);
	size_t n = nl ? (size_t)(nl - s) : it->len - it->pos;
	it->pos += n + (nl != NULL);
	if (n && s[n - 1] == '\r')
		n--;
	if (n + 1 > it->cap) {
		char *g = realloc(it->line, n + 1);
		if (!g)
			return NULL;
		it->line = g;
		it->cap = n + 1;
	}
	memcpy(it->line, s, n);
	it->line[n] = '\0';
	it->lineno++;
	return it->line;
}

void import_text_free(import_text *it)
{
	free(it->line);
	it->line = NULL;
	it->cap = 0;
}

int import_us_to_ns(const char *s, uint64_t *ns)
{
	/* The tools print a few significant digits with printf's %f or %g:
	 * strtod's nearest double times 1000, rounded, is the nearest ns. */
	if (!((*s >= '0' && *s <= '9') || *s == '.'))
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || v < 0 || v * 1000.0 >= 9.2e18)
		return -1;
	*ns = (uint64_t)llround(v * 1000.0);
	return 0;
}

/* Split line (modified in place) into at most maxf fields, honouring
 * double quotes. Returns the field count, or -1 for an unterminated quote. */
int import_split_csv(char *line, char **f, int maxf)
{
	int n = 0;
	char *p = line;
	for (;;) {
		char *start = p, *o = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"') {
					if (p[1] == '"') {
						*o++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*o++ = *p++;
			}
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != ',' && *p != '\0')
				return -1;
		} else {
			while (*p != ',' && *p != '\0')
				p++;
			o = p;
		}
		char sep = *p;
		*o = '\0';
		/* Trim blanks around unquoted fields. */
		while (*start == ' ' || *start == '\t')
			start++;
		for (char *e = start + strlen(start); e > start && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (n < maxf)
			f[n] = start;
		n++;
		if (sep == '\0')
			return n;
		p++;
	}
}

int import_fields(char *s, char **f, int max)
{
	int n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return n;
		if (n < max)
			f[n] = s;
		n++;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

trial *import_trial(const char *benchmark, const char *op, const char *tool, const char *version,
		    const char *path, int per_run)
{
	trial *t = trial_create(benchmark, op);
	if (!t)
		return NULL;
	json_object *src = json_object_new_object();
	if (!src) {
		trial_destroy(t);
		return NULL;
	}
	json_object_object_add(src, "tool", json_object_new_string(tool));
	if (version && *version)
		json_object_object_add(src, "version", json_object_new_string(version));
	json_object_object_add(src, "file", json_object_new_string(path));
	json_object_object_add(src, "samples",
			       json_object_new_string(per_run ? "per-run" : "per-iteration"));
	json_object_object_add(t->meta, "source", src);
	return t;
}

/* Move t's content into tf. */
int import_take(trial_file *tf, trial *t, const char *name)
{
	st_err err = {0};
	if (trial_file_take(tf, t, &err) < 0) {
		report_error("%s: %s", name, err.msg);
		return -1;
	}
	return 0;
}

int import_add_run_size(trial *t, uint64_t size, uint64_t avg_ns, uint64_t max_ns,
			json_object *extra, const char *name, uint64_t line)
{
	st_err err = {0};
	for (size_t i = 0; i < t->nsizes; i++)
		if (t->sizes[i].size == size) {
			report_error("%s: line %" PRIu64 ": size %" PRIu64 " appears twice", name,
				     line, size);
			json_object_put(extra);
			return -1;
		}
	trial_size *s = trial_add_size(t, size, 1, 0, &avg_ns,
				       max_ns == UINT64_MAX ? NULL : &max_ns, 1, &err);
	if (!s) {
		report_error("%s: line %" PRIu64 ": %s", name, line, err.msg);
		json_object_put(extra);
		return -1;
	}
	if (extra)
		json_object_object_add(s->meta, "imported", extra);
	return 0;
}

/* The source object of t, or NULL. */
static json_object *source_of(const trial *t)
{
	json_object *src;
	if (!t->meta || !json_object_object_get_ex(t->meta, "source", &src) ||
	    !json_object_is_type(src, json_type_object))
		return NULL;
	return src;
}

int import_trial_per_run(const trial *t)
{
	json_object *src = source_of(t), *s;
	return src && json_object_object_get_ex(src, "samples", &s) &&
	       json_object_is_type(s, json_type_string) &&
	       strcmp(json_object_get_string(s), "per-run") == 0;
}

int import_file_per_run(const trial_file *tf)
{
	for (size_t i = 0; tf && i < tf->ntrials; i++)
		if (import_trial_per_run(&tf->trials[i]))
			return 1;
	return 0;
}

/* Whether the text has the line-start marker (after blanks). */
static int has_line(const char *buf, size_t len, const char *what)
{
	size_t n = strlen(what);
	for (size_t i = 0; i < len;) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		if (len - i >= n && memcmp(buf + i, what, n) == 0)
			return 1;
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - buf) + 1;
	}
	return 0;
}

const char *import_detect(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", buf[i]))
		i++;
	if (i < len && buf[i] == '{' && memmem(buf, len, "\"test_info\"", 11))
		return "perftest";
	if (has_line(buf, len, "# OSU "))
		return "osu";
	if (memmem(buf, len, "Intel(R) MPI Benchmarks", 23) ||
	    has_line(buf, len, "# Benchmarking "))
		return "imb";
	if (has_line(buf, len, "#bytes #iterations") || memmem(buf, len, "t_typical[usec]", 15))
		return "perftest";
	/* CSV: the first line names the columns (after a byte-order mark). */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3, len -= 3;
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len;
	if (memchr(buf, ',', n) && memmem(buf, n, "latency_us", 10))
		return "csv";
	/* Empty, a blank first line or a comma in it: CSV, whose reader says
	 * what is missing. */
	if (strspn(buf, " \t\r") == n || memchr(buf, ',', n))
		return "csv";
	return NULL;
}

/* Read all of path ("-": standard input) into a NUL-terminated buffer:
 * never blocks opening a FIFO, bounded also for pipes and devices
 * (stats/safeio.h). */
static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	st_err err = {0};
	if (st_read_input(path, "an input file", ST_IN_STDIN | ST_IN_STREAM, trial_max_file_bytes(),
			  &buf, len, &err) < 0) {
		report_error("%s", err.msg);
		return NULL;
	}
	return buf;
}

/* Import one file's text in format from into tf (its trials appended). */
static int import_one(const char *path, const char *buf, size_t len, const char *from,
		      const char *label, const char *bench, const char *op, trial_file *tf)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (memchr(buf, '\0', len)) {
		report_error("%s: contains a NUL byte (not a text file?)", name);
		return -1;
	}
	if (strcmp(from, "csv") == 0) {
		trial_file *one = NULL;
		if (report_import_parse(buf, len, name, label, bench, op, &one))
			return -1;
		for (size_t i = 0; i < one->ntrials; i++) {
			trial *t = &one->trials[i];
			/* Per-run averages stay so (export's sample column). */
			int per_run = import_trial_per_run(t);
			json_object *src = json_object_new_object();
			json_object_object_add(src, "tool", json_object_new_string("csv"));
			json_object_object_add(src, "file", json_object_new_string(name));
			json_object_object_add(
				src, "samples",
				json_object_new_string(per_run ? "per-run" : "per-iteration"));
			json_object_object_add(t->meta, "source", src);
			if (import_take(tf, t, name) < 0) {
				trial_file_destroy(one);
				return -1;
			}
		}
		trial_file_destroy(one);
		return 0;
	}
	import_text it = {.name = name, .buf = buf, .len = len};
	int rc = strcmp(from, "osu") == 0   ? import_osu(&it, tf)
		 : strcmp(from, "imb") == 0 ? import_imb(&it, tf)
					    : import_perftest(&it, tf);
	import_text_free(&it);
	return rc;
}

int report_import_files(char **paths, size_t n, const char *from, const char *label,
			const char *bench, const char *op, trial_file **out)
{
	trial_file *tf = trial_file_create(label);
	int stdin_used = 0;
	if (!tf) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	for (size_t f = 0; f < n; f++) {
		if (strcmp(paths[f], "-") == 0 && stdin_used++) {
			report_error("-: standard input can be read only once");
			goto fail;
		}
		size_t len = 0;
		char *buf = slurp(paths[f], &len);
		if (!buf)
			goto fail;
		const char *fmt = from;
		if (!fmt && !(fmt = import_detect(buf, len))) {
			report_error(
				"%s: not OSU, IMB, perftest or sriovstat CSV output as far as its content shows; name the format with --from osu|imb|perftest|csv",
				strcmp(paths[f], "-") == 0 ? "<stdin>" : paths[f]);
			free(buf);
			goto fail;
		}
		size_t before = tf->ntrials;
		int rc = import_one(paths[f], buf, len, fmt, label, bench, op, tf);
		free(buf);
		if (rc)
			goto fail;
		/* CSV keeps its trial numbers when it is the only input; otherwise
		 * the trials are numbered in input order. */
		if (n > 1 || strcmp(fmt, "csv") != 0)
			for (size_t i = before; i < tf->ntrials; i++)
				tf->trials[i].number = (int)i + 1;
	}
	*out = tf;
	return 0;
fail:
	trial_file_destroy(tf);
	return REPORT_EXIT_DATA;
}
