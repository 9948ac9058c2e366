/* SPDX-License-Identifier: BSD-3-Clause */
/* sweepnodes.h: the node settings of a sweep: what each configuration sets
 * on every node of the experiment (coalescing, sysctl), read before the
 * sweep starts, applied and verified before each trial, restored after it
 * (also after a failure, an error or a signal) through nodeset.h.
 *
 * An experiment has node settings when it names nodes ("nodes =") or sets
 * "sysctl ="/"setting =" (then on this machine only). Without either, the
 * sweep keeps changing coalescing locally itself (settings.c).
 *
 * swn_create returns 0 or a negative ST_E* code with the message in err;
 * the others report what they find on the nodes through swmsg.h (several
 * nodes can fail at once) and return 0 or -1. */
#ifndef SRIOVSTAT_SWEEPNODES_H
#define SRIOVSTAT_SWEEPNODES_H

#include <stddef.h>

#include <json-c/json.h>

#include "experiment.h"
#include "sterr.h"

typedef struct swn swn;

/* The node settings of experiment e, answered by the sriovstat at tool:
 * *out is NULL when e has none. 0, or ST_EFORMAT (a bad node list or
 * reach, "FILE:LINE: ...") or ST_ENOMEM. */
int swn_create(const experiment *e, const char *tool, swn **out, st_err *err);

/* Release (NULL is fine). */
void swn_destroy(swn *w);

/* Read every setting any configuration changes on every node, and check
 * that each could be changed: with write_test by writing the value it has
 * back, else without writing (probe). Prints each problem (node and cause)
 * unless quiet; returns how many nodes have one. */
size_t swn_check(swn *w, int write_test, int quiet);

/* --dry-run: the nodes and their problems, and configuration ci's settings
 * on each node, now and wanted. */
void swn_print_nodes(const swn *w);
void swn_print_config(const swn *w, size_t ci);

/* The names of every setting, blank-separated (for SRIOVSTAT_NODE_SETTINGS). */
const char *swn_keys(const swn *w);

/* Configuration ci's settings as JSON {SETTING: value} (for sweep.json). */
json_object *swn_wanted_json(const swn *w, size_t ci);

/* What to put back for configuration ci, to record before applying it:
 * {"nodes": {NODE: {SETTING: original}}, "restore_commands": {NODE: line}}. */
json_object *swn_pending(const swn *w, size_t ci);

/* Apply configuration ci on every node and check each reads back what was
 * asked. 0 with *applied = {NODE: {SETTING: value}}; -1 with the node and
 * the cause in why (the caller restores). */
int swn_apply(swn *w, size_t ci, json_object **applied, char *why, size_t whylen);

/* Put configuration ci's settings back on every node; -1 after a loud
 * message with the commands to run by hand. */
int swn_restore(swn *w, size_t ci);

/* Put back what a pending record (swn_pending) names, left by a sweep that
 * was killed; 0, or -1 after a message. */
int swn_restore_pending(swn *w, json_object *pending);

#endif
