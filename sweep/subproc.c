/* SPDX-License-Identifier: BSD-3-Clause */
/* subproc.c: commands in their own process groups, output captured. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "subproc.h"

/* Start argv with stdout and stderr to pipes, stdin from /dev/null, in a
 * process group of its own (the sweep's signals go to its trial, not here). */
int subproc_start(subproc *p, char **argv)
{
	int out[2], err[2];
	memset(p, 0, sizeof *p);
	p->fd[0] = p->fd[1] = -1;
	p->status = -1;
	if (pipe2(out, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		int nul = open("/dev/null", O_RDONLY);
		if (nul > 0) {
			dup2(nul, 0);
			close(nul);
		}
		dup2(out[1], 1);
		dup2(err[1], 2);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot start %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(out[1]);
	close(err[1]);
	p->pid = pid;
	p->fd[0] = out[0];
	p->fd[1] = err[0];
	return 0;
}

/* Seconds on the monotonic clock. */
static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Read what the processes write until they close their pipes (or time
 * out: then their process groups are killed), and reap them. */
void subproc_collect(subproc *ps, size_t n, unsigned timeout)
{
	double deadline = mono() + timeout;
	for (;;) {
		struct pollfd pf[2 * 64];
		size_t map[2 * 64], k = 0;
		for (size_t i = 0; i < n && k + 2 <= 2 * 64; i++)
			for (int j = 0; j < 2; j++)
				if (ps[i].fd[j] >= 0) {
					pf[k].fd = ps[i].fd[j];
					pf[k].events = POLLIN;
					map[k++] = i * 2 + (size_t)j;
				}
		if (k == 0)
			break;
		double left = deadline - mono();
		if (left <= 0) {
			for (size_t i = 0; i < n; i++)
				if (ps[i].fd[0] >= 0 || ps[i].fd[1] >= 0) {
					ps[i].timed_out = 1;
					kill(-ps[i].pid, SIGKILL);
					for (int j = 0; j < 2; j++)
						if (ps[i].fd[j] >= 0) {
							close(ps[i].fd[j]);
							ps[i].fd[j] = -1;
						}
				}
			break;
		}
		int r = poll(pf, k, (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR)
			break;
		for (size_t q = 0; r > 0 && q < k; q++) {
			if (!pf[q].revents)
				continue;
			subproc *p = &ps[map[q] / 2];
			int j = (int)(map[q] % 2);
			char chunk[4096];
			ssize_t got = read(p->fd[j], chunk, sizeof chunk);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0 || p->len[j] > (1u << 20)) {
				close(p->fd[j]);
				p->fd[j] = -1;
				continue;
			}
			char *nb = realloc(p->buf[j], p->len[j] + (size_t)got + 1);
			if (!nb)
				continue;
			memcpy(nb + p->len[j], chunk, (size_t)got);
			p->len[j] += (size_t)got;
			nb[p->len[j]] = '\0';
			p->buf[j] = nb;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (ps[i].pid <= 0)
			continue;
		for (int j = 0; j < 2; j++)
			if (ps[i].fd[j] >= 0)
				close(ps[i].fd[j]);
		while (waitpid(ps[i].pid, &ps[i].status, 0) < 0 && errno == EINTR)
			;
		/* Leave nothing of it running (an ssh's control process, say). */
		kill(-ps[i].pid, SIGKILL);
	}
}
