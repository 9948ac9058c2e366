/* SPDX-License-Identifier: BSD-3-Clause */
/* render.c: the table model and its text, CSV, Markdown and LaTeX forms. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "render_int.h"

/* The format named s, or -1. */
int report_format_parse(const char *s)
{
	static const char *const names[] = {"text", "csv", "markdown", "latex", "json"};
	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* A new empty table. */
report_table *report_table_create(const char *title, size_t ncols)
{
	report_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->ncols = ncols;
	t->cols = calloc(ncols ? ncols : 1, sizeof *t->cols);
	t->title = title ? strdup(title) : NULL;
	if (!t->cols || (title && !t->title)) {
		report_table_destroy(t);
		return NULL;
	}
	return t;
}

/* Release a table and everything it holds. */
void report_table_destroy(report_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	for (size_t i = 0; t->cols && i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].csv_name);
		report_column_keys_free(&t->cols[i]);
	}
	for (size_t i = 0; i < t->nknown; i++)
		free(t->known[i]);
	free(t->known);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->emph);
	free(t->cells);
	free(t->cols);
	free(t->title);
	free(t);
}

/* Name a column. */
void report_table_column(report_table *t, size_t col, const char *name, const char *csv_name,
			 unsigned flags)
{
	if (col >= t->ncols)
		return;
	free(t->cols[col].name);
	free(t->cols[col].csv_name);
	t->cols[col].name = strdup(name);
	t->cols[col].csv_name = strdup(csv_name ? csv_name : name);
	t->cols[col].flags = flags;
}

/* Append a column (only while the table has no rows). */
size_t report_table_add_column(report_table *t, const char *name, const char *csv_name,
			       unsigned flags)
{
	if (t->nrows > 0 || t->cap > 0)
		return (size_t)-1;
	column *g = realloc(t->cols, (t->ncols + 1) * sizeof *g);
	if (!g)
		return (size_t)-1;
	t->cols = g;
	memset(&t->cols[t->ncols], 0, sizeof *t->cols);
	report_table_column(t, t->ncols++, name, csv_name, flags);
	return t->ncols - 1;
}

/* Append an empty row. */
size_t report_table_add_row(report_table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		cell *g = realloc(t->cells, cap * t->ncols * sizeof *g);
		if (!g)
			return (size_t)-1;
		t->cells = g;
		unsigned char *e = realloc(t->emph, cap);
		if (!e)
			return (size_t)-1;
		t->emph = e;
		t->cap = cap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof *t->cells);
	t->emph[t->nrows] = 0;
	t->next = 0;
	return t->nrows++;
}

/* Mark a row for bold text on a colour terminal. */
void report_table_emphasize(report_table *t, size_t row)
{
	if (row < t->nrows)
		t->emph[row] = 1;
}

/* Colour only on a terminal, never with NO_COLOR, never on TERM=dumb. */
int report_color(FILE *f)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	if ((no && *no) || (term && strcmp(term, "dumb") == 0))
		return 0;
	int fd = fileno(f);
	return fd >= 0 && isatty(fd);
}

/* Number of rows. */
size_t report_table_rows(const report_table *t)
{
	return t->nrows;
}

/* The cell at row, col after clearing it; NULL when out of range. */
static cell *cell_at(report_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	cell *c = &t->cells[row * t->ncols + col];
	free(c->text);
	memset(c, 0, sizeof *c);
	return c;
}

/* Set a text cell. */
void report_table_text(report_table *t, size_t row, size_t col, const char *s)
{
	cell *c = cell_at(t, row, col);
	if (!c || !s)
		return;
	c->text = strdup(s);
	c->kind = c->text ? REPORT_CELL_TEXT : REPORT_CELL_EMPTY;
}

/* Set an integer cell. */
void report_table_int(report_table *t, size_t row, size_t col, long long v)
{
	cell *c = cell_at(t, row, col);
	if (!c)
		return;
	c->kind = REPORT_CELL_INT;
	c->i = v;
}

/* Set a number cell (a non-finite value leaves it empty). */
static void set_num(report_table *t, size_t row, size_t col, double v, int decimals,
		    report_cell_kind kind)
{
	cell *c = cell_at(t, row, col);
	if (!c || !isfinite(v))
		return;
	c->kind = kind;
	c->v = v;
	c->decimals = decimals;
}

/* Set a number cell. */
void report_table_num(report_table *t, size_t row, size_t col, double v, int decimals)
{
	set_num(t, row, col, v, decimals, REPORT_CELL_NUM);
}

/* Set a signed number cell. */
void report_table_signed(report_table *t, size_t row, size_t col, double v, int decimals)
{
	set_num(t, row, col, v, decimals, REPORT_CELL_SIGNED);
}

/* Set a p-value cell. */
void report_table_pvalue(report_table *t, size_t row, size_t col, double p)
{
	set_num(t, row, col, p, 0, REPORT_CELL_PVALUE);
}

/* The newest row and its next column, advancing; 0 when there is no row. */
static int next_cell(report_table *t, size_t *row, size_t *col)
{
	if (t->nrows == 0)
		return 0;
	*row = t->nrows - 1;
	*col = t->next++;
	return 1;
}

/* Fill the next cell with text. */
void report_cell_text(report_table *t, const char *s)
{
	size_t row, col;
	if (next_cell(t, &row, &col))
		report_table_text(t, row, col, s);
}

/* Fill the next cell with an integer. */
void report_cell_int(report_table *t, long long v)
{
	size_t row, col;
	if (next_cell(t, &row, &col))
		report_table_int(t, row, col, v);
}

/* Fill the next cell with a number. */
void report_cell_num(report_table *t, double v, int decimals)
{
	size_t row, col;
	if (next_cell(t, &row, &col))
		report_table_num(t, row, col, v, decimals);
}

/* Fill the next cell with a signed number. */
void report_cell_signed(report_table *t, double v, int decimals)
{
	size_t row, col;
	if (next_cell(t, &row, &col))
		report_table_signed(t, row, col, v, decimals);
}

/* Fill the next cell with a p-value. */
void report_cell_pvalue(report_table *t, double p)
{
	size_t row, col;
	if (next_cell(t, &row, &col))
		report_table_pvalue(t, row, col, p);
}

/* Leave the next cell empty. */
void report_cell_skip(report_table *t)
{
	size_t row, col;
	next_cell(t, &row, &col);
}

/* Empty text in every cell left of the newest row. */
void report_cell_blank_rest(report_table *t)
{
	while (t->nrows > 0 && t->next < t->ncols)
		report_cell_text(t, "");
}

/* Add a note below the table. */
int report_table_note(report_table *t, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char **g = realloc(t->notes, (t->nnotes + 1) * sizeof *g);
	if (!g) {
		free(s);
		return -1;
	}
	t->notes = g;
	t->notes[t->nnotes++] = s;
	return 0;
}

/* Shortest "%.*g" text of v that strtod reads back exactly. */
const char *report_shortest(double v, char *buf, size_t len)
{
	if (v == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	int prec = 1;
	for (; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* Plain decimals rather than "2e+01" for ordinary magnitudes. */
	if (strchr(buf, 'e') && fabs(v) >= 1e-4 && fabs(v) < 1e15) {
		int decimals = prec - 1 - (int)floor(log10(fabs(v)));
		snprintf(buf, len, "%.*f", decimals > 0 ? decimals : 0, v);
	}
	return buf;
}

/* A JSON number printed in its shortest exact form. */
json_object *report_json_number(double v)
{
	char buf[40];
	if (!isfinite(v))
		return NULL; /* json-c: a NULL value serializes as null */
	return json_object_new_double_s(v, report_shortest(v, buf, sizeof buf));
}

/* Pretty-print doc. */
int report_json_print(json_object *doc, FILE *out)
{
	const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								    JSON_C_TO_STRING_SPACED |
								    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s)
		return -1;
	fputs(s, out);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

/* The plain text of a cell in fmt (before escaping), in buf. */
static const char *cell_string(const cell *c, report_format fmt, char *buf, size_t len)
{
	switch (c->kind) {
	case REPORT_CELL_EMPTY: return fmt == REPORT_CSV ? "" : "-";
	case REPORT_CELL_TEXT: return c->text;
	case REPORT_CELL_INT: snprintf(buf, len, "%lld", c->i); return buf;
	case REPORT_CELL_NUM:
	case REPORT_CELL_SIGNED:
		if (fmt == REPORT_CSV)
			return report_shortest(c->v, buf, len);
		snprintf(buf, len, c->kind == REPORT_CELL_SIGNED ? "%+.*f" : "%.*f", c->decimals,
			 c->v);
		/* No "-0.000": a value that rounds to zero prints unsigned zero. */
		if (strspn(buf + (buf[0] == '-' || buf[0] == '+'), "0.") ==
		    strlen(buf + (buf[0] == '-' || buf[0] == '+')))
			snprintf(buf, len, "%.*f", c->decimals, 0.0);
		return buf;
	case REPORT_CELL_PVALUE:
		if (fmt == REPORT_CSV)
			return report_shortest(c->v, buf, len);
		return report_p_text(c->v, fmt, buf, len);
	}
	return "";
}

/* p as text with a consistent precision: three decimals, or "< 0.001". */
const char *report_p_text(double p, report_format fmt, char *buf, size_t len)
{
	if (p < 0.001)
		snprintf(buf, len, "%s", fmt == REPORT_LATEX ? "$<$ 0.001" : "< 0.001");
	else
		snprintf(buf, len, "%.3f", p);
	return buf;
}

/* Escape s for fmt into out (at most len bytes, NUL-terminated). Numbers and
 * the fixed strings above never need it; titles, labels and notes may. */
static void escape(const char *s, report_format fmt, char *out, size_t len)
{
	size_t o = 0;
	for (; *s && o + 20 < len; s++) {
		const char *rep = NULL;
		char one[3] = {0};
		if (fmt == REPORT_LATEX) {
			switch (*s) {
			case '\\': rep = "\\textbackslash{}"; break;
			case '~': rep = "\\textasciitilde{}"; break;
			case '^': rep = "\\textasciicircum{}"; break;
			case '<': rep = "$<$"; break;
			case '>': rep = "$>$"; break;
			case '&':
			case '%':
			case '$':
			case '#':
			case '_':
			case '{':
			case '}':
				one[0] = '\\';
				one[1] = *s;
				rep = one;
				break;
			}
		} else if (fmt == REPORT_MARKDOWN) {
			switch (*s) {
			case '\\':
			case '|':
			case '*':
			case '_':
			case '`':
				one[0] = '\\';
				one[1] = *s;
				rep = one;
				break;
			}
		}
		if (rep) {
			size_t r = strlen(rep);
			memcpy(out + o, rep, r);
			o += r;
		} else {
			out[o++] = *s;
		}
	}
	out[o] = '\0';
}

/* Write s as one CSV field, quoted when it needs to be. */
static void csv_field(const char *s, FILE *out)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* The columns a rendering prints, in order (report_columns_view). */
typedef struct view {
	size_t *idx;
	size_t n;
} view;

/* One CSV line: the CSV names of the columns of v when row is (size_t)-1,
 * else the cells of row. */
static void csv_line(const report_table *t, const view *v, size_t row, FILE *out)
{
	char buf[64];
	for (size_t k = 0; k < v->n; k++) {
		size_t j = v->idx[k];
		if (k)
			fputc(',', out);
		if (row == (size_t)-1)
			csv_field(t->cols[j].csv_name ? t->cols[j].csv_name : "", out);
		else
			csv_field(cell_string(&t->cells[row * t->ncols + j], REPORT_CSV, buf,
					      sizeof buf),
				  out);
	}
	fputc('\n', out);
}

/* The CSV form: a header line and one line per row; no title, no notes. */
static void render_csv(const report_table *t, const view *v, FILE *out)
{
	csv_line(t, v, (size_t)-1, out);
	for (size_t i = 0; i < t->nrows; i++)
		if (!report_columns_row_hidden(t, v->idx, v->n, i))
			csv_line(t, v, i, out);
}

/* Cell (i, j) as printed in fmt (escaped); header row when i == (size_t)-1. */
static void display(const report_table *t, size_t i, size_t j, report_format fmt, char *out,
		    size_t len)
{
	char buf[64];
	if (i == (size_t)-1) {
		escape(t->cols[j].name ? t->cols[j].name : "", fmt, out, len);
		return;
	}
	const cell *c = &t->cells[i * t->ncols + j];
	const char *s = cell_string(c, fmt, buf, sizeof buf);
	if (c->kind == REPORT_CELL_TEXT)
		escape(s, fmt, out, len);
	else
		snprintf(out, len, "%s", s);
}

/* Print s padded to width w (right-aligned unless left). */
static void padded(const char *s, size_t w, int left, int last, FILE *out)
{
	size_t n = strlen(s);
	if (!left)
		for (size_t k = n; k < w; k++)
			fputc(' ', out);
	fputs(s, out);
	if (left && !last)
		for (size_t k = n; k < w; k++)
			fputc(' ', out);
}

/* The widths w[k] of the columns of v in fmt (header included). */
static void col_widths(const report_table *t, const view *v, report_format fmt, size_t *w)
{
	char buf[1024];
	for (size_t k = 0; k < v->n; k++)
		for (size_t i = (size_t)-1; i == (size_t)-1 || i < t->nrows; i++) {
			if (report_columns_row_hidden(t, v->idx, v->n, i))
				continue;
			display(t, i, v->idx[k], fmt, buf, sizeof buf);
			if (strlen(buf) > w[k])
				w[k] = strlen(buf);
		}
}

/* What comes before the header line: the title, LaTeX's tabular opening. */
static void display_top(const report_table *t, const view *v, report_format fmt, FILE *out)
{
	char buf[1024];
	if (t->title) {
		escape(t->title, fmt, buf, sizeof buf);
		if (fmt == REPORT_TEXT)
			fprintf(out, "%s\n\n", buf);
		else if (fmt == REPORT_MARKDOWN)
			fprintf(out, "**%s**\n\n", buf);
		else
			fprintf(out, "%% %s\n", t->title);
	}
	if (fmt == REPORT_LATEX) {
		fputs("\\begin{tabular}{", out);
		for (size_t k = 0; k < v->n; k++)
			fputc(t->cols[v->idx[k]].flags & REPORT_COL_LEFT ? 'l' : 'r', out);
		fputs("}\n\\toprule\n", out);
	}
}

/* Row i of t (the header when i is (size_t)-1) as one line of fmt into out,
 * without trailing blanks, in bold when color and the row is emphasized.
 * 0, or -1 when out of memory. */
static int display_row(const report_table *t, const view *v, size_t i, report_format fmt,
		       const size_t *w, int color, FILE *out)
{
	char buf[1024], *lbuf = NULL;
	size_t llen = 0;
	/* The line is built in memory so that trailing blanks can go. */
	FILE *m = open_memstream(&lbuf, &llen);
	if (!m)
		return -1;
	for (size_t k = 0; k < v->n; k++) {
		size_t j = v->idx[k];
		int left = (t->cols[j].flags & REPORT_COL_LEFT) != 0, last = k + 1 == v->n;
		display(t, i, j, fmt, buf, sizeof buf);
		if (fmt == REPORT_TEXT) {
			if (k)
				fputs("  ", m);
			padded(buf, w[k], left, last, m);
		} else if (fmt == REPORT_MARKDOWN) {
			fputs(k ? " | " : "| ", m);
			padded(buf, w[k], left, 0, m);
		} else {
			if (k)
				fputs(" & ", m);
			padded(buf, w[k], left, last, m);
		}
	}
	if (fmt == REPORT_MARKDOWN)
		fputs(" |", m);
	else if (fmt == REPORT_LATEX)
		fputs(" \\\\", m);
	fclose(m);
	while (llen > 0 && lbuf[llen - 1] == ' ')
		llen--;
	int bold = color && (i == (size_t)-1 || t->emph[i]);
	if (bold)
		fputs("\033[1m", out);
	fwrite(lbuf, 1, llen, out);
	if (bold)
		fputs("\033[0m", out);
	free(lbuf);
	fputc('\n', out);
	return 0;
}

/* The line under the header: dashes (text), the alignment row (Markdown),
 * \midrule (LaTeX). */
static void header_rule(const report_table *t, const view *v, report_format fmt, const size_t *w,
			FILE *out)
{
	if (fmt == REPORT_LATEX) {
		fputs("\\midrule\n", out);
		return;
	}
	for (size_t k = 0; k < v->n; k++) {
		int left = (t->cols[v->idx[k]].flags & REPORT_COL_LEFT) != 0;
		if (fmt == REPORT_TEXT) {
			if (k)
				fputs("  ", out);
			for (size_t x = 0; x < w[k]; x++)
				fputc('-', out);
		} else {
			fputc('|', out);
			fputc(left ? ':' : '-', out);
			for (size_t x = 0; x < w[k]; x++)
				fputc('-', out);
			fputc(left ? '-' : ':', out);
		}
	}
	if (fmt == REPORT_MARKDOWN)
		fputc('|', out);
	fputc('\n', out);
}

/* Aligned text, Markdown or LaTeX. */
static void render_display(const report_table *t, const view *v, report_format fmt, FILE *out)
{
	char buf[1024];
	size_t *w = calloc(v->n ? v->n : 1, sizeof *w);
	int color = fmt == REPORT_TEXT && report_color(out);
	if (!w)
		return;
	col_widths(t, v, fmt, w);
	display_top(t, v, fmt, out);
	for (size_t i = (size_t)-1; i == (size_t)-1 || i < t->nrows; i++) {
		if (report_columns_row_hidden(t, v->idx, v->n, i))
			continue;
		if (display_row(t, v, i, fmt, w, color, out) < 0)
			break;
		if (i == (size_t)-1)
			header_rule(t, v, fmt, w, out);
	}
	if (fmt == REPORT_LATEX)
		fputs("\\bottomrule\n\\end{tabular}\n", out);
	for (size_t k = 0; k < t->nnotes; k++) {
		if (fmt == REPORT_LATEX) {
			fprintf(out, "%% %s\n", t->notes[k]);
			continue;
		}
		escape(t->notes[k], fmt, buf, sizeof buf);
		if (fmt == REPORT_MARKDOWN || k == 0)
			fputc('\n', out);
		fprintf(out, "%s\n", buf);
	}
	free(w);
}

/* Render a table: its columns as --columns selects, then the format. */
int report_table_render(const report_table *t, report_format fmt, FILE *out)
{
	if (fmt == REPORT_JSON)
		return 0;
	view v = {calloc(t->ncols ? t->ncols : 1, sizeof *v.idx), 0};
	if (!v.idx)
		return -1;
	if (report_columns_view(t, fmt, v.idx, &v.n) < 0) {
		free(v.idx);
		return -2;
	}
	if (fmt == REPORT_CSV)
		render_csv(t, &v, out);
	else
		render_display(t, &v, fmt, out);
	free(v.idx);
	return ferror(out) ? -1 : 0;
}
