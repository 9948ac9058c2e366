/* SPDX-License-Identifier: BSD-3-Clause */
/* sysset.h: the settings of this node an experiment may change, by name.
 *
 *   coalesce:IF:FIELD   interrupt coalescing of network interface IF, FIELD
 *                       one of rx-frames, rx-usecs, adaptive-rx, tx-frames,
 *                       tx-usecs, adaptive-tx (the ethtool ioctl, coalesce.h)
 *   sysctl:NAME         the kernel parameter /proc/sys/NAME, NAME written
 *                       with dots (net.core.busy_poll) or with slashes
 *
 * Values are text in a canonical form (sset_canon): whole numbers in
 * decimal, on/off, a sysctl's words separated by one blank. Reading a
 * setting back after writing it and comparing the canonical forms tells
 * whether the change took effect.
 *
 * Library code (sys/): nothing prints or exits; errors come back as a
 * negative ST_E* code (stats/sterr.h) with a one-line message naming the
 * setting in an st_err. The sweep applies these settings on
 * every node of an experiment through `sriovstat node-settings`; the
 * benchmarks record the ones named in SRIOVSTAT_NODE_SETTINGS in each
 * node's fingerprint. */
#ifndef SRIOVSTAT_SYSSET_H
#define SRIOVSTAT_SYSSET_H

#include <stddef.h>

#include <json-c/json.h>

#include "sterr.h"

/* Longest value (sysctl values included). */
#define SSET_VALUE_MAX 256
/* Longest setting name. */
#define SSET_KEY_MAX 160
/* The environment variable naming the settings a fingerprint records. */
#define SSET_ENV "SRIOVSTAT_NODE_SETTINGS"

/* Whether key names a setting this library knows. 0, or ST_EVALUE with
 * the reason in err. */
int sset_key_check(const char *key, st_err *err);

/* The canonical form of value for key into out. 0, or ST_EVALUE with the
 * reason (a value out of range, not on/off, too long) in err. */
int sset_canon(const char *key, const char *value, char *out, size_t outlen, st_err *err);

/* Read a setting's current value (canonical). 0, or a negative ST_E* code
 * with a message in err (no such interface or parameter, no coalescing on
 * this driver). */
int sset_get(const char *key, char *value, size_t len, st_err *err);

/* Write a setting (value canonical or not). 0, or a negative ST_E* code
 * with a message in err. */
int sset_set(const char *key, const char *value, st_err *err);

/* Whether the setting could be written by this process, without writing
 * it: the value is readable and the file writable (sysctl), or the driver
 * has coalescing and the process may change it (CAP_NET_ADMIN). 0, or a
 * negative ST_E* code with the reason in err. */
int sset_probe(const char *key, st_err *err);

/* The settings named in list (blanks or commas between names) as read on
 * this node: {NAME: value, ...}, {"error": message} in place of a value that
 * cannot be read. NULL when list names none. */
json_object *sset_read_list(const char *list);

#endif
