/* cmd_table.c: sriovstat table (waiting for the statistics engine). */
#include "report.h"

/* sriovstat table: not available yet. */
int cmd_table(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("table: not implemented yet");
	return REPORT_EXIT_DATA;
}
