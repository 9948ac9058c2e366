/* SPDX-License-Identifier: BSD-3-Clause */
/* supervise.c: a trial's command as a process: started in its own process
 * group with its environment and log, waited for while signals are
 * forwarded (sigstate.c), stopped after --timeout (SIGTERM, then SIGKILL),
 * and whatever it leaves running stopped before the next trial. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_int.h"
#include "swmsg.h"
#include "sysmsg.h"
#include "sysset.h"

/* Clear a progress line on a terminal before a message. */
void sw_clear_line(void)
{
	if (isatty(STDERR_FILENO))
		sys_line_clear(stderr);
}

/* The processes left behind by trials: the sweep is their subreaper, so
 * orphans of a trial become its children. Fills pids; returns the count. */
static size_t list_children(pid_t *pids, size_t max)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = 0;
	long v;
	while (n < max && fscanf(f, "%ld", &v) == 1)
		pids[n++] = (pid_t)v;
	fclose(f);
	return n;
}

/* Reap the zombies among the sweep's children. */
static void reap(void)
{
	int st;
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
}

/* Sleep 50 ms, then reap. */
static void pause_and_reap(void)
{
	struct timespec ts = {0, 50 * 1000 * 1000};
	nanosleep(&ts, NULL);
	reap();
}

/* Stop whatever a trial left running (it would disturb the next trial):
 * SIGTERM, up to 2 s of grace, then SIGKILL. */
static void stop_strays(const char *label)
{
	pid_t pids[256];
	reap();
	size_t n = list_children(pids, 256);
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char path[64], comm[64] = "?";
		snprintf(path, sizeof path, "/proc/%ld/comm", (long)pids[i]);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fgets(comm, sizeof comm, f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		sw_clear_line();
		sw_warning("sweep: process %ld (%s) outlived the trial of '%s': stopping it",
			   (long)pids[i], comm, label);
		kill(pids[i], SIGTERM);
	}
	for (int t = 0; t < 40; t++) {
		pause_and_reap();
		if ((n = list_children(pids, 256)) == 0)
			return;
	}
	for (int round = 0; round < 10 && (n = list_children(pids, 256)) > 0; round++) {
		for (size_t i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		pause_and_reap();
	}
}

/* In the child: set up the trial's process and exec its command; on
 * failure the errno goes to errfd and the child exits 127. */
static void exec_trial(const sw_config *sc, int logfd, int errfd, unsigned round,
		       const char *node_keys, pid_t sweep_pid)
{
	/* Own process group, default signals, no terminal input; SIGTERM
	 * when the sweep dies (even of SIGKILL), so that no trial outlives it
	 * and runs beside a resumed sweep's. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != sweep_pid)
		_exit(128 + SIGTERM);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	sw_sig_child_defaults();
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull >= 0 && devnull != 0) {
		dup2(devnull, 0);
		close(devnull);
	}
	dup2(logfd, 1);
	dup2(logfd, 2);
	/* An interrupted trial is run again: the benchmarks write nothing
	 * of it (they keep it as incomplete otherwise; harness.h). */
	setenv("SRIOVSTAT_INCOMPLETE", "drop", 1);
	/* Our benchmarks record the round, so that compare pairs trials of
	 * the same round (harness.c). */
	char rs[16];
	snprintf(rs, sizeof rs, "%u", round);
	setenv("SRIOVSTAT_SWEEP_ROUND", rs, 1);
	/* Each node's fingerprint records these settings (sysset.h). */
	if (node_keys)
		setenv(SSET_ENV, node_keys, 1);
	for (size_t i = 0; i < sc->c->nenv; i++) {
		const exp_env *v = &sc->c->env[i];
		if (v->value)
			setenv(v->name, v->value, 1);
		else
			unsetenv(v->name);
	}
	execvp(sc->argv[0], sc->argv);
	int e = errno;
	ssize_t w = write(errfd, &e, sizeof e);
	(void)w;
	_exit(127);
}

/* Wait for the trial's process, forwarding signals (the handler does) and
 * escalating: a signal or --timeout sends SIGTERM, SWEEP_KILL_AFTER s
 * later SIGKILL. */
static void wait_trial(const sw_config *sc, pid_t pid, unsigned timeout, sw_result *r)
{
	/* Stopping: 0 running, 1 asked to stop (signal forwarded or timeout), 2 killed. */
	int phase = 0;
	sw_sig_alarm_clear();
	if (timeout > 0)
		alarm(timeout);
	for (;;) {
		pid_t w = waitpid(pid, &r->status, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(r->message, sizeof r->message, "waitpid: %s", strerror(errno));
			r->status = -1;
			break;
		}
		int sig = sw_sig_caught();
		if (sig && phase == 0) {
			/* The handler forwarded the signal; give the trial time to stop. */
			sw_sig_alarm_clear();
			alarm(SWEEP_KILL_AFTER);
			phase = 1;
		} else if (phase == 0 && sw_sig_alarm_take()) {
			r->timed_out = 1;
			sw_clear_line();
			sw_raw("%s: warning: sweep: %s: the trial did not end within --timeout %u s: sending SIGTERM\n",
			       sw_progname(), sc->c->label, timeout);
			kill(-pid, SIGTERM);
			alarm(SWEEP_KILL_AFTER);
			phase = 1;
		} else if (phase == 1 && sw_sig_alarm_take()) {
			char name[32];
			sw_raw("%s: warning: sweep: %s: the trial did not stop within %d s of %s: sending SIGKILL\n",
			       sw_progname(), sc->c->label, SWEEP_KILL_AFTER,
			       sig ? sys_signal_name(sig, name, sizeof name) : "SIGTERM");
			kill(-pid, SIGKILL);
			phase = 2;
		}
	}
	alarm(0);
}

/* Start the command of a trial with its environment, output to the log, in
 * its own process group; wait for it, forwarding signals. */
void sw_run_command(const sw_config *sc, int logfd, unsigned timeout, unsigned round,
		    const char *node_keys, sw_result *r)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(r->message, sizeof r->message, "pipe: %s", strerror(errno));
		return;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fflush(NULL);
	pid_t sweep_pid = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(r->message, sizeof r->message, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0)
		exec_trial(sc, logfd, pfd[1], round, node_keys, sweep_pid);
	setpgid(pid, pid);
	sw_sig_forward_to(pid);
	if (sw_sig_caught())
		kill(-pid, sw_sig_caught());
	close(pfd[1]);
	r->started = 1;
	int e = 0;
	ssize_t got;
	do
		got = read(pfd[0], &e, sizeof e);
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got == (ssize_t)sizeof e)
		r->exec_errno = e;
	wait_trial(sc, pid, timeout, r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Leave nothing of a stopped trial behind in its process group. */
	if (sw_sig_caught() || r->timed_out)
		kill(-pid, SIGKILL);
	sw_sig_forward_to(0);
	stop_strays(sc->c->label);
	r->interrupted = sw_sig_caught() != 0;
	r->ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t)t1.tv_nsec -
		(uint64_t)t0.tv_nsec;
	r->seconds = (double)r->ns * 1e-9;
}
