/* SPDX-License-Identifier: BSD-3-Clause */
/* harness_sig.c: signals and timed windows (harness.h explains the
 * protocol): the handlers, the ranks' agreement to stop, the file size
 * limit. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "harness_int.h"

/* Signals within this long of the previous one count once: a
 * process-group signal reaches a rank directly and again forwarded by the
 * launcher. */
#define SIG_SAME_NS 1000000000ull
/* After a second signal the run has this long to write the finished sizes. */
#define SIG_HURRY_S 10
/* A window aims at this long (rank 0's clock), so that a signal is seen
 * within about this much of the loop. */
#define WINDOW_AIM_NS 100000000ull
/* A window's length grows at most this much over the last one's. */
#define WINDOW_GROWTH 16

/* The first SIGINT or SIGTERM this process got, or 0. */
static volatile sig_atomic_t first_signal;
/* Signals counted (see SIG_SAME_NS); only the handler writes them, with
 * SIGINT and SIGTERM blocked. */
static volatile sig_atomic_t nsignals;
static uint64_t last_signal_ns;

/* What the handlers write (built beforehand: they may only write(2)). */
static char hurry_msg[160], fsize_msg[320];

/* First signal: remember it; the ranks stop at the end of the current
 * window. Second: the same, and SIGALRM in SIG_HURRY_S s ends the process
 * should the trial not be written by then. Third: exit at once (trial
 * files are replaced atomically: they stay as they were). */
static void on_signal(int sig)
{
	uint64_t now = bench_now_ns();
	if (nsignals && now - last_signal_ns < SIG_SAME_NS)
		return;
	last_signal_ns = now;
	nsignals = nsignals + 1;
	if (!first_signal)
		first_signal = sig;
	else if (nsignals == 2)
		alarm(SIG_HURRY_S);
	else
		_exit(128 + first_signal);
}

/* The second signal's deadline passed. */
static void on_alarm(int sig)
{
	(void)sig;
	ssize_t w = write(STDERR_FILENO, hurry_msg, strlen(hurry_msg));
	(void)w;
	_exit(128 + (first_signal ? first_signal : SIGALRM));
}

/* A write passed the file size limit before MPI_Init returned (MPI's
 * shared memory files): say so in one line instead of dying silently. */
static void on_xfsz(int sig)
{
	(void)sig;
	ssize_t w = write(STDERR_FILENO, fsize_msg, strlen(fsize_msg));
	(void)w;
	_exit(1);
}

/* Runs before main, hence before MPI_Init: catch SIGXFSZ (one line from
 * each rank that meets the limit). */
__attribute__((constructor)) static void xfsz_early(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return;
	snprintf(fsize_msg, sizeof fsize_msg,
		 "%s: error: a file would pass the file size limit of %llu bytes (ulimit -f) "
		 "while MPI starts (its shared memory); raise the limit\n",
		 program_invocation_short_name, (unsigned long long)rl.rlim_cur);
	signal(SIGXFSZ, on_xfsz);
}

uint64_t harness_file_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	return (uint64_t)rl.rlim_cur;
}

void harness_signals_install(const char *prog)
{
	snprintf(hurry_msg, sizeof hurry_msg,
		 "%s: error: a second signal, and the trial was not written within %d s: "
		 "stopping without it\n",
		 prog, SIG_HURRY_S);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	/* From here a write past the file size limit fails with EFBIG, which
	 * the trial writer reports (the old file intact). */
	signal(SIGXFSZ, SIG_IGN);
}

void harness_signals_default(void)
{
	alarm(0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
}

void harness_signals_hold(int hold)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGALRM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

int harness_signal_agreed(void)
{
	int mine = first_signal, any = 0;
	MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	return any;
}

/* Whether tests/hardening/interrupt.sh asked for fault kind
 * (SRIOVSTAT_FAULT_SIGNAL=kind). */
static int fault_asked(const char *kind)
{
	const char *f = getenv("SRIOVSTAT_FAULT_SIGNAL");
	return f && strcmp(f, kind) == 0;
}

/* SRIOVSTAT_FAULT_SIGNAL=last makes the last rank raise SIGINT once the
 * last size's loops are over (a signal after the last size, on time). */
static void fault_signal(const bench_ctx *c)
{
	if (fault_asked("last") && c->rank == c->nranks - 1 && c->cur == c->nsizes_asked - 1)
		raise(SIGINT);
}

void harness_fault_end(const bench_ctx *c, int writer)
{
	if (!fault_asked("end") || c->nranks < 2)
		return;
	if (writer && c->rank == 0) {
		struct timespec ts = {0, 300000000};
		nanosleep(&ts, NULL);
	} else if (!writer && c->rank == c->nranks - 1) {
		raise(SIGINT);
	}
}

/* After a size (all ranks, outside any timed loop): when a rank got a
 * signal, drop the sizes after this one, which ends the program's loop. */
void harness_agree_stop(bench_ctx *c, uint64_t size)
{
	fault_signal(c);
	int sig = harness_signal_agreed();
	if (!sig || c->stop)
		return;
	c->stop = sig;
	for (int k = 0; k < c->nsizes; k++)
		if (c->sizes[k] == size) {
			c->nsizes = k + 1;
			break;
		}
}

/* Rank 0: the next window's length from the last one's (len iterations
 * that took el ns), aiming at WINDOW_AIM_NS; a new loop starts from the
 * rate of the last window of any loop, a quarter of the aim (the next size
 * may be slower). */
static uint64_t window_propose(bench_ctx *c, uint64_t done, uint64_t now)
{
	double aim = (double)WINDOW_AIM_NS, want;
	if (done > 0 && c->win_len > 0) {
		uint64_t el = now - c->win_t0;
		c->win_ns_per_iter = (double)(el ? el : 1) / (double)c->win_len;
		want = aim / c->win_ns_per_iter;
		if (want > (double)c->win_len * WINDOW_GROWTH)
			want = (double)c->win_len * WINDOW_GROWTH;
	} else if (c->win_ns_per_iter > 0) {
		want = aim / 4 / c->win_ns_per_iter;
	} else {
		want = 1;
	}
	if (want < 1)
		want = 1;
	if (want > (double)(1ull << 40))
		want = (double)(1ull << 40);
	return (uint64_t)want;
}

uint64_t bench_window(bench_ctx *c, uint64_t done, uint64_t total)
{
	if (c->stop || done >= total)
		return 0;
	uint64_t now = bench_now_ns();
	long long in[2] = {first_signal, 0}, out[2] = {0, 0};
	if (c->rank == 0)
		in[1] = (long long)window_propose(c, done, now);
	MPI_Allreduce(in, out, 2, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
	if (out[0]) {
		/* Inside size c->cur: it is dropped, the sizes before it kept. */
		c->stop = (int)out[0];
		c->stop_done = done;
		c->stop_total = total;
		c->nsizes = c->cur;
		return 0;
	}
	uint64_t len = (uint64_t)out[1];
	if (len > total - done)
		len = total - done;
	c->win_len = len;
	c->win_t0 = bench_now_ns();
	return len;
}
