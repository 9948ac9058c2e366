/* SPDX-License-Identifier: BSD-3-Clause */
/* par.h: running independent pieces of work on every core.
 *
 * The analysis splits its work into numbered pieces (files to read, sample
 * strings to decode, cells to describe) that write only their own slot of
 * an output array; st_par_for runs them on a few threads. Results, and the
 * error reported (the failing piece with the lowest number), do not depend
 * on the number of threads. */
#ifndef SRIOVSTAT_PAR_H
#define SRIOVSTAT_PAR_H

#include <stddef.h>

/* The number of threads to use: st_set_threads's value when set, else
 * SRIOVSTAT_THREADS when it is a positive integer, else the number of
 * online CPUs; at least 1 and at most ST_MAX_THREADS. */
#define ST_MAX_THREADS 256
int st_threads(void);

/* Cap the thread count (--threads); n <= 0 restores the default. */
void st_set_threads(int n);

/* Run fn(i, arg) for every i in [0, n) on up to st_threads() threads (the
 * calling thread is one of them); returns when all are done. fn must only
 * touch state of its own i (and read shared data). Pieces are handed out in
 * order of i. When threads cannot be started, the caller runs them all. */
void st_par_for(size_t n, void (*fn)(size_t i, void *arg), void *arg);

#endif
