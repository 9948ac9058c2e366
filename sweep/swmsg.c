/* SPDX-License-Identifier: BSD-3-Clause */
/* swmsg.c: the sweep library's messages, through the program's printer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "swmsg.h"

static sw_msg_fn msg_fn;
static const char *msg_prog = "sriovstat";

/* The default printer: one line on stderr. */
static void default_print(enum sw_msg_kind kind, const char *text)
{
	if (kind == SW_MSG_RAW)
		fputs(text, stderr);
	else
		fprintf(stderr, "%s: %s: %s\n", msg_prog,
			kind == SW_MSG_ERROR ? "error" : "warning", text);
}

/* Install the program's printer. */
void sw_msg_set(sw_msg_fn fn, const char *progname)
{
	msg_fn = fn;
	if (progname)
		msg_prog = progname;
}

/* The program's name. */
const char *sw_progname(void)
{
	return msg_prog;
}

/* Format and hand one message to the printer. */
static void vsend(enum sw_msg_kind kind, const char *fmt, va_list ap)
{
	char text[4096], *big = NULL;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	/* Raw text (a log's line) is passed on whole. */
	if (n >= (int)sizeof text && kind == SW_MSG_RAW && vasprintf(&big, fmt, copy) < 0)
		big = NULL;
	va_end(copy);
	(msg_fn ? msg_fn : default_print)(kind, big ? big : text);
	free(big);
}

/* An error line. */
void sw_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsend(SW_MSG_ERROR, fmt, ap);
	va_end(ap);
}

/* A warning line. */
void sw_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsend(SW_MSG_WARNING, fmt, ap);
	va_end(ap);
}

/* Text as it is. */
void sw_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsend(SW_MSG_RAW, fmt, ap);
	va_end(ap);
}
