/* SPDX-License-Identifier: BSD-3-Clause */
/* trial.c: building and releasing trials and trial files in memory. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trial.h"

/* The round a sweep recorded in t, or 0. */
int trial_sweep_round(const trial *t)
{
	json_object *sw, *r;
	if (!t->meta || !json_object_object_get_ex(t->meta, "sweep", &sw) ||
	    !json_object_object_get_ex(sw, "round", &r) || !json_object_is_type(r, json_type_int))
		return 0;
	int64_t v = json_object_get_int64(r);
	return v > 0 && v <= INT_MAX ? (int)v : 0;
}

/* Whether t records "better": "higher" (bandwidth trials). */
int trial_higher_is_better(const trial *t)
{
	json_object *b;
	return t->meta && json_object_object_get_ex(t->meta, "better", &b) &&
	       json_object_is_type(b, json_type_string) &&
	       strcmp(json_object_get_string(b), "higher") == 0;
}

/* Check a name a writer stores. */
int trial_check_name(const char *what, const char *s, int allow_empty, st_err *err)
{
	size_t n = strlen(s);
	if ((n == 0 && !allow_empty) || n > TRIAL_LABEL_MAX)
		return st_seterr(err, ST_EVALUE, "%s: give %d to %d characters (got %zu)", what,
				 allow_empty ? 0 : 1, TRIAL_LABEL_MAX, n);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return st_seterr(
				err, ST_EVALUE,
				"%s: byte %zu is 0x%02x; only printable ASCII characters, please",
				what, i + 1, (unsigned char)s[i]);
	return 0;
}

/* A new empty trial. */
trial *trial_create(const char *benchmark, const char *op)
{
	trial *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->benchmark = strdup(benchmark ? benchmark : "");
	t->op = strdup(op ? op : "");
	t->meta = json_object_new_object();
	t->complete = 1;
	if (!t->benchmark || !t->op || !t->meta) {
		trial_destroy(t);
		return NULL;
	}
	return t;
}

/* Release everything a trial owns, leaving it zeroed. */
void trial_clear(trial *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nsizes; i++) {
		free(t->sizes[i].samples);
		free(t->sizes[i].max_samples);
		json_object_put(t->sizes[i].meta);
	}
	free(t->sizes);
	free(t->benchmark);
	free(t->op);
	json_object_put(t->meta);
	memset(t, 0, sizeof *t);
}

/* Release a trial made by trial_create. */
void trial_destroy(trial *t)
{
	trial_clear(t);
	free(t);
}

/* Append a size, copying its samples. */
trial_size *trial_add_size(trial *t, uint64_t size, uint64_t iterations, uint64_t warmup,
			   const uint64_t *samples, const uint64_t *max_samples, size_t n,
			   st_err *err)
{
	if (size > (uint64_t)INT64_MAX) {
		st_seterr(err, ST_EVALUE, "size %llu: larger than the format allows (2^63 - 1)",
			  (unsigned long long)size);
		return NULL;
	}
	if (n == 0 || n > TRIAL_MAX_SAMPLES) {
		st_seterr(err, ST_EVALUE, "size %llu: %zu samples (need 1 to %llu)",
			  (unsigned long long)size, n, (unsigned long long)TRIAL_MAX_SAMPLES);
		return NULL;
	}
	trial_size *grown = realloc(t->sizes, (t->nsizes + 1) * sizeof *grown);
	if (!grown)
		goto oom;
	t->sizes = grown;
	trial_size *s = &t->sizes[t->nsizes];
	memset(s, 0, sizeof *s);
	s->size = size;
	s->iterations = iterations;
	s->warmup = warmup;
	s->n = n;
	s->meta = json_object_new_object();
	s->samples = malloc(n * sizeof *s->samples);
	if (max_samples)
		s->max_samples = malloc(n * sizeof *s->max_samples);
	if (!s->meta || !s->samples || (max_samples && !s->max_samples)) {
		free(s->samples);
		free(s->max_samples);
		json_object_put(s->meta);
		goto oom;
	}
	if (samples)
		memcpy(s->samples, samples, n * sizeof *s->samples);
	else
		memset(s->samples, 0, n * sizeof *s->samples);
	if (max_samples)
		memcpy(s->max_samples, max_samples, n * sizeof *s->max_samples);
	t->nsizes++;
	return s;
oom:
	st_seterr(err, ST_ENOMEM, "out of memory adding size %llu (%zu samples)",
		  (unsigned long long)size, n);
	return NULL;
}

/* A new empty trial file. */
trial_file *trial_file_create(const char *label)
{
	trial_file *tf = calloc(1, sizeof *tf);
	if (!tf)
		return NULL;
	tf->label = strdup(label ? label : "");
	if (!tf->label) {
		free(tf);
		return NULL;
	}
	return tf;
}

/* Move t's contents into tf. */
int trial_file_take(trial_file *tf, trial *t, st_err *err)
{
	trial *grown = realloc(tf->trials, (tf->ntrials + 1) * sizeof *grown);
	if (!grown)
		return st_seterr(err, ST_ENOMEM, "out of memory adding a trial");
	tf->trials = grown;
	tf->trials[tf->ntrials++] = *t;
	memset(t, 0, sizeof *t);
	return 0;
}

/* Release a trial file. */
void trial_file_destroy(trial_file *tf)
{
	if (!tf)
		return;
	for (size_t i = 0; i < tf->ntrials; i++)
		trial_clear(&tf->trials[i]);
	free(tf->trials);
	free(tf->label);
	free(tf->path);
	free(tf);
}
