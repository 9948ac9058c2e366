/* SPDX-License-Identifier: BSD-3-Clause */
/* trialio_int.h: what the trial-file modules (trialio.c, trialread.c,
 * trialwrite.c, trialappend.c, trialv2.c) share; not part of the library's
 * interface. */
#ifndef SRIOVSTAT_TRIALIO_INT_H
#define SRIOVSTAT_TRIALIO_INT_H

#include <stddef.h>
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

#endif
