/* SPDX-License-Identifier: BSD-3-Clause */
/* sysmsg.h: small pieces of the messages programs print: the name of a signal
 * and clearing a progress line on a terminal (not "msg.h": <sys/msg.h> is a
 * system header this directory would shadow). The benchmarks and the sweep
 * share them so that both say the same thing the same way. */
#ifndef SRIOVSTAT_SYSMSG_H
#define SRIOVSTAT_SYSMSG_H

#include <stddef.h>
#include <stdio.h>

/* The name of signal sig for messages and trial files: "SIGINT", "SIGTERM",
 * "SIGSEGV", ... for the standard signals, "signal N" (written into buf, of
 * len bytes) for any other. Returns a constant string or buf; safe to call
 * outside a signal handler only. */
const char *sys_signal_name(int sig, char *buf, size_t len);

/* Clear the line a progress line was drawn on ("\r" and erase to the end of
 * the line) and flush f. The caller decides whether f is a terminal. */
void sys_line_clear(FILE *f);

#endif
