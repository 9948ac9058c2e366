/* SPDX-License-Identifier: BSD-3-Clause */
/* par.c: a parallel for over numbered pieces of work (par.h). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "par.h"

static int threads_cap; /* st_set_threads; 0: default */

int st_threads(void)
{
	long n = threads_cap;
	if (n <= 0) {
		const char *e = getenv("SRIOVSTAT_THREADS");
		char *end;
		n = e && *e ? strtol(e, &end, 10) : 0;
		if (!e || !*e || *end || n <= 0)
			n = sysconf(_SC_NPROCESSORS_ONLN);
	}
	if (n < 1)
		n = 1;
	return n > ST_MAX_THREADS ? ST_MAX_THREADS : (int)n;
}

void st_set_threads(int n)
{
	threads_cap = n > 0 ? n : 0;
}

/* The shared state of one st_par_for. */
typedef struct par_job {
	size_t n;
	size_t next; /* next piece to hand out (atomic) */
	void (*fn)(size_t, void *);
	void *arg;
} par_job;

/* Take pieces until none is left. */
static void *worker(void *p)
{
	par_job *j = p;
	for (;;) {
		size_t i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
		if (i >= j->n)
			break;
		j->fn(i, j->arg);
	}
	return NULL;
}

void st_par_for(size_t n, void (*fn)(size_t i, void *arg), void *arg)
{
	par_job j = {n, 0, fn, arg};
	size_t nt = (size_t)st_threads();
	if (nt > n)
		nt = n;
	pthread_t tid[ST_MAX_THREADS];
	size_t started = 0;
	for (size_t t = 1; t < nt; t++) {
		if (pthread_create(&tid[started], NULL, worker, &j) != 0)
			break;
		started++;
	}
	worker(&j);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
}
