/* SPDX-License-Identifier: BSD-3-Clause */
/* plot.h: `sriovstat plot`, figures of trial files drawn by gnuplot
 * (sriovstat(1) PLOT). */
#ifndef SRIOVSTAT_PLOT_H
#define SRIOVSTAT_PLOT_H

/* sriovstat plot [OPTION]... -o OUT.{png,svg,pdf} FILE... (argv[0] is
 * "plot"). Returns the exit status: 0 the figure (or with --script the
 * gnuplot script) was written, 1 unreadable or unsuitable data, gnuplot
 * missing or failing, 2 a usage error. */
int cmd_plot(int argc, char **argv);

/* ---- inside the command: the figure's model and its gnuplot script
 * (report/plot_script.c); cmd_plot.c parses, loads, runs gnuplot ---- */

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* Most files one figure takes (one colour each). */
#define PLOT_MAX_FILES 8

enum { KIND_SIZE, KIND_TRIALS, KIND_CDF };
enum { IMG_PNG, IMG_SVG, IMG_PDF };

/* What the command line asked for. */
typedef struct plot_args {
	int kind;
	int img;               /* IMG_*, or -1 for the output's extension */
	const char *output;    /* -o */
	const char *script;    /* --script: write the script here, do not run gnuplot */
	const char *title;     /* --title, or NULL for the default */
	const char *benchmark; /* --benchmark, or NULL */
	const char *op;        /* --op, or NULL */
	int have_size;
	uint64_t size; /* --size */
	int stat_set;  /* --stat given */
	st_opts opts;
} plot_args;

/* Everything a figure is drawn from. */
typedef struct plot_data {
	size_t n;
	trial_file **tfs;
	st_summary **sums;
	const report_group *g; /* the group drawn */
	char gname[256];       /* "p2p_lat pingpong" */
	int per_run;           /* a file holds per-run averages (imported summaries) */
	int bw;                /* a file holds bandwidth trials (p2p_bw, verbs_bw): their
				   samples are window or message times, so the axes say
				   "time", not "latency" (lower is still better) */
} plot_data;

/* The analysis options of a figure (st_opts_init's, with the pooled
 * percentiles the size kind draws). */
void plot_opts_init(st_opts *o);

/* Write the gnuplot script of the figure for output path out into a new
 * buffer (*buf, *len; the caller frees it). 0, or an exit code after the
 * message. */
int plot_script(const plot_args *a, const plot_data *d, const char *out, char **buf, size_t *len);

#endif
