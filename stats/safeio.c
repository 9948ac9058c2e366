/* SPDX-License-Identifier: BSD-3-Clause */
/* safeio.c: bounded, type-checked inputs and atomic, identity-keeping outputs. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safeio.h"
#include "strparse.h"

/* ------------------------------------------------------------------ */
/* Inputs                                                               */
/* ------------------------------------------------------------------ */

int st_parse_bytes(const char *s, uint64_t *out)
{
	return st_parse_u64_scaled(s, 'T', 1, (uint64_t)INT64_MAX, NULL, out, NULL) < 0 ? -1 : 0;
}

/* What a file type is, for messages. */
static const char *type_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* Open path without blocking, check its type; a blocking fd or an error. */
static int open_checked(const char *path, unsigned flags, struct stat *st, st_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, st) < 0) {
		int e = errno;
		close(fd);
		return st_seterr(err, ST_EIO, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st->st_mode) && (S_ISDIR(st->st_mode) || !(flags & ST_IN_STREAM))) {
		close(fd);
		if (S_ISDIR(st->st_mode))
			return st_seterr(err, ST_EIO, "%s: not a regular file", path);
		return st_seterr(err, ST_EIO, "%s: not a regular file (%s)", path,
				 type_name(st->st_mode));
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int st_open_regular(const char *path, st_err *err)
{
	struct stat st;
	return open_checked(path, 0, &st, err);
}

static int limit_error(const char *name, const char *what, uint64_t size, uint64_t limit,
		       st_err *err)
{
	if (size)
		return st_seterr(err, ST_ENOMEM,
				 "%s: %llu bytes, more than the limit of %llu bytes for %s "
				 "(set SRIOVSTAT_MAX_FILE_BYTES to raise it, e.g. =16G)",
				 name, (unsigned long long)size, (unsigned long long)limit, what);
	return st_seterr(err, ST_ENOMEM,
			 "%s: more than the limit of %llu bytes for %s "
			 "(set SRIOVSTAT_MAX_FILE_BYTES to raise it, e.g. =16G)",
			 name, (unsigned long long)limit, what);
}

int st_read_input(const char *path, const char *what, unsigned flags, uint64_t limit, char **buf,
		  size_t *len, st_err *err)
{
	int is_stdin = (flags & ST_IN_STDIN) && strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	struct stat st;
	int fd;
	if (is_stdin) {
		fd = 0;
		if (fstat(fd, &st) < 0)
			return st_seterr(err, ST_EIO, "%s: %s", name, strerror(errno));
		if (S_ISDIR(st.st_mode))
			return st_seterr(err, ST_EIO, "%s: not a regular file", name);
	} else if ((fd = open_checked(path, flags, &st, err)) < 0) {
		return fd;
	}
	if (limit > SIZE_MAX / 4)
		limit = SIZE_MAX / 4;
	/* Refuse up front what would exhaust memory. */
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > limit) {
		if (!is_stdin)
			close(fd);
		return limit_error(name, what, (uint64_t)st.st_size, limit, err);
	}
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, n = 0;
	char *b = malloc(cap);
	int rc = 0;
	if (!b) {
		rc = st_seterr(err, ST_ENOMEM, "%s: out of memory reading %zu bytes", name, cap);
		goto out;
	}
	for (;;) {
		if (n + 1 >= cap) {
			size_t nc = cap * 2 > limit + 2 ? (size_t)limit + 2 : cap * 2;
			char *g = nc > cap ? realloc(b, nc) : NULL;
			if (!g) {
				rc = nc > cap ? st_seterr(err, ST_ENOMEM, "%s: out of memory", name)
					      : limit_error(name, what, 0, limit, err);
				goto out;
			}
			b = g;
			cap = nc;
		}
		ssize_t r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = st_seterr(err, ST_EIO, "%s: %s", name, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > limit) {
			rc = limit_error(name, what, S_ISREG(st.st_mode) ? n : 0, limit, err);
			goto out;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
out:
	free(b);
	if (!is_stdin)
		close(fd);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Outputs                                                              */
/* ------------------------------------------------------------------ */

struct st_out {
	char *final; /* the file to create or replace (symlinks followed) */
	char *tmp;   /* the temporary file beside it, or NULL (stdout, device) */
	FILE *f;
	unsigned flags;
	int is_stdout;
	int existed; /* the final file existed when opened */
};

/* What a failure leaves behind, for messages. */
static const char *left(const st_out *o)
{
	return o->existed ? "the old file is intact" : "nothing written";
}

/* The directory part of path (caller frees). */
char *st_dir_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	char *d = strdup(dirname(copy));
	free(copy);
	return d;
}

/* Follow path through symlinks (also dangling ones) to the file a write
 * should reach. NULL with err on failure. */
static char *resolve_target(const char *path, st_err *err)
{
	char *p = strdup(path);
	for (int hops = 0; p; hops++) {
		struct stat st;
		if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
			return p;
		if (hops == 40) {
			st_seterr(err, ST_EIO, "%s: too many levels of symbolic links", path);
			free(p);
			return NULL;
		}
		char target[PATH_MAX];
		ssize_t n = readlink(p, target, sizeof target - 1);
		if (n < 0) {
			st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
			free(p);
			return NULL;
		}
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = strdup(target);
		} else {
			char *d = st_dir_of(p);
			next = d ? malloc(strlen(d) + strlen(target) + 2) : NULL;
			if (next)
				sprintf(next, "%s/%s", d, target);
			free(d);
		}
		free(p);
		p = next;
	}
	st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	return NULL;
}

static void out_free(st_out *o)
{
	if (!o)
		return;
	free(o->final);
	free(o->tmp);
	free(o);
}

int st_out_open(st_out **out, const char *path, unsigned flags, st_err *err)
{
	st_out *o = calloc(1, sizeof *o);
	if (!o)
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	o->flags = flags;
	if ((flags & ST_OUT_STDOUT) && strcmp(path, "-") == 0) {
		o->is_stdout = 1;
		o->f = stdout;
		o->final = strdup("<stdout>");
		*out = o;
		return 0;
	}
	if (!*path) {
		free(o);
		return st_seterr(err, ST_EUSAGE, "empty output file name");
	}
	if (!(o->final = resolve_target(path, err))) {
		free(o);
		return err ? err->code : ST_EIO;
	}
	struct stat st;
	int exists = stat(o->final, &st) == 0;
	o->existed = exists;
	if (exists && (flags & ST_OUT_EXCL)) {
		st_seterr(err, ST_EIO, "%s: exists (refusing to overwrite it)", path);
		out_free(o);
		return ST_EIO;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		if (S_ISCHR(st.st_mode)) {
			/* /dev/null and the like: written directly. */
			o->f = fopen(o->final, "w");
			if (!o->f) {
				st_seterr(err, ST_EIO, "%s: %s", path, strerror(errno));
				out_free(o);
				return ST_EIO;
			}
			*out = o;
			return 0;
		}
		st_seterr(err, ST_EIO, "%s: not a regular file (%s); refusing to replace it", path,
			  type_name(st.st_mode));
		out_free(o);
		return ST_EIO;
	}
	size_t plen = strlen(o->final);
	o->tmp = malloc(plen + 16);
	if (!o->tmp) {
		out_free(o);
		return st_seterr(err, ST_ENOMEM, "%s: out of memory", path);
	}
	snprintf(o->tmp, plen + 16, "%s.tmp.XXXXXX", o->final);
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		char *d = st_dir_of(o->final);
		st_seterr(err, ST_EIO, "%s: cannot create a temporary file in %s: %s", path,
			  d ? d : ".", strerror(e));
		free(d);
		out_free(o);
		return ST_EIO;
	}
	mode_t um = umask(0);
	umask(um);
	int bad = fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~um)) < 0;
	const char *what = "mode";
	if (!bad && exists && (st.st_uid != geteuid() || st.st_gid != getegid())) {
		what = "owner";
		if (fchown(fd, st.st_uid, st.st_gid) < 0) {
			/* A group we cannot give is tolerated; an owner is not. */
			bad = st.st_uid != geteuid();
		}
		/* fchown may clear set-id bits: set the mode again. */
		if (!bad)
			fchmod(fd, st.st_mode & 07777);
	}
	if (bad || !(o->f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		st_seterr(err, ST_EIO, "%s: cannot keep the file's %s: %s (nothing written)", path,
			  bad ? what : "stream", strerror(e));
		out_free(o);
		return ST_EIO;
	}
	*out = o;
	return 0;
}

int st_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int st_out_not_input(st_out *o, const char *input, st_err *err)
{
	if (o->is_stdout || strcmp(input, "-") == 0)
		return 0;
	if (st_same_file(o->final, input))
		return st_seterr(err, ST_EUSAGE,
				 "%s: the output is also an input (refusing to overwrite it)",
				 input);
	return 0;
}

FILE *st_out_file(st_out *o)
{
	return o->f;
}

const char *st_out_tmp_path(const st_out *o)
{
	return o->tmp;
}

const char *st_out_path(const st_out *o)
{
	return o->final;
}

void st_out_abort(st_out *o)
{
	if (!o)
		return;
	if (!o->is_stdout && o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	out_free(o);
}

/* fsync the directory holding path (makes a rename durable). */
static void sync_dir(const char *path)
{
	char *d = st_dir_of(path);
	if (!d)
		return;
	int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(d);
}

int st_out_commit(st_out *o, st_err *err)
{
	int rc = 0;
	if (o->is_stdout) {
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = st_seterr(err, ST_EIO, "writing standard output: %s", strerror(errno));
		out_free(o);
		return rc;
	}
	if (!o->tmp) {
		int bad = ferror(o->f);
		if ((fclose(o->f) | bad) != 0)
			rc = st_seterr(err, ST_EIO, "%s: writing failed: %s", o->final,
				       strerror(errno));
		out_free(o);
		return rc;
	}
	int bad = fflush(o->f) != 0 || ferror(o->f);
	int e = errno;
	if (!bad && fsync(fileno(o->f)) < 0) {
		bad = 1;
		e = errno;
	}
	if ((fclose(o->f) != 0 || bad) && !bad) {
		bad = 1;
		e = errno;
	}
	o->f = NULL;
	if (bad) {
		unlink(o->tmp);
		rc = st_seterr(err, ST_EIO, "%s: writing failed: %s (%s)", o->final,
			       strerror(e ? e : EIO), left(o));
		out_free(o);
		return rc;
	}
	if (o->flags & ST_OUT_EXCL) {
		int r = renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_NOREPLACE);
		if (r < 0 && (errno == EINVAL || errno == ENOSYS)) {
			/* No RENAME_NOREPLACE here: link() also fails when the name exists. */
			r = link(o->tmp, o->final);
			e = errno;
			unlink(o->tmp);
			errno = e;
		}
		if (r < 0) {
			e = errno;
			unlink(o->tmp);
			rc = e == EEXIST
				     ? st_seterr(
					       err, ST_EIO,
					       "%s: exists (created by another program meanwhile; "
					       "refusing to overwrite it)",
					       o->final)
				     : st_seterr(err, ST_EIO, "%s: cannot create the file: %s",
						 o->final, strerror(e));
			out_free(o);
			return rc;
		}
	} else if (rename(o->tmp, o->final) < 0) {
		e = errno;
		unlink(o->tmp);
		rc = st_seterr(err, ST_EIO, "%s: cannot replace the file: %s (%s)", o->final,
			       strerror(e), left(o));
		out_free(o);
		return rc;
	}
	sync_dir(o->final);
	out_free(o);
	return 0;
}

int st_out_write(st_out *o, const char *buf, size_t len, st_err *err)
{
	if (len && fwrite(buf, 1, len, o->f) != len) {
		int e = errno;
		int rc = st_seterr(err, ST_EIO, "%s: writing failed: %s (%s)", o->final,
				   strerror(e), o->is_stdout ? "standard output" : left(o));
		st_out_abort(o);
		return rc;
	}
	return 0;
}

int st_write_file(const char *path, unsigned flags, const char *buf, size_t len, st_err *err)
{
	st_out *o;
	int rc = st_out_open(&o, path, flags, err);
	if (rc < 0)
		return rc;
	if ((rc = st_out_write(o, buf, len, err)) < 0)
		return rc;
	return st_out_commit(o, err);
}
