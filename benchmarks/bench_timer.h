/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_timer.h: the benchmarks' clock.
 *
 * clock_gettime(CLOCK_MONOTONIC) read as integer nanoseconds. Chosen over
 * MPI_Wtime because it gives integers with no double rounding, is the same
 * under MPICH and Open MPI, and costs slightly less here (42.8 ns against
 * 49.6 ns per call in shared/MEASURED.md; MPICH's MPI_Wtime calls it anyway).
 * Its resolution and per-read cost are measured at start and recorded in
 * every trial. */
#ifndef SRIOVSTAT_BENCH_TIMER_H
#define SRIOVSTAT_BENCH_TIMER_H

#include <stdint.h>
#include <time.h>

/* Now, in ns since an arbitrary point. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef struct bench_timer_info {
	const char *name;     /* "clock_gettime(CLOCK_MONOTONIC)" */
	double resolution_ns; /* clock_getres */
	double min_step_ns;   /* smallest non-zero difference seen between reads */
	double overhead_ns;   /* median cost of one read, from back-to-back reads */
} bench_timer_info;

/* Measure the clock (about a millisecond). */
void bench_timer_calibrate(bench_timer_info *ti);

#endif
