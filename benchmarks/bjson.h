/* SPDX-License-Identifier: BSD-3-Clause */
/* bjson.h: the json-c constructors the benchmarks build trial metadata and
 * fingerprints with, each failure remembered. json-c returns NULL when an
 * allocation fails, and adding NULL to an object records a JSON null: the
 * trial would be written with a silently missing field. bench_end refuses
 * to write a trial when any rank's constructor failed (bj_failed).
 *
 * An object or array that cannot be made has nowhere to hold what follows
 * (json-c asserts on adding to NULL): the job stops with a one-line error.
 *
 * SRIOVSTAT_FAULT_JSON=N (tests) makes the N-th value (not object or array)
 * constructed by the process fail, as an allocation failure would. */
#ifndef SRIOVSTAT_BJSON_H
#define SRIOVSTAT_BJSON_H

#include <json-c/json.h>
#include <stdint.h>

/* Whether a constructor of this process has failed. */
int bj_failed(void);

/* o, or NULL and remembered when o is NULL (or the injected fault is due,
 * in which case o is released). */
json_object *bj_note(json_object *o);

/* o; when o is NULL, "PROG: error: out of memory ..." and MPI_Abort. */
json_object *bj_container(json_object *o);

#define bj_object()       bj_container(json_object_new_object())
#define bj_array()        bj_container(json_object_new_array())
#define bj_string(s)      bj_note(json_object_new_string(s))
#define bj_int(v)         bj_note(json_object_new_int(v))
#define bj_int64(v)       bj_note(json_object_new_int64(v))
#define bj_boolean(v)     bj_note(json_object_new_boolean(v))
#define bj_double(v)      bj_note(json_object_new_double(v))
#define bj_double_s(v, s) bj_note(json_object_new_double_s(v, s))

#endif
