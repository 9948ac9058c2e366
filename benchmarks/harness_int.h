/* SPDX-License-Identifier: BSD-3-Clause */
/* harness_int.h: what the harness's files share and the programs do not:
 * harness.c (setup, per-size bookkeeping, trial writing), harness_meta.c
 * (fingerprint, trial metadata, header) and harness_rows.c (pairs,
 * bandwidth rows, OSU's collective columns). Not installed, not for the
 * programs: they use harness.h. */
#ifndef SRIOVSTAT_HARNESS_INT_H
#define SRIOVSTAT_HARNESS_INT_H

#include <stdio.h>

#include "harness.h"

/* ---- harness.c ---- */

/* Clear the progress line before printing a row (rank 0). */
void harness_progress_clear(bench_ctx *c);

/* Rank 0: write the trial as it stands (the sizes recorded so far) to
 * --json as a checkpoint, when a size was recorded or a field added to the
 * last one since the last checkpoint (harness.h). A failure is said once
 * and the run goes on: the next checkpoint, or the final write, tries
 * again. */
void harness_checkpoint(bench_ctx *c);

/* ---- harness_sig.c ---- */

/* After a size (all ranks, outside any timed loop): when a rank got a
 * signal, drop the sizes after this one. Collective. */
void harness_agree_stop(bench_ctx *c, uint64_t size);

/* The largest signal number any rank got (0: none). Collective. */
int harness_signal_agreed(void);

/* Fault injection for tests/hardening/interrupt.sh, in bench_end:
 * SRIOVSTAT_FAULT_SIGNAL=end has rank 0 wait 0.3 s before it writes the
 * final trial (writer 1) and the last rank raise SIGINT meanwhile, as it
 * waits for rank 0 (writer 0). */
void harness_fault_end(const bench_ctx *c, int writer);

/* Catch SIGINT, SIGTERM (and the second one's SIGALRM); ignore SIGXFSZ. */
void harness_signals_install(const char *prog);

/* SIGINT, SIGTERM and SIGALRM back to their default action, no alarm. */
void harness_signals_default(void);

/* Block (hold 1) or unblock them around the write of the trial. */
void harness_signals_hold(int hold);

/* The file size limit (ulimit -f) in bytes, 0 when there is none. */
uint64_t harness_file_limit(void);

/* Rank 0: make c->scratch hold n samples. 1, or 0 when out of memory. */
int harness_scratch_reserve(bench_ctx *c, size_t n);

/* ---- harness_meta.c ---- */

/* A number for JSON, null when not finite; rounded to 1 ps. */
json_object *harness_jnum(double v);

/* A latency summary as JSON (keys ending in _us). */
json_object *harness_summary_json(const bench_summary *s, const bench_opts *o);

/* A summary object: avg, min, max and the percentiles, keys ending in _UNIT. */
json_object *harness_values_json(double avg, double min, double max, const double *pct, int npct,
				 const bench_opts *o, const char *unit);

/* The metadata stage of bench_begin: the node communicator, the fingerprint
 * gathered per node, the pairs, and on rank 0 the trial with its metadata.
 * BENCH_RUN, or the exit status (every rank gets the same; reported). */
int harness_metadata(bench_ctx *c, int argc, char **argv);

/* The header stage (rank 0): progress mode, the "#" lines, column names. */
void harness_header(bench_ctx *c);

/* ---- harness_rows.c ---- */

/* Settle the number of pairs from --pairs and the rank count (reported).
 * 1 to go on, 0 on a usage error. */
int harness_pairs_check(bench_ctx *c);

/* The pairs' communicator and, on rank 0, the fingerprint's "pairs". */
void harness_pairs_setup(bench_ctx *c, json_object *fp);

/* Trial-level fields of p2p programs (pairs in the options, quantity). */
void harness_p2p_meta(bench_ctx *c, json_object *m);

/* Column names of p2p programs (after the "# pairs:" line). */
void harness_print_p2p_columns(bench_ctx *c);

/* "# warning: ..." lines and the trial's "warnings" (rank 0). */
void harness_print_warnings(bench_ctx *c);

/* Whether a collective prints OSU's -f or -c columns first. */
int harness_coll_osu_layout(const bench_ctx *c);

/* OSU's collective columns, and one row in that layout. */
void harness_print_coll_columns(bench_ctx *c);
void harness_print_coll_row(bench_ctx *c, uint64_t size, uint64_t iterations,
			    const bench_summary *s, double rank_min, double rank_max);

#endif
