# SPDX-License-Identifier: BSD-3-Clause
# sys/: the system library (no MPI): interrupt coalescing through the ethtool
# ioctl, named node settings (coalescing, sysctl), sysfs and /proc readers,
# signal names and progress-line clearing. Used by the benchmarks (their
# fingerprint) and by the sweep. Errors as in stats/: st_err (stats/sterr.h).

noinst_LIBRARIES += %reldir%/libsys.a
# sys/ may include stats/.
SYS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%reldir% -I$(top_srcdir)/stats
%canon_reldir%_libsys_a_SOURCES = \
	%reldir%/coalesce.c %reldir%/coalesce.h \
	%reldir%/sysset.c %reldir%/sysset.h \
	%reldir%/sysfs.c %reldir%/sysfs.h \
	%reldir%/sysmsg.c %reldir%/sysmsg.h
%canon_reldir%_libsys_a_CPPFLAGS = $(SYS_CPPFLAGS)

# Everything that links the system library (it needs stats' st_err and json-c).
SYS_LIBS = $(top_builddir)/sys/libsys.a $(STATS_LIBS)
