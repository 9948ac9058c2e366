/* SPDX-License-Identifier: BSD-3-Clause */
/* sterr.c: error reporting for the stats library. */
#include <stdarg.h>
#include <stdio.h>

#include "sterr.h"

/* Fill err with a printf-formatted message and return code. */
int st_seterr(st_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		/* One line, whatever the input held: control characters that came
		 * from a file (a newline in a name, terminal escapes) become '?'. */
		for (char *p = err->msg; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		err->code = code;
	}
	return code;
}

/* Short description of an st_code. */
const char *st_strerror(int code)
{
	switch (code) {
	case ST_OK: return "success";
	case ST_EIO: return "I/O error";
	case ST_EFORMAT: return "format error";
	case ST_EVALUE: return "invalid value";
	case ST_EMISMATCH: return "inputs do not match";
	case ST_ENOMEM: return "out of memory";
	case ST_EUSAGE: return "usage error";
	default: return "unknown error";
	}
}
