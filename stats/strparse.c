/* SPDX-License-Identifier: BSD-3-Clause */
/* strparse.c: unsigned integers from text (strparse.h). */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "strparse.h"

/* Read the leading digits of s into *v; the end, or NULL on none or overflow. */
static const char *digits(const char *s, uint64_t *v)
{
	if (!s || *s < '0' || *s > '9')
		return NULL;
	uint64_t x = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return NULL;
		x = x * 10 + d;
	}
	*v = x;
	return s;
}

/* The binary shift of suffix c when allowed up to top; -1 when it is none. */
static int suffix_shift(char c, char top)
{
	static const char names[] = "KMGT";
	char uc = (char)toupper((unsigned char)c), ut = (char)toupper((unsigned char)top);
	const char *p = uc ? strchr(names, uc) : NULL;
	const char *t = ut ? strchr(names, ut) : NULL;
	if (!p || !t || p > t)
		return -1;
	return 10 * (int)(p - names + 1);
}

/* The shared checks and messages. */
static int finish(const char *s, const char *end, int shift, uint64_t x, uint64_t min, uint64_t max,
		  const char *what, uint64_t *out, st_err *err)
{
	const char *w = what ? what : "value";
	if (!end || *end || shift < 0)
		return st_seterr(err, ST_EFORMAT, "%s %s: not a whole number", w, s ? s : "");
	if ((shift && x > (UINT64_MAX >> shift)) || (x << shift) < min || (x << shift) > max)
		return st_seterr(err, ST_EVALUE, "%s %s: must be between %llu and %llu", w, s,
				 (unsigned long long)min, (unsigned long long)max);
	*out = x << shift;
	return 0;
}

int st_parse_u64(const char *s, uint64_t min, uint64_t max, const char *what, uint64_t *out,
		 st_err *err)
{
	uint64_t x = 0;
	const char *end = digits(s, &x);
	return finish(s, end, 0, x, min, max, what, out, err);
}

int st_parse_u64_scaled(const char *s, char top, uint64_t min, uint64_t max, const char *what,
			uint64_t *out, st_err *err)
{
	uint64_t x = 0;
	const char *end = digits(s, &x);
	int shift = 0;
	if (end && *end) {
		shift = suffix_shift(*end, top);
		end = shift < 0 ? end : end + 1;
	}
	return finish(s, end, shift, x, min, max, what, out, err);
}
