/* SPDX-License-Identifier: BSD-3-Clause */
/* strparse.h: the one parser of unsigned integers in options, environment
 * variables and input files.
 *
 * A number is decimal digits only: no sign, no spaces, no base prefix. The
 * scaled form takes one binary suffix (k/K = 2^10, m/M = 2^20, g/G = 2^30,
 * t/T = 2^40) up to the largest one the caller allows.
 *
 * Both return 0, or:
 *   ST_EFORMAT  s is not such a number, or it does not fit in 64 bits;
 *   ST_EVALUE   it is one, but out of [min, max] (or its suffix overflows).
 * On failure err (if not NULL) holds "WHAT S: not a whole number" or
 * "WHAT S: must be between MIN and MAX"; a caller with its own wording words
 * the message from the code instead. *out is written only on success. */
#ifndef SRIOVSTAT_STRPARSE_H
#define SRIOVSTAT_STRPARSE_H

#include <stdint.h>

#include "sterr.h"

/* Parse a plain decimal in [min, max]. */
int st_parse_u64(const char *s, uint64_t min, uint64_t max, const char *what, uint64_t *out,
		 st_err *err);

/* Parse a decimal with an optional binary suffix no larger than top ('K', 'M',
 * 'G' or 'T'; 0 allows none) in [min, max]. */
int st_parse_u64_scaled(const char *s, char top, uint64_t min, uint64_t max, const char *what,
			uint64_t *out, st_err *err);

#endif
