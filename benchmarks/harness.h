/* SPDX-License-Identifier: BSD-3-Clause */
/* harness.h: what every MPI benchmark does around its timed loop.
 *
 *   bench_ctx c;
 *   int status = bench_start(&c, &argc, &argv, &prog);  (MPI_Init, bench_begin)
 *   if (status != BENCH_RUN) return status;
 *   allocate, then bench_all_allocated(&c, ok, ...) (else free, bench_finish)
 *   for each size k: bench_size_start(&c, k, &iters, &warm), the timed loop
 *     into per-rank buffers, then bench_record_size(...)
 *   return bench_finish(&c);                            (bench_end, MPI_Finalize)
 *
 * bench_begin runs in three stages. Preflight: parse the shared options
 * (errors on rank 0 only, exit 2), check the rank count, check --json before
 * anything runs (so a bad file or directory fails fast and nothing is
 * written), install the signal handlers, measure the timer. Metadata: gather
 * the fingerprint per node and build the trial's metadata on rank 0 (a
 * benchmark adds its own with bench_meta_add). Header: the OSU-style header.
 * bench_record_size combines the ranks' samples (mean and max per
 * iteration), keeps the size in the trial and prints the row. With --json,
 * rank 0 writes the trial as it stands before it prints the row (a
 * checkpoint: "complete": false, "checkpoint": true, the sizes finished so
 * far; trial_file_checkpoint), and again at the next bench_size_start when
 * the program added fields to that size, so that a kill loses at most the
 * size under way and every printed size is in the file; --no-checkpoint
 * and SRIOVSTAT_INCOMPLETE=drop turn that off. bench_end writes the final trial over the checkpoint (or
 * appends it) atomically (rank 0). MPI_Init and MPI_Finalize are the
 * program's.
 *
 * Signals. bench_begin catches SIGINT and SIGTERM. A program runs each
 * size's warmup and timed iterations in windows of about 0.1 s
 * (bench_window): between two windows, outside the timed part, one small
 * allreduce agrees on the next window's length (rank 0 proposes it from the
 * last one's duration) and on whether any rank got a signal, so all ranks
 * leave the loop at the same iteration. After the first signal the size
 * under way stops within about a window and is dropped (a partly measured
 * size is never written), the program leaves its size loop
 * (bench_interrupted; c->nsizes shrinks to the sizes done), and bench_end
 * writes the trial with "complete": false and "interrupted_by" holding the
 * sizes that finished (none finished: nothing is written) and returns
 * 128 + the signal number. A signal after the last size leaves a complete
 * trial, no "interrupted_by", and exit status 0 (the run says so).
 * SRIOVSTAT_INCOMPLETE=drop writes nothing instead (sriovstat sweep sets
 * it: it runs the trial again). Signals within 1 s of the previous one count
 * once (a process-group signal also comes forwarded by the launcher); a
 * second one gives the run 10 s to write the finished sizes (then it exits,
 * 128 + N, with a one-line error), a third exits at once without writing;
 * while the trial file is being written the signals wait until it is whole.
 * Once bench_end has written the trial, SIGINT and SIGTERM have their
 * default action again. SIGXFSZ: past `ulimit -f` while MPI starts, a
 * one-line error and exit 1; after bench_begin the trial write fails with
 * a one-line error naming the limit, the old file intact.
 *
 * A size's loops, every rank taking part in every window (bench_window is
 * collective; never call it inside a timed part):
 *
 *   uint64_t n;
 *   for (uint64_t i0 = 0; (n = bench_window(&c, i0, warm)) > 0; i0 += n)
 *           n untimed iterations;
 *   for (uint64_t i0 = 0; (n = bench_window(&c, i0, iters)) > 0; i0 += n)
 *           n timed iterations from i0 (a fresh first clock read per window);
 *   if (bench_interrupted(&c))
 *           break;
 *   bench_record_size(...); */
#ifndef SRIOVSTAT_HARNESS_H
#define SRIOVSTAT_HARNESS_H

#include <mpi.h>
#include <stdint.h>

#include "bench_opts.h"
#include "bench_stats.h"
#include "bench_timer.h"
#include "trial.h"

typedef struct bench_ctx {
	const bench_prog *prog;
	bench_opts opts;
	int rank, nranks;
	int nodes, ranks_per_node; /* ranks_per_node: the largest count on a node */
	MPI_Comm node_comm;        /* ranks sharing this node's memory */
	bench_timer_info timer;
	uint64_t sizes[BENCH_MAX_SIZES];
	int nsizes;
	trial *trial;      /* rank 0 only */
	uint64_t *scratch; /* rank 0: room for the largest size's samples */
	size_t scratch_n;
	double t_begin;             /* for progress lines */
	int progress;               /* progress (rank 0): 1 on stderr, a terminal; 2 on stderr, the
				       launcher's is a terminal; 3 on stdout, the launcher's stdout and
				       stderr are the same terminal (rows and progress in one stream) */
	int failed;                 /* a size failed validation: exit 1 */
	int nsizes_asked;           /* nsizes before a signal shortened it */
	int stop;                   /* the signal all ranks agreed to stop on, or 0 */
	int npairs;                 /* p2p programs: pairs measured (1 without --pairs) */
	MPI_Comm pair_comm;         /* the pairs' first ranks (0 .. npairs-1), else MPI_COMM_NULL */
	const char *row_validation; /* collectives with -c: "Pass" or "Fail" for the next row */
	char mpi_first[256];        /* rank 0: the MPI library's first line */
	int cur;                    /* the size under way (bench_size_start) */
	uint64_t stop_done;         /* a signal inside a size: iterations of the loop done */
	uint64_t stop_total;        /* and the loop's total */
	uint64_t win_len;           /* the last window's iterations */
	uint64_t win_t0;            /* when it started (ns, bench_now_ns) */
	double win_ns_per_iter;     /* rank 0: the last window's ns per iteration */
	trial_ckpt *ckpt;           /* rank 0: the trial's checkpoint in --json, or NULL */
	size_t ckpt_nsizes;         /* the sizes it holds */
	int ckpt_keys;              /* and the fields of its last size */
	int ckpt_warned;            /* a failed checkpoint was reported */
} bench_ctx;

/* bench_begin's answer when the run goes on (any other is an exit status). */
#define BENCH_RUN (-1)

/* Where the samples handed to bench_record_size come from. */
enum bench_samples_from {
	BENCH_FROM_ROOT,      /* rank 0 alone measured (ping-pong) */
	BENCH_FROM_ALL_RANKS, /* every rank timed its own call (collectives) */
};

/* Set up a run (after MPI_Init, on every rank). Returns BENCH_RUN to go on,
 * or the exit status to stop with, the same on every rank: 0 after --help or
 * --version, 2 on a usage error, 1 on a failure (reported on stderr). */
int bench_begin(bench_ctx *c, int argc, char **argv, const bench_prog *prog);

/* MPI_Init, then bench_begin; MPI_Finalize when it says stop. Returns
 * BENCH_RUN or the exit status. */
int bench_start(bench_ctx *c, int *argc, char ***argv, const bench_prog *prog);

/* bench_end, then MPI_Finalize. Returns the exit status. */
int bench_finish(bench_ctx *c);

/* After each rank allocated its buffers (ok: it got them all): 1 when
 * every rank did; else rank 0 prints "prog: error: FMT...", the run is
 * marked failed (exit 1) and every rank gets 0. Collective. */
int bench_all_allocated(bench_ctx *c, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Add key: val to the trial's metadata, or to its object member parent
 * ("options", "verbs") when parent is not NULL. Takes val (on ranks other
 * than 0 it is released). 0; ST_EUSAGE when parent is missing; ST_ENOMEM
 * (reported, the run failed) when val is NULL or cannot be added. */
int bench_meta_add(bench_ctx *c, const char *parent, const char *key, json_object *val);

/* Before size k's loops (every rank): rank 0 checkpoints the trial when
 * the program added fields to the last size, then its iterations and
 * warmup, the progress line, and a barrier. */
void bench_size_start(bench_ctx *c, int k, uint64_t *iters, uint64_t *warm);

/* The next window of a loop of total iterations of which done are done:
 * its length, or 0 when the loop is over or a signal stopped the run (then
 * bench_interrupted is 1). Collective over MPI_COMM_WORLD: every rank calls
 * it with the same done and total, outside the timed part. */
uint64_t bench_window(bench_ctx *c, uint64_t done, uint64_t total);

/* 1 once the ranks agreed, inside the size under way, to stop on a signal:
 * leave the size loop without recording it. The same on every rank. */
static inline int bench_interrupted(const bench_ctx *c)
{
	return c->stop != 0 && c->cur >= c->nsizes;
}

/* Room for the samples of the largest iteration count plus extra (a clock
 * read before the first: 1), zeroed so page faults stay out of the timed
 * loop; NULL when out of memory. Free with free(). */
uint64_t *bench_samples_alloc(const bench_ctx *c, size_t extra);

/* Record one size's n per-iteration samples (ns). With BENCH_FROM_ALL_RANKS
 * every rank passes its own; with BENCH_FROM_ROOT only rank 0's are read.
 * Returns the trial's size on rank 0 (to add fields to its meta), else NULL. */
trial_size *bench_record_size(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			      const uint64_t *samples, enum bench_samples_from from);

/* Point-to-point pairs (p2p_lat, p2p_bw), as osu_multi_lat: rank i < npairs
 * pairs with rank i + nranks/2 (block placement puts the two on different
 * nodes). Returns 1 for a pair's first rank (it times), -1 for its second,
 * 0 for a rank in no pair; *partner is the other rank of the pair. */
int bench_pair_role(const bench_ctx *c, int *partner);

/* Record one size of a p2p program: every pair's first rank passes its n
 * samples (latencies, or window times when prog->bandwidth, a window moving
 * bytes_per_sample bytes per pair); the others pass NULL. The trial keeps per
 * iteration the mean over pairs (samples) and, with several pairs, the max
 * over pairs (max_samples) and every pair's samples and summary. */
trial_size *bench_record_pairs(bench_ctx *c, uint64_t size, uint64_t iterations, uint64_t warmup,
			       const uint64_t *samples, uint64_t bytes_per_sample);

/* Name the op of this run's trial ("pingpong", "allgather", "write", ...);
 * call after bench_begin, on every rank (only rank 0 keeps a trial). */
void bench_set_op(bench_ctx *c, const char *op);

/* Print a line on stderr from rank 0: "prog: error: ..." and mark the run failed. */
void bench_error(bench_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Show progress (size being measured) on a terminal. */
void bench_progress(bench_ctx *c, int index, uint64_t size);

/* Write the trial (rank 0) and release everything. Returns the exit status. */
int bench_end(bench_ctx *c);

#endif
