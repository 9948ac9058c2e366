/* SPDX-License-Identifier: BSD-3-Clause */
/* sysfs.c: small files of /sys and /proc under a root prefix. */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs.h"

/* root + path into buf. */
const char *sys_path(const char *root, const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", root ? root : "", path);
	return buf;
}

/* Read the first line of root/path. */
int sys_read_line(const char *root, const char *path, char *out, size_t len)
{
	char full[4096];
	FILE *f = fopen(sys_path(root, path, full, sizeof full), "r");
	out[0] = '\0';
	if (!f)
		return -1;
	if (!fgets(out, (int)len, f)) {
		fclose(f);
		out[0] = '\0';
		return -1;
	}
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* Read root/fmt... (first line, trailing blanks dropped). */
int sys_read_attr(const char *root, char *out, size_t len, const char *fmt, ...)
{
	char path[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	int rc = sys_read_line(root, path, out, len);
	size_t l = strlen(out);
	while (l > 0 && isspace((unsigned char)out[l - 1]))
		out[--l] = '\0';
	return rc;
}

/* Read a whole small file (up to 1 MiB). */
char *sys_read_small(const char *root, const char *path)
{
	char full[4096];
	FILE *f = fopen(sys_path(root, path, full, sizeof full), "r");
	if (!f)
		return NULL;
	size_t cap = 1 << 20;
	char *b = malloc(cap + 1);
	if (!b) {
		fclose(f);
		return NULL;
	}
	size_t n = fread(b, 1, cap, f);
	fclose(f);
	b[n] = '\0';
	return b;
}

/* The last component of a symbolic link's target. */
int sys_link_base(const char *root, const char *path, char *out, size_t len)
{
	char full[4096], target[4096];
	out[0] = '\0';
	ssize_t n = readlink(sys_path(root, path, full, sizeof full), target, sizeof target - 1);
	if (n <= 0)
		return -1;
	target[n] = '\0';
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	size_t l = strlen(base);
	if (l >= len)
		l = len - 1;
	memcpy(out, base, l);
	out[l] = '\0';
	return 0;
}

/* Whether root/path exists. */
int sys_exists(const char *root, const char *path)
{
	char full[4096];
	struct stat st;
	return lstat(sys_path(root, path, full, sizeof full), &st) == 0;
}

/* Sort names for qsort. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entries of a directory. */
int sys_list_dir(const char *root, const char *path, char ***out)
{
	char full[4096];
	*out = NULL;
	DIR *d = opendir(sys_path(root, path, full, sizeof full));
	if (!d)
		return -1;
	char **v = NULL;
	int n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, (size_t)cap * sizeof *nv);
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, cmp_names);
	*out = v;
	return n;
}

/* Free a sys_list_dir result. */
void sys_list_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
