/* cmd_summary.c: sriovstat summary (waiting for the statistics engine). */
#include "report.h"

/* sriovstat summary: not available yet. */
int cmd_summary(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("summary: not implemented yet");
	return REPORT_EXIT_DATA;
}
