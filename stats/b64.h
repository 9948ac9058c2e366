/* SPDX-License-Identifier: BSD-3-Clause */
/* b64.h: standard base64 (RFC 4648, with padding) for sample arrays. */
#ifndef SRIOVSTAT_B64_H
#define SRIOVSTAT_B64_H

#include <stddef.h>
#include <stdint.h>

/* Number of characters b64_encode writes for n bytes (without a NUL). */
size_t b64_encoded_len(size_t n);

/* Encode n bytes of in into out (b64_encoded_len(n) + 1 bytes, NUL-terminated). */
void b64_encode(const unsigned char *in, size_t n, char *out);

/* Decode len characters of in into out, which holds at least len / 4 * 3
 * bytes. Returns the number of bytes written, or -1 when in is not valid
 * padded base64 (bad character, length not a multiple of 4, misplaced '='). */
long long b64_decode(const char *in, size_t len, unsigned char *out);

/* Decode len characters of in, n little-endian 32-bit values, into out (n
 * values), as b64_decode would decode them (as strictly). 0, or -1 when in
 * is not valid padded base64 or does not hold exactly 4 * n bytes. */
int b64_decode_u32le(const char *in, size_t len, size_t n, uint64_t *out);

#endif
