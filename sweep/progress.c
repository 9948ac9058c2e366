/* SPDX-License-Identifier: BSD-3-Clause */
/* progress.c: what a running sweep shows: the progress line with the
 * estimated time left (through the program's callback), and the end of a
 * failed trial's log. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sw_int.h"
#include "swmsg.h"

/* Seconds on the monotonic clock. */
double sw_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A duration as H:MM:SS or M:SS. */
const char *sw_hms(double s, char *buf, size_t len)
{
	if (!(s >= 0))
		s = 0;
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
	return buf;
}

/* Print argv to f as a command line a shell would split back the same way. */
void sw_print_argv(FILE *f, char *const *argv)
{
	char *line = exp_shell_line(argv);
	fputs(line ? line : "(out of memory)", f);
	free(line);
}

/* The estimated time left, from this session's trials. */
static double eta(const sweep *s, size_t from)
{
	double total = 0;
	unsigned runs = 0;
	for (size_t i = 0; i < s->n; i++) {
		total += s->cfg[i].seconds;
		runs += s->cfg[i].ran + s->cfg[i].failed;
	}
	if (runs == 0)
		return -1;
	double left = 0;
	for (size_t p = from; p < (size_t)s->trials * s->n; p++) {
		if (!s->todo[p])
			continue;
		const sw_config *c = &s->cfg[s->order[p]];
		unsigned k = c->ran + c->failed;
		left += k ? c->seconds / k : total / runs;
	}
	return left;
}

/* The progress line before a trial (when the program shows one). */
void sw_progress(const sweep *s, size_t place, size_t nth, const sw_config *sc)
{
	if (!s->progress)
		return;
	char a[32], b[32], line[512];
	double left = eta(s, place);
	snprintf(line, sizeof line, "sweep: trial %zu of %zu: %s %u of %u, %s elapsed%s%s%s", nth,
		 s->ntodo, sc->c->label, (unsigned)(place / s->n + 1), s->trials,
		 sw_hms(sw_now() - s->t0, a, sizeof a), left >= 0 ? ", about " : "",
		 left >= 0 ? sw_hms(left, b, sizeof b) : "", left >= 0 ? " left" : "");
	s->progress(line);
}

/* Clear the progress line before other output. */
void sw_progress_clear(const sweep *s)
{
	if (s->progress)
		s->progress(NULL);
}

/* Print the last lines of a log from offset on stderr. */
void sw_print_tail(const char *log, off_t from)
{
	int fd = open(log, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	off_t end = lseek(fd, 0, SEEK_END);
	off_t start = end - 4096 > from ? end - 4096 : from;
	if (start < 0)
		start = 0;
	char buf[4097];
	ssize_t n = end > start ? pread(fd, buf, (size_t)(end - start), start) : 0;
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	int lines = 0;
	char *p = buf + n;
	if (p > buf && p[-1] == '\n')
		p--;
	while (p > buf) {
		if (p[-1] == '\n' && ++lines == SWEEP_TAIL_LINES)
			break;
		p--;
	}
	sw_raw("%s: sweep: the trial's last output (all of it is in %s):\n", sw_progname(), log);
	for (char *q = p; *q;) {
		char *nl = strchr(q, '\n');
		size_t l = nl ? (size_t)(nl - q) : strlen(q);
		sw_raw("  | %.*s\n", (int)l, q);
		q += l + (nl ? 1 : 0);
	}
}
