# report/: the sriovstat command-line program and its renderers.

bin_PROGRAMS += sriovstat
sriovstat_SOURCES = \
	%reldir%/main.c \
	%reldir%/report.h %reldir%/cli.c \
	%reldir%/render.h %reldir%/render.c \
	%reldir%/cmd_summary.c \
	%reldir%/cmd_compare.c \
	%reldir%/cmd_table.c \
	%reldir%/cmd_import.c
sriovstat_LDADD = $(STATS_LIBS)
