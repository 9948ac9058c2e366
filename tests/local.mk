# tests/: Criterion unit tests (TAP through automake's tap-driver), MPI
# integration tests (shell scripts, exit 77 = skip), fixtures.

TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh

AM_TESTS_ENVIRONMENT = \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	MPIEXEC='$(MPIEXEC)'; export MPIEXEC; \
	MPIEXEC_FLAGS='$(MPIEXEC_FLAGS)'; export MPIEXEC_FLAGS; \
	CRITERION_OUTPUTS='tap:-'; export CRITERION_OUTPUTS;

# Unit tests: each tests/unit/test_NAME.c is one Criterion program.
UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
UNIT_LIBS = $(STATS_LIBS) $(CRITERION_LIBS)

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_trial
tests_unit_test_trial_SOURCES = tests/unit/test_trial.c
tests_unit_test_trial_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_trial_LDADD = $(UNIT_LIBS)
endif

TESTS += $(check_PROGRAMS)

EXTRA_DIST += tests/data
