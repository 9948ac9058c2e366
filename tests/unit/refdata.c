/* SPDX-License-Identifier: BSD-3-Clause */
/* refdata.c: reading reference-value files for the unit tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata.h"

/* Values of key in case name of ref file fname (at most max); count or -1. */
int ref_get(const char *fname, const char *name, const char *key, double *out, int max)
{
	char path[512], line[65536];
	snprintf(path, sizeof path, "%s/ref/%s", TEST_DATA_DIR, fname);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	int in = 0, n = -1;
	size_t klen = strlen(key);
	while (n < 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, "case ", 5) == 0)
			in = strcmp(line + 5, name) == 0;
		else if (in && strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			char *p = line + klen, *end;
			n = 0;
			for (double v = strtod(p, &end); end != p; v = strtod(p, &end)) {
				cr_assert_lt(n, max, "%s: %s %s has too many values", fname, name,
					     key);
				out[n++] = v;
				p = end;
			}
		}
	}
	fclose(f);
	return n;
}
