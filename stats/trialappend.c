/* SPDX-License-Identifier: BSD-3-Clause */
/* trialappend.c: appending a trial to a trial file in place.
 *
 * A version-2 file ends with the last trial, "]", and "last_trial": N. An
 * append writes the new trial over that tail: it reads the header and the
 * tail only, so its cost is the new trial's, whatever the file holds. Before
 * it overwrites a byte it saves the tail it overwrites and the file's size in
 * an undo journal (FILE.journal, beside the real file) and makes the journal
 * durable; after the new bytes are durable it removes the journal (the
 * commit). A crash at any point leaves the file as it was plus, possibly, a
 * journal: readers read through the journal (the old file) and the next
 * append rolls the file back first. doc/format.md gives the argument.
 *
 * Every write, fsync, truncate, unlink and rename of this path goes through
 * the fi_* wrappers below, which can fail or kill the process at the N-th
 * call (SRIOVSTAT_FAULT_AT=N, SRIOVSTAT_FAULT_MODE=kill|torn|fail) so that a
 * test can crash an append at every point (tests/cli/append_faults.sh). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safeio.h"
#include "trial.h"
#include "trialio_int.h"

/* How much of the file's start and end an append reads. */
#define HEAD_BYTES 65536
#define TAIL_BYTES 4096

/* ------------------------------------------------------------------ */
/* Fault injection                                                     */
/* ------------------------------------------------------------------ */

static long fault_count; /* I/O points passed in this append */

void trialio_fault_reset(void)
{
	fault_count = 0;
}

/* What to do at this point: 0 go on, 1 fail it, 2 tear it (write half, then
 * die); "kill" dies here. */
static int fault_point(void)
{
	const char *at = getenv("SRIOVSTAT_FAULT_AT");
	if (!at || !*at)
		return 0;
	if (++fault_count != strtol(at, NULL, 10))
		return 0;
	const char *mode = getenv("SRIOVSTAT_FAULT_MODE");
	if (mode && strcmp(mode, "fail") == 0)
		return 1;
	if (mode && strcmp(mode, "torn") == 0)
		return 2;
	raise(SIGKILL);
	return 0;
}

/* pwrite all of buf at off. */
int trialio_fi_pwrite(int fd, const char *buf, size_t len, off_t off)
{
	int f = fault_point();
	if (f == 1) {
		errno = EIO;
		return -1;
	}
	if (f == 2) {
		size_t half = len / 2;
		if (pwrite(fd, buf, half ? half : len, off) < 0)
			return -1;
		raise(SIGKILL);
	}
	while (len > 0) {
		ssize_t w = pwrite(fd, buf, len, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
		off += w;
	}
	return 0;
}

/* The other system calls, each one fault point. */
int trialio_fi_fsync(int fd)
{
	if (fault_point()) {
		errno = EIO;
		return -1;
	}
	return fsync(fd);
}

int trialio_fi_ftruncate(int fd, off_t len)
{
	if (fault_point()) {
		errno = EIO;
		return -1;
	}
	return ftruncate(fd, len);
}

int trialio_fi_unlink(const char *path)
{
	if (fault_point()) {
		errno = EIO;
		return -1;
	}
	return unlink(path);
}

/* fsync the directory holding path (a fault point). */
int trialio_fi_fsync_dir(const char *path)
{
	char *d = st_dir_of(path);
	if (!d)
		return -1;
	int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(d);
	if (dfd < 0)
		return -1;
	int rc = trialio_fi_fsync(dfd);
	int e = errno;
	close(dfd);
	errno = e;
	return rc;
}

/* ------------------------------------------------------------------ */
/* The undo journal                                                    */
/* ------------------------------------------------------------------ */

/* Journal layout (text header, raw tail, end line):
 *   sriovstat-journal 1 DEV INO SIZE OFFSET LEN SUM\n  TAIL  end\n
 * SUM is FNV-1a (64-bit) of TAIL: a journal cut short or not fully written
 * is recognized and ignored (the file was not touched before it was whole). */
#define JOURNAL_MAGIC "sriovstat-journal 1"

/* FNV-1a, 64 bits. */
static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

char *trialio_journal_path(const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return NULL;
	size_t n = strlen(real) + sizeof ".journal";
	char *j = malloc(n);
	if (j)
		snprintf(j, n, "%s.journal", real);
	free(real);
	return j;
}

void trialio_journal_free(trial_journal *j)
{
	free(j->tail);
	j->tail = NULL;
}

int trialio_journal_load(const char *jpath, int fd, trial_journal *j, int *stale, st_err *err)
{
	memset(j, 0, sizeof *j);
	*stale = 0;
	int jfd = open(jpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (jfd < 0) {
		if (errno == ENOENT)
			return 0;
		return st_seterr(err, ST_EIO, "%s: %s", jpath, strerror(errno));
	}
	char *buf = NULL;
	size_t len = 0;
	int rc = trialio_read_fd(jfd, jpath, &buf, &len, err);
	close(jfd);
	if (rc < 0)
		return rc;
	unsigned long long dev, ino, size, off, n, sum;
	int hl = 0;
	struct stat st;
	*stale = 1;
	/* The header is one line; %n marks where sscanf stopped, which must be
	 * its newline (a "\n" in the format would also eat the tail's blanks). */
	if (sscanf(buf, JOURNAL_MAGIC " %llu %llu %llu %llu %llu %llx%n", &dev, &ino, &size, &off,
		   &n, &sum, &hl) != 6 ||
	    hl <= 0 || buf[hl++] != '\n' || n > len || (size_t)hl + n + 4 != len ||
	    memcmp(buf + hl + n, "end\n", 4) != 0 || fnv1a(buf + hl, (size_t)n) != sum ||
	    fstat(fd, &st) < 0 || st.st_dev != (dev_t)dev || st.st_ino != (ino_t)ino) {
		free(buf);
		return 0;
	}
	*stale = 0;
	j->dev = dev;
	j->ino = ino;
	j->size = size;
	j->offset = off;
	j->len = (size_t)n;
	j->tail = malloc(j->len + 1);
	if (!j->tail) {
		free(buf);
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", jpath);
	}
	memcpy(j->tail, buf + hl, j->len);
	free(buf);
	return 1;
}

/* Write the journal of j at jpath and make it durable. */
int trialio_journal_write(const char *jpath, const trial_journal *j)
{
	char head[256];
	int hl = snprintf(head, sizeof head, JOURNAL_MAGIC " %llu %llu %llu %llu %zu %llx\n",
			  j->dev, j->ino, j->size, j->offset, j->len,
			  (unsigned long long)fnv1a(j->tail, j->len));
	int jfd = open(jpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (jfd < 0)
		return -1;
	off_t at = 0;
	int rc = trialio_fi_pwrite(jfd, head, (size_t)hl, at);
	at += hl;
	if (rc == 0 && (rc = trialio_fi_pwrite(jfd, j->tail, j->len, at)) == 0)
		rc = trialio_fi_pwrite(jfd, "end\n", 4, at + (off_t)j->len);
	if (rc == 0)
		rc = trialio_fi_fsync(jfd);
	int e = errno;
	close(jfd);
	if (rc == 0)
		rc = trialio_fi_fsync_dir(jpath);
	errno = e;
	return rc;
}

/* Put the file back as the journal says, durably, then drop the journal. */
int trialio_rollback(int fd, const char *jpath, const trial_journal *j)
{
	if (trialio_fi_pwrite(fd, j->tail, j->len, (off_t)j->offset) < 0 ||
	    trialio_fi_ftruncate(fd, (off_t)j->size) < 0 || trialio_fi_fsync(fd) < 0 ||
	    trialio_fi_unlink(jpath) < 0)
		return -1;
	return trialio_fi_fsync_dir(jpath);
}

/* Finish what a crashed append left: roll back to the old file. */
int trialio_recover(int fd, const char *path, const char *jpath, st_err *err)
{
	trial_journal j;
	int stale = 0;
	int got = trialio_journal_load(jpath, fd, &j, &stale, err);
	if (got < 0)
		return got;
	if (got == 0) {
		/* Incomplete or another file's: the file was never touched. */
		if (stale && (trialio_fi_unlink(jpath) < 0 || trialio_fi_fsync_dir(jpath) < 0))
			return st_seterr(err, ST_EIO, "%s: cannot remove the stale journal %s: %s",
					 path, jpath, strerror(errno));
		return 0;
	}
	int rc = trialio_rollback(fd, jpath, &j);
	trialio_journal_free(&j);
	if (rc < 0)
		return st_seterr(err, ST_EIO,
				 "%s: cannot undo an interrupted append (journal %s): %s", path,
				 jpath, strerror(errno));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Locking                                                             */
/* ------------------------------------------------------------------ */

/* flock, retried on EINTR. */
static int lock_fd(int fd, int how)
{
	while (flock(fd, how) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* Take the appenders' lock PATH.lock, then open path read-write and lock it
 * exclusively (readers hold it shared while they read). *fd is -1 when the
 * file does not exist. Re-opens when a rewrite replaced the file while we
 * waited for it. */
int trialio_lock_open(const char *path, int *lfd, int *fd, st_err *err)
{
	size_t plen = strlen(path);
	char *lockpath = malloc(plen + 6);
	if (!lockpath)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	snprintf(lockpath, plen + 6, "%s.lock", path);
	*lfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (*lfd < 0) {
		int e = errno;
		st_seterr(err, ST_EIO, "%s: cannot create lock file %s: %s", path, lockpath,
			  strerror(e));
		free(lockpath);
		return ST_EIO;
	}
	free(lockpath);
	if (lock_fd(*lfd, LOCK_EX) < 0)
		goto fail;
	for (;;) {
		*fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (*fd < 0)
			return errno == ENOENT
				       ? 0
				       : st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
		struct stat a, b;
		if (fstat(*fd, &a) < 0 || !S_ISREG(a.st_mode)) {
			close(*fd);
			*fd = -1;
			return st_seterr(err, ST_EIO, "%s: not a regular file", path);
		}
		if (lock_fd(*fd, LOCK_EX) < 0)
			break;
		if (stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 0;
		close(*fd);
	}
	close(*fd);
	*fd = -1;
fail:;
	int e = errno;
	close(*lfd);
	*lfd = -1;
	return st_seterr(err, ST_EIO, "%s: cannot lock: %s", path, strerror(e));
}

/* ------------------------------------------------------------------ */
/* Header and tail                                                     */
/* ------------------------------------------------------------------ */

/* The version and label from the file's start, parsed from the text before
 * the "trials" array (closed by hand). 1 when found; 0 when the start is not
 * laid out that way (the caller reads the whole file, which also names what
 * is wrong); negative on an I/O error. "trials" followed by ':' cannot occur
 * inside a JSON string, whose quotes are escaped. */
int trialio_read_header(int fd, const char *path, int64_t *version, char **label, st_err *err)
{
	char *buf = malloc(HEAD_BYTES + 3);
	if (!buf)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	ssize_t n = trialio_pread_all(fd, buf, HEAD_BYTES, 0);
	if (n < 0) {
		free(buf);
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	}
	buf[n] = '\0';
	int found = 0;
	json_object *doc = NULL, *x;
	char *k = memchr(buf, '\0', (size_t)n) ? NULL : strstr(buf, "\"trials\"");
	if (k) {
		char *c = k + 8;
		c += strspn(c, " \t\r\n");
		if (*c == ':') {
			c++;
			c += strspn(c, " \t\r\n");
			if (*c == '[') {
				strcpy(c + 1, "]}");
				doc = json_tokener_parse(buf);
			}
		}
	}
	free(buf);
	if (doc && json_object_object_get_ex(doc, "format", &x) &&
	    json_object_is_type(x, json_type_string) &&
	    strcmp(json_object_get_string(x), TRIAL_FORMAT_NAME) == 0 &&
	    json_object_object_get_ex(doc, "version", &x) &&
	    json_object_is_type(x, json_type_int)) {
		*version = json_object_get_int64(x);
		if (json_object_object_get_ex(doc, "label", &x) &&
		    json_object_is_type(x, json_type_string)) {
			*label = strdup(json_object_get_string(x));
			found = *label ? 1 : st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
		}
	}
	json_object_put(doc);
	return found;
}

/* Skip blanks backwards from i (exclusive); the new index. */
static size_t back_ws(const char *b, size_t i)
{
	while (i > 0 && strchr(" \t\r\n", b[i - 1]))
		i--;
	return i;
}

/* Recognize  ... } ] , "last_trial" : N }  at the end of buf (blanks
 * anywhere between). 1 when found. */
int trialio_parse_tail(const char *b, size_t n, off_t base, tail_info *ti)
{
	static const char key[] = "\"last_trial\"";
	size_t i = back_ws(b, n);
	if (i == 0 || b[--i] != '}')
		return 0;
	i = back_ws(b, i);
	size_t digits_end = i;
	while (i > 0 && b[i - 1] >= '0' && b[i - 1] <= '9')
		i--;
	if (i == digits_end || digits_end - i > 10)
		return 0;
	long long v = strtoll(b + i, NULL, 10);
	if (v < 0 || v > TRIAL_MAX_NUMBER)
		return 0;
	i = back_ws(b, i);
	if (i == 0 || b[--i] != ':')
		return 0;
	i = back_ws(b, i);
	if (i < sizeof key - 1 || memcmp(b + i - (sizeof key - 1), key, sizeof key - 1) != 0)
		return 0;
	i = back_ws(b, i - (sizeof key - 1));
	if (i == 0 || b[--i] != ',')
		return 0;
	i = back_ws(b, i);
	if (i == 0 || b[--i] != ']')
		return 0;
	i = back_ws(b, i);
	if (i == 0 || (b[i - 1] != '}' && b[i - 1] != '['))
		return 0;
	ti->at = base + (off_t)i;
	ti->empty = b[i - 1] == '[';
	ti->last = (int)v;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Appending                                                           */
/* ------------------------------------------------------------------ */

/* Write t over the tail of the version-2 file fd (the fast path). */
static int append_in_place(int fd, const char *path, const char *jpath, const struct stat *st,
			   trial *t, const tail_info *ti, const char *tail, off_t tail_off,
			   trial_placed *pl, st_err *err)
{
	if (ti->last >= TRIAL_MAX_NUMBER)
		return st_seterr(err, ST_EVALUE, "%s: holds trial %d, the largest number possible",
				 path, ti->last);
	t->number = ti->last + 1;
	const char *sep = ti->empty ? "\n    " : ",\n    ";
	size_t nlen = 0;
	char *nbuf = trialio_trial_text(t, sep, t->number, path, &nlen, err);
	if (!nbuf)
		return ST_ENOMEM;

	uint64_t limit = trial_max_file_bytes();
	if ((uint64_t)ti->at + nlen > limit) {
		free(nbuf);
		return st_seterr(
			err, ST_ENOMEM,
			"%s: appending trial %d would make it %llu bytes, more than the limit of "
			"%llu bytes readers accept (SRIOVSTAT_MAX_FILE_BYTES)",
			path, t->number, (unsigned long long)ti->at + nlen,
			(unsigned long long)limit);
	}
	trial_journal j = {.dev = (unsigned long long)st->st_dev,
			   .ino = (unsigned long long)st->st_ino,
			   .size = (unsigned long long)st->st_size,
			   .offset = (unsigned long long)ti->at,
			   .len = (size_t)(st->st_size - ti->at),
			   .tail = (char *)tail + (ti->at - tail_off)};
	int rc = 0;
	if (trialio_journal_write(jpath, &j) < 0) {
		int e = errno;
		unlink(jpath);
		rc = st_seterr(err, ST_EIO,
			       "%s: cannot write the journal %s: %s (the file is untouched)", path,
			       jpath, strerror(e));
	} else if (trialio_fi_pwrite(fd, nbuf, nlen, ti->at) < 0 || trialio_fi_fsync(fd) < 0 ||
		   trialio_fi_unlink(jpath) < 0) {
		int e = errno;
		if (trialio_rollback(fd, jpath, &j) < 0)
			rc = st_seterr(
				err, ST_EIO,
				"%s: writing failed: %s; the journal %s keeps the old file readable "
				"and the next append restores it",
				path, strerror(e), jpath);
		else
			rc = st_seterr(err, ST_EIO,
				       "%s: writing failed: %s (the old file is intact)", path,
				       strerror(e));
	} else {
		/* The commit: a crash before this is durable rolls back. */
		trialio_fi_fsync_dir(jpath);
		/* The trial is in: a failure to note where only costs the next
		 * checkpoint a whole rewrite (pl->text stays NULL). */
		st_err ignored;
		if (pl &&
		    trialio_placed_set(pl, st, ti->at + (off_t)strlen(sep), nbuf + strlen(sep),
				       nlen - strlen(sep), path, &ignored) == 0)
			pl->last = t->number;
	}
	free(nbuf);
	return rc;
}

/* The largest trial number in a parsed document (and its last_trial). */
int trialio_largest_number(json_object *doc)
{
	json_object *arr, *x;
	int last = 0;
	if (json_object_object_get_ex(doc, "last_trial", &x))
		last = json_object_get_int(x);
	json_object_object_get_ex(doc, "trials", &arr);
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object_object_get_ex(json_object_array_get_idx(arr, i), "trial", &x);
		int n = json_object_get_int(x);
		last = n > last ? n : last;
	}
	return last;
}

/* Read, validate and parse the whole open file fd. */
int trialio_load_doc(int fd, const char *path, json_object **doc, st_err *err)
{
	char *buf;
	size_t len;
	int rc = trialio_read_fd(fd, path, &buf, &len, err);
	if (rc < 0)
		return rc;
	rc = trialio_parse_json(buf, len, path, doc, err);
	free(buf);
	if (rc == 0 && (rc = trialio_parse_doc(*doc, path, TRIAL_READ_NO_SAMPLES, NULL, err)) < 0) {
		json_object_put(*doc);
		*doc = NULL;
	}
	return rc;
}

/* The label check of an append. */
int trialio_check_label(const char *path, const char *have, const char *want, st_err *err)
{
	if (strcmp(have, want) == 0)
		return 0;
	return st_seterr(err, ST_EMISMATCH,
			 "%s: holds label \"%s\", not \"%s\" (use another file or the same label)",
			 path, have, want);
}

int trialio_doc_for(int fd, const char *path, const char *label, json_object **doc, int *v2,
		    st_err *err)
{
	json_object *x;
	int rc;
	*doc = NULL;
	if (fd < 0) {
		if (!(*doc = trialv2_new_doc(label)))
			return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	} else if ((rc = trialio_load_doc(fd, path, doc, err)) < 0) {
		return rc;
	}
	json_object_object_get_ex(*doc, "label", &x);
	if ((rc = trialio_check_label(path, json_object_get_string(x), label, err)) < 0) {
		json_object_put(*doc);
		*doc = NULL;
		return rc;
	}
	json_object_object_get_ex(*doc, "version", &x);
	*v2 = json_object_get_int(x) == 2;
	return 0;
}

int trialio_next_number(json_object *doc, const char *path, int *next, st_err *err)
{
	int last = trialio_largest_number(doc);
	if (last >= TRIAL_MAX_NUMBER)
		return st_seterr(err, ST_EVALUE, "%s: holds trial %d, the largest number possible",
				 path, last);
	*next = last + 1;
	return 0;
}

/* Append by reading and rewriting the whole file (version 1, a new file
 * (fd < 0), or a layout the fast path does not recognize). */
static int append_rewrite(int fd, const char *path, const char *label, trial *t, st_err *err)
{
	json_object *doc, *arr;
	int v2, rc = trialio_doc_for(fd, path, label, &doc, &v2, err);
	if (rc < 0)
		return rc;
	if ((rc = trialio_next_number(doc, path, &t->number, err)) < 0)
		goto out;
	json_object *tj = v2 ? trialv2_trial_json(t, err) : trial_to_json(t, err);
	if (!tj) {
		rc = ST_ENOMEM;
		goto out;
	}
	json_object_object_get_ex(doc, "trials", &arr);
	json_object_array_add(arr, tj);
	if (v2) {
		json_object_object_del(doc, "last_trial");
		json_object_object_add(doc, "last_trial", json_object_new_int(t->number));
	}
	/* The one writer (safeio.h): atomic, through a symlink to its target,
	 * the old file's mode and owner given to the new one before it takes
	 * the name (no window with a default mode). */
	rc = st_write_json_atomic(path, doc, err);
out:
	json_object_put(doc);
	return rc;
}

/* Append under the locks (fd < 0: no file yet); with pl, say where the
 * trial went when its bytes are known (an in-place append, a new file). */
static int append_locked(int fd, const char *path, const char *label, trial *t, trial_placed *pl,
			 st_err *err)
{
	if (fd < 0 && pl)
		return trialio_create_placed(path, label, t, pl, err);
	if (fd < 0)
		return append_rewrite(fd, path, label, t, err);
	char *jpath = trialio_journal_path(path);
	if (!jpath)
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	int64_t version = 0;
	char *have = NULL, *tail = NULL;
	struct stat st;
	int rc = trialio_recover(fd, path, jpath, err);
	if (rc == 0 && fstat(fd, &st) < 0)
		rc = st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	int hdr = rc == 0 ? trialio_read_header(fd, path, &version, &have, err) : rc;
	if (hdr < 0) {
		rc = hdr;
		goto out;
	}
	if (hdr == 1 && (rc = trialio_check_label(path, have, label, err)) < 0)
		goto out;
	tail_info ti;
	off_t toff = st.st_size > TAIL_BYTES ? st.st_size - TAIL_BYTES : 0;
	size_t want = (size_t)(st.st_size - toff);
	ssize_t got = -1;
	if (hdr == 1 && version == 2 && (tail = malloc(want + 1)) &&
	    (got = trialio_pread_all(fd, tail, want, toff)) == (ssize_t)want &&
	    trialio_parse_tail(tail, want, toff, &ti))
		rc = append_in_place(fd, path, jpath, &st, t, &ti, tail, toff, pl, err);
	else
		rc = append_rewrite(fd, path, label, t, err);
out:
	free(tail);
	free(have);
	free(jpath);
	return rc;
}

int trialio_append(const char *path, const char *label, trial *t, trial_placed *pl, st_err *err)
{
	if (!label || !*label)
		return st_seterr(err, ST_EUSAGE, "%s: a label is required", path);
	fault_count = 0;
	int lfd, fd;
	int rc = trialio_lock_open(path, &lfd, &fd, err);
	if (rc < 0)
		return rc;
	rc = append_locked(fd, path, label, t, pl, err);
	if (fd >= 0)
		close(fd);
	close(lfd);
	return rc;
}

/* Append one trial: in place for version 2, else by a rewrite. */
int trial_file_append(const char *path, const char *label, trial *t, st_err *err)
{
	return trialio_append(path, label, t, NULL, err);
}

/* ------------------------------------------------------------------ */
/* Upgrading                                                           */
/* ------------------------------------------------------------------ */

/* doc in version 2: fingerprints compacted, "trials" then "last_trial" last. */
static int doc_to_v2(json_object *doc, st_err *err)
{
	json_object *arr, *x;
	json_object_object_get_ex(doc, "trials", &arr);
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (trialv2_compact_trial(json_object_array_get_idx(arr, i), err) < 0)
			return ST_ENOMEM;
	int last = trialio_largest_number(doc);
	json_object_object_add(doc, "version", json_object_new_int(2));
	arr = json_object_get(arr);
	json_object_object_del(doc, "trials");
	json_object_object_del(doc, "last_trial");
	json_object_object_add(doc, "trials", arr);
	json_object_object_add(doc, "last_trial", (x = json_object_new_int(last)));
	return x ? 0 : st_seterr(err, ST_ENOMEM, "out of memory");
}

/* Convert a trial file to version 2 in place, atomically. */
int trial_file_upgrade(const char *path, int *from_version, st_err *err)
{
	int lfd, fd;
	int rc = trialio_lock_open(path, &lfd, &fd, err);
	if (rc < 0)
		return rc;
	json_object *doc = NULL, *x;
	char *jpath = NULL;
	if (fd < 0) {
		rc = st_seterr(err, ST_EIO, "%s: %s", path, strerror(ENOENT));
		goto out;
	}
	if (!(jpath = trialio_journal_path(path))) {
		rc = st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((rc = trialio_recover(fd, path, jpath, err)) < 0 ||
	    (rc = trialio_load_doc(fd, path, &doc, err)) < 0)
		goto out;
	json_object_object_get_ex(doc, "version", &x);
	*from_version = json_object_get_int(x);
	if (*from_version == TRIAL_FORMAT_VERSION)
		goto out;
	if ((rc = doc_to_v2(doc, err)) == 0)
		rc = st_write_json_atomic(path, doc, err); /* identity kept: safeio.h */
out:
	json_object_put(doc);
	free(jpath);
	if (fd >= 0)
		close(fd);
	close(lfd);
	return rc;
}
