/* cmd_compare.c: sriovstat compare (waiting for the statistics engine). */
#include "report.h"

/* sriovstat compare: not available yet. */
int cmd_compare(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("compare: not implemented yet");
	return REPORT_EXIT_DATA;
}
