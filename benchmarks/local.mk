# benchmarks/: the MPI harness and the latency kernels.

noinst_LIBRARIES += %reldir%/libbench.a
%canon_reldir%_libbench_a_SOURCES = \
	%reldir%/bench_opts.c %reldir%/bench_opts.h \
	%reldir%/bench_stats.c %reldir%/bench_stats.h \
	%reldir%/bench_timer.c %reldir%/bench_timer.h \
	%reldir%/fingerprint.c %reldir%/fingerprint.h \
	%reldir%/harness.c %reldir%/harness.h

BENCH_LIBS = $(top_builddir)/benchmarks/libbench.a $(STATS_LIBS)

bin_PROGRAMS += p2p_lat coll_lat
p2p_lat_SOURCES = %reldir%/p2p_lat.c
p2p_lat_LDADD = $(BENCH_LIBS)
coll_lat_SOURCES = %reldir%/coll_lat.c
coll_lat_LDADD = $(BENCH_LIBS)

# Interrupt coalescing through the ethtool ioctl (fingerprint, sriovstat sweep).
%canon_reldir%_libbench_a_SOURCES += %reldir%/coalesce.c %reldir%/coalesce.h
