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
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import.h"
#include "par.h"
#include "report.h"
#include "safeio.h"

enum { FMT_CSV, FMT_TSV, FMT_JSONL };

/* Rows are formatted in blocks of this many, on every core, and written in
 * order: the bytes do not depend on the thread count. */
#define EXPORT_BLOCK_ROWS 16384
/* Blocks formatted at a time (each up to EXPORT_BLOCK_ROWS rows). */
#define EXPORT_ROUND_BLOCKS 8

/* The constant parts of the rows of one size of one trial: a row is
 * pre ITERATION mid VALUE mid2 MAX post. */
typedef struct row_parts {
	const trial_size *s;
	char pre[4500];
	size_t plen;
	char post[64];
	const char *mid, *mid2, *nomax;
	size_t midlen, mid2len, nomaxlen, postlen;
} row_parts;

/* One block: rows [first, first + n) of a size, formatted into buf. */
typedef struct export_block {
	row_parts rp;
	size_t first, n;
	char *buf;
	size_t len, cap;
} export_block;

/* "000" to "999", for the three decimals. */
static char dec3[1000][3];

static void dec3_init(void)
{
	for (int i = 0; i < 1000; i++) {
		dec3[i][0] = (char)('0' + i / 100);
		dec3[i][1] = (char)('0' + i / 10 % 10);
		dec3[i][2] = (char)('0' + i % 10);
	}
}

/* The decimal digits of v at o; their count. */
static size_t put_u64(char *o, uint64_t v)
{
	char tmp[24];
	char *e = tmp + sizeof tmp, *p = e;
	while (v >= 1000) {
		p -= 3;
		memcpy(p, dec3[v % 1000], 3);
		v /= 1000;
	}
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	memcpy(o, p, (size_t)(e - p));
	return (size_t)(e - p);
}

/* ns as microseconds with exactly three decimals ("1.234") at o. */
static size_t put_us(char *o, uint64_t ns)
{
	size_t n = put_u64(o, ns / 1000);
	o[n] = '.';
	memcpy(o + n + 1, dec3[ns % 1000], 3);
	return n + 4;
}

/* Format one block (st_par_for). */
static void format_block(size_t i, void *arg)
{
	export_block *b = &((export_block *)arg)[i];
	const row_parts *rp = &b->rp;
	const trial_size *s = rp->s;
	/* A row: the parts, three numbers of at most 24 characters each. */
	size_t row = rp->plen + rp->midlen + rp->mid2len + rp->nomaxlen + rp->postlen + 3 * 24;
	size_t need = b->n * row;
	if (need > b->cap) {
		char *g = realloc(b->buf, need);
		if (!g) {
			b->len = SIZE_MAX; /* out of memory */
			return;
		}
		b->buf = g;
		b->cap = need;
	}
	char *o = b->buf;
	for (size_t j = b->first; j < b->first + b->n; j++) {
		memcpy(o, rp->pre, rp->plen);
		o += rp->plen;
		o += put_u64(o, j + 1);
		memcpy(o, rp->mid, rp->midlen);
		o += rp->midlen;
		o += put_us(o, s->samples[j]);
		memcpy(o, rp->mid2, rp->mid2len);
		o += rp->mid2len;
		if (s->max_samples) {
			o += put_us(o, s->max_samples[j]);
		} else {
			memcpy(o, rp->nomax, rp->nomaxlen);
			o += rp->nomaxlen;
		}
		memcpy(o, rp->post, rp->postlen);
		o += rp->postlen;
	}
	b->len = (size_t)(o - b->buf);
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

/* Rows formatted a round at a time into one of two sets of blocks, while a
 * writer thread writes the other set. */
typedef struct exporter {
	FILE *out;
	int regular; /* out is a regular file: its writeback starts every round */
	export_block blk[2][EXPORT_ROUND_BLOCKS];
	size_t nblk[2];
	int cur;     /* the set being filled */
	int writing; /* a writer thread writes the other set */
	pthread_t writer;
	int oom; /* a block could not be formatted */
} exporter;

/* The writer's work: one set of blocks, in order. */
typedef struct write_job {
	FILE *out;
	int regular;
	export_block *blk;
	size_t n;
} write_job;

static void *write_blocks(void *p)
{
	write_job *w = p;
	for (size_t i = 0; i < w->n; i++)
		fwrite(w->blk[i].buf, 1, w->blk[i].len, w->out);
#ifdef SYNC_FILE_RANGE_WRITE
	/* Start writing what is written so far to the disk now, without
	 * waiting: the fsync that commits the file then waits for the last
	 * rounds only (a gigabyte export spent a third of its time there). A
	 * write error stays in the stream's error flag, which commit checks. */
	if (w->regular && fflush(w->out) == 0)
		(void)sync_file_range(fileno(w->out), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	return NULL;
}

/* Format the current set on every core, then hand it to a writer thread. */
static void flush_round(exporter *x)
{
	static write_job jobs[2];
	int c = x->cur;
	st_par_for(x->nblk[c], format_block, x->blk[c]);
	if (x->writing)
		pthread_join(x->writer, NULL);
	x->writing = 0;
	for (size_t i = 0; i < x->nblk[c]; i++)
		if (x->blk[c][i].len == SIZE_MAX)
			x->oom = 1;
	if (x->oom)
		return;
	jobs[c] = (write_job){x->out, x->regular, x->blk[c], x->nblk[c]};
	if (pthread_create(&x->writer, NULL, write_blocks, &jobs[c]) == 0)
		x->writing = 1;
	else
		write_blocks(&jobs[c]);
	x->cur = !c;
	x->nblk[x->cur] = 0;
}

/* Queue the rows of rp's size, block by block. */
static void queue_rows(exporter *x, const row_parts *rp)
{
	for (size_t first = 0; first < rp->s->n && !x->oom; first += EXPORT_BLOCK_ROWS) {
		if (x->nblk[x->cur] == EXPORT_ROUND_BLOCKS)
			flush_round(x);
		export_block *b = &x->blk[x->cur][x->nblk[x->cur]++];
		b->rp = *rp;
		b->first = first;
		b->n = rp->s->n - first < EXPORT_BLOCK_ROWS ? rp->s->n - first : EXPORT_BLOCK_ROWS;
	}
}

/* Write what is queued, wait for the writer, release the blocks; -1 when
 * out of memory. */
static int exporter_finish(exporter *x)
{
	if (x->nblk[x->cur] && !x->oom)
		flush_round(x);
	if (x->writing)
		pthread_join(x->writer, NULL);
	for (int c = 0; c < 2; c++)
		for (size_t i = 0; i < EXPORT_ROUND_BLOCKS; i++)
			free(x->blk[c][i].buf);
	return x->oom ? -1 : 0;
}

/* The constant parts of the rows of size s of trial t; prefix: the row up
 * to the size. */
static void set_parts(row_parts *rp, const trial *t, const trial_size *s, const char *prefix,
		      int fmt, const char *kind)
{
	static char seps[2][2] = {",", "\t"};
	const char *sep = seps[fmt == FMT_TSV];
	rp->s = s;
	if (fmt == FMT_JSONL)
		snprintf(rp->pre, sizeof rp->pre, "%s%" PRIu64 ",\"iteration\":", prefix, s->size);
	else
		snprintf(rp->pre, sizeof rp->pre, "%s%" PRIu64 "%s", prefix, s->size, sep);
	rp->plen = strlen(rp->pre);
	rp->mid = fmt == FMT_JSONL ? ",\"value\":" : sep;
	rp->mid2 = fmt == FMT_JSONL ? ",\"max\":" : sep;
	rp->nomax = fmt == FMT_JSONL ? "null" : "";
	const char *done = t->complete ? "true" : "false";
	if (fmt == FMT_JSONL)
		snprintf(rp->post, sizeof rp->post, ",\"sample\":\"%s\",\"complete\":%s}\n", kind,
			 done);
	else
		snprintf(rp->post, sizeof rp->post, "%s%s%s%s\n", sep, kind, sep, done);
	rp->midlen = strlen(rp->mid);
	rp->mid2len = strlen(rp->mid2);
	rp->nomaxlen = strlen(rp->nomax);
	rp->postlen = strlen(rp->post);
}

/* Write the rows of tf to x's output. */
static int export_file(const trial_file *tf, int fmt, exporter *x)
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
	row_parts *rp = malloc(sizeof *rp);
	for (size_t i = 0; i < tf->ntrials && rc == 0; i++) {
		const trial *t = &tf->trials[i];
		char *b = field(t->benchmark, fmt), *o = field(t->op, fmt);
		if (!rp || !b || !o || strlen(label) + strlen(b) + strlen(o) > 4096) {
			report_error("%s: trial %d: label, benchmark or op %s", tf->path, t->number,
				     rp && b && o ? "too long"
				     : fmt == FMT_TSV && rp
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
		for (size_t k = 0; rc == 0 && k < t->nsizes; k++) {
			set_parts(rp, t, &t->sizes[k], prefix, fmt, kind);
			queue_rows(x, rp);
		}
		free(b);
		free(o);
	}
	free(rp);
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
	exporter *x = calloc(1, sizeof *x);
	if (!x) {
		report_error("out of memory");
		rc = REPORT_EXIT_DATA;
	} else {
		struct stat st;
		x->out = f;
		x->regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
		dec3_init();
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = export_file(tfs[i], fmt, x);
	if (x && exporter_finish(x) < 0 && rc == 0) {
		report_error("out of memory formatting the rows");
		rc = REPORT_EXIT_DATA;
	}
	free(x);
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
