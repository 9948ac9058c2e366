/* SPDX-License-Identifier: BSD-3-Clause */
/* trialq: print fields of every trial in a trial file, for shell tests.
 *
 *   trialq FILE PATH...
 *
 * prints one line per trial: the value at each PATH, separated by spaces.
 * A PATH is a dotted walk through the trial's fields ("nodes",
 * "fingerprint.nodes.0.hostname"); "*" takes every element of an array
 * ("fingerprint.nodes.*.ranks"), and "sizes.*.FIELD" walks the sizes, where
 * FIELD is "size", "n" or a field of the size ("summary.p50_us"). Strings
 * print bare, arrays of values joined by "," ("*" results too, so
 * "fingerprint.nodes.*.ranks" prints "0,1,2,3"), objects as JSON, missing
 * values as "-". Exit 1 when the file is not a valid trial file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trial.h"

/* Append s to the output buffer, after a comma unless it is the first item. */
static void emit(char **out, size_t *len, int *first, const char *s)
{
	size_t add = strlen(s) + 1;
	char *p = realloc(*out, *len + add + 1);
	if (!p) {
		fputs("trialq: error: out of memory\n", stderr);
		exit(1);
	}
	*out = p;
	if (!*first)
		(*out)[(*len)++] = ',';
	memcpy(*out + *len, s, add);
	*len += add - 1;
	*first = 0;
}

/* Print value v (arrays of scalars are flattened into the list). */
static void emit_value(json_object *v, char **out, size_t *len, int *first)
{
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			emit_value(json_object_array_get_idx(v, i), out, len, first);
		return;
	}
	if (json_object_is_type(v, json_type_object) || !v) {
		emit(out, len, first, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		return;
	}
	emit(out, len, first, json_object_get_string(v));
}

/* Walk path (dot-separated, modified in place) from v, emitting what it reaches. */
static void walk(json_object *v, char *path, char **out, size_t *len, int *first)
{
	if (!path || !*path) {
		emit_value(v, out, len, first);
		return;
	}
	char *rest = strchr(path, '.');
	if (rest)
		*rest++ = '\0';
	if (json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		if (strcmp(path, "*") == 0) {
			for (size_t i = 0; i < n; i++) {
				char *copy = rest ? strdup(rest) : NULL;
				walk(json_object_array_get_idx(v, i), copy, out, len, first);
				free(copy);
			}
			return;
		}
		char *end;
		unsigned long i = strtoul(path, &end, 10);
		if (*end == '\0' && end != path && i < n)
			walk(json_object_array_get_idx(v, i), rest, out, len, first);
		return;
	}
	json_object *child;
	if (json_object_is_type(v, json_type_object) && json_object_object_get_ex(v, path, &child))
		walk(child, rest, out, len, first);
}

/* The sizes of t as a JSON array of objects: size, n and the size's meta fields. */
static json_object *sizes_json(const trial *t)
{
	json_object *a = json_object_new_array();
	for (size_t k = 0; k < t->nsizes; k++) {
		const trial_size *s = &t->sizes[k];
		json_object *o = json_object_new_object();
		json_object_object_foreach(s->meta, key, val)
			json_object_object_add(o, key, json_object_get(val));
		json_object_object_add(o, "size", json_object_new_int64((int64_t)s->size));
		json_object_object_add(o, "n", json_object_new_int64((int64_t)s->n));
		json_object_array_add(a, o);
	}
	return a;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: trialq FILE PATH...\n", stderr);
		return 2;
	}
	trial_file *tf = NULL;
	st_err err;
	if (trial_file_read(argv[1], TRIAL_READ_NO_SAMPLES, &tf, &err) < 0) {
		fprintf(stderr, "trialq: error: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *t = &tf->trials[i];
		/* The trial as the file shows it, minus samples: meta plus the named fields. */
		json_object *root = json_object_new_object();
		json_object_object_foreach(t->meta, key, val)
			json_object_object_add(root, key, json_object_get(val));
		json_object_object_add(root, "trial", json_object_new_int(t->number));
		json_object_object_add(root, "benchmark", json_object_new_string(t->benchmark));
		json_object_object_add(root, "op", json_object_new_string(t->op));
		json_object_object_add(root, "sizes", sizes_json(t));
		for (int a = 2; a < argc; a++) {
			char *path = strdup(argv[a]), *out = NULL;
			size_t len = 0;
			int first = 1;
			if (!path) {
				fputs("trialq: error: out of memory\n", stderr);
				return 1;
			}
			walk(root, path, &out, &len, &first);
			printf("%s%s", a > 2 ? " " : "", out ? out : "-");
			free(out);
			free(path);
		}
		putchar('\n');
		json_object_put(root);
	}
	trial_file_destroy(tf);
	return 0;
}
