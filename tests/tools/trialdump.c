/* SPDX-License-Identifier: BSD-3-Clause */
/* trialdump: print a trial file as lines that shell tests can check with awk.
 *
 *   label LABEL
 *   trial N benchmark B op O complete C ranks R nodes N ranks_per_node P hosts H1,H2
 *   size S iterations I warmup W n N max_n M mean_us X summary_avg_us Y
 *
 * Exit 1 with the reader's message when the file is not valid. */
#include <stdio.h>
#include <string.h>

#include "desc.h"
#include "trial.h"

/* An integer member of the trial's meta, or -1. */
static long long meta_int(json_object *m, const char *k)
{
	json_object *v;
	return json_object_object_get_ex(m, k, &v) ? (long long)json_object_get_int64(v) : -1;
}

/* Hostnames of fingerprint.nodes, comma-separated. */
static void hosts(json_object *m, char *buf, size_t len)
{
	json_object *fp, *nodes, *h;
	buf[0] = '\0';
	if (!json_object_object_get_ex(m, "fingerprint", &fp) ||
	    !json_object_object_get_ex(fp, "nodes", &nodes))
		return;
	for (size_t i = 0; i < json_object_array_length(nodes); i++) {
		json_object *n = json_object_array_get_idx(nodes, i);
		if (json_object_object_get_ex(n, "hostname", &h))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "," : "",
				 json_object_get_string(h));
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: trialdump FILE.json\n");
		return 2;
	}
	trial_file *tf = NULL;
	st_err err;
	if (trial_file_read(argv[1], 0, &tf, &err) < 0) {
		fprintf(stderr, "trialdump: error: %s\n", err.msg);
		return 1;
	}
	printf("label %s\n", tf->label);
	for (size_t i = 0; i < tf->ntrials; i++) {
		trial *t = &tf->trials[i];
		char h[1024];
		hosts(t->meta, h, sizeof h);
		printf("trial %d benchmark %s op %s complete %d ranks %lld nodes %lld ranks_per_node %lld hosts %s",
		       t->number, t->benchmark, *t->op ? t->op : "-", t->complete,
		       meta_int(t->meta, "ranks"), meta_int(t->meta, "nodes"),
		       meta_int(t->meta, "ranks_per_node"), *h ? h : "-");
		json_object *better;
		if (json_object_object_get_ex(t->meta, "better", &better))
			printf(" better %s", json_object_get_string(better));
		json_object *ckpt; /* written as it grew, and never finished */
		if (json_object_object_get_ex(t->meta, "checkpoint", &ckpt) &&
		    json_object_get_boolean(ckpt))
			printf(" checkpoint 1");
		printf("\n");
		for (size_t k = 0; k < t->nsizes; k++) {
			trial_size *s = &t->sizes[k];
			json_object *sum, *avg;
			double savg = -1;
			if (json_object_object_get_ex(s->meta, "summary", &sum) &&
			    json_object_object_get_ex(sum, "avg_us", &avg))
				savg = json_object_get_double(avg);
			printf("size %llu iterations %llu warmup %llu n %zu max_n %zu mean_us %.6f summary_avg_us %.6f",
			       (unsigned long long)s->size, (unsigned long long)s->iterations,
			       (unsigned long long)s->warmup, s->n, s->max_samples ? s->n : 0,
			       st_mean_u64(s->samples, s->n) / 1e3, savg);
			/* Bandwidth and multi-pair sizes (after the fixed fields). */
			json_object *x;
			if (json_object_object_get_ex(s->meta, "bytes_per_sample", &x))
				printf(" bytes_per_sample %lld",
				       (long long)json_object_get_int64(x));
			if (json_object_object_get_ex(s->meta, "pairs", &x))
				printf(" pairs %zu", json_object_array_length(x));
			json_object *y;
			if (json_object_object_get_ex(s->meta, "rank_avg_min_us", &x) &&
			    json_object_object_get_ex(s->meta, "rank_avg_max_us", &y))
				printf(" rank_avg %.6f %.6f", json_object_get_double(x),
				       json_object_get_double(y));
			printf("\n");
		}
	}
	trial_file_destroy(tf);
	return 0;
}
