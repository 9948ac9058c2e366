/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_sweep.c: sriovstat sweep: options, messages and the summary at the
 * end, over the sweep library (sweep/sweep.h). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_sweep.h"
#include "experiment.h"
#include "report.h"
#include "strparse.h"
#include "sweep.h"
#include "swmsg.h"
#include "sysmsg.h"

static const char sweep_help[] =
	"Usage: sriovstat sweep [OPTION]... EXPERIMENT\n"
	"Run the configurations of an experiment file (doc/experiment.md) as trials\n"
	"interleaved in a randomized order: every round runs each configuration once,\n"
	"in a seeded random order. Each configuration's trials go to OUT/LABEL.json\n"
	"(p2p_lat, coll_lat and verbs_lat get --label and --json; any other command is\n"
	"timed as a whole, one sample per trial); its output goes to OUT/LABEL.log.\n"
	"Interrupt coalescing is applied before a trial and restored after it, also\n"
	"when the trial fails or the sweep is interrupted. Running the same sweep\n"
	"again continues with the trials that are missing.\n"
	"\n"
	"Options:\n"
	"  -n, --trials N        trials per configuration (default: 'trials' in [sweep])\n"
	"  -o, --out DIR         folder of the trial files, logs and sweep.json (required;\n"
	"                        created when missing)\n"
	"  -s, --seed S          seed of the order, 0 to 4294967295 (default: the file's\n"
	"                        'seed', the one a resumed sweep recorded, or a new one)\n"
	"      --dry-run         print the plan (configurations, order, what is to run)\n"
	"                        and exit without running or writing anything\n"
	"      --on-error MODE   when a trial fails: stop (default) or continue\n"
	"  -t, --timeout SEC     stop a trial that runs longer than SEC seconds (SIGTERM,\n"
	"                        SIGKILL 10 s later); it fails, unless our benchmark\n"
	"                        wrote its trial before hanging (default 0: no limit)\n"
	"      --no-summary      do not print 'sriovstat summary' of the files at the end\n"
	"  -q, --quiet           no progress line (shown only when stderr is a terminal)\n"
	"  -h, --help            show this help and exit\n"
	"\n"
	"Exit status: 0 all planned trials ran, 1 invalid experiment or output folder,\n"
	"a failed trial or a failed restore, 2 usage error, 128+N stopped by signal N\n"
	"(130 SIGINT, 143 SIGTERM).\n";

/* What the command line asks for. */
typedef struct sweep_cmd {
	sw_options o;
	int quiet;   /* --quiet */
	int summary; /* print `sriovstat summary` at the end */
} sweep_cmd;

/* Parse the options into s. 0, 1 for --help done, or REPORT_EXIT_USAGE. */
static int parse_options(sweep_cmd *s, int argc, char **argv)
{
	enum { OPT_DRY_RUN = REPORT_OPT_FIRST_FREE, OPT_ON_ERROR, OPT_NO_SUMMARY };
	static const struct option longopts[] = {
		{"trials", required_argument, NULL, 'n'},
		{"out", required_argument, NULL, 'o'},
		{"seed", required_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"on-error", required_argument, NULL, OPT_ON_ERROR},
		{"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
		{"quiet", no_argument, NULL, 'q'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const modes[] = {"stop", "continue", NULL};
	report_getopt g = {
		.cmd = "sweep", .help = sweep_help, .shortopts = "n:o:s:t:q", .longopts = longopts};
	int c, m;
	uint64_t v;
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		if (c == REPORT_GETOPT_EXIT)
			return g.status == REPORT_EXIT_OK ? 1 : g.status;
		switch (c) {
		case 'n':
			if (st_parse_u64(optarg, 1, EXP_MAX_TRIALS, "--trials", &v, NULL) < 0)
				return report_usage(
					"sweep",
					"--trials: '%s' is not a whole number from 1 to %d", optarg,
					EXP_MAX_TRIALS);
			s->o.trials = (unsigned)v;
			s->o.trials_set = 1;
			break;
		case 'o':
			if (!*optarg)
				return report_usage("sweep", "--out: empty folder name");
			s->o.out = optarg;
			break;
		case 's':
			if (st_parse_u64(optarg, 0, UINT32_MAX, "--seed", &v, NULL) < 0)
				return report_usage(
					"sweep", "--seed: '%s' is not a whole number from 0 to %u",
					optarg, UINT32_MAX);
			s->o.seed = v;
			s->o.seed_set = 1;
			break;
		case 't':
			if (st_parse_u64(optarg, 0, 7 * 24 * 3600, "--timeout", &v, NULL) < 0)
				return report_usage(
					"sweep",
					"--timeout: '%s' is not a whole number of seconds from 0 to 604800",
					optarg);
			s->o.timeout = (unsigned)v;
			break;
		case OPT_DRY_RUN: s->o.dry_run = 1; break;
		case OPT_ON_ERROR:
			if ((m = report_parse_choice("sweep", "--on-error", optarg, modes)) < 0)
				return REPORT_EXIT_USAGE;
			s->o.on_error_continue = m == 1;
			break;
		case OPT_NO_SUMMARY: s->summary = 0; break;
		case 'q': s->quiet = 1; break;
		}
	}
	if (argc - optind != 1)
		return report_usage("sweep", "expected one experiment file, got %d", argc - optind);
	if (!s->o.out)
		return report_usage("sweep",
				    "--out DIR is required (the folder for the trial files)");
	return 0;
}

/* Print `sriovstat summary` of the files that exist. */
static int print_summary(const sweep *s)
{
	size_t n = sweep_nconfigs(s);
	char **av = calloc(n + 2, sizeof *av);
	if (!av)
		return REPORT_EXIT_DATA;
	int ac = 0;
	av[ac++] = "summary";
	for (size_t i = 0; i < n; i++)
		if (access(sweep_file(s, i), F_OK) == 0)
			av[ac++] = (char *)sweep_file(s, i);
	av[ac] = NULL;
	int rc = 0;
	if (ac > 1) {
		printf("\n");
		fflush(stdout);
		rc = cmd_summary(ac, av);
	}
	free(av);
	return rc;
}

/* The sweep library's messages, as sriovstat's own. */
static void print_msg(enum sw_msg_kind kind, const char *text)
{
	if (kind == SW_MSG_ERROR)
		report_error("%s", text);
	else if (kind == SW_MSG_WARNING)
		report_warning("%s", text);
	else
		fputs(text, stderr);
}

/* The progress line on a terminal (NULL: clear it). */
static void print_progress(const char *line)
{
	sys_line_clear(stderr);
	if (line) {
		fputs(line, stderr);
		fflush(stderr);
	}
}

/* How the sweep ended, on stderr. */
static void print_end(const sweep *s, const sw_outcome *o, int status, int progress)
{
	char a[32], name[32];
	if (o->signal)
		fprintf(stderr,
			"%s: sweep: %s after %zu trials in %s; run the same command again to continue\n",
			report_progname, sys_signal_name(o->signal, name, sizeof name), o->ran,
			sw_hms(o->seconds, a, sizeof a));
	else if (o->restore_failed)
		fprintf(stderr,
			"%s: sweep: stopped because interrupt coalescing could not be restored (see above); %zu trials ran\n",
			report_progname, o->ran);
	else if (o->failed)
		fprintf(stderr,
			"%s: sweep: %s: %zu trials ran, %zu failed (see %s); running the same command again retries the missing ones\n",
			report_progname, strcmp(o->how, "finished") == 0 ? "done" : o->how, o->ran,
			o->failed, sweep_state_path(s));
	else if (status)
		fprintf(stderr, "%s: sweep: stopped by an error after %zu trials\n",
			report_progname, o->ran);
	else if (progress)
		fprintf(stderr, "sweep: %zu trials in %s\n", o->ran,
			sw_hms(o->seconds, a, sizeof a));
}

/* Run the sweep and report how it ended; the exit status. */
static int run(sweep *s, const sweep_cmd *cmd)
{
	sw_outcome o;
	sweep_run(s, &o);
	int status = o.signal ? 128 + o.signal : o.failed_or_error ? REPORT_EXIT_DATA : 0;
	print_end(s, &o, status, cmd->o.progress != NULL);
	if (!o.signal && !o.restore_failed && cmd->summary &&
	    (status == 0 || (cmd->o.on_error_continue && o.failed))) {
		int src = print_summary(s);
		if (!status && src)
			status = src;
	}
	return status;
}

/* --dry-run: the plan, and whether it could run here. */
static int dry_run(sweep *s)
{
	int node_problems = 0, rc = 0;
	size_t bad = sweep_dry_run(s, &node_problems);
	if (node_problems)
		rc = REPORT_EXIT_DATA;
	if (bad) {
		report_error(
			"sweep: the coalescing of %zu configuration%s cannot be applied on this machine (see 'now:' above): their trials would fail",
			bad, bad == 1 ? "" : "s");
		rc = REPORT_EXIT_DATA;
	}
	return rc;
}

/* The exit status of a library error, after its message. */
static int fail(const st_err *err)
{
	if (err->code == ST_EUSAGE)
		return report_usage("sweep", "%s", err->msg);
	report_error("%s", err->msg);
	return REPORT_EXIT_DATA;
}

/* sriovstat sweep. */
int cmd_sweep(int argc, char **argv)
{
	sweep_cmd cmd;
	memset(&cmd, 0, sizeof cmd);
	cmd.summary = 1;
	sw_msg_set(print_msg, report_progname);
	int rc = parse_options(&cmd, argc, argv);
	if (rc)
		return rc == 1 ? REPORT_EXIT_OK : rc;
	cmd.o.exp_path = argv[optind];
	if (!cmd.quiet && isatty(STDERR_FILENO))
		cmd.o.progress = print_progress;
	sweep *s = NULL;
	st_err err = {0};
	if (sweep_open(&cmd.o, &s, &err) != 0)
		return fail(&err);
	if (cmd.o.dry_run)
		rc = dry_run(s);
	else if (sweep_restore_pending(s, &err) != 0)
		rc = fail(&err);
	else if (sweep_to_run(s) == 0)
		printf("sweep: nothing to do: %s already holds the %u trial%s per configuration asked for\n",
		       sweep_out(s), sweep_trials(s), sweep_trials(s) == 1 ? "" : "s");
	else if (sweep_start(s, &err) != 0)
		rc = fail(&err);
	else
		rc = run(s, &cmd);
	sweep_close(s);
	return rc;
}
