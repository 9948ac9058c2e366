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

#endif
