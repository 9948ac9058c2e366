/* SPDX-License-Identifier: BSD-3-Clause */
/* setup.c: the settings whose values differ between two trial files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "setup.h"

/* Paths that change from trial to trial by nature, not by setup. */
static const char *const volatile_paths[] = {
	"start",            /* when the trial began */
	"interrupted_by",   /* a signal, on incomplete trials */
	"checkpoint",       /* a run still going or killed (trialckpt.c) */
	"sweep",            /* the sweep's seed, round and place */
	"exit_status",      /* applications: 0 for every recorded trial */
	"options.argv",     /* holds --label and --json, different by design */
	"mpi.library_full", /* the library's long version text; "library" stays */
	"timer.min_step_ns",
	"timer.overhead_ns", /* measured at each start */
	NULL,
};

/* A setting's values in one file. */
typedef struct setting {
	char *key;
	size_t n;
	int many;
	char *v[ST_SETUP_MAX_VALUES];
} setting;

/* The settings of one file, in order of first appearance; index maps each
 * key to its place in s (json-c's object is a hash table). */
typedef struct settings {
	setting *s;
	size_t n, cap;
	json_object *index;
	int nomem;
} settings;

static const setting *lookup(const settings *ss, const char *key)
{
	json_object *i;
	if (!ss->index || !json_object_object_get_ex(ss->index, key, &i))
		return NULL;
	return &ss->s[json_object_get_int64(i)];
}

/* Record value for key. */
static void add_value(settings *ss, const char *key, const char *value)
{
	if (ss->nomem)
		return;
	setting *s = (setting *)lookup(ss, key);
	if (!s) {
		if (!ss->index && !(ss->index = json_object_new_object()))
			goto nomem;
		if (ss->n == ss->cap) {
			size_t cap = ss->cap ? 2 * ss->cap : 32;
			setting *grown = realloc(ss->s, cap * sizeof *grown);
			if (!grown)
				goto nomem;
			ss->s = grown;
			ss->cap = cap;
		}
		s = &ss->s[ss->n];
		memset(s, 0, sizeof *s);
		if (!(s->key = strdup(key)))
			goto nomem;
		if (json_object_object_add(ss->index, key, json_object_new_int64((int64_t)ss->n++)))
			goto nomem;
	}
	if (s->many)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], value) == 0)
			return;
	if (s->n == ST_SETUP_MAX_VALUES) {
		s->many = 1;
		return;
	}
	if (!(s->v[s->n] = strdup(value)))
		goto nomem;
	s->n++;
	return;
nomem:
	ss->nomem = 1;
}

static int is_volatile(const char *path)
{
	for (const char *const *p = volatile_paths; *p; p++)
		if (strcmp(*p, path) == 0)
			return 1;
	return 0;
}

/* A scalar or an array of scalars as text: strings without quotes. */
static const char *value_text(json_object *v)
{
	if (!v)
		return "null";
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

/* Record the settings under o, whose path is path[0..len). */
static void flatten(settings *ss, json_object *o, char *path, size_t len, size_t cap)
{
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v)
		{
			size_t kl = strlen(k), at = len ? len + 1 : 0;
			if (at + kl + 3 > cap) /* room for "[]" and the NUL */
				continue;
			if (len)
				path[len] = '.';
			memcpy(path + at, k, kl + 1);
			if (!is_volatile(path))
				flatten(ss, v, path, at + kl, cap);
			path[len] = 0;
		}
		return;
	}
	if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		int objects = 0;
		for (size_t i = 0; i < n && !objects; i++)
			objects = json_object_is_type(json_object_array_get_idx(o, i),
						      json_type_object);
		if (objects && len + 3 <= cap) {
			/* Summarized over the elements: path[] */
			memcpy(path + len, "[]", 3);
			for (size_t i = 0; i < n; i++)
				flatten(ss, json_object_array_get_idx(o, i), path, len + 2, cap);
			path[len] = 0;
			return;
		}
	}
	add_value(ss, path, value_text(o));
}

static void settings_free(settings *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->s[i].key);
		for (size_t j = 0; j < ss->s[i].n; j++)
			free(ss->s[i].v[j]);
	}
	free(ss->s);
	json_object_put(ss->index);
	memset(ss, 0, sizeof *ss);
}

/* The settings of every trial of tf. A top-level entry equal to the previous
 * trial's (the fingerprint, as a rule) holds nothing new and is skipped:
 * comparing trees is cheaper than flattening them. */
static int collect(const trial_file *tf, settings *ss)
{
	char path[512];
	memset(ss, 0, sizeof *ss);
	json_object *prev = NULL;
	for (size_t i = 0; i < tf->ntrials; i++) {
		json_object *meta = tf->trials[i].meta;
		if (!meta || !json_object_is_type(meta, json_type_object))
			continue;
		json_object_object_foreach(meta, k, v)
		{
			json_object *old;
			if (prev && json_object_object_get_ex(prev, k, &old) &&
			    json_object_equal(old, v))
				continue;
			size_t kl = strlen(k);
			if (kl + 3 > sizeof path)
				continue;
			memcpy(path, k, kl + 1);
			if (!is_volatile(path))
				flatten(ss, v, path, kl, sizeof path);
		}
		prev = meta;
	}
	return ss->nomem ? -1 : 0;
}

/* Whether two settings hold different values (NULL: absent from a file). */
static int differ(const setting *a, const setting *b)
{
	if (!a || !b)
		return 1;
	if (a->many || b->many)
		return a->many != b->many;
	if (a->n != b->n)
		return 1;
	for (size_t i = 0; i < a->n; i++) {
		size_t j = 0;
		while (j < b->n && strcmp(a->v[i], b->v[j]) != 0)
			j++;
		if (j == b->n)
			return 1;
	}
	return 0;
}

/* Copy a setting's values into a row side. */
static int copy_side(const setting *s, char **dst, size_t *n, int *many)
{
	*n = 0;
	*many = 0;
	if (!s)
		return 0;
	*many = s->many;
	for (size_t i = 0; i < s->n; i++) {
		if (!(dst[i] = strdup(s->v[i])))
			return -1;
		(*n)++;
	}
	return 0;
}

/* Add the row of key (a or b may be NULL). */
static int add_row(st_setup_diff *d, size_t *cap, const char *key, const setting *a,
		   const setting *b)
{
	if (d->nrows == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		st_setup_row *grown = realloc(d->rows, c * sizeof *grown);
		if (!grown)
			return -1;
		d->rows = grown;
		*cap = c;
	}
	st_setup_row *r = &d->rows[d->nrows++];
	memset(r, 0, sizeof *r);
	if (!(r->key = strdup(key)))
		return -1;
	if (copy_side(a, r->a, &r->na, &r->many_a) || copy_side(b, r->b, &r->nb, &r->many_b))
		return -1;
	return 0;
}

int st_setup_diff_compute(const trial_file *a, const trial_file *b, st_setup_diff **out,
			  st_err *err)
{
	*out = NULL;
	settings sa, sb;
	st_setup_diff *d = calloc(1, sizeof *d);
	int ca = collect(a, &sa), cb = collect(b, &sb), rc = 0;
	size_t cap = 0;
	if (!d || ca || cb) {
		rc = -1;
		goto done;
	}
	d->nsettings_a = sa.n;
	d->nsettings_b = sb.n;
	if (sa.n == 0 || sb.n == 0)
		goto done;
	for (size_t i = 0; i < sa.n && rc == 0; i++) {
		const setting *x = &sa.s[i], *y = lookup(&sb, x->key);
		if (differ(x, y))
			rc = add_row(d, &cap, x->key, x, y);
	}
	for (size_t i = 0; i < sb.n && rc == 0; i++)
		if (!lookup(&sa, sb.s[i].key))
			rc = add_row(d, &cap, sb.s[i].key, NULL, &sb.s[i]);
done:
	settings_free(&sa);
	settings_free(&sb);
	if (rc) {
		st_setup_diff_destroy(d);
		return st_seterr(err, ST_ENOMEM, "out of memory comparing the setups");
	}
	*out = d;
	return 0;
}

void st_setup_diff_destroy(st_setup_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nrows; i++) {
		free(d->rows[i].key);
		for (size_t j = 0; j < d->rows[i].na; j++)
			free(d->rows[i].a[j]);
		for (size_t j = 0; j < d->rows[i].nb; j++)
			free(d->rows[i].b[j]);
	}
	free(d->rows);
	free(d);
}
