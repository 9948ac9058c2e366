/* htest.c: two-sample hypothesis tests (work in progress: stubs). */
#include <string.h>

#include "htest.h"

/* Not implemented yet. */
int st_test_run(st_test_kind kind, const double *x, size_t nx, const double *y,
		size_t ny, double level, st_test_result *r, st_err *err)
{
	(void)kind, (void)x, (void)nx, (void)y, (void)ny, (void)level;
	memset(r, 0, sizeof *r);
	return st_seterr(err, ST_EUSAGE, "hypothesis tests are not implemented yet");
}
