/* SPDX-License-Identifier: BSD-3-Clause */
/* swmsg.h: how the sweep library tells the user about events during a
 * sweep (a node that cannot be set, a process that outlived its trial, a
 * restore that failed). Errors of a call come back in an st_err; these are
 * the things a long-running sweep reports as they happen. The program
 * installs its own printer (sriovstat: report_error/report_warning); the
 * default prints "PROGNAME: KIND: TEXT" lines on stderr. */
#ifndef SRIOVSTAT_SWMSG_H
#define SRIOVSTAT_SWMSG_H

/* What a message is: an error or warning line, or text printed as it is
 * (the boxed "COULD NOT RESTORE" notices, already prefixed per line). */
enum sw_msg_kind { SW_MSG_ERROR, SW_MSG_WARNING, SW_MSG_RAW };

/* A printer of one message (text without its final newline for lines). */
typedef void (*sw_msg_fn)(enum sw_msg_kind kind, const char *text);

/* Install the program's printer and name (NULL fn: the default printer). */
void sw_msg_set(sw_msg_fn fn, const char *progname);

/* The program's name, for messages built by the library. */
const char *sw_progname(void);

/* Report an error or a warning line, or raw text. */
void sw_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sw_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sw_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
