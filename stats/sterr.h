/* SPDX-License-Identifier: BSD-3-Clause */
/* sterr.h: the one error contract of the stats library.
 *
 * Library functions never print and never exit. They return 0 on success or a
 * negative ST_E* code, and when they fail they fill a caller-owned st_err
 * with a one-line message that names the file (and field or line) at fault.
 * The programs print it as "prog: error: <msg>". */
#ifndef SRIOVSTAT_STERR_H
#define SRIOVSTAT_STERR_H

#include <stddef.h>

enum st_code {
	ST_OK = 0,
	ST_EIO = -1,       /* a system call failed (open, write, rename, ...) */
	ST_EFORMAT = -2,   /* the input is malformed or not a trial file */
	ST_EVALUE = -3,    /* a value is out of range (negative, NaN, empty) */
	ST_EMISMATCH = -4, /* inputs do not fit together (labels, sizes, counts) */
	ST_ENOMEM = -5,    /* an allocation failed or a limit was exceeded */
	ST_EUSAGE = -6,    /* the caller asked for something meaningless */
};

typedef struct st_err {
	int code;
	char msg[1024];
} st_err;

/* Fill err (if not NULL) with a formatted message; returns code for chaining. */
int st_seterr(st_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A short name of an error code ("I/O error", "format error", ...). */
const char *st_strerror(int code);

#endif
