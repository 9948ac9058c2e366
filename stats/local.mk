# SPDX-License-Identifier: BSD-3-Clause
# stats/: the analysis library (trial data model, file I/O, statistics).
# No printing, no exit(): every function returns 0 or a negative code and
# fills an st_err with a message the caller prints.

noinst_LIBRARIES += %reldir%/libsriovstat.a
# stats/ includes nothing of ours.
STATS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir%
%canon_reldir%_libsriovstat_a_SOURCES = \
	%reldir%/sterr.c %reldir%/sterr.h \
	%reldir%/b64.c %reldir%/b64.h \
	%reldir%/trial.c %reldir%/trial.h \
	%reldir%/trialio.c %reldir%/trialio_int.h \
	%reldir%/trialread.c %reldir%/trialwrite.c %reldir%/triallift.c \
	%reldir%/trialappend.c %reldir%/trialckpt.c %reldir%/trialv2.c \
	%reldir%/par.c %reldir%/par.h \
	%reldir%/safeio.c %reldir%/safeio.h \
	%reldir%/desc.c %reldir%/desc.h
# Trials described together: each one's quantiles and the pooled description.
%canon_reldir%_libsriovstat_a_SOURCES += %reldir%/desctrials.c %reldir%/desc_int.h
%canon_reldir%_libsriovstat_a_CPPFLAGS = $(STATS_CPPFLAGS)
# One parser of unsigned integers (options, environment, files).
%canon_reldir%_libsriovstat_a_SOURCES += %reldir%/strparse.c %reldir%/strparse.h

# Everything that links the library also needs these.
STATS_LIBS = $(top_builddir)/stats/libsriovstat.a $(GSL_LIBS) $(JSONC_LIBS) -lm -lpthread

# Statistics engine: hypothesis tests and the summary/compare layer.
%canon_reldir%_libsriovstat_a_SOURCES += \
	%reldir%/htest.c %reldir%/htest.h \
	%reldir%/effect.c %reldir%/effect.h \
	%reldir%/verdict.c %reldir%/diag.c %reldir%/diag.h \
	%reldir%/analysis.c %reldir%/analysis.h %reldir%/analysis_int.h \
	%reldir%/summarize.c %reldir%/compare.c \
	%reldir%/setup.c %reldir%/setup.h \
	%reldir%/power.c %reldir%/power.h \
	%reldir%/pctci.c %reldir%/pctci.h
