# SPDX-License-Identifier: BSD-3-Clause
# sweep/: the library behind `sriovstat sweep` and `sriovstat node`:
# experiment files, the plan, node lists and reaching nodes, node settings
# applied and restored. Errors come back as ST_E* codes in an st_err
# (stats/sterr.h); what happens during a sweep is reported through swmsg.h.

noinst_LIBRARIES += %reldir%/libsweep.a
# sweep/ may include stats/ and sys/.
SWEEP_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir% -I$(top_srcdir)/sys -I$(top_srcdir)/stats
%canon_reldir%_libsweep_a_SOURCES = \
	%reldir%/experiment.c %reldir%/experiment.h \
	%reldir%/command.c %reldir%/expset.c %reldir%/plan.c \
	%reldir%/grid.c %reldir%/exp_raw.h \
	%reldir%/nodeset.c %reldir%/nodeset.h \
	%reldir%/subproc.c %reldir%/subproc.h \
	%reldir%/sweepnodes.c %reldir%/sweepnodes.h \
	%reldir%/swmsg.c %reldir%/swmsg.h
%canon_reldir%_libsweep_a_CPPFLAGS = $(SWEEP_CPPFLAGS)

# The sweep runner (sweep.h; sw_int.h says which file does what).
%canon_reldir%_libsweep_a_SOURCES += \
	%reldir%/sweep.c %reldir%/sweep.h %reldir%/sw_int.h \
	%reldir%/files.c %reldir%/state.c %reldir%/settings.c \
	%reldir%/trial.c %reldir%/apptrial.c %reldir%/supervise.c %reldir%/sigstate.c \
	%reldir%/progress.c %reldir%/dryrun.c

# Everything that links the sweep library (it uses the system library sys/
# for node settings and interrupt coalescing).
SWEEP_LIBS = $(top_builddir)/sweep/libsweep.a $(SYS_LIBS)
