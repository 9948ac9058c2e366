/* SPDX-License-Identifier: BSD-3-Clause */
/* test_trial.c: the trial data model, base64 sample encoding, file I/O. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "b64.h"
#include "trial.h"

static char tmpdir[256];

static void mk_tmp(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sriovstat-test-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmp(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

static trial *make_trial(uint64_t base, int with_max)
{
	trial *t = trial_create("p2p_lat", "pingpong");
	cr_assert_not_null(t);
	uint64_t v[5] = {base, base + 1, base + 2, base + 3, base + 4};
	uint64_t m[5] = {base + 10, base + 11, base + 12, base + 13, base + 14};
	st_err err;
	cr_assert_not_null(trial_add_size(t, 0, 5, 2, v, with_max ? m : NULL, 5, &err));
	cr_assert_not_null(trial_add_size(t, 8, 5, 2, v, with_max ? m : NULL, 5, &err));
	json_object_object_add(t->meta, "ranks", json_object_new_int(2));
	return t;
}

Test(b64, round_trip_all_lengths)
{
	unsigned char in[64], out[64];
	char txt[100];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof in; n++) {
		b64_encode(in, n, txt);
		cr_assert_eq(strlen(txt), b64_encoded_len(n));
		long long got = b64_decode(txt, strlen(txt), out);
		cr_assert_eq(got, (long long)n);
		cr_assert_arr_eq(in, out, n);
	}
}

/* b64_decode_u32le (the reader's fast decoder) gives b64_decode's values
 * and refuses what it refuses: every count of values up to 40, and each
 * character of each text replaced by '!', '=' or 'A', or the text cut. */
Test(b64, u32le_agrees_with_b64_decode)
{
	/* raw holds what b64_decode may write: 3 bytes per 4 characters (a
	 * padding '=' replaced by 'A' decodes to more bytes than were encoded). */
	unsigned char in[160], raw[224 / 4 * 3];
	char txt[224], bad[224];
	uint64_t v[48];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 97 + 5);
	for (size_t n = 1; n <= 40; n++) {
		b64_encode(in, 4 * n, txt);
		size_t len = strlen(txt);
		cr_assert_eq(b64_decode_u32le(txt, len, n, v), 0);
		for (size_t k = 0; k < n; k++)
			cr_assert_eq(v[k], (uint64_t)in[4 * k] | (uint64_t)in[4 * k + 1] << 8 |
						   (uint64_t)in[4 * k + 2] << 16 |
						   (uint64_t)in[4 * k + 3] << 24);
		cr_assert_eq(b64_decode_u32le(txt, len, n + 1, v), -1);
		cr_assert_eq(b64_decode_u32le(txt, len - 4, n, v), -1);
		for (size_t at = 0; at < len; at++)
			for (const char *c = "!=A"; *c; c++) {
				memcpy(bad, txt, len + 1);
				bad[at] = *c;
				long long got = b64_decode(bad, len, raw);
				int ok = got == (long long)(4 * n) && memcmp(raw, in, 4 * n) == 0;
				int rc = b64_decode_u32le(bad, len, n, v);
				cr_assert_eq(rc == 0, got == (long long)(4 * n),
					     "n %zu at %zu '%c'", n, at, *c);
				if (rc == 0 && !ok)
					for (size_t k = 0; k < n; k++)
						cr_assert_eq(
							v[k],
							(uint64_t)raw[4 * k] |
								(uint64_t)raw[4 * k + 1] << 8 |
								(uint64_t)raw[4 * k + 2] << 16 |
								(uint64_t)raw[4 * k + 3] << 24);
			}
	}
}

Test(b64, known_vectors)
{
	char txt[16];
	/* RFC 4648 section 10 test vectors. */
	b64_encode((const unsigned char *)"fo", 2, txt);
	cr_assert_str_eq(txt, "Zm8=");
	b64_encode((const unsigned char *)"foobar", 6, txt);
	cr_assert_str_eq(txt, "Zm9vYmFy");
}

Test(b64, rejects_bad_input)
{
	unsigned char out[16];
	cr_assert_eq(b64_decode("Zm9", 3, out), -1);      /* not a multiple of 4 */
	cr_assert_eq(b64_decode("Zm=v", 4, out), -1);     /* padding in the middle */
	cr_assert_eq(b64_decode("Zm8=Zm8=", 8, out), -1); /* padding before the end */
	cr_assert_eq(b64_decode("Z!8=", 4, out), -1);     /* bad character */
}

Test(trial, samples_choose_width)
{
	uint64_t small[2] = {1, 4294967295u};
	uint64_t big[2] = {1, 4294967296u};
	json_object *a = trial_samples_to_json(small, 2), *b = trial_samples_to_json(big, 2), *e;
	cr_assert(json_object_object_get_ex(a, "encoding", &e));
	cr_assert_str_eq(json_object_get_string(e), "base64-u32le");
	cr_assert(json_object_object_get_ex(b, "encoding", &e));
	cr_assert_str_eq(json_object_get_string(e), "base64-u64le");
	json_object_put(a);
	json_object_put(b);
}

Test(trial, write_read_round_trip, .init = mk_tmp, .fini = rm_tmp)
{
	char path[300];
	snprintf(path, sizeof path, "%s/a.json", tmpdir);
	trial_file *tf = trial_file_create("native");
	trial *t = make_trial(5000000000ull, 1); /* needs 64-bit encoding */
	st_err err;
	t->number = 1;
	cr_assert_eq(trial_file_take(tf, t, &err), 0);
	trial_destroy(t);
	cr_assert_eq(trial_file_write(path, tf, &err), 0, "%s", err.msg);
	trial_file_destroy(tf);

	trial_file *back = NULL;
	cr_assert_eq(trial_file_read(path, 0, &back, &err), 0, "%s", err.msg);
	cr_assert_str_eq(back->label, "native");
	cr_assert_eq(back->ntrials, 1);
	cr_assert_eq(back->trials[0].nsizes, 2);
	cr_assert_eq(back->trials[0].sizes[1].size, 8);
	cr_assert_eq(back->trials[0].sizes[1].samples[4], 5000000004ull);
	cr_assert_eq(back->trials[0].sizes[1].max_samples[0], 5000000010ull);
	json_object *r;
	cr_assert(json_object_object_get_ex(back->trials[0].meta, "ranks", &r));
	cr_assert_eq(json_object_get_int(r), 2);
	trial_file_destroy(back);
}

Test(trial, append_numbers_and_label_check, .init = mk_tmp, .fini = rm_tmp)
{
	char path[300];
	snprintf(path, sizeof path, "%s/b.json", tmpdir);
	st_err err;
	for (int i = 1; i <= 3; i++) {
		trial *t = make_trial(100 * (uint64_t)i, 0);
		cr_assert_eq(trial_file_append(path, "vm", t, &err), 0, "%s", err.msg);
		cr_assert_eq(t->number, i);
		trial_destroy(t);
	}
	struct stat before, after;
	cr_assert_eq(stat(path, &before), 0);
	trial *t = make_trial(1, 0);
	cr_assert_lt(trial_file_append(path, "native", t, &err), 0);
	cr_assert(strstr(err.msg, "holds label \"vm\"") != NULL, "%s", err.msg);
	trial_destroy(t);
	cr_assert_eq(stat(path, &after), 0);
	cr_assert_eq(before.st_ino, after.st_ino, "the file was replaced");

	trial_file *back = NULL;
	cr_assert_eq(trial_file_read(path, 0, &back, &err), 0, "%s", err.msg);
	cr_assert_eq(back->ntrials, 3);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(back->trials[i].number, i + 1);
	cr_assert_eq(back->trials[2].sizes[0].samples[0], 300);
	trial_file_destroy(back);
}

Test(trial, append_to_corrupt_file_leaves_it, .init = mk_tmp, .fini = rm_tmp)
{
	char path[300];
	snprintf(path, sizeof path, "%s/c.json", tmpdir);
	const char *partial =
		"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"x\",\"trials\":[";
	FILE *f = fopen(path, "w");
	fputs(partial, f);
	fclose(f);
	st_err err;
	trial *t = make_trial(1, 0);
	cr_assert_lt(trial_file_append(path, "x", t, &err), 0);
	cr_assert(strstr(err.msg, "truncated") != NULL, "%s", err.msg);
	trial_destroy(t);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq((size_t)st.st_size, strlen(partial));
}

/* Each entry: a document and a fragment its error message must contain. */
static const struct {
	const char *doc, *want;
} bad_docs[] = {
	{"", "empty file"},
	{"[1,2]", "not a sriovstat trial file"},
	{"{\"format\":\"other\"}", "not a sriovstat trial file"},
	{"{\"format\":\"sriovstat-trials\",\"version\":9,\"label\":\"a\",\"trials\":[]}",
	 "unsupported format version 9"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"\",\"trials\":[]}",
	 "\"label\" is empty"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":2,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"json-array\",\"count\":2,\"data\":[1,-3]}}]}]}",
	 "trial 1, size 1: samples: value 1 is not a non-negative integer"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":2,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"json-array\",\"count\":0,\"data\":[]}}]}]}",
	 "empty sample"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":2,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"base64-u32le\",\"count\":2,\"data\":\"AAAA\"}}]}]}",
	 "truncated?"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":3,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"json-array\",\"count\":2,\"data\":[1,2]}}]}]}",
	 "2 samples but 3 iterations"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":1,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"json-array\",\"count\":1,\"data\":[1]}}]},{\"trial\":1,"
	 "\"benchmark\":\"p\",\"sizes\":[{\"size\":1,\"iterations\":1,\"samples\":{\"unit\":\"ns\","
	 "\"encoding\":\"json-array\",\"count\":1,\"data\":[1]}}]}]}",
	 "trial number 1 appears twice"},
	{"{\"format\":\"sriovstat-trials\",\"version\":1,\"label\":\"a\",\"trials\":[]} x",
	 "unexpected data after"},
};

Test(trial, bad_documents_are_named)
{
	for (size_t i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
		trial_file *tf = NULL;
		st_err err = {0};
		int rc = trial_file_parse(bad_docs[i].doc, strlen(bad_docs[i].doc), "bad.json", 0,
					  &tf, &err);
		cr_assert_lt(rc, 0, "case %zu accepted", i);
		cr_assert_null(tf);
		cr_assert(strncmp(err.msg, "bad.json: ", 10) == 0, "case %zu: %s", i, err.msg);
		cr_assert(strstr(err.msg, bad_docs[i].want) != NULL, "case %zu: %s", i, err.msg);
	}
}

Test(trial, sizes_beyond_int64_refused)
{
	trial *t = trial_create("p2p_lat", "pingpong");
	uint64_t v[1] = {1};
	st_err err;
	cr_assert_null(trial_add_size(t, (uint64_t)INT64_MAX + 1, 1, 0, v, NULL, 1, &err));
	cr_assert(strstr(err.msg, "larger than the format allows") != NULL, "%s", err.msg);
	cr_assert_not_null(trial_add_size(t, (uint64_t)INT64_MAX, 1, 0, v, NULL, 1, &err));
	trial_destroy(t);
}
