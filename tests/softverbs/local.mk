# SPDX-License-Identifier: BSD-3-Clause
# %reldir%/: softverbs, a software stand-in for libibverbs (sv.h), and
# test copies of the verbs benchmarks linked against it instead of -libverbs
# (never installed; the MPI library's own libibverbs never sees the device).
# %reldir%/*.sh run them in every combination the papers used.
if HAVE_VERBS
EXTRA_LIBRARIES = %reldir%/libsoftverbs.a
%canon_reldir%_libsoftverbs_a_SOURCES = %reldir%/sv.h %reldir%/sv_fabric.c \
	%reldir%/sv_verbs.c %reldir%/sv_data.c
%canon_reldir%_libsoftverbs_a_CPPFLAGS = $(TEST_CPPFLAGS) $(IBVERBS_CFLAGS)
SOFTVERBS_LIBS = $(top_builddir)/benchmarks/libbench.a %reldir%/libsoftverbs.a \
	$(SYS_LIBS) -lpthread
EXTRA_PROGRAMS += %reldir%/verbs_lat
%canon_reldir%_verbs_lat_SOURCES = benchmarks/verbs_lat.c benchmarks/verbs_rc.c \
	benchmarks/verbs_rc.h benchmarks/verbs_boot.c benchmarks/verbs_boot.h
%canon_reldir%_verbs_lat_CPPFLAGS = $(BENCH_CPPFLAGS)
%canon_reldir%_verbs_lat_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
%canon_reldir%_verbs_lat_LDADD = $(SOFTVERBS_LIBS)
EXTRA_PROGRAMS += %reldir%/rules
%canon_reldir%_rules_SOURCES = %reldir%/rules.c
%canon_reldir%_rules_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_rules_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
%canon_reldir%_rules_LDADD = %reldir%/libsoftverbs.a -lpthread
SOFTVERBS_TESTS = %reldir%/rules.sh %reldir%/lat_pf.sh %reldir%/lat_vf.sh %reldir%/faults.sh \
	%reldir%/event.sh
TESTS += $(SOFTVERBS_TESTS)
$(SOFTVERBS_TESTS:.sh=.log): %reldir%/verbs_lat$(EXEEXT) %reldir%/rules$(EXEEXT) tests/cluster/trialq$(EXEEXT) $(TEST_TOOLS)
CLEANFILES += %reldir%/libsoftverbs.a %reldir%/verbs_lat$(EXEEXT) \
	%reldir%/rules$(EXEEXT)
# verbs_bw over softverbs (issue 13): %reldir%/bw.sh runs it.
EXTRA_PROGRAMS += %reldir%/verbs_bw
%canon_reldir%_verbs_bw_SOURCES = benchmarks/verbs_bw.c benchmarks/verbs_rc.c \
	benchmarks/verbs_rc.h benchmarks/verbs_boot.c benchmarks/verbs_boot.h
%canon_reldir%_verbs_bw_CPPFLAGS = $(BENCH_CPPFLAGS)
%canon_reldir%_verbs_bw_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
%canon_reldir%_verbs_bw_LDADD = $(SOFTVERBS_LIBS)
%canon_reldir%_verbs_bw_DEPENDENCIES = %reldir%/libsoftverbs.a \
	$(top_builddir)/benchmarks/libbench.a
CLEANFILES += %reldir%/verbs_bw$(EXEEXT)
TESTS += %reldir%/bw.sh
%reldir%/bw.log: %reldir%/verbs_bw$(EXEEXT) tests/cluster/trialq$(EXEEXT) $(TEST_TOOLS)
endif
EXTRA_DIST += %reldir%/README.md %reldir%/rules.sh %reldir%/lib.sh %reldir%/combos.sh \
	%reldir%/lat_pf.sh %reldir%/lat_vf.sh %reldir%/faults.sh \
	%reldir%/event.sh
EXTRA_DIST += %reldir%/bw.sh
