/* SPDX-License-Identifier: BSD-3-Clause */
/* trialio.c: trial files' documents validated into the model (the text is
 * read by trialread.c; the model written by trialwrite.c). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "b64.h"
#include "par.h"
#include "safeio.h"
#include "trial.h"
#include "trialio_int.h"

/* Internal flag of parse_doc to parse_trial: the document is version 2. */
#define TRIAL_READ_V2_ (1u << 30)

/* Keys of a trial and of a size that the model holds in fields, not meta. */
const char *const trialio_trial_keys[] = {"trial", "benchmark", "op", "complete", "sizes", NULL};
const char *const trialio_size_keys[] = {"size",    "iterations",  "warmup",
					 "samples", "max_samples", NULL};

/* Whether k is among the NULL-terminated keys. */
int trialio_is_model_key(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (strcmp(*keys, k) == 0)
			return 1;
	return 0;
}

/* Whether x, a JSON integer, is above INT64_MAX: json-c keeps such values
 * as unsigned and json_object_get_int64 clamps them to INT64_MAX, so they
 * would otherwise be read as a different number. */
static int int_above_int64(json_object *x)
{
#if JSON_C_VERSION_NUM >= (14 << 8)
	return json_object_get_uint64(x) > (uint64_t)INT64_MAX;
#else
	(void)x;
	return 0; /* json-c before 0.14 clamps when parsing: nothing to detect */
#endif
}

/* A base64 sample string whose decoding waits until the document's
 * structure has been checked, to run with the others on every core. */
typedef struct decode_job {
	const char *txt;  /* the base64 text (owned by the parsed document) */
	size_t len;       /* its length */
	size_t n;         /* values */
	size_t w;         /* bytes a value: 4 or 8 */
	uint64_t *dst;    /* where the values go (n * 8 + 4 bytes), or NULL: check only */
	json_object *obj; /* the samples object holding the text */
	int lifted;       /* txt is in the read buffer (triallift.c) */
	int failed;       /* not valid base64 */
	char ctx[600];    /* for the message */
} decode_job;

/* The jobs of one document. */
typedef struct parse_ctx {
	decode_job *jobs;
	size_t njobs, cap;
	int drop;           /* the document is thrown away after: free each text once decoded */
	trial_lifts *lifts; /* the strings lifted out of the text, or NULL */
	int lift_miss;      /* a placeholder that did not resolve */
} parse_ctx;

/* Decode len base64 characters of n values of w bytes into v (room for
 * n * 8 + 4 bytes), widening in place. 0, or -1 when not valid base64. */
static int decode_b64_values(const char *txt, size_t len, size_t n, size_t w, uint64_t *v)
{
	if (w == 4) /* straight into the values, two characters a lookup */
		return b64_decode_u32le(txt, len, n, v);
	/* Decode into the output array itself (8 bytes a value, enough room
	 * for the raw bytes plus base64's slack), then assemble in place. */
	unsigned char *raw = (unsigned char *)v;
	long long got = b64_decode(txt, len, raw);
	if (got != (long long)(n * w))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = raw + i * 8;
		uint64_t x = 0;
		for (int b = 7; b >= 0; b--)
			x = x << 8 | p[b];
		v[i] = x;
	}
	return 0;
}

/* Give back to the system the whole pages of [p, p + n) (of a private
 * anonymous mapping: they read as zeros after). */
static void release_pages(const char *p, size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), b = ((uintptr_t)p + n) & ~(page - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* Run one job (st_par_for); with arg's check_only, into scratch memory. */
typedef struct jobs_run {
	parse_ctx *pc;
	int check_only;
} jobs_run;

static void run_job(size_t i, void *arg)
{
	jobs_run *r = arg;
	decode_job *j = &r->pc->jobs[i];
	uint64_t *v = r->check_only || !j->dst ? malloc(j->n * 8 + 4) : j->dst;
	j->failed = !v || decode_b64_values(j->txt, j->len, j->n, j->w, v) < 0;
	if (v != j->dst)
		free(v);
	/* Give the text's memory back as soon as it is decoded, so that a file's
	 * text and its decoded samples are not both held whole. */
	if (r->pc->drop && !r->check_only && !j->failed) {
		json_object_object_del(j->obj, "data");
		if (j->lifted && r->pc->lifts->release)
			release_pages(j->txt, j->len);
	}
}

/* Decode every job on every core; the first failing one in document order
 * is the error (as reading one string after the other would report it). */
static int run_jobs(parse_ctx *pc, int check_only, st_err *err)
{
	jobs_run r = {pc, check_only};
	st_par_for(pc->njobs, run_job, &r);
	int rc = 0;
	for (size_t i = 0; i < pc->njobs && rc == 0; i++)
		if (pc->jobs[i].failed)
			rc = st_seterr(err, ST_EFORMAT, "%s: data is not valid base64",
				       pc->jobs[i].ctx);
	/* A lifted string that is not base64 may hold an escape: only the
	 * plain parse knows what it means (triallift.c). */
	for (size_t i = 0; i < pc->njobs && pc->lifts; i++)
		if (pc->jobs[i].failed && pc->jobs[i].lifted)
			pc->lifts->final = 0;
	free(pc->jobs);
	trial_lifts *lf = pc->lifts;
	memset(pc, 0, sizeof *pc);
	pc->lifts = lf;
	return rc;
}

/* Queue a job; -1 when out of memory. */
static int add_job(parse_ctx *pc, const char *ctx, json_object *obj, const char *txt, size_t len,
		   size_t n, size_t w, uint64_t *dst, int lifted)
{
	if (pc->njobs == pc->cap) {
		size_t cap = pc->cap ? 2 * pc->cap : 64;
		decode_job *g = realloc(pc->jobs, cap * sizeof *g);
		if (!g)
			return -1;
		pc->jobs = g;
		pc->cap = cap;
	}
	decode_job *j = &pc->jobs[pc->njobs++];
	*j = (decode_job){txt, len, n, w, dst, obj, lifted, 0, ""};
	snprintf(j->ctx, sizeof j->ctx, "%s", ctx);
	return 0;
}

/* The samples of an "array" encoding: n non-negative integers into a new *out. */
static int decode_array(json_object *data, const char *ctx, int64_t n, uint64_t **out, st_err *err)
{
	if (!json_object_is_type(data, json_type_array))
		return st_seterr(err, ST_EFORMAT, "%s: data must be an array", ctx);
	size_t len = json_object_array_length(data);
	if (len != (size_t)n)
		return st_seterr(err, ST_EFORMAT, "%s: data holds %zu values, count is %" PRId64,
				 ctx, len, n);
	uint64_t *v = malloc((size_t)n * sizeof *v);
	if (!v)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
	for (size_t i = 0; i < len; i++) {
		json_object *x = json_object_array_get_idx(data, i);
		int64_t y = json_object_get_int64(x);
		if (!json_object_is_type(x, json_type_int) || y < 0) {
			free(v);
			return st_seterr(err, ST_EVALUE,
					 "%s: value %zu is not a non-negative integer (ns)", ctx,
					 i);
		}
		if (int_above_int64(x)) {
			free(v);
			return st_seterr(err, ST_EVALUE,
					 "%s: value %zu is too large (above %" PRId64 " ns)", ctx,
					 i, INT64_MAX);
		}
		v[i] = (uint64_t)y;
	}
	*out = v;
	return 0;
}

/* Decode a samples object. With out == NULL the data is checked, not kept.
 * ctx names the place for messages ("vm.json: trial 2, size 64: samples").
 * With pc, base64 data is only queued (its array allocated): run_jobs
 * decodes it. */
static int decode_samples(json_object *o, const char *ctx, size_t *n_out, uint64_t **out,
			  parse_ctx *pc, st_err *err)
{
	json_object *unit, *enc, *count, *data;
	if (!json_object_is_type(o, json_type_object))
		return st_seterr(err, ST_EFORMAT, "%s: not an object", ctx);
	if (!json_object_object_get_ex(o, "unit", &unit) ||
	    !json_object_is_type(unit, json_type_string) ||
	    strcmp(json_object_get_string(unit), "ns") != 0)
		return st_seterr(err, ST_EFORMAT, "%s: unit must be \"ns\"", ctx);
	if (!json_object_object_get_ex(o, "encoding", &enc) ||
	    !json_object_is_type(enc, json_type_string))
		return st_seterr(err, ST_EFORMAT, "%s: missing encoding", ctx);
	if (!json_object_object_get_ex(o, "count", &count) ||
	    !json_object_is_type(count, json_type_int))
		return st_seterr(err, ST_EFORMAT, "%s: count must be an integer", ctx);
	int64_t n = json_object_get_int64(count);
	if (n < 0)
		return st_seterr(err, ST_EVALUE, "%s: count %" PRId64 " is negative", ctx, n);
	if (n < 1)
		return st_seterr(err, ST_EVALUE, "%s: empty sample (count %" PRId64 ")", ctx, n);
	if ((uint64_t)n > TRIAL_MAX_SAMPLES)
		return st_seterr(err, ST_ENOMEM,
				 "%s: count %" PRId64 " exceeds the limit of %llu samples", ctx, n,
				 (unsigned long long)TRIAL_MAX_SAMPLES);
	if (!json_object_object_get_ex(o, "data", &data))
		return st_seterr(err, ST_EFORMAT, "%s: missing data", ctx);

	const char *e = json_object_get_string(enc);
	uint64_t *v = NULL;
	if (strcmp(e, ENC_U32) == 0 || strcmp(e, ENC_U64) == 0) {
		size_t w = strcmp(e, ENC_U32) == 0 ? 4 : 8;
		if (!json_object_is_type(data, json_type_string))
			return st_seterr(err, ST_EFORMAT, "%s: data must be a base64 string", ctx);
		size_t len = (size_t)json_object_get_string_len(data);
		const char *txt = json_object_get_string(data);
		/* A string lifted out of the text: its characters in the buffer. */
		trial_lift *lift = pc ? trialio_lift_claim(pc->lifts, txt, len) : NULL;
		if (lift) {
			txt = lift->txt;
			len = lift->len;
		} else if (pc && pc->lifts && len && txt[0] == '\001') {
			pc->lift_miss = 1;
		}
		if (len != b64_encoded_len((size_t)n * w))
			return st_seterr(err, ST_EFORMAT,
					 "%s: data holds %zu base64 characters, count %" PRId64
					 " needs %zu (truncated?)",
					 ctx, len, n, b64_encoded_len((size_t)n * w));
		if (pc && !out) {
			if (add_job(pc, ctx, o, txt, len, (size_t)n, w, NULL, lift != NULL) < 0)
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
			*n_out = (size_t)n;
			return 0;
		}
		v = malloc((size_t)n * 8 + 4);
		if (!v)
			return st_seterr(err, ST_ENOMEM,
					 "%s: out of memory for %" PRId64 " samples", ctx, n);
		if (pc) {
			if (add_job(pc, ctx, o, txt, len, (size_t)n, w, v, lift != NULL) < 0) {
				free(v);
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
			}
		} else if (decode_b64_values(txt, len, (size_t)n, w, v) < 0) {
			free(v);
			return st_seterr(err, ST_EFORMAT, "%s: data is not valid base64", ctx);
		}
	} else if (strcmp(e, ENC_ARRAY) == 0) {
		int rc = decode_array(data, ctx, n, &v, err);
		if (rc < 0)
			return rc;
	} else {
		return st_seterr(err, ST_EFORMAT, "%s: unknown encoding \"%s\"", ctx, e);
	}
	*n_out = (size_t)n;
	if (out)
		*out = v;
	else
		free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Validating a document                                                */
/* ------------------------------------------------------------------ */

/* Order sizes for qsort. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Order trial numbers for qsort. */
static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* A non-negative integer field; ST_EFORMAT unless present and of that type. */
static int get_uint(json_object *o, const char *key, const char *ctx, int required, uint64_t *v,
		    st_err *err)
{
	json_object *x;
	if (!json_object_object_get_ex(o, key, &x)) {
		if (!required)
			return 1;
		return st_seterr(err, ST_EFORMAT, "%s: missing \"%s\"", ctx, key);
	}
	if (!json_object_is_type(x, json_type_int))
		return st_seterr(err, ST_EFORMAT, "%s: \"%s\" must be an integer", ctx, key);
	int64_t y = json_object_get_int64(x);
	if (y < 0)
		return st_seterr(err, ST_EVALUE, "%s: \"%s\" is negative", ctx, key);
	if (int_above_int64(x))
		return st_seterr(err, ST_EVALUE, "%s: \"%s\" is too large (above %" PRId64 ")", ctx,
				 key, INT64_MAX);
	*v = (uint64_t)y;
	return 0;
}

/* A JSON object holding the keys of o that are not in skip (new references). */
static json_object *rest_of(json_object *o, const char *const *skip)
{
	json_object *m = json_object_new_object();
	if (!m)
		return NULL;
	json_object_object_foreach(o, k, v)
	{
		if (!trialio_is_model_key(skip, k))
			json_object_object_add(m, k, json_object_get(v));
	}
	return m;
}

/* Check one size object; fill s when not NULL. */
static int parse_size(json_object *so, const char *tctx, size_t idx, unsigned flags, int complete,
		      trial_size *s, parse_ctx *pc, st_err *err)
{
	char ctx[512];
	uint64_t size = 0, iters = 0, warm = 0;
	int rc;

	snprintf(ctx, sizeof ctx, "%.400s, sizes[%zu]", tctx, idx);
	if (!json_object_is_type(so, json_type_object))
		return st_seterr(err, ST_EFORMAT, "%s: not an object", ctx);
	if ((rc = get_uint(so, "size", ctx, 1, &size, err)) < 0)
		return rc;
	snprintf(ctx, sizeof ctx, "%.400s, size %" PRIu64, tctx, size);
	if ((rc = get_uint(so, "iterations", ctx, 1, &iters, err)) < 0)
		return rc;
	if ((rc = get_uint(so, "warmup", ctx, 0, &warm, err)) < 0)
		return rc;
	if (iters < 1)
		return st_seterr(err, ST_EVALUE, "%s: iterations must be at least 1", ctx);

	json_object *samp, *maxs;
	char sctx[600];
	size_t n = 0, nmax = 0;
	uint64_t *v = NULL, *mv = NULL;
	if (!json_object_object_get_ex(so, "samples", &samp))
		return st_seterr(err, ST_EFORMAT, "%s: missing \"samples\"", ctx);
	snprintf(sctx, sizeof sctx, "%.500s: samples", ctx);
	if ((rc = decode_samples(samp, sctx, &n, (flags & TRIAL_READ_NO_SAMPLES) ? NULL : &v, pc,
				 err)) < 0)
		return rc;
	if (complete && n != iters) {
		free(v);
		return st_seterr(err, ST_EMISMATCH, "%s: %zu samples but %" PRIu64 " iterations",
				 ctx, n, iters);
	}
	if (json_object_object_get_ex(so, "max_samples", &maxs) &&
	    !json_object_is_type(maxs, json_type_null)) {
		snprintf(sctx, sizeof sctx, "%.500s: max_samples", ctx);
		int keep = !(flags & (TRIAL_READ_NO_SAMPLES | TRIAL_READ_NO_MAX));
		if ((rc = decode_samples(maxs, sctx, &nmax, keep ? &mv : NULL, pc, err)) < 0) {
			free(v);
			return rc;
		}
		if (nmax != n) {
			free(v);
			free(mv);
			return st_seterr(err, ST_EMISMATCH, "%s: %zu max_samples but %zu samples",
					 ctx, nmax, n);
		}
	}
	if (!s) {
		free(v);
		free(mv);
		return 0;
	}
	s->size = size;
	s->iterations = iters;
	s->warmup = warm;
	s->n = n;
	s->samples = v;
	s->max_samples = mv;
	s->meta = rest_of(so, trialio_size_keys);
	if (!s->meta) {
		free(v);
		free(mv);
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
	}
	return 0;
}

/* A required non-empty string field. */
static int get_string(json_object *o, const char *key, const char *ctx, int allow_empty,
		      const char **v, st_err *err)
{
	json_object *x;
	if (!json_object_object_get_ex(o, key, &x))
		return st_seterr(err, ST_EFORMAT, "%s: missing \"%s\"", ctx, key);
	if (!json_object_is_type(x, json_type_string))
		return st_seterr(err, ST_EFORMAT, "%s: \"%s\" must be a string", ctx, key);
	*v = json_object_get_string(x);
	if (!allow_empty && **v == '\0')
		return st_seterr(err, ST_EVALUE, "%s: \"%s\" is empty", ctx, key);
	return 0;
}

/* Check one trial object; fill t when not NULL. */
static int parse_trial(json_object *to, const char *name, size_t idx, unsigned flags, int *number,
		       trial *t, parse_ctx *pc, st_err *err)
{
	char ctx[512];
	uint64_t num = 0;
	int rc;

	snprintf(ctx, sizeof ctx, "%.400s: trials[%zu]", name, idx);
	if (!json_object_is_type(to, json_type_object))
		return st_seterr(err, ST_EFORMAT, "%s: not an object", ctx);
	if ((rc = get_uint(to, "trial", ctx, 1, &num, err)) < 0)
		return rc;
	if (num < 1 || num > TRIAL_MAX_NUMBER)
		return st_seterr(err, ST_EVALUE, "%s: trial number %" PRIu64 " out of range", ctx,
				 num);
	snprintf(ctx, sizeof ctx, "%.400s: trial %" PRIu64, name, num);
	*number = (int)num;

	const char *bench, *op = "";
	if ((rc = get_string(to, "benchmark", ctx, 0, &bench, err)) < 0)
		return rc;
	json_object *x;
	if (json_object_object_get_ex(to, "op", &x) &&
	    (rc = get_string(to, "op", ctx, 1, &op, err)) < 0)
		return rc;
	int complete = 1;
	if (json_object_object_get_ex(to, "complete", &x)) {
		if (!json_object_is_type(x, json_type_boolean))
			return st_seterr(err, ST_EFORMAT, "%s: \"complete\" must be true or false",
					 ctx);
		complete = json_object_get_boolean(x);
	}
	json_object *sizes;
	if (!json_object_object_get_ex(to, "sizes", &sizes) ||
	    !json_object_is_type(sizes, json_type_array))
		return st_seterr(err, ST_EFORMAT, "%s: \"sizes\" must be an array", ctx);
	size_t ns = json_object_array_length(sizes);
	if (ns == 0 && complete)
		return st_seterr(err, ST_EVALUE, "%s: no sizes", ctx);

	json_object *fp = NULL;
	if ((flags & TRIAL_READ_V2_) && json_object_object_get_ex(to, "fingerprint", &x) &&
	    (rc = trialv2_expand_fp(x, ctx, t ? &fp : NULL, err)) < 0)
		return rc;
	if (t) {
		memset(t, 0, sizeof *t);
		t->number = (int)num;
		t->complete = complete;
		t->benchmark = strdup(bench);
		t->op = strdup(op);
		t->meta = rest_of(to, trialio_trial_keys);
		if (fp && t->meta)
			json_object_object_add(t->meta, "fingerprint", fp); /* keeps its place */
		else
			json_object_put(fp);
		t->sizes = ns ? calloc(ns, sizeof *t->sizes) : NULL;
		if (!t->benchmark || !t->op || !t->meta || (ns && !t->sizes)) {
			trial_clear(t);
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
		}
	}
	/* Sizes are unique within a trial: checked on a sorted copy, so that a
	 * file of many sizes costs n log n, not n squared. */
	uint64_t *seen = malloc((ns ? ns : 1) * sizeof *seen);
	if (!seen) {
		if (t)
			trial_clear(t);
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", ctx);
	}
	for (size_t i = 0; i < ns; i++) {
		trial_size *s = t ? &t->sizes[i] : NULL;
		rc = parse_size(json_object_array_get_idx(sizes, i), ctx, i, flags, complete, s, pc,
				err);
		if (rc < 0) {
			free(seen);
			if (t)
				trial_clear(t);
			return rc;
		}
		if (t)
			t->nsizes = i + 1;
		get_uint(json_object_array_get_idx(sizes, i), "size", ctx, 1, &seen[i], NULL);
	}
	qsort(seen, ns, sizeof *seen, cmp_u64);
	for (size_t i = 1; i < ns; i++)
		if (seen[i] == seen[i - 1]) {
			uint64_t dup = seen[i];
			free(seen);
			if (t)
				trial_clear(t);
			return st_seterr(err, ST_EFORMAT, "%s: size %" PRIu64 " appears twice", ctx,
					 dup);
		}
	free(seen);
	return 0;
}

/* Version 2: "last_trial", the largest trial number ever appended, is the
 * document's last key and comes right after "trials" (appending relies on
 * this layout to find both from the end of the file). */
static int check_last_trial(json_object *doc, const char *name, int *last, st_err *err)
{
	json_object *x;
	if (!json_object_object_get_ex(doc, "last_trial", &x) ||
	    !json_object_is_type(x, json_type_int))
		return st_seterr(err, ST_EFORMAT, "%s: version 2 needs an integer \"last_trial\"",
				 name);
	int64_t v = json_object_get_int64(x);
	if (v < 0 || v > INT_MAX)
		return st_seterr(err, ST_EVALUE, "%s: \"last_trial\" %" PRId64 " out of range",
				 name, v);
	const char *prev = NULL, *lastk = NULL;
	json_object_object_foreach(doc, k, val)
	{
		(void)val;
		prev = lastk;
		lastk = k;
	}
	if (!lastk || strcmp(lastk, "last_trial") != 0 || !prev || strcmp(prev, "trials") != 0)
		return st_seterr(
			err, ST_EFORMAT,
			"%s: version 2 ends with \"trials\" then \"last_trial\" (keys moved by hand?)",
			name);
	*last = (int)v;
	return 0;
}

/* Whether every lifted string was claimed, once, where samples' data
 * belongs (then the document is the plain parse's, see triallift.c). */
static int lifts_all_claimed(const parse_ctx *pc)
{
	if (pc->lift_miss)
		return 0;
	for (size_t i = 0; i < pc->lifts->n; i++)
		if (!pc->lifts->v[i].claimed)
			return 0;
	return 1;
}

/* Validate a whole document. Builds *out unless out is NULL. */
int trialio_parse_doc(json_object *doc, const char *name, unsigned flags, trial_file **out,
		      st_err *err)
{
	return trialio_parse_doc_lifted(doc, name, flags, out, NULL, err);
}

/* The document's format and version (1 or 2, whose layout is checked). */
static int check_version(json_object *doc, const char *name, int64_t *version, int *last_trial,
			 st_err *err)
{
	json_object *x;
	if (!json_object_is_type(doc, json_type_object))
		return st_seterr(err, ST_EFORMAT,
				 "%s: not a sriovstat trial file (top level is not an object)",
				 name);
	if (!json_object_object_get_ex(doc, "format", &x) ||
	    !json_object_is_type(x, json_type_string) ||
	    strcmp(json_object_get_string(x), TRIAL_FORMAT_NAME) != 0)
		return st_seterr(err, ST_EFORMAT,
				 "%s: not a sriovstat trial file (\"format\" is not \"%s\")", name,
				 TRIAL_FORMAT_NAME);
	if (!json_object_object_get_ex(doc, "version", &x) ||
	    !json_object_is_type(x, json_type_int))
		return st_seterr(err, ST_EFORMAT, "%s: missing or non-integer \"version\"", name);
	*version = json_object_get_int64(x);
	if (*version != 1 && *version != TRIAL_FORMAT_VERSION)
		return st_seterr(err, ST_EFORMAT,
				 "%s: unsupported format version %" PRId64
				 " (this build reads versions 1 to %d)",
				 name, *version, TRIAL_FORMAT_VERSION);
	*last_trial = 0;
	return *version == 2 ? check_last_trial(doc, name, last_trial, err) : 0;
}

int trialio_parse_doc_lifted(json_object *doc, const char *name, unsigned flags, trial_file **out,
			     trial_lifts *lf, st_err *err)
{
	json_object *trials;
	int64_t version = 0;
	int last_trial = 0, rc;
	if ((rc = check_version(doc, name, &version, &last_trial, err)) < 0)
		return rc;
	if (version == 2)
		flags |= TRIAL_READ_V2_;
	const char *label;
	if ((rc = get_string(doc, "label", name, 0, &label, err)) < 0)
		return rc;
	if (!json_object_object_get_ex(doc, "trials", &trials) ||
	    !json_object_is_type(trials, json_type_array))
		return st_seterr(err, ST_EFORMAT, "%s: \"trials\" must be an array", name);

	size_t nt = json_object_array_length(trials);
	trial_file *tf = NULL;
	/* Only a document read for its trials (out) is thrown away afterwards;
	 * appends write theirs back. */
	parse_ctx pc = {.drop = out != NULL, .lifts = lf};
	int *numbers = calloc(nt ? nt : 1, sizeof *numbers);
	if (!numbers)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	if (out) {
		tf = trial_file_create(label);
		if (!tf || (nt && !(tf->trials = calloc(nt, sizeof *tf->trials))) ||
		    !(tf->path = strdup(name))) {
			free(numbers);
			trial_file_destroy(tf);
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
		}
	}
	for (size_t i = 0; i < nt; i++) {
		trial *t = tf ? &tf->trials[i] : NULL;
		rc = parse_trial(json_object_array_get_idx(trials, i), name, i, flags, &numbers[i],
				 t, &pc, err);
		if (rc < 0)
			goto fail;
		if (tf)
			tf->ntrials = i + 1;
	}
	/* Trial numbers are unique (sorted, as sizes in parse_trial). */
	qsort(numbers, nt, sizeof *numbers, cmp_int);
	if (version == 2 && nt && numbers[nt - 1] > last_trial) {
		rc = st_seterr(err, ST_EFORMAT, "%s: \"last_trial\" is %d but trial %d is there",
			       name, last_trial, numbers[nt - 1]);
		goto fail;
	}
	for (size_t i = 1; i < nt; i++)
		if (numbers[i] == numbers[i - 1]) {
			rc = st_seterr(err, ST_EFORMAT, "%s: trial number %d appears twice", name,
				       numbers[i]);
			goto fail;
		}
	if (lf && !lifts_all_claimed(&pc)) {
		rc = st_seterr(err, ST_EFORMAT, "%s: a lifted string out of place", name);
		goto fail;
	}
	free(numbers);
	if (lf)
		lf->final = lf->decoded = 1;
	/* The sample strings, decoded on every core now that the rest is known
	 * to be sound. */
	if ((rc = run_jobs(&pc, 0, err)) < 0) {
		trial_file_destroy(tf);
		return rc;
	}
	if (out)
		*out = tf;
	return 0;
fail:
	free(numbers);
	if (lf) { /* the caller parses the text the plain way: it finds the error */
		free(pc.jobs);
		trial_file_destroy(tf);
		return rc;
	}
	/* A string before the fault that is not base64 is the first error. */
	int jrc = run_jobs(&pc, 1, err);
	trial_file_destroy(tf);
	if (jrc < 0)
		return jrc;
	return rc;
}
