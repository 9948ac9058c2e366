/* SPDX-License-Identifier: BSD-3-Clause */
/* test_bench_opts.c: the shared benchmark options, every bad value refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_opts.h"

static const bench_prog prog = {
	.name = "p2p_lat",
	.summary = "test",
	BENCH_OSU_LATENCY_DEFAULTS,
};

/* Parse a NULL-terminated argument list; returns the parse result. */
static int parse(bench_opts *o, char *err, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"p2p_lat";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	st_err e = {0};
	int rc = bench_opts_parse(argc, argv, &prog, o, &e);
	snprintf(err, 512, "%.511s", e.msg);
	return rc;
}

#define PARSE(o, err, ...) parse(o, err, (const char *const[]){__VA_ARGS__, NULL})

Test(opts, defaults_follow_osu)
{
	bench_opts o;
	char err[512];
	cr_assert_eq(parse(&o, err, (const char *const[]){NULL}), BENCH_PARSE_OK);
	cr_assert_eq(o.min_size, 0);
	cr_assert_eq(o.max_size, 1 << 22);
	cr_assert_eq(bench_iterations_for(&o, 8192), 10000);
	cr_assert_eq(bench_iterations_for(&o, 16384), 1000);
	cr_assert_eq(bench_warmup_for(&o, 16384), 10);
	cr_assert_str_eq(o.label, "unlabeled");
	cr_assert_eq(o.npercentiles, 4);
	cr_assert_null(o.json_path);
}

Test(opts, full_command_line)
{
	bench_opts o;
	char err[512];
	int rc = PARSE(&o, err, "-m", "0:4096", "-i", "10000", "-x", "200", "--label", "native",
		       "--json", "native.json", "--percentiles", "50,90,99.9");
	cr_assert_eq(rc, BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.max_size, 4096);
	cr_assert_eq(o.iterations, 10000);
	cr_assert_eq(o.iterations_large, 10000, "-i sets the large count too");
	cr_assert_eq(o.warmup_large, 200);
	cr_assert_str_eq(o.label, "native");
	cr_assert_str_eq(o.json_path, "native.json");
	cr_assert_eq(o.npercentiles, 3);
	cr_assert_float_eq(o.percentiles[2], 99.9, 1e-12);
}

Test(opts, size_forms)
{
	uint64_t lo = 0, hi = 0;
	st_err err;
	cr_assert_eq(bench_parse_size_range("64", &lo, &hi, &err), 0);
	cr_assert_eq(lo, 0);
	cr_assert_eq(hi, 64);
	cr_assert_eq(bench_parse_size_range("1:1M", &lo, &hi, &err), 0);
	cr_assert_eq(lo, 1);
	cr_assert_eq(hi, 1 << 20);
	cr_assert_eq(bench_parse_size_range("4K:8K", &lo, &hi, &err), 0);
	cr_assert_eq(lo, 4096);
	cr_assert_eq(hi, 8192);
}

Test(opts, sizes_double_like_osu)
{
	uint64_t s[BENCH_MAX_SIZES];
	int n = bench_sizes(0, 8, s, BENCH_MAX_SIZES);
	cr_assert_eq(n, 5);
	uint64_t want[] = {0, 1, 2, 4, 8};
	cr_assert_arr_eq(s, want, sizeof want);
	n = bench_sizes(3, 20, s, BENCH_MAX_SIZES);
	uint64_t want3[] = {3, 6, 12};
	cr_assert_eq(n, 3);
	cr_assert_arr_eq(s, want3, sizeof want3);
	cr_assert_eq(bench_sizes(0, 1 << 30, s, BENCH_MAX_SIZES), 32);
}

Test(opts, counts_accept_scientific_and_suffixes)
{
	uint64_t v;
	st_err err;
	cr_assert_eq(bench_parse_count("-i", "1e5", 1, 1000000, &v, &err), 0);
	cr_assert_eq(v, 100000);
	cr_assert_eq(bench_parse_count("-i", "10k", 1, 1000000, &v, &err), 0);
	cr_assert_eq(v, 10240);
	cr_assert_eq(bench_parse_count("-x", "0", 0, 10, &v, &err), 0);
	cr_assert_eq(v, 0);
}

/* Each bad command line and a fragment its message must contain. */
static const struct {
	const char *args[4];
	const char *want;
} bad[] = {
	{{"-m", "10:5"}, "minimum 10 is larger than maximum 5"},
	{{"-m", "abc"}, "expected [MIN:]MAX"},
	{{"-m", "1:2G"}, "exceeds the limit"},
	{{"-i", "0"}, "-i 0: must be at least 1"},
	{{"-i", "abc"}, "-i abc: not a whole number"},
	{{"-i", "1e12"}, "-i 1e12: more than the limit"},
	{{"-i", "1.5"}, "not a whole number"},
	{{"-i", "-3"}, "not a whole number"},
	{{"-x", "1e99"}, "more than the limit"},
	{{"--percentiles", "50,101"}, "not between 0 and 100"},
	{{"--percentiles", "99,50"}, "increasing order"},
	{{"--percentiles", "nan"}, "expected numbers"},
	{{"--percentiles", "50,"}, "trailing comma"},
	{{"--label", ""}, "--label"},
	{{"--json", ""}, "--json: empty file name"},
	{{"--bogus"}, "unknown option --bogus"},
	{{"-q"}, "unknown option -q"},
	{{"-i"}, "option -i needs a value"},
	{{"--label"}, "option --label needs a value"},
	{{"--json"}, "option --json needs a value"},
	{{"stray"}, "unexpected argument 'stray'"},
};

Test(opts, bad_values_are_refused)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bench_opts o;
		char err[512];
		int rc = parse(&o, err, bad[i].args);
		cr_assert_eq(rc, BENCH_PARSE_ERROR, "case %zu (%s) accepted", i, bad[i].args[0]);
		cr_assert(strstr(err, bad[i].want) != NULL, "case %zu: got '%s'", i, err);
	}
}

Test(opts, iteration_limit_from_environment)
{
	uint64_t v;
	st_err err;
	setenv("SRIOVSTAT_MAX_ITERATIONS", "1000", 1);
	cr_assert_eq(bench_max_iterations(), 1000);
	bench_opts o;
	char e2[512];
	cr_assert_eq(PARSE(&o, e2, "-i", "1001"), BENCH_PARSE_ERROR);
	unsetenv("SRIOVSTAT_MAX_ITERATIONS");
	cr_assert_eq(bench_max_iterations(), BENCH_DEFAULT_MAX_ITERATIONS);
	cr_assert_eq(bench_parse_count("-i", "1001", 1, bench_max_iterations(), &v, &err), 0);
}

Test(opts, help_and_version)
{
	bench_opts o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "--help"), BENCH_PARSE_HELP);
	cr_assert_eq(PARSE(&o, err, "--version"), BENCH_PARSE_VERSION);
}

Test(opts, percentile_names)
{
	char b[16];
	bench_percentile_name(99.9, b, sizeof b);
	cr_assert_str_eq(b, "P99.9");
	bench_percentile_name(50, b, sizeof b);
	cr_assert_str_eq(b, "P50");
}
