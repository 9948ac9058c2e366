/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_opts.c: shared option parsing for the benchmarks. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_opts.h"
#include "config.h"
#include "strparse.h"

enum {
	OPT_LABEL = 1000,
	OPT_JSON,
	OPT_PERCENTILES,
	OPT_HELP,
	OPT_VERSION,
	OPT_QUIET,
	OPT_NO_CHECKPOINT,
};

static const struct option shared_options[] = {
	{"message-size", required_argument, NULL, 'm'},
	{"iterations", required_argument, NULL, 'i'},
	{"warmup", required_argument, NULL, 'x'},
	{"label", required_argument, NULL, OPT_LABEL},
	{"json", required_argument, NULL, OPT_JSON},
	{"percentiles", required_argument, NULL, OPT_PERCENTILES},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"no-checkpoint", no_argument, NULL, OPT_NO_CHECKPOINT},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
};
#define NSHARED (sizeof shared_options / sizeof shared_options[0])

/* Fill o with p's defaults. */
void bench_opts_defaults(bench_opts *o, const bench_prog *p)
{
	memset(o, 0, sizeof *o);
	o->min_size = p->min_size;
	o->max_size = p->max_size;
	o->iterations = p->iterations;
	o->iterations_large = p->iterations_large;
	o->warmup = p->warmup;
	o->warmup_large = p->warmup_large;
	snprintf(o->label, sizeof o->label, "unlabeled");
	static const double dflt[] = {50, 90, 95, 99};
	memcpy(o->percentiles, dflt, sizeof dflt);
	o->npercentiles = 4;
}

/* Parse a decimal with an optional K/M/G (binary) suffix; -1 on junk or overflow. */
static int parse_scaled(const char *s, uint64_t *v)
{
	return st_parse_u64_scaled(s, 'G', 0, UINT64_MAX, NULL, v, NULL) < 0 ? -1 : 0;
}

/* Parse "[MIN:]MAX". */
int bench_parse_size_range(const char *s, uint64_t *min, uint64_t *max, st_err *err)
{
	char buf[64];
	if (strlen(s) >= sizeof buf)
		return st_seterr(err, ST_EUSAGE, "-m %s: too long", s);
	strcpy(buf, s);
	char *colon = strchr(buf, ':');
	uint64_t lo = *min, hi = *max;
	if (colon) {
		*colon = '\0';
		if ((buf[0] && parse_scaled(buf, &lo) < 0) || parse_scaled(colon + 1, &hi) < 0)
			return st_seterr(err, ST_EUSAGE,
					 "-m %s: expected [MIN:]MAX in bytes, e.g. 0:4096 or 1:1M",
					 s);
	} else if (parse_scaled(buf, &hi) < 0)
		return st_seterr(err, ST_EUSAGE,
				 "-m %s: expected [MIN:]MAX in bytes, e.g. 0:4096 or 1:1M", s);
	if (lo > hi)
		return st_seterr(err, ST_EUSAGE, "-m %s: minimum %llu is larger than maximum %llu",
				 s, (unsigned long long)lo, (unsigned long long)hi);
	if (hi > BENCH_MAX_MESSAGE_SIZE)
		return st_seterr(err, ST_EUSAGE,
				 "-m %s: maximum %llu exceeds the limit of %llu bytes (1 GiB)", s,
				 (unsigned long long)hi,
				 (unsigned long long)BENCH_MAX_MESSAGE_SIZE);
	*min = lo;
	*max = hi;
	return 0;
}

/* The iteration ceiling, from the environment when set. */
uint64_t bench_max_iterations(void)
{
	const char *e = getenv("SRIOVSTAT_MAX_ITERATIONS");
	uint64_t v;
	if (e && parse_scaled(e, &v) == 0 && v > 0)
		return v;
	return BENCH_DEFAULT_MAX_ITERATIONS;
}

/* Parse a count: integer, k/M/G suffix, or an integral 1eN form. */
int bench_parse_count(const char *opt, const char *s, uint64_t min, uint64_t limit, uint64_t *v,
		      st_err *err)
{
	uint64_t x;
	if (parse_scaled(s, &x) < 0) {
		/* Allow scientific notation for integral values: 1e5, 2.5e4. */
		char *end;
		errno = 0;
		double d = strtod(s, &end);
		if (!isdigit((unsigned char)*s) || *end || errno || !isfinite(d) || d != floor(d) ||
		    !strpbrk(s, "eE"))
			return st_seterr(err, ST_EUSAGE, "%s %s: not a whole number", opt, s);
		if (d > 1.8e19)
			return st_seterr(err, ST_EUSAGE, "%s %s: more than the limit of %llu", opt,
					 s, (unsigned long long)limit);
		x = (uint64_t)d;
	}
	if (x < min)
		return st_seterr(err, ST_EUSAGE, "%s %s: must be at least %llu", opt, s,
				 (unsigned long long)min);
	if (x > limit)
		return st_seterr(
			err, ST_EUSAGE,
			"%s %s: more than the limit of %llu (every iteration is kept in "
			"memory, up to 70 bytes each on rank 0; set SRIOVSTAT_MAX_ITERATIONS "
			"to raise it)",
			opt, s, (unsigned long long)limit);
	*v = x;
	return 0;
}

/* Parse a comma-separated percentile list. */
int bench_parse_percentiles(const char *s, double *v, int max, st_err *err)
{
	int n = 0;
	const char *p = s;
	if (!*p)
		return st_seterr(err, ST_EUSAGE, "--percentiles: empty list");
	while (*p) {
		char *end;
		errno = 0;
		double d = strtod(p, &end);
		if (end == p || errno || !isfinite(d) || (*end && *end != ','))
			return st_seterr(err, ST_EUSAGE,
					 "--percentiles %s: expected numbers such as 50,90,99.9",
					 s);
		if (d <= 0 || d >= 100)
			return st_seterr(
				err, ST_EUSAGE,
				"--percentiles %s: %g is not between 0 and 100 (exclusive)", s, d);
		if (n > 0 && d <= v[n - 1])
			return st_seterr(
				err, ST_EUSAGE,
				"--percentiles %s: list them in increasing order, once each", s);
		if (n == max)
			return st_seterr(err, ST_EUSAGE, "--percentiles %s: at most %d values", s,
					 max);
		v[n++] = d;
		p = *end ? end + 1 : end;
		if (*end == ',' && !*p)
			return st_seterr(err, ST_EUSAGE, "--percentiles %s: trailing comma", s);
	}
	return n;
}

/* OSU's size sequence. */
int bench_sizes(uint64_t min, uint64_t max, uint64_t *out, int max_out)
{
	int n = 0;
	for (uint64_t s = min; s <= max && n < max_out; s = s ? s * 2 : 1)
		out[n++] = s;
	return n;
}

/* Iterations for size (large counts above BENCH_LARGE_MESSAGE_SIZE). */
uint64_t bench_iterations_for(const bench_opts *o, uint64_t size)
{
	return size > BENCH_LARGE_MESSAGE_SIZE ? o->iterations_large : o->iterations;
}

uint64_t bench_iterations_largest(const bench_opts *o)
{
	return o->iterations > o->iterations_large ? o->iterations : o->iterations_large;
}

/* Warmup iterations for size. */
uint64_t bench_warmup_for(const bench_opts *o, uint64_t size)
{
	return size > BENCH_LARGE_MESSAGE_SIZE ? o->warmup_large : o->warmup;
}

/* "P50", "P99.9". */
void bench_percentile_name(double p, char *buf, size_t len)
{
	snprintf(buf, len, "P%g", p);
}

/* Check a label: printable, no spaces at the ends, fits. */
static int check_label(const char *s, st_err *err)
{
	size_t n = strlen(s);
	if (n == 0 || n >= BENCH_LABEL_MAX)
		return st_seterr(err, ST_EUSAGE, "--label: give 1 to %d characters",
				 BENCH_LABEL_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]) && s[i] != ' ')
			return st_seterr(err, ST_EUSAGE,
					 "--label: only printable characters, please");
	return 0;
}

/* Parse the shared options and hand the rest to p->handle. */
int bench_opts_parse(int argc, char **argv, const bench_prog *p, bench_opts *o, st_err *err)
{
	struct option table[NSHARED + 32];
	size_t n = 0;
	for (size_t i = 0; i < NSHARED; i++)
		table[n++] = shared_options[i];
	for (const struct option *e = p->extra; e && e->name && n < NSHARED + 31; e++)
		table[n++] = *e;
	memset(&table[n], 0, sizeof table[n]);
	char shortopts[64];
	snprintf(shortopts, sizeof shortopts, ":m:i:x:h%s", p->extra_short ? p->extra_short : "");

	bench_opts_defaults(o, p);
	optind =
		0; /* 0: glibc forgets a previous parse entirely (1 keeps its place in an old argv) */
	opterr = 0;
	uint64_t limit = bench_max_iterations();
	int c;
	while ((c = getopt_long(argc, argv, shortopts, table, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (bench_parse_size_range(optarg, &o->min_size, &o->max_size, err) < 0)
				return BENCH_PARSE_ERROR;
			o->size_given = 1;
			break;
		case 'i':
			if (bench_parse_count("-i", optarg, 1, limit, &o->iterations, err) < 0)
				return BENCH_PARSE_ERROR;
			o->iterations_large = o->iterations;
			o->iterations_given = 1;
			break;
		case 'x':
			if (bench_parse_count("-x", optarg, 0, limit, &o->warmup, err) < 0)
				return BENCH_PARSE_ERROR;
			o->warmup_large = o->warmup;
			o->warmup_given = 1;
			break;
		case OPT_LABEL:
			if (check_label(optarg, err) < 0)
				return BENCH_PARSE_ERROR;
			snprintf(o->label, sizeof o->label, "%s", optarg);
			break;
		case OPT_JSON:
			if (!*optarg)
				return st_seterr(err, ST_EUSAGE, "--json: empty file name");
			o->json_path = optarg;
			break;
		case OPT_PERCENTILES: {
			int k = bench_parse_percentiles(optarg, o->percentiles,
							BENCH_MAX_PERCENTILES, err);
			if (k < 0)
				return BENCH_PARSE_ERROR;
			o->npercentiles = k;
			break;
		}
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_NO_CHECKPOINT: o->no_checkpoint = 1; break;
		case 'h': return BENCH_PARSE_HELP;
		case OPT_VERSION: return BENCH_PARSE_VERSION;
		case ':':
			/* optopt is the letter of a short option, or a long option's
			 * code (>= 256 here): name the option as the user typed it. */
			if (optopt > 0 && optopt < 256 && isalpha(optopt) &&
			    argv[optind - 1][1] != '-')
				return st_seterr(err, ST_EUSAGE, "option -%c needs a value",
						 optopt);
			return st_seterr(err, ST_EUSAGE, "option %s needs a value",
					 argv[optind - 1]);
		case '?':
			if (optopt > 0 && optopt < 256 && isalpha(optopt) &&
			    argv[optind - 1][1] != '-')
				return st_seterr(err, ST_EUSAGE, "unknown option -%c (see --help)",
						 optopt);
			return st_seterr(err, ST_EUSAGE, "unknown option %s (see --help)",
					 argv[optind - 1]);
		default:
			if (!p->handle)
				return st_seterr(err, ST_EUSAGE, "unhandled option");
			if (p->handle(p->ctx, c, optarg, err) < 0)
				return BENCH_PARSE_ERROR;
			break;
		}
	}
	if (optind < argc)
		return st_seterr(err, ST_EUSAGE, "unexpected argument '%s' (see --help)",
				 argv[optind]);
	if (p->check && p->check(p->ctx, o, err) < 0)
		return BENCH_PARSE_ERROR;
	return BENCH_PARSE_OK;
}

/* --help text. */
void bench_opts_usage(const bench_prog *p, void *fp)
{
	FILE *f = fp;
	fprintf(f, "Usage: mpiexec -n N %s [OPTIONS]\n%s\n\n", p->name, p->summary);
	if (p->extra_help)
		fprintf(f, "%s options:\n%s\n", p->name, p->extra_help);
	fprintf(f,
		"Common options:\n"
		"  -m, --message-size [MIN:]MAX  sizes from MIN to MAX bytes, doubling as OSU does\n"
		"                                (default %llu:%llu; K, M, G suffixes allowed)\n"
		"  -i, --iterations N            timed iterations per size (default %llu, %llu above\n"
		"                                %d bytes; -i sets both)\n"
		"  -x, --warmup N                untimed iterations first (default %llu, %llu large)\n"
		"      --label NAME              the configuration's name, e.g. vm-rx1 (default unlabeled)\n"
		"      --json FILE               append this run as the next trial of FILE (created\n"
		"                                when missing; must hold the same label); the\n"
		"                                trial is rewritten after each size (a checkpoint)\n"
		"      --no-checkpoint           write the --json trial only at the end\n"
		"      --percentiles LIST        percentile columns (default 50,90,95,99; e.g. 99.9)\n"
		"      --quiet                   no progress lines on a terminal\n"
		"  -h, --help                    this text\n"
		"      --version                 the version\n\n"
		"Every iteration is recorded: rank 0 needs up to 70 bytes per iteration while\n"
		"a size runs, and keeps 8 (16 for collectives) per iteration of every size\n"
		"until the trial is written; other ranks need 8 to 20 bytes per iteration.\n"
		"Exit status: 0 ok, 1 run or write failure, 2 usage error, 130/143 stopped by\n"
		"SIGINT/SIGTERM (the sizes done written as an incomplete trial).\n"
		"See %s(1) and sriovstat-format(5).\n",
		(unsigned long long)p->min_size, (unsigned long long)p->max_size,
		(unsigned long long)p->iterations, (unsigned long long)p->iterations_large,
		BENCH_LARGE_MESSAGE_SIZE, (unsigned long long)p->warmup,
		(unsigned long long)p->warmup_large, p->name);
}
