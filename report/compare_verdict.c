/* SPDX-License-Identifier: BSD-3-Clause */
/* compare_verdict.c: how compare shows what its rows conclude: the effect
 * and the ratio with their intervals, the verdict, the diagnostics and the
 * closing sentence (stats/effect.h, stats/verdict.c compute them). */
#include <stdio.h>
#include <string.h>

#include "report.h"

/* The JSON of an effect (us: a shift in ns shown in us; else a ratio); null
 * when there is none. */
static double effect_scale(double v, int us)
{
	return us ? report_us_full(v) : v;
}

static json_object *effect_json(const st_effect *e, const char *method, int us)
{
	if (!e->valid)
		return NULL;
	json_object *o = json_object_new_object();
	if (method)
		report_jadd(o, "method", json_object_new_string(method));
	report_jadd(o, "estimate", report_json_number(effect_scale(e->estimate, us)));
	report_jadd(o, "ci_low", e->has_ci ? report_json_number(effect_scale(e->lo, us)) : NULL);
	report_jadd(o, "ci_high", e->has_ci ? report_json_number(effect_scale(e->hi, us)) : NULL);
	return o;
}

/* The method of a row's effect. */
const char *report_effect_method(const st_compare_row *r)
{
	return st_test_is_paired(r->test.kind) ? "hodges-lehmann-paired" : "hodges-lehmann";
}

/* Add the verdict keys of issue 12 to a JSON row. */
void report_verdict_json(json_object *jr, const st_compare_row *r)
{
	report_jadd(jr, "pairs", json_object_new_int64((int64_t)r->npairs));
	report_jadd(jr, "p_min", r->test.has_p ? report_json_number(r->test.p_min) : NULL);
	report_jadd(jr, "effect", effect_json(&r->effect, report_effect_method(r), 1));
	report_jadd(jr, "ratio", effect_json(&r->ratio, NULL, 0));
	report_jadd(jr, "verdict",
		    json_object_new_string(st_verdict_word(r->verdict, r->higher_is_better)));
	json_object *d = json_object_new_array();
	for (size_t i = 0; i < r->ndiag; i++)
		json_object_array_add(d, json_object_new_string(r->diag[i]));
	report_jadd(jr, "diagnostics", d);
}

/* "+0.084 [+0.061, +0.110]" (us) or "1.052x [1.041, 1.063]"; "" when none. */
void report_effect_text(const st_effect *e, int ratio, char *buf, size_t len)
{
	buf[0] = 0;
	if (!e->valid)
		return;
	if (ratio) {
		int w = snprintf(buf, len, "%.3fx", e->estimate);
		if (e->has_ci && w > 0 && (size_t)w < len)
			snprintf(buf + w, len - (size_t)w, " [%.3f, %.3f]", e->lo, e->hi);
		return;
	}
	int w = snprintf(buf, len, "%+.3f", report_us(e->estimate));
	if (e->has_ci && w > 0 && (size_t)w < len)
		snprintf(buf + w, len - (size_t)w, " [%+.3f, %+.3f]", report_us(e->lo),
			 report_us(e->hi));
}

/* The effect cells of a row: effect, its interval, ratio, its interval
 * (numbers: CSV), and with text compare's "effect [CI]" and "B/A [CI]". */
void report_effect_cells(report_table *t, const st_compare_row *r, int text)
{
	const st_effect *ef[2] = {&r->effect, &r->ratio};
	char buf[96];
	for (int k = 0; k < 2; k++) {
		double f[3] = {ef[k]->estimate, ef[k]->lo, ef[k]->hi};
		for (int m = 0; m < 3; m++)
			report_cell_num(t,
					!(ef[k]->valid && (m == 0 || ef[k]->has_ci)) ? NAN
					: k                                          ? f[m]
					    : report_us(f[m]),
					k ? 6 : 3);
	}
	for (int k = 0; text && k < 2; k++) {
		report_effect_text(ef[k], k, buf, sizeof buf);
		report_cell_text(t, buf[0] ? buf : NULL);
	}
}

/* The note below a table with effect columns. */
void report_effect_note(report_table *t, const st_opts *o)
{
	report_table_note(t,
			  "effect: Hodges-Lehmann shift B minus A in us, B/A: ratio, each with its "
			  "%g%% interval (as compare shows them; not adjusted)",
			  100.0 * o->level);
}

/* A message size as people write it: "64 B", "4 KiB", "1 MiB". */
void report_size_text(uint64_t s, char *buf, size_t len)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB"};
	size_t u = 0;
	while (u + 1 < sizeof unit / sizeof *unit && s >= 1024 && s % 1024 == 0) {
		s /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)s, unit[u]);
}

/* Where the rows [from, to) with verdict word w lie: "(64 B and up)",
 * "(up to 1 KiB)", "(8 B to 64 B)" or a short list; "" when everywhere. */
static void where_text(const st_compare_row *rows, size_t from, size_t to, const char *w, char *buf,
		       size_t len)
{
	size_t first = to, last = from, n = 0;
	for (size_t i = from; i < to; i++)
		if (strcmp(st_verdict_word(rows[i].verdict, rows[i].higher_is_better), w) == 0) {
			first = first == to ? i : first;
			last = i;
			n++;
		}
	buf[0] = 0;
	if (n == 0 || n == to - from)
		return;
	char a[32], b[32];
	report_size_text(rows[first].size, a, sizeof a);
	report_size_text(rows[last].size, b, sizeof b);
	if (last - first + 1 == n) {
		if (n == 1)
			snprintf(buf, len, " (%s)", a);
		else if (last == to - 1)
			snprintf(buf, len, " (%s and up)", a);
		else if (first == from)
			snprintf(buf, len, " (up to %s)", b);
		else
			snprintf(buf, len, " (%s to %s)", a, b);
		return;
	}
	size_t used = (size_t)snprintf(buf, len, " (");
	size_t shown = 0;
	for (size_t i = from; i < to && used + 1 < len; i++) {
		if (strcmp(st_verdict_word(rows[i].verdict, rows[i].higher_is_better), w) != 0)
			continue;
		if (shown == 3) {
			snprintf(buf + used, len - used, ", ...");
			used = strlen(buf);
			break;
		}
		report_size_text(rows[i].size, a, sizeof a);
		snprintf(buf + used, len - used, "%s%s", shown ? ", " : "", a);
		used = strlen(buf);
		shown++;
	}
	if (used + 1 < len)
		snprintf(buf + used, len - used, ")");
}

/* The closing sentence of rows [from, to) of c, e.g. "B (vm) slower at 9 of
 * 14 sizes (64 B and up), equivalent at 3, inconclusive at 2 (threshold 1%,
 * holm-adjusted p < 0.05)." */
void report_verdict_sentence(const st_comparison *c, size_t from, size_t to, char *buf, size_t len)
{
	static const char *const words[] = {"slower", "faster", "equivalent", "inconclusive"};
	size_t used = (size_t)snprintf(buf, len, "B (%s)", c->label_b), clauses = 0;
	for (size_t k = 0; k < 4 && used + 1 < len; k++) {
		size_t n = 0;
		for (size_t i = from; i < to; i++)
			n += strcmp(st_verdict_word(c->rows[i].verdict,
						    c->rows[i].higher_is_better),
				    words[k]) == 0;
		if (n == 0)
			continue;
		char where[160];
		where_text(c->rows, from, to, words[k], where, sizeof where);
		if (clauses == 0)
			snprintf(buf + used, len - used, " %s at %zu of %zu size%s%s", words[k], n,
				 to - from, to - from == 1 ? "" : "s", where);
		else
			snprintf(buf + used, len - used, ", %s at %zu%s", words[k], n, where);
		used = strlen(buf);
		clauses++;
	}
	if (used + 1 < len) {
		if (c->opts.adjust == ST_ADJ_NONE)
			snprintf(buf + used, len - used, " (threshold %g%%, p < %g).",
				 c->opts.threshold_pct, c->opts.alpha);
		else
			snprintf(buf + used, len - used, " (threshold %g%%, %s-adjusted p < %g).",
				 c->opts.threshold_pct, st_adjust_name(c->opts.adjust),
				 c->opts.alpha);
	}
}
