/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd_upgrade.c: sriovstat upgrade, trial files converted to the current
 * format version in place (doc/format.md). */
#include <getopt.h>
#include <stdio.h>

#include "report.h"
#include "trial.h"

static const char upgrade_help[] =
	"Usage: sriovstat upgrade FILE...\n"
	"Convert trial files to the current format (version 2: each distinct node\n"
	"description stored once per trial, appends in place) where they are:\n"
	"atomically (a crash leaves the old file), under the lock benchmarks take\n"
	"to append, through symlinks, keeping the mode. Every trial reads back\n"
	"exactly as before. Files already current are left untouched.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help and exit\n"
	"\n"
	"Exit status: 0 success, 1 a file could not be read or written, 2 usage error.\n";

int cmd_upgrade(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	report_getopt g = {.cmd = "upgrade", .help = upgrade_help, .longopts = longopts};
	if (report_getopt_next(&g, argc, argv) != REPORT_GETOPT_END)
		return g.status; /* upgrade has no option but --help */
	if (optind >= argc)
		return report_usage("upgrade", "expected one or more trial files");
	int rc = REPORT_EXIT_OK;
	for (int i = optind; i < argc; i++) {
		st_err err;
		int from = 0;
		if (trial_file_upgrade(argv[i], &from, &err) < 0) {
			report_error("%s", err.msg);
			rc = REPORT_EXIT_DATA;
		} else if (from == TRIAL_FORMAT_VERSION) {
			printf("%s: already version %d\n", argv[i], from);
		} else {
			printf("%s: upgraded from version %d to %d\n", argv[i], from,
			       TRIAL_FORMAT_VERSION);
		}
	}
	return rc;
}
