/* SPDX-License-Identifier: BSD-3-Clause */
/* sweepnodes.c: node settings of a sweep, on every node of the experiment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nodeset.h"
#include "sweepnodes.h"
#include "swmsg.h"

struct swn {
	nodeset *ns;
	size_t nc;
	exp_setting **set; /* per configuration */
	size_t *nset;
	char *keys;            /* every setting's name, blank-separated */
	json_object *now;      /* {NODE: {SETTING: value}} read by swn_check */
	json_object *problems; /* {NODE: cause} found by swn_check */
};

/* Release. */
void swn_destroy(swn *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nc; i++)
		exp_free_settings(w->set[i], w->nset[i]);
	free(w->set);
	free(w->nset);
	free(w->keys);
	json_object_put(w->now);
	json_object_put(w->problems);
	ns_destroy(w->ns);
	free(w);
}

/* Add name to the blank-separated list *keys unless it is there. */
static int add_key(char **keys, const char *name)
{
	size_t kl = *keys ? strlen(*keys) : 0, nl = strlen(name);
	for (const char *p = *keys; p && *p;) {
		size_t l = strcspn(p, " ");
		if (l == nl && strncmp(p, name, nl) == 0)
			return 0;
		p += l + (p[l] == ' ');
	}
	char *n = realloc(*keys, kl + nl + 2);
	if (!n)
		return -1;
	if (kl)
		n[kl++] = ' ';
	memcpy(n + kl, name, nl + 1);
	*keys = n;
	return 0;
}

/* The node settings of an experiment. */
int swn_create(const experiment *e, const char *tool, swn **out, st_err *err)
{
	*out = NULL;
	int any = e->nodes != NULL;
	for (size_t i = 0; i < e->nconfigs; i++)
		any |= e->configs[i].nsettings > 0;
	if (!any)
		return 0;
	swn *w = calloc(1, sizeof *w);
	if (!w)
		goto oom;
	w->nc = e->nconfigs;
	w->set = calloc(w->nc, sizeof *w->set);
	w->nset = calloc(w->nc, sizeof *w->nset);
	w->now = json_object_new_object();
	w->problems = json_object_new_object();
	if (!w->set || !w->nset)
		goto oom;
	for (size_t i = 0; i < w->nc; i++) {
		long n = exp_node_settings(&e->configs[i], 1, &w->set[i]);
		if (n < 0)
			goto oom;
		w->nset[i] = (size_t)n;
		for (size_t k = 0; k < w->nset[i]; k++)
			if (add_key(&w->keys, w->set[i][k].key) < 0)
				goto oom;
	}
	char why[1024];
	if (ns_create(e->nodes, e->reach, tool, &w->ns, why, sizeof why) < 0) {
		swn_destroy(w);
		return st_seterr(err, ST_EFORMAT, "%s:%d: %s", e->name, e->nodes_line, why);
	}
	*out = w;
	return 0;
oom:
	swn_destroy(w);
	return st_seterr(err, ST_ENOMEM, "out of memory");
}

/* The names of every setting. */
const char *swn_keys(const swn *w)
{
	return w->keys ? w->keys : "";
}

/* The first error of a reply as "SETTING: message" (or the problem). */
static void reply_cause(const ns_reply *r, char *buf, size_t len)
{
	if (r->problem) {
		snprintf(buf, len, "%s", r->problem);
		return;
	}
	buf[0] = '\0';
	json_object_object_foreach(r->errors, k, v)
	{
		const char *m = json_object_get_string(v);
		/* Messages of sysset name their setting already. */
		if (strncmp(m, k, strlen(k)) == 0)
			snprintf(buf, len, "%s", m);
		else
			snprintf(buf, len, "%s: %s", k, m);
		break;
	}
}

/* Set per-node values {NODE: {SETTING: value}} on those nodes, grouping
 * nodes with the same values into one run. *readback gets {NODE: values}
 * and failed {NODE: cause}; returns how many nodes failed. */
static size_t set_values(swn *w, json_object *per_node, json_object *readback, json_object *failed)
{
	size_t nn = (size_t)json_object_object_length(per_node), bad = 0;
	char **names = calloc(nn + 1, sizeof *names);
	const char **text = calloc(nn + 1, sizeof *text);
	json_object **vals = calloc(nn + 1, sizeof *vals);
	unsigned char *done = calloc(nn + 1, 1);
	size_t n = 0;
	if (!names || !text || !vals || !done)
		goto out;
	json_object_object_foreach(per_node, node, v)
	{
		names[n] = node;
		vals[n] = v;
		text[n++] = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	}
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		char **group = calloc(n, sizeof *group), **args = NULL;
		size_t ng = 0, na = 0;
		for (size_t j = i; group && j < n; j++)
			if (!done[j] && strcmp(text[j], text[i]) == 0) {
				group[ng++] = names[j];
				done[j] = 1;
			}
		size_t nk = (size_t)json_object_object_length(vals[i]);
		args = calloc(nk + 1, sizeof *args);
		json_object_object_foreach(vals[i], k, kv)
		{
			if (args &&
			    asprintf(&args[na], "%s=%s", k, json_object_get_string(kv)) >= 0)
				na++;
		}
		nodeset *sub = group && args && na == nk ? ns_like(w->ns, group, ng) : NULL;
		ns_reply *r = sub ? calloc(ng, sizeof *r) : NULL;
		if (r) {
			ns_run(sub, "set", args, na, r);
			for (size_t g = 0; g < ng; g++) {
				char cause[1024];
				json_object_object_add(readback, group[g],
						       json_object_get(r[g].values));
				if (r[g].problem || json_object_object_length(r[g].errors) > 0) {
					reply_cause(&r[g], cause, sizeof cause);
					json_object_object_add(failed, group[g],
							       json_object_new_string(cause));
					bad++;
				}
			}
			ns_replies_clear(r, ng);
		} else {
			for (size_t g = 0; group && g < ng; g++)
				json_object_object_add(failed, group[g],
						       json_object_new_string("out of memory"));
			bad += ng;
		}
		free(r);
		ns_destroy(sub);
		for (size_t a = 0; a < na; a++)
			free(args[a]);
		free(args);
		free(group);
	}
out:
	free(names);
	free(text);
	free(vals);
	free(done);
	return bad;
}

/* Read and check every setting on every node. */
size_t swn_check(swn *w, int write_test, int quiet)
{
	size_t n = ns_count(w->ns), bad = 0;
	char **args = calloc(1, sizeof *args);
	size_t na = 0;
	for (const char *p = w->keys; args && p && *p;) {
		size_t l = strcspn(p, " ");
		char **nargs = realloc(args, (na + 2) * sizeof *args);
		if (!nargs)
			break;
		args = nargs;
		args[na++] = strndup(p, l);
		p += l + (p[l] == ' ');
	}
	ns_reply *r = calloc(n, sizeof *r);
	json_object_put(w->problems);
	w->problems = json_object_new_object();
	if (!r || !args) {
		sw_error("out of memory");
		free(r);
		free(args);
		return n;
	}
	if (na > 0)
		ns_run(w->ns, write_test ? "get" : "probe", args, na, r);
	for (size_t i = 0; i < n && na > 0; i++) {
		char cause[1024];
		json_object_object_add(w->now, ns_node(w->ns, i), json_object_get(r[i].values));
		if (r[i].problem || json_object_object_length(r[i].errors) > 0) {
			reply_cause(&r[i], cause, sizeof cause);
			json_object_object_add(w->problems, ns_node(w->ns, i),
					       json_object_new_string(cause));
		}
	}
	ns_replies_clear(r, n);
	free(r);
	for (size_t a = 0; a < na; a++)
		free(args[a]);
	free(args);
	/* Changeable: write back what each node has (nothing changes). */
	if (write_test && na > 0 && json_object_object_length(w->problems) == 0) {
		json_object *rb = json_object_new_object();
		set_values(w, w->now, rb, w->problems);
		json_object_put(rb);
	}
	json_object_object_foreach(w->problems, node, cause)
	{
		bad++;
		if (!quiet)
			sw_error("sweep: node %s: %s", node, json_object_get_string(cause));
	}
	return bad;
}

/* --dry-run: the nodes. */
void swn_print_nodes(const swn *w)
{
	size_t n = ns_count(w->ns);
	printf("nodes:      %zu (", n);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", ns_node(w->ns, i));
	printf("), reached through %s\n", ns_reach_name(w->ns));
	json_object_object_foreach(w->problems, node, cause)
		printf("  node %s: %s\n", node, json_object_get_string(cause));
}

/* --dry-run: a configuration's settings on each node. */
void swn_print_config(const swn *w, size_t ci)
{
	if (w->nset[ci] == 0)
		return;
	for (size_t i = 0; i < ns_count(w->ns); i++) {
		const char *node = ns_node(w->ns, i);
		json_object *vals = NULL, *v;
		json_object_object_get_ex(w->now, node, &vals);
		printf("    node %s:", node);
		for (size_t k = 0; k < w->nset[ci]; k++) {
			const exp_setting *s = &w->set[ci][k];
			const char *now = vals && json_object_object_get_ex(vals, s->key, &v)
						  ? json_object_get_string(v)
						  : "?";
			printf(" %s %s -> %s%s", s->key, now, s->value,
			       k + 1 < w->nset[ci] ? "," : "");
		}
		printf("\n");
	}
}

/* A configuration's settings as JSON. */
json_object *swn_wanted_json(const swn *w, size_t ci)
{
	json_object *o = json_object_new_object();
	for (size_t k = 0; k < w->nset[ci]; k++)
		json_object_object_add(o, w->set[ci][k].key,
				       json_object_new_string(w->set[ci][k].value));
	return o;
}

/* {NODE: {SETTING: original}} of configuration ci's settings. */
static json_object *originals(const swn *w, size_t ci)
{
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < ns_count(w->ns); i++) {
		const char *node = ns_node(w->ns, i);
		json_object *vals = NULL, *v, *mine = json_object_new_object();
		json_object_object_get_ex(w->now, node, &vals);
		for (size_t k = 0; k < w->nset[ci]; k++)
			if (vals && json_object_object_get_ex(vals, w->set[ci][k].key, &v))
				json_object_object_add(mine, w->set[ci][k].key, json_object_get(v));
		json_object_object_add(o, node, mine);
	}
	return o;
}

/* The command that sets values on node (for a person). */
static char *restore_line(const swn *w, const char *node, json_object *vals)
{
	char *name = (char *)node;
	nodeset *one = ns_like(w->ns, &name, 1);
	size_t nk = (size_t)json_object_object_length(vals), na = 0;
	char **args = calloc(nk + 1, sizeof *args);
	json_object_object_foreach(vals, k, v)
	{
		if (args && asprintf(&args[na], "%s=%s", k, json_object_get_string(v)) >= 0)
			na++;
	}
	char *line = one && args ? ns_command_line(one, 0, "set", args, na) : NULL;
	for (size_t i = 0; i < na; i++)
		free(args[i]);
	free(args);
	ns_destroy(one);
	return line;
}

/* What to put back for configuration ci. */
json_object *swn_pending(const swn *w, size_t ci)
{
	json_object *p = json_object_new_object(), *cmds = json_object_new_object();
	json_object *orig = originals(w, ci);
	json_object_object_foreach(orig, node, vals)
	{
		char *line = restore_line(w, node, vals);
		json_object_object_add(cmds, node, line ? json_object_new_string(line) : NULL);
		free(line);
	}
	json_object_object_add(p, "nodes", orig);
	json_object_object_add(p, "restore_commands", cmds);
	return p;
}

/* Apply configuration ci on every node. */
int swn_apply(swn *w, size_t ci, json_object **applied, char *why, size_t whylen)
{
	*applied = NULL;
	if (w->nset[ci] == 0)
		return 0;
	json_object *want = json_object_new_object();
	for (size_t i = 0; i < ns_count(w->ns); i++)
		json_object_object_add(want, ns_node(w->ns, i), swn_wanted_json(w, ci));
	json_object *rb = json_object_new_object(), *failed = json_object_new_object();
	size_t bad = set_values(w, want, rb, failed);
	json_object_put(want);
	if (bad) {
		size_t n = 0;
		why[0] = '\0';
		json_object_object_foreach(failed, node, cause)
		{
			if (n < whylen)
				n += (size_t)snprintf(why + n, whylen - n, "%snode %s: %s",
						      n ? "; " : "", node,
						      json_object_get_string(cause));
		}
		json_object_put(failed);
		json_object_put(rb);
		return -1;
	}
	json_object_put(failed);
	*applied = rb;
	return 0;
}

/* Put values back; loud about the nodes where it fails. */
static int put_back(swn *w, json_object *per_node)
{
	json_object *rb = json_object_new_object(), *failed = json_object_new_object();
	size_t bad = set_values(w, per_node, rb, failed);
	json_object_object_foreach(failed, node, cause)
	{
		json_object *vals = NULL;
		json_object_object_get_ex(per_node, node, &vals);
		char *line = vals ? restore_line(w, node, vals) : NULL;
		const char *prog = sw_progname();
		sw_raw("\n%s: error: ****************************************************************\n"
		       "%s: error: COULD NOT RESTORE the settings of node %s: %s\n"
		       "%s: error: restore them by hand:\n"
		       "%s: error:     %s\n"
		       "%s: error: ****************************************************************\n",
		       prog, prog, node, json_object_get_string(cause), prog, prog,
		       line ? line : "?", prog);
		free(line);
	}
	json_object_put(rb);
	json_object_put(failed);
	return bad ? -1 : 0;
}

/* Put configuration ci's settings back on every node. */
int swn_restore(swn *w, size_t ci)
{
	if (w->nset[ci] == 0)
		return 0;
	json_object *orig = originals(w, ci);
	int rc = put_back(w, orig);
	json_object_put(orig);
	return rc;
}

/* Put back what a killed sweep left changed. */
int swn_restore_pending(swn *w, json_object *pending)
{
	json_object *nodes;
	if (!json_object_object_get_ex(pending, "nodes", &nodes) ||
	    !json_object_is_type(nodes, json_type_object)) {
		sw_error("sweep: a pending restore of node settings without its \"nodes\"");
		return -1;
	}
	json_object_object_foreach(nodes, node, vals)
	{
		(void)node;
		if (!json_object_is_type(vals, json_type_object)) {
			sw_error("sweep: a pending restore of node settings with a bad entry");
			return -1;
		}
	}
	return put_back(w, nodes);
}
