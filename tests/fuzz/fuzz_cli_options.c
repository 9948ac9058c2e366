/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_cli_options.c: libFuzzer target for the option parsers: the
 * benchmarks' (bench_opts_parse, as p2p_lat and coll_lat-like programs
 * call it) and sriovstat's shared ones (--format, --percentiles, --stat,
 * --test, --adjust, --alpha, --level, ... through getopt_long as every
 * table command runs them).
 *
 * The input is an argument list, one argument per line (or NUL-separated).
 * A parser must accept it or report an error; never crash, hang or leak,
 * and what it accepts must be within the model's ranges (abort() names the
 * property that failed): sizes ascending and at most 2^62, iterations
 * within the limit, percentiles in (0, 100) with distinct names, alpha and
 * level in (0, 1).
 * Built by tests/fuzz/build.sh with clang -fsanitize=fuzzer, and by make
 * check with tests/fuzz/replay.c as its main() (regressions and seeds). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_opts.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXARGS 32

static void broken(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_cli_options: property failed: %s: %s\n", what, msg);
	abort();
}

/* The benchmarks' parser, with the defaults of p2p_lat. */
static void bench_parse(int argc, char **argv)
{
	static const bench_prog prog = {
		.name = "fuzz_lat",
		.summary = "fuzz",
		BENCH_OSU_LATENCY_DEFAULTS,
	};
	bench_opts o;
	st_err e = {0};
	const char *err = e.msg;
	int rc = bench_opts_parse(argc, argv, &prog, &o, &e);
	if (rc == BENCH_PARSE_ERROR) {
		if (!err[0] || strchr(err, '\n'))
			broken("bench_opts_parse", "an error without a one-line message");
		return;
	}
	if (rc != BENCH_PARSE_OK)
		return;
	if (o.min_size > o.max_size)
		broken("bench_opts_parse", "min size above max size");
	if (o.iterations == 0 || o.iterations_large == 0)
		broken("bench_opts_parse", "zero iterations");
	for (int k = 0; k < o.npercentiles; k++)
		if (!(o.percentiles[k] > 0 && o.percentiles[k] < 100))
			broken("bench_opts_parse", "a percentile out of (0, 100)");
	if (!o.label[0] || strlen(o.label) >= BENCH_LABEL_MAX)
		broken("bench_opts_parse", "a bad label accepted");
}

/* sriovstat's shared options, as a table command parses them. */
static void report_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		REPORT_COMMON_LONGOPTS,     REPORT_LONGOPT_STAT,  REPORT_LONGOPT_TEST,
		REPORT_LONGOPT_ADJUST,      REPORT_LONGOPT_ALPHA, REPORT_LONGOPT_LEVEL,
		REPORT_LONGOPT_MAX_SAMPLES, REPORT_LONGOPT_FORCE, {NULL, 0, NULL, 0},
	};
	report_common com;
	st_opts opts;
	report_common_init(&com);
	st_opts_init(&opts);
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h')
			continue;
		int r = report_common_option(&com, "fuzz", c, optarg);
		if (r == 0)
			r = report_analysis_option(&opts, "fuzz", c, optarg);
		if (r == 0)
			r = report_getopt_error("fuzz", c, argv);
		if (r != 1)
			return;
	}
	for (size_t i = 0; i < com.npct; i++) {
		if (!(com.pct[i] > 0 && com.pct[i] < 100))
			broken("--percentiles", "a value out of (0, 100)");
		for (size_t j = 0; j < i; j++)
			if (strcmp(com.pct_name[i], com.pct_name[j]) == 0)
				broken("--percentiles", "two columns of one name");
	}
	if (!(opts.alpha > 0 && opts.alpha < 1) || !(opts.level > 0 && opts.level < 1))
		broken("--alpha/--level", "out of (0, 1)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	char *argv[MAXARGS + 2];
	int argc = 0;
	argv[argc++] = "fuzz";
	char *p = buf, *end = buf + size;
	while (argc < MAXARGS + 1 && p <= end) {
		char *e = p;
		while (e < end && *e != '\n' && *e != '\0')
			e++;
		*e = '\0';
		argv[argc++] = p;
		p = e + 1;
	}
	argv[argc] = NULL;
	bench_parse(argc, argv);
	report_parse(argc, argv);
	free(buf);
	return 0;
}
