/* SPDX-License-Identifier: BSD-3-Clause */
/* nodeset.c: reach every node of an experiment and collect its answer. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "experiment.h"
#include "nodeset.h"
#include "subproc.h"

enum reach_kind { R_LOCAL, R_SSH, R_SRUN, R_PDSH, R_TEMPLATE };

struct nodeset {
	char **names;
	size_t n;
	int local_only; /* no nodes named: this machine */
	enum reach_kind kind;
	char **words; /* the reach's words (program and options, or the template) */
	size_t nwords;
	char *tool;
	char label[256];
};

/* ---- encoding ---- */

/* Whether c passes unencoded. */
static int safe_char(unsigned char c)
{
	return isalnum(c) || (c && strchr("._:/+=,@-", c));
}

/* %-encode s. */
char *ns_encode(const char *s)
{
	char *o = malloc(strlen(s) * 3 + 1), *q = o;
	if (!o)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (safe_char(*p))
			*q++ = (char)*p;
		else
			q += sprintf(q, "%%%02X", *p);
	}
	*q = '\0';
	return o;
}

/* The value of a hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode a %-encoded string. */
char *ns_decode(const char *s)
{
	char *o = malloc(strlen(s) + 1), *q = o;
	if (!o)
		return NULL;
	for (const char *p = s; *p; p++) {
		if (*p != '%') {
			*q++ = *p;
			continue;
		}
		int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
		if (l < 0 || (h == 0 && l == 0)) {
			free(o);
			return NULL;
		}
		*q++ = (char)(h * 16 + l);
		p += 2;
	}
	*q = '\0';
	return o;
}

/* ---- node lists ---- */

/* Append a name to a growing list. 0 or -1. */
static int add_name(char ***names, size_t *n, const char *s, size_t len)
{
	if (*n >= NS_MAX_NODES)
		return -1;
	char **nn = realloc(*names, (*n + 1) * sizeof *nn);
	if (!nn)
		return -1;
	*names = nn;
	if (!(nn[*n] = strndup(s, len)))
		return -1;
	(*n)++;
	return 0;
}

/* Whether c may appear in a node name. */
static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Expand one item ("n[1-3]-x[01-02]"): prefix, first bracket, rest. */
static int expand_item(const char *item, size_t len, char ***names, size_t *n, char *why,
		       size_t whylen)
{
	const char *lb = memchr(item, '[', len);
	if (!lb) {
		for (size_t i = 0; i < len; i++)
			if (!name_char(item[i])) {
				snprintf(why, whylen, "'%.*s' is not a node name", (int)len, item);
				return -1;
			}
		if (add_name(names, n, item, len) < 0)
			goto toomany;
		return 0;
	}
	const char *rb = memchr(lb, ']', len - (size_t)(lb - item));
	if (!rb) {
		snprintf(why, whylen, "'%.*s': a '[' without its ']'", (int)len, item);
		return -1;
	}
	size_t plen = (size_t)(lb - item), rlen = len - (size_t)(rb + 1 - item);
	const char *p = lb + 1;
	while (p < rb) {
		const char *c = memchr(p, ',', (size_t)(rb - p));
		const char *e = c ? c : rb;
		char *dash, buf[32];
		if ((size_t)(e - p) == 0 || (size_t)(e - p) >= sizeof buf)
			goto badrange;
		memcpy(buf, p, (size_t)(e - p));
		buf[e - p] = '\0';
		unsigned long lo, hi;
		dash = strchr(buf, '-');
		int width = (int)(dash ? (size_t)(dash - buf) : strlen(buf));
		char *end;
		if (!isdigit((unsigned char)buf[0]))
			goto badrange;
		lo = strtoul(buf, &end, 10);
		hi = lo;
		if (dash) {
			if (end != dash || !isdigit((unsigned char)dash[1]))
				goto badrange;
			hi = strtoul(dash + 1, &end, 10);
		}
		if (*end || hi < lo || hi - lo >= NS_MAX_NODES)
			goto badrange;
		for (unsigned long v = lo; v <= hi; v++) {
			char one[512];
			int k = snprintf(one, sizeof one, "%.*s%0*lu%.*s", (int)plen, item,
					 buf[0] == '0' ? width : 1, v, (int)rlen, rb + 1);
			if (k < 0 || (size_t)k >= sizeof one) {
				snprintf(why, whylen, "'%.*s': a name too long", (int)len, item);
				return -1;
			}
			if (expand_item(one, (size_t)k, names, n, why, whylen) < 0)
				return -1;
		}
		p = c ? c + 1 : rb;
	}
	return 0;
badrange:
	snprintf(why, whylen, "'%.*s': expected ranges such as [1-4,7] or [01-16] in brackets",
		 (int)len, item);
	return -1;
toomany:
	snprintf(why, whylen, "more than %d nodes", NS_MAX_NODES);
	return -1;
}

/* Expand a node list. */
int ns_expand(const char *spec, char ***names_out, size_t *n_out, char *why, size_t whylen)
{
	char **names = NULL;
	size_t n = 0;
	const char *p = spec;
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *s = p;
		int depth = 0;
		while (*p && (depth > 0 || (*p != ',' && *p != ' ' && *p != '\t'))) {
			if (*p == '[')
				depth++;
			else if (*p == ']')
				depth--;
			p++;
		}
		if (expand_item(s, (size_t)(p - s), &names, &n, why, whylen) < 0) {
			ns_free_names(names, n);
			return -1;
		}
	}
	if (n == 0) {
		snprintf(why, whylen, "no node names");
		free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0) {
				snprintf(why, whylen, "node '%s' is named twice", names[i]);
				ns_free_names(names, n);
				return -1;
			}
	*names_out = names;
	*n_out = n;
	return 0;
}

/* Free names. */
void ns_free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- reach ---- */

/* Whether any word holds {node}. */
static int has_node_field(char *const *w)
{
	for (size_t i = 0; w[i]; i++)
		if (strstr(w[i], "{node}"))
			return 1;
	return 0;
}

/* Parse a reach into its kind and words. 0, or -1 with the reason. */
static int parse_reach(const char *reach, enum reach_kind *kind, char ***words, size_t *nwords,
		       char *why, size_t whylen)
{
	char w[512];
	if (exp_split_command(reach, words, nwords, w, sizeof w) < 0) {
		snprintf(why, whylen, "reach: %s", w);
		return -1;
	}
	const char *first = (*words)[0];
	if (has_node_field(*words))
		*kind = R_TEMPLATE;
	else if (strcmp(first, "ssh") == 0)
		*kind = R_SSH;
	else if (strcmp(first, "srun") == 0)
		*kind = R_SRUN;
	else if (strcmp(first, "pdsh") == 0)
		*kind = R_PDSH;
	else if (strcmp(first, "local") == 0 && *nwords == 1)
		*kind = R_LOCAL;
	else {
		snprintf(
			why, whylen,
			"reach '%s': expected local, ssh, srun or pdsh (with options), or a command template holding {node}",
			reach);
		exp_free_argv(*words);
		*words = NULL;
		return -1;
	}
	return 0;
}

/* Check a reach. */
int ns_reach_check(const char *reach, char *why, size_t whylen)
{
	enum reach_kind k;
	char **w;
	size_t n;
	if (parse_reach(reach, &k, &w, &n, why, whylen) < 0)
		return -1;
	exp_free_argv(w);
	return 0;
}

/* Release a nodeset. */
void ns_destroy(nodeset *ns)
{
	if (!ns)
		return;
	ns_free_names(ns->names, ns->n);
	exp_free_argv(ns->words);
	free(ns->tool);
	free(ns);
}

/* Create a nodeset. */
int ns_create(const char *nodes, const char *reach, const char *tool, nodeset **out, char *why,
	      size_t whylen)
{
	nodeset *ns = calloc(1, sizeof *ns);
	if (!ns || !(ns->tool = strdup(tool))) {
		free(ns);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (const char *p = tool; *p; p++)
		if (!safe_char((unsigned char)*p)) {
			snprintf(
				why, whylen,
				"the path of sriovstat '%s' has characters that would need quoting on the nodes: install it under a plainer path",
				tool);
			goto fail;
		}
	const char *list = nodes;
	if (!nodes) {
		ns->local_only = 1;
		char host[256] = "localhost";
		gethostname(host, sizeof host - 1);
		host[strcspn(host, ".")] = '\0';
		if (add_name(&ns->names, &ns->n, host, strlen(host)) < 0)
			goto oom;
	} else {
		if (strcmp(nodes, "slurm") == 0) {
			list = getenv("SLURM_JOB_NODELIST");
			if (!list || !*list) {
				snprintf(
					why, whylen,
					"nodes = slurm, but SLURM_JOB_NODELIST is not set: run the sweep inside an allocation (salloc, sbatch)");
				goto fail;
			}
		}
		char w[512];
		if (ns_expand(list, &ns->names, &ns->n, w, sizeof w) < 0) {
			snprintf(why, whylen, "nodes%s: %s",
				 list != nodes ? " (SLURM_JOB_NODELIST)" : "", w);
			goto fail;
		}
	}
	if (!reach)
		reach = !nodes ? "local" : strcmp(nodes, "slurm") == 0 ? "srun" : "ssh";
	if (parse_reach(reach, &ns->kind, &ns->words, &ns->nwords, why, whylen) < 0)
		goto fail;
	if (ns->kind == R_TEMPLATE)
		snprintf(ns->label, sizeof ns->label, "template '%s'", reach);
	else
		snprintf(ns->label, sizeof ns->label, "%s", ns->words[0]);
	*out = ns;
	return 0;
oom:
	snprintf(why, whylen, "out of memory");
fail:
	ns_destroy(ns);
	return -1;
}

/* A nodeset reached as ns is, holding other nodes. */
nodeset *ns_like(const nodeset *ns, char *const *names, size_t n)
{
	nodeset *o = calloc(1, sizeof *o);
	if (!o || n == 0)
		goto fail;
	*o = *ns;
	o->names = NULL;
	o->n = 0;
	o->words = NULL;
	o->tool = strdup(ns->tool);
	o->words = calloc(ns->nwords + 1, sizeof *o->words);
	if (!o->tool || !o->words)
		goto fail;
	for (size_t i = 0; i < ns->nwords; i++)
		if (!(o->words[i] = strdup(ns->words[i])))
			goto fail;
	for (size_t i = 0; i < n; i++)
		if (add_name(&o->names, &o->n, names[i], strlen(names[i])) < 0)
			goto fail;
	return o;
fail:
	ns_destroy(o);
	return NULL;
}

/* The number of nodes. */
size_t ns_count(const nodeset *ns)
{
	return ns->n;
}

/* Node i's name. */
const char *ns_node(const nodeset *ns, size_t i)
{
	return ns->names[i];
}

/* How nodes are reached. */
const char *ns_reach_name(const nodeset *ns)
{
	return ns->label;
}

/* ---- running ---- */

/* A growing argv. */
typedef struct words {
	char **w;
	size_t n, cap;
	int oom;
} words;

/* Append a word (a copy); the list stays NULL-terminated. */
static void push(words *a, const char *s)
{
	if (a->oom)
		return;
	if (a->n + 2 > a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 16;
		char **nw = realloc(a->w, nc * sizeof *nw);
		if (!nw) {
			a->oom = 1;
			return;
		}
		a->w = nw;
		a->cap = nc;
	}
	if (!(a->w[a->n] = strdup(s))) {
		a->oom = 1;
		return;
	}
	a->w[++a->n] = NULL;
}

/* Append a formatted word. */
static void pushf(words *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pushf(words *a, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		a->oom = 1;
		return;
	}
	push(a, s);
	free(s);
}

/* A word with every {node} replaced by node. */
static char *subst_node(const char *w, const char *node)
{
	size_t n = 0;
	for (const char *p = strstr(w, "{node}"); p; p = strstr(p + 6, "{node}"))
		n++;
	char *o = malloc(strlen(w) + n * strlen(node) + 1), *q = o;
	if (!o)
		return NULL;
	for (const char *p = w; *p;) {
		if (strncmp(p, "{node}", 6) == 0) {
			q = stpcpy(q, node);
			p += 6;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	return o;
}

/* The comma-separated list of the nodes. */
static char *node_list(const nodeset *ns)
{
	size_t len = 1;
	for (size_t i = 0; i < ns->n; i++)
		len += strlen(ns->names[i]) + 1;
	char *s = malloc(len), *q = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < ns->n; i++)
		q += sprintf(q, "%s%s", i ? "," : "", ns->names[i]);
	*q = '\0';
	return s;
}

/* The argv reaching node i (all nodes when i == (size_t)-1: srun, pdsh). */
static char **build_argv(const nodeset *ns, size_t i, const char *op, char *const *args,
			 size_t nargs)
{
	words a = {0};
	const char *node = i == (size_t)-1 ? NULL : ns->names[i];
	char *list = NULL;
	switch (ns->kind) {
	case R_LOCAL: break;
	case R_SSH:
		push(&a, ns->words[0]);
		push(&a, "-o");
		push(&a, "BatchMode=yes");
		for (size_t k = 1; k < ns->nwords; k++)
			push(&a, ns->words[k]);
		push(&a, node);
		push(&a, "--");
		break;
	case R_SRUN:
		list = node_list(ns);
		push(&a, ns->words[0]);
		for (size_t k = 1; k < ns->nwords; k++)
			push(&a, ns->words[k]);
		pushf(&a, "--nodes=%zu", ns->n);
		pushf(&a, "--ntasks=%zu", ns->n);
		push(&a, "--ntasks-per-node=1");
		pushf(&a, "--nodelist=%s", list ? list : "");
		push(&a, "--kill-on-bad-exit=0");
		break;
	case R_PDSH:
		list = node_list(ns);
		push(&a, ns->words[0]);
		for (size_t k = 1; k < ns->nwords; k++)
			push(&a, ns->words[k]);
		push(&a, "-w");
		push(&a, list ? list : "");
		break;
	case R_TEMPLATE:
		for (size_t k = 0; k < ns->nwords; k++) {
			char *w = subst_node(ns->words[k], node);
			if (!w)
				a.oom = 1;
			else
				push(&a, w);
			free(w);
		}
		break;
	}
	free(list);
	push(&a, ns->tool);
	push(&a, "node");
	if (node) {
		push(&a, "--node");
		push(&a, node);
	}
	push(&a, op);
	for (size_t k = 0; k < nargs; k++) {
		char *e = ns_encode(args[k]);
		if (!e)
			a.oom = 1;
		else
			push(&a, e);
		free(e);
	}
	if (a.oom) {
		exp_free_argv(a.w);
		return NULL;
	}
	return a.w;
}

/* The last non-empty line of s into buf. */
static void last_line(const char *s, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!s)
		return;
	const char *end = s + strlen(s);
	while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	const char *b = end;
	while (b > s && b[-1] != '\n')
		b--;
	snprintf(buf, len, "%.*s", (int)(end - b), b);
}

/* Why a process gave no answer. */
static char *no_answer(const nodeset *ns, const subproc *p)
{
	char tail[512], how[128];
	last_line(p->buf[1], tail, sizeof tail);
	if (p->timed_out)
		snprintf(how, sizeof how, "no answer within %d s", NS_TIMEOUT);
	else if (p->status >= 0 && WIFEXITED(p->status))
		snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(p->status));
	else if (p->status >= 0 && WIFSIGNALED(p->status))
		snprintf(how, sizeof how, "killed by signal %d", WTERMSIG(p->status));
	else
		snprintf(how, sizeof how, "lost track of it");
	char *s = NULL;
	if (asprintf(&s, "cannot be reached through %s (%s%s%s)", ns->label, how, *tail ? ": " : "",
		     tail) < 0)
		s = NULL;
	return s;
}

/* Find node's index by name, or -1. */
static long find_node(const nodeset *ns, const char *name, size_t len)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strlen(ns->names[i]) == len && strncmp(ns->names[i], name, len) == 0)
			return (long)i;
	return -1;
}

/* Take the answers in a process's output: for node only (node >= 0), or
 * for whichever node each line names (pdsh prefix, or the reply's node). */
static void take_answers(const nodeset *ns, const char *out, long node, ns_reply *r)
{
	if (!out)
		return;
	for (const char *line = out; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = strndup(line, len);
		line = nl ? nl + 1 : NULL;
		if (!l)
			continue;
		char *tag = strstr(l, NS_REPLY_TAG);
		json_object *j = tag ? json_tokener_parse(tag + strlen(NS_REPLY_TAG)) : NULL;
		json_object *v, *e, *nm;
		long who = node;
		if (j && who < 0) {
			if (ns->kind == R_PDSH) {
				const char *pfx = l;
				size_t pl = (size_t)(tag - l);
				while (pl > 0 && (pfx[pl - 1] == ' ' || pfx[pl - 1] == ':'))
					pl--;
				who = find_node(ns, pfx, pl);
			} else if (json_object_object_get_ex(j, "node", &nm)) {
				const char *s = json_object_get_string(nm);
				who = find_node(ns, s, strlen(s));
			}
		}
		if (j && who >= 0 && json_object_object_get_ex(j, "values", &v) &&
		    json_object_is_type(v, json_type_object) &&
		    json_object_object_get_ex(j, "errors", &e) &&
		    json_object_is_type(e, json_type_object) && !r[who].values) {
			r[who].values = json_object_get(v);
			r[who].errors = json_object_get(e);
		}
		json_object_put(j);
		free(l);
	}
}

/* Release replies. */
void ns_replies_clear(ns_reply *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].problem);
		json_object_put(r[i].values);
		json_object_put(r[i].errors);
		memset(&r[i], 0, sizeof r[i]);
	}
}

/* Run `sriovstat node OP ARGS` on every node. */
size_t ns_run(nodeset *ns, const char *op, char *const *args, size_t nargs, ns_reply *r)
{
	int one = ns->kind == R_SRUN || ns->kind == R_PDSH;
	size_t nproc = one ? 1 : ns->n, bad = 0;
	subproc *ps = calloc(nproc, sizeof *ps);
	memset(r, 0, ns->n * sizeof *r);
	for (size_t i = 0; ps && i < nproc; i++) {
		char **argv = build_argv(ns, one ? (size_t)-1 : i, op, args, nargs);
		if (!argv || subproc_start(&ps[i], argv) < 0) {
			ps[i].pid = 0;
			ps[i].fd[0] = ps[i].fd[1] = -1;
		}
		exp_free_argv(argv);
	}
	if (ps) {
		/* At most 32 at a time would be kinder to ssh; the poll set holds 64. */
		for (size_t i = 0; i < nproc; i += 32)
			subproc_collect(ps + i, nproc - i < 32 ? nproc - i : 32, NS_TIMEOUT);
		for (size_t i = 0; i < nproc; i++)
			take_answers(ns, ps[i].buf[0], one ? -1 : (long)i, r);
	}
	for (size_t i = 0; i < ns->n; i++) {
		if (!r[i].values) {
			const subproc *p = ps ? &ps[one ? 0 : i] : NULL;
			r[i].problem = p && p->pid > 0 ? no_answer(ns, p)
						       : strdup("cannot start a process");
			r[i].values = json_object_new_object();
			r[i].errors = json_object_new_object();
		}
		if (r[i].problem || json_object_object_length(r[i].errors) > 0)
			bad++;
	}
	for (size_t i = 0; ps && i < nproc; i++) {
		free(ps[i].buf[0]);
		free(ps[i].buf[1]);
	}
	free(ps);
	return bad;
}

/* The command line that does OP on node i. */
char *ns_command_line(const nodeset *ns, size_t i, const char *op, char *const *args, size_t nargs)
{
	int one = ns->kind == R_SRUN || ns->kind == R_PDSH;
	char **argv = build_argv(ns, i, op, args, nargs);
	if (!argv)
		return NULL;
	if (one) {
		/* One node only: srun -w NODE, pdsh -w NODE. */
		exp_free_argv(argv);
		nodeset one_ns = *ns;
		char *name = ns->names[i];
		one_ns.names = &name;
		one_ns.n = 1;
		argv = build_argv(&one_ns, (size_t)-1, op, args, nargs);
		if (!argv)
			return NULL;
	}
	char *s = exp_shell_line(argv);
	exp_free_argv(argv);
	return s;
}
