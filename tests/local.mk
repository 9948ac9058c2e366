# SPDX-License-Identifier: BSD-3-Clause
# %reldir%/: Criterion unit tests (TAP through automake's tap-driver), MPI
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

# Unit tests: each %reldir%/unit/test_NAME.c is one Criterion program.
UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -DTEST_DATA_DIR='"$(abs_top_srcdir)/%reldir%/data"'
UNIT_LIBS = $(STATS_LIBS) $(CRITERION_LIBS)
SYS_UNIT_LIBS = $(top_builddir)/sys/libsys.a $(UNIT_LIBS)
BENCH_UNIT_LIBS = $(top_builddir)/benchmarks/libbench.a $(SYS_UNIT_LIBS)

if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_trial
%canon_reldir%_unit_test_trial_SOURCES = %reldir%/unit/test_trial.c
%canon_reldir%_unit_test_trial_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_trial_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_trial_LDADD = $(UNIT_LIBS)

check_PROGRAMS += %reldir%/unit/test_bench_opts %reldir%/unit/test_bench_stats \
	%reldir%/unit/test_fingerprint
%canon_reldir%_unit_test_bench_opts_SOURCES = %reldir%/unit/test_bench_opts.c
%canon_reldir%_unit_test_bench_opts_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_bench_opts_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_bench_opts_LDADD = $(BENCH_UNIT_LIBS)
%canon_reldir%_unit_test_bench_stats_SOURCES = %reldir%/unit/test_bench_stats.c
%canon_reldir%_unit_test_bench_stats_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_bench_stats_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_bench_stats_LDADD = $(BENCH_UNIT_LIBS)
%canon_reldir%_unit_test_fingerprint_SOURCES = %reldir%/unit/test_fingerprint.c
%canon_reldir%_unit_test_fingerprint_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_fingerprint_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_fingerprint_LDADD = $(BENCH_UNIT_LIBS)
endif

# The unsigned-integer parser (stats/strparse.c).
if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_strparse
%canon_reldir%_unit_test_strparse_SOURCES = %reldir%/unit/test_strparse.c
%canon_reldir%_unit_test_strparse_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_strparse_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_strparse_LDADD = $(UNIT_LIBS)
endif

# check_PROGRAMS holds only Criterion programs: each is a test.
TESTS += $(check_PROGRAMS)

# Tools the shell tests use (built before those tests run, not tests themselves).
EXTRA_PROGRAMS += %reldir%/tools/trialdump
CLEANFILES += $(EXTRA_PROGRAMS)
%canon_reldir%_tools_trialdump_SOURCES = %reldir%/tools/trialdump.c
%canon_reldir%_tools_trialdump_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_tools_trialdump_LDADD = $(STATS_LIBS)
TEST_TOOLS = %reldir%/tools/trialdump$(EXEEXT)
EXTRA_PROGRAMS += %reldir%/tools/append_trial
%canon_reldir%_tools_append_trial_SOURCES = %reldir%/tools/append_trial.c
%canon_reldir%_tools_append_trial_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_tools_append_trial_LDADD = $(STATS_LIBS)

# MPI integration tests (plain driver: exit 77 = skip).
MPI_TESTS = %reldir%/mpi/p2p_lat.sh %reldir%/mpi/coll_lat.sh
TESTS += $(MPI_TESTS)
EXTRA_DIST += $(MPI_TESTS) %reldir%/mpi/common.sh
$(MPI_TESTS:.sh=.log): $(TEST_TOOLS) p2p_lat$(EXEEXT) coll_lat$(EXEEXT)
# p2p_bw (bandwidth, several pairs)
MPI_TESTS += %reldir%/mpi/p2p_bw.sh
# a trial whose metadata lost a value to a failed allocation is not written
MPI_TESTS += %reldir%/mpi/json_oom.sh
$(MPI_TESTS:.sh=.log): p2p_bw$(EXEEXT) sriovstat$(EXEEXT)

EXTRA_DIST += %reldir%/data

# Statistics engine (stats/desc, htest, analysis); references in %reldir%/data/ref.
if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_desc %reldir%/unit/test_htest %reldir%/unit/test_analysis
%canon_reldir%_unit_test_desc_SOURCES = %reldir%/unit/test_desc.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_desc_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_desc_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_desc_LDADD = $(UNIT_LIBS)
%canon_reldir%_unit_test_htest_SOURCES = %reldir%/unit/test_htest.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_htest_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_htest_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_htest_LDADD = $(UNIT_LIBS)
%canon_reldir%_unit_test_analysis_SOURCES = %reldir%/unit/test_analysis.c
%canon_reldir%_unit_test_analysis_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_analysis_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_analysis_LDADD = $(UNIT_LIBS)
check_PROGRAMS += %reldir%/unit/test_effect %reldir%/unit/test_verdict
check_PROGRAMS += %reldir%/unit/test_diag
%canon_reldir%_unit_test_diag_SOURCES = %reldir%/unit/test_diag.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_diag_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_diag_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_diag_LDADD = $(UNIT_LIBS)
%canon_reldir%_unit_test_verdict_SOURCES = %reldir%/unit/test_verdict.c
%canon_reldir%_unit_test_verdict_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_verdict_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_verdict_LDADD = $(UNIT_LIBS)
%canon_reldir%_unit_test_effect_SOURCES = %reldir%/unit/test_effect.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_effect_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_effect_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_effect_LDADD = $(UNIT_LIBS)
check_PROGRAMS += %reldir%/unit/test_power
%canon_reldir%_unit_test_power_SOURCES = %reldir%/unit/test_power.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_power_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_power_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_power_LDADD = $(UNIT_LIBS)
check_PROGRAMS += %reldir%/unit/test_pctci
%canon_reldir%_unit_test_pctci_SOURCES = %reldir%/unit/test_pctci.c %reldir%/unit/refdata.c %reldir%/unit/refdata.h
%canon_reldir%_unit_test_pctci_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_pctci_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_pctci_LDADD = $(UNIT_LIBS)
check_PROGRAMS += %reldir%/unit/test_setup
%canon_reldir%_unit_test_setup_SOURCES = %reldir%/unit/test_setup.c
%canon_reldir%_unit_test_setup_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_setup_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_setup_LDADD = $(UNIT_LIBS)
endif

# Interrupt coalescing (sys/coalesce.c); replies in %reldir%/data/coalesce.
if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_coalesce
%canon_reldir%_unit_test_coalesce_SOURCES = %reldir%/unit/test_coalesce.c
%canon_reldir%_unit_test_coalesce_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_coalesce_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_coalesce_LDADD = $(SYS_UNIT_LIBS)
endif

# sriovstat CLI tests (plain driver): expected outputs in %reldir%/cli/expected,
# fixtures in %reldir%/data/cli (shipped with %reldir%/data above).
CLI_TESTS = %reldir%/cli/diagnostics.sh %reldir%/cli/usage.sh %reldir%/cli/outputs.sh %reldir%/cli/reference.sh \
	%reldir%/cli/bad_input.sh %reldir%/cli/import_export.sh %reldir%/cli/verdicts.sh %reldir%/cli/import_tools.sh \
	%reldir%/cli/hostile.sh %reldir%/cli/recipes.sh %reldir%/cli/matrix.sh \
	%reldir%/cli/columns.sh
CLI_TESTS += %reldir%/cli/plan.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) %reldir%/cli/lib.sh %reldir%/cli/expected %reldir%/checks.sh
$(CLI_TESTS:.sh=.log): sriovstat$(EXEEXT)
# import_tools.sh reads its results with trialdump: build it first (-j2 ran
# the test before any other test had built it).
$(CLI_TESTS:.sh=.log): $(TEST_TOOLS)

# sriovstat sweep: the experiment parser, plan and resume logic (Criterion,
# linking sweep/libsweep.a), and sweeps run for real (plain driver, exit
# 77 = skip; coalesce.sh needs root and ip netns).
if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_experiment
%canon_reldir%_unit_test_experiment_SOURCES = %reldir%/unit/test_experiment.c
%canon_reldir%_unit_test_experiment_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_experiment_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_experiment_LDADD = $(top_builddir)/sweep/libsweep.a $(SYS_UNIT_LIBS)
endif
SWEEP_TESTS = %reldir%/sweep/p2p.sh %reldir%/sweep/app.sh %reldir%/sweep/bad.sh \
	%reldir%/sweep/fail.sh %reldir%/sweep/signal.sh %reldir%/sweep/coalesce.sh \
	%reldir%/sweep/examples.sh
SWEEP_TESTS += %reldir%/sweep/grid.sh
# A sweep owns what it runs; a lost or damaged record is an error (issue 18).
SWEEP_TESTS += %reldir%/sweep/recover.sh
TESTS += $(SWEEP_TESTS)
EXTRA_DIST += $(SWEEP_TESTS) %reldir%/sweep/lib.sh
$(SWEEP_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) $(TEST_TOOLS)

# verbs_lat and the adapter fingerprint: device-free unit tests (always),
# sysfs trees in %reldir%/data/sysfs-{pf,vf}, and the MPI test (skips without
# an RDMA device; also checks the fingerprint of a p2p_lat trial).
BENCH_UNIT_LIBS += $(IBVERBS_LIBS)
if HAVE_CRITERION
check_PROGRAMS += %reldir%/unit/test_verbs_opts %reldir%/unit/test_verbs_xchg \
	%reldir%/unit/test_verbs_meas %reldir%/unit/test_rdma_fp
%canon_reldir%_unit_test_verbs_opts_SOURCES = %reldir%/unit/test_verbs_opts.c
%canon_reldir%_unit_test_verbs_opts_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_verbs_opts_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_verbs_opts_LDADD = $(BENCH_UNIT_LIBS)
%canon_reldir%_unit_test_verbs_xchg_SOURCES = %reldir%/unit/test_verbs_xchg.c
%canon_reldir%_unit_test_verbs_xchg_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_verbs_xchg_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_verbs_xchg_LDADD = $(BENCH_UNIT_LIBS)
%canon_reldir%_unit_test_verbs_meas_SOURCES = %reldir%/unit/test_verbs_meas.c
%canon_reldir%_unit_test_verbs_meas_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_verbs_meas_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_verbs_meas_LDADD = $(BENCH_UNIT_LIBS)
%canon_reldir%_unit_test_rdma_fp_SOURCES = %reldir%/unit/test_rdma_fp.c
%canon_reldir%_unit_test_rdma_fp_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_unit_test_rdma_fp_CFLAGS = $(UNIT_CFLAGS)
%canon_reldir%_unit_test_rdma_fp_LDADD = $(BENCH_UNIT_LIBS)
endif
MPI_TESTS += %reldir%/mpi/verbs_lat.sh
# verbs_bw: misuse and the no-device path anywhere; runs with a device.
MPI_TESTS += %reldir%/mpi/verbs_bw.sh

# Simulated cluster (%reldir%/cluster): network namespaces on a bridge as hosts,
# hydra launching ranks into them. Root and MPICH only; the tests skip (77)
# and say why otherwise. trialq prints trial fields for them.
EXTRA_PROGRAMS += %reldir%/cluster/trialq
%canon_reldir%_cluster_trialq_SOURCES = %reldir%/cluster/trialq.c
%canon_reldir%_cluster_trialq_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_cluster_trialq_LDADD = $(STATS_LIBS)
CLUSTER_TESTS = %reldir%/cluster/hosts.sh %reldir%/cluster/p2p_nodes.sh \
	%reldir%/cluster/coll_nodes.sh %reldir%/cluster/compare_tcp.sh
# sweep with node settings on two hosts (tap coalescing, per-namespace sysctl)
CLUSTER_TESTS += %reldir%/cluster/sweep_nodes.sh
# a real Slurm (slurm-wlm, munge) on the hosts: doc/multinode.md's commands
CLUSTER_TESTS += %reldir%/cluster/slurm_runs.sh
# doc/multinode.md's hydra section (-hosts, -f hostfile, -genv) on four hosts
CLUSTER_TESTS += %reldir%/cluster/hydra_runs.sh
# doc/multinode.md's "Trying it on one machine" (cluster.sh run directly)
CLUSTER_TESTS += %reldir%/cluster/doc_try.sh
# a sweep reaching hosts over real ssh (an sshd per host) and pdsh
CLUSTER_TESTS += %reldir%/cluster/reach_ssh.sh
EXTRA_DIST += %reldir%/cluster/slurm.sh
TESTS += $(CLUSTER_TESTS)
EXTRA_DIST += $(CLUSTER_TESTS) %reldir%/cluster/cluster.sh %reldir%/cluster/launch.sh \
	%reldir%/cluster/common.sh
$(CLUSTER_TESTS:.sh=.log): %reldir%/cluster/trialq$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) \
	sriovstat$(EXEEXT)

# Hardening (%reldir%/hardening): the bad-file catalogue (%reldir%/data/bad), the
# fuzz targets' entry points replayed without libFuzzer on every crash they
# found (%reldir%/fuzz/regressions) and their seeds, and runs that are killed,
# run concurrently or meet a full or read-only disk. `make fuzz` builds the
# libFuzzer targets with clang (%reldir%/fuzz/build.sh; run them with run.sh).
EXTRA_PROGRAMS += %reldir%/fuzz/replay_trial_reader %reldir%/fuzz/replay_csv_import
%canon_reldir%_fuzz_replay_trial_reader_SOURCES = %reldir%/fuzz/replay.c %reldir%/fuzz/fuzz_trial_reader.c
%canon_reldir%_fuzz_replay_trial_reader_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_fuzz_replay_trial_reader_LDADD = $(STATS_LIBS)
%canon_reldir%_fuzz_replay_csv_import_SOURCES = %reldir%/fuzz/replay.c %reldir%/fuzz/fuzz_csv_import.c
%canon_reldir%_fuzz_replay_csv_import_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_fuzz_replay_csv_import_LDADD = $(REPORT_LIBS)
# The experiment-file parser and the option parsers (issue 18).
EXTRA_PROGRAMS += %reldir%/fuzz/replay_experiment %reldir%/fuzz/replay_cli_options
%canon_reldir%_fuzz_replay_experiment_SOURCES = %reldir%/fuzz/replay.c %reldir%/fuzz/fuzz_experiment.c
%canon_reldir%_fuzz_replay_experiment_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_fuzz_replay_experiment_LDADD = $(SWEEP_LIBS)
%canon_reldir%_fuzz_replay_cli_options_SOURCES = %reldir%/fuzz/replay.c %reldir%/fuzz/fuzz_cli_options.c
%canon_reldir%_fuzz_replay_cli_options_CPPFLAGS = $(TEST_CPPFLAGS)
%canon_reldir%_fuzz_replay_cli_options_LDADD = $(REPORT_LIBS) $(BENCH_LIBS)
HARDENING_TESTS = %reldir%/hardening/bad_files.sh %reldir%/hardening/fuzz_regressions.sh \
	%reldir%/hardening/signals.sh %reldir%/hardening/concurrent.sh %reldir%/hardening/writefail.sh \
	%reldir%/hardening/diskfull.sh %reldir%/hardening/writers.sh \
	%reldir%/hardening/interrupt.sh %reldir%/hardening/checkpoint.sh
TESTS += $(HARDENING_TESTS)
EXTRA_DIST += $(HARDENING_TESTS) %reldir%/hardening/lib.sh %reldir%/fuzz/build.sh %reldir%/fuzz/run.sh \
	%reldir%/fuzz/trial_reader.dict %reldir%/fuzz/csv_import.dict %reldir%/fuzz/corpus \
	%reldir%/fuzz/experiment.dict %reldir%/fuzz/cli_options.dict \
	%reldir%/fuzz/regressions
$(HARDENING_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) \
	$(TEST_TOOLS) %reldir%/fuzz/replay_trial_reader$(EXEEXT) %reldir%/fuzz/replay_csv_import$(EXEEXT) \
	%reldir%/fuzz/replay_experiment$(EXEEXT) %reldir%/fuzz/replay_cli_options$(EXEEXT)
fuzz:
	$(AM_V_GEN)$(SHELL) $(srcdir)/%reldir%/fuzz/build.sh $(abs_top_builddir)/%reldir%/fuzz/libfuzzer
.PHONY: fuzz
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf %reldir%/fuzz/libfuzzer
.PHONY: clean-fuzz
# Sanitizer builds: Criterion's one lasting allocation is not a leak of ours
# (the MPI programs turn leak checks off themselves: benchmarks/harness.c).
AM_TESTS_ENVIRONMENT += LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/%reldir%/lsan.supp'; \
	export LSAN_OPTIONS;
EXTRA_DIST += %reldir%/lsan.supp %reldir%/hardening/valgrind.sh

# sriovstat plot (plain driver): the numbers in its gnuplot script against
# summary, trialdump and export (no gnuplot needed), and every kind drawn
# as PNG, SVG and PDF (skips without gnuplot). Data from bench/gen_trials.
PLOT_TESTS = %reldir%/plot/script.sh %reldir%/plot/images.sh
TESTS += $(PLOT_TESTS)
EXTRA_DIST += $(PLOT_TESTS) %reldir%/plot/lib.sh
$(PLOT_TESTS:.sh=.log): sriovstat$(EXEEXT) bench/gen_trials$(EXEEXT) $(TEST_TOOLS)

# Bash completion (completions/sriovstat.bash): every option of every
# --help is offered; values and files.
COMPLETION_TESTS = %reldir%/completion/options.sh
TESTS += $(COMPLETION_TESTS)
EXTRA_DIST += $(COMPLETION_TESTS)
$(COMPLETION_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT)
$(COMPLETION_TESTS:.sh=.log): p2p_bw$(EXEEXT)

# mpi_probe: can this environment start MPI ranks at all? The MPI tests skip
# (with the launcher's message) when it cannot, and fail on real failures.
EXTRA_PROGRAMS += %reldir%/tools/mpi_probe
%canon_reldir%_tools_mpi_probe_SOURCES = %reldir%/tools/mpi_probe.c
%canon_reldir%_tools_mpi_probe_CPPFLAGS = $(TEST_CPPFLAGS)
$(MPI_TESTS:.sh=.log): %reldir%/tools/mpi_probe$(EXEEXT)

# Terminal conventions on a pseudo-terminal (script(1)): colours of
# sriovstat, NO_COLOR, progress of sweep and p2p_lat, --quiet.
TERMINAL_TESTS = %reldir%/terminal/tty.sh
TESTS += $(TERMINAL_TESTS)
EXTRA_DIST += $(TERMINAL_TESTS)
$(TERMINAL_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) %reldir%/tools/mpi_probe$(EXEEXT)

# The license: SPDX lines in every source file, COPYING, debian/copyright (DEP-5).
META_TESTS = %reldir%/meta/license.sh
TESTS += $(META_TESTS)
EXTRA_DIST += $(META_TESTS)
# The layers (HACKING.md, "Layers": who may include whom) and the size limits
# (800 lines a file, 100 a function, or a row in HACKING.md's "Exceptions").
META_TESTS += %reldir%/meta/layers.sh %reldir%/meta/sizes.sh %reldir%/meta/format.sh
EXTRA_DIST += %reldir%/meta/layers.sh %reldir%/meta/sizes.sh %reldir%/meta/funclen.py

# The in-place append of trial files: faults at every I/O call, concurrent
# appenders and readers, version 1 and `sriovstat upgrade` (issue 17).
APPEND_TESTS = %reldir%/cli/append.sh %reldir%/cli/threads.sh %reldir%/cli/checkpoint.sh
TESTS += $(APPEND_TESTS)
EXTRA_DIST += $(APPEND_TESTS)
$(APPEND_TESTS:.sh=.log): sriovstat$(EXEEXT) %reldir%/tools/append_trial$(EXEEXT)

# The README's example commands, run as written (small trial and iteration counts).
README_TESTS = %reldir%/readme/commands.sh
TESTS += $(README_TESTS)
EXTRA_DIST += $(README_TESTS)
$(README_TESTS:.sh=.log): sriovstat$(EXEEXT) p2p_lat$(EXEEXT) coll_lat$(EXEEXT) %reldir%/tools/mpi_probe$(EXEEXT)
