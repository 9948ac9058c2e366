/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_node.c: sriovstat node: read, probe or change this node's settings
 * (sys/sysset.h) and answer with one machine-readable line; what
 * `sriovstat sweep` runs on every node of an experiment (nodeset.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_sweep.h"
#include "nodeset.h"
#include "report.h"
#include "sysset.h"

static const char node_help[] =
	"Usage: sriovstat node [--node NAME] get SETTING...\n"
	"       sriovstat node [--node NAME] probe SETTING...\n"
	"       sriovstat node [--node NAME] set SETTING=VALUE...\n"
	"Read (get), check that they could be changed without changing them (probe),\n"
	"or change and read back (set) settings of the node this runs on, and print one\n"
	"line: '" NS_REPLY_TAG " {JSON}' with the node, its values and its errors.\n"
	"`sriovstat sweep` runs it on every node an experiment names.\n"
	"\n"
	"Settings: coalesce:INTERFACE:FIELD (rx-frames, rx-usecs, adaptive-rx,\n"
	"tx-frames, tx-usecs, adaptive-tx) and sysctl:NAME (e.g. sysctl:net.core.busy_poll).\n"
	"Arguments may be %%-encoded (%%20 for a blank).\n"
	"\n"
	"Options:\n"
	"      --node NAME   the node's name in the reply (default: $SLURMD_NODENAME, or\n"
	"                    the host name up to its first dot)\n"
	"  -h, --help        show this help and exit\n"
	"\n"
	"Exit status: 0 every setting was read (and written and read back as asked),\n"
	"1 a setting could not, 2 usage error.\n";

/* This node's name: --node, $SLURMD_NODENAME or the short host name. */
static void node_name(const char *opt, char *buf, size_t len)
{
	const char *s = opt ? opt : getenv("SLURMD_NODENAME");
	if (s && *s) {
		snprintf(buf, len, "%s", s);
		return;
	}
	if (gethostname(buf, len - 1) < 0)
		snprintf(buf, len, "?");
	buf[len - 1] = '\0';
	buf[strcspn(buf, ".")] = '\0';
}

/* One argument: get and probe take SETTING, set takes SETTING=VALUE. */
static int one(const char *op, const char *arg, json_object *values, json_object *errors)
{
	char *a = ns_decode(arg);
	char v[SSET_VALUE_MAX], canon[SSET_VALUE_MAX];
	st_err err;
	int rc = -1;
	if (!a)
		return -1;
	char *eq = strchr(a, '=');
	const char *key = a;
	if (strcmp(op, "set") == 0) {
		if (!eq) {
			json_object_object_add(errors, a,
					       json_object_new_string("expected SETTING=VALUE"));
			free(a);
			return -1;
		}
		*eq = '\0';
		if (sset_canon(key, eq + 1, canon, sizeof canon, &err) == 0 &&
		    sset_set(key, canon, &err) == 0 && sset_get(key, v, sizeof v, &err) == 0) {
			json_object_object_add(values, key, json_object_new_string(v));
			if (strcmp(v, canon) == 0)
				rc = 0;
			else
				st_seterr(
					&err, ST_EIO,
					"%s: set to %s, but reads %s: the change did not take effect",
					key, canon, v);
		}
	} else if (eq) {
		st_seterr(&err, ST_EUSAGE, "%s takes setting names, not SETTING=VALUE", op);
	} else if (sset_get(key, v, sizeof v, &err) == 0) {
		json_object_object_add(values, key, json_object_new_string(v));
		if (strcmp(op, "probe") != 0 || sset_probe(key, &err) == 0)
			rc = 0;
	}
	if (rc < 0)
		json_object_object_add(errors, key, json_object_new_string(err.msg));
	free(a);
	return rc;
}

/* sriovstat node. */
int cmd_node(int argc, char **argv)
{
	enum { OPT_NODE = REPORT_OPT_FIRST_FREE };
	static const struct option longopts[] = {
		{"node", required_argument, NULL, OPT_NODE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	report_getopt g = {
		.cmd = "node", .help = node_help, .shortopts = "+", .longopts = longopts};
	const char *name_opt = NULL;
	int c;
	while ((c = report_getopt_next(&g, argc, argv)) != REPORT_GETOPT_END) {
		if (c == REPORT_GETOPT_EXIT)
			return g.status;
		if (c == OPT_NODE)
			name_opt = optarg;
	}
	if (optind >= argc)
		return report_usage("node", "expected get, probe or set");
	const char *op = argv[optind++];
	if (strcmp(op, "get") != 0 && strcmp(op, "probe") != 0 && strcmp(op, "set") != 0)
		return report_usage("node", "unknown operation '%s' (get, probe or set)", op);
	if (optind >= argc)
		return report_usage("node", "%s: no settings named", op);
	char name[256];
	node_name(name_opt, name, sizeof name);
	json_object *reply = json_object_new_object(), *values = json_object_new_object(),
		    *errors = json_object_new_object();
	int bad = 0;
	for (int i = optind; i < argc; i++)
		if (one(op, argv[i], values, errors) < 0)
			bad = 1;
	json_object_object_add(reply, "node", json_object_new_string(name));
	json_object_object_add(reply, "op", json_object_new_string(op));
	json_object_object_add(reply, "values", values);
	json_object_object_add(reply, "errors", errors);
	printf("%s %s\n", NS_REPLY_TAG,
	       json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN |
							     JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(reply);
	if (fflush(stdout) != 0)
		return REPORT_EXIT_DATA;
	return bad ? REPORT_EXIT_DATA : REPORT_EXIT_OK;
}
