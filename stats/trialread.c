/* SPDX-License-Identifier: BSD-3-Clause */
/* trialread.c: a trial file's text read into a JSON document: the size
 * limit, mapped reads whose pages go back as the parser consumes them, an
 * interrupted append undone in memory (its journal), then trialio.c's
 * validation. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "b64.h"
#include "par.h"
#include "safeio.h"
#include "trial.h"
#include "trialio_int.h"

/* Parse JSON text of any length into a document. */
/* Bytes fed to the JSON parser at a time when the text's pages are given
 * back as it goes. */
#define RELEASE_CHUNK ((size_t)16 << 20)

static int parse_json_ex(char *buf, size_t len, const char *name, json_object **doc, int release,
			 st_err *err);

int trialio_parse_json(const char *buf, size_t len, const char *name, json_object **doc,
		       st_err *err)
{
	return parse_json_ex((char *)buf, len, name, doc, 0, err);
}

/* Parse JSON text; with release, buf is a page-aligned private mapping whose
 * pages are given back to the system once the parser has consumed them
 * (json-c copies what it keeps), so that the text and the document are not
 * both held whole. */
static int parse_json_ex(char *buf, size_t len, const char *name, json_object **doc, int release,
			 st_err *err)
{
	json_tokener *tok = json_tokener_new_ex(64);
	if (!tok)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", name);
	json_object *o = NULL;
	enum json_tokener_error jerr = json_tokener_continue;
	size_t off = 0;
	/* json-c stops at a NUL byte as if the text ended there. */
	const char *nul = memchr(buf, '\0', len);
	if (nul) {
		json_tokener_free(tok);
		return st_seterr(err, ST_EFORMAT, "%s: a NUL byte at byte %zu (not a text file?)",
				 name, (size_t)(nul - buf));
	}
	size_t blanks = 0;
	while (blanks < len && strchr(" \t\r\n", buf[blanks]))
		blanks++;
	if (blanks == len) {
		json_tokener_free(tok);
		return st_seterr(err, ST_EFORMAT, "%s: empty file%s", name,
				 len ? " (only blanks)" : "");
	}
	size_t step = release ? RELEASE_CHUNK : (size_t)1 << 30;
	while (off < len) {
		size_t chunk = len - off > step ? step : len - off;
		o = json_tokener_parse_ex(tok, buf + off, (int)chunk);
		jerr = json_tokener_get_error(tok);
		if (jerr != json_tokener_continue)
			break;
		if (release && chunk == step)
			madvise(buf + off, chunk, MADV_DONTNEED);
		off += chunk;
	}
	if (jerr == json_tokener_continue) {
		json_tokener_free(tok);
		return st_seterr(err, ST_EFORMAT, "%s: truncated JSON (ended inside a value)",
				 name);
	}
	if (jerr != json_tokener_success) {
		size_t at = off + json_tokener_get_parse_end(tok);
		json_tokener_free(tok);
		return st_seterr(err, ST_EFORMAT, "%s: invalid JSON at byte %zu: %s", name, at,
				 json_tokener_error_desc(jerr));
	}
	size_t end = off + json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; end < len; end++)
		if (buf[end] != ' ' && buf[end] != '\n' && buf[end] != '\r' && buf[end] != '\t') {
			json_object_put(o);
			return st_seterr(err, ST_EFORMAT,
					 "%s: unexpected data after the JSON document at byte %zu",
					 name, end);
		}
	*doc = o;
	return 0;
}

/* Read the trial file in buf through the fast path (triallift.c): 1 when
 * it could not decide (then parse the text the plain way; 2: the same, but
 * the text's pages may have been given back), else its result. */
static int parse_lifted(const char *buf, size_t len, const char *name, unsigned flags, int release,
			trial_file **out, st_err *err)
{
	trial_lifts lf;
	json_object *doc;
	if ((flags & TRIAL_READ_NO_LIFT) || trialio_lift_parse(buf, len, &lf, &doc) < 0)
		return 1;
	lf.release = release;
	int rc = trialio_parse_doc_lifted(doc, name, flags, out, &lf, err);
	int final = lf.final, gone = lf.decoded && release;
	json_object_put(doc);
	trialio_lift_free(&lf);
	return rc < 0 && !final ? 1 + gone : rc;
}

/* Parse and validate a trial file held in memory. */
int trial_file_parse(const char *buf, size_t len, const char *name, unsigned flags,
		     trial_file **out, st_err *err)
{
	int rc = parse_lifted(buf, len, name, flags, 0, out, err);
	if (rc <= 0)
		return rc;
	json_object *doc = NULL;
	rc = trialio_parse_json(buf, len, name, &doc, err);
	if (rc < 0)
		return rc;
	rc = trialio_parse_doc(doc, name, flags, out, err);
	json_object_put(doc);
	return rc;
}

/* The file size limit: SRIOVSTAT_MAX_FILE_BYTES when valid, else the default. */
uint64_t trial_max_file_bytes(void)
{
	uint64_t v;
	if (st_parse_bytes(getenv("SRIOVSTAT_MAX_FILE_BYTES"), &v) < 0)
		return TRIAL_DEFAULT_MAX_FILE_BYTES;
	return v;
}

/* Read the whole of the open regular file fd into memory. */
int trialio_read_fd(int fd, const char *path, char **buf, size_t *len, st_err *err)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return st_seterr(err, ST_EIO, "%s: not a regular file", path);
	/* Refuse up front what would exhaust memory (the parsed file takes
	 * several times its size). */
	uint64_t limit = trial_max_file_bytes();
	if ((uint64_t)st.st_size > limit || (uint64_t)st.st_size >= SIZE_MAX / 2)
		return st_seterr(
			err, ST_ENOMEM,
			"%s: %llu bytes, more than the limit of %llu bytes for a trial file "
			"(set SRIOVSTAT_MAX_FILE_BYTES to raise it, e.g. =16G)",
			path, (unsigned long long)st.st_size, (unsigned long long)limit);
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *b = malloc(cap);
	if (!b)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory reading %zu bytes", path, cap);
	for (;;) {
		if (n + 1 >= cap) {
			char *g = realloc(b, cap * 2);
			if (!g) {
				free(b);
				return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
			}
			b = g;
			cap *= 2;
		}
		ssize_t r = pread(fd, b + n, cap - n - 1, (off_t)n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(b);
			return st_seterr(err, ST_EIO, "%s: %s", path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* pread up to n bytes at off (retrying short reads and EINTR); the count
 * read, or -1 with errno. */
ssize_t trialio_pread_all(int fd, char *buf, size_t n, off_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Read a large file into a private anonymous mapping (whose pages the
 * parser gives back as it goes); *mapped is its length. */
static int read_mapped(int fd, const char *path, char **buf, size_t *len, size_t *mapped,
		       st_err *err)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	uint64_t limit = trial_max_file_bytes();
	if ((uint64_t)st.st_size > limit || (uint64_t)st.st_size >= SIZE_MAX / 2)
		return trialio_read_fd(fd, path, buf, len, err); /* says why */
	size_t cap = (size_t)st.st_size + 1;
	char *b = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory reading %zu bytes", path, cap);
	ssize_t r = trialio_pread_all(fd, b, cap - 1, 0);
	if (r < 0) {
		int e = errno;
		munmap(b, cap);
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(e));
	}
	size_t n = (size_t)r;
	b[n] = '\0';
	*buf = b;
	*len = n;
	*mapped = cap;
	return 0;
}

/* Release a text read by slurp. */
static void release_text(char *buf, size_t mapped)
{
	if (mapped)
		munmap(buf, mapped);
	else
		free(buf);
}

/* The file as it was before an append or a checkpoint's replace that a
 * crash interrupted: its bytes before the journal's offset, then the
 * journal's saved tail (j->size bytes in all; a replace may have left the
 * file shorter than that). */
static int undo_in_memory(const trial_journal *j, const char *path, char **buf, size_t *len,
			  size_t *mapped, st_err *err)
{
	if (*len < j->offset || j->offset + j->len != j->size || j->size >= SIZE_MAX)
		return st_seterr(
			err, ST_EFORMAT,
			"%s: shorter than its journal says (%zu bytes, journal: %llu); damaged",
			path, *len, j->size);
	if (*len < j->size) {
		char *b = malloc((size_t)j->size + 1);
		if (!b)
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
		memcpy(b, *buf, (size_t)j->offset);
		release_text(*buf, *mapped);
		*buf = b;
		*mapped = 0;
	}
	memcpy(*buf + j->offset, j->tail, j->len);
	*len = (size_t)j->size;
	(*buf)[*len] = '\0';
	return 0;
}

/* Read a whole trial file under a shared lock (an append in progress holds
 * it exclusively), reading through the undo journal a crashed append left. */
static int slurp(const char *path, char **buf, size_t *len, size_t *mapped, st_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return st_seterr(err, ST_EIO, "%s: not a regular file", path);
	}
	while (flock(fd, LOCK_SH) < 0 && errno == EINTR)
		;
	*mapped = 0;
	int rc = st.st_size >= (off_t)(2 * RELEASE_CHUNK)
			 ? read_mapped(fd, path, buf, len, mapped, err)
			 : trialio_read_fd(fd, path, buf, len, err);
	char *jpath = rc == 0 ? trialio_journal_path(path) : NULL;
	if (jpath) {
		trial_journal j;
		int stale = 0;
		int got = trialio_journal_load(jpath, fd, &j, &stale, err);
		if (got < 0)
			rc = got;
		else if (got > 0) {
			rc = undo_in_memory(&j, path, buf, len, mapped, err);
			trialio_journal_free(&j);
		}
		free(jpath);
		if (rc < 0)
			release_text(*buf, *mapped);
	}
	close(fd); /* releases the lock */
	return rc;
}

int trial_max_file_bytes_check(st_err *err)
{
	uint64_t v;
	const char *e = getenv("SRIOVSTAT_MAX_FILE_BYTES");
	if (e && st_parse_bytes(e, &v) < 0)
		return st_seterr(err, ST_EUSAGE,
				 "SRIOVSTAT_MAX_FILE_BYTES: \"%.64s\" is not a byte count "
				 "(a positive integer with an optional K, M, G or T suffix)",
				 e);
	return 0;
}

/* Read and validate a trial file. */
int trial_file_read(const char *path, unsigned flags, trial_file **out, st_err *err)
{
	char *buf;
	size_t len, mapped;
	int rc = slurp(path, &buf, &len, &mapped, err);
	if (rc < 0)
		return rc;
	rc = parse_lifted(buf, len, path, flags, mapped != 0, out, err);
	if (rc != 1)
		release_text(buf, mapped);
	if (rc <= 0)
		return rc;
	/* A damaged sample string: read the file again for the plain path. */
	if (rc == 2 && (rc = slurp(path, &buf, &len, &mapped, err)) < 0)
		return rc;
	json_object *doc = NULL;
	rc = parse_json_ex(buf, len, path, &doc, mapped != 0, err);
	release_text(buf, mapped);
	if (rc < 0)
		return rc;
	rc = trialio_parse_doc(doc, path, flags, out, err);
	json_object_put(doc);
	return rc;
}
