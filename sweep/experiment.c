/* SPDX-License-Identifier: BSD-3-Clause */
/* experiment.c: the experiment-file parser (commands: command.c; grids:
 * grid.c; the plan: plan.c). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exp_raw.h"
#include "experiment.h"
#include "nodeset.h"
#include "strparse.h"
#include "sysset.h"

/* ---- the raw file: sections of key = value entries (exp_raw.h) ---- */

/* The keys, where they may appear, and whether they may repeat. */
static const struct key keys[] = {
	{"label", K_LABEL, SEC_CONFIG, 0},
	{"command", K_COMMAND, SEC_SWEEP | SEC_CONFIG, 0},
	{"benchmark", K_BENCHMARK, SEC_SWEEP | SEC_CONFIG, 0},
	{"env", K_ENV, SEC_SWEEP | SEC_CONFIG, 1},
	{"unset", K_UNSET, SEC_SWEEP | SEC_CONFIG, 1},
	{"interface", K_INTERFACE, SEC_SWEEP | SEC_CONFIG, 0},
	{"rx-frames", K_RX_FRAMES, SEC_SWEEP | SEC_CONFIG, 0},
	{"rx-usecs", K_RX_USECS, SEC_SWEEP | SEC_CONFIG, 0},
	{"adaptive-rx", K_ADAPTIVE_RX, SEC_SWEEP | SEC_CONFIG, 0},
	{"tx-frames", K_TX_FRAMES, SEC_SWEEP | SEC_CONFIG, 0},
	{"tx-usecs", K_TX_USECS, SEC_SWEEP | SEC_CONFIG, 0},
	{"adaptive-tx", K_ADAPTIVE_TX, SEC_SWEEP | SEC_CONFIG, 0},
	{"trials", K_TRIALS, SEC_SWEEP, 0},
	{"seed", K_SEED, SEC_SWEEP, 0},
	{"nodes", K_NODES, SEC_SWEEP, 0},
	{"reach", K_REACH, SEC_SWEEP, 0},
	{"sysctl", K_SYSCTL, SEC_SWEEP | SEC_CONFIG, 1},
	{"setting", K_SETTING, SEC_SWEEP | SEC_CONFIG, 1},
};

/* A grid variable's key (entry.name holds its name). */
static const struct key var_key = {"(variable)", K_VAR, SEC_CONFIG, 0};

#define NKEYS (sizeof keys / sizeof keys[0])

/* The name of a section kind as written in the file. */
static const char *sec_name(int kind)
{
	return kind == SEC_SWEEP ? "[sweep]" : "[config]";
}

/* The key called name, or NULL. */
static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* Release one section's entries. */
void exp_section_clear(section *s)
{
	for (size_t j = 0; j < s->n; j++) {
		free(s->e[j].value);
		free(s->e[j].name);
	}
	free(s->e);
	s->e = NULL;
	s->n = s->cap = 0;
}

/* Release the raw sections. */
static void raw_free(raw *r)
{
	for (size_t i = 0; i < r->n; i++)
		exp_section_clear(&r->s[i]);
	free(r->s);
	r->s = NULL;
	r->n = r->cap = 0;
}

/* Grow an array of elem-sized items to hold one more; 0 or -1. */
static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, nc * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

/* An error at a line of the file. */
int exp_line_err(st_err *err, int code, const char *name, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		return st_seterr(err, code, "%s:%d: %s", name, line, msg);
	return st_seterr(err, code, "%s: %s", name, msg);
}

/* Strip blanks at both ends of [*b, *e). */
static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* The "unknown key" error. */
int exp_unknown_key(st_err *err, const char *file, int line, const char *kname)
{
	char alt[64];
	snprintf(alt, sizeof alt, "%s", kname);
	for (char *q = alt; *q; q++)
		*q = *q == '_' ? '-' : (char)tolower((unsigned char)*q);
	const struct key *k2 = find_key(alt);
	if (k2)
		return exp_line_err(err, ST_EFORMAT, file, line,
				    "unknown key '%s' (did you mean '%s'?)", kname, k2->name);
	return exp_line_err(
		err, ST_EFORMAT, file, line,
		"unknown key '%s' (keys: label, command, benchmark, env, unset, interface, rx-frames, rx-usecs, adaptive-rx, tx-frames, tx-usecs, adaptive-tx, sysctl, setting, trials, seed, nodes, reach; in a grid [config], names its templates use)",
		kname);
}

/* Whether a name may be a grid variable: lower-case letters, digits, '-', '_'. */
static int var_name_ok(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

/* A [section] header line (b..e, trimmed): a new section of r. */
static int section_header(const char *b, const char *e, const char *name, int line, raw *r,
			  int *sweep_line, st_err *err)
{
	if (e[-1] != ']')
		return exp_line_err(err, ST_EFORMAT, name, line,
				    "a section header must end with ']'");
	const char *nb = b + 1, *ne = e - 1;
	trim(&nb, &ne);
	int kind = 0;
	if ((size_t)(ne - nb) == 5 && memcmp(nb, "sweep", 5) == 0)
		kind = SEC_SWEEP;
	else if ((size_t)(ne - nb) == 6 && memcmp(nb, "config", 6) == 0)
		kind = SEC_CONFIG;
	else if ((size_t)(ne - nb) > 7 && memcmp(nb, "config", 6) == 0 &&
		 (nb[6] == ' ' || nb[6] == '\t'))
		return exp_line_err(
			err, ST_EFORMAT, name, line,
			"write the label as 'label = %.*s' inside a plain [config] section",
			(int)(ne - nb - 7), nb + 7);
	else
		return exp_line_err(err, ST_EFORMAT, name, line,
				    "unknown section [%.*s] (sections are [sweep] and [config])",
				    (int)(ne - nb), nb);
	if (kind == SEC_SWEEP) {
		if (*sweep_line)
			return exp_line_err(err, ST_EFORMAT, name, line,
					    "a second [sweep] section (the first is on line %d)",
					    *sweep_line);
		*sweep_line = line;
	}
	if (grow((void **)&r->s, &r->cap, r->n, sizeof *r->s) < 0)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	memset(&r->s[r->n], 0, sizeof r->s[r->n]);
	r->s[r->n].kind = kind;
	r->s[r->n].line = line;
	r->n++;
	return 0;
}

/* The key of a "key = value" line (kb..ke), checked against the section it
 * is in; the key's name goes to kname. */
static int entry_key(const char *kb, const char *ke, const char *name, int line, const raw *r,
		     char kname[64], const struct key **out, st_err *err)
{
	if (ke == kb)
		return exp_line_err(err, ST_EFORMAT, name, line, "a value without a key");
	if ((size_t)(ke - kb) >= 64)
		return exp_line_err(err, ST_EFORMAT, name, line, "unknown key '%.40s...'", kb);
	memcpy(kname, kb, (size_t)(ke - kb));
	kname[ke - kb] = '\0';
	const struct key *k = find_key(kname);
	/* In a [config], another name may be a grid variable; grid.c
	 * refuses it unless the section's templates use it. */
	if (!k && (r->n == 0 || r->s[r->n - 1].kind != SEC_CONFIG || !var_name_ok(kname)))
		return exp_unknown_key(err, name, line, kname);
	if (!k)
		k = &var_key;
	if (r->n == 0)
		return exp_line_err(err, ST_EFORMAT, name, line,
				    "'%s' before any section (start with [sweep] or [config])",
				    k->name);
	const section *s = &r->s[r->n - 1];
	if (!(k->where & s->kind))
		return exp_line_err(err, ST_EFORMAT, name, line, "'%s' does not belong in %s%s",
				    k->name, sec_name(s->kind),
				    k->id == K_LABEL ? " (labels name configurations)"
						     : " (it is a [sweep] setting)");
	if (!k->repeat)
		for (size_t j = 0; j < s->n; j++)
			if (s->e[j].key == k &&
			    (k->id != K_VAR || strcmp(s->e[j].name, kname) == 0))
				return exp_line_err(
					err, ST_EFORMAT, name, line,
					"'%s' given twice in this section (first on line %d)",
					kname, s->e[j].line);
	*out = k;
	return 0;
}

/* A "key = value" line (b..e, trimmed): an entry of the last section. */
static int entry_line(const char *b, const char *e, const char *name, int line, raw *r, st_err *err)
{
	const char *eq = memchr(b, '=', (size_t)(e - b));
	if (!eq)
		return exp_line_err(err, ST_EFORMAT, name, line,
				    "expected 'key = value', a [section] or a # comment");
	const char *kb = b, *ke = eq, *vb = eq + 1, *ve = e;
	trim(&kb, &ke);
	trim(&vb, &ve);
	char kname[64];
	const struct key *k = NULL;
	int rc = entry_key(kb, ke, name, line, r, kname, &k, err);
	if (rc < 0)
		return rc;
	section *s = &r->s[r->n - 1];
	if (vb == ve && k->id != K_ENV)
		return exp_line_err(err, ST_EVALUE, name, line, "'%s' has an empty value", k->name);
	if (grow((void **)&s->e, &s->cap, s->n, sizeof *s->e) < 0)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	entry *en = &s->e[s->n];
	en->key = k;
	en->line = line;
	en->name = k->id == K_VAR ? strdup(kname) : NULL;
	en->value = strndup(vb, (size_t)(ve - vb));
	if (!en->value || (k->id == K_VAR && !en->name))
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	s->n++;
	return 0;
}

/* Split text into sections of entries, checking the keys. */
static int read_raw(const char *text, size_t len, const char *name, raw *r, st_err *err)
{
	const char *p = text, *end = text + len;
	int line = 0, sweep_line = 0, rc;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		if (memchr(p, '\0', (size_t)(le - p)))
			return exp_line_err(err, ST_EFORMAT, name, line,
					    "a NUL byte: this is not a text file");
		const char *b = p, *e = le;
		p = nl ? nl + 1 : end;
		trim(&b, &e);
		if (b == e || *b == '#' || *b == ';')
			continue;
		if (*b == '[')
			rc = section_header(b, e, name, line, r, &sweep_line, err);
		else
			rc = entry_line(b, e, name, line, r, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- values ---- */

/* Parse on/off (also yes/no, true/false, 1/0). 0 or -1. */
static int parse_bool(const char *s, int *v)
{
	static const char *const on[] = {"on", "yes", "true", "1"};
	static const char *const off[] = {"off", "no", "false", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, on[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcasecmp(s, off[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

/* Whether s is a valid environment variable name. */
int exp_env_name_ok(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

/* Whether a label is acceptable. */
int exp_label_ok(const char *label)
{
	size_t n = strlen(label);
	if (n == 0 || n > EXP_LABEL_MAX || label[0] == '.' || label[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)label[i];
		if (!(isalnum(c) || c == '.' || c == '_' || c == '+' || c == '-'))
			return 0;
	}
	return strcmp(label, "sweep") != 0;
}

/* ---- building the experiment ---- */

/* Release one configuration's contents. */
static void config_clear(exp_config *c)
{
	free(c->label);
	exp_free_argv(c->argv);
	free(c->benchmark);
	for (size_t i = 0; i < c->nenv; i++) {
		free(c->env[i].name);
		free(c->env[i].value);
	}
	free(c->env);
	free(c->coal.ifname);
	exp_free_settings(c->settings, c->nsettings);
	memset(c, 0, sizeof *c);
}

/* Release an experiment. */
void exp_destroy(experiment *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nconfigs; i++)
		config_clear(&e->configs[i]);
	free(e->configs);
	free(e->name);
	free(e->nodes);
	free(e->reach);
	free(e);
}

/* Set (or replace) variable name in c's environment list; value NULL unsets. */
static int env_put(exp_config *c, const char *name, size_t nlen, const char *value)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strlen(c->env[i].name) == nlen && memcmp(c->env[i].name, name, nlen) == 0) {
			char *v = value ? strdup(value) : NULL;
			if (value && !v)
				return -1;
			free(c->env[i].value);
			c->env[i].value = v;
			return 0;
		}
	exp_env *ne = realloc(c->env, (c->nenv + 1) * sizeof *ne);
	if (!ne)
		return -1;
	c->env = ne;
	exp_env *v = &c->env[c->nenv];
	v->name = strndup(name, nlen);
	v->value = value ? strdup(value) : NULL;
	if (!v->name || (value && !v->value)) {
		free(v->name);
		free(v->value);
		return -1;
	}
	c->nenv++;
	return 0;
}

/* "label =": checked, it names files. */
static int apply_label(const entry *en, exp_config *c, const char *name, st_err *err)
{
	const char *v = en->value;
	if (strcmp(v, "sweep") == 0)
		return exp_line_err(
			err, ST_EVALUE, name, en->line,
			"label 'sweep' is reserved (OUT/sweep.json is the sweep's own record)");
	if (!exp_label_ok(v))
		return exp_line_err(
			err, ST_EVALUE, name, en->line,
			"label '%s' is not usable as a file name: use letters, digits, '.', '_', '+' and '-' (not first), at most %d characters",
			v, EXP_LABEL_MAX);
	free(c->label);
	if (!(c->label = strdup(v)))
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	c->label_line = en->line;
	return 0;
}

/* "command =": split into words; our benchmarks get --label and --json
 * from the sweep, not from the file. */
static int apply_command(const entry *en, exp_config *c, const char *name, st_err *err)
{
	char why[512], **argv;
	size_t argc;
	if (exp_split_command(en->value, &argv, &argc, why, sizeof why) < 0)
		return exp_line_err(err, ST_EVALUE, name, en->line, "command: %s", why);
	if (exp_command_kind(argv) == EXP_BENCHMARK)
		for (size_t k = 0; k < argc; k++)
			if (strcmp(argv[k], "--label") == 0 ||
			    strncmp(argv[k], "--label=", 8) == 0 ||
			    strcmp(argv[k], "--json") == 0 || strncmp(argv[k], "--json=", 7) == 0) {
				exp_line_err(
					err, ST_EVALUE, name, en->line,
					"command: leave out %.*s: the sweep passes --label and --json itself",
					(int)strcspn(argv[k], "="), argv[k]);
				exp_free_argv(argv);
				return ST_EVALUE;
			}
	exp_free_argv(c->argv);
	c->argv = argv;
	c->argc = argc;
	c->command_line = en->line;
	return 0;
}

/* The entry before entry i of s that sets or unsets the variable of the nl
 * bytes at v, or NULL. */
static const entry *env_seen(const section *s, size_t i, const char *v, size_t nl)
{
	for (size_t j = 0; j < i; j++) {
		const entry *o = &s->e[j];
		if ((o->key->id == K_ENV || o->key->id == K_UNSET) &&
		    strncmp(o->value, v, nl) == 0 && (o->value[nl] == '=' || o->value[nl] == '\0'))
			return o;
	}
	return NULL;
}

/* "env = NAME=VALUE" and "unset = NAME" (entry i of s). */
static int apply_env(const section *s, size_t i, exp_config *c, const char *name, st_err *err)
{
	const entry *en = &s->e[i], *o;
	const char *v = en->value;
	int unset = en->key->id == K_UNSET;
	const char *eq = unset ? v + strlen(v) : strchr(v, '=');
	if (unset && !exp_env_name_ok(v, strlen(v)))
		return exp_line_err(err, ST_EVALUE, name, en->line,
				    "unset: '%s' is not a variable name", v);
	if (!unset && (!eq || !exp_env_name_ok(v, (size_t)(eq - v))))
		return exp_line_err(
			err, ST_EVALUE, name, en->line,
			"env: expected NAME=VALUE with NAME of letters, digits and '_', got '%s'",
			v);
	size_t nl = (size_t)(eq - v);
	if ((o = env_seen(s, i, v, nl)))
		return exp_line_err(err, ST_EVALUE, name, en->line,
				    "variable %.*s is set twice in this section (also on line %d)",
				    (int)nl, v, o->line);
	if (env_put(c, v, nl, unset ? NULL : eq + 1) < 0)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	return 0;
}

/* "interface =" and the coalescing fields. */
static int apply_coal(const entry *en, exp_config *c, const char *name, st_err *err)
{
	const char *v = en->value;
	uint64_t u;
	int b;
	switch (en->key->id) {
	case K_INTERFACE:
		if (strlen(v) >= 16 || strchr(v, '/') || strchr(v, ' ') || strchr(v, '\t'))
			return exp_line_err(
				err, ST_EVALUE, name, en->line,
				"interface '%s' is not a network interface name (at most 15 characters, no '/' or blanks)",
				v);
		free(c->coal.ifname);
		if (!(c->coal.ifname = strdup(v)))
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
		return 0;
	case K_ADAPTIVE_RX:
	case K_ADAPTIVE_TX:
		if (parse_bool(v, &b) < 0)
			return exp_line_err(err, ST_EVALUE, name, en->line,
					    "%s: '%s' is not on or off", en->key->name, v);
		*(en->key->id == K_ADAPTIVE_RX ? &c->coal.adaptive_rx : &c->coal.adaptive_tx) = b;
		return 0;
	default: break;
	}
	if (st_parse_u64(v, 0, UINT32_MAX, NULL, &u, NULL) < 0)
		return exp_line_err(err, ST_EVALUE, name, en->line,
				    "%s: '%s' is not a whole number from 0 to %u", en->key->name, v,
				    UINT32_MAX);
	if (en->key->id == K_RX_FRAMES)
		c->coal.rx_frames = (int64_t)u;
	else if (en->key->id == K_RX_USECS)
		c->coal.rx_usecs = (int64_t)u;
	else if (en->key->id == K_TX_FRAMES)
		c->coal.tx_frames = (int64_t)u;
	else
		c->coal.tx_usecs = (int64_t)u;
	return 0;
}

/* "benchmark =": the name of an application's trials. */
static int apply_benchmark(const entry *en, exp_config *c, const char *name, st_err *err)
{
	const char *v = en->value;
	if (strchr(v, '/') || strchr(v, ' '))
		return exp_line_err(err, ST_EVALUE, name, en->line,
				    "benchmark '%s': a name, without '/' or blanks", v);
	free(c->benchmark);
	if (!(c->benchmark = strdup(v)))
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	return 0;
}

/* Apply the entries of one section to c (the [sweep] one first, then the
 * configuration's own). Checks each value. */
static int apply_section(const section *s, exp_config *c, const char *name, st_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		const entry *en = &s->e[i];
		int rc = 0;
		switch (en->key->id) {
		case K_LABEL: rc = apply_label(en, c, name, err); break;
		case K_COMMAND: rc = apply_command(en, c, name, err); break;
		case K_BENCHMARK: rc = apply_benchmark(en, c, name, err); break;
		case K_ENV:
		case K_UNSET: rc = apply_env(s, i, c, name, err); break;
		case K_INTERFACE:
		case K_RX_FRAMES:
		case K_RX_USECS:
		case K_TX_FRAMES:
		case K_TX_USECS:
		case K_ADAPTIVE_RX:
		case K_ADAPTIVE_TX: rc = apply_coal(en, c, name, err); break;
		case K_SYSCTL:
		case K_SETTING: rc = exp_setting_entry(c, en, name, err); break;
		default: break; /* [sweep]-only keys are handled by the caller */
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Whether a configuration changes any coalescing field. */
int exp_coal_changes(const exp_coal *c)
{
	return c->rx_frames >= 0 || c->rx_usecs >= 0 || c->tx_frames >= 0 || c->tx_usecs >= 0 ||
	       c->adaptive_rx >= 0 || c->adaptive_tx >= 0;
}

/* The [sweep]-only settings. */
static int sweep_settings(const section *s, experiment *e, st_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		const entry *en = &s->e[i];
		uint64_t u;
		if (en->key->id == K_TRIALS) {
			if (st_parse_u64(en->value, 1, EXP_MAX_TRIALS, NULL, &u, NULL) < 0)
				return exp_line_err(
					err, ST_EVALUE, e->name, en->line,
					"trials: '%s' is not a whole number from 1 to %d",
					en->value, EXP_MAX_TRIALS);
			e->trials = (unsigned)u;
		} else if (en->key->id == K_SEED) {
			if (st_parse_u64(en->value, 0, EXP_MAX_SEED, NULL, &u, NULL) < 0)
				return exp_line_err(
					err, ST_EVALUE, e->name, en->line,
					"seed: '%s' is not a whole number from 0 to %" PRIu64,
					en->value, (uint64_t)EXP_MAX_SEED);
			e->seed = u;
			e->seed_set = 1;
		} else if (en->key->id == K_NODES || en->key->id == K_REACH) {
			char why[512], **names;
			size_t n;
			if (en->key->id == K_NODES && strcmp(en->value, "slurm") != 0) {
				if (ns_expand(en->value, &names, &n, why, sizeof why) < 0)
					return exp_line_err(err, ST_EVALUE, e->name, en->line,
							    "nodes: %s", why);
				ns_free_names(names, n);
			}
			if (en->key->id == K_REACH &&
			    ns_reach_check(en->value, why, sizeof why) < 0)
				return exp_line_err(err, ST_EVALUE, e->name, en->line, "%s", why);
			char **dst = en->key->id == K_NODES ? &e->nodes : &e->reach;
			if (!(*dst = strdup(en->value)))
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", e->name);
			if (en->key->id == K_NODES)
				e->nodes_line = en->line;
		}
	}
	return 0;
}

/* Build the experiment from its sections. */
static int build(const raw *r, experiment *e, st_err *err)
{
	const section *sweep = NULL;
	size_t nconf = 0;
	int rc;
	for (size_t i = 0; i < r->n; i++) {
		if (r->s[i].kind == SEC_SWEEP)
			sweep = &r->s[i];
		else
			nconf++;
	}
	if (nconf == 0)
		return exp_line_err(
			err, ST_EFORMAT, e->name, 0,
			"no [config] section: an experiment needs at least one configuration");
	if (nconf > EXP_MAX_CONFIGS)
		return exp_line_err(err, ST_EVALUE, e->name, 0, "%zu configurations (at most %d)",
				    nconf, EXP_MAX_CONFIGS);
	if (sweep && (rc = sweep_settings(sweep, e, err)) < 0)
		return rc;
	for (size_t i = 0; sweep && i < sweep->n; i++)
		if (sweep->e[i].key->id == K_REACH && !e->nodes)
			return exp_line_err(
				err, ST_EFORMAT, e->name, sweep->e[i].line,
				"'reach' without 'nodes': name the nodes to reach (nodes = n1,n2, or nodes = slurm)");
	e->configs = calloc(nconf, sizeof *e->configs);
	if (!e->configs)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", e->name);
	for (size_t i = 0; i < r->n; i++) {
		const section *s = &r->s[i];
		if (s->kind != SEC_CONFIG)
			continue;
		exp_config *c = &e->configs[e->nconfigs++];
		c->line = s->line;
		c->coal.rx_frames = c->coal.rx_usecs = c->coal.tx_frames = c->coal.tx_usecs = -1;
		c->coal.adaptive_rx = c->coal.adaptive_tx = -1;
		if (sweep && (rc = apply_section(sweep, c, e->name, err)) < 0)
			return rc;
		if ((rc = apply_section(s, c, e->name, err)) < 0)
			return rc;
		if (!c->label)
			return exp_line_err(err, ST_EFORMAT, e->name, s->line,
					    "this [config] has no label (add 'label = NAME')");
		for (size_t j = 0; j + 1 < e->nconfigs; j++)
			if (strcmp(e->configs[j].label, c->label) == 0)
				return exp_line_err(err, ST_EFORMAT, e->name, c->label_line,
						    "label '%s' is used twice (also on line %d)",
						    c->label, e->configs[j].label_line);
		if (!c->argv)
			return exp_line_err(
				err, ST_EFORMAT, e->name, s->line,
				"configuration '%s' has no command (set 'command =' in [sweep] or here)",
				c->label);
		if (exp_coal_changes(&c->coal) && !c->coal.ifname)
			return exp_line_err(
				err, ST_EFORMAT, e->name, s->line,
				"configuration '%s' sets interrupt coalescing but names no interface (add 'interface = NAME')",
				c->label);
	}
	return 0;
}

/* Parse an experiment from text. */
int exp_parse(const char *text, size_t len, const char *name, experiment **out, st_err *err)
{
	raw r = {0};
	experiment *e = calloc(1, sizeof *e);
	if (!e || !(e->name = strdup(name))) {
		free(e);
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	}
	int rc = read_raw(text, len, name, &r, err);
	if (rc == 0)
		rc = exp_grid_expand(&r, name, err);
	if (rc == 0)
		rc = build(&r, e, err);
	raw_free(&r);
	if (rc < 0) {
		exp_destroy(e);
		return rc;
	}
	*out = e;
	return 0;
}

/* Read and parse an experiment file. */
int exp_read(const char *path, experiment **out, st_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return st_seterr(err, ST_EIO, "%s: cannot open: %s", path, strerror(errno));
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 > cap) {
			size_t nc = cap ? cap * 2 : 8192;
			if (nc > ((size_t)64 << 20)) {
				free(buf);
				fclose(f);
				return st_seterr(err, ST_EFORMAT,
						 "%s: larger than 64 MiB: not an experiment file",
						 path);
			}
			char *nb = realloc(buf, nc);
			if (!nb) {
				free(buf);
				fclose(f);
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
			}
			buf = nb;
			cap = nc;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		return st_seterr(err, ST_EIO, "%s: cannot read: %s", path, strerror(e));
	}
	fclose(f);
	int rc = exp_parse(buf ? buf : "", len, path, out, err);
	free(buf);
	return rc;
}
