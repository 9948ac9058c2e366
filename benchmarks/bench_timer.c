/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_timer.c: measuring the benchmarks' clock. */
#include <stdlib.h>

#include "bench_timer.h"
#include "desc.h"

/* Resolution, smallest step and median cost of a read. */
void bench_timer_calibrate(bench_timer_info *ti)
{
	enum { N = 20001 };
	static uint64_t t[N], d[N - 1];
	struct timespec res;

	ti->name = "clock_gettime(CLOCK_MONOTONIC)";
	clock_getres(CLOCK_MONOTONIC, &res);
	ti->resolution_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;
	for (int i = 0; i < N; i++)
		t[i] = bench_now_ns();
	uint64_t step = UINT64_MAX;
	for (int i = 0; i < N - 1; i++) {
		d[i] = t[i + 1] - t[i];
		if (d[i] > 0 && d[i] < step)
			step = d[i];
	}
	ti->min_step_ns = step == UINT64_MAX ? 0 : (double)step;
	st_sort_u64(d, N - 1);
	ti->overhead_ns = st_quantile_sorted_u64(d, N - 1, 0.5);
}
