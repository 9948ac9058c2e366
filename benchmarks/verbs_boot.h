/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_boot.h: what verbs_lat and verbs_bw share around their timed loops:
 * opening and connecting the RC queue pair on both ranks (MPI swaps the
 * records), agreeing on failures, the trial's "verbs" object and the "#"
 * lines about the connection, and closing. Built only with libibverbs. */
#ifndef SRIOVSTAT_VERBS_BOOT_H
#define SRIOVSTAT_VERBS_BOOT_H

#include <json-c/json.h>
#include <stdint.h>

#include "harness.h"
#include "verbs_opts.h"
#include "verbs_rc.h"
#include "verbs_xchg.h"

/* Remember the program's name, this rank and its host (for messages).
 * Call after MPI_Init. */
void verbs_boot_init(const char *prog);

/* This rank's host name, as verbs_boot_init read it. */
const char *verbs_boot_host(void);

/* After a step every rank took: 0 when all succeeded. Otherwise the lowest
 * failing rank prints its message, and every rank gets the largest status. */
int verbs_agree(int status, const char *msg);

/* Set up the QP on both ranks (2 ranks); 0 or the exit status (reported). */
int verbs_bootstrap(verbs_rc *r, const verbs_opts *vo, uint64_t max_size, verbs_xchg *rem);

/* Release the QP and its resources; 0 or 1 (reported). */
int verbs_shutdown(verbs_rc *r);

/* A rank failed inside the timed loop while its peer waits on the fabric:
 * print "PROG: error: MSG (rank R on HOST)", release the QP, give the
 * launcher time to forward the line, and abort the job. Does not return. */
void verbs_fail_job(verbs_rc *r, const char *msg);

/* What a sample of the test is: "half round trip", "whole operation", or
 * for verbs_bw "completion interval". */
const char *verbs_sample_name(const verbs_opts *vo);

/* The "verbs" object of the trial. */
json_object *verbs_meta(const verbs_rc *r, const verbs_opts *vo, const verbs_xchg *rem);

/* The "#" lines about the connection (rank 0). */
void verbs_print_connection(const verbs_rc *r, const verbs_opts *vo, const verbs_xchg *rem);

/* What verbs_lat and verbs_bw hold from start to end (prog and vo are the
 * harness's: c->prog points into this). */
typedef struct verbs_session {
	verbs_opts vo;
	bench_prog prog;
	verbs_rc r;
	verbs_xchg rem;
	uint64_t *stamps;  /* the largest iteration count + 1 */
	uint64_t *samples; /* the largest iteration count */
} verbs_session;

/* Everything before the sizes' loop: MPI_Init, verbs_boot_init(name),
 * parse (init describes the program), open and connect the queue pair on
 * both ranks before any output, then bench_begin (which reports option and
 * rank-count errors), the trial's op and "verbs" object, the "#" connection
 * lines, and the sample arrays. Returns BENCH_RUN to go on, or the exit
 * status to return (everything released, MPI finalized). */
int verbs_start(verbs_session *s, bench_ctx *c, int *argc, char ***argv, const char *name,
		void (*init)(bench_prog *, verbs_opts *));

/* After the loop: free the arrays, close the queue pair, bench_finish
 * (bench_end and MPI_Finalize). Returns the exit status. */
int verbs_end(verbs_session *s, bench_ctx *c);

#endif
