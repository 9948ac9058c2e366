/* SPDX-License-Identifier: BSD-3-Clause */
/* sweep.h: the sweep runner behind `sriovstat sweep`: an experiment's
 * configurations run as interleaved, randomized trials into one trial file
 * per label, with their settings applied before each trial and restored
 * after it (also after a failure, an error or SIGINT/SIGTERM/SIGHUP), and
 * resumable from its output folder (doc/experiment.md).
 *
 * Errors of a call come back as a negative ST_E* code with a one-line
 * message in an st_err. What happens while trials run (a failed trial, a
 * process that outlived its trial, a restore that failed) is reported
 * through swmsg.h; the progress line through the options' callback. */
#ifndef SRIOVSTAT_SWEEP_H
#define SRIOVSTAT_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "sterr.h"

/* The progress line (text without a newline), or NULL: clear it. */
typedef void (*sw_progress_fn)(const char *line);

/* What the user asked for. */
typedef struct sw_options {
	const char *exp_path; /* the experiment file */
	const char *out;      /* the output folder */
	unsigned trials;      /* per configuration, when trials_set */
	int trials_set;
	uint64_t seed; /* when seed_set */
	int seed_set;
	int on_error_continue;   /* a failed trial does not stop the sweep */
	unsigned timeout;        /* seconds per trial, 0: none */
	int dry_run;             /* nothing is locked or written */
	sw_progress_fn progress; /* NULL: no progress line */
} sw_options;

/* How a sweep ended. */
typedef struct sw_outcome {
	size_t ran, failed;  /* trials of this session */
	int failed_or_error; /* a trial failed or an error stopped it */
	int signal;          /* the signal that stopped it, or 0 */
	int restore_failed;  /* settings could not be put back */
	const char *how;     /* "finished", "stopped after a failed trial" or
				   * "stopped by an error" (signals and failed
				   * restores aside) */
	double seconds;      /* of this session */
} sw_outcome;

typedef struct sweep sweep;

/* Read the experiment, the output folder and what it holds (trial files,
 * sweep.json), and make the plan. The folder is locked unless dry_run; it
 * need not exist yet. ST_EUSAGE: no number of trials (neither
 * options->trials_set nor "trials =" in the file); other errors as
 * ST_E* codes. *out is the caller's (sweep_close) on success. */
int sweep_open(const sw_options *options, sweep **out, st_err *err);

/* Release a sweep (NULL is fine). */
void sweep_close(sweep *s);

/* --dry-run: print the plan on stdout. Returns how many configurations'
 * coalescing cannot be applied on this machine; *node_problems is 1 when a
 * node cannot be set as the experiment asks (printed with the nodes). */
size_t sweep_dry_run(sweep *s, int *node_problems);

/* Put back node settings an earlier sweep in the folder left changed. */
int sweep_restore_pending(sweep *s, st_err *err);

/* How many trials are still to run. */
size_t sweep_to_run(const sweep *s);

/* Before the first trial: check every node can be set, create and lock the
 * output folder, start this session's record in sweep.json. */
int sweep_start(sweep *s, st_err *err);

/* Run the trials still to run, in the plan's order, stopping at the first
 * failed trial unless on_error_continue, at an error or at a signal (the
 * trial under way is stopped and the settings restored). Fills *outcome. */
void sweep_run(sweep *s, sw_outcome *outcome);

/* The output folder, as given; sweep.json's path; trials per configuration;
 * the configurations and their trial files. */
const char *sweep_out(const sweep *s);
const char *sweep_state_path(const sweep *s);
unsigned sweep_trials(const sweep *s);
size_t sweep_nconfigs(const sweep *s);
const char *sweep_file(const sweep *s, size_t i);

/* A duration as H:MM:SS or M:SS, in buf. */
const char *sw_hms(double seconds, char *buf, size_t len);

#endif
