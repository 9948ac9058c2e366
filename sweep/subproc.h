/* SPDX-License-Identifier: BSD-3-Clause */
/* subproc.h: commands run in process groups of their own, their standard
 * output and error captured, stopped after a timeout (nodeset.c runs
 * `sriovstat node` on many nodes at once with these). */
#ifndef SRIOVSTAT_SUBPROC_H
#define SRIOVSTAT_SUBPROC_H

#include <stddef.h>
#include <sys/types.h>

/* A running command and its output. */
typedef struct subproc {
	pid_t pid;    /* 0: it could not be started */
	int fd[2];    /* stdout, stderr; -1 when closed */
	char *buf[2]; /* what it wrote (NUL-terminated), or NULL */
	size_t len[2];
	int status; /* waitpid status, -1 not reaped */
	int timed_out;
} subproc;

/* Start argv (PATH search) with stdout and stderr to pipes, stdin from
 * /dev/null, default signal actions, in a process group of its own (a
 * sweep's signals go to its trial, not to these). 0, or -1 with errno. */
int subproc_start(subproc *p, char **argv);

/* Read what n started commands write until they close both pipes, or
 * timeout seconds have passed (then their process groups are killed and
 * timed_out set), then reap them. Signals do not cut this short. */
void subproc_collect(subproc *ps, size_t n, unsigned timeout);

#endif
