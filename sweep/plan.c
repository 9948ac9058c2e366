/* SPDX-License-Identifier: BSD-3-Clause */
/* plan.c: the plan of a sweep, a randomized complete block design: each
 * round a permutation of the configurations drawn with mt19937 (GSL), and
 * which places still have to run given the trials present. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "experiment.h"

/* Draw the order of every round. */
int exp_plan(size_t nconfigs, unsigned trials, uint64_t seed, size_t *order, st_err *err)
{
	if (nconfigs == 0 || trials == 0)
		return st_seterr(err, ST_EUSAGE, "a plan needs configurations and trials");
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		return st_seterr(err, ST_ENOMEM, "out of memory");
	gsl_rng_set(rng, (unsigned long)seed);
	for (unsigned r = 0; r < trials; r++) {
		size_t *round = order + (size_t)r * nconfigs;
		for (size_t i = 0; i < nconfigs; i++)
			round[i] = i;
		gsl_ran_shuffle(rng, round, nconfigs, sizeof *round);
	}
	gsl_rng_free(rng);
	return 0;
}

/* Mark the places of the plan that still have to run. */
size_t exp_todo(const size_t *order, size_t nconfigs, unsigned trials, const unsigned *done,
		unsigned char *todo)
{
	size_t n = 0;
	for (unsigned r = 0; r < trials; r++)
		for (size_t i = 0; i < nconfigs; i++) {
			size_t p = (size_t)r * nconfigs + i;
			todo[p] = (unsigned)r + 1 > done[order[p]];
			n += todo[p];
		}
	return n;
}
