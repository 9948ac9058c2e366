/* SPDX-License-Identifier: BSD-3-Clause */
/* trial.h: the trial data model and the trial file format (doc/format.md).
 *
 * A trial file holds one label and many trials. A trial is one run of one
 * benchmark (one op); it holds, per message size, every per-iteration sample
 * in integer nanoseconds: for collectives the mean over ranks ("samples") and
 * the max over ranks ("max_samples"). Everything else a trial records
 * (start time, ranks, options, timer, fingerprint, ...) stays a json-c object
 * in `meta`, so programs can add fields without changing this header.
 *
 * Samples are stored on disk as base64 of little-endian unsigned integers,
 * 32-bit when every value fits and 64-bit otherwise (format.md explains how to
 * read them from Python in three lines). */
#ifndef SRIOVSTAT_TRIAL_H
#define SRIOVSTAT_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "sterr.h"

#define TRIAL_FORMAT_NAME    "sriovstat-trials"
#define TRIAL_FORMAT_VERSION 2 /* written; readers also read version 1 */

/* Largest trial number (the reader refuses more; an append that would pass
 * it is refused instead of wrapping). */
#define TRIAL_MAX_NUMBER 2147483647

/* Longest label, benchmark or op name in bytes that writers produce. */
#define TRIAL_LABEL_MAX 127

/* Largest number of samples one size may hold (reader and writer refuse more). */
#define TRIAL_MAX_SAMPLES ((uint64_t)1 << 31)

typedef struct trial_size {
	uint64_t size;         /* message size in bytes */
	uint64_t iterations;   /* timed iterations asked for */
	uint64_t warmup;       /* untimed iterations before them */
	size_t n;              /* samples held (== iterations) */
	uint64_t *samples;     /* n per-iteration latencies, ns (owned) */
	uint64_t *max_samples; /* n per-iteration max over ranks, ns, or NULL (owned) */
	json_object *meta;     /* other fields of the size: summary, ... (owned, never NULL) */
} trial_size;

typedef struct trial {
	int number;      /* 1, 2, ... within its file */
	char *benchmark; /* "p2p_lat", "coll_lat", "verbs_lat" or a program name */
	char *op;        /* "pingpong", "allgather", "write", ...; "" when none */
	int complete;    /* 0: interrupted, sizes holds those that finished */
	size_t nsizes;
	trial_size *sizes; /* in the order measured (ascending size) */
	json_object *meta; /* start, ranks, options, timer, fingerprint, ... (owned) */
} trial;

typedef struct trial_file {
	char *path; /* where it was read from (for messages), or NULL */
	char *label;
	size_t ntrials;
	trial *trials; /* in file order (ascending trial number) */
} trial_file;

/* Flags for trial_file_read. */
enum {
	TRIAL_READ_NO_SAMPLES = 1, /* check the structure, leave samples NULL (n still set) */
	TRIAL_READ_NO_MAX = 2,     /* do not decode max_samples */
	TRIAL_READ_NO_LIFT = 4,    /* let json-c parse the sample strings too (the plain
				    * path, which the fast one must agree with: tests) */
};

/* ---- building trials (benchmarks, importers) ---- */

/* Check a label, benchmark or op name a writer is about to store: 1 to
 * TRIAL_LABEL_MAX bytes (0 allowed when allow_empty) of printable ASCII
 * (no control characters, newlines or invalid UTF-8). what names it in the
 * message ("--label"). 0 or ST_EVALUE. */
int trial_check_name(const char *what, const char *s, int allow_empty, st_err *err);

/* A new empty trial of benchmark/op (op may be NULL). NULL when out of memory. */
trial *trial_create(const char *benchmark, const char *op);

/* The round of sriovstat sweep that t records (meta "sweep": {"round": N}),
 * or 0 when it records none. */
int trial_sweep_round(const trial *t);

/* Whether t is a bandwidth trial (meta "better": "higher"): its samples
 * are still times, a window's or a message's (doc/format.md), so a lower
 * time is the better result there too. */
int trial_higher_is_better(const trial *t);

/* Release a trial made by trial_create (and everything it owns). */
void trial_destroy(trial *t);

/* Append a size to t, copying n samples (and max_samples unless NULL).
 * Returns the new trial_size (its meta is an empty object to fill) or NULL. */
trial_size *trial_add_size(trial *t, uint64_t size, uint64_t iterations, uint64_t warmup,
			   const uint64_t *samples, const uint64_t *max_samples, size_t n,
			   st_err *err);

/* Release the contents of a trial (not the struct itself). */
void trial_clear(trial *t);

/* ---- files ---- */

/* Default ceiling on the size of a file trial_file_read loads (8 GiB). */
#define TRIAL_DEFAULT_MAX_FILE_BYTES ((uint64_t)8 << 30)

/* The ceiling in force: SRIOVSTAT_MAX_FILE_BYTES (bytes, or with a K, M, G
 * or T binary suffix) when set and valid, else the default. */
uint64_t trial_max_file_bytes(void);

/* ST_EUSAGE with a message when SRIOVSTAT_MAX_FILE_BYTES is set but invalid
 * (programs check it at start instead of silently using the default). */
int trial_max_file_bytes_check(st_err *err);

/* Read and validate a trial file. On success *out is owned by the caller
 * (trial_file_destroy). Errors name the file and the trial, size and field;
 * a file above trial_max_file_bytes() is refused (ST_ENOMEM) unread. */
int trial_file_read(const char *path, unsigned flags, trial_file **out, st_err *err);

/* The same from a buffer; name is used in messages. */
int trial_file_parse(const char *buf, size_t len, const char *name, unsigned flags,
		     trial_file **out, st_err *err);

/* Release a trial file. */
void trial_file_destroy(trial_file *tf);

/* A new empty trial file of label (trials are added with trial_file_take). */
trial_file *trial_file_create(const char *label);

/* Move t into tf (t's contents are taken, t is left empty). 0 or ST_ENOMEM. */
int trial_file_take(trial_file *tf, trial *t, st_err *err);

/* Write tf to path atomically: temporary file beside it, fsync, rename. */
int trial_file_write(const char *path, const trial_file *tf, st_err *err);

/* Append t to the trial file at path (created when missing) under label:
 * the existing file must be a trial file of the same label, or nothing is
 * written. t->number is set to one more than the largest number present.
 * Concurrent appenders are serialized with an advisory lock on "PATH.lock"
 * and on the file. A version-2 file is appended to in place, reading only
 * its header and tail (an undo journal "REALPATH.journal" makes a crash
 * leave the old file); other files are validated whole and rewritten
 * atomically (doc/format.md, "Writing and appending"). */
int trial_file_append(const char *path, const char *label, trial *t, st_err *err);

/* ---- checkpoints: a trial written as it grows (doc/format.md) ---- */

typedef struct trial_ckpt trial_ckpt;

/* Write t to path as a checkpoint of a run still going: stored with
 * "complete": false and "checkpoint": true (t itself is left as it was).
 * The first call (*ck NULL) appends t, sets t->number and makes *ck; each
 * later one replaces that trial by t: in place under the append's undo
 * journal while it is the file's last trial, else by an atomic rewrite of
 * the whole file that keeps it where it is (found by number, mark and
 * "start"; other trials are never touched). The locks are held only while
 * writing. */
int trial_file_checkpoint(const char *path, const char *label, trial *t, trial_ckpt **ck,
			  st_err *err);

/* The final write of a checkpointed trial: replace it by t as t is
 * (complete or not, no mark). With ck NULL: trial_file_append. */
int trial_file_finish(const char *path, const char *label, trial *t, trial_ckpt *ck, st_err *err);

/* The number the checkpointed trial has in its file (0: ck NULL). */
int trial_ckpt_number(const trial_ckpt *ck);

/* Release ck (NULL is fine). */
void trial_ckpt_free(trial_ckpt *ck);

/* Convert the trial file at path to the current version in place and
 * atomically, under the appenders' locks; *from_version is the version it
 * had (nothing is written when it is already current). */
int trial_file_upgrade(const char *path, int *from_version, st_err *err);

/* Write any JSON document to path atomically, as trial files are written:
 * a temporary file beside it, fsync, rename, fsync of the directory. */
int st_write_json_atomic(const char *path, json_object *doc, st_err *err);

/* UTC now as ISO 8601 with milliseconds, e.g. "2026-11-22T00:31:07.412Z". */
void st_iso8601_now(char *buf, size_t len);

/* The whole document of tf as written to a file (new reference), or NULL. */
json_object *trial_file_to_json(const trial_file *tf, st_err *err);

/* The JSON object of one trial as stored in a file (new reference). */
json_object *trial_to_json(const trial *t, st_err *err);

/* Serialize sample values as a samples object {"unit","encoding","count","data"}. */
json_object *trial_samples_to_json(const uint64_t *v, size_t n);

#endif
