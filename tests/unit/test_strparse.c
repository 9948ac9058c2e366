/* SPDX-License-Identifier: BSD-3-Clause */
/* test_strparse.c: the unsigned-integer parser of options and files. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "strparse.h"

/* Parse s plainly in [min, max]; the code, with *out and the message. */
static int plain(const char *s, uint64_t min, uint64_t max, uint64_t *out, st_err *err)
{
	memset(err, 0, sizeof *err);
	return st_parse_u64(s, min, max, "--n", out, err);
}

Test(strparse, plain_numbers)
{
	uint64_t v = 7;
	st_err err;
	cr_assert_eq(plain("0", 0, 10, &v, &err), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(plain("007", 0, 10, &v, &err), 0);
	cr_assert_eq(v, 7);
	cr_assert_eq(plain("18446744073709551615", 0, UINT64_MAX, &v, &err), 0);
	cr_assert_eq(v, UINT64_MAX);
}

Test(strparse, plain_junk_is_a_format_error)
{
	static const char *const bad[] = {"",
					  "-1",
					  "+1",
					  " 1",
					  "1 ",
					  "1.5",
					  "1e3",
					  "0x10",
					  "12x",
					  "1k",
					  "18446744073709551616"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint64_t v = 42;
		st_err err;
		cr_assert_eq(plain(bad[i], 0, UINT64_MAX, &v, &err), ST_EFORMAT, "'%s'", bad[i]);
		cr_assert_eq(v, 42, "'%s' wrote the output", bad[i]);
		char want[128];
		snprintf(want, sizeof want, "--n %s: not a whole number", bad[i]);
		cr_assert_str_eq(err.msg, want);
	}
	cr_assert_eq(st_parse_u64(NULL, 0, 1, "x", &(uint64_t){0}, NULL), ST_EFORMAT);
}

Test(strparse, plain_range)
{
	uint64_t v = 42;
	st_err err;
	cr_assert_eq(plain("0", 1, 255, &v, &err), ST_EVALUE);
	cr_assert_str_eq(err.msg, "--n 0: must be between 1 and 255");
	cr_assert_eq(plain("256", 1, 255, &v, &err), ST_EVALUE);
	cr_assert_str_eq(err.msg, "--n 256: must be between 1 and 255");
	cr_assert_eq(v, 42);
	cr_assert_eq(plain("255", 1, 255, &v, &err), 0);
	cr_assert_eq(v, 255);
}

Test(strparse, scaled_suffixes)
{
	uint64_t v;
	cr_assert_eq(st_parse_u64_scaled("4k", 'G', 0, UINT64_MAX, "-m", &v, NULL), 0);
	cr_assert_eq(v, 4096);
	cr_assert_eq(st_parse_u64_scaled("1M", 'G', 0, UINT64_MAX, "-m", &v, NULL), 0);
	cr_assert_eq(v, 1u << 20);
	cr_assert_eq(st_parse_u64_scaled("2g", 'G', 0, UINT64_MAX, "-m", &v, NULL), 0);
	cr_assert_eq(v, 2ull << 30);
	cr_assert_eq(st_parse_u64_scaled("3T", 'T', 0, UINT64_MAX, "-m", &v, NULL), 0);
	cr_assert_eq(v, 3ull << 40);
	cr_assert_eq(st_parse_u64_scaled("12", 0, 0, UINT64_MAX, "-m", &v, NULL), 0);
	cr_assert_eq(v, 12);
	/* A suffix above the caller's largest, twice, or with junk after it. */
	static const char *const bad[] = {"3T", "1kk", "1k0", "1P", "k", "1 k", "1.5k"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(st_parse_u64_scaled(bad[i], 'G', 0, UINT64_MAX, "-m", &v, NULL),
			     ST_EFORMAT, "'%s'", bad[i]);
	cr_assert_eq(st_parse_u64_scaled("1k", 0, 0, UINT64_MAX, "-m", &v, NULL), ST_EFORMAT);
}

Test(strparse, scaled_overflow_and_range)
{
	uint64_t v = 9;
	st_err err = {0};
	/* 2^54 K is 2^64: does not fit. */
	cr_assert_eq(st_parse_u64_scaled("18014398509481984k", 'G', 0, UINT64_MAX, "-m", &v, &err),
		     ST_EVALUE);
	cr_assert_eq(v, 9);
	cr_assert_eq(st_parse_u64_scaled("2k", 'G', 0, 1024, "--size", &v, &err), ST_EVALUE);
	cr_assert_str_eq(err.msg, "--size 2k: must be between 0 and 1024");
	cr_assert_eq(st_parse_u64_scaled("0", 'T', 1, INT64_MAX, NULL, &v, &err), ST_EVALUE);
	cr_assert_str_eq(err.msg, "value 0: must be between 1 and 9223372036854775807");
	cr_assert_eq(st_parse_u64_scaled("8388608T", 'T', 1, INT64_MAX, NULL, &v, &err), ST_EVALUE);
	cr_assert_eq(st_parse_u64_scaled("8388607T", 'T', 1, INT64_MAX, NULL, &v, &err), 0);
	cr_assert_eq(v, 8388607ull << 40);
}
