# SPDX-License-Identifier: BSD-3-Clause
# benchmarks/: the MPI harness and the latency kernels.

noinst_LIBRARIES += %reldir%/libbench.a
# benchmarks/ may include stats/ and sys/.
BENCH_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir% -I$(top_srcdir)/sys -I$(top_srcdir)/stats
%canon_reldir%_libbench_a_SOURCES = \
	%reldir%/bench_opts.c %reldir%/bench_opts.h \
	%reldir%/bench_stats.c %reldir%/bench_stats.h \
	%reldir%/bench_timer.c %reldir%/bench_timer.h \
	%reldir%/bench_mem.c %reldir%/bench_mem.h \
	%reldir%/fingerprint.c %reldir%/fingerprint.h \
	%reldir%/bjson.c %reldir%/bjson.h \
	%reldir%/harness.c %reldir%/harness.h
# The harness's other files share harness_int.h (not for the programs).
%canon_reldir%_libbench_a_SOURCES += %reldir%/harness_int.h %reldir%/harness_meta.c \
	%reldir%/harness_rows.c %reldir%/harness_sig.c

BENCH_LIBS = $(top_builddir)/benchmarks/libbench.a $(SYS_LIBS)

bin_PROGRAMS += p2p_lat coll_lat p2p_bw
p2p_lat_SOURCES = %reldir%/p2p_lat.c
p2p_lat_CPPFLAGS = $(BENCH_CPPFLAGS)
p2p_lat_LDADD = $(BENCH_LIBS)
coll_lat_SOURCES = %reldir%/coll_lat.c
coll_lat_CPPFLAGS = $(BENCH_CPPFLAGS)
coll_lat_LDADD = $(BENCH_LIBS)
p2p_bw_SOURCES = %reldir%/p2p_bw.c
p2p_bw_CPPFLAGS = $(BENCH_CPPFLAGS)
p2p_bw_LDADD = $(BENCH_LIBS)

# verbs_lat and the adapter fingerprint (rdma_fp: every program's trial).
# The device-free parts (options, exchange record, measurement bookkeeping,
# sysfs fingerprint) are always built and unit-tested; the libibverbs parts
# (device probe, the RC queue pair, verbs_lat) only with HAVE_VERBS.
%canon_reldir%_libbench_a_SOURCES += \
	%reldir%/rdma_fp.c %reldir%/rdma_fp.h \
	%reldir%/verbs_opts.c %reldir%/verbs_opts.h \
	%reldir%/verbs_xchg.c %reldir%/verbs_xchg.h \
	%reldir%/verbs_meas.c %reldir%/verbs_meas.h
%canon_reldir%_libbench_a_CPPFLAGS = $(BENCH_CPPFLAGS) $(IBVERBS_CFLAGS)
if HAVE_VERBS
%canon_reldir%_libbench_a_SOURCES += %reldir%/verbs_probe.c %reldir%/verbs_probe.h
BENCH_LIBS += $(IBVERBS_LIBS)
bin_PROGRAMS += verbs_lat
verbs_lat_SOURCES = %reldir%/verbs_lat.c %reldir%/verbs_rc.c %reldir%/verbs_rc.h \
	%reldir%/verbs_boot.c %reldir%/verbs_boot.h
verbs_lat_CPPFLAGS = $(BENCH_CPPFLAGS)
verbs_lat_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
verbs_lat_LDADD = $(BENCH_LIBS) -lpthread
# verbs_bw: perftest's ib_*_bw method over the same queue pair code.
bin_PROGRAMS += verbs_bw
verbs_bw_SOURCES = %reldir%/verbs_bw.c %reldir%/verbs_rc.c %reldir%/verbs_rc.h \
	%reldir%/verbs_boot.c %reldir%/verbs_boot.h
verbs_bw_CPPFLAGS = $(BENCH_CPPFLAGS)
verbs_bw_CFLAGS = $(AM_CFLAGS) $(IBVERBS_CFLAGS)
verbs_bw_LDADD = $(BENCH_LIBS) -lpthread
endif
