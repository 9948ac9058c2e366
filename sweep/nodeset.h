/* SPDX-License-Identifier: BSD-3-Clause */
/* nodeset.h: the nodes of an experiment and how to reach them: run
 * `sriovstat node OP ARGS...` (report/cmd_node.c) on every node, through ssh, one
 * srun task per node, pdsh, a command template, or locally, and collect
 * each node's one-line answer.
 *
 * A node list is written as Slurm writes them: names separated by commas
 * or blanks, with bracketed ranges ("node[1-4,7]", "rack[1-2]-n[01-08]");
 * "slurm" stands for the nodes of the current allocation
 * ($SLURM_JOB_NODELIST). A reach is "local", "ssh", "srun" or "pdsh", each
 * optionally followed by options of that program ("ssh -p 2222"), or a
 * command template holding {node} ("ip netns exec {node}"); the words of
 * the `sriovstat node` command follow the template's.
 *
 * Words handed to nodes never need quoting: settings and values are
 * %-encoded (ns_encode) outside [A-Za-z0-9._:/+=,@-], so the same words work
 * through a remote shell (ssh, pdsh) and as plain arguments (srun). */
#ifndef SRIOVSTAT_NODESET_H
#define SRIOVSTAT_NODESET_H

#include <stddef.h>

#include <json-c/json.h>

/* What starts a node's answer line (after a prefix such as pdsh's "n1: "). */
#define NS_REPLY_TAG "sriovstat-node:"
/* Most nodes in an experiment. */
#define NS_MAX_NODES 4096
/* Seconds a node may take to answer. */
#define NS_TIMEOUT 120

typedef struct nodeset nodeset;

/* One node's answer. */
typedef struct ns_reply {
	char *problem;       /* no usable answer: why (unreachable, no reply); else NULL */
	json_object *values; /* {SETTING: value} as the node read them (never NULL) */
	json_object *errors; /* {SETTING: message} (never NULL) */
} ns_reply;

/* Expand a node list (not "slurm") into names. 0, or -1 with the reason. */
int ns_expand(const char *spec, char ***names, size_t *n, char *why, size_t whylen);

/* Free names made by ns_expand. */
void ns_free_names(char **names, size_t n);

/* Check a reach (syntax only). 0, or -1 with the reason. */
int ns_reach_check(const char *reach, char *why, size_t whylen);

/* The nodes (NULL: this machine only, reached locally), reached as reach
 * says (NULL: srun for "slurm", else ssh), answering with the sriovstat at
 * path tool. 0, or -1 with the reason in why. */
int ns_create(const char *nodes, const char *reach, const char *tool, nodeset **out, char *why,
	      size_t whylen);

/* A nodeset reached as ns is, holding the n nodes names (copied). NULL
 * when out of memory or n is 0. */
nodeset *ns_like(const nodeset *ns, char *const *names, size_t n);

/* Release a nodeset. */
void ns_destroy(nodeset *ns);

/* The number of nodes, and node i's name. */
size_t ns_count(const nodeset *ns);
const char *ns_node(const nodeset *ns, size_t i);

/* How nodes are reached, for messages ("ssh", "srun", "template '...'"). */
const char *ns_reach_name(const nodeset *ns);

/* Run `sriovstat node OP ARGS...` on every node (at once) and fill
 * replies[ns_count(ns)]; args are raw (this encodes them). A node that does
 * not answer within NS_TIMEOUT seconds gets a problem. Returns how many
 * nodes have a problem or an error. Release with ns_replies_clear. */
size_t ns_run(nodeset *ns, const char *op, char *const *args, size_t nargs, ns_reply *replies);

/* Release the contents of n replies. */
void ns_replies_clear(ns_reply *r, size_t n);

/* The command line (shell syntax) that runs `sriovstat node OP ARGS...` on
 * node i, for a person to run by hand; malloc'ed. */
char *ns_command_line(const nodeset *ns, size_t i, const char *op, char *const *args, size_t nargs);

/* %-encode s (malloc'ed), and decode (malloc'ed; NULL on a bad escape). */
char *ns_encode(const char *s);
char *ns_decode(const char *s);

#endif
