/* desc.c: descriptive statistics of latency samples. */
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "sterr.h"

/* LSD radix sort by 16-bit digits, skipping digits where all values agree. */
int st_sort_u64(uint64_t *v, size_t n)
{
	if (n < 2)
		return 0;
	if (n < 64) {
		for (size_t i = 1; i < n; i++) {
			uint64_t x = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return 0;
	}
	uint64_t *tmp = malloc(n * sizeof *tmp);
	size_t *count = malloc(65536 * sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return ST_ENOMEM;
	}
	uint64_t all_or = 0, all_and = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		all_or |= v[i];
		all_and &= v[i];
	}
	uint64_t varying = all_or ^ all_and;
	uint64_t *src = v, *dst = tmp;
	for (int shift = 0; shift < 64; shift += 16) {
		if (((varying >> shift) & 0xffff) == 0)
			continue;
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	free(count);
	return 0;
}

/* Type-7 quantile: v[floor(h)] + (h - floor(h)) (v[floor(h)+1] - v[floor(h)]). */
double st_quantile_sorted_u64(const uint64_t *sorted, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	if (p <= 0.0)
		return (double)sorted[0];
	if (p >= 1.0)
		return (double)sorted[n - 1];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	double frac = h - (double)lo;
	if (lo + 1 >= n)
		return (double)sorted[n - 1];
	return (double)sorted[lo] + frac * ((double)sorted[lo + 1] - (double)sorted[lo]);
}

/* Mean with a long double accumulator. */
double st_mean_u64(const uint64_t *v, size_t n)
{
	long double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return n ? (double)(s / n) : 0.0;
}
