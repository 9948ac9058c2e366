/* SPDX-License-Identifier: BSD-3-Clause */
/* test_verbs_meas.c: verbs_lat's measurement bookkeeping. */
#include <criterion/criterion.h>
#include <string.h>

#include "verbs_meas.h"

Test(verbs_meas, pingpongs_record_half_round_trips)
{
	/* Round trips of 3000, 2001 and 4 ns: halves rounded to the nearest ns, ties up. */
	const uint64_t t[] = {1000, 4000, 6001, 6005};
	uint64_t out[3];
	verbs_samples(VERBS_WRITE, t, 3, out);
	cr_assert_eq(out[0], 1500);
	cr_assert_eq(out[1], 1001);
	cr_assert_eq(out[2], 2);
	memset(out, 0, sizeof out);
	verbs_samples(VERBS_SEND, t, 3, out);
	cr_assert_eq(out[0], 1500);
	cr_assert_eq(out[1], 1001);
}

Test(verbs_meas, read_and_atomics_record_whole_operations)
{
	const uint64_t t[] = {1000, 4000, 6001, 6005};
	uint64_t out[3];
	enum verbs_test tests[] = {VERBS_READ, VERBS_ATOMIC_FADD, VERBS_ATOMIC_CSWAP};
	for (size_t k = 0; k < 3; k++) {
		memset(out, 0, sizeof out);
		verbs_samples(tests[k], t, 3, out);
		cr_assert_eq(out[0], 3000);
		cr_assert_eq(out[1], 2001);
		cr_assert_eq(out[2], 4);
	}
	cr_assert(verbs_test_is_pingpong(VERBS_WRITE) && verbs_test_is_pingpong(VERBS_SEND));
	cr_assert(!verbs_test_is_pingpong(VERBS_READ) &&
		  !verbs_test_is_pingpong(VERBS_ATOMIC_FADD));
	cr_assert(verbs_test_is_atomic(VERBS_ATOMIC_CSWAP) && !verbs_test_is_atomic(VERBS_SEND));
}

Test(verbs_meas, marks_never_zero_never_repeat_back_to_back)
{
	for (uint64_t i = 0; i < 100000; i++) {
		cr_assert_neq(verbs_mark(i), 0);
		cr_assert_neq(verbs_mark(i), verbs_mark(i + 1), "iteration %llu",
			      (unsigned long long)i);
	}
	cr_assert_eq(verbs_mark(0), 1);
	cr_assert_eq(verbs_mark(254), 255);
	cr_assert_eq(verbs_mark(255), 1);
}

Test(verbs_meas, inline_only_for_sizes_that_fit)
{
	cr_assert(verbs_use_inline(0, 64));
	cr_assert(verbs_use_inline(64, 64));
	cr_assert(!verbs_use_inline(65, 64));
	cr_assert(!verbs_use_inline(0, 0), "--inline 0 disables inlining");
	cr_assert(!verbs_use_inline(8, 0));
}

Test(verbs_meas, atomic_operands_fetch_the_operation_index)
{
	/* Simulate the target in host order: every operation must succeed and fetch k. */
	enum verbs_test tests[] = {VERBS_ATOMIC_FADD, VERBS_ATOMIC_CSWAP};
	for (size_t t = 0; t < 2; t++) {
		uint64_t target = 0, fetched = 0;
		for (uint64_t k = 0; k < 1000; k++) {
			uint64_t ca, sw;
			verbs_atomic_operands(tests[t], k, &ca, &sw);
			fetched = target;
			if (tests[t] == VERBS_ATOMIC_FADD)
				target += ca;
			else if (target == ca)
				target = sw;
			cr_assert_eq(fetched, k);
		}
		st_err e = {0};
		char *err = e.msg;
		cr_assert_eq(verbs_atomic_check(1000, fetched, target, &e), 0, "%s", err);
	}
}

Test(verbs_meas, atomic_check_accepts_big_endian_adapters_and_catches_errors)
{
	st_err e = {0};
	char *err = e.msg;
	cr_assert_eq(verbs_atomic_check(0, 0, 0, &e), 0);
	cr_assert_eq(verbs_atomic_check(110, 109, 110, &e), 0);
	cr_assert_eq(verbs_atomic_check(110, 109, UINT64_MAX, &e), 0);
	/* ConnectX keeps the target big-endian: 109 and 110 byte-swapped. */
	cr_assert_eq(verbs_atomic_check(110, 0x6d00000000000000ull, 0x6e00000000000000ull, &e), 0,
		     "%s", err);
	cr_assert_eq(verbs_atomic_check(110, 108, 110, &e), ST_EVALUE);
	cr_assert_str_eq(err, "atomic results are wrong: operation 110 fetched 108, expected 109");
	cr_assert_eq(verbs_atomic_check(110, 109, 111, &e), ST_EVALUE);
	cr_assert_str_eq(err,
			 "atomic results are wrong: the target holds 111 after 110 operations");
}

Test(verbs_meas, srq_refill_tops_up_to_depth)
{
	cr_assert_eq(verbs_srq_refill(64, 64, 0), 0);
	cr_assert_eq(verbs_srq_refill(64, 64, 57), 57);
	cr_assert_eq(verbs_srq_refill(64, 121, 57), 0);
	cr_assert_eq(verbs_srq_refill(64, 100, 99), 63);
	cr_assert_eq(verbs_srq_refill(64, 10, 20), 64, "inconsistent counts: refill all");
}

Test(verbs_meas, buffer_areas_are_whole_pages)
{
	cr_assert_eq(verbs_area_bytes(0, 4096), 4096);
	cr_assert_eq(verbs_area_bytes(2, 4096), 4096);
	cr_assert_eq(verbs_area_bytes(4096, 4096), 4096);
	cr_assert_eq(verbs_area_bytes(4097, 4096), 8192);
	cr_assert_eq(verbs_area_bytes(1 << 23, 4096), 1 << 23);
	cr_assert_eq(verbs_area_bytes(100, 65536), 65536);
	cr_assert_eq(verbs_area_bytes(100, 0), 4096);
}
