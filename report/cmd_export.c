/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_export.c: sriovstat export: every sample of one or more trial files
 * as one table for pandas, R or a spreadsheet: CSV, TSV or JSON lines, one
 * row per sample with the columns
 *   label, trial, round, benchmark, op, size, iteration, value, max, sample
 * (value and max in microseconds with three decimals, exact to the ns; max
 * the per-iteration maximum over ranks of collectives, else empty; round
 * the sweep round the trial records, else empty; sample "iteration", or
 * "run-average" for per-run averages imported from OSU, IMB or perftest). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "report.h"
#include "safeio.h"

enum { FMT_CSV, FMT_TSV, FMT_JSONL };

/* Digits of v into the end of buf; returns the start. */
static char *u64_text(uint64_t v, char *end)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* ns as microseconds with exactly three decimals ("1.234") into o. */
static size_t put_us(char *o, uint64_t ns)
{
	char tmp[32];
	char *s = u64_text(ns / 1000, tmp + sizeof tmp);
	size_t n = strlen(s);
	memcpy(o, s, n);
	o[n] = '.';
	o[n + 1] = (char)('0' + ns / 100 % 10);
	o[n + 2] = (char)('0' + ns / 10 % 10);
	o[n + 3] = (char)('0' + ns % 10);
	return n + 4;
}

/* A text field in the output format, in a new string (NULL: out of memory
 * or, for TSV, a tab or line break that the format cannot hold). */
static char *field(const char *s, int fmt)
{
	size_t n = strlen(s);
	char *q = malloc(6 * n + 3), *o = q;
	if (!q)
		return NULL;
	if (fmt == FMT_TSV) {
		if (strpbrk(s, "\t\r\n")) {
			free(q);
			return NULL;
		}
		memcpy(q, s, n + 1);
		return q;
	}
	if (fmt == FMT_JSONL) {
		*o++ = '"';
		for (; *s; s++) {
			unsigned char c = (unsigned char)*s;
			if (c == '"' || c == '\\')
				*o++ = '\\', *o++ = (char)c;
			else if (c < 0x20)
				o += sprintf(o, "\\u%04x", c);
			else
				*o++ = (char)c;
		}
		*o++ = '"';
		*o = '\0';
		return q;
	}
	int need = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (need)
		*o++ = '"';
	for (; *s; s++) {
		if (*s == '"')
			*o++ = '"';
		*o++ = *s;
	}
	if (need)
		*o++ = '"';
	*o = '\0';
	return q;
}

static const char *const colnames[] = {"label", "trial",  "round",     "benchmark",
				       "op",    "size",   "iteration", "value",
				       "max",   "sample", "complete"};
#define NCOLS (sizeof colnames / sizeof *colnames)

/* Write the rows of tf to out. */
static int export_file(const trial_file *tf, int fmt, FILE *out)
{
	const char sep = fmt == FMT_TSV ? '\t' : ',';
	char *label = field(tf->label, fmt);
	int rc = 0;
	if (!label) {
		report_error("%s: label: %s", tf->path,
			     fmt == FMT_TSV ? "a tab or line break cannot be written as TSV"
					    : "out of memory");
		return REPORT_EXIT_DATA;
	}
	char line[8192], tmp[32];
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		char *b = field(t->benchmark, fmt), *o = field(t->op, fmt);
		if (!b || !o || strlen(label) + strlen(b) + strlen(o) > 4096) {
			report_error("%s: trial %d: label, benchmark or op %s", tf->path, t->number,
				     b && o ? "too long"
				     : fmt == FMT_TSV
					     ? "holds a tab or line break (use --format csv)"
					     : "out of memory");
			rc = REPORT_EXIT_DATA;
		}
		/* Everything of a row up to its size. */
		char prefix[4400];
		int round = trial_sweep_round(t);
		const char *kind = import_trial_per_run(t) ? "run-average" : "iteration";
		char rtext[16] = "";
		if (round)
			snprintf(rtext, sizeof rtext, "%d", round);
		if (rc == 0 && fmt == FMT_JSONL)
			snprintf(
				prefix, sizeof prefix,
				"{\"label\":%s,\"trial\":%d,\"round\":%s,\"benchmark\":%s,\"op\":%s,\"size\":",
				label, t->number, round ? rtext : "null", b, o);
		else if (rc == 0)
			snprintf(prefix, sizeof prefix, "%s%c%d%c%s%c%s%c%s%c", label, sep,
				 t->number, sep, rtext, sep, b, sep, o, sep);
		size_t plen = strlen(prefix);
		for (size_t k = 0; rc == 0 && k < t->nsizes; k++) {
			const trial_size *s = &t->sizes[k];
			char *sz = u64_text(s->size, tmp + sizeof tmp);
			char sizebuf[40];
			snprintf(sizebuf, sizeof sizebuf,
				 fmt == FMT_JSONL ? "%s,\"iteration\":" : "%s%c", sz, sep);
			size_t slen = strlen(sizebuf);
			for (size_t j = 0; j < s->n; j++) {
				size_t n = 0;
				memcpy(line, prefix, plen);
				n += plen;
				memcpy(line + n, sizebuf, slen);
				n += slen;
				char *it = u64_text(j + 1, tmp + sizeof tmp);
				size_t ilen = strlen(it);
				memcpy(line + n, it, ilen);
				n += ilen;
				if (fmt == FMT_JSONL) {
					n += (size_t)sprintf(line + n, ",\"value\":");
					n += put_us(line + n, s->samples[j]);
					n += (size_t)sprintf(line + n, ",\"max\":");
					if (s->max_samples)
						n += put_us(line + n, s->max_samples[j]);
					else
						n += (size_t)sprintf(line + n, "null");
					n += (size_t)sprintf(
						line + n, ",\"sample\":\"%s\",\"complete\":%s}\n",
						kind, t->complete ? "true" : "false");
				} else {
					line[n++] = sep;
					n += put_us(line + n, s->samples[j]);
					line[n++] = sep;
					if (s->max_samples)
						n += put_us(line + n, s->max_samples[j]);
					n += (size_t)sprintf(line + n, "%c%s%c%s\n", sep, kind, sep,
							     t->complete ? "true" : "false");
				}
				fwrite(line, 1, n, out);
			}
		}
		free(b);
		free(o);
	}
	free(label);
	return rc;
}

static const char export_help[] =
	"Usage: sriovstat export [--format csv|tsv|jsonl] [-o OUT] FILE.json...\n"
	"Write every sample of one or more trial files as one table, one row per\n"
	"sample, for pandas, R or a spreadsheet (doc/analysis.md has recipes):\n"
	"  label, trial, round, benchmark, op, size, iteration, value, max, sample,\n"
	"  complete\n"
	"value and max in microseconds with three decimals (exact to the nanosecond);\n"
	"max: the iteration's maximum over ranks (collectives), else empty; round: the\n"
	"sweep round the trial records, else empty; sample: \"iteration\", or\n"
	"\"run-average\" for per-run averages imported from OSU, IMB or perftest;\n"
	"complete: false for a trial that was interrupted before its last size.\n"
	"'sriovstat import' reads the CSV back (one file's rows at a time).\n"
	"\n"
	"Options:\n"
	"  --format FMT          csv (default), tsv or jsonl (one JSON object per line)\n"
	"  --csv                 the same as --format csv\n"
	"  -o, --output OUT      write to OUT atomically ('-' or none: standard output);\n"
	"                        never one of the inputs\n"
	"  -h, --help            show this help and exit\n";

/* sriovstat export. */
int cmd_export(int argc, char **argv)
{
	enum { OPT_CSV = REPORT_OPT_FIRST_FREE };
	static const struct option longopts[] = {
		{"csv", no_argument, NULL, OPT_CSV},
		{"format", required_argument, NULL, REPORT_OPT_FORMAT},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {"csv", "tsv", "jsonl", NULL};
	const char *out = NULL;
	int c, fmt = FMT_CSV;
	report_getopt g = {
		.cmd = "export", .help = export_help, .shortopts = "o:", .longopts = longopts};
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		switch (c) {
		case OPT_CSV: fmt = FMT_CSV; break;
		case REPORT_OPT_FORMAT:
			if ((fmt = report_parse_choice("export", "--format", optarg, formats)) < 0)
				return REPORT_EXIT_USAGE;
			break;
		case 'o': out = optarg; break;
		default: return g.status;
		}
	}
	size_t n = (size_t)(argc - optind);
	if (n == 0)
		return report_usage("export", "expected at least one trial file");
	/* Every input is read and checked before anything is written. */
	trial_file **tfs = calloc(n, sizeof *tfs);
	if (!tfs) {
		report_error("out of memory");
		return REPORT_EXIT_DATA;
	}
	int rc = report_load_all(argv + optind, n, 0, tfs);
	if (rc) {
		free(tfs);
		return rc;
	}
	if (n > 1 && (rc = report_unique_labels(tfs, n)) != 0)
		goto done;
	st_err err = {0};
	st_out *o = NULL;
	if (st_out_open(&o, out ? out : "-", ST_OUT_STDOUT, &err) < 0) {
		report_error("%s", err.msg);
		rc = REPORT_EXIT_DATA;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (st_out_not_input(o, argv[optind + (int)i], &err) < 0) {
			report_error("%s", err.msg);
			st_out_abort(o);
			rc = REPORT_EXIT_DATA;
			goto done;
		}
	FILE *f = st_out_file(o);
	if (fmt != FMT_JSONL)
		for (size_t k = 0; k < NCOLS; k++)
			fprintf(f, "%s%c", colnames[k],
				k + 1 < NCOLS ? (fmt == FMT_TSV ? '\t' : ',') : '\n');
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = export_file(tfs[i], fmt, f);
	if (rc)
		st_out_abort(o);
	else if (st_out_commit(o, &err) < 0) {
		report_error("%s", err.msg);
		rc = REPORT_EXIT_DATA;
	}
done:
	report_free_all(tfs, n);
	free(tfs);
	return rc;
}
