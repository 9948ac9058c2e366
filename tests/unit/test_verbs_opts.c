/* SPDX-License-Identifier: BSD-3-Clause */
/* test_verbs_opts.c: verbs_lat's options and the checks that need no device. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "verbs_meas.h"
#include "verbs_opts.h"

static verbs_opts vo;
static bench_opts o;
static char err[1024];

/* Parse a NULL-terminated argument list with the table init makes (its
 * program's name first); p gets the program. */
static int parse_as(void (*init)(bench_prog *, verbs_opts *), const char *name, bench_prog *p,
		    const char *const *args)
{
	char *argv[40];
	int argc = 0;
	init(p, &vo);
	argv[argc++] = (char *)name;
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	st_err e = {0};
	int rc = bench_opts_parse(argc, argv, p, &o, &e);
	snprintf(err, sizeof err, "%s", e.msg);
	return rc;
}

/* The same with verbs_lat's table. */
static int parse(const char *const *args)
{
	bench_prog p;
	return parse_as(verbs_prog_init, "verbs_lat", &p, args);
}

#define PARSE(...) parse((const char *const[]){__VA_ARGS__, NULL})
#define PARSE0()   parse((const char *const[]){NULL})

/* Expect a usage error whose message contains want. */
#define BAD(want, ...)                                                                         \
	do {                                                                                   \
		cr_assert_eq(PARSE(__VA_ARGS__), BENCH_PARSE_ERROR, "accepted: expected '%s'", \
			     want);                                                            \
		cr_assert(strstr(err, want) != NULL, "message '%s' lacks '%s'", err, want);    \
		cr_assert(strchr(err, '\n') == NULL, "message is not one line: %s", err);      \
	} while (0)

Test(verbs_opts, defaults)
{
	cr_assert_eq(PARSE0(), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.test, VERBS_WRITE);
	cr_assert_eq(vo.mode, VERBS_POLL);
	cr_assert_eq(vo.inline_size, -1);
	cr_assert_eq(vo.inline_given, 0);
	cr_assert_eq(vo.srq, 0);
	cr_assert_eq(vo.srq_limit, 0);
	cr_assert_str_eq(vo.ib_dev, "");
	cr_assert_eq(vo.ib_port, 0);
	cr_assert_eq(vo.gid_index, -1);
	cr_assert_eq(vo.tx_depth, 16);
	cr_assert_eq(vo.rx_depth, 64);
	cr_assert_eq(o.min_size, 2);
	cr_assert_eq(o.max_size, 1 << 23);
	cr_assert_str_eq(verbs_test_name(vo.test), "write");
}

Test(verbs_opts, the_issue_example)
{
	cr_assert_eq(PARSE("--test", "write", "--mode", "event", "--inline", "0", "-i", "100000",
			   "--label", "vm", "--json", "vm-verbs.json"),
		     BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.test, VERBS_WRITE);
	cr_assert_eq(vo.mode, VERBS_EVENT);
	cr_assert_eq(vo.inline_size, 0);
	cr_assert_eq(vo.inline_given, 1);
	cr_assert_eq(o.iterations, 100000);
	cr_assert_str_eq(o.label, "vm");
}

Test(verbs_opts, every_option)
{
	cr_assert_eq(PARSE("--test", "send", "--srq", "--srq-limit", "8", "--rx-depth", "128", "-d",
			   "mlx5_1", "--ib-port", "2", "--gid-index", "3", "-t", "32", "-I", "64",
			   "-m", "0:4096"),
		     BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.test, VERBS_SEND);
	cr_assert_eq(vo.srq, 1);
	cr_assert_eq(vo.srq_limit, 8);
	cr_assert_eq(vo.rx_depth, 128);
	cr_assert_str_eq(vo.ib_dev, "mlx5_1");
	cr_assert_eq(vo.ib_port, 2);
	cr_assert_eq(vo.gid_index, 3);
	cr_assert_eq(vo.tx_depth, 32);
	cr_assert_eq(vo.inline_size, 64);
	cr_assert_eq(o.min_size, 0);
	cr_assert_str_eq(verbs_test_name(vo.test), "send");
}

Test(verbs_opts, test_names_are_the_trial_ops)
{
	static const struct {
		const char *arg, *op;
		enum verbs_test t;
	} cases[] = {
		{"write", "write", VERBS_WRITE},
		{"read", "read", VERBS_READ},
		{"send", "send", VERBS_SEND},
		{"atomic", "atomic-fadd", VERBS_ATOMIC_FADD},
		{"atomic-fadd", "atomic-fadd", VERBS_ATOMIC_FADD},
		{"atomic-cswap", "atomic-cswap", VERBS_ATOMIC_CSWAP},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(PARSE("--test", cases[i].arg), BENCH_PARSE_OK, "%s: %s", cases[i].arg,
			     err);
		cr_assert_eq(vo.test, cases[i].t);
		cr_assert_str_eq(verbs_test_name(vo.test), cases[i].op);
	}
	cr_assert_str_eq(verbs_mode_name(VERBS_POLL), "poll");
	cr_assert_str_eq(verbs_mode_name(VERBS_EVENT), "event");
}

Test(verbs_opts, atomics_are_eight_bytes)
{
	cr_assert_eq(PARSE("--test", "atomic-cswap"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 8);
	cr_assert_eq(o.max_size, 8);
	cr_assert_eq(vo.inline_size, 0);
	cr_assert_eq(PARSE("--test", "atomic", "-m", "8"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 8);
	cr_assert_eq(PARSE("--test", "atomic", "-m", "8:8"), BENCH_PARSE_OK, "%s", err);
	BAD("atomic-fadd operates on 8 bytes", "--test", "atomic", "-m", "16");
	BAD("atomic-cswap operates on 8 bytes", "--test", "atomic-cswap", "-m", "0:8");
}

Test(verbs_opts, read_inline_is_zero)
{
	cr_assert_eq(PARSE("--test", "read", "-m", "0:64"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.inline_size, 0);
	cr_assert_eq(o.min_size, 0);
}

Test(verbs_opts, bad_input_from_the_issue)
{
	BAD("--srq-limit needs --srq", "--test", "send", "--srq-limit", "4");
	BAD("--inline 4097: must be between 0 and 4096", "--inline", "4097");
	BAD("--inline 100000: must be between 0 and 4096", "--test", "send", "--inline", "100000");
}

Test(verbs_opts, unknown_test_or_mode)
{
	BAD("--test writ: unknown test (write, read, send, atomic-fadd or atomic-cswap)", "--test",
	    "writ");
	BAD("--test : unknown test", "--test", "");
	BAD("--mode busy: unknown mode (poll or event)", "--mode", "busy");
	BAD("--mode Poll: unknown mode", "--mode", "Poll");
	BAD("unknown option --ib-device", "--ib-device", "mlx4_0");
}

Test(verbs_opts, bad_numbers)
{
	BAD("--inline -1: not a whole number", "--inline", "-1");
	BAD("--inline 12x: not a whole number", "--inline", "12x");
	BAD("--ib-port 0: must be between 1 and 255", "--ib-port", "0");
	BAD("--ib-port 256: must be between 1 and 255", "--ib-port", "256");
	BAD("--ib-port one: not a whole number", "--ib-port", "one");
	BAD("--gid-index 65536: must be between 0 and 65535", "--gid-index", "65536");
	BAD("--gid-index 99999999999999999999: not a whole number", "--gid-index",
	    "99999999999999999999");
	BAD("--tx-depth 0: must be between 1 and 65536", "--tx-depth", "0");
	BAD("--tx-depth 65537: must be between 1 and 65536", "-t", "65537");
	BAD("--rx-depth 1.5: not a whole number", "--test", "send", "--rx-depth", "1.5");
	BAD("--srq-limit 0: must be between 1 and 65535", "--test", "send", "--srq", "--srq-limit",
	    "0");
	BAD("-i 0: must be at least 1", "-i", "0");
}

Test(verbs_opts, combinations)
{
	BAD("--srq applies to --test send only (write posts no receives)", "--srq");
	BAD("--srq applies to --test send only (read", "--test", "read", "--srq");
	BAD("--srq-limit 64 must be below --rx-depth 64", "--test", "send", "--srq", "--srq-limit",
	    "64");
	cr_assert_eq(PARSE("--test", "send", "--srq", "--srq-limit", "63"), BENCH_PARSE_OK, "%s",
		     err);
	BAD("--inline applies to write and send (read sends no payload)", "--test", "read",
	    "--inline", "0");
	BAD("--inline applies to write and send (atomic-fadd", "--test", "atomic", "-I", "8");
	BAD("--rx-depth applies to send, and to write with --mode event (write in poll mode",
	    "--rx-depth", "8");
	BAD("--rx-depth applies to send", "--test", "read", "--rx-depth", "8");
	cr_assert_eq(PARSE("--mode", "event", "--rx-depth", "8"), BENCH_PARSE_OK, "%s", err);
	BAD("-m: write in poll mode needs sizes of 1 byte or more", "-m", "0:4096");
	cr_assert(strstr(err, "use -m 1:4096") != NULL, "%s", err);
	cr_assert_eq(PARSE("--mode", "event", "-m", "0:4096"), BENCH_PARSE_OK, "%s", err);
	BAD("--ib-dev 'a/b': not an RDMA device name", "--ib-dev", "a/b");
	BAD("--ib-dev '': not an RDMA device name", "--ib-dev", "");
}

Test(verbs_opts, rank_bounds_and_help)
{
	bench_prog p;
	verbs_prog_init(&p, &vo);
	cr_assert_eq(p.min_ranks, 2);
	cr_assert_eq(p.max_ranks, 2);
	cr_assert_str_eq(p.name, "verbs_lat");
	cr_assert_eq(PARSE("--help"), BENCH_PARSE_HELP);
	cr_assert_eq(PARSE("--version"), BENCH_PARSE_VERSION);
	cr_assert(strstr(p.extra_help, "--srq-limit N") != NULL);
}

Test(verbs_opts, inline_request_follows_test_and_device)
{
	cr_assert_eq(PARSE0(), BENCH_PARSE_OK);
	cr_assert_eq(verbs_inline_request(&vo, 400), 400, "default: the device maximum");
	cr_assert_eq(verbs_inline_request(&vo, 0), 0, "a VF granting none");
	cr_assert_eq(verbs_inline_request(&vo, 100000), VERBS_INLINE_LIMIT);
	cr_assert_eq(PARSE("--inline", "0"), BENCH_PARSE_OK);
	cr_assert_eq(verbs_inline_request(&vo, 400), 0);
	cr_assert_eq(PARSE("--test", "read"), BENCH_PARSE_OK);
	cr_assert_eq(verbs_inline_request(&vo, 400), 0);
}

/* perftest's spellings (verbs_lat(1)'s table) mean what ours mean. */
Test(perftest, spellings)
{
	cr_assert_eq(PARSE("--size", "4096"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 4096);
	cr_assert_eq(o.max_size, 4096);
	cr_assert_eq(PARSE("-s", "64K"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 65536);
	cr_assert_eq(o.max_size, 65536);
	cr_assert_eq(PARSE("--all"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 2);
	cr_assert_eq(o.max_size, 1 << 23);
	cr_assert_eq(PARSE("-a"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.max_size, 1 << 23);
	cr_assert_eq(PARSE("--iters", "777"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.iterations, 777);
	cr_assert_eq(o.iterations_large, 777);
	cr_assert_eq(PARSE("-n", "1e3"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.iterations, 1000);
	cr_assert_eq(PARSE("--inline_size", "0"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.inline_size, 0);
	cr_assert_eq(vo.inline_given, 1);
	cr_assert_eq(PARSE("--use_event"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.mode, VERBS_EVENT);
	cr_assert_eq(PARSE("-e", "--test", "send"), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(vo.mode, VERBS_EVENT);
	cr_assert_eq(vo.test, VERBS_SEND);
}

Test(perftest, both_spellings_of_one_setting_refused)
{
	BAD("--size and -m both give the sizes", "--size", "64", "-m", "8");
	BAD("--all and -m both give the sizes", "-a", "-m", "8");
	BAD("--size and --all both give the sizes", "-a", "-s", "8");
	BAD("--iters and -i both give the iterations", "-i", "5", "--iters", "5");
	BAD("--size 1:8: expected one size", "--size", "1:8");
	BAD("--size x: expected one size", "--size", "x");
	BAD("--iters 0: must be at least 1", "--iters", "0");
	BAD("--inline_size 5000: must be between 0 and 4096", "--inline_size", "5000");
	BAD("unknown option --report_gbits", "--report_gbits");
}

/* verbs_bw: perftest's bw defaults, write/read/send only. */
static int parse_bw(const char *const *args)
{
	bench_prog p;
	int rc = parse_as(verbs_bw_prog_init, "verbs_bw", &p, args);
	cr_assert_str_eq(p.name, "verbs_bw");
	cr_assert_eq(p.bandwidth, 1);
	return rc;
}

Test(verbs_bw, defaults_and_tests)
{
	cr_assert_eq(parse_bw((const char *const[]){NULL}), BENCH_PARSE_OK, "%s", err);
	cr_assert_eq(o.min_size, 65536);
	cr_assert_eq(o.max_size, 65536);
	cr_assert_eq(o.iterations, 5000);
	cr_assert_eq(vo.tx_depth, 128);
	cr_assert_eq(vo.rx_depth, 512);
	cr_assert_eq(vo.bw, 1);
	for (const char *const *t = (const char *const[]){"write", "read", "send", NULL}; *t; t++)
		cr_assert_eq(parse_bw((const char *const[]){"--test", *t, NULL}), BENCH_PARSE_OK,
			     "%s: %s", *t, err);
	cr_assert_eq(parse_bw((const char *const[]){"--test", "atomic", NULL}), BENCH_PARSE_ERROR);
	cr_assert(strstr(err, "verbs_bw measures write, read or send") != NULL, "%s", err);
	/* Write from size 0 polls no byte in verbs_bw: allowed (verbs_lat refuses). */
	cr_assert_eq(parse_bw((const char *const[]){"-m", "0:8", NULL}), BENCH_PARSE_OK, "%s", err);
}
