/* SPDX-License-Identifier: BSD-3-Clause */
/* trialv2.c: format version 2's fingerprint, node descriptions stored once.
 *
 * A version-1 trial repeats the whole description of every node (kernel,
 * CPU, virtualization, RDMA devices, interfaces): at 16,384 identical nodes
 * that is 99% of a trial. Version 2 keeps each distinct description once per
 * trial in "fingerprint.node_descriptions"; "fingerprint.nodes[i]" keeps the
 * node's own "hostname" and "ranks" and the index of its description. The
 * description holds null at the place of the node's own keys, so that
 * expanding restores every node object with its keys in the recorded order:
 * readers hand out the version-1 form, and the rest of sriovstat never sees
 * the difference (doc/format.md). */
#include <string.h>

#include <json-c/printbuf.h>

#include "trial.h"
#include "trialio_int.h"

/* Serializer of the small per-node and per-rank entries: one line each
 * (pretty-printed, an entry of 50 bytes took three times that in blanks). */
static int one_line(json_object *jso, struct printbuf *pb, int level, int flags)
{
	(void)level;
	(void)flags;
	json_object_set_serializer(jso, NULL, NULL, NULL); /* the type's own, for now */
	const char *t = json_object_to_json_string_ext(jso, JSON_C_TO_STRING_PLAIN |
								    JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = t ? printbuf_memappend(pb, t, (int)strlen(t)) : -1;
	json_object_set_serializer(jso, one_line, NULL, NULL);
	return rc < 0 ? -1 : 0;
}

/* The binding list with each rank's entry on one line (copies). */
static json_object *compact_binding(json_object *b)
{
	if (!json_object_is_type(b, json_type_array))
		return json_object_get(b);
	size_t n = json_object_array_length(b);
	json_object *out = json_object_new_array_ext((int)n);
	for (size_t i = 0; out && i < n; i++) {
		json_object *c = NULL;
		if (json_object_deep_copy(json_object_array_get_idx(b, i), &c, NULL) < 0 ||
		    json_object_array_add(out, c) < 0) {
			json_object_put(c);
			json_object_put(out);
			return NULL;
		}
		if (json_object_is_type(c, json_type_object))
			json_object_set_serializer(c, one_line, NULL, NULL);
	}
	return out;
}

/* Keys that stay with each node rather than in its description. */
static int per_node_key(const char *k)
{
	return strcmp(k, "hostname") == 0 || strcmp(k, "ranks") == 0;
}

/* Whether nodes is an array of objects (the only shape compacted). */
static int all_objects(json_object *nodes)
{
	size_t n = json_object_array_length(nodes);
	for (size_t i = 0; i < n; i++)
		if (!json_object_is_type(json_object_array_get_idx(nodes, i), json_type_object))
			return 0;
	return n > 0;
}

/* Split node into its description (new object, in d) and its own entry
 * (new object with "description": idx first, filled by the caller). */
static int split_node(json_object *node, json_object **d, json_object **own)
{
	*d = json_object_new_object();
	*own = json_object_new_object();
	if (!*d || !*own)
		return -1;
	json_object_object_foreach(node, k, v)
	{
		if (per_node_key(k)) {
			json_object_object_add(*d, k, NULL);
			json_object_object_add(*own, k, json_object_get(v));
		} else {
			json_object_object_add(*d, k, json_object_get(v));
		}
	}
	return 0;
}

/* The version-2 form of one fingerprint (new reference). */
json_object *trialv2_compact_fp(json_object *fp)
{
	json_object *nodes;
	if (!json_object_is_type(fp, json_type_object) ||
	    !json_object_object_get_ex(fp, "nodes", &nodes) ||
	    !json_object_is_type(nodes, json_type_array) || !all_objects(nodes) ||
	    json_object_object_get_ex(fp, "node_descriptions", NULL))
		return json_object_get(fp);
	json_object *index = json_object_new_object(); /* description text -> its index */
	json_object *descs = json_object_new_array(), *entries = json_object_new_array();
	json_object *out = json_object_new_object();
	if (!index || !descs || !entries || !out)
		goto oom;
	size_t n = json_object_array_length(nodes);
	for (size_t i = 0; i < n; i++) {
		json_object *d = NULL, *own = NULL, *ix;
		if (split_node(json_object_array_get_idx(nodes, i), &d, &own) < 0) {
			json_object_put(d);
			json_object_put(own);
			goto oom;
		}
		const char *txt = json_object_to_json_string_ext(
			d, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		int idx;
		if (txt && json_object_object_get_ex(index, txt, &ix)) {
			idx = json_object_get_int(ix);
			json_object_put(d);
		} else {
			idx = (int)json_object_array_length(descs);
			if (!txt ||
			    json_object_object_add(index, txt, json_object_new_int(idx)) < 0 ||
			    json_object_array_add(descs, d) < 0) {
				json_object_put(d);
				json_object_put(own);
				goto oom;
			}
		}
		json_object *e = json_object_new_object();
		if (!e) {
			json_object_put(own);
			goto oom;
		}
		json_object_set_serializer(e, one_line, NULL, NULL);
		json_object_object_add(e, "description", json_object_new_int(idx));
		json_object_object_foreach(own, k, v)
			json_object_object_add(e, k, json_object_get(v));
		json_object_put(own);
		json_object_array_add(entries, e);
	}
	json_object_object_foreach(fp, k, v)
	{
		if (strcmp(k, "nodes") == 0) {
			json_object_object_add(out, "node_descriptions", descs);
			json_object_object_add(out, "nodes", entries);
			descs = entries = NULL;
		} else if (strcmp(k, "binding") == 0) {
			json_object *b = compact_binding(v);
			if (!b)
				goto oom;
			json_object_object_add(out, k, b);
		} else {
			json_object_object_add(out, k, json_object_get(v));
		}
	}
	json_object_put(index);
	return out;
oom:
	json_object_put(index);
	json_object_put(descs);
	json_object_put(entries);
	json_object_put(out);
	return NULL;
}

/* One node of the version-1 form: its description with its own keys in place. */
static json_object *expand_node(json_object *d, json_object *own)
{
	json_object *n = json_object_new_object(), *v2;
	if (!n)
		return NULL;
	json_object_object_foreach(d, k, v)
	{
		if (json_object_object_get_ex(own, k, &v2))
			json_object_object_add(n, k, json_object_get(v2));
		else
			json_object_object_add(n, k, json_object_get(v));
	}
	json_object_object_foreach(own, k2, w)
	{
		if (strcmp(k2, "description") != 0 && !json_object_object_get_ex(d, k2, NULL))
			json_object_object_add(n, k2, json_object_get(w));
	}
	return n;
}

/* Check one node entry of a version-2 fingerprint; its description index. */
static int check_entry(json_object *e, size_t i, size_t nd, const char *ctx, st_err *err)
{
	json_object *ix;
	if (!json_object_is_type(e, json_type_object))
		return st_seterr(err, ST_EFORMAT, "%s: fingerprint.nodes[%zu] is not an object",
				 ctx, i);
	if (!json_object_object_get_ex(e, "description", &ix) ||
	    !json_object_is_type(ix, json_type_int) || json_object_get_int64(ix) < 0 ||
	    (uint64_t)json_object_get_int64(ix) >= nd)
		return st_seterr(
			err, ST_EFORMAT,
			"%s: fingerprint.nodes[%zu]: \"description\" must be an index into "
			"node_descriptions (0 to %zu)",
			ctx, i, nd ? nd - 1 : 0);
	return (int)json_object_get_int64(ix);
}

/* Check, and expand when out is not NULL, a version-2 fingerprint. */
int trialv2_expand_fp(json_object *fp, const char *ctx, json_object **out, st_err *err)
{
	json_object *descs, *nodes;
	if (!json_object_is_type(fp, json_type_object) ||
	    !json_object_object_get_ex(fp, "node_descriptions", &descs)) {
		if (out)
			*out = json_object_get(fp);
		return 0;
	}
	if (!json_object_is_type(descs, json_type_array))
		return st_seterr(err, ST_EFORMAT,
				 "%s: fingerprint.node_descriptions must be an array", ctx);
	size_t nd = json_object_array_length(descs);
	for (size_t i = 0; i < nd; i++)
		if (!json_object_is_type(json_object_array_get_idx(descs, i), json_type_object))
			return st_seterr(err, ST_EFORMAT,
					 "%s: fingerprint.node_descriptions[%zu] is not an object",
					 ctx, i);
	if (!json_object_object_get_ex(fp, "nodes", &nodes) ||
	    !json_object_is_type(nodes, json_type_array))
		return st_seterr(
			err, ST_EFORMAT,
			"%s: fingerprint.nodes must be an array (node_descriptions is there)", ctx);
	size_t n = json_object_array_length(nodes);
	for (size_t i = 0; i < n; i++) {
		int rc = check_entry(json_object_array_get_idx(nodes, i), i, nd, ctx, err);
		if (rc < 0)
			return rc;
	}
	if (!out)
		return 0;
	json_object *res = json_object_new_object(), *arr = json_object_new_array_ext((int)n);
	if (!res || !arr)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(nodes, i), *ix;
		json_object_object_get_ex(e, "description", &ix);
		json_object *node = expand_node(
			json_object_array_get_idx(descs, (size_t)json_object_get_int(ix)), e);
		if (!node || json_object_array_add(arr, node) < 0) {
			json_object_put(node);
			goto oom;
		}
	}
	json_object_object_foreach(fp, k, v)
	{
		if (strcmp(k, "node_descriptions") == 0)
			continue;
		if (strcmp(k, "nodes") == 0) {
			json_object_object_add(res, k, arr);
			arr = NULL;
		} else {
			json_object_object_add(res, k, json_object_get(v));
		}
	}
	*out = res;
	return 0;
oom:
	json_object_put(res);
	json_object_put(arr);
	return st_seterr(err, ST_ENOMEM, "%s: out of memory expanding the fingerprint", ctx);
}

/* Compact the fingerprint of a trial object in place. */
int trialv2_compact_trial(json_object *to, st_err *err)
{
	json_object *fp;
	if (!json_object_object_get_ex(to, "fingerprint", &fp))
		return 0;
	json_object *c = trialv2_compact_fp(fp);
	if (!c)
		return st_seterr(err, ST_ENOMEM, "out of memory compacting a fingerprint");
	/* Replacing the value keeps the key's place. */
	json_object_object_add(to, "fingerprint", c);
	return 0;
}

/* A trial as a version-2 file stores it. */
json_object *trialv2_trial_json(const trial *t, st_err *err)
{
	json_object *o = trial_to_json(t, err);
	if (o && trialv2_compact_trial(o, err) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* A new empty version-2 document. */
json_object *trialv2_new_doc(const char *label)
{
	json_object *doc = json_object_new_object();
	if (!doc)
		return NULL;
	json_object_object_add(doc, "format", json_object_new_string(TRIAL_FORMAT_NAME));
	json_object_object_add(doc, "version", json_object_new_int(TRIAL_FORMAT_VERSION));
	json_object_object_add(doc, "label", json_object_new_string(label));
	json_object_object_add(doc, "trials", json_object_new_array());
	return doc;
}
