/* SPDX-License-Identifier: BSD-3-Clause */
/* b64.c: base64 encoding and strict decoding. */
#include <pthread.h>
#include <string.h>

#include "b64.h"

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Characters needed for n bytes. */
size_t b64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

/* Encode in three-byte groups, padding the last one with '='. */
void b64_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i = 0;
	char *o = out;

	for (; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		o[0] = b64_alphabet[v >> 18];
		o[1] = b64_alphabet[(v >> 12) & 63];
		o[2] = b64_alphabet[(v >> 6) & 63];
		o[3] = b64_alphabet[v & 63];
		o += 4;
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		o[0] = b64_alphabet[v >> 18];
		o[1] = b64_alphabet[(v >> 12) & 63];
		o[2] = '=';
		o[3] = '=';
		o += 4;
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		o[0] = b64_alphabet[v >> 18];
		o[1] = b64_alphabet[(v >> 12) & 63];
		o[2] = b64_alphabet[(v >> 6) & 63];
		o[3] = '=';
		o += 4;
	}
	*o = '\0';
}

/* Reverse table: 0..63 for alphabet characters, 64 for '=', 255 otherwise;
 * and pairs of characters: the 12 bits of two alphabet characters, or
 * 0xffff when either is not one. */
static unsigned char b64_rev[256];
static uint16_t b64_rev2[65536];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init_rev(void)
{
	memset(b64_rev, 255, sizeof b64_rev);
	for (int i = 0; i < 64; i++)
		b64_rev[(unsigned char)b64_alphabet[i]] = (unsigned char)i;
	b64_rev['='] = 64;
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++)
			b64_rev2[a << 8 | b] = b64_rev[a] < 64 && b64_rev[b] < 64
						       ? (uint16_t)(b64_rev[a] << 6 | b64_rev[b])
						       : 0xffff;
}

/* Decode strictly: whole groups of four, '=' only at the end. */
long long b64_decode(const char *in, size_t len, unsigned char *out)
{
	pthread_once(&b64_once, b64_init_rev);
	if (len % 4 != 0)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		unsigned char a = b64_rev[(unsigned char)in[i]];
		unsigned char b = b64_rev[(unsigned char)in[i + 1]];
		unsigned char c = b64_rev[(unsigned char)in[i + 2]];
		unsigned char d = b64_rev[(unsigned char)in[i + 3]];
		if ((a | b | c | d) < 64) {
			unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | d;
			out[o] = (unsigned char)(v >> 16);
			out[o + 1] = (unsigned char)(v >> 8);
			out[o + 2] = (unsigned char)v;
			o += 3;
			continue;
		}
		/* Padding is allowed only in the last group: "xx==" or "xxx=". */
		if (i + 4 != len || a > 63 || b > 63)
			return -1;
		if (c == 64 && d == 64) {
			unsigned v = (unsigned)a << 18 | (unsigned)b << 12;
			out[o++] = (unsigned char)(v >> 16);
		} else if (c < 64 && d == 64) {
			unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6;
			out[o++] = (unsigned char)(v >> 16);
			out[o++] = (unsigned char)(v >> 8);
		} else {
			return -1;
		}
	}
	return (long long)o;
}

/* The 24 bits of four alphabet characters at p, or -1. */
static inline long b64_quad(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned hi = b64_rev2[u[0] << 8 | u[1]], lo = b64_rev2[u[2] << 8 | u[3]];
	if ((hi | lo) & 0xf000)
		return -1;
	return (long)(hi << 12 | lo);
}

int b64_decode_u32le(const char *in, size_t len, size_t n, uint64_t *out)
{
	pthread_once(&b64_once, b64_init_rev);
	size_t i = 0, k = 0;
	/* Whole groups of 16 characters (12 bytes, 3 values), the last group
	 * of the text (which may hold padding) excepted. */
	for (; i + 16 < len && k + 3 <= n; i += 16, k += 3) {
		long g0 = b64_quad(in + i), g1 = b64_quad(in + i + 4), g2 = b64_quad(in + i + 8),
		     g3 = b64_quad(in + i + 12);
		if ((g0 | g1 | g2 | g3) < 0)
			return -1;
		unsigned char b[12] = {
			(unsigned char)(g0 >> 16), (unsigned char)(g0 >> 8), (unsigned char)g0,
			(unsigned char)(g1 >> 16), (unsigned char)(g1 >> 8), (unsigned char)g1,
			(unsigned char)(g2 >> 16), (unsigned char)(g2 >> 8), (unsigned char)g2,
			(unsigned char)(g3 >> 16), (unsigned char)(g3 >> 8), (unsigned char)g3};
		for (int j = 0; j < 3; j++)
			out[k + (size_t)j] = (uint64_t)b[4 * j] | (uint64_t)b[4 * j + 1] << 8 |
					     (uint64_t)b[4 * j + 2] << 16 |
					     (uint64_t)b[4 * j + 3] << 24;
	}
	/* The rest (at most 16 characters unless the text does not fit n). */
	unsigned char tail[16];
	if (len - i > 16)
		return -1;
	long long got = b64_decode(in + i, len - i, tail);
	if (got < 0 || (size_t)got != (n - k) * 4)
		return -1;
	for (size_t j = 0; k < n; j++, k++)
		out[k] = (uint64_t)tail[4 * j] | (uint64_t)tail[4 * j + 1] << 8 |
			 (uint64_t)tail[4 * j + 2] << 16 | (uint64_t)tail[4 * j + 3] << 24;
	return 0;
}
