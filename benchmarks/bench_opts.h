/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_opts.h: the options every benchmark shares, parsed in one place.
 *
 * Each program describes itself with a bench_prog (name, defaults, its own
 * extra options and a callback for them); bench_opts_parse builds one
 * getopt_long table from the shared options and the program's, fabtests-style.
 * Parsing is pure (no MPI, no printing) so it is unit-tested directly. */
#ifndef SRIOVSTAT_BENCH_OPTS_H
#define SRIOVSTAT_BENCH_OPTS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

#define BENCH_MAX_PERCENTILES 16
#define BENCH_MAX_SIZES       64
#define BENCH_LABEL_MAX       128
/* Default ceiling on iterations per size; SRIOVSTAT_MAX_ITERATIONS raises it. */
#define BENCH_DEFAULT_MAX_ITERATIONS 50000000ull
/* Largest message size accepted (1 GiB). */
#define BENCH_MAX_MESSAGE_SIZE (1ull << 30)
/* Sizes above this use the "large" iteration and warmup counts, as OSU. */
#define BENCH_LARGE_MESSAGE_SIZE 8192

enum bench_parse_result {
	BENCH_PARSE_OK = 0,
	BENCH_PARSE_HELP = 1,          /* --help: print usage, exit 0 */
	BENCH_PARSE_VERSION = 2,       /* --version: print version, exit 0 */
	BENCH_PARSE_ERROR = ST_EUSAGE, /* misuse: print the message, exit 2 */
};

typedef struct bench_opts {
	uint64_t min_size, max_size;           /* -m [MIN:]MAX */
	int size_given;                        /* -m appeared */
	uint64_t iterations, iterations_large; /* -i sets both */
	uint64_t warmup, warmup_large;         /* -x sets both */
	int iterations_given, warmup_given;
	char label[BENCH_LABEL_MAX];               /* --label (default "unlabeled") */
	const char *json_path;                     /* --json FILE or NULL */
	double percentiles[BENCH_MAX_PERCENTILES]; /* --percentiles, in (0, 100) */
	int npercentiles;
	int quiet;         /* --quiet: no progress on stderr */
	int no_checkpoint; /* --no-checkpoint: write the trial only at the end */
} bench_opts;

/* osu_latency's sizes, iterations and warmup (p2p_lat's defaults), for a
 * bench_prog initializer. */
#define BENCH_OSU_LATENCY_DEFAULTS                                                         \
	.min_size = 0, .max_size = 1 << 22, .iterations = 10000, .iterations_large = 1000, \
	.warmup = 100, .warmup_large = 10

/* What a program contributes: its defaults and its own options. */
typedef struct bench_prog {
	const char *name;            /* "p2p_lat" */
	const char *summary;         /* one line for --help */
	uint64_t min_size, max_size; /* default size range */
	uint64_t iterations, iterations_large, warmup, warmup_large;
	const struct option *extra; /* program options, {0} terminated, may be NULL */
	const char *extra_short;    /* short option letters for them, may be NULL */
	const char *extra_help;     /* help text for them, may be NULL */
	/* Handle one program option; 0, or a negative ST_E* code with a message in err. */
	int (*handle)(void *ctx, int opt, const char *arg, st_err *err);
	/* Check the parsed options as a whole (may adjust them); 0, or a negative code with err. */
	int (*check)(void *ctx, struct bench_opts *o, st_err *err);
	void *ctx;
	int min_ranks, max_ranks;  /* 0 = no bound */
	int collective;            /* every rank times its calls (adds rank columns) */
	int bandwidth;             /* samples are window times; rows in MB/s (higher is better) */
	int *pairs;                /* the program's --pairs (0: all ranks), or NULL: no pairs */
	const int *osu_full;       /* collectives: OSU's -f column layout when set, or NULL */
	const int *osu_validation; /* collectives: OSU's -c Validation column when set, or NULL */
	void (*notes)(void *ctx);  /* print "# ..." header lines before the column names, or NULL */
} bench_prog;

/* Set o to the program's defaults. */
void bench_opts_defaults(bench_opts *o, const bench_prog *p);

/* Parse argv: a bench_parse_result. On BENCH_PARSE_ERROR (ST_EUSAGE), err holds
 * "what is wrong" (no program prefix). */
int bench_opts_parse(int argc, char **argv, const bench_prog *p, bench_opts *o, st_err *err);

/* Print --help text for p to f. */
void bench_opts_usage(const bench_prog *p, void *f);

/* Parse "[MIN:]MAX" (decimal, optional K/M/G binary suffix). 0 or ST_EUSAGE with err. */
int bench_parse_size_range(const char *s, uint64_t *min, uint64_t *max, st_err *err);

/* Parse a count such as "10000", "1e5" or "100k" into min..limit. 0 or ST_EUSAGE with err. */
int bench_parse_count(const char *opt, const char *s, uint64_t min, uint64_t limit, uint64_t *v,
		      st_err *err);

/* Parse "50,90,99.9" into v (each in (0,100), ascending, unique). The count, or
 * ST_EUSAGE with err. */
int bench_parse_percentiles(const char *s, double *v, int max, st_err *err);

/* The sizes measured from min to max: OSU's sequence (0, 1, 2, 4, ... <= max;
 * a non-zero min is doubled until past max). Returns the count. */
int bench_sizes(uint64_t min, uint64_t max, uint64_t *out, int max_out);

/* The ceiling on iterations (BENCH_DEFAULT_MAX_ITERATIONS or the environment's). */
uint64_t bench_max_iterations(void);

/* Iterations and warmup for one size. */
uint64_t bench_iterations_for(const bench_opts *o, uint64_t size);
/* The most iterations any size gets (-i's count or the large sizes'). */
uint64_t bench_iterations_largest(const bench_opts *o);
uint64_t bench_warmup_for(const bench_opts *o, uint64_t size);

/* Label for a percentile column ("P99.9"), from its value. */
void bench_percentile_name(double p, char *buf, size_t len);

#endif
