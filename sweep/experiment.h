/* SPDX-License-Identifier: BSD-3-Clause */
/* experiment.h: the experiment file of `sriovstat sweep` (doc/experiment.md)
 * and the plan of a sweep: which configuration runs when.
 *
 * An experiment file is INI-like: a [sweep] section with the command and
 * defaults, then one [config] section per configuration with its label,
 * environment and interrupt-coalescing settings. Parsing is pure (no
 * printing, no exit); errors come back as ST_E* codes with a message
 * "FILE:LINE: what is wrong" in an st_err.
 *
 * The plan is a randomized complete block design: round r holds every
 * configuration once, in an order drawn from GSL's mt19937 seeded with the
 * sweep's seed, so the first rounds of a longer sweep are those of a
 * shorter one with the same seed (a sweep can be extended). */
#ifndef SRIOVSTAT_EXPERIMENT_H
#define SRIOVSTAT_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

/* Longest label (labels name files: LABEL.json, LABEL.log). */
#define EXP_LABEL_MAX 100
/* Most trials per configuration. */
#define EXP_MAX_TRIALS 100000
/* Most configurations in one experiment. */
#define EXP_MAX_CONFIGS 1000
/* Largest seed (mt19937 takes 32 bits). */
#define EXP_MAX_SEED UINT32_MAX

/* One environment change of a configuration. */
typedef struct exp_env {
	char *name;
	char *value; /* NULL: remove the variable ("unset = NAME") */
} exp_env;

/* Interrupt-coalescing settings to apply; -1 leaves a field as it is. */
typedef struct exp_coal {
	char *ifname; /* network interface, NULL when none is named */
	int64_t rx_frames, rx_usecs, tx_frames, tx_usecs;
	int adaptive_rx, adaptive_tx; /* 0 off, 1 on, -1 leave */
} exp_coal;

/* Whether c changes any coalescing field (the parser refuses a
 * configuration that does without naming its interface). */
int exp_coal_changes(const exp_coal *c);

/* A node setting of a configuration ("sysctl =", "setting =" and, when the
 * experiment names nodes, its coalescing keys): a name that
 * sys/sysset.h knows and its value in canonical form. */
typedef struct exp_setting {
	char *key; /* "sysctl:net.core.busy_poll", "coalesce:ib0:rx-frames" */
	char *value;
} exp_setting;

/* One configuration, with the [sweep] defaults merged in. */
typedef struct exp_config {
	char *label;
	int line;       /* line of its [config] header */
	int label_line; /* line of its label */
	char **argv;    /* the command, NULL-terminated */
	size_t argc;
	int command_line; /* line the command came from */
	char *benchmark;  /* "benchmark =" (name of application trials) or NULL */
	exp_env *env;     /* in file order, [sweep] ones first; names unique */
	size_t nenv;
	exp_coal coal;
	exp_setting *settings; /* "sysctl =" and "setting =", [sweep] ones first; keys unique */
	size_t nsettings;
} exp_config;

typedef struct experiment {
	char *name;      /* the file name used in messages */
	unsigned trials; /* "trials =" of [sweep], 0 when not given */
	int seed_set;    /* "seed =" was given */
	uint64_t seed;
	size_t nconfigs;
	exp_config *configs; /* in file order (a grid's in the order of its product) */
	char *nodes;         /* "nodes =" of [sweep] (a node list or "slurm"), or NULL */
	char *reach;         /* "reach =" of [sweep], or NULL */
	int nodes_line;
} experiment;

/* What a command runs, as far as the sweep cares. */
enum exp_kind {
	EXP_APPLICATION = 0, /* anything else: timed as a whole */
	EXP_BENCHMARK = 1,   /* p2p_lat, coll_lat or verbs_lat: writes its own trials */
};

/* Parse an experiment from text (len bytes; name is used in messages).
 * On success *out is the caller's (exp_destroy). */
int exp_parse(const char *text, size_t len, const char *name, experiment **out, st_err *err);

/* Read and parse an experiment file. */
int exp_read(const char *path, experiment **out, st_err *err);

/* Release an experiment. */
void exp_destroy(experiment *e);

/* Split a command line into words without a shell: blanks separate words,
 * '...' is literal, "..." allows \" and \\, a backslash outside quotes
 * escapes the next character. Unquoted shell syntax (| & ; < > ` $( and a
 * leading NAME=VALUE) is refused, since nothing would interpret it. On
 * success *argv is a NULL-terminated array (free with exp_free_argv).
 * 0, or -1 with the reason in why. */
int exp_split_command(const char *s, char ***argv, size_t *argc, char *why, size_t whylen);

/* argv as one command line a shell splits back into the same words (words
 * with characters other than letters, digits and @%+=:,./_- in single
 * quotes); malloc'ed, NULL when out of memory. */
char *exp_shell_line(char *const *argv);

/* Free an argv made by exp_split_command. */
void exp_free_argv(char **argv);

/* The index in argv of our benchmark (p2p_lat, coll_lat, verbs_lat by
 * basename, anywhere: "mpiexec -n 2 ./p2p_lat"), or -1. */
int exp_benchmark_index(char *const *argv);

/* The kind of a command. */
enum exp_kind exp_command_kind(char *const *argv);

/* The index in argv of the application a command runs: argv[0], or, when
 * argv[0] is a launcher or wrapper (mpirun, mpiexec, srun, numactl,
 * taskset, ...), the first later word that is_program accepts and is not
 * itself a wrapper. -1 when none is found. is_program(word) says whether a
 * word names an executable (PATH lookup); NULL accepts any word not
 * starting with '-' that is not all digits. */
int exp_program_index(char *const *argv, int (*is_program)(const char *word));

/* Whether word names an executable file: with a '/', that path; without,
 * a search of PATH. */
int exp_is_executable(const char *word);

/* The order of a sweep: for each of `trials` rounds, a permutation of the
 * nconfigs configurations drawn with mt19937 seeded with seed. order must
 * hold nconfigs * trials entries; order[r * nconfigs + i] is the
 * configuration at place i of round r. 0 or ST_ENOMEM/ST_EUSAGE. */
int exp_plan(size_t nconfigs, unsigned trials, uint64_t seed, size_t *order, st_err *err);

/* Which places of a plan still have to run, given done[c] trials already
 * present for configuration c: round r of configuration c is its trial
 * r + 1, so it runs when r + 1 > done[c]. Sets todo[p] to 1 or 0 for each
 * of the nconfigs * trials places and returns how many are 1. */
size_t exp_todo(const size_t *order, size_t nconfigs, unsigned trials, const unsigned *done,
		unsigned char *todo);

/* The node settings of configuration c: its "sysctl ="/"setting =" ones
 * and, when with_coal, its coalescing fields as coalesce:IF:FIELD. Fills
 * *out (free with exp_free_settings) and returns the count, or -1 when
 * out of memory. */
long exp_node_settings(const exp_config *c, int with_coal, exp_setting **out);

/* Free what exp_node_settings made. */
void exp_free_settings(exp_setting *s, size_t n);

/* Whether a label is acceptable (letters, digits, '.', '_', '+', '-', not
 * starting with '.' or '-', at most EXP_LABEL_MAX bytes, not "sweep"). */
int exp_label_ok(const char *label);

#endif
