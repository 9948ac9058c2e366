/* SPDX-License-Identifier: BSD-3-Clause */
/* triallift.c: the fast path of reading a trial file. json-c copying and
 * tokenizing the base64 sample strings, most of a file's bytes, is most of
 * the cost of reading it; so each string that is the value of a "data" key
 * and holds no escape is lifted out: json-c parses the text with a short
 * placeholder in its place, and the samples are decoded (on every core,
 * trialio.c) straight from the read buffer.
 *
 * Why the result is the plain parse's: the text outside the lifted strings
 * holds no byte 0x01 (raw or escaped as \u0001), and the lifted ones only
 * base64 characters (or they fail to decode, and the plain path reads the
 * file), so only placeholders, which begin with 0x01, make strings holding
 * it in the document, and each lifted string ends where json-c's does. json-c is fed the text's own bytes
 * around each placeholder, so it sees the same tokens, and a string without
 * escapes has the value of its raw bytes. A placeholder counts only when
 * the validation finds it whole as the data of a samples object (claimed);
 * one that landed elsewhere (a comment, a single-quoted string, an unused
 * duplicate key: where this scanner's idea of strings differs from
 * json-c's) is not claimed, and then, as on any error before every string
 * is claimed, the caller parses the unchanged text the plain way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trialio_int.h"

#define LIFT_MARK '\001'

/* Add the string [txt, txt + len) to lf; -1 when out of memory. */
static int lift_add(trial_lifts *lf, size_t *cap, const char *txt, size_t len)
{
	if (lf->n == *cap) {
		size_t c = *cap ? 2 * *cap : 256;
		trial_lift *g = realloc(lf->v, c * sizeof *g);
		if (!g)
			return -1;
		lf->v = g;
		*cap = c;
	}
	lf->v[lf->n++] = (trial_lift){txt, len, 0};
	return 0;
}

/* Whether [p, end) holds a byte 0x01 (raw or escaped as \u0001), or a NUL
 * byte (which the plain path refuses, saying where). */
static int has_mark(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (memchr(p, '\0', n) || memchr(p, LIFT_MARK, n))
		return 1;
	for (; (p = memchr(p, '\\', (size_t)(end - p))); p++)
		if ((size_t)(end - p) >= 6 && memcmp(p, "\\u0001", 6) == 0)
			return 1;
	return 0;
}

/* Whether the text outside the lifted strings holds a mark (has_mark); the
 * lifted ones hold none once they decode as base64. */
static int gaps_have_mark(const char *buf, size_t len, const trial_lifts *lf)
{
	const char *p = buf;
	for (size_t k = 0; k < lf->n; k++) {
		if (has_mark(p, lf->v[k].txt))
			return 1;
		p = lf->v[k].txt + lf->v[k].len;
	}
	return has_mark(p, buf + len);
}

/* Skip JSON blanks from i. */
static size_t skip_blanks(const char *buf, size_t len, size_t i)
{
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	return i;
}

/* Find the strings to lift: those right after "data" and a colon that do
 * not end in a backslash. Their characters are not looked at here: one
 * that is not base64 (an escape, a NUL byte) fails to decode, and then the
 * plain path reads the file. -1 when out of memory. */
static int find_strings(const char *buf, size_t len, trial_lifts *lf)
{
	size_t cap = 0, i = 0, want = SIZE_MAX; /* where a data value would begin */
	const char *q;
	while (i < len && (q = memchr(buf + i, '"', len - i))) {
		size_t s = (size_t)(q - buf) + 1, e = s;
		if (s - 1 == want) {
			const char *dq = memchr(buf + s, '"', len - s);
			if (!dq)
				return 0; /* unterminated: json-c will say so */
			if (dq > buf + s && dq[-1] != '\\') {
				if (lift_add(lf, &cap, buf + s, (size_t)(dq - buf) - s) < 0)
					return -1;
				want = SIZE_MAX;
				i = (size_t)(dq - buf) + 1;
				continue;
			}
		}
		int esc = 0;
		for (;;) {
			const char *dq = memchr(buf + e, '"', len - e);
			if (!dq)
				return 0;
			const char *bs = memchr(buf + e, '\\', (size_t)(dq - (buf + e)));
			if (!bs) {
				e = (size_t)(dq - buf);
				break;
			}
			esc = 1;
			e = (size_t)(bs - buf) + 2;
			if (e >= len)
				return 0;
		}
		want = SIZE_MAX;
		i = e + 1;
		if (!esc && e - s == 4 && memcmp(buf + s, "data", 4) == 0) {
			i = skip_blanks(buf, len, i);
			if (i < len && buf[i] == ':') {
				i = skip_blanks(buf, len, i + 1);
				want = i;
			}
		}
	}
	return 0;
}

/* Feed n bytes to tok; 1 when it wants more, 0 when it ended the document
 * exactly with what it got, -1 otherwise. */
static int feed(json_tokener *tok, const char *p, size_t n, json_object **doc)
{
	json_object *o = json_tokener_parse_ex(tok, p, (int)n);
	enum json_tokener_error e = json_tokener_get_error(tok);
	if (e == json_tokener_continue)
		return 1;
	if (e != json_tokener_success)
		return -1;
	*doc = o;
	return 0;
}

int trialio_lift_parse(const char *buf, size_t len, trial_lifts *lf, json_object **doc)
{
	memset(lf, 0, sizeof *lf);
	*doc = NULL;
	if (len > (size_t)1 << 40 || find_strings(buf, len, lf) < 0 || lf->n == 0 ||
	    gaps_have_mark(buf, len, lf)) {
		trialio_lift_free(lf);
		return -1;
	}
	json_tokener *tok = json_tokener_new_ex(64);
	int rc = tok ? 1 : -1;
	size_t prev = 0;
	for (size_t k = 0; k < lf->n && rc == 1; k++) {
		char ph[32];
		size_t at = (size_t)(lf->v[k].txt - buf);
		int m = snprintf(ph, sizeof ph, "%c%zu", LIFT_MARK, k);
		/* Pieces of at most 1 GiB: json-c takes an int length. */
		while (rc == 1 && at - prev > 0) {
			size_t n = at - prev > ((size_t)1 << 30) ? (size_t)1 << 30 : at - prev;
			rc = feed(tok, buf + prev, n, doc);
			prev += n;
		}
		if (rc == 1)
			rc = feed(tok, ph, (size_t)m, doc);
		prev = at + lf->v[k].len;
	}
	while (rc == 1 && prev < len) {
		size_t n = len - prev > ((size_t)1 << 30) ? (size_t)1 << 30 : len - prev;
		rc = feed(tok, buf + prev, n, doc);
		size_t end = prev + (rc == 0 ? json_tokener_get_parse_end(tok) : n);
		prev += n;
		if (rc == 0 && skip_blanks(buf, len, end) != len)
			rc = -1; /* data after the document: the plain path says where */
	}
	if (tok)
		json_tokener_free(tok);
	if (rc != 0 || prev != len) {
		json_object_put(*doc);
		*doc = NULL;
		trialio_lift_free(lf);
		return -1;
	}
	return 0;
}

trial_lift *trialio_lift_claim(trial_lifts *lf, const char *s, size_t n)
{
	if (!lf || n < 2 || n > 21 || s[0] != LIFT_MARK)
		return NULL;
	size_t k = 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (i == 2 && s[1] == '0'))
			return NULL;
		k = k * 10 + (size_t)(s[i] - '0');
	}
	if (k >= lf->n || lf->v[k].claimed)
		return NULL;
	lf->v[k].claimed = 1;
	return &lf->v[k];
}

void trialio_lift_free(trial_lifts *lf)
{
	free(lf->v);
	lf->v = NULL;
	lf->n = 0;
}
