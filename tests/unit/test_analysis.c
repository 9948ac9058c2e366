/* test_analysis.c: summaries and comparisons of in-memory trial files. */
#include <criterion/criterion.h>

#include "analysis.h"

Test(analysis, placeholder)
{
	st_opts o;
	st_opts_init(&o);
	cr_assert_eq(o.npcts, 3);
}
