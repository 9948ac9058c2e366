/* SPDX-License-Identifier: BSD-3-Clause */
/* trialckpt.c: checkpoints, a trial written as it grows.
 *
 * A benchmark writes its trial after each size, so that at any instant the
 * file holds the sizes finished so far (a SIGKILL, the launcher's abort or a
 * crash loses at most the size under way). The first checkpoint appends the
 * trial, marked "complete": false and "checkpoint": true, and takes its
 * number then; each later one replaces it by the longer trial, the last
 * (trial_file_finish) by the final one. While the trial is still the file's
 * last, a replace writes in place from the first byte that differs (the new
 * size and the tail, a few KB), under the append's undo journal: the journal
 * holds the old bytes from there to the end, so a crash at any point leaves
 * the previous checkpoint or the new one (doc/format.md, "Checkpoints").
 * When another run appended after it, or the file is version 1 or was
 * rewritten meanwhile, the replace rewrites the whole file atomically with
 * the trial put back where it is, found by its number, its mark and its
 * start time: other trials are never lost, moved or taken for ours. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safeio.h"
#include "trial.h"
#include "trialio_int.h"

/* The key that marks a checkpoint (a trial of a run not over). */
#define CKPT_KEY "checkpoint"

/* The tail after the last trial, as an append writes it. */
#define TRAILER_FMT "\n  ],\n  \"last_trial\": %d\n}\n"

struct trial_ckpt {
	trial_placed pl; /* where the trial is (text NULL: not known, rewrite) */
	int number;      /* its number in the file */
	char *start;     /* its "start", to know it again after a rewrite */
};

int trialio_placed_set(trial_placed *pl, const struct stat *st, off_t start, const char *text,
		       size_t len, const char *path, st_err *err)
{
	char *c = malloc(len ? len : 1);
	if (!c)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	memcpy(c, text, len);
	free(pl->text);
	pl->text = c;
	pl->len = len;
	pl->start = start;
	pl->dev = (unsigned long long)st->st_dev;
	pl->ino = (unsigned long long)st->st_ino;
	return 0;
}

char *trialio_trial_text(const trial *t, const char *sep, int last, const char *path, size_t *len,
			 st_err *err)
{
	json_object *tj = trialv2_trial_json(t, err);
	if (!tj)
		return NULL;
	size_t tlen = 0, slen = strlen(sep);
	const char *txt = json_object_to_json_string_length(
		tj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE, &tlen);
	char trailer[64];
	int trl = snprintf(trailer, sizeof trailer, TRAILER_FMT, last);
	char *b = txt ? malloc(slen + tlen + (size_t)trl) : NULL;
	if (b) {
		memcpy(b, sep, slen);
		memcpy(b + slen, txt, tlen);
		memcpy(b + slen + tlen, trailer, (size_t)trl);
		*len = slen + tlen + (size_t)trl;
	} else {
		st_seterr(err, ST_ENOMEM, "%s: out of memory serializing trial %d", path,
			  t->number);
	}
	json_object_put(tj);
	return b;
}

/* The limit readers accept, checked before a write makes a file of bytes. */
static int within_limit(const char *path, uint64_t bytes, int number, st_err *err)
{
	uint64_t limit = trial_max_file_bytes();
	if (bytes <= limit)
		return 0;
	return st_seterr(err, ST_ENOMEM,
			 "%s: writing trial %d would make it %llu bytes, more than the limit of "
			 "%llu bytes readers accept (SRIOVSTAT_MAX_FILE_BYTES)",
			 path, number, (unsigned long long)bytes, (unsigned long long)limit);
}

/* Write doc (version 2, without t) with t appended as an in-place append
 * would lay it out, atomically (safeio.h: identity kept), and fill pl. */
static int splice_write(const char *path, json_object *doc, trial *t, trial_placed *pl, st_err *err)
{
	int last = trialio_largest_number(doc);
	last = last > t->number ? last : t->number;
	json_object_object_del(doc, "last_trial");
	json_object_object_add(doc, "last_trial", json_object_new_int(last));
	size_t hlen = 0, tlen = 0;
	const char *h = json_object_to_json_string_length(
		doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE, &hlen);
	tail_info ti;
	if (!h || !trialio_parse_tail(h, hlen, 0, &ti))
		return st_seterr(err, ST_ENOMEM, "%s: out of memory serializing", path);
	char *tt = trialio_trial_text(t, "", last, path, &tlen, err);
	if (!tt)
		return ST_ENOMEM;
	const char *sep = ti.empty ? "\n    " : ",\n    ";
	size_t slen = strlen(sep), n = (size_t)ti.at + slen + tlen;
	char *b = malloc(n);
	int rc = b ? within_limit(path, n, t->number, err)
		   : st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	if (rc == 0) {
		memcpy(b, h, (size_t)ti.at);
		memcpy(b + ti.at, sep, slen);
		memcpy(b + ti.at + slen, tt, tlen);
		rc = st_write_file(path, 0, b, n, err);
	}
	/* Written: a failure to note where only costs the next checkpoint a
	 * whole rewrite (pl->text stays NULL), never a second copy. */
	struct stat st;
	st_err ignored;
	if (rc == 0 && stat(path, &st) == 0 &&
	    trialio_placed_set(pl, &st, ti.at + (off_t)slen, tt, tlen, path, &ignored) == 0)
		pl->last = last;
	free(b);
	free(tt);
	return rc;
}

int trialio_create_placed(const char *path, const char *label, trial *t, trial_placed *pl,
			  st_err *err)
{
	json_object *doc = trialv2_new_doc(label);
	if (!doc)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	t->number = 1;
	int rc = splice_write(path, doc, t, pl, err);
	json_object_put(doc);
	return rc;
}

/* Mark t as a checkpoint (on) or put it back (off; *complete saved). */
static void ckpt_mark(trial *t, int on, int *complete)
{
	if (on) {
		*complete = t->complete;
		t->complete = 0;
		json_object_object_add(t->meta, CKPT_KEY, json_object_new_boolean(1));
	} else {
		json_object_object_del(t->meta, CKPT_KEY);
		t->complete = *complete;
	}
}

/* Whether the trial object o of a file is ours: its number, its mark and
 * its start time. */
static int is_ours(json_object *o, const trial_ckpt *ck)
{
	json_object *x;
	if (!json_object_object_get_ex(o, "trial", &x) || json_object_get_int(x) != ck->number)
		return 0;
	if (!json_object_object_get_ex(o, CKPT_KEY, &x) || !json_object_get_boolean(x))
		return 0;
	if (!ck->start)
		return 1;
	return json_object_object_get_ex(o, "start", &x) &&
	       json_object_is_type(x, json_type_string) &&
	       strcmp(json_object_get_string(x), ck->start) == 0;
}

/* n bytes of the file at off equal want. */
static int bytes_equal(int fd, off_t off, const char *want, size_t n)
{
	char *b = malloc(n ? n : 1);
	int eq = b && trialio_pread_all(fd, b, n, off) == (ssize_t)n && memcmp(b, want, n) == 0;
	free(b);
	return eq;
}

/* Replace our trial in place by nt (nlen bytes, with the tail): *done is 0
 * when the file is not as we left it (the caller rewrites it whole). */
static int replace_in_place(int fd, const char *path, const char *jpath, trial_ckpt *ck,
			    const char *nt, size_t nlen, int *done, st_err *err)
{
	trial_placed *pl = &ck->pl;
	struct stat st;
	*done = 0;
	if (fstat(fd, &st) < 0)
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	if ((unsigned long long)st.st_dev != pl->dev || (unsigned long long)st.st_ino != pl->ino ||
	    st.st_size != pl->start + (off_t)pl->len)
		return 0;
	size_t p = 0, m = nlen < pl->len ? nlen : pl->len;
	while (p < m && nt[p] == pl->text[p])
		p++;
	size_t head = pl->len < 64 ? pl->len : 64;
	/* Our bytes are still there: the first ones and all that will change. */
	if (!bytes_equal(fd, pl->start, pl->text, head) ||
	    !bytes_equal(fd, pl->start + (off_t)p, pl->text + p, pl->len - p))
		return 0;
	*done = 1;
	if (p == nlen && nlen == pl->len)
		return 0;
	int rc = within_limit(path, (uint64_t)pl->start + nlen, ck->number, err);
	if (rc < 0)
		return rc;
	trial_journal j = {.dev = pl->dev,
			   .ino = pl->ino,
			   .size = (unsigned long long)st.st_size,
			   .offset = (unsigned long long)pl->start + p,
			   .len = pl->len - p,
			   .tail = pl->text + p};
	if (trialio_journal_write(jpath, &j) < 0) {
		int e = errno;
		unlink(jpath);
		return st_seterr(err, ST_EIO,
				 "%s: cannot write the journal %s: %s (the file is untouched)",
				 path, jpath, strerror(e));
	}
	off_t end = pl->start + (off_t)nlen;
	if (trialio_fi_pwrite(fd, nt + p, nlen - p, pl->start + (off_t)p) < 0 ||
	    (nlen < pl->len && trialio_fi_ftruncate(fd, end) < 0) || trialio_fi_fsync(fd) < 0 ||
	    trialio_fi_unlink(jpath) < 0) {
		int e = errno;
		if (trialio_rollback(fd, jpath, &j) < 0)
			return st_seterr(err, ST_EIO,
					 "%s: writing failed: %s; the journal %s keeps the old "
					 "file readable and the next write restores it",
					 path, strerror(e), jpath);
		return st_seterr(err, ST_EIO, "%s: writing failed: %s (the old file is intact)",
				 path, strerror(e));
	}
	trialio_fi_fsync_dir(jpath); /* the commit */
	st.st_size = end;
	return trialio_placed_set(pl, &st, pl->start, nt, nlen, path, err);
}

/* Replace our trial by t in a whole-file rewrite, where it is; a trial
 * that is no longer there (the file was replaced) is appended anew. */
static int replace_rewrite(int fd, const char *path, const char *label, trial *t, trial_ckpt *ck,
			   st_err *err)
{
	json_object *doc, *arr;
	int v2, rc = trialio_doc_for(fd, path, label, &doc, &v2, err);
	if (rc < 0)
		return rc;
	json_object_object_get_ex(doc, "trials", &arr);
	size_t n = json_object_array_length(arr), i = 0;
	while (i < n && !is_ours(json_object_array_get_idx(arr, i), ck))
		i++;
	free(ck->pl.text);
	ck->pl.text = NULL;
	if (i == n && (rc = trialio_next_number(doc, path, &ck->number, err)) < 0)
		goto out;
	t->number = ck->number;
	if (v2 && i + 1 >= n) {
		/* Ours is (or goes) last: lay it out for in-place replaces. */
		if (i < n)
			json_object_array_del_idx(arr, i, 1);
		rc = splice_write(path, doc, t, &ck->pl, err);
		goto out;
	}
	json_object *tj = v2 ? trialv2_trial_json(t, err) : trial_to_json(t, err);
	if (!tj) {
		rc = ST_ENOMEM;
		goto out;
	}
	if (i < n)
		json_object_array_put_idx(arr, i, tj);
	else
		json_object_array_add(arr, tj);
	if (v2) {
		int last = trialio_largest_number(doc);
		json_object_object_del(doc, "last_trial");
		json_object_object_add(doc, "last_trial", json_object_new_int(last));
	}
	rc = st_write_json_atomic(path, doc, err);
out:
	json_object_put(doc);
	return rc;
}

/* The replace of a checkpoint (and of the final trial), under the locks. */
static int ckpt_replace(const char *path, const char *label, trial *t, trial_ckpt *ck, st_err *err)
{
	trialio_fault_reset();
	int lfd, fd, done = 0;
	int rc = trialio_lock_open(path, &lfd, &fd, err);
	if (rc < 0)
		return rc;
	char *jpath = fd >= 0 ? trialio_journal_path(path) : NULL;
	if (fd >= 0 && !jpath)
		rc = st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	if (rc == 0 && fd >= 0)
		rc = trialio_recover(fd, path, jpath, err);
	if (rc == 0 && fd >= 0 && ck->pl.text) {
		size_t nlen = 0;
		t->number = ck->number;
		char *nt = trialio_trial_text(t, "", ck->pl.last, path, &nlen, err);
		rc = nt ? replace_in_place(fd, path, jpath, ck, nt, nlen, &done, err) : ST_ENOMEM;
		free(nt);
	}
	if (rc == 0 && !done)
		rc = replace_rewrite(fd, path, label, t, ck, err);
	free(jpath);
	if (fd >= 0)
		close(fd);
	close(lfd);
	return rc;
}

int trial_file_checkpoint(const char *path, const char *label, trial *t, trial_ckpt **ck,
			  st_err *err)
{
	if (!t->meta)
		return st_seterr(err, ST_EUSAGE, "%s: a trial without metadata", path);
	int complete, rc;
	ckpt_mark(t, 1, &complete);
	if (*ck) {
		rc = ckpt_replace(path, label, t, *ck, err);
	} else if (!(*ck = calloc(1, sizeof **ck))) {
		rc = st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	} else if ((rc = trialio_append(path, label, t, &(*ck)->pl, err)) < 0) {
		trial_ckpt_free(*ck);
		*ck = NULL;
	} else {
		json_object *x;
		(*ck)->number = t->number;
		if (json_object_object_get_ex(t->meta, "start", &x) &&
		    json_object_is_type(x, json_type_string))
			(*ck)->start = strdup(json_object_get_string(x));
	}
	ckpt_mark(t, 0, &complete);
	return rc;
}

int trial_file_finish(const char *path, const char *label, trial *t, trial_ckpt *ck, st_err *err)
{
	if (!ck)
		return trial_file_append(path, label, t, err);
	return ckpt_replace(path, label, t, ck, err);
}

int trial_ckpt_number(const trial_ckpt *ck)
{
	return ck ? ck->number : 0;
}

void trial_ckpt_free(trial_ckpt *ck)
{
	if (!ck)
		return;
	free(ck->pl.text);
	free(ck->start);
	free(ck);
}
