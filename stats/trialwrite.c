/* SPDX-License-Identifier: BSD-3-Clause */
/* trialwrite.c: the model as JSON (samples in base64) and trial files
 * written atomically. */
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

/* ------------------------------------------------------------------ */
/* Encoding samples                                                     */
/* ------------------------------------------------------------------ */

/* Samples as {"unit":"ns","encoding":...,"count":n,"data":base64}. */
json_object *trial_samples_to_json(const uint64_t *v, size_t n)
{
	uint64_t maxv = 0;
	for (size_t i = 0; i < n; i++)
		maxv = v[i] > maxv ? v[i] : maxv;
	int wide = maxv > UINT32_MAX;
	size_t w = wide ? 8 : 4;
	unsigned char *raw = malloc(n * w + 1);
	char *txt = malloc(b64_encoded_len(n * w) + 1);
	json_object *o = NULL;
	if (!raw || !txt)
		goto out;
	if (wide) {
		for (size_t i = 0; i < n; i++)
			for (int b = 0; b < 8; b++)
				raw[i * 8 + b] = (unsigned char)(v[i] >> (8 * b));
	} else {
		for (size_t i = 0; i < n; i++) {
			uint32_t x = (uint32_t)v[i];
			raw[i * 4] = (unsigned char)x;
			raw[i * 4 + 1] = (unsigned char)(x >> 8);
			raw[i * 4 + 2] = (unsigned char)(x >> 16);
			raw[i * 4 + 3] = (unsigned char)(x >> 24);
		}
	}
	b64_encode(raw, n * w, txt);
	o = json_object_new_object();
	if (!o)
		goto out;
	json_object_object_add(o, "unit", json_object_new_string("ns"));
	json_object_object_add(o, "encoding", json_object_new_string(wide ? ENC_U64 : ENC_U32));
	json_object_object_add(o, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(o, "data",
			       json_object_new_string_len(txt, (int)b64_encoded_len(n * w)));
out:
	free(raw);
	free(txt);
	return o;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

/* The JSON object of one trial. */
json_object *trial_to_json(const trial *t, st_err *err)
{
	json_object *o = json_object_new_object();
	json_object *sizes = json_object_new_array();
	if (!o || !sizes)
		goto oom;
	json_object_object_add(o, "trial", json_object_new_int(t->number));
	json_object_object_add(o, "benchmark", json_object_new_string(t->benchmark));
	json_object_object_add(o, "op", json_object_new_string(t->op));
	json_object_object_add(o, "complete", json_object_new_boolean(t->complete));
	if (t->meta) {
		json_object_object_foreach(t->meta, k, v)
		{
			if (!trialio_is_model_key(trialio_trial_keys, k))
				json_object_object_add(o, k, json_object_get(v));
		}
	}
	for (size_t i = 0; i < t->nsizes; i++) {
		const trial_size *s = &t->sizes[i];
		json_object *so = json_object_new_object();
		if (!so)
			goto oom;
		json_object_array_add(sizes, so);
		json_object_object_add(so, "size", json_object_new_int64((int64_t)s->size));
		json_object_object_add(so, "iterations",
				       json_object_new_int64((int64_t)s->iterations));
		json_object_object_add(so, "warmup", json_object_new_int64((int64_t)s->warmup));
		if (s->meta) {
			json_object_object_foreach(s->meta, k, v)
			{
				if (!trialio_is_model_key(trialio_size_keys, k))
					json_object_object_add(so, k, json_object_get(v));
			}
		}
		json_object *js = trial_samples_to_json(s->samples, s->n);
		if (!js)
			goto oom;
		json_object_object_add(so, "samples", js);
		if (s->max_samples) {
			js = trial_samples_to_json(s->max_samples, s->n);
			if (!js)
				goto oom;
			json_object_object_add(so, "max_samples", js);
		}
	}
	json_object_object_add(o, "sizes", sizes);
	return o;
oom:
	json_object_put(o);
	json_object_put(sizes);
	st_seterr(err, ST_ENOMEM, "out of memory serializing trial %d", t->number);
	return NULL;
}

/* Write all of buf to fd. */
int trialio_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Serialize doc and replace path with it atomically (stats/safeio.h). */
int st_write_json_atomic(const char *path, json_object *doc, st_err *err)
{
	size_t len = 0;
	const char *txt = json_object_to_json_string_length(
		doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (!txt)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory serializing", path);
	/* Never write what a reader would refuse. */
	uint64_t limit = trial_max_file_bytes();
	if ((uint64_t)len + 1 > limit)
		return st_seterr(
			err, ST_ENOMEM,
			"%s: would be %llu bytes, more than the limit of %llu bytes for a "
			"trial file (set SRIOVSTAT_MAX_FILE_BYTES to raise it; nothing written)",
			path, (unsigned long long)len + 1, (unsigned long long)limit);
	st_out *o;
	int rc = st_out_open(&o, path, 0, err);
	if (rc < 0)
		return rc;
	if ((rc = st_out_write(o, txt, len, err)) < 0 || (rc = st_out_write(o, "\n", 1, err)) < 0)
		return rc;
	return st_out_commit(o, err);
}

/* UTC now as ISO 8601 with milliseconds ("2026-11-22T00:31:07.412Z"). */
void st_iso8601_now(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char tmp[32];
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ldZ", tmp, ts.tv_nsec / 1000000);
}

/* The whole document of a trial file (new reference), or NULL with err. */
json_object *trial_file_to_json(const trial_file *tf, st_err *err)
{
	json_object *doc = trialv2_new_doc(tf->label), *arr;
	if (!doc) {
		st_seterr(err, ST_ENOMEM, "out of memory serializing label \"%s\"", tf->label);
		return NULL;
	}
	json_object_object_get_ex(doc, "trials", &arr);
	int last = 0;
	for (size_t i = 0; i < tf->ntrials; i++) {
		json_object *t = trialv2_trial_json(&tf->trials[i], err);
		if (!t) {
			json_object_put(doc);
			return NULL;
		}
		json_object_array_add(arr, t);
		last = tf->trials[i].number > last ? tf->trials[i].number : last;
	}
	json_object_object_add(doc, "last_trial", json_object_new_int(last));
	return doc;
}

/* Write a whole trial file atomically. */
int trial_file_write(const char *path, const trial_file *tf, st_err *err)
{
	json_object *doc = trial_file_to_json(tf, err);
	if (!doc)
		return ST_ENOMEM;
	int rc = st_write_json_atomic(path, doc, err);
	json_object_put(doc);
	return rc;
}
