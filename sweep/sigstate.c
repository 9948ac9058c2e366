/* SPDX-License-Identifier: BSD-3-Clause */
/* sigstate.c: the sweep's signal state, the only place with handlers and
 * volatile globals. SIGINT, SIGTERM and SIGHUP are recorded and forwarded
 * to the running trial's process group; SIGALRM marks the escalation
 * timer (--timeout, then SIGKILL). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

#include "sw_int.h"

static volatile sig_atomic_t sw_signal;     /* first SIGINT/SIGTERM/SIGHUP, or 0 */
static volatile sig_atomic_t sw_alarm;      /* SIGALRM arrived */
static volatile sig_atomic_t sw_child_pgid; /* process group of the running trial, or 0 */

static const int sw_signals[] = {SIGINT, SIGTERM, SIGHUP};
_Static_assert(sizeof sw_signals / sizeof sw_signals[0] == SW_NSIGNALS, "SW_NSIGNALS");

/* Record the signal and pass it on to the trial's process group. */
static void on_signal(int sig)
{
	int saved = errno;
	if (!sw_signal)
		sw_signal = sig;
	if (sw_child_pgid > 0)
		kill(-(pid_t)sw_child_pgid, sig);
	errno = saved;
}

/* Note the escalation timer. */
static void on_alarm(int sig)
{
	(void)sig;
	sw_alarm = 1;
}

/* Clear the state and install the handlers (the old ones go to old). */
void sw_sig_install(struct sigaction old[SW_NSIGACTIONS])
{
	struct sigaction sa;
	sw_signal = 0;
	sw_alarm = 0;
	sw_child_pgid = 0;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: waitpid must return EINTR */
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < SW_NSIGNALS; i++)
		sigaction(sw_signals[i], &sa, &old[i]);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, &old[SW_NSIGNALS]);
}

/* Put back the handlers sw_sig_install replaced. */
void sw_sig_restore(const struct sigaction old[SW_NSIGACTIONS])
{
	for (size_t i = 0; i < SW_NSIGNALS; i++)
		sigaction(sw_signals[i], &old[i], NULL);
	sigaction(SIGALRM, &old[SW_NSIGNALS], NULL);
}

/* In a trial's child: the default disposition of every signal we handle. */
void sw_sig_child_defaults(void)
{
	for (size_t i = 0; i < SW_NSIGNALS; i++)
		signal(sw_signals[i], SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

/* The signal that asked the sweep to stop, or 0. */
int sw_sig_caught(void)
{
	return sw_signal;
}

/* Whether the alarm went off since the last call (and clear it). */
int sw_sig_alarm_take(void)
{
	if (!sw_alarm)
		return 0;
	sw_alarm = 0;
	return 1;
}

/* Forget an alarm that went off. */
void sw_sig_alarm_clear(void)
{
	sw_alarm = 0;
}

/* The process group signals are forwarded to (0: none). */
void sw_sig_forward_to(pid_t pgid)
{
	sw_child_pgid = pgid;
}
