/* SPDX-License-Identifier: BSD-3-Clause */
/* append_trial: append one synthetic trial to a trial file through the
 * library's append path (what a benchmark's bench_end does), or print every
 * trial of a file as the library hands it out, for the append tests.
 *
 *   append_trial FILE LABEL [SAMPLES [NODES [SEED]]]
 *       append a p2p_lat trial of two sizes of SAMPLES samples (default 100)
 *       whose fingerprint lists NODES nodes (default 2) that differ only in
 *       hostname; the samples depend on SEED (default 1) only
 *   append_trial --dump FILE
 *       print each trial (version-1 form, fingerprints expanded), one JSON
 *       line each, for comparing files trial by trial
 *   append_trial --checkpoint FILE LABEL STEPS ckpt|final
 *       checkpoint a trial of 1, 2, ... STEPS sizes (200 samples, seed 1) as a
 *       benchmark does, then with "final" write it complete; fault injection
 *       (SRIOVSTAT_FAULT_AT) applies to the last write only; OTHER=1 in the
 *       environment appends another run's trial between checkpoints
 *   append_trial --copy IN OUT [TIMES]
 *       append every trial of IN to OUT (TIMES times, default 1), printing
 *       the wall-clock seconds of each append (bench/node_scale.sh)
 *
 * Exit 0 on success; 1 with "append_trial: error: ..." otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trial.h"

/* The fingerprint of nodes identical nodes node0, node1, ... */
static json_object *fingerprint(int nodes)
{
	json_object *fp = json_object_new_object(), *arr = json_object_new_array();
	json_object *bind = json_object_new_array();
	for (int i = 0; i < nodes; i++) {
		char host[32];
		snprintf(host, sizeof host, "node%d", i);
		json_object *n = json_object_new_object(), *k = json_object_new_object();
		json_object_object_add(n, "hostname", json_object_new_string(host));
		json_object_object_add(k, "release", json_object_new_string("6.1.0-test"));
		json_object_object_add(k, "version", json_object_new_string("#1 SMP"));
		json_object_object_add(n, "kernel", k);
		json_object_object_add(n, "cpu", json_object_new_string("Test CPU @ 2.0GHz"));
		json_object *r = json_object_new_array();
		json_object_array_add(r, json_object_new_int(i));
		json_object_object_add(n, "ranks", r);
		json_object_object_add(n, "network", NULL);
		json_object_array_add(arr, n);
		json_object *b = json_object_new_object();
		json_object_object_add(b, "rank", json_object_new_int(i));
		json_object_object_add(b, "node", json_object_new_int(i));
		json_object_object_add(b, "cpus", json_object_new_string("0-1"));
		json_object_array_add(bind, b);
	}
	json_object_object_add(fp, "nodes", arr);
	json_object_object_add(fp, "binding", bind);
	json_object_object_add(fp, "environment", json_object_new_object());
	return fp;
}

/* Print every trial of path as one line of JSON. */
static int dump(const char *path)
{
	trial_file *tf;
	st_err err;
	if (trial_file_read(path, 0, &tf, &err) < 0) {
		fprintf(stderr, "append_trial: error: %s\n", err.msg);
		return 1;
	}
	printf("label %s\n", tf->label);
	for (size_t i = 0; i < tf->ntrials; i++) {
		json_object *o = trial_to_json(&tf->trials[i], &err);
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	}
	trial_file_destroy(tf);
	return 0;
}

/* Append the trials of in to out, times times, timing each append. */
static int copy(const char *in, const char *out, int times)
{
	trial_file *tf;
	st_err err;
	if (trial_file_read(in, 0, &tf, &err) < 0) {
		fprintf(stderr, "append_trial: error: %s\n", err.msg);
		return 1;
	}
	for (int k = 0; k < times; k++)
		for (size_t i = 0; i < tf->ntrials; i++) {
			struct timespec a, b;
			clock_gettime(CLOCK_MONOTONIC, &a);
			if (trial_file_append(out, tf->label, &tf->trials[i], &err) < 0) {
				fprintf(stderr, "append_trial: error: %s\n", err.msg);
				trial_file_destroy(tf);
				return 1;
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			printf("appended trial %d in %.3f s\n", tf->trials[i].number,
			       (double)(b.tv_sec - a.tv_sec) +
				       1e-9 * (double)(b.tv_nsec - a.tv_nsec));
		}
	trial_file_destroy(tf);
	return 0;
}

/* A p2p_lat trial of sizes 1, 8, 64, ... (nsizes of them) of n samples
 * each, whose fingerprint lists nodes nodes; the samples depend on seed. */
static trial *make_trial(size_t n, int nodes, uint64_t x, int nsizes)
{
	st_err err;
	trial *t = trial_create("p2p_lat", "pingpong");
	uint64_t *v = malloc((n ? n : 1) * sizeof *v);
	if (!t || !v)
		exit(1);
	uint64_t size = 1;
	for (int k = 0; k < nsizes; k++, size *= 8) {
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			v[i] = 500 + (x >> 54) + size;
		}
		if (!trial_add_size(t, size, n, 10, v, NULL, n, &err)) {
			fprintf(stderr, "append_trial: error: %s\n", err.msg);
			exit(1);
		}
	}
	free(v);
	json_object_object_add(t->meta, "start",
			       json_object_new_string("2026-11-29T00:00:00.000Z"));
	json_object_object_add(t->meta, "ranks", json_object_new_int(nodes));
	json_object_object_add(t->meta, "fingerprint", fingerprint(nodes));
	return t;
}

/* Checkpoint a trial of 1, 2, ..., steps sizes to path (then, with final,
 * write it complete), as a benchmark does; after each call but the first,
 * a trial of another run (seed 7) is appended when OTHER is set in the
 * environment. SRIOVSTAT_FAULT_AT applies to the last call only. */
static int checkpoints(const char *path, const char *label, int steps, int final)
{
	const char *fault = getenv("SRIOVSTAT_FAULT_AT");
	char *keep = fault ? strdup(fault) : NULL;
	unsetenv("SRIOVSTAT_FAULT_AT");
	trial_ckpt *ck = NULL;
	st_err err;
	int rc = 0, calls = steps + (final ? 1 : 0);
	for (int k = 1; k <= calls && rc == 0; k++) {
		trial *t = make_trial(200, 2, 1, k <= steps ? k : steps);
		if (k == calls && keep)
			setenv("SRIOVSTAT_FAULT_AT", keep, 1);
		rc = k <= steps ? trial_file_checkpoint(path, label, t, &ck, &err)
				: trial_file_finish(path, label, t, ck, &err);
		trial_destroy(t);
		if (rc == 0 && k > 1 && k < calls && getenv("OTHER")) {
			trial *o = make_trial(50, 1, 7, 1);
			rc = trial_file_append(path, label, o, &err);
			trial_destroy(o);
		}
	}
	if (rc < 0)
		fprintf(stderr, "append_trial: error: %s\n", err.msg);
	else
		printf("trial %d\n", trial_ckpt_number(ck));
	trial_ckpt_free(ck);
	free(keep);
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--dump") == 0)
		return dump(argv[2]);
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "--copy") == 0)
		return copy(argv[2], argv[3], argc == 5 ? atoi(argv[4]) : 1);
	if (argc == 6 && strcmp(argv[1], "--checkpoint") == 0)
		return checkpoints(argv[2], argv[3], atoi(argv[4]), strcmp(argv[5], "final") == 0);
	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: append_trial FILE LABEL [SAMPLES [NODES [SEED]]]\n"
				"       append_trial --dump FILE\n"
				"       append_trial --checkpoint FILE LABEL STEPS ckpt|final\n");
		return 1;
	}
	size_t n = argc > 3 ? strtoul(argv[3], NULL, 10) : 100;
	int nodes = argc > 4 ? atoi(argv[4]) : 2;
	uint64_t x = argc > 5 ? strtoull(argv[5], NULL, 10) : 1;
	st_err err;
	trial *t = make_trial(n, nodes, x, 2);
	int rc = trial_file_append(argv[1], argv[2], t, &err);
	if (rc < 0)
		fprintf(stderr, "append_trial: error: %s\n", err.msg);
	trial_destroy(t);
	return rc < 0 ? 1 : 0;
}
