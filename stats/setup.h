/* SPDX-License-Identifier: BSD-3-Clause */
/* setup.h: what differs between the setups of two trial files.
 *
 * Every trial records how it ran: its options, the MPI library, the timer
 * and the fingerprint of each node (kernel, CPU, hypervisor, RDMA devices,
 * interrupt coalescing) and of the MPI-steering environment. A comparison is
 * only as meaningful as what it holds fixed, so st_setup_diff lists the
 * settings whose values differ between file A and file B: the intended
 * difference (UCX_TLS, a coalescing value) and any unintended one (another
 * kernel, another iteration count).
 *
 * Settings are named by their path in the trial object, e.g.
 * "fingerprint.environment.UCX_TLS" or "options.iterations"; an array of
 * objects is summarized over its elements, "fingerprint.nodes[].kernel.release"
 * holding the values of every node. What changes from trial to trial by
 * nature (start time, command line, measured timer cost, sweep place) is
 * left out. */
#ifndef SRIOVSTAT_SETUP_H
#define SRIOVSTAT_SETUP_H

#include <stddef.h>

#include "sterr.h"
#include "trial.h"

/* Values kept per setting and file; beyond, the setting is "many-valued". */
#define ST_SETUP_MAX_VALUES 8

/* One setting whose values differ between A and B. */
typedef struct st_setup_row {
	char *key;                    /* e.g. "fingerprint.environment.UCX_TLS" */
	size_t na, nb;                /* distinct values in A and B (0: absent) */
	int many_a, many_b;           /* more than ST_SETUP_MAX_VALUES values */
	char *a[ST_SETUP_MAX_VALUES]; /* A's values in order of first appearance */
	char *b[ST_SETUP_MAX_VALUES];
} st_setup_row;

typedef struct st_setup_diff {
	size_t nsettings_a, nsettings_b; /* settings each file records (0: no
					    fingerprint, e.g. imported from CSV) */
	size_t nrows;
	st_setup_row *rows; /* in the order A's trials name them, then B's */
} st_setup_diff;

/* The settings whose sets of values differ between a and b (two files that
 * both hold many values of a setting, such as the hostnames of large
 * clusters, are not told apart; a file that records no settings at all is
 * not compared: no rows). Values are JSON text, strings without
 * their quotes. Returns 0 with *out set (maybe with no rows), or ST_ENOMEM. */
int st_setup_diff_compute(const trial_file *a, const trial_file *b, st_setup_diff **out,
			  st_err *err);

/* Release a result of st_setup_diff_compute (NULL is fine). */
void st_setup_diff_destroy(st_setup_diff *d);

#endif
