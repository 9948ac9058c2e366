/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_sweep.h: `sriovstat sweep`, run an experiment file's configurations as
 * interleaved, randomized trials into one trial file per label
 * (doc/experiment.md, sriovstat(1) SWEEP), over the sweep library
 * (sweep/sweep.h); and `sriovstat node`. */
#ifndef SRIOVSTAT_CMD_SWEEP_H
#define SRIOVSTAT_CMD_SWEEP_H

/* Exit codes beyond sriovstat's 0/1/2: a sweep stopped by a signal exits
 * 128 + the signal number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP),
 * after the trial under way was stopped and coalescing restored. */

/* sriovstat sweep [OPTION]... EXPERIMENT (argv[0] is "sweep"). Returns the
 * exit status: 0 every planned trial ran, 1 an invalid experiment or output
 * folder, a failed trial or a failed restore, 2 a usage error, 128 + N after
 * signal N. */
int cmd_sweep(int argc, char **argv);

/* sriovstat node [--node NAME] get|probe|set ARGS... (cmd_node.c): what a
 * sweep runs on each node (sweep/nodeset.h). */
int cmd_node(int argc, char **argv);

#endif
