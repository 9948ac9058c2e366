/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_meas.h: the arithmetic around verbs_lat's timed loops, kept apart
 * so that it is unit-tested without a device.
 *
 * Samples: rank 0 reads the clock once before the first timed iteration and
 * once after each, t[0] .. t[n]. For the ping-pongs (write, send) a sample is
 * half the round trip, (t[i+1] - t[i]) / 2, as perftest's ib_write_lat and
 * ib_send_lat and OSU report latency; for read and the atomics it is the
 * whole operation, t[i+1] - t[i] (post to completion), as ib_read_lat and
 * ib_atomic_lat report it. */
#ifndef SRIOVSTAT_VERBS_MEAS_H
#define SRIOVSTAT_VERBS_MEAS_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"
#include "verbs_opts.h"

/* Samples of a test from n + 1 timestamps (see above). */
void verbs_samples(enum verbs_test test, const uint64_t *t, size_t n, uint64_t *out);

/* The byte iteration i of a write ping-pong leaves in the last byte of the
 * buffer: 1..255, never 0 (the cleared value), different from iteration i-1's. */
static inline uint8_t verbs_mark(uint64_t i)
{
	return (uint8_t)(i % 255 + 1);
}

/* Whether a message of size bytes goes inline when inline_size bytes were asked. */
static inline int verbs_use_inline(uint64_t size, int inline_size)
{
	return inline_size > 0 && size <= (uint64_t)inline_size;
}

/* The operands of atomic operation k (0-based, warmup included) on a target
 * that starts at 0: fetch-and-add adds 1; compare-and-swap compares with k
 * and swaps in k + 1. Either way operation k fetches k when all went right. */
void verbs_atomic_operands(enum verbs_test test, uint64_t k, uint64_t *compare_add, uint64_t *swap);

/* Check the value the last of total atomic operations fetched (and the
 * target's final value when known, else pass UINT64_MAX). Values are
 * accepted in host byte order or byte-swapped, since adapters (ConnectX)
 * treat the target as a big-endian 64-bit value. 0, or ST_EVALUE with err. */
int verbs_atomic_check(uint64_t total, uint64_t last_fetched, uint64_t final_target, st_err *err);

/* How many receives to post to bring an SRQ of depth entries back to full
 * when posted receives were posted in all and consumed were consumed. */
uint64_t verbs_srq_refill(uint64_t depth, uint64_t posted, uint64_t consumed);

/* The buffer a rank registers for sizes up to max_size: two areas (what it
 * sends or reads into, and what the peer writes or reads), each rounded up
 * to whole pages of page bytes and at least 64 bytes. */
uint64_t verbs_area_bytes(uint64_t max_size, uint64_t page);

/* The inline size to request: the user's, else the device's maximum for
 * write and send, 0 for read and the atomics. */
int verbs_inline_request(const verbs_opts *v, uint32_t device_max);

#endif
