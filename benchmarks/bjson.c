/* SPDX-License-Identifier: BSD-3-Clause */
/* bjson.c: remembered failures of the json-c constructors (bjson.h). */
#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "bjson.h"

static int failed;
static long long made, fault_at = -1;

int bj_failed(void)
{
	return failed;
}

json_object *bj_note(json_object *o)
{
	if (fault_at < 0) {
		const char *f = getenv("SRIOVSTAT_FAULT_JSON");
		fault_at = f && *f ? atoll(f) : 0;
	}
	if (o && fault_at > 0 && ++made == fault_at) {
		json_object_put(o);
		o = NULL;
	}
	if (!o)
		failed = 1;
	return o;
}

json_object *bj_container(json_object *o)
{
	if (o)
		return o;
	fprintf(stderr, "%s: error: out of memory for the trial's metadata\n",
		program_invocation_short_name);
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, 1);
	return NULL;
}
