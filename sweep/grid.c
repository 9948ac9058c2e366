/* SPDX-License-Identifier: BSD-3-Clause */
/* grid.c: grids in experiment files. A [config] whose label is a template
 * ("label = vm-rx{rx-frames}-{mode}") may give lists of values
 * ("rx-frames = 1, 88") and variables of its own ("mode = poll, event");
 * it stands for the product of the lists, one configuration each, with
 * {NAME} replaced in every value of the section (doc/experiment.md). The
 * first list varies slowest. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp_raw.h"
#include "experiment.h"

/* An axis of a grid: an entry with its values. */
typedef struct axis {
	const entry *en;
	const char *name; /* the variable's or the key's name */
	char **items;
	size_t n;
} axis;

/* Whether a key may take a list of values. */
static int listable(const entry *en)
{
	switch (en->key->id) {
	case K_VAR:
	case K_INTERFACE:
	case K_RX_FRAMES:
	case K_RX_USECS:
	case K_ADAPTIVE_RX:
	case K_TX_FRAMES:
	case K_TX_USECS:
	case K_ADAPTIVE_TX: return 1;
	default: return 0;
	}
}

/* The name {NAME} refers to an entry by. */
static const char *entry_name(const entry *en)
{
	return en->key->id == K_VAR ? en->name : en->key->name;
}

/* Split "a, b, "c,d"" into trimmed items; 0, or -1 with a message. */
static int split_items(const entry *en, axis *a, const char *file, st_err *err)
{
	const char *p = en->value;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *b = p, *e;
		char *item;
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				return exp_line_err(err, ST_EVALUE, file, en->line,
						    "'%s': a \" quote is not closed",
						    entry_name(en));
			item = strndup(p + 1, (size_t)(q - p - 1));
			p = q + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p && *p != ',') {
				free(item);
				return exp_line_err(err, ST_EVALUE, file, en->line,
						    "'%s': expected ',' after a quoted value",
						    entry_name(en));
			}
		} else {
			p += strcspn(p, ",");
			e = p;
			while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e == b)
				return exp_line_err(err, ST_EVALUE, file, en->line,
						    "'%s': an empty value in the list",
						    entry_name(en));
			item = strndup(b, (size_t)(e - b));
		}
		char **ni = realloc(a->items, (a->n + 1) * sizeof *ni);
		if (!item || !ni) {
			free(item);
			if (ni)
				a->items = ni;
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", file);
		}
		a->items = ni;
		a->items[a->n++] = item;
		if (*p != ',')
			break;
		p++;
	}
	return 0;
}

/* The axis called name (length len), or NULL. */
static axis *find_axis(axis *ax, size_t nax, const char *name, size_t len)
{
	for (size_t i = 0; i < nax; i++)
		if (strlen(ax[i].name) == len && strncmp(ax[i].name, name, len) == 0)
			return &ax[i];
	return NULL;
}

/* Whether [p, p + len) looks like a template name. */
static int template_name(const char *p, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!(islower((unsigned char)p[i]) || isdigit((unsigned char)p[i]) || p[i] == '-' ||
		      p[i] == '_'))
			return 0;
	return 1;
}

/* s with each {NAME} of an axis replaced by its item pick[axis]; marks the
 * axes used. NULL when out of memory. */
static char *subst(const char *s, axis *ax, size_t nax, const size_t *pick, int *used)
{
	size_t cap = strlen(s) + 1, n = 0;
	char *o = malloc(cap);
	for (const char *p = s; o && *p;) {
		const char *q = *p == '{' ? strchr(p, '}') : NULL;
		axis *a = q ? find_axis(ax, nax, p + 1, (size_t)(q - p - 1)) : NULL;
		const char *add = a ? a->items[pick[a - ax]] : p;
		size_t alen = a ? strlen(add) : 1;
		if (a)
			used[a - ax] = 1;
		if (n + alen + 1 > cap) {
			cap = (n + alen + 1) * 2;
			char *no = realloc(o, cap);
			if (!no) {
				free(o);
				return NULL;
			}
			o = no;
		}
		memcpy(o + n, add, alen);
		n += alen;
		p = a ? q + 1 : p + 1;
	}
	if (o)
		o[n] = '\0';
	return o;
}

/* Check a grid's label template and its variables. */
static int check_grid(const section *s, const entry *label, axis *ax, size_t nax, const char *file,
		      st_err *err)
{
	/* Every {NAME} of the label names an axis. */
	for (const char *p = strchr(label->value, '{'); p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		if (!q || !template_name(p + 1, (size_t)(q - p - 1)))
			return exp_line_err(
				err, ST_EVALUE, file, label->line,
				"label template '%s': '{' must start a {NAME} of a list or variable",
				label->value);
		if (!find_axis(ax, nax, p + 1, (size_t)(q - p - 1)))
			return exp_line_err(
				err, ST_EVALUE, file, label->line,
				"label template '%s': {%.*s} is no list or variable of this [config]",
				label->value, (int)(q - p - 1), p + 1);
	}
	size_t zero[64] = {0};
	int used[64] = {0};
	for (size_t i = 0; i < s->n; i++) {
		char *x = subst(s->e[i].value, ax, nax, zero, used);
		if (!x)
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", file);
		free(x);
	}
	int in_label[64] = {0};
	free(subst(label->value, ax, nax, zero, in_label));
	for (size_t i = 0; i < nax; i++) {
		if (ax[i].en->key->id == K_VAR && !used[i])
			return exp_unknown_key(err, file, ax[i].en->line, ax[i].name);
		if (ax[i].n > 1 && !in_label[i])
			return exp_line_err(
				err, ST_EVALUE, file, label->line,
				"label template '%s' does not name {%s}: its %zu values would share labels",
				label->value, ax[i].name, ax[i].n);
	}
	return 0;
}

/* The sections of a grid, one per combination, into out[0..count). */
static int make_sections(const section *s, axis *ax, size_t nax, size_t count, section *out,
			 const char *file, st_err *err)
{
	size_t pick[64] = {0};
	int used[64];
	for (size_t c = 0; c < count; c++) {
		section *ns = &out[c];
		memset(ns, 0, sizeof *ns);
		ns->kind = s->kind;
		ns->line = s->line;
		ns->e = calloc(s->n ? s->n : 1, sizeof *ns->e);
		if (!ns->e)
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", file);
		for (size_t i = 0; i < s->n; i++) {
			const entry *en = &s->e[i];
			if (en->key->id == K_VAR)
				continue;
			axis *a = listable(en)
					  ? find_axis(ax, nax, en->key->name, strlen(en->key->name))
					  : NULL;
			entry *d = &ns->e[ns->n];
			d->key = en->key;
			d->line = en->line;
			d->value = a ? strdup(a->items[pick[a - ax]])
				     : subst(en->value, ax, nax, pick, used);
			if (!d->value)
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", file);
			ns->n++;
		}
		ns->cap = s->n ? s->n : 1;
		/* Next combination: the last axis varies fastest. */
		for (size_t k = nax; k-- > 0;) {
			if (++pick[k] < ax[k].n)
				break;
			pick[k] = 0;
		}
	}
	return 0;
}

/* Expand one [config] (index i) if it is a grid; *added more sections. */
static int expand_one(raw *r, size_t i, size_t *added, const char *file, st_err *err)
{
	section *s = &r->s[i];
	const entry *label = NULL;
	axis ax[64];
	size_t nax = 0;
	int rc = 0;
	*added = 0;
	for (size_t j = 0; j < s->n; j++)
		if (s->e[j].key->id == K_LABEL)
			label = &s->e[j];
	int grid = label && strchr(label->value, '{');
	for (size_t j = 0; j < s->n && rc == 0; j++) {
		const entry *en = &s->e[j];
		if (!listable(en) || (en->key->id != K_VAR && !grid && !strchr(en->value, ',')))
			continue;
		if (!grid && en->key->id == K_VAR)
			return exp_unknown_key(err, file, en->line, en->name);
		if (!grid)
			return exp_line_err(
				err, ST_EVALUE, file, en->line,
				"'%s' has a list of values: a list needs a label template naming it (label = NAME-{%s})",
				en->key->name, en->key->name);
		if (nax == 64)
			return exp_line_err(err, ST_EVALUE, file, en->line,
					    "more than 64 lists in one grid");
		memset(&ax[nax], 0, sizeof ax[nax]);
		ax[nax].en = en;
		ax[nax].name = entry_name(en);
		rc = split_items(en, &ax[nax], file, err);
		nax++;
	}
	size_t count = 1;
	for (size_t k = 0; rc == 0 && k < nax; k++) {
		count *= ax[k].n;
		if (count > EXP_MAX_CONFIGS)
			rc = exp_line_err(err, ST_EVALUE, file, s->line,
					  "this grid makes more than %d configurations",
					  EXP_MAX_CONFIGS);
	}
	if (rc == 0 && grid)
		rc = check_grid(s, label, ax, nax, file, err);
	section *out = NULL;
	if (rc == 0 && grid && r->n + count - 1 > EXP_MAX_CONFIGS + 1)
		rc = exp_line_err(err, ST_EVALUE, file, s->line, "more than %d configurations",
				  EXP_MAX_CONFIGS);
	if (rc == 0 && grid) {
		out = calloc(count, sizeof *out);
		section *nsec = out ? realloc(r->s, (r->n + count - 1) * sizeof *nsec) : NULL;
		if (!nsec)
			rc = st_seterr(err, ST_ENOMEM, "%s: out of memory", file);
		else
			r->s = nsec;
		s = &r->s[i];
		if (rc == 0)
			rc = make_sections(s, ax, nax, count, out, file, err);
		if (rc == 0) {
			exp_section_clear(s);
			memmove(&r->s[i + count], &r->s[i + 1], (r->n - i - 1) * sizeof *r->s);
			memcpy(&r->s[i], out, count * sizeof *out);
			r->n += count - 1;
			r->cap = r->n;
			*added = count - 1;
		} else if (out) {
			for (size_t c = 0; c < count; c++)
				exp_section_clear(&out[c]);
		}
	}
	free(out);
	for (size_t k = 0; k < nax; k++) {
		for (size_t m = 0; m < ax[k].n; m++)
			free(ax[k].items[m]);
		free(ax[k].items);
	}
	return rc;
}

/* Expand every grid of r. */
int exp_grid_expand(raw *r, const char *file, st_err *err)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->s[i].kind != SEC_CONFIG)
			continue;
		size_t added;
		int rc = expand_one(r, i, &added, file, err);
		if (rc < 0)
			return rc;
		i += added;
	}
	return 0;
}
