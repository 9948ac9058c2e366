/* SPDX-License-Identifier: BSD-3-Clause */
/* sysmsg.c: signal names and progress-line clearing. */
#include <signal.h>
#include <stdio.h>

#include "sysmsg.h"

/* The standard signals by number. */
static const struct {
	int sig;
	const char *name;
} signames[] = {
#define S(x)          \
	{             \
		x, #x \
	}
	S(SIGHUP),  S(SIGINT),  S(SIGQUIT), S(SIGILL),    S(SIGTRAP), S(SIGABRT),  S(SIGBUS),
	S(SIGFPE),  S(SIGKILL), S(SIGUSR1), S(SIGSEGV),   S(SIGUSR2), S(SIGPIPE),  S(SIGALRM),
	S(SIGTERM), S(SIGCHLD), S(SIGCONT), S(SIGSTOP),   S(SIGTSTP), S(SIGTTIN),  S(SIGTTOU),
	S(SIGURG),  S(SIGXCPU), S(SIGXFSZ), S(SIGVTALRM), S(SIGPROF), S(SIGWINCH), S(SIGSYS),
#undef S
};

/* A signal's name. */
const char *sys_signal_name(int sig, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof signames / sizeof signames[0]; i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	snprintf(buf, len, "signal %d", sig);
	return buf;
}

/* Clear a progress line. */
void sys_line_clear(FILE *f)
{
	fputs("\r\033[K", f);
	fflush(f);
}
