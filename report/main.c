/* SPDX-License-Identifier: BSD-3-Clause */
/* main.c: sriovstat, the command-line front end: dispatch to subcommands. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd_sweep.h"
#include "config.h"
#include "plot.h"
#include "report.h"

/* One entry per subcommand: add new ones here (and to report.h). */
static const struct command {
	const char *name;
	const char *what;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"summary", "per-size statistics of one or more trial files", cmd_summary},
	{"compare", "compare two trial files size by size, with a significance test", cmd_compare},
	{"plan", "trials needed to detect a threshold, smallest effect detectable now", cmd_plan},
	{"table", "p-values of several pairs, or the tail (max, p99) of several files", cmd_table},
	{"import", "make a trial file from a CSV of per-iteration latencies", cmd_import},
	{"export", "write the samples of a trial file as CSV", cmd_export},
	{"sweep", "run an experiment file's configurations in randomized rounds", cmd_sweep},
	{"plot", "draw latency by size, trial by trial, or CDFs with gnuplot", cmd_plot},
	{"upgrade", "convert trial files to the current format in place", cmd_upgrade},
	{"node", "read or change this node's settings (what sweep runs on nodes)", cmd_node},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The top-level help. */
static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s COMMAND [OPTION]... FILE...\n"
		"Analyse trial files written by the sriovstat benchmarks (p2p_lat, coll_lat,\n"
		"verbs_lat) or imported from CSV: every iteration's latency, many trials.\n"
		"\n"
		"Commands:\n",
		report_progname);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].what);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -h, --help     show this help and exit\n"
		"  -V, --version  show the version and exit\n"
		"\n"
		"'%s COMMAND --help' shows the options of a command; see also sriovstat(1).\n"
		"Exit status: 0 success, 1 invalid or unreadable data, 2 usage error.\n",
		report_progname);
}

/* The subcommand named name, or NULL. */
static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	/* Past a file-size limit, let write(2) fail with EFBIG so the clear
	 * error path runs and the temporary file is removed. */
	signal(SIGXFSZ, SIG_IGN);
	/* Trial files are read as large blocks (sample text, decoded samples)
	 * freed while others are allocated: a fixed mmap threshold gives each
	 * back to the system when freed (glibc's moving threshold would keep
	 * them in the heap and hold a file's text and its samples at once). */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	if (argc < 2) {
		report_error("no command given (try '%s --help')", report_progname);
		return REPORT_EXIT_USAGE;
	}
	const char *a = argv[1];
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		usage(stdout);
		return report_finish(REPORT_EXIT_OK);
	}
	if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return report_finish(REPORT_EXIT_OK);
	}
	if (strcmp(a, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return report_finish(REPORT_EXIT_OK);
		}
		const struct command *c = find_command(argv[2]);
		if (!c) {
			report_error("unknown command '%s' (try '%s --help')", argv[2],
				     report_progname);
			return REPORT_EXIT_USAGE;
		}
		char *hargv[] = {argv[2], "--help", NULL};
		return report_finish(c->run(2, hargv));
	}
	if (a[0] == '-') {
		report_error("unknown option '%s' (a command comes first; try '%s --help')", a,
			     report_progname);
		return REPORT_EXIT_USAGE;
	}
	const struct command *c = find_command(a);
	if (!c) {
		report_error("unknown command '%s' (try '%s --help')", a, report_progname);
		return REPORT_EXIT_USAGE;
	}
	st_err err = {0};
	if (trial_max_file_bytes_check(&err) < 0) {
		report_error("%s", err.msg);
		return REPORT_EXIT_USAGE;
	}
	return report_finish(c->run(argc - 1, argv + 1));
}
