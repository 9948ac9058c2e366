/* SPDX-License-Identifier: BSD-3-Clause */
/* sysfs.h: reading the small files of /sys and /proc under a root prefix.
 *
 * Every path is root + path: root NULL or "" reads this machine, a captured
 * tree (tests/data/sysfs-*) or a stand-in (SRIOVSTAT_SYSFS_ROOT) is read by
 * the same code. Nothing here prints or exits; a file that is absent or
 * unreadable is a value of its own (-1, NULL, ""), not an error to report:
 * the fingerprint records what it can read. */
#ifndef SRIOVSTAT_SYSFS_H
#define SRIOVSTAT_SYSFS_H

#include <stddef.h>

/* root + path into buf (truncated to len). Returns buf. */
const char *sys_path(const char *root, const char *path, char *buf, size_t len);

/* The first line of root/path into out, without its newline. 0, or -1 (out
 * is then ""). */
int sys_read_line(const char *root, const char *path, char *out, size_t len);

/* sys_read_line of the path fmt... makes, without trailing blanks (sysfs
 * attributes carry some). 0, or -1 (out is then ""). */
int sys_read_attr(const char *root, char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The whole of a small file (its first MiB), NUL-terminated, in a new
 * buffer the caller frees; NULL when it cannot be read. */
char *sys_read_small(const char *root, const char *path);

/* The last component of the symbolic link root/path into out ("mlx5_core"
 * for .../device/driver). 0, or -1 (out is then ""). */
int sys_link_base(const char *root, const char *path, char *out, size_t len);

/* Whether root/path exists (a final symbolic link is not followed). */
int sys_exists(const char *root, const char *path);

/* The entries of directory root/path without the dot entries, sorted by
 * name, into a new array *out. Returns the count, or -1 when the directory
 * cannot be opened. Free with sys_list_free. */
int sys_list_dir(const char *root, const char *path, char ***out);

/* Free a sys_list_dir result of n names. */
void sys_list_free(char **v, int n);

#endif
