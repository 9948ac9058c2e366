/* SPDX-License-Identifier: BSD-3-Clause */
/* import.h: importers of other benchmarks' output (OSU Micro-Benchmarks,
 * Intel MPI Benchmarks, perftest) into trials, and what the reports need to
 * know about imported trials.
 *
 * Every imported trial records in its meta a "source" object:
 *   {"tool": "osu"|"imb"|"perftest"|"csv", "version": "7.4" (when printed),
 *    "file": the input path, "samples": "per-iteration"|"per-run"}
 * "per-run" trials hold one sample per size: the run's average as the tool
 * printed it (OSU's latency, IMB's t_avg, perftest's t_avg); what else the
 * tool printed for that size (min, max, percentiles, iterations) is kept in
 * the size's meta "imported". Reports say "per-run averages" for them and
 * never call the spread of those averages iteration percentiles. */
#ifndef SRIOVSTAT_IMPORT_H
#define SRIOVSTAT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "trial.h"

/* One input file's text, and where to report errors. */
typedef struct import_text {
	const char *name; /* path as given (messages) */
	const char *buf;  /* NUL-terminated contents */
	size_t len;
	size_t pos;      /* next unread byte */
	uint64_t lineno; /* number of the line last returned */
	char *line;      /* the line last returned (owned, newline stripped) */
	size_t cap;
} import_text;

/* The next line of it (owned by it, valid until the next call) or NULL at the
 * end. Strips "\n" and "\r\n". */
char *import_next_line(import_text *it);

/* Release what import_next_line holds. */
void import_text_free(import_text *it);

/* A decimal number of microseconds (as the tools print: 1.65, 0.987654,
 * 1e+06) to integer nanoseconds, rounded to nearest. 0 or -1 when s is not a
 * finite non-negative number of at most 2^63 - 1 ns. */
int import_us_to_ns(const char *s, uint64_t *ns);

/* Split s (modified in place) at runs of blanks into at most max fields. */
int import_fields(char *s, char **f, int max);

/* Split a CSV line (modified in place) into at most maxf fields, honouring
 * double quotes and trimming blanks around unquoted ones. Returns the field
 * count, or -1 for an unterminated quote. */
int import_split_csv(char *line, char **f, int maxf);

/* A new per-run or per-iteration trial recording its source (see above). */
trial *import_trial(const char *benchmark, const char *op, const char *tool, const char *version,
		    const char *path, int per_run);

/* Move t's content into tf (trial_file_take: t stays the caller's to
 * destroy). 0, or -1 after the message "NAME: ...". */
int import_take(trial_file *tf, trial *t, const char *name);

/* Add a per-run size to t: avg_ns is the sample, max_ns (or UINT64_MAX:
 * none) the max over ranks; extra (may be NULL, taken) is stored as the
 * size's "imported" meta. 0, or -1 after a message naming name and line. */
int import_add_run_size(trial *t, uint64_t size, uint64_t avg_ns, uint64_t max_ns,
			json_object *extra, const char *name, uint64_t line);

/* Importers: parse the whole text into new trials appended to tf. Each
 * prints its error (FILE: line N: ...) and returns -1 on failure. */
int import_osu(import_text *it, trial_file *tf);
int import_imb(import_text *it, trial_file *tf);
int import_perftest(import_text *it, trial_file *tf);

/* The format of the text judged from its content: "osu", "imb",
 * "perftest", "csv", or NULL when none fits. */
const char *import_detect(const char *buf, size_t len);

/* Whether trial t holds per-run summaries (imported from OSU, IMB or
 * perftest text without per-iteration dumps). */
int import_trial_per_run(const trial *t);

/* Whether any trial of tf holds per-run summaries. */
int import_file_per_run(const trial_file *tf);

/* The note every report prints for per-run data. */
#define IMPORT_PER_RUN_NOTE \
	"per-run averages imported from another tool (one value per run and size, no per-iteration samples): min, percentiles and max are over the runs' averages, not over iterations"

#endif
