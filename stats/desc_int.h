/* SPDX-License-Identifier: BSD-3-Clause */
/* desc_int.h: inside the library, what the descriptions of one array
 * (desc.c) and of trials read together (desctrials.c) share. Not for
 * programs: they use desc.h. */
#ifndef SRIOVSTAT_DESC_INT_H
#define SRIOVSTAT_DESC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "desc.h"
#include "sterr.h"

/* At most this many ranks for one st_desc (ds_pooled_ranks). */
#define DS_POOLED_RANKS (2 * ST_MAX_PCT + 4)

/* Check n, the percentiles and the level of a description. */
int ds_describe_check(size_t n, const double *pct_at, size_t npct, double level, st_err *err);

/* Fill ci's ranks of a median interval of n values (1), or say why there is
 * none (0). */
int ds_median_ci_common(size_t n, double level, st_ci *ci);

/* Minimum, maximum, mean and sd of the union of segments; *n_out their count. */
void ds_segs_scan(const uint64_t *const *segs, const size_t *lens, size_t nseg, size_t *n_out,
		  uint64_t *mn_out, uint64_t *mx_out, double *mean, double *sd);

#ifdef __SIZEOF_INT128__
/* Add the n values of v to the extremes *mn, *mx and to the sums of their
 * distances from ref (*a1) and of the squares of those (*a2). */
void ds_sums_add(const uint64_t *v, size_t n, uint64_t ref, uint64_t *mn, uint64_t *mx,
		 __int128 *a1, unsigned __int128 *a2);
#endif

/* Mean and sd of n values from the sums of their distances from ref (s1)
 * and of their squares (s2), as ds_segs_scan computes them. */
void ds_scan_finish(size_t n, uint64_t ref, long double s1, long double s2, double *mean,
		    double *sd);

/* The 0-based ranks a type-7 quantile at p of n values needs (1 or 2). */
size_t ds_type7_ranks(size_t n, double p, size_t *r);

/* A type-7 quantile at p from the order statistics ds_type7_ranks named. */
double ds_type7_value(size_t n, double p, const uint64_t *x);

/* The ranks a pooled st_desc needs, and out's pct_at, npct, median_ci. */
size_t ds_pooled_ranks(size_t n, const double *pct_at, size_t npct, double level, st_desc *out,
		       size_t *ranks, size_t *nrk);

/* out's percentiles, median and intervals from the values at those ranks. */
void ds_pooled_fill(size_t n, const size_t *nrk, const uint64_t *x, double level, st_desc *out);

#endif
