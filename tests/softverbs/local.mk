# SPDX-License-Identifier: BSD-3-Clause
# tests/softverbs/: softverbs, a software stand-in for libibverbs (sv.h), and
# test copies of the verbs benchmarks linked against it instead of -libverbs
# (never installed; the MPI library's own libibverbs never sees the device).
# tests/softverbs/*.sh run them in every combination the papers used.
if HAVE_VERBS
EXTRA_LIBRARIES = tests/softverbs/libsoftverbs.a
tests_softverbs_libsoftverbs_a_SOURCES = tests/softverbs/sv.h tests/softverbs/sv_fabric.c \
	tests/softverbs/sv_verbs.c tests/softverbs/sv_data.c
tests_softverbs_libsoftverbs_a_CPPFLAGS = $(TEST_CPPFLAGS) $(IBVERBS_CFLAGS)
SOFTVERBS_LIBS = $(top_builddir)/benchmarks/libbench.a tests/softverbs/libsoftverbs.a \
	$(SYS_LIBS) -lpthread
EXTRA_PROGRAMS += tests/softverbs/verbs_lat
tests_softverbs_verbs_lat_SOURCES = benchmarks/verbs_lat.c benchmarks/verbs_rc.c \
	benchmarks/verbs_rc.h benchmarks/verbs_boot.c benchmarks/verbs_boot.h
tests_softverbs_verbs_lat_CPPFLAGS = $(BENCH_CPPFLAGS)
tests_softverbs_verbs_lat_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
tests_softverbs_verbs_lat_LDADD = $(SOFTVERBS_LIBS)
EXTRA_PROGRAMS += tests/softverbs/rules
tests_softverbs_rules_SOURCES = tests/softverbs/rules.c
tests_softverbs_rules_CPPFLAGS = $(TEST_CPPFLAGS)
tests_softverbs_rules_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
tests_softverbs_rules_LDADD = tests/softverbs/libsoftverbs.a -lpthread
SOFTVERBS_TESTS = tests/softverbs/rules.sh tests/softverbs/lat_pf.sh tests/softverbs/lat_vf.sh tests/softverbs/faults.sh \
	tests/softverbs/event.sh
TESTS += $(SOFTVERBS_TESTS)
$(SOFTVERBS_TESTS:.sh=.log): tests/softverbs/verbs_lat$(EXEEXT) tests/softverbs/rules$(EXEEXT) tests/cluster/trialq$(EXEEXT) $(TEST_TOOLS)
CLEANFILES += tests/softverbs/libsoftverbs.a tests/softverbs/verbs_lat$(EXEEXT) \
	tests/softverbs/rules$(EXEEXT)
# verbs_bw over softverbs (issue 13): tests/softverbs/bw.sh runs it.
EXTRA_PROGRAMS += tests/softverbs/verbs_bw
tests_softverbs_verbs_bw_SOURCES = benchmarks/verbs_bw.c benchmarks/verbs_rc.c \
	benchmarks/verbs_rc.h benchmarks/verbs_boot.c benchmarks/verbs_boot.h
tests_softverbs_verbs_bw_CPPFLAGS = $(BENCH_CPPFLAGS)
tests_softverbs_verbs_bw_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
tests_softverbs_verbs_bw_LDADD = $(SOFTVERBS_LIBS)
tests_softverbs_verbs_bw_DEPENDENCIES = tests/softverbs/libsoftverbs.a \
	$(top_builddir)/benchmarks/libbench.a
CLEANFILES += tests/softverbs/verbs_bw$(EXEEXT)
TESTS += tests/softverbs/bw.sh
tests/softverbs/bw.log: tests/softverbs/verbs_bw$(EXEEXT) tests/cluster/trialq$(EXEEXT) $(TEST_TOOLS)
endif
EXTRA_DIST += tests/softverbs/README.md tests/softverbs/rules.sh tests/softverbs/lib.sh tests/softverbs/combos.sh \
	tests/softverbs/lat_pf.sh tests/softverbs/lat_vf.sh tests/softverbs/faults.sh \
	tests/softverbs/event.sh
EXTRA_DIST += tests/softverbs/bw.sh
