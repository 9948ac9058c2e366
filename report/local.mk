# SPDX-License-Identifier: BSD-3-Clause
# report/: the sriovstat command-line program and its renderers. Everything
# but main() is the library libcli.a, which the program and the fuzz targets
# (tests/fuzz) link.

# report/ (the program) may include stats/, sys/ and sweep/; nothing includes report/.
REPORT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir% -I$(top_srcdir)/sweep \
	-I$(top_srcdir)/sys -I$(top_srcdir)/stats
noinst_LIBRARIES += %reldir%/libcli.a
%canon_reldir%_libcli_a_CPPFLAGS = $(REPORT_CPPFLAGS)
%canon_reldir%_libcli_a_SOURCES = \
	%reldir%/report.h %reldir%/cli.c \
	%reldir%/render.h %reldir%/render.c %reldir%/render_int.h %reldir%/render_cols.c \
	%reldir%/cmd_summary.c \
	%reldir%/cmd_compare.c %reldir%/compare_verdict.c %reldir%/cmd_plan.c \
	%reldir%/cmd_table.c %reldir%/table_matrix.c \
	%reldir%/cmd_import.c %reldir%/cmd_export.c \
	%reldir%/import.h %reldir%/import_text.c %reldir%/import_osu.c \
	%reldir%/import_imb.c %reldir%/import_perftest.c
REPORT_LIBS = $(top_builddir)/%reldir%/libcli.a $(SWEEP_LIBS)

# sweep: the sweep runner over the sweep library (sweep/); cmd_node:
# `sriovstat node`, what a sweep runs on each node.
%canon_reldir%_libcli_a_SOURCES += %reldir%/cmd_sweep.c %reldir%/cmd_sweep.h %reldir%/cmd_node.c

# plot: figures drawn by gnuplot (found at run time; configure records its path).
%canon_reldir%_libcli_a_SOURCES += %reldir%/cmd_plot.c %reldir%/plot.h %reldir%/plot_script.c

# upgrade: trial files converted to the current format in place.
%canon_reldir%_libcli_a_SOURCES += %reldir%/cmd_upgrade.c

bin_PROGRAMS += sriovstat
sriovstat_SOURCES = %reldir%/main.c
sriovstat_CPPFLAGS = $(REPORT_CPPFLAGS)
sriovstat_LDADD = $(REPORT_LIBS)
