/* SPDX-License-Identifier: BSD-3-Clause */
/* test_setup.c: the settings that differ between the setups of two files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "setup.h"

/* Append a trial whose metadata is the JSON object text meta. */
static void add(trial_file *tf, const char *meta)
{
	trial *t = trial_create("p2p_lat", "pingpong");
	cr_assert_not_null(t);
	json_object_put(t->meta);
	t->meta = json_tokener_parse(meta);
	cr_assert_not_null(t->meta, "bad test JSON: %s", meta);
	t->number = (int)tf->ntrials + 1;
	st_err err;
	cr_assert_eq(trial_file_take(tf, t, &err), 0);
	trial_destroy(t);
}

/* The row of key, or NULL. */
static const st_setup_row *row(const st_setup_diff *d, const char *key)
{
	for (size_t i = 0; i < d->nrows; i++)
		if (strcmp(d->rows[i].key, key) == 0)
			return &d->rows[i];
	return NULL;
}

/* One node's fingerprint with hostname, kernel release and UCX_TLS. */
static void add_node_trial(trial_file *tf, const char *start, const char *hosts_json,
			   const char *release, const char *tls, int overhead)
{
	char m[1024];
	snprintf(m, sizeof m,
		 "{\"start\": \"%s\", \"ranks\": 2, \"options\": {\"iterations\": 1000,"
		 " \"argv\": [\"p2p_lat\", \"--label\", \"x\"]},"
		 " \"timer\": {\"name\": \"clock\", \"overhead_ns\": %d},"
		 " \"fingerprint\": {\"nodes\": %s, \"kernel\": \"%s\","
		 " \"environment\": {\"UCX_TLS\": \"%s\"}}}",
		 start, overhead, hosts_json, release, tls);
	add(tf, m);
}

Test(setup, lists_what_differs_and_only_that)
{
	trial_file *a = trial_file_create("shm"), *b = trial_file_create("tcp");
	cr_assert(a && b);
	/* The kernel varies within each file but over the same set: no row. */
	add_node_trial(a, "t1", "[{\"hostname\": \"n1\", \"ranks\": [0, 1]}]", "6.1", "sm,self",
		       40);
	add_node_trial(a, "t2", "[{\"hostname\": \"n1\", \"ranks\": [0, 1]}]", "6.2", "sm,self",
		       44);
	add_node_trial(
		b, "t3",
		"[{\"hostname\": \"n1\", \"ranks\": [0]}, {\"hostname\": \"n2\", \"ranks\": [1]}]",
		"6.2", "tcp,self", 41);
	add_node_trial(
		b, "t4",
		"[{\"hostname\": \"n1\", \"ranks\": [0]}, {\"hostname\": \"n2\", \"ranks\": [1]}]",
		"6.1", "tcp,self", 39);
	/* A setting only B records. */
	add(b, "{\"fingerprint\": {\"rdma\": {\"devices\": [\"mlx5_0\"]}}}");
	st_setup_diff *d;
	st_err err;
	cr_assert_eq(st_setup_diff_compute(a, b, &d, &err), 0, "%s", err.msg);
	const st_setup_row *r = row(d, "fingerprint.environment.UCX_TLS");
	cr_assert_not_null(r);
	cr_assert(r->na == 1 && r->nb == 1 && !r->many_a && !r->many_b);
	cr_assert_str_eq(r->a[0], "sm,self");
	cr_assert_str_eq(r->b[0], "tcp,self");
	r = row(d, "fingerprint.nodes[].hostname");
	cr_assert_not_null(r);
	cr_assert(r->na == 1 && r->nb == 2);
	cr_assert_str_eq(r->b[0], "n1");
	cr_assert_str_eq(r->b[1], "n2");
	r = row(d, "fingerprint.nodes[].ranks");
	cr_assert_not_null(r);
	cr_assert_str_eq(r->a[0], "[0,1]");
	cr_assert(r->nb == 2);
	r = row(d, "fingerprint.rdma.devices");
	cr_assert_not_null(r);
	cr_assert(r->na == 0 && r->nb == 1);
	cr_assert_str_eq(r->b[0], "[\"mlx5_0\"]");
	/* Volatile or equal settings are not listed. */
	static const char *const same[] = {
		"start", "options.argv", "timer.overhead_ns", "options.iterations",
		"ranks", "timer.name",   "fingerprint.kernel"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		cr_assert_null(row(d, same[i]), "%s listed", same[i]);
	cr_assert_eq(d->nrows, 4);
	cr_assert_eq(d->nsettings_a, 7);
	st_setup_diff_destroy(d);
	trial_file_destroy(a);
	trial_file_destroy(b);
}

Test(setup, many_values_and_files_without_settings)
{
	trial_file *a = trial_file_create("a"), *b = trial_file_create("b"),
		   *c = trial_file_create("c"), *e = trial_file_create("empty");
	cr_assert(a && b && c && e);
	char m[128];
	for (int i = 0; i < ST_SETUP_MAX_VALUES + 1; i++) {
		snprintf(m, sizeof m, "{\"host\": \"h%d\"}", i);
		add(a, m);
		snprintf(m, sizeof m, "{\"host\": \"g%d\"}", i + 1);
		add(b, m);
	}
	add(c, "{\"host\": \"h0\"}");
	add(e, "{}");
	st_setup_diff *d;
	st_err err;
	/* Both many-valued: not told apart. */
	cr_assert_eq(st_setup_diff_compute(a, b, &d, &err), 0);
	cr_assert_eq(d->nrows, 0);
	st_setup_diff_destroy(d);
	/* Many against one: listed, the first values kept. */
	cr_assert_eq(st_setup_diff_compute(a, c, &d, &err), 0);
	cr_assert_eq(d->nrows, 1);
	cr_assert(d->rows[0].many_a && !d->rows[0].many_b);
	cr_assert_eq(d->rows[0].na, ST_SETUP_MAX_VALUES);
	cr_assert_str_eq(d->rows[0].a[0], "h0");
	st_setup_diff_destroy(d);
	/* A file that records nothing is not compared. */
	cr_assert_eq(st_setup_diff_compute(c, e, &d, &err), 0);
	cr_assert_eq(d->nrows, 0);
	cr_assert(d->nsettings_a == 1 && d->nsettings_b == 0);
	st_setup_diff_destroy(d);
	trial_file_destroy(a);
	trial_file_destroy(b);
	trial_file_destroy(c);
	trial_file_destroy(e);
}
