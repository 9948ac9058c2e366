/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_meas.c: samples, atomic operands and checks, SRQ refills, buffers. */
#include <stdio.h>

#include "bench_stats.h"
#include "verbs_meas.h"

/* Half round trips for ping-pongs, whole operations otherwise. */
void verbs_samples(enum verbs_test test, const uint64_t *t, size_t n, uint64_t *out)
{
	if (verbs_test_is_pingpong(test)) {
		bench_half_round_trips(t, n, out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = t[i + 1] - t[i];
}

/* Operands of atomic operation k. */
void verbs_atomic_operands(enum verbs_test test, uint64_t k, uint64_t *compare_add, uint64_t *swap)
{
	if (test == VERBS_ATOMIC_CSWAP) {
		*compare_add = k;
		*swap = k + 1;
	} else {
		*compare_add = 1;
		*swap = 0;
	}
}

/* Whether v is want in host order or byte-swapped: adapters such as
 * ConnectX operate on the 8 bytes as a big-endian value. */
static int same_either_order(uint64_t v, uint64_t want)
{
	return v == want || __builtin_bswap64(v) == want;
}

/* Check the results of total atomic operations. */
int verbs_atomic_check(uint64_t total, uint64_t last_fetched, uint64_t final_target, st_err *err)
{
	if (total == 0)
		return 0;
	if (!same_either_order(last_fetched, total - 1))
		return st_seterr(
			err, ST_EVALUE,
			"atomic results are wrong: operation %llu fetched %llu, expected %llu",
			(unsigned long long)total, (unsigned long long)last_fetched,
			(unsigned long long)(total - 1));
	if (final_target != UINT64_MAX && !same_either_order(final_target, total))
		return st_seterr(
			err, ST_EVALUE,
			"atomic results are wrong: the target holds %llu after %llu operations",
			(unsigned long long)final_target, (unsigned long long)total);
	return 0;
}

/* Receives to post to refill an SRQ. */
uint64_t verbs_srq_refill(uint64_t depth, uint64_t posted, uint64_t consumed)
{
	uint64_t outstanding = posted >= consumed ? posted - consumed : 0;
	return outstanding >= depth ? 0 : depth - outstanding;
}

/* Bytes of one buffer area. */
uint64_t verbs_area_bytes(uint64_t max_size, uint64_t page)
{
	uint64_t b = max_size < 64 ? 64 : max_size;
	if (page == 0)
		page = 4096;
	return (b + page - 1) / page * page;
}

/* Inline bytes to request. */
int verbs_inline_request(const verbs_opts *v, uint32_t device_max)
{
	if (!verbs_test_is_pingpong(v->test))
		return 0;
	if (v->inline_size >= 0)
		return v->inline_size;
	return device_max > VERBS_INLINE_LIMIT ? VERBS_INLINE_LIMIT : (int)device_max;
}
