/* SPDX-License-Identifier: BSD-3-Clause */
/* safeio.h: the one way sriovstat and the benchmarks read inputs and write
 * outputs.
 *
 * Inputs: st_read_input opens without blocking (a FIFO with no writer never
 * hangs), checks the file type (regular files only unless the caller allows
 * streams) and reads at most a limit of bytes, with a one-line error naming
 * the file otherwise.
 *
 * Outputs: an st_out is a temporary file beside the final one. Committing it
 * fsyncs it and renames it over the final file (or, with ST_OUT_EXCL, links
 * it there only if nothing exists: two writers cannot both win). A symlink is
 * written through to its target; an existing file's mode and owner are kept;
 * an output that is one of the inputs is refused before anything is written;
 * any failure leaves the old file intact and says so. */
#ifndef SRIOVSTAT_SAFEIO_H
#define SRIOVSTAT_SAFEIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sterr.h"

/* Flags of st_read_input. */
enum {
	ST_IN_STDIN = 1,  /* "-" is standard input (bounded by the same limit) */
	ST_IN_STREAM = 2, /* pipes, FIFOs and character devices are read too (bounded) */
};

/* Read all of path into *buf (NUL-terminated, caller frees) and its length
 * into *len; what names the kind of file in messages ("a trial file"). A file above limit bytes is refused (ST_ENOMEM) with a message
 * naming SRIOVSTAT_MAX_FILE_BYTES; what is not a regular file is refused
 * (ST_EIO) unless flags allow it. Never blocks opening a FIFO. */
int st_read_input(const char *path, const char *what, unsigned flags, uint64_t limit, char **buf,
		  size_t *len, st_err *err);

/* Open path for reading without blocking on a FIFO, refusing what is not a
 * regular file; returns a blocking descriptor or a negative ST_E* code. */
int st_open_regular(const char *path, st_err *err);

/* Parse a byte count with an optional K, M, G or T binary suffix (1..2^63).
 * 0 or -1 when s is not one. */
int st_parse_bytes(const char *s, uint64_t *out);

/* Flags of st_out_open. */
enum {
	ST_OUT_EXCL = 1,   /* the final file must not exist (checked again atomically at commit) */
	ST_OUT_STDOUT = 2, /* "-" is standard output (no temporary file) */
};

typedef struct st_out st_out;

/* Start writing path. On success *out holds a temporary file beside the
 * final one (its directory is that of a symlink's target). */
int st_out_open(st_out **out, const char *path, unsigned flags, st_err *err);

/* Refuse (ST_EUSAGE) when the output would replace input (the same file,
 * also through links). Call before writing. Inputs that do not exist pass. */
int st_out_not_input(st_out *o, const char *input, st_err *err);

/* The stream to write to. */
FILE *st_out_file(st_out *o);

/* The temporary file's name, for a program that writes it by name (gnuplot);
 * NULL for standard output or a device. */
const char *st_out_tmp_path(const st_out *o);

/* The final path (after following symlinks) for messages. */
const char *st_out_path(const st_out *o);

/* Write len bytes of buf; on failure o is released (aborted) and err says so. */
int st_out_write(st_out *o, const char *buf, size_t len, st_err *err);

/* Flush, fsync and put the file in place (releases o). On failure the old
 * file is intact, the temporary removed, and err says so. */
int st_out_commit(st_out *o, st_err *err);

/* Drop the temporary file (releases o; NULL is fine). */
void st_out_abort(st_out *o);

/* Write len bytes of buf to path through an st_out (one call). */
int st_write_file(const char *path, unsigned flags, const char *buf, size_t len, st_err *err);

/* 1 when a and b name the same existing file, else 0. */
int st_same_file(const char *a, const char *b);

/* The directory part of path (dirname(3) without touching path); the caller
 * frees it. NULL when out of memory. */
char *st_dir_of(const char *path);

#endif
