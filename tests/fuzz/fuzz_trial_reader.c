/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_trial_reader.c: libFuzzer target for the trial-file reader.
 *
 * The input is the text of a trial file. Whatever it holds, parsing must
 * return 0 or a negative ST_E* code with a message, never crash, hang or
 * leak. Beyond that, the properties checked (abort() when one fails):
 * - reading with TRIAL_READ_NO_SAMPLES accepts exactly what a full read does;
 * - the fast path (sample strings lifted out of the text before json-c
 *   parses it, stats/triallift.c) and the plain one (TRIAL_READ_NO_LIFT)
 *   give the same error message, or trials that serialize to the same text;
 * - a file that parses can be summarized, and its first trials compared
 *   with the others (the analysis gets whatever values the reader let
 *   through); every error carries a message;
 * - a file that parses serializes (trial_to_json) to a document that parses
 *   again into the same trials, sizes and sample counts.
 * Built by tests/fuzz/build.sh with clang -fsanitize=fuzzer, and by make
 * check with tests/fuzz/replay.c as its main() (regressions and seeds). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "trial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message naming the property that failed. */
static void broken(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_trial_reader: property failed: %s: %s\n", what, msg);
	abort();
}

/* tf as text (a new string; NULL when it cannot be serialized). */
static char *as_text(const trial_file *tf)
{
	st_err err = {0};
	json_object *doc = trial_file_to_json(tf, &err);
	if (!doc)
		return NULL;
	char *s = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	return s;
}

/* The fast path's result (rc, err, tf) equals the plain path's on the same
 * input. */
static void same_as_plain(const uint8_t *data, size_t size, int rc, const st_err *err,
			  const trial_file *tf)
{
	st_err perr = {0};
	trial_file *plain = NULL;
	int prc = trial_file_parse((const char *)data, size, "fuzz.json", TRIAL_READ_NO_LIFT,
				   &plain, &perr);
	if (prc != rc || (rc < 0 && strcmp(perr.msg, err->msg) != 0))
		broken("fast path vs plain path", rc < 0 ? err->msg : perr.msg);
	if (rc == 0) {
		char *a = as_text(tf), *b = as_text(plain);
		if (!a || !b || strcmp(a, b) != 0)
			broken("fast path vs plain path", "different trials");
		free(a);
		free(b);
		trial_file_destroy(plain);
	}
}

/* Serialize tf as a whole document and parse it again; the trials must match. */
static void round_trip(const trial_file *tf)
{
	st_err err = {0};
	json_object *doc = trial_file_to_json(tf, &err);
	if (!doc)
		broken("trial_file_to_json", err.msg);
	size_t len = 0;
	const char *txt = json_object_to_json_string_length(
		doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	trial_file *back = NULL;
	if (trial_file_parse(txt, len, "round-trip", 0, &back, &err) < 0)
		broken("re-reading a written file", err.msg);
	if (back->ntrials != tf->ntrials || strcmp(back->label, tf->label) != 0)
		broken("round trip", "trial count or label changed");
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *a = &tf->trials[i], *b = &back->trials[i];
		if (a->number != b->number || a->nsizes != b->nsizes ||
		    a->complete != b->complete || strcmp(a->benchmark, b->benchmark) != 0 ||
		    strcmp(a->op, b->op) != 0)
			broken("round trip", "a trial changed");
		for (size_t k = 0; k < a->nsizes; k++) {
			const trial_size *x = &a->sizes[k], *y = &b->sizes[k];
			if (x->size != y->size || x->n != y->n || x->iterations != y->iterations ||
			    (x->max_samples == NULL) != (y->max_samples == NULL) ||
			    memcmp(x->samples, y->samples, x->n * sizeof *x->samples) != 0 ||
			    (x->max_samples && memcmp(x->max_samples, y->max_samples,
						      x->n * sizeof *x->max_samples) != 0))
				broken("round trip", "a size changed");
		}
	}
	trial_file_destroy(back);
	json_object_put(doc);
}

/* Summarize tf (samples, and maxima when every size has them) and compare
 * its first trials with the others; variant picks the test, statistic and
 * adjustment, so that the inputs spread over them. */
static void analyse(const trial_file *tf, unsigned variant)
{
	st_err err = {0};
	st_opts o;
	st_opts_init(&o);
	for (int use_max = 0; use_max <= 1; use_max++) {
		o.use_max = use_max;
		st_summary *s = NULL;
		err.msg[0] = '\0';
		if (st_summarize(tf, &o, &s, &err) < 0 && !err.msg[0])
			broken("st_summarize", "an error without a message");
		st_summary_destroy(s);
	}
	/* Views on tf's trials: nothing to free. */
	trial_file a = *tf, b = *tf;
	a.ntrials = tf->ntrials / 2;
	b.trials = tf->trials ? tf->trials + a.ntrials : NULL; /* NULL when no trials */
	b.ntrials = tf->ntrials - a.ntrials;
	o.use_max = 0;
	o.test = (st_test_kind)(variant % 4);
	o.stat = (st_stat)(variant / 4 % 6);
	o.adjust = (st_adjust)(variant / 24 % 3);
	st_comparison *c = NULL;
	err.msg[0] = '\0';
	if (st_compare(&a, &b, &o, &c, &err) < 0 && !err.msg[0])
		broken("st_compare", "an error without a message");
	st_comparison_destroy(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	st_err err = {0}, err2 = {0};
	trial_file *tf = NULL, *light = NULL;
	int rc = trial_file_parse((const char *)data, size, "fuzz.json", 0, &tf, &err);
	int rc2 = trial_file_parse((const char *)data, size, "fuzz.json", TRIAL_READ_NO_SAMPLES,
				   &light, &err2);
	if ((rc < 0) != (rc2 < 0))
		broken("TRIAL_READ_NO_SAMPLES", rc < 0 ? err.msg : err2.msg);
	same_as_plain(data, size, rc, &err, tf);
	if (rc < 0) {
		if (!err.msg[0] || strchr(err.msg, '\n'))
			broken("error message", "empty or more than one line");
		return 0;
	}
	trial_file_destroy(light);
	analyse(tf, (unsigned)size);
	round_trip(tf);
	trial_file_destroy(tf);
	return 0;
}
