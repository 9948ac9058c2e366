/* SPDX-License-Identifier: BSD-3-Clause */
/* replay.c: a main() for a fuzz target without libFuzzer, so that make check
 * (gcc, with or without sanitizers) runs the same entry point on every file
 * it is given: the crashes the fuzzers found (tests/fuzz/regressions) and the
 * seed corpus. A file that crashes the target crashes this program.
 *
 *   replay_NAME FILE|DIR...   prints "N files" and exits 0 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed one file to the target; returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(f);
			fprintf(stderr, "%s: out of memory\n", path);
			return -1;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *g = realloc(buf, cap * 2);
		if (!g)
			free(buf);
		buf = g;
		cap *= 2;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		fprintf(stderr, "%s: read error\n", path);
		return -1;
	}
	/* An exact-size copy, so ASan sees reads past the end as libFuzzer would. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

/* Replay a file, or every regular file of a directory (in name order). */
static int replay_path(const char *path, long *count)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "replay %s\n", path);
		(*count)++;
		return replay_file(path);
	}
	struct dirent **list;
	int n = scandir(path, &list, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		char name[4096];
		struct stat fs;
		snprintf(name, sizeof name, "%s/%s", path, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && stat(name, &fs) == 0 && S_ISREG(fs.st_mode)) {
			fprintf(stderr, "replay %s\n", name);
			(*count)++;
			if (replay_file(name) < 0)
				rc = -1;
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

int main(int argc, char **argv)
{
	long count = 0;
	int rc = 0;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) < 0)
			rc = 1;
	printf("%ld files\n", count);
	return rc;
}
