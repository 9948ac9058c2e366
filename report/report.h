/* report.h: what the sriovstat subcommands share: exit codes, messages,
 * the options every table command takes, and loading trial files.
 *
 * This is program code (it prints and its callers exit), unlike stats/. */
#ifndef SRIOVSTAT_REPORT_H
#define SRIOVSTAT_REPORT_H

#include <getopt.h>
#include <stddef.h>

#include "render.h"
#include "sterr.h"
#include "trial.h"

/* Exit codes of sriovstat (documented in sriovstat(1)). */
enum {
	REPORT_EXIT_OK = 0,
	REPORT_EXIT_DATA = 1,  /* unreadable or invalid input, inputs that do not fit */
	REPORT_EXIT_USAGE = 2, /* unknown command or option, bad option value */
};

/* Most percentiles --percentiles accepts. */
#define REPORT_MAX_PCT 16

/* The options of every table command. */
typedef struct report_common {
	report_format format;
	size_t npct;
	double pct[REPORT_MAX_PCT]; /* in percent, ascending, each in (0, 100) */
	char pct_name[REPORT_MAX_PCT][16]; /* "p50", "p99.9" */
} report_common;

/* getopt_long codes of the shared options (beyond any character). */
enum {
	REPORT_OPT_FORMAT = 0x100,
	REPORT_OPT_PERCENTILES,
	REPORT_OPT_FIRST_FREE = 0x140, /* commands number their own long options from here */
};

/* The long-option entries of the shared options, for a command's table. */
#define REPORT_COMMON_LONGOPTS                                                   \
	{"format", required_argument, NULL, REPORT_OPT_FORMAT},                  \
	{"percentiles", required_argument, NULL, REPORT_OPT_PERCENTILES},        \
	{"help", no_argument, NULL, 'h'}

/* The help lines of the shared options. */
#define REPORT_COMMON_HELP                                                                 \
	"  --format FMT          text (default), csv, markdown, latex or json\n"             \
	"  --percentiles LIST    percentiles to show, in percent (default 50,90,95,99)\n"    \
	"  -h, --help            show this help and exit\n"

/* The name the program was called by (for messages). */
extern const char *report_progname;

/* Print "sriovstat: error: MSG" on stderr. */
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "sriovstat: warning: MSG" on stderr. */
void report_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage error about command cmd and return REPORT_EXIT_USAGE. */
int report_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Defaults: text, percentiles 50, 90, 95, 99. */
void report_common_init(report_common *c);

/* Handle a shared option returned by getopt_long. Returns 1 when opt was one
 * (and its value good), 0 when it is not a shared option, or
 * REPORT_EXIT_USAGE after printing why the value is bad. */
int report_common_option(report_common *c, const char *cmd, int opt, const char *arg);

/* The message for getopt_long returning '?' or ':' (unknown option or
 * missing value); returns REPORT_EXIT_USAGE. */
int report_getopt_error(const char *cmd, int opt, char **argv);

/* Parse a number from an option value; 0, or REPORT_EXIT_USAGE after a message. */
int report_parse_double(const char *cmd, const char *opt, const char *arg, double lo, double hi,
			double *out);

/* The index of s in the NULL-terminated names, or -1 (and a usage message
 * listing the choices). */
int report_parse_choice(const char *cmd, const char *opt, const char *arg,
			const char *const *names);

/* Read a trial file (flags as trial_file_read); on failure print the
 * reader's message and return NULL. */
trial_file *report_load(const char *path, unsigned flags);

/* Flush stdout and report a failed write; returns the exit code to use. */
int report_finish(int rc);

/* ---- subcommands: each takes its own argv (argv[0] is the command) ---- */
int cmd_summary(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
