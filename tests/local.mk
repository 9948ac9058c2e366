# SPDX-License-Identifier: BSD-3-Clause
# tests/: Criterion unit tests (TAP through automake's tap-driver), MPI
# integration tests (shell scripts, exit 77 = skip), fixtures.

TEST_EXTENSIONS = .sh
# Every shell test is bounded (15 minutes, then KILL to its process group):
# MPICH 4.0.2 over UCX's TCP can hang in MPI_Finalize, and a hung test must
# fail, not stall make check. Override: make check SH_TEST_TIMEOUT=0 (none).
SH_TEST_TIMEOUT = 900
SH_LOG_COMPILER = timeout -k 30 $(SH_TEST_TIMEOUT)
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh

AM_TESTS_ENVIRONMENT = \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	MPIEXEC='$(MPIEXEC)'; export MPIEXEC; \
	MPIEXEC_FLAGS='$(MPIEXEC_FLAGS)'; export MPIEXEC_FLAGS; \
	CRITERION_OUTPUTS='tap:-'; export CRITERION_OUTPUTS;

# Tests, test tools and bench/ may include every layer; every program they
# build names TEST_CPPFLAGS (a benchmark's test copy names BENCH_CPPFLAGS).
TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/stats -I$(top_srcdir)/sys \
	-I$(top_srcdir)/benchmarks -I$(top_srcdir)/sweep -I$(top_srcdir)/report

# Unit tests: each tests/unit/test_NAME.c is one Criterion program.
UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
UNIT_LIBS = $(STATS_LIBS) $(CRITERION_LIBS)
SYS_UNIT_LIBS = $(top_builddir)/sys/libsys.a $(UNIT_LIBS)
BENCH_UNIT_LIBS = $(top_builddir)/benchmarks/libbench.a $(SYS_UNIT_LIBS)

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_trial
tests_unit_test_trial_SOURCES = tests/unit/test_trial.c
tests_unit_test_trial_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_trial_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_trial_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_bench_opts tests/unit/test_bench_stats \
	tests/unit/test_fingerprint
tests_unit_test_bench_opts_SOURCES = tests/unit/test_bench_opts.c
tests_unit_test_bench_opts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_bench_opts_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bench_opts_LDADD = $(BENCH_UNIT_LIBS)
tests_unit_test_bench_stats_SOURCES = tests/unit/test_bench_stats.c
tests_unit_test_bench_stats_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_bench_stats_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bench_stats_LDADD = $(BENCH_UNIT_LIBS)
tests_unit_test_fingerprint_SOURCES = tests/unit/test_fingerprint.c
tests_unit_test_fingerprint_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_fingerprint_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fingerprint_LDADD = $(BENCH_UNIT_LIBS)
endif

# The unsigned-integer parser (stats/strparse.c).
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_strparse
tests_unit_test_strparse_SOURCES = tests/unit/test_strparse.c
tests_unit_test_strparse_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_strparse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_strparse_LDADD = $(UNIT_LIBS)
endif

# check_PROGRAMS holds only Criterion programs: each is a test.
TESTS += $(check_PROGRAMS)

# Tools the shell tests use (built before those tests run, not tests themselves).
EXTRA_PROGRAMS += tests/tools/trialdump
CLEANFILES += $(EXTRA_PROGRAMS)
tests_tools_trialdump_SOURCES = tests/tools/trialdump.c
tests_tools_trialdump_CPPFLAGS = $(TEST_CPPFLAGS)
tests_tools_trialdump_LDADD = $(STATS_LIBS)
TEST_TOOLS = tests/tools/trialdump$(EXEEXT)
EXTRA_PROGRAMS += tests/tools/append_trial
tests_tools_append_trial_SOURCES = tests/tools/append_trial.c
tests_tools_append_trial_CPPFLAGS = $(TEST_CPPFLAGS)
tests_tools_append_trial_LDADD = $(STATS_LIBS)

# MPI integration tests (plain driver: exit 77 = skip).
MPI_TESTS = tests/mpi/p2p_lat.sh tests/mpi/coll_lat.sh
TESTS += $(MPI_TESTS)
EXTRA_DIST += $(MPI_TESTS) tests/mpi/common.sh
$(MPI_TESTS:.sh=.log): $(TEST_TOOLS) p2p_lat$(EXEEXT) coll_lat$(EXEEXT)
# p2p_bw (bandwidth, several pairs)
MPI_TESTS += tests/mpi/p2p_bw.sh
$(MPI_TESTS:.sh=.log): p2p_bw$(EXEEXT) sriovstat$(EXEEXT)

EXTRA_DIST += tests/data

# Statistics engine (stats/desc, htest, analysis); references in tests/data/ref.
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_desc tests/unit/test_htest tests/unit/test_analysis
tests_unit_test_desc_SOURCES = tests/unit/test_desc.c tests/unit/refdata.c tests/unit/refdata.h
tests_unit_test_desc_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_desc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_desc_LDADD = $(UNIT_LIBS)
tests_unit_test_htest_SOURCES = tests/unit/test_htest.c tests/unit/refdata.c tests/unit/refdata.h
tests_unit_test_htest_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_htest_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_htest_LDADD = $(UNIT_LIBS)
tests_unit_test_analysis_SOURCES = tests/unit/test_analysis.c
tests_unit_test_analysis_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_analysis_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_analysis_LDADD = $(UNIT_LIBS)
check_PROGRAMS += tests/unit/test_effect tests/unit/test_verdict
tests_unit_test_verdict_SOURCES = tests/unit/test_verdict.c
tests_unit_test_verdict_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_verdict_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_verdict_LDADD = $(UNIT_LIBS)
tests_unit_test_effect_SOURCES = tests/unit/test_effect.c tests/unit/refdata.c tests/unit/refdata.h
tests_unit_test_effect_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_effect_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_effect_LDADD = $(UNIT_LIBS)
check_PROGRAMS += tests/unit/test_setup
tests_unit_test_setup_SOURCES = tests/unit/test_setup.c
tests_unit_test_setup_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_setup_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_setup_LDADD = $(UNIT_LIBS)
endif

# Interrupt coalescing (sys/coalesce.c); replies in tests/data/coalesce.
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_coalesce
tests_unit_test_coalesce_SOURCES = tests/unit/test_coalesce.c
tests_unit_test_coalesce_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_coalesce_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_coalesce_LDADD = $(SYS_UNIT_LIBS)
endif

# sriovstat CLI tests (plain driver): expected outputs in tests/cli/expected,
# fixtures in tests/data/cli (shipped with tests/data above).
CLI_TESTS = tests/cli/usage.sh tests/cli/outputs.sh tests/cli/reference.sh \
	tests/cli/bad_input.sh tests/cli/import_export.sh tests/cli/verdicts.sh tests/cli/import_tools.sh \
	tests/cli/hostile.sh tests/cli/recipes.sh tests/cli/matrix.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh tests/cli/expected tests/checks.sh
$(CLI_TESTS:.sh=.log): sriovstat$(EXEEXT)
# import_tools.sh reads its results with trialdump: build it first (-j2 ran
# the test before any other test had built it).
$(CLI_TESTS:.sh=.log): $(TEST_TOOLS)

# sriovstat sweep: the experiment parser, plan and resume logic (Criterion,
# linking sweep/libsweep.a), and sweeps run for real (plain driver, exit
# 77 = skip; coalesce.sh needs root and ip netns).
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_experiment
tests_unit_test_experiment_SOURCES = tests/unit/test_experiment.c
tests_unit_test_experiment_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_experiment_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_experiment_LDADD = $(top_builddir)/sweep/libsweep.a $(SYS_UNIT_LIBS)
endif
SWEEP_TESTS = tests/sweep/p2p.sh tests/sweep/app.sh tests/sweep/bad.sh \
	tests/sweep/fail.sh tests/sweep/signal.sh tests/sweep/coalesce.sh \
	tests/sweep/examples.sh
SWEEP_TESTS += tests/sweep/grid.sh
# A sweep owns what it runs; a lost or damaged record is an error (issue 18).
SWEEP_TESTS += tests/sweep/recover.sh
TESTS += $(SWEEP_TESTS)
EXTRA_DIST += $(SWEEP_TESTS) tests/sweep/lib.sh
$(SWEEP_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) $(TEST_TOOLS)

# verbs_lat and the adapter fingerprint: device-free unit tests (always),
# sysfs trees in tests/data/sysfs-{pf,vf}, and the MPI test (skips without
# an RDMA device; also checks the fingerprint of a p2p_lat trial).
BENCH_UNIT_LIBS += $(IBVERBS_LIBS)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_verbs_opts tests/unit/test_verbs_xchg \
	tests/unit/test_verbs_meas tests/unit/test_rdma_fp
tests_unit_test_verbs_opts_SOURCES = tests/unit/test_verbs_opts.c
tests_unit_test_verbs_opts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_verbs_opts_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_verbs_opts_LDADD = $(BENCH_UNIT_LIBS)
tests_unit_test_verbs_xchg_SOURCES = tests/unit/test_verbs_xchg.c
tests_unit_test_verbs_xchg_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_verbs_xchg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_verbs_xchg_LDADD = $(BENCH_UNIT_LIBS)
tests_unit_test_verbs_meas_SOURCES = tests/unit/test_verbs_meas.c
tests_unit_test_verbs_meas_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_verbs_meas_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_verbs_meas_LDADD = $(BENCH_UNIT_LIBS)
tests_unit_test_rdma_fp_SOURCES = tests/unit/test_rdma_fp.c
tests_unit_test_rdma_fp_CPPFLAGS = $(TEST_CPPFLAGS)
tests_unit_test_rdma_fp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rdma_fp_LDADD = $(BENCH_UNIT_LIBS)
endif
MPI_TESTS += tests/mpi/verbs_lat.sh
# verbs_bw: misuse and the no-device path anywhere; runs with a device.
MPI_TESTS += tests/mpi/verbs_bw.sh

# Simulated cluster (tests/cluster): network namespaces on a bridge as hosts,
# hydra launching ranks into them. Root and MPICH only; the tests skip (77)
# and say why otherwise. trialq prints trial fields for them.
EXTRA_PROGRAMS += tests/cluster/trialq
tests_cluster_trialq_SOURCES = tests/cluster/trialq.c
tests_cluster_trialq_CPPFLAGS = $(TEST_CPPFLAGS)
tests_cluster_trialq_LDADD = $(STATS_LIBS)
CLUSTER_TESTS = tests/cluster/hosts.sh tests/cluster/p2p_nodes.sh \
	tests/cluster/coll_nodes.sh tests/cluster/compare_tcp.sh
# sweep with node settings on two hosts (tap coalescing, per-namespace sysctl)
CLUSTER_TESTS += tests/cluster/sweep_nodes.sh
# a real Slurm (slurm-wlm, munge) on the hosts: doc/multinode.md's commands
CLUSTER_TESTS += tests/cluster/slurm_runs.sh
# doc/multinode.md's hydra section (-hosts, -f hostfile, -genv) on four hosts
CLUSTER_TESTS += tests/cluster/hydra_runs.sh
# doc/multinode.md's "Trying it on one machine" (cluster.sh run directly)
CLUSTER_TESTS += tests/cluster/doc_try.sh
# a sweep reaching hosts over real ssh (an sshd per host) and pdsh
CLUSTER_TESTS += tests/cluster/reach_ssh.sh
EXTRA_DIST += tests/cluster/slurm.sh
TESTS += $(CLUSTER_TESTS)
EXTRA_DIST += $(CLUSTER_TESTS) tests/cluster/cluster.sh tests/cluster/launch.sh \
	tests/cluster/common.sh
$(CLUSTER_TESTS:.sh=.log): tests/cluster/trialq$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) \
	sriovstat$(EXEEXT)

# Hardening (tests/hardening): the bad-file catalogue (tests/data/bad), the
# fuzz targets' entry points replayed without libFuzzer on every crash they
# found (tests/fuzz/regressions) and their seeds, and runs that are killed,
# run concurrently or meet a full or read-only disk. `make fuzz` builds the
# libFuzzer targets with clang (tests/fuzz/build.sh; run them with run.sh).
EXTRA_PROGRAMS += tests/fuzz/replay_trial_reader tests/fuzz/replay_csv_import
tests_fuzz_replay_trial_reader_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_trial_reader.c
tests_fuzz_replay_trial_reader_CPPFLAGS = $(TEST_CPPFLAGS)
tests_fuzz_replay_trial_reader_LDADD = $(STATS_LIBS)
tests_fuzz_replay_csv_import_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_csv_import.c \
	report/cmd_import.c report/cli.c report/render.c report/import_text.c \
	report/import_osu.c report/import_imb.c report/import_perftest.c
tests_fuzz_replay_csv_import_CPPFLAGS = $(TEST_CPPFLAGS)
tests_fuzz_replay_csv_import_LDADD = $(STATS_LIBS)
# The experiment-file parser and the option parsers (issue 18).
EXTRA_PROGRAMS += tests/fuzz/replay_experiment tests/fuzz/replay_cli_options
tests_fuzz_replay_experiment_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_experiment.c
tests_fuzz_replay_experiment_CPPFLAGS = $(TEST_CPPFLAGS)
tests_fuzz_replay_experiment_LDADD = $(SWEEP_LIBS)
tests_fuzz_replay_cli_options_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_cli_options.c \
	report/cli.c report/render.c
tests_fuzz_replay_cli_options_CPPFLAGS = $(TEST_CPPFLAGS)
tests_fuzz_replay_cli_options_LDADD = $(BENCH_LIBS)
HARDENING_TESTS = tests/hardening/bad_files.sh tests/hardening/fuzz_regressions.sh \
	tests/hardening/signals.sh tests/hardening/concurrent.sh tests/hardening/writefail.sh \
	tests/hardening/diskfull.sh tests/hardening/writers.sh
TESTS += $(HARDENING_TESTS)
EXTRA_DIST += $(HARDENING_TESTS) tests/hardening/lib.sh tests/fuzz/build.sh tests/fuzz/run.sh \
	tests/fuzz/trial_reader.dict tests/fuzz/csv_import.dict tests/fuzz/corpus \
	tests/fuzz/experiment.dict tests/fuzz/cli_options.dict \
	tests/fuzz/regressions
$(HARDENING_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) \
	$(TEST_TOOLS) tests/fuzz/replay_trial_reader$(EXEEXT) tests/fuzz/replay_csv_import$(EXEEXT) \
	tests/fuzz/replay_experiment$(EXEEXT) tests/fuzz/replay_cli_options$(EXEEXT)
fuzz:
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/fuzz/build.sh $(abs_top_builddir)/tests/fuzz/libfuzzer
.PHONY: fuzz
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/libfuzzer
.PHONY: clean-fuzz
# Sanitizer builds: Criterion's one lasting allocation is not a leak of ours
# (the MPI programs turn leak checks off themselves: benchmarks/harness.c).
AM_TESTS_ENVIRONMENT += LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp'; \
	export LSAN_OPTIONS;
EXTRA_DIST += tests/lsan.supp tests/hardening/valgrind.sh

# sriovstat plot (plain driver): the numbers in its gnuplot script against
# summary, trialdump and export (no gnuplot needed), and every kind drawn
# as PNG, SVG and PDF (skips without gnuplot). Data from bench/gen_trials.
PLOT_TESTS = tests/plot/script.sh tests/plot/images.sh
TESTS += $(PLOT_TESTS)
EXTRA_DIST += $(PLOT_TESTS) tests/plot/lib.sh
$(PLOT_TESTS:.sh=.log): sriovstat$(EXEEXT) bench/gen_trials$(EXEEXT) $(TEST_TOOLS)

# Bash completion (completions/sriovstat.bash): every option of every
# --help is offered; values and files.
COMPLETION_TESTS = tests/completion/options.sh
TESTS += $(COMPLETION_TESTS)
EXTRA_DIST += $(COMPLETION_TESTS)
$(COMPLETION_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT)
$(COMPLETION_TESTS:.sh=.log): p2p_bw$(EXEEXT)

# mpi_probe: can this environment start MPI ranks at all? The MPI tests skip
# (with the launcher's message) when it cannot, and fail on real failures.
EXTRA_PROGRAMS += tests/tools/mpi_probe
tests_tools_mpi_probe_SOURCES = tests/tools/mpi_probe.c
tests_tools_mpi_probe_CPPFLAGS = $(TEST_CPPFLAGS)
$(MPI_TESTS:.sh=.log): tests/tools/mpi_probe$(EXEEXT)

# Terminal conventions on a pseudo-terminal (script(1)): colours of
# sriovstat, NO_COLOR, progress of sweep and p2p_lat, --quiet.
TERMINAL_TESTS = tests/terminal/tty.sh
TESTS += $(TERMINAL_TESTS)
EXTRA_DIST += $(TERMINAL_TESTS)
$(TERMINAL_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) tests/tools/mpi_probe$(EXEEXT)

# The license: SPDX lines in every source file, COPYING, debian/copyright (DEP-5).
META_TESTS = tests/meta/license.sh
TESTS += $(META_TESTS)
EXTRA_DIST += $(META_TESTS)
# The layers (HACKING.md, "Layers": who may include whom) and the size limits
# (800 lines a file, 100 a function, or a row in HACKING.md's "Exceptions").
META_TESTS += %reldir%/meta/layers.sh %reldir%/meta/sizes.sh
EXTRA_DIST += %reldir%/meta/layers.sh %reldir%/meta/sizes.sh %reldir%/meta/funclen.py

# The in-place append of trial files: faults at every I/O call, concurrent
# appenders and readers, version 1 and `sriovstat upgrade` (issue 17).
APPEND_TESTS = tests/cli/append.sh tests/cli/threads.sh
TESTS += $(APPEND_TESTS)
EXTRA_DIST += $(APPEND_TESTS)
$(APPEND_TESTS:.sh=.log): sriovstat$(EXEEXT) tests/tools/append_trial$(EXEEXT)

# The README's example commands, run as written (small trial and iteration counts).
README_TESTS = tests/readme/commands.sh
TESTS += $(README_TESTS)
EXTRA_DIST += $(README_TESTS)
$(README_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) tests/tools/mpi_probe$(EXEEXT)
