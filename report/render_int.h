/* SPDX-License-Identifier: BSD-3-Clause */
/* render_int.h: the table model's insides, shared by render.c (building and
 * printing tables) and render_cols.c (the --columns selection). Not for
 * commands: they use render.h. */
#ifndef SRIOVSTAT_RENDER_INT_H
#define SRIOVSTAT_RENDER_INT_H

#include <stddef.h>

#include "render.h"

typedef struct cell {
	report_cell_kind kind;
	int decimals;
	long long i;
	double v;
	char *text;
} cell;

typedef struct column {
	char *name;
	char *csv_name;
	unsigned flags;
	char **keys; /* the CSV keys a display column shows (NULL: its csv_name) */
	size_t nkeys;
	unsigned block; /* 0, or the repeated block (a pair) the column belongs to */
} column;

struct report_table {
	char *title;
	size_t ncols;
	column *cols;
	size_t nrows, cap;
	size_t next;         /* the next cell of the newest row that report_cell_* fills */
	cell *cells;         /* nrows * ncols */
	unsigned char *emph; /* cap: row emphasized */
	size_t nnotes;
	char **notes;
	int fixed;    /* --columns does not apply (report_table_fixed) */
	char **known; /* more column names --columns accepts (report_table_know) */
	size_t nknown;
};

/* The columns of t to print in fmt, in order: their indices into idx (room
 * for t->ncols), their count into *n. Applies the --columns selection
 * (render_cols.c): 0, or -1 when it names a column t does not know (the
 * error is printed, once) or an earlier table's selection failed. */
int report_columns_view(const report_table *t, report_format fmt, size_t *idx, size_t *n);

/* Whether row is left out under the selection: one applies to t and every
 * shown column of the view (idx, n) but the KEEP ones holds blank text
 * (report_cell_blank_rest: compare's B line when no per-side column is
 * listed). */
int report_columns_row_hidden(const report_table *t, const size_t *idx, size_t n, size_t row);

/* Release a column's keys (render_cols.c). */
void report_column_keys_free(column *c);

#endif
