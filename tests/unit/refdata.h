/* SPDX-License-Identifier: BSD-3-Clause */
/* refdata.h: reading the reference values of tests/data/ref (computed once
 * with R or scipy; see tests/data/ref/README). A file holds blocks
 * "case NAME", then lines "KEY v v v", then "end". */
#ifndef SRIOVSTAT_TEST_REFDATA_H
#define SRIOVSTAT_TEST_REFDATA_H

/* Values of key in case name of ref file fname (at most max); count or -1.
 * A missing file fails the calling Criterion test. */
int ref_get(const char *fname, const char *name, const char *key, double *out, int max);

#endif
