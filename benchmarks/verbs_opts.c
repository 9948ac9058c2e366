/* SPDX-License-Identifier: BSD-3-Clause */
/* verbs_opts.c: verbs_lat's options and the checks that need no device. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strparse.h"
#include "verbs_opts.h"

enum {
	OPT_TEST = 3000,
	OPT_MODE,
	OPT_INLINE = 'I',
	OPT_SRQ = 3002,
	OPT_SRQ_LIMIT,
	OPT_IB_DEV = 'd',
	OPT_IB_PORT = 3004,
	OPT_GID_INDEX,
	OPT_TX_DEPTH = 't',
	OPT_RX_DEPTH = 3006,
	/* perftest's spellings */
	OPT_PT_SIZE = 's',
	OPT_PT_ITERS = 'n',
	OPT_PT_INLINE = 3007,
	OPT_PT_EVENT = 'e',
	OPT_PT_ALL = 'a',
};

static const struct option verbs_options[] = {
	{"test", required_argument, NULL, OPT_TEST},
	{"mode", required_argument, NULL, OPT_MODE},
	{"inline", required_argument, NULL, OPT_INLINE},
	{"srq", no_argument, NULL, OPT_SRQ},
	{"srq-limit", required_argument, NULL, OPT_SRQ_LIMIT},
	{"ib-dev", required_argument, NULL, OPT_IB_DEV},
	{"ib-port", required_argument, NULL, OPT_IB_PORT},
	{"gid-index", required_argument, NULL, OPT_GID_INDEX},
	{"tx-depth", required_argument, NULL, OPT_TX_DEPTH},
	{"rx-depth", required_argument, NULL, OPT_RX_DEPTH},
	{"size", required_argument, NULL, OPT_PT_SIZE},
	{"iters", required_argument, NULL, OPT_PT_ITERS},
	{"inline_size", required_argument, NULL, OPT_PT_INLINE},
	{"use_event", no_argument, NULL, OPT_PT_EVENT},
	{"all", no_argument, NULL, OPT_PT_ALL},
	{0, 0, 0, 0},
};

/* The help lines verbs_lat and verbs_bw share: from --mode to --gid-index,
 * and perftest's spellings. */
#define VERBS_HELP_MIDDLE                                                                         \
	"      --mode poll|event         busy-poll the completion queue (default) or block on\n"  \
	"                                a completion channel\n"                                  \
	"  -I, --inline N                request N bytes of inline data and send sizes up to\n"   \
	"                                N inline (write, send; default: the device's maximum)\n" \
	"      --srq                     send: receive through a shared receive queue\n"          \
	"      --srq-limit N             arm the SRQ limit at N receives; count\n"                \
	"                                IBV_EVENT_SRQ_LIMIT_REACHED and refill on each event\n"  \
	"  -d, --ib-dev NAME             RDMA device (default: the first with an active port)\n"  \
	"      --ib-port N               port (default: the device's first active port)\n"        \
	"      --gid-index N             GID table entry; needed on RoCE (default: picked,\n"     \
	"                                RoCE v2 first) and across IB subnets (default: none)\n"
#define VERBS_HELP_PERFTEST                                        \
	"perftest's spellings (see the man page's table):\n"       \
	"  -s, --size N                  one size: -m N:N\n"       \
	"  -a, --all                     sizes 2 to 8M: -m 2:8M\n" \
	"  -n, --iters N                 -i N\n"                   \
	"      --inline_size N           --inline N\n"             \
	"  -e, --use_event               --mode event\n"

static const char verbs_help[] =
	"      --test OP                 write (default), read, send, atomic-fadd or\n"
	"                                atomic-cswap (atomic = atomic-fadd); write and send\n"
	"                                record half the ping-pong round trip, read and the\n"
	"                                atomics the whole operation\n" VERBS_HELP_MIDDLE
	"  -t, --tx-depth N              send queue entries (default 16)\n"
	"      --rx-depth N              receive queue or SRQ entries (send, and write with\n"
	"                                --mode event; default 64)\n" VERBS_HELP_PERFTEST;

static const char verbs_bw_help[] =
	"      --test OP                 write (default), read or send (ib_write_bw,\n"
	"                                ib_read_bw, ib_send_bw)\n" VERBS_HELP_MIDDLE
	"  -t, --tx-depth N              work requests kept outstanding (default 128)\n"
	"      --rx-depth N              receive queue or SRQ entries (send, and write with\n"
	"                                --mode event; default 512)\n" VERBS_HELP_PERFTEST
	"  -i and -x count messages; bandwidth in MB/s (10^6 bytes/s), P99 the bad tail.\n";

static const char *const test_names[] = {"write", "read", "send", "atomic-fadd", "atomic-cswap"};

/* The op name recorded in trials. */
const char *verbs_test_name(enum verbs_test t)
{
	return (unsigned)t < sizeof test_names / sizeof test_names[0] ? test_names[t] : "?";
}

/* The mode's name. */
const char *verbs_mode_name(enum verbs_mode m)
{
	return m == VERBS_EVENT ? "event" : "poll";
}

/* Whether the test is an 8-byte atomic. */
int verbs_test_is_atomic(enum verbs_test t)
{
	return t == VERBS_ATOMIC_FADD || t == VERBS_ATOMIC_CSWAP;
}

/* Whether the test is a ping-pong between the two ranks. */
int verbs_test_is_pingpong(enum verbs_test t)
{
	return t == VERBS_WRITE || t == VERBS_SEND;
}

/* verbs_lat's defaults. */
void verbs_opts_defaults(verbs_opts *v)
{
	memset(v, 0, sizeof *v);
	v->test = VERBS_WRITE;
	v->mode = VERBS_POLL;
	v->inline_size = -1;
	v->gid_index = -1;
	v->tx_depth = 16;
	v->rx_depth = 64;
}

/* Parse a plain decimal in [lo, hi] for option opt. 0, or a negative code with err. */
static int parse_int(const char *opt, const char *s, int lo, int hi, int *out, st_err *err)
{
	uint64_t v;
	int rc = st_parse_u64(s, (uint64_t)lo, (uint64_t)hi, opt, &v, err);
	if (rc == 0)
		*out = (int)v;
	return rc;
}

/* Handle one verbs_lat option. */
static int verbs_handle(void *ctx, int opt, const char *arg, st_err *err)
{
	verbs_opts *v = ctx;
	switch (opt) {
	case OPT_TEST:
		if (strcmp(arg, "atomic") == 0) {
			v->test = VERBS_ATOMIC_FADD;
		} else {
			size_t i;
			for (i = 0; i < sizeof test_names / sizeof test_names[0]; i++)
				if (strcmp(arg, test_names[i]) == 0)
					break;
			if (i == sizeof test_names / sizeof test_names[0])
				return st_seterr(
					err, ST_EUSAGE,
					"--test %s: unknown test (write, read, send, atomic-fadd or "
					"atomic-cswap)",
					arg);
			v->test = (enum verbs_test)i;
		}
		v->test_given = 1;
		return 0;
	case OPT_MODE:
		if (strcmp(arg, "poll") == 0)
			v->mode = VERBS_POLL;
		else if (strcmp(arg, "event") == 0)
			v->mode = VERBS_EVENT;
		else {
			return st_seterr(err, ST_EUSAGE, "--mode %s: unknown mode (poll or event)",
					 arg);
		}
		v->mode_given = 1;
		return 0;
	case OPT_INLINE:
		v->inline_given = 1;
		return parse_int("--inline", arg, 0, VERBS_INLINE_LIMIT, &v->inline_size, err);
	case OPT_SRQ: v->srq = 1; return 0;
	case OPT_SRQ_LIMIT:
		return parse_int("--srq-limit", arg, 1, VERBS_DEPTH_LIMIT - 1, &v->srq_limit, err);
	case OPT_IB_DEV:
		if (!*arg || strlen(arg) >= sizeof v->ib_dev || strchr(arg, '/'))
			return st_seterr(err, ST_EUSAGE,
					 "--ib-dev '%s': not an RDMA device name (e.g. mlx5_0)",
					 arg);
		snprintf(v->ib_dev, sizeof v->ib_dev, "%s", arg);
		return 0;
	case OPT_IB_PORT: return parse_int("--ib-port", arg, 1, 255, &v->ib_port, err);
	case OPT_GID_INDEX: return parse_int("--gid-index", arg, 0, 65535, &v->gid_index, err);
	case OPT_TX_DEPTH:
		v->tx_depth_given = 1;
		return parse_int("--tx-depth", arg, 1, VERBS_DEPTH_LIMIT, &v->tx_depth, err);
	case OPT_RX_DEPTH:
		v->rx_depth_given = 1;
		return parse_int("--rx-depth", arg, 1, VERBS_DEPTH_LIMIT, &v->rx_depth, err);
	case OPT_PT_SIZE: {
		uint64_t lo = 0, hi = 0;
		char buf[64];
		snprintf(buf, sizeof buf, "%s", arg);
		if (strchr(arg, ':') || bench_parse_size_range(buf, &lo, &hi, err) < 0)
			return st_seterr(err, ST_EUSAGE,
					 "--size %s: expected one size in bytes, e.g. 65536 or 64K",
					 arg);
		v->pt_size = hi;
		v->pt_size_given = 1;
		return 0;
	}
	case OPT_PT_ITERS:
		v->pt_iters_given = 1;
		return bench_parse_count("--iters", arg, 1, bench_max_iterations(), &v->pt_iters,
					 err);
	case OPT_PT_INLINE:
		v->inline_given = 1;
		return parse_int("--inline_size", arg, 0, VERBS_INLINE_LIMIT, &v->inline_size, err);
	case OPT_PT_EVENT:
		v->mode = VERBS_EVENT;
		v->mode_given = 1;
		return 0;
	case OPT_PT_ALL: v->pt_all = 1; return 0;
	default: return st_seterr(err, ST_EUSAGE, "unhandled option");
	}
}

/* Apply perftest's --size, --all and --iters to the shared options, unless
 * ours said otherwise too. 0, or ST_EUSAGE with err. */
static int perftest_spellings(verbs_opts *v, bench_opts *o, st_err *err)
{
	if ((v->pt_size_given || v->pt_all) && o->size_given)
		return st_seterr(err, ST_EUSAGE, "%s and -m both give the sizes: use one",
				 v->pt_all ? "--all" : "--size");
	if (v->pt_size_given && v->pt_all)
		return st_seterr(err, ST_EUSAGE, "--size and --all both give the sizes: use one");
	if (v->pt_iters_given && o->iterations_given)
		return st_seterr(err, ST_EUSAGE,
				 "--iters and -i both give the iterations: use one");
	if (v->pt_size_given) {
		o->min_size = o->max_size = v->pt_size;
		o->size_given = 1;
	}
	if (v->pt_all) {
		o->min_size = VERBS_DEFAULT_MIN_SIZE;
		o->max_size = 1 << 23;
		o->size_given = 1;
	}
	if (v->pt_iters_given) {
		o->iterations = o->iterations_large = v->pt_iters;
		o->iterations_given = 1;
	}
	return 0;
}

/* The options as a whole: combinations and sizes that fit the test. */
static int verbs_check(void *ctx, bench_opts *o, st_err *err)
{
	verbs_opts *v = ctx;
	const char *t = verbs_test_name(v->test);
	if (perftest_spellings(v, o, err) < 0)
		return ST_EUSAGE;
	if (v->bw && !o->size_given)
		o->min_size = o->max_size = 65536;
	if (v->bw && verbs_test_is_atomic(v->test))
		return st_seterr(
			err, ST_EUSAGE,
			"--test %s: verbs_bw measures write, read or send (atomics: verbs_lat)", t);
	if (v->srq_limit && !v->srq)
		return st_seterr(
			err, ST_EUSAGE,
			"--srq-limit needs --srq (the limit belongs to a shared receive queue)");
	if (v->srq && v->test != VERBS_SEND)
		return st_seterr(err, ST_EUSAGE,
				 "--srq applies to --test send only (%s posts no receives)", t);
	if (v->srq_limit && v->srq_limit >= v->rx_depth)
		return st_seterr(
			err, ST_EUSAGE,
			"--srq-limit %d must be below --rx-depth %d (the number of receives "
			"the SRQ holds)",
			v->srq_limit, v->rx_depth);
	if (v->inline_given && !verbs_test_is_pingpong(v->test))
		return st_seterr(err, ST_EUSAGE,
				 "--inline applies to write and send (%s sends no payload)", t);
	if (!verbs_test_is_pingpong(v->test))
		v->inline_size = 0;
	if (v->rx_depth_given && v->test != VERBS_SEND &&
	    !(v->test == VERBS_WRITE && v->mode == VERBS_EVENT))
		return st_seterr(err, ST_EUSAGE,
				 "--rx-depth applies to send, and to write with --mode event (%s%s "
				 "posts no receives)",
				 t, v->test == VERBS_WRITE ? " in poll mode" : "");
	if (verbs_test_is_atomic(v->test)) {
		/* -m 8 leaves the minimum at the default: accept it. */
		if (o->size_given && (o->max_size != 8 ||
				      (o->min_size != 8 && o->min_size != VERBS_DEFAULT_MIN_SIZE)))
			return st_seterr(err, ST_EUSAGE,
					 "-m: %s operates on 8 bytes; leave out -m or give -m 8",
					 t);
		o->min_size = o->max_size = 8;
	}
	if (!v->bw && v->test == VERBS_WRITE && v->mode == VERBS_POLL && o->min_size == 0)
		return st_seterr(
			err, ST_EUSAGE,
			"-m: write in poll mode needs sizes of 1 byte or more (the receiver "
			"polls the last byte written); use -m 1:%llu",
			(unsigned long long)(o->max_size ? o->max_size : 1));
	return 0;
}

/* verbs_lat's bench_prog. */
void verbs_prog_init(bench_prog *p, verbs_opts *v)
{
	verbs_opts_defaults(v);
	memset(p, 0, sizeof *p);
	p->name = "verbs_lat";
	p->summary = "RDMA verbs latency on an RC queue pair (MPI only bootstraps), every "
		     "iteration kept";
	p->min_size = VERBS_DEFAULT_MIN_SIZE;
	p->max_size = 1 << 23;
	p->iterations = 10000;
	p->iterations_large = 1000;
	p->warmup = 100;
	p->warmup_large = 10;
	p->extra = verbs_options;
	p->extra_short = "I:d:t:s:n:ea";
	p->extra_help = verbs_help;
	p->handle = verbs_handle;
	p->check = verbs_check;
	p->ctx = v;
	p->min_ranks = 2;
	p->max_ranks = 2;
}

/* verbs_bw's bench_prog: verbs_lat's options, perftest's bw defaults. */
void verbs_bw_prog_init(bench_prog *p, verbs_opts *v)
{
	verbs_prog_init(p, v);
	v->bw = 1;
	v->tx_depth = 128;
	v->rx_depth = 512;
	p->name = "verbs_bw";
	p->summary = "RDMA verbs bandwidth on an RC queue pair, perftest's ib_*_bw method, "
		     "every message's completion kept";
	/* -m MAX means 2..MAX as for verbs_lat; no size option at all means
	 * perftest's one size, 65536 (verbs_check). */
	p->min_size = VERBS_DEFAULT_MIN_SIZE;
	p->max_size = 65536;
	p->iterations = p->iterations_large = 5000;
	p->warmup = p->warmup_large = 100;
	p->extra_help = verbs_bw_help;
	p->bandwidth = 1;
}
