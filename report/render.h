/* SPDX-License-Identifier: BSD-3-Clause */
/* render.h: the table model of sriovstat's reports and its output formats.
 *
 * A command fills a report_table (a title, columns, rows of typed cells and
 * notes) and renders it as aligned text, CSV, Markdown or LaTeX. Cells keep
 * their numeric value, so each format decides how to print it: CSV prints
 * the shortest decimal that reads back to the same double, the others round
 * for a reader ("< 0.001" for tiny p-values, as the papers print them).
 * JSON is not a table: commands build it with json-c and print it with
 * report_json_print; report_json_number gives numbers the same shortest form. */
#ifndef SRIOVSTAT_RENDER_H
#define SRIOVSTAT_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

typedef enum report_format {
	REPORT_TEXT,
	REPORT_CSV,
	REPORT_MARKDOWN,
	REPORT_LATEX,
	REPORT_JSON,
} report_format;

/* The format named s ("text", "csv", "markdown", "latex", "json"); -1 if none. */
int report_format_parse(const char *s);

/* How a cell is printed. */
typedef enum report_cell_kind {
	REPORT_CELL_EMPTY,  /* no value: "-" (text, markdown, latex), "" (csv) */
	REPORT_CELL_TEXT,   /* a string, escaped for the format */
	REPORT_CELL_INT,    /* an integer */
	REPORT_CELL_NUM,    /* a number with a fixed number of decimals */
	REPORT_CELL_SIGNED, /* the same with an explicit sign (+1.5, -0.3) */
	REPORT_CELL_PVALUE, /* a p-value: "< 0.001" below 0.001, else 4 significant digits */
} report_cell_kind;

/* Column flags. */
enum {
	REPORT_COL_LEFT = 1,     /* left-aligned (text columns); default right */
	REPORT_COL_CSV_ONLY = 2, /* only in CSV (keys such as benchmark, op) */
	REPORT_COL_NO_CSV = 4,   /* never in CSV (layout helpers) */
	REPORT_COL_KEEP = 8,     /* shown whatever --columns selects (what names a line) */
};

typedef struct report_table report_table;

/* A new empty table with ncols columns; title may be NULL. NULL when out of memory.
 * With ncols 0, columns are appended with report_table_add_column. */
report_table *report_table_create(const char *title, size_t ncols);

/* Release a table. */
void report_table_destroy(report_table *t);

/* Name column col (header text; the CSV header when csv_name is NULL) and set its flags. */
void report_table_column(report_table *t, size_t col, const char *name, const char *csv_name,
			 unsigned flags);

/* Append a column named as report_table_column does, before the first row;
 * returns its index, or (size_t)-1 when out of memory or rows exist. */
size_t report_table_add_column(report_table *t, const char *name, const char *csv_name,
			       unsigned flags);

/* Append an empty row; returns its index, or (size_t)-1 when out of memory.
 * The cells of the newest row can then be filled left to right by the
 * report_cell_* calls, which need no column numbers. */
size_t report_table_add_row(report_table *t);

/* Number of rows. */
size_t report_table_rows(const report_table *t);

/* Set a cell to text (copied). */
void report_table_text(report_table *t, size_t row, size_t col, const char *s);

/* Set a cell to an integer. */
void report_table_int(report_table *t, size_t row, size_t col, long long v);

/* Set a cell to a number printed with decimals digits (CSV: shortest exact). */
void report_table_num(report_table *t, size_t row, size_t col, double v, int decimals);

/* Set a cell to a signed number (a difference in percent, ...). */
void report_table_signed(report_table *t, size_t row, size_t col, double v, int decimals);

/* Set a cell to a p-value. */
void report_table_pvalue(report_table *t, size_t row, size_t col, double p);

/* Fill the next cell of the newest row, left to right (past the last column:
 * ignored). A number that is not finite (NAN for "none") or a NULL string
 * leaves the cell empty, as report_cell_skip does. */
void report_cell_text(report_table *t, const char *s);
void report_cell_int(report_table *t, long long v);
void report_cell_num(report_table *t, double v, int decimals);
void report_cell_signed(report_table *t, double v, int decimals);
void report_cell_pvalue(report_table *t, double p);
void report_cell_skip(report_table *t);

/* Fill the rest of the newest row with empty text (no "-" placeholder). */
void report_cell_blank_rest(report_table *t);

/* Add a line printed below the table (text, markdown; a comment in LaTeX;
 * not in CSV: commands send what matters there to stderr). Returns 0 or -1. */
int report_table_note(report_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --columns (render_cols.c): which columns every table of the output shows,
 * named by their CSV header keys, in the order given; one selection for the
 * whole process, as one command prints one output. A CSV column is shown
 * when its key is listed. A display column (text, Markdown, LaTeX) is shown
 * when one of its keys is (report_table_column_keys; by default its CSV
 * key), or always with REPORT_COL_KEEP; in the order of the first of its
 * keys listed, KEEP columns first; columns of a block (a pair of
 * configurations, report_table_column_block) stay together, blocks in their
 * order after the columns of no block. A name no column of the table knows
 * (nor report_table_know) is a usage error, printed by the first table
 * rendered, and nothing more is printed. */

/* Set the selection from a comma-separated list ("size,p,effect"): 0, or -1
 * with the reason in msg (an empty name, a name twice). */
int report_columns_set(const char *list, char *msg, size_t len);

/* Whether a selection is set. */
int report_columns_given(void);

/* Whether a table refused the selection (its message printed): the command
 * exits with status 2 (report_finish). */
int report_columns_failed(void);

/* The CSV keys display column col shows (its header "effect [CI]" shows
 * effect, effect_low and effect_high): the column is shown when --columns
 * lists any. 0, or -1 when out of memory. */
int report_table_column_keys(report_table *t, size_t col, const char *const *keys, size_t n);

/* Put column col in block (1, 2, ...: one per pair of a wide table). */
void report_table_column_block(report_table *t, size_t col, unsigned block);

/* A name --columns may give for t without t having that column (a CSV key
 * with no display column). 0, or -1 when out of memory. */
int report_table_know(report_table *t, const char *name);

/* Every CSV key of from (the CSV table of the same data) as a name t knows. */
int report_table_know_all(report_table *t, const report_table *from);

/* --columns does not apply to t (a table beside the results: settings). */
void report_table_fixed(report_table *t);

/* Show row in bold in the text format on a colour terminal (report_color). */
void report_table_emphasize(report_table *t, size_t row);

/* Whether output to f may be coloured: f is a terminal, NO_COLOR is unset or
 * empty (no-color.org) and TERM is not "dumb". Text tables then print their
 * header and emphasized rows in bold, messages their "error"/"warning". */
int report_color(FILE *f);

/* Write t to out in fmt (not REPORT_JSON), its columns as --columns selects.
 * Returns 0, -1 when out failed, or -2 when the selection names a column t
 * does not know (the error printed; nothing written). */
int report_table_render(const report_table *t, report_format fmt, FILE *out);

/* The shortest decimal text of v that reads back as v ("nan"/"inf" never
 * occur in reports: callers check). buf holds at least 32 bytes. */
const char *report_shortest(double v, char *buf, size_t len);

/* p as text with one precision for every p (tables, not CSV): three
 * decimals, or "< 0.001". */
const char *report_p_text(double p, report_format fmt, char *buf, size_t len);

/* A JSON number for v printed in its shortest exact form; JSON null when v
 * is not finite. New reference. */
json_object *report_json_number(double v);

/* Pretty-print a JSON document followed by a newline. Returns 0 or -1. */
int report_json_print(json_object *doc, FILE *out);

#endif
