/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_mem.c: page-aligned message buffers (bench_mem.h says why). */
#include <stdlib.h>
#include <unistd.h>

#include "bench_mem.h"

void *bench_msg_alloc(size_t bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = NULL;
	if (posix_memalign(&p, page > 0 ? (size_t)page : 4096, bytes ? bytes : 1) != 0)
		return NULL;
	return p;
}
