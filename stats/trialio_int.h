/* SPDX-License-Identifier: BSD-3-Clause */
/* trialio_int.h: what the trial-file modules (trialio.c, trialread.c,
 * trialwrite.c, trialappend.c, trialv2.c) share; not part of the library's
 * interface. */
#ifndef SRIOVSTAT_TRIALIO_INT_H
#define SRIOVSTAT_TRIALIO_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "sterr.h"
#include "trial.h"

/* The encodings of sample arrays in a trial file. */
#define ENC_U32   "base64-u32le"
#define ENC_U64   "base64-u64le"
#define ENC_ARRAY "json-array"

/* Keys of a trial and of a size that the model holds in fields, not meta
 * (NULL-terminated), and whether k is among keys. */
extern const char *const trialio_trial_keys[];
extern const char *const trialio_size_keys[];
int trialio_is_model_key(const char *const *keys, const char *k);

/* Parse JSON text of any length (a NUL byte, trailing data and truncation
 * are errors naming name). */
int trialio_parse_json(const char *buf, size_t len, const char *name, json_object **doc,
		       st_err *err);

/* Validate a whole document of version 1 or 2; build *out unless out is NULL. */
int trialio_parse_doc(json_object *doc, const char *name, unsigned flags, trial_file **out,
		      st_err *err);

/* ---- the fast path: sample strings lifted out of the text (triallift.c) ---- */

/* A base64 sample string ("data":"...") left in the read buffer while
 * json-c parses the rest of the text, which holds a placeholder instead. */
typedef struct trial_lift {
	const char *txt; /* its characters, in the buffer */
	size_t len;
	int claimed; /* found where samples' data belongs (trialio_parse_lifted) */
} trial_lift;

typedef struct trial_lifts {
	trial_lift *v;
	size_t n;
	int release; /* the buffer is a private mapping: give pages back once decoded */
	int final;   /* every string was claimed and decoded: an error is the file's */
	int decoded; /* decoding began: with release, the buffer's pages may be gone */
} trial_lifts;

/* Parse buf with its sample strings lifted into lf. Any failure (-1) means
 * only "use the plain path": the text is left as it was. */
int trialio_lift_parse(const char *buf, size_t len, trial_lifts *lf, json_object **doc);

/* The lifted string a placeholder s (of length n) stands for, claimed; NULL
 * when s is not an unclaimed placeholder of lf. */
trial_lift *trialio_lift_claim(trial_lifts *lf, const char *s, size_t n);

/* Release lf's table. */
void trialio_lift_free(trial_lifts *lf);

/* trialio_parse_doc on a document of lifted strings: with lf->final unset,
 * an error only means "use the plain path" (some string was not where
 * samples' data belongs, or not base64); once set, the error is the file's. */
int trialio_parse_doc_lifted(json_object *doc, const char *name, unsigned flags, trial_file **out,
			     trial_lifts *lf, st_err *err);

/* Write all of buf to fd (retrying short writes and EINTR); -1 with errno. */
int trialio_write_all(int fd, const char *buf, size_t len);

/* pread up to n bytes of fd at off; the count read, or -1 with errno. */
ssize_t trialio_pread_all(int fd, char *buf, size_t n, off_t off);

/* Read the whole of the open regular file fd (at most limit bytes, name for
 * messages) into a NUL-terminated buffer. */
int trialio_read_fd(int fd, const char *name, char **buf, size_t *len, st_err *err);

/* ---- version 2: node descriptions stored once (trialv2.c) ---- */

/* The version-2 form of a fingerprint object: "node_descriptions" holds each
 * distinct node description once and "nodes" holds, per node, its index
 * ("description") and its own "hostname" and "ranks". A new reference; a
 * fingerprint without a list of node objects comes back as it is. NULL when
 * out of memory. */
json_object *trialv2_compact_fp(json_object *fp);

/* Check the version-2 fingerprint fp (ctx names the trial in messages) and,
 * when out is not NULL, expand it to the version-1 form (a new reference:
 * every node a whole object, keys in their recorded order). */
int trialv2_expand_fp(json_object *fp, const char *ctx, json_object **out, st_err *err);

/* Replace the fingerprint of the trial object to (if any) by its version-2
 * form. 0 or ST_ENOMEM. */
int trialv2_compact_trial(json_object *to, st_err *err);

/* The JSON object of t as a version-2 file stores it (new reference). */
json_object *trialv2_trial_json(const trial *t, st_err *err);

/* A new document {"format","version":2,"label","trials":[]} (add
 * "last_trial" after the trials). NULL when out of memory. */
json_object *trialv2_new_doc(const char *label);

/* ---- the undo journal of an in-place append (trialappend.c) ---- */

/* A journal: the file (device, inode) had size bytes, and bytes
 * [offset, size) held tail, before an append began overwriting them. */
typedef struct trial_journal {
	unsigned long long dev, ino, size, offset;
	size_t len;
	char *tail;
} trial_journal;

/* The journal's path of the trial file at path: its real path plus
 * ".journal" (caller frees); NULL when path does not exist. */
char *trialio_journal_path(const char *path);

/* Load the journal at jpath for the open file fd. Returns 1 and fills j
 * when a complete journal of this very file is there; 0 when there is none
 * or it is incomplete or belongs to another file (*stale set to 1 then);
 * negative with err on an I/O error. */
int trialio_journal_load(const char *jpath, int fd, trial_journal *j, int *stale, st_err *err);

/* Release a journal's tail. */
void trialio_journal_free(trial_journal *j);

/* The append path's parts that checkpoints (trialckpt.c) share. Every
 * write, fsync, truncate and unlink goes through the trialio_fi_* wrappers,
 * the fault points of SRIOVSTAT_FAULT_AT (counted from trialio_fault_reset). */
void trialio_fault_reset(void);
int trialio_fi_pwrite(int fd, const char *buf, size_t len, off_t off);
int trialio_fi_fsync(int fd);
int trialio_fi_ftruncate(int fd, off_t len);
int trialio_fi_unlink(const char *path);
int trialio_fi_fsync_dir(const char *path);

/* Write the journal j at jpath and make it durable (file and directory). */
int trialio_journal_write(const char *jpath, const trial_journal *j);

/* Put the file back as the journal says, durably, then drop the journal. */
int trialio_rollback(int fd, const char *jpath, const trial_journal *j);

/* Roll back what a crashed writer left (a journal), or drop a stale one. */
int trialio_recover(int fd, const char *path, const char *jpath, st_err *err);

/* The appenders' locks: PATH.lock, then path opened read-write and locked
 * exclusively (*fd -1 when the file does not exist). */
int trialio_lock_open(const char *path, int *lfd, int *fd, st_err *err);

/* Version and label from the text before "trials": 1 found, 0 laid out
 * otherwise, negative on an I/O error. */
int trialio_read_header(int fd, const char *path, int64_t *version, char **label, st_err *err);

/* Where the tail of a version-2 file begins. */
typedef struct tail_info {
	off_t at;  /* first byte after the last trial (or after "[") */
	int last;  /* "last_trial" */
	int empty; /* no trial yet */
} tail_info;

/* Recognize  ... } ] , "last_trial" : N }  at the end of b (n bytes that
 * start at file offset base). 1 when found. */
int trialio_parse_tail(const char *b, size_t n, off_t base, tail_info *ti);

/* Read, validate and parse the whole open file fd. */
int trialio_load_doc(int fd, const char *path, json_object **doc, st_err *err);

/* The largest trial number in a parsed document (and its last_trial). */
int trialio_largest_number(json_object *doc);

/* ST_EMISMATCH unless the file's label have is want. */
int trialio_check_label(const char *path, const char *have, const char *want, st_err *err);

/* The parsed document of the open file fd (fd < 0: a new, empty version 2
 * one), checked to hold label; *v2: whether it is version 2. 0 (the caller
 * puts *doc), or an error with *doc NULL. */
int trialio_doc_for(int fd, const char *path, const char *label, json_object **doc, int *v2,
		    st_err *err);

/* The number the next trial appended to doc takes, into *next: ST_EVALUE
 * when doc already holds the largest number possible. */
int trialio_next_number(json_object *doc, const char *path, int *next, st_err *err);

/* Where an appended trial's bytes are: the file (device, inode), the offset
 * of the trial's first byte, and every byte from there to the end of the
 * file (the trial, then the tail). A checkpoint replaces them in place. */
typedef struct trial_placed {
	unsigned long long dev, ino;
	off_t start;
	char *text;
	size_t len;
	int last; /* the tail's "last_trial" */
} trial_placed;

/* sep, the text of t as an in-place append writes it, and the tail with
 * last_trial last (caller frees); NULL (err naming path) when out of
 * memory. */
char *trialio_trial_text(const trial *t, const char *sep, int last, const char *path, size_t *len,
			 st_err *err);

/* Fill pl (its old text released) from st's file and len bytes of text. */
int trialio_placed_set(trial_placed *pl, const struct stat *st, off_t start, const char *text,
		       size_t len, const char *path, st_err *err);

/* trial_file_append, and with pl (not NULL) where the trial went: pl->text
 * stays NULL when the file was rewritten whole in a layout not predicted
 * (version 1, a file laid out by hand). */
int trialio_append(const char *path, const char *label, trial *t, trial_placed *pl, st_err *err);

/* Create the new file path holding t alone, laid out as an in-place append
 * to an empty file would lay it out (atomically, under the caller's lock). */
int trialio_create_placed(const char *path, const char *label, trial *t, trial_placed *pl,
			  st_err *err);

#endif
