/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_csv_import.c: libFuzzer target for the CSV importer (sriovstat import).
 *
 * The input is CSV text. The importer must accept it or print one error
 * line and return REPORT_EXIT_DATA; never crash, hang or leak. What it
 * accepts it would write as a trial file, and that file must read back
 * (abort() when it does not) with the same trials and samples: import never
 * writes a file that the other commands refuse.
 * Built by tests/fuzz/build.sh with clang -fsanitize=fuzzer, and by make
 * check with tests/fuzz/replay.c as its main() (regressions and seeds). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message naming the property that failed. */
static void broken(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_csv_import: property failed: %s: %s\n", what, msg);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trial_file *tf = NULL;
	int rc = report_import_parse((const char *)data, size, "fuzz.csv", "fuzz", "csv", "", &tf);
	if (rc != 0) {
		if (rc != REPORT_EXIT_DATA || tf)
			broken("report_import_parse", "unexpected return or a file on failure");
		return 0;
	}
	st_err err = {0};
	json_object *doc = trial_file_to_json(tf, &err);
	if (!doc)
		broken("trial_file_to_json", err.msg);
	size_t len = 0;
	const char *txt = json_object_to_json_string_length(doc, JSON_C_TO_STRING_PLAIN, &len);
	trial_file *back = NULL;
	if (trial_file_parse(txt, len, "imported.json", 0, &back, &err) < 0)
		broken("reading what import writes", err.msg);
	if (back->ntrials != tf->ntrials)
		broken("round trip", "trial count changed");
	for (size_t i = 0; i < tf->ntrials; i++) {
		const trial *a = &tf->trials[i], *b = &back->trials[i];
		if (a->number != b->number || a->nsizes != b->nsizes)
			broken("round trip", "a trial changed");
		for (size_t k = 0; k < a->nsizes; k++)
			if (a->sizes[k].size != b->sizes[k].size ||
			    a->sizes[k].n != b->sizes[k].n ||
			    memcmp(a->sizes[k].samples, b->sizes[k].samples,
				   a->sizes[k].n * sizeof *a->sizes[k].samples) != 0)
				broken("round trip", "a size changed");
	}
	trial_file_destroy(back);
	json_object_put(doc);
	trial_file_destroy(tf);
	return 0;
}
