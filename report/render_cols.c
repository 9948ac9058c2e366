/* SPDX-License-Identifier: BSD-3-Clause */
/* render_cols.c: --columns, the columns every table of an output shows
 * (render.h says how a column is chosen and ordered). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"
#include "report.h"

/* The selection: names in the order given; failed once a table refused it. */
static char **sel;
static size_t nsel;
static int sel_failed;

/* Parse "a,b,c" into the selection. */
int report_columns_set(const char *list, char *msg, size_t len)
{
	for (size_t i = 0; i < nsel; i++)
		free(sel[i]);
	free(sel);
	sel = NULL;
	nsel = 0;
	for (const char *p = list;;) {
		size_t w = strcspn(p, ",");
		if (w == 0) {
			snprintf(msg, len, "--columns: an empty column name in \"%s\"", list);
			return -1;
		}
		for (size_t i = 0; i < nsel; i++)
			if (strlen(sel[i]) == w && strncmp(sel[i], p, w) == 0) {
				snprintf(msg, len, "--columns: \"%s\" is listed twice", sel[i]);
				return -1;
			}
		char **g = realloc(sel, (nsel + 1) * sizeof *g);
		if (!g || !(g[nsel] = strndup(p, w))) {
			sel = g ? g : sel;
			snprintf(msg, len, "out of memory");
			return -1;
		}
		sel = g;
		nsel++;
		if (p[w] == '\0')
			return 0;
		p += w + 1;
	}
}

int report_columns_given(void)
{
	return nsel > 0;
}

int report_columns_failed(void)
{
	return sel_failed;
}

/* Copy n strings; NULL when out of memory. */
static char **dup_all(const char *const *s, size_t n)
{
	char **d = calloc(n ? n : 1, sizeof *d);
	for (size_t i = 0; d && i < n; i++)
		if (!(d[i] = strdup(s[i]))) {
			while (i--)
				free(d[i]);
			free(d);
			return NULL;
		}
	return d;
}

void report_column_keys_free(column *c)
{
	for (size_t i = 0; i < c->nkeys; i++)
		free(c->keys[i]);
	free(c->keys);
	c->keys = NULL;
	c->nkeys = 0;
}

int report_table_column_keys(report_table *t, size_t col, const char *const *keys, size_t n)
{
	if (col >= t->ncols)
		return -1;
	char **d = dup_all(keys, n);
	if (!d)
		return -1;
	report_column_keys_free(&t->cols[col]);
	t->cols[col].keys = d;
	t->cols[col].nkeys = n;
	return 0;
}

void report_table_column_block(report_table *t, size_t col, unsigned block)
{
	if (col < t->ncols)
		t->cols[col].block = block;
}

int report_table_know(report_table *t, const char *name)
{
	char **g = realloc(t->known, (t->nknown + 1) * sizeof *g);
	if (!g)
		return -1;
	t->known = g;
	if (!(g[t->nknown] = strdup(name)))
		return -1;
	t->nknown++;
	return 0;
}

int report_table_know_all(report_table *t, const report_table *from)
{
	for (size_t j = 0; j < from->ncols; j++)
		if (from->cols[j].csv_name && report_table_know(t, from->cols[j].csv_name) < 0)
			return -1;
	return 0;
}

void report_table_fixed(report_table *t)
{
	t->fixed = 1;
}

/* The names column c answers to: its keys, or its CSV key (none when KEEP). */
static size_t col_names(const column *c, const char *const **names, const char **one)
{
	if (c->flags & REPORT_COL_KEEP)
		return 0;
	if (c->nkeys) {
		*names = (const char *const *)c->keys;
		return c->nkeys;
	}
	*one = c->csv_name ? c->csv_name : "";
	*names = one;
	return 1;
}

/* Whether t knows name. */
static int knows(const report_table *t, const char *name)
{
	for (size_t j = 0; j < t->ncols; j++) {
		const char *const *nm = NULL, *one = NULL;
		for (size_t k = col_names(&t->cols[j], &nm, &one); k-- > 0;)
			if (strcmp(nm[k], name) == 0)
				return 1;
	}
	for (size_t k = 0; k < t->nknown; k++)
		if (strcmp(t->known[k], name) == 0)
			return 1;
	return 0;
}

/* Append name to the list in buf (", " between), once. */
static void list_add(char *buf, size_t len, const char *name)
{
	size_t used = strlen(buf), w = strlen(name);
	for (const char *p = buf; (p = strstr(p, name)) != NULL; p += w)
		if ((p == buf || p[-1] == ' ') && (p[w] == ',' || p[w] == '\0'))
			return;
	if (used + w + 3 < len)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

/* The error naming an unknown column and every name t knows. */
static void unknown_column(const report_table *t, const char *name)
{
	char list[3000] = "";
	for (size_t j = 0; j < t->ncols; j++) {
		const char *const *nm = NULL, *one = NULL;
		size_t n = col_names(&t->cols[j], &nm, &one);
		for (size_t k = 0; k < n; k++)
			list_add(list, sizeof list, nm[k]);
	}
	for (size_t k = 0; k < t->nknown; k++)
		list_add(list, sizeof list, t->known[k]);
	report_error("--columns: unknown column \"%s\" (known: %s)", name, list);
}

/* Whether column c appears in fmt at all. */
static int col_shown(const column *c, report_format fmt)
{
	if (fmt == REPORT_CSV)
		return !(c->flags & REPORT_COL_NO_CSV);
	return !(c->flags & REPORT_COL_CSV_ONLY);
}

/* Where column c goes in fmt under the selection: the index in the
 * selection of its first name listed, -1 for KEEP columns, -2 when hidden. */
static long col_rank(const column *c, report_format fmt)
{
	const char *const *nm = NULL, *one = NULL;
	size_t n;
	if (fmt == REPORT_CSV) {
		one = c->csv_name ? c->csv_name : "";
		nm = &one;
		n = 1;
	} else {
		if (c->flags & REPORT_COL_KEEP)
			return -1;
		n = col_names(c, &nm, &one);
	}
	for (size_t s = 0; s < nsel; s++)
		for (size_t k = 0; k < n; k++)
			if (strcmp(sel[s], nm[k]) == 0)
				return (long)s;
	return -2;
}

int report_columns_view(const report_table *t, report_format fmt, size_t *idx, size_t *n)
{
	*n = 0;
	if (sel_failed)
		return -1;
	if (nsel == 0 || t->fixed) {
		for (size_t j = 0; j < t->ncols; j++)
			if (col_shown(&t->cols[j], fmt))
				idx[(*n)++] = j;
		return 0;
	}
	for (size_t s = 0; s < nsel; s++)
		if (!knows(t, sel[s])) {
			unknown_column(t, sel[s]);
			sel_failed = 1;
			return -1;
		}
	/* Columns of no block, then each block, each ordered by rank (at most
	 * ncols columns: an insertion sort is plenty). */
	long *rank = calloc(t->ncols ? t->ncols : 1, sizeof *rank);
	if (!rank)
		return -1;
	for (size_t j = 0; j < t->ncols; j++) {
		const column *c = &t->cols[j];
		long r = col_shown(c, fmt) ? col_rank(c, fmt) : -2;
		if (r == -2)
			continue;
		size_t k = *n;
		while (k > 0) {
			const column *p = &t->cols[idx[k - 1]];
			if (p->block < c->block || (p->block == c->block && rank[k - 1] <= r))
				break;
			idx[k] = idx[k - 1];
			rank[k] = rank[k - 1];
			k--;
		}
		idx[k] = j;
		rank[k] = r;
		(*n)++;
	}
	free(rank);
	/* The KEEP columns tell a table's lines apart (compare's A and B); when
	 * the selection leaves lines out, what stays needs them no more. */
	int hidden = 0;
	for (size_t i = 0; i < t->nrows && !hidden; i++)
		hidden = report_columns_row_hidden(t, idx, *n, i);
	if (hidden) {
		size_t m = 0;
		for (size_t k = 0; k < *n; k++)
			if (!(t->cols[idx[k]].flags & REPORT_COL_KEEP))
				idx[m++] = idx[k];
		*n = m;
	}
	if (*n == 0) {
		static const char *const fmts[] = {"text", "CSV", "Markdown", "LaTeX", "JSON"};
		report_error("--columns: none of the columns listed is shown in %s", fmts[fmt]);
		sel_failed = 1;
		return -1;
	}
	return 0;
}

int report_columns_row_hidden(const report_table *t, const size_t *idx, size_t n, size_t row)
{
	if (nsel == 0 || t->fixed || row >= t->nrows)
		return 0;
	int any = 0;
	for (size_t k = 0; k < n; k++) {
		const column *c = &t->cols[idx[k]];
		const cell *x = &t->cells[row * t->ncols + idx[k]];
		if (c->flags & REPORT_COL_KEEP)
			continue;
		if (x->kind != REPORT_CELL_TEXT || x->text[0])
			return 0;
		any = 1;
	}
	return any;
}
