/* SPDX-License-Identifier: BSD-3-Clause */
/* b64.c: base64 encoding and strict decoding. */
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

/* Reverse table: 0..63 for alphabet characters, 64 for '=', 255 otherwise. */
static unsigned char b64_rev[256];
static int b64_rev_ready;

static void b64_init_rev(void)
{
	memset(b64_rev, 255, sizeof b64_rev);
	for (int i = 0; i < 64; i++)
		b64_rev[(unsigned char)b64_alphabet[i]] = (unsigned char)i;
	b64_rev['='] = 64;
	b64_rev_ready = 1;
}

/* Decode strictly: whole groups of four, '=' only at the end. */
long long b64_decode(const char *in, size_t len, unsigned char *out)
{
	if (!b64_rev_ready)
		b64_init_rev();
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
