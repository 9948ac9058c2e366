/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_plot.c: sriovstat plot: figures of trial files, drawn by gnuplot (the
 * command: options, loading, gnuplot found and run; the scripts are written
 * by plot_script.c).
 *
 * Three kinds, each one (benchmark, op) group of one or more labeled files:
 * - size: latency against message size, log-log, per label the pooled
 *   median as a line and the p50-p90, p90-p95 and p95-p99 ranges as bands
 *   (the percentile lines of the papers' Figure 7);
 * - trials: the trial statistic (--stat) of one size, trial by trial, per
 *   label, with the mean over trials dashed (their Figures 10 to 13);
 * - cdf: the distribution of the per-iteration latencies of one size, all
 *   trials pooled, per label: the CDF on a log latency axis and, beside it,
 *   the tail (1 - CDF) on log-log axes, where tails that differ show.
 *
 * The numbers come from the stats library (st_summarize for the size and
 * trials kinds; st_sort_u64 and st_quantile_sorted_u64 for the CDF). This
 * file only writes a gnuplot script with the data inline and pipes it to
 * gnuplot, found at run time (SRIOVSTAT_GNUPLOT, the path configure found,
 * or PATH); --script writes the script instead, for a user to adapt. The
 * image is written beside the output under a temporary name and renamed
 * when gnuplot succeeded, so a failed plot leaves no partial file. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "import.h"
#include "plot.h"
#include "report.h"
#include "safeio.h"
#include "strparse.h"

#ifndef SRIOVSTAT_GNUPLOT
#define SRIOVSTAT_GNUPLOT ""
#endif

/* Is path an executable regular file? */
static int executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Find name (with a slash: itself) in PATH into buf; 0 or -1. */
static int search_path(const char *name, char *buf, size_t len)
{
	if (strchr(name, '/')) {
		snprintf(buf, len, "%s", name);
		return executable(buf) ? 0 : -1;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t k = strcspn(path, ":");
		snprintf(buf, len, "%.*s/%s", (int)k, k ? path : ".", name);
		if (executable(buf))
			return 0;
		path += k;
		if (*path == ':')
			path++;
	}
	return -1;
}

/* The gnuplot to run: $SRIOVSTAT_GNUPLOT, configure's, or PATH's. 0, or
 * REPORT_EXIT_DATA after saying what is missing. */
static int find_gnuplot(char *buf, size_t len)
{
	const char *env = getenv("SRIOVSTAT_GNUPLOT");
	if (env && *env) {
		if (search_path(env, buf, len) == 0)
			return 0;
		report_error(
			"plotting needs gnuplot: SRIOVSTAT_GNUPLOT=%s is not an executable program",
			env);
		return REPORT_EXIT_DATA;
	}
	if (*SRIOVSTAT_GNUPLOT && executable(SRIOVSTAT_GNUPLOT)) {
		snprintf(buf, len, "%s", SRIOVSTAT_GNUPLOT);
		return 0;
	}
	if (search_path("gnuplot", buf, len) == 0)
		return 0;
	report_error("plotting needs gnuplot (apt-get install gnuplot-nox)");
	return REPORT_EXIT_DATA;
}

/* Feed script to gnuplot; its messages go to our stderr. 0 or REPORT_EXIT_DATA. */
static int run_gnuplot(const char *prog, const char *script, size_t len)
{
	int fds[2];
	if (pipe(fds) < 0) {
		report_error("plot: pipe: %s", strerror(errno));
		return REPORT_EXIT_DATA;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		report_error("plot: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return REPORT_EXIT_DATA;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* -d: no ~/.gnuplot, so a user's settings cannot break the script. */
		execl(prog, prog, "-d", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fds[1], script + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* gnuplot stopped reading: its status says why */
		off += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			report_error("plot: waiting for gnuplot: %s", strerror(errno));
			return REPORT_EXIT_DATA;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && off == len)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		report_error("plot: could not run %s", prog);
	else if (WIFEXITED(status))
		report_error("plot: gnuplot failed (exit status %d; its message is above)",
			     WEXITSTATUS(status));
	else
		report_error("plot: gnuplot was killed by signal %d", WTERMSIG(status));
	return REPORT_EXIT_DATA;
}

/* Open an output of plot (st_out: atomic, identity kept), refusing one
 * that is among the inputs. NULL after a message. */
static st_out *open_output(const char *path, unsigned flags, char **inputs, size_t n)
{
	st_err err = {0};
	st_out *o = NULL;
	if (st_out_open(&o, path, flags, &err) < 0) {
		report_error("plot: %s", err.msg);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (st_out_not_input(o, inputs[i], &err) < 0) {
			report_error("plot: %s", err.msg);
			st_out_abort(o);
			return NULL;
		}
	return o;
}

/* Commit an output; 0 or REPORT_EXIT_DATA after a message. */
static int commit_output(st_out *o)
{
	st_err err = {0};
	if (st_out_commit(o, &err) < 0) {
		report_error("plot: %s", err.msg);
		return REPORT_EXIT_DATA;
	}
	return 0;
}

/* Write the script to a->script ("-": stdout). */
static int write_script(const plot_args *a, const plot_data *d, char **inputs, size_t n)
{
	char *buf;
	size_t len;
	int rc = plot_script(a, d, a->output, &buf, &len);
	if (rc)
		return rc;
	st_out *o = open_output(a->script, ST_OUT_STDOUT, inputs, n);
	if (!o) {
		free(buf);
		return REPORT_EXIT_DATA;
	}
	if (fwrite(buf, 1, len, st_out_file(o)) != len) {
		report_error("plot: writing %s: %s", a->script, strerror(errno));
		st_out_abort(o);
		free(buf);
		return REPORT_EXIT_DATA;
	}
	free(buf);
	return commit_output(o);
}

/* Draw into a temporary file beside the output, then put it in place. */
static int draw(const plot_args *a, const plot_data *d, const char *gnuplot, char **inputs,
		size_t n)
{
	st_out *o = open_output(a->output, 0, inputs, n);
	if (!o)
		return REPORT_EXIT_DATA;
	const char *tmp = st_out_tmp_path(o);
	if (!tmp) {
		/* A device such as /dev/null: gnuplot writes it directly. */
		tmp = st_out_path(o);
	}
	char *buf;
	size_t len;
	int rc = plot_script(a, d, tmp, &buf, &len);
	if (!rc)
		rc = run_gnuplot(gnuplot, buf, len);
	free(buf);
	struct stat st;
	if (!rc && st_out_tmp_path(o) && (stat(tmp, &st) < 0 || st.st_size == 0)) {
		report_error("plot: gnuplot wrote nothing to %s", a->output);
		rc = REPORT_EXIT_DATA;
	}
	if (rc) {
		st_out_abort(o);
		return rc;
	}
	return commit_output(o);
}

/* The image format of an output name, from its extension; -1 if none. */
static int img_of_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return -1;
	if (strcasecmp(dot, ".png") == 0)
		return IMG_PNG;
	if (strcasecmp(dot, ".svg") == 0)
		return IMG_SVG;
	if (strcasecmp(dot, ".pdf") == 0)
		return IMG_PDF;
	return -1;
}

/* Choose the group to draw; 0, or an exit code after a message. */
static int pick_group(const plot_args *a, plot_data *d, report_group *g, long ng)
{
	long k = 0, nmatch = 0, pick = -1;
	for (k = 0; k < ng; k++) {
		if (a->benchmark && strcmp(a->benchmark, g[k].benchmark) != 0)
			continue;
		if (a->op && strcmp(a->op, g[k].op) != 0)
			continue;
		if (pick < 0)
			pick = k;
		nmatch++;
	}
	if (pick < 0) {
		report_error("plot: no trials of %s%s%s in the files",
			     a->benchmark ? a->benchmark : "", a->benchmark && a->op ? " " : "",
			     a->op ? a->op : "");
		return REPORT_EXIT_DATA;
	}
	d->g = &g[pick];
	report_group_name(g[pick].benchmark, g[pick].op, d->gname, sizeof d->gname);
	if (nmatch > 1)
		report_warning(
			"plot: the files hold %ld benchmarks or ops; drawing \"%s\" (choose with --benchmark and --op)",
			nmatch, d->gname);
	for (size_t i = 0; i < d->n; i++) {
		int has = 0;
		for (size_t r = 0; r < d->sums[i]->nrows && !has; r++)
			has = strcmp(d->sums[i]->rows[r].benchmark, d->g->benchmark) == 0 &&
			      strcmp(d->sums[i]->rows[r].op, d->g->op) == 0;
		if (!has) {
			report_error("plot: %s holds no %s trials", d->tfs[i]->path, d->gname);
			return REPORT_EXIT_DATA;
		}
	}
	return 0;
}

/* Load, summarize and draw. */
static int plot_files(const plot_args *a, char **paths, size_t n, const char *gnuplot)
{
	trial_file *tfs[PLOT_MAX_FILES] = {0};
	st_summary *sums[PLOT_MAX_FILES] = {0};
	report_group *g = NULL;
	long ng = 0;
	plot_data d = {.n = n, .tfs = tfs, .sums = sums};
	int rc = report_load_all(paths, n, a->opts.use_max ? 0 : TRIAL_READ_NO_MAX, tfs);
	if (rc)
		return rc;
	if ((rc = report_unique_labels(tfs, n)))
		goto out;
	for (size_t i = 0; i < n; i++)
		d.per_run |= import_file_per_run(tfs[i]);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < tfs[i]->ntrials; k++)
			d.bw |= trial_higher_is_better(&tfs[i]->trials[k]);
	for (size_t i = 0; i < n; i++) {
		st_err err = {0};
		if (st_summarize(tfs[i], &a->opts, &sums[i], &err) < 0) {
			report_error("%s", err.msg);
			rc = REPORT_EXIT_DATA;
			goto out;
		}
	}
	ng = report_summary_groups(sums, n, &g);
	if (ng < 0) {
		report_error("out of memory");
		rc = REPORT_EXIT_DATA;
		goto out;
	}
	if ((rc = pick_group(a, &d, g, ng)))
		goto out;
	rc = a->script ? write_script(a, &d, paths, n) : draw(a, &d, gnuplot, paths, n);
out:
	report_groups_free(g, ng > 0 ? ng : 0);
	for (size_t i = 0; i < n; i++)
		st_summary_destroy(sums[i]);
	report_free_all(tfs, n);
	return rc;
}

static const char plot_help[] =
	"Usage: sriovstat plot [--kind size|trials|cdf] [OPTION]... -o OUT.png|.svg|.pdf FILE...\n"
	"Draw trial files with gnuplot, one colour per file (label), one benchmark and op:\n"
	"  size    latency against message size, log-log: the median of all iterations\n"
	"          as a line, the p50-p90, p90-p95 and p95-p99 ranges as bands (default)\n"
	"  trials  each trial's statistic (--stat) at one size, trial by trial, with the\n"
	"          mean over trials dashed: drift and outlying trials show\n"
	"  cdf     the distribution of per-iteration latency at one size, all trials\n"
	"          pooled: the CDF (log latency axis) and its tail (1 - CDF, log-log)\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE     the image to write (required); its extension chooses\n"
	"                        the format unless --format is given\n"
	"  --format FMT          png, svg or pdf\n"
	"  --kind KIND           size (default), trials or cdf\n"
	"  --size BYTES          trials, cdf: the message size (needed when there are several)\n"
	"  --stat STAT           trials: mean (default), median, p90, p95, p99, max\n"
	"  --benchmark NAME      draw this benchmark's trials (default: the first in the files)\n"
	"  --op OP               draw this op's trials (allgather, pingpong, write, ...)\n" REPORT_HELP_MAX_SAMPLES
	"  --title TEXT          the title instead of the default one\n"
	"  --script FILE         write the gnuplot script (data inline) to FILE ('-': standard\n"
	"                        output) instead of drawing, to adapt it and run gnuplot FILE\n"
	"  -h, --help            show this help and exit\n"
	"\n"
	"Needs gnuplot (Debian: apt-get install gnuplot-nox) unless --script is given;\n"
	"SRIOVSTAT_GNUPLOT names another gnuplot program. Latencies are in microseconds.\n";

/* sriovstat plot. */
int cmd_plot(int argc, char **argv)
{
	enum {
		OPT_KIND = REPORT_OPT_FIRST_FREE,
		OPT_SIZE,
		OPT_TITLE,
		OPT_SCRIPT,
		OPT_BENCHMARK,
		OPT_OP,
	};
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, REPORT_OPT_FORMAT},
		{"help", no_argument, NULL, 'h'},
		REPORT_LONGOPT_STAT,
		REPORT_LONGOPT_MAX_SAMPLES,
		{"kind", required_argument, NULL, OPT_KIND},
		{"size", required_argument, NULL, OPT_SIZE},
		{"title", required_argument, NULL, OPT_TITLE},
		{"script", required_argument, NULL, OPT_SCRIPT},
		{"benchmark", required_argument, NULL, OPT_BENCHMARK},
		{"op", required_argument, NULL, OPT_OP},
		{NULL, 0, NULL, 0},
	};
	static const char *const kinds[] = {"size", "trials", "cdf", NULL};
	static const char *const formats[] = {"png", "svg", "pdf", NULL};
	plot_args a = {.kind = KIND_SIZE, .img = -1};
	plot_opts_init(&a.opts);
	int c, r;
	report_getopt g = {.cmd = "plot",
			   .help = plot_help,
			   .shortopts = "o:",
			   .longopts = longopts,
			   .opts = &a.opts};
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		switch (c) {
		case REPORT_GETOPT_EXIT: return g.status;
		case 'o': a.output = optarg; continue;
		case REPORT_OPT_FORMAT:
			if ((a.img = report_parse_choice("plot", "--format", optarg, formats)) < 0)
				return REPORT_EXIT_USAGE;
			continue;
		case OPT_KIND:
			if ((a.kind = report_parse_choice("plot", "--kind", optarg, kinds)) < 0)
				return REPORT_EXIT_USAGE;
			continue;
		case OPT_SIZE: {
			st_err err = {0};
			int e = st_parse_u64(optarg, 0, UINT64_MAX, "--size", &a.size, &err);
			if (e == ST_EFORMAT)
				return report_usage("plot",
						    "--size: '%s' is not a whole number of bytes",
						    optarg);
			if (e < 0)
				return report_usage("plot", "%s", err.msg);
			a.have_size = 1;
			continue;
		}
		case OPT_TITLE: a.title = optarg; continue;
		case OPT_SCRIPT: a.script = optarg; continue;
		case OPT_BENCHMARK: a.benchmark = optarg; continue;
		case OPT_OP: a.op = optarg; continue;
		}
	}
	a.stat_set = report_getopt_given(&g, REPORT_OPT_STAT) != 0;
	size_t n = (size_t)(argc - optind);
	if (!a.output)
		return report_usage("plot", "-o OUT.png|.svg|.pdf is required");
	if (a.img < 0 && (a.img = img_of_name(a.output)) < 0)
		return report_usage(
			"plot",
			"cannot tell the image format of '%s' (name it .png, .svg or .pdf, or give --format)",
			a.output);
	if (n == 0)
		return report_usage("plot", "no trial file given");
	if (n > PLOT_MAX_FILES)
		return report_usage("plot", "at most %d files in one figure, got %zu",
				    PLOT_MAX_FILES, n);
	if (a.kind == KIND_SIZE && a.have_size)
		return report_usage("plot", "--size applies to --kind trials and cdf only");
	if (a.kind != KIND_TRIALS && a.stat_set)
		return report_usage("plot", "--stat applies to --kind trials only");
	char gnuplot[4096] = "";
	if (!a.script && (r = find_gnuplot(gnuplot, sizeof gnuplot)))
		return r;
	return plot_files(&a, argv + optind, n, gnuplot);
}
