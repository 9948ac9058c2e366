/* SPDX-License-Identifier: BSD-3-Clause */
/* trialio_speed: cost of the trial-file sample encoding, against a plain
 * json-c array of doubles (the naive design measured in shared/MEASURED.md).
 *
 *   trialio_speed DIR [MILLIONS]     (default 2.3 million samples)
 *
 * Writes one trial of 15 sizes holding MILLIONS x 1e6 samples in total, with
 * trial_file_write, reads it back with trial_file_read, and does the same
 * with a json-c array of doubles (microseconds). Prints seconds per million
 * samples, bytes per sample, and read rate. Targets (issue 2): write <= 0.3 s
 * per million, <= 10 bytes per sample, read >= 10 M samples/s. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "trial.h"

/* Seconds of this process's CPU time: the machine is shared, so wall-clock
 * time includes waiting for a core; CPU time is the cost of the code. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall-clock seconds. */
static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* File size in bytes. */
static double fsize(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (double)st.st_size : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: trialio_speed DIR [MILLIONS]\n");
		return 2;
	}
	double millions = argc > 2 ? atof(argv[2]) : 2.3;
	size_t total = (size_t)(millions * 1e6), per = total / 15;
	total = per * 15;
	uint64_t *v = malloc(per * sizeof *v);
	unsigned s = 1;
	trial *t = trial_create("p2p_lat", "pingpong");
	st_err err;
	for (int k = 0; k < 15; k++) {
		for (size_t i = 0; i < per; i++) {
			/* Latency-like: ~700 ns plus an exponential tail and rare spikes. */
			s = s * 1103515245u + 12345u;
			double u = ((s >> 8) + 1.0) / 16777217.0;
			v[i] = (uint64_t)(650 + 40 * k + 150 * -log(u) +
					  ((s & 0xfff) == 0 ? 2e6 * u : 0));
		}
		trial_add_size(t, (uint64_t)1 << k, per, 100, v, NULL, per, &err);
	}
	trial_file *tf = trial_file_create("bench");
	t->number = 1;
	trial_file_take(tf, t, &err);
	trial_destroy(t);

	char path[4096], npath[4096];
	snprintf(path, sizeof path, "%s/encoded.json", argv[1]);
	snprintf(npath, sizeof npath, "%s/naive.json", argv[1]);

	double t0 = now(), w0 = wall();
	if (trial_file_write(path, tf, &err) < 0) {
		fprintf(stderr, "trialio_speed: error: %s\n", err.msg);
		return 1;
	}
	double w = now() - t0, ww = wall() - w0;
	t0 = now();
	w0 = wall();
	trial_file *back = NULL;
	if (trial_file_read(path, 0, &back, &err) < 0) {
		fprintf(stderr, "trialio_speed: error: %s\n", err.msg);
		return 1;
	}
	double r = now() - t0, rw = wall() - w0;
	trial_file_destroy(back);

	/* The naive design: a json-c array of doubles in microseconds. */
	t0 = now();
	json_object *doc = json_object_new_object(), *sizes = json_object_new_array();
	for (size_t k = 0; k < tf->trials[0].nsizes; k++) {
		json_object *a = json_object_new_array_ext((int)per);
		const trial_size *ts = &tf->trials[0].sizes[k];
		for (size_t i = 0; i < ts->n; i++)
			json_object_array_add(a,
					      json_object_new_double((double)ts->samples[i] / 1e3));
		json_object_array_add(sizes, a);
	}
	json_object_object_add(doc, "sizes", sizes);
	json_object_to_file_ext(npath, doc, JSON_C_TO_STRING_PLAIN);
	double nw = now() - t0;
	json_object_put(doc);
	t0 = now();
	doc = json_object_from_file(npath);
	double nr = now() - t0;
	json_object_put(doc);
	trial_file_destroy(tf);
	free(v);

	double m = (double)total / 1e6;
	printf("samples: %zu (15 sizes)\n", total);
	printf("%-28s %12s %12s %14s\n", "", "write s/M", "bytes/sample", "read M/s");
	printf("%-28s %12.3f %12.2f %14.1f\n", "sriovstat (base64-u32le)", w / m,
	       fsize(path) / (double)total, m / r);
	printf("%-28s %12.3f %12.2f %14.1f\n", "json-c array of doubles", nw / m,
	       fsize(npath) / (double)total, m / nr);
	printf("%-28s %12.3f %12s %14.1f\n", "sriovstat, wall clock", ww / m, "-", m / rw);
	printf("(CPU time of this process unless marked wall clock; the write includes fsync)\n");
	printf("targets: write <= 0.3 s/M, <= 10 bytes/sample, read >= 10 M/s\n");
	return 0;
}
